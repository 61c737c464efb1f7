"""Renderers: finished reports (and rule metadata) in, text out.

:data:`RENDERERS` is the explicit registry of output formats, by name; :data:`FORMATS` lists
them. ``text`` is the terminal report (rich, loaded on first use), ``json`` one JSON document,
``jsonl`` JSON Lines. Every renderer follows :class:`~detector.render.base.Renderer`: ``start``,
``add`` per report, ``finish``.

    >>> renderer = get_renderer("jsonl")(sys.stdout)
    >>> renderer.start(); renderer.add(report); renderer.finish()
"""

from __future__ import annotations

import difflib

from detector.errors import ConfigError
from detector.render.base import Renderer
from detector.render.concise import ConciseRenderer
from detector.render.console import TextRenderer
from detector.render.github import GithubRenderer
from detector.render.json import JsonlRenderer, JsonRenderer
from detector.render.junit import JunitRenderer
from detector.render.markdown import MarkdownRenderer
from detector.render.sarif import SarifRenderer

__all__ = ["FORMATS", "RENDERERS", "Renderer", "get_renderer"]

RENDERERS: dict[str, type[Renderer]] = {
    renderer.name: renderer
    for renderer in (
        TextRenderer,
        JsonRenderer,
        JsonlRenderer,
        ConciseRenderer,
        GithubRenderer,
        SarifRenderer,
        JunitRenderer,
        MarkdownRenderer,
    )
}

#: The output formats, in registry order.
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def get_renderer(name: str) -> type[Renderer]:
    """Return the renderer class registered as ``name``; ConfigError with a suggestion if none."""
    try:
        return RENDERERS[name]
    except KeyError:
        close = difflib.get_close_matches(name, FORMATS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(
            f"unknown output format {name!r}{hint}; choose one of {', '.join(FORMATS)}"
        ) from None
