"""The article that flows through detector: what was read, before any judgement.

Loaders build an :class:`Article`; the classifier and the checks read it and never change it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detector.suppressions import Directive

__all__ = ["Article", "Block", "Failure", "Origin", "Paragraph"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article came from: the input as given and, for a record, its place in it.

    ``input`` is the path, URL or ``<stdin>`` as given; ``record`` the 1-based record number in
    a multi-record input; ``line`` the 1-based line of the file where the record starts (JSON
    Lines); ``row`` the 1-based data row (CSV, Parquet); ``record_id`` a WARC-Record-ID or
    another stable id the record carries; ``offset`` the byte offset of a WARC record.
    """

    input: str
    record: int | None = None
    line: int | None = None
    row: int | None = None
    record_id: str | None = None
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the origin."""
        return {
            "input": self.input,
            "record": self.record,
            "line": self.line,
            "row": self.row,
            "record_id": self.record_id,
            "offset": self.offset,
        }


@dataclass(frozen=True, slots=True)
class Block:
    """Where an HTML paragraph sat in the page: the DOM facts the classifier weighs.

    ``path`` is the chain of tag names from ``<body>`` down (``div>article>p``) and ``attrs`` the
    class and id words met on that chain, lower-cased. ``link_chars`` counts the characters of the
    paragraph that sit inside ``<a>`` elements. ``extracted`` is True when trafilatura's main text
    contains the paragraph: one signal among many, never the verdict. ``landmarks`` lists the
    page-region elements (``header``, ``nav``, ``main``, ``article``, ``aside``, ``footer``) on the
    whole chain from ``<body>`` down, outermost first (``main>article>header``): where on the page
    the block sits, whatever the depth of ``path``. ``hidden`` is True for a block of markup
    hidden until a script runs (``hidden``, inline ``display:none``, ``<template>``), read because
    it holds the article and the visible page does not.
    """

    tag: str
    path: str
    attrs: str = ""
    link_chars: int = 0
    links: int = 0
    extracted: bool = False
    landmarks: str = ""
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One unit the classifier judges: a line of plain text, or a visible text block of a page.

    ``index`` is 0-based among the article's paragraphs; ``line`` and ``end_line`` are the 1-based
    first and last lines of the file, as a person opens it, that the paragraph spans (for HTML,
    the lines of its first and last visible characters in the source; for a JSON Lines record,
    the record's line for every paragraph), or None when the input has no lines to speak of (a
    JSON array's records). ``start`` and ``end`` are character offsets of the paragraph in the
    decoded input (``end`` exclusive), where the input has them.
    """

    index: int
    text: str
    line: int | None = None
    block: Block | None = None
    end_line: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An article as read: its paragraphs in order and the metadata its source declared.

    ``title`` and ``date`` are what the source stamps (front matter, HTML metadata, a JSON field),
    not what the text says; ``date`` is ISO ``YYYY-MM-DD``. ``meta`` keeps every other declared
    value with its provenance as key (``og:title``, ``html:title``, ``url_date``, ...).
    ``main_text`` is an extractor's view of the body when the input was HTML. ``origin`` says
    where the article came from (every loader sets it); ``directives`` are the inline
    suppression directives its source carried, handed to the engine as data.
    """

    source: str
    paragraphs: tuple[Paragraph, ...]
    format: str = "text"
    title: str | None = None
    date: str | None = None
    url: str | None = None
    site: str | None = None
    meta: Mapping[str, str] = field(default_factory=dict)
    main_text: str | None = None
    origin: Origin | None = None
    directives: tuple[Directive, ...] = ()

    @property
    def text(self) -> str:
        """The paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def has_lines(self) -> bool:
        """Whether paragraph locations are line numbers of the input."""
        return any(p.line is not None for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input, or one record of it, that could not be read; a batch reports it and goes on.

    ``message`` is the one-line reason, naming the input (and line or row); ``exception`` is the
    error raised, kept for ``--debug`` and left out of comparisons.
    """

    origin: Origin
    message: str
    exception: BaseException | None = field(default=None, compare=False, repr=False)
