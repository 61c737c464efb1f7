"""The article that flows through detector: what was read, before any judgement.

Loaders build an :class:`Article`; the classifier and the checks read it and never change it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Article", "Block", "Paragraph"]


@dataclass(frozen=True, slots=True)
class Block:
    """Where an HTML paragraph sat in the page: the DOM facts the classifier weighs.

    ``path`` is the chain of tag names from ``<body>`` down (``div>article>p``) and ``attrs`` the
    class and id words met on that chain, lower-cased. ``link_chars`` counts the characters of the
    paragraph that sit inside ``<a>`` elements. ``extracted`` is True when trafilatura's main text
    contains the paragraph: one signal among many, never the verdict. ``landmarks`` lists the
    page-region elements (``header``, ``nav``, ``main``, ``article``, ``aside``, ``footer``) on the
    whole chain from ``<body>`` down, outermost first (``main>article>header``): where on the page
    the block sits, whatever the depth of ``path``.
    """

    tag: str
    path: str
    attrs: str = ""
    link_chars: int = 0
    links: int = 0
    extracted: bool = False
    landmarks: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One unit the classifier judges: a line of plain text, or a visible text block of a page.

    ``index`` is 0-based among the article's paragraphs; ``line`` is the 1-based line in the input
    where the paragraph starts (for HTML, where its first visible character stands in the source),
    or None when the input has no lines to speak of (a JSON record's ``html``).
    """

    index: int
    text: str
    line: int | None = None
    block: Block | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An article as read: its paragraphs in order and the metadata its source declared.

    ``title`` and ``date`` are what the source stamps (front matter, HTML metadata, a JSON field),
    not what the text says; ``date`` is ISO ``YYYY-MM-DD``. ``meta`` keeps every other declared
    value with its provenance as key (``og:title``, ``html:title``, ``url_date``, ...).
    ``main_text`` is an extractor's view of the body when the input was HTML.
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

    @property
    def text(self) -> str:
        """The paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def has_lines(self) -> bool:
        """Whether paragraph locations are line numbers of the input."""
        return any(p.line is not None for p in self.paragraphs)
