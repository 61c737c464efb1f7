"""Read an HTML page: every visible text block, with its place in the DOM and the page's metadata.

The classifier must see every block a reader would see, not only what an extractor keeps, so it
can judge boilerplate itself. The segmentation reproduces the block list of the scrapinghub
article-extraction benchmark pages as prepared in ``shared/corpora/scrapinghub/paragraphs.jsonl``
(measured by ``training/check_segmentation.py``):

* block elements (``p``, ``div``, ``li``, ``td``, ``h1``-``h6``, ``br``, ``button``, ...) start and
  end a block; inline elements (``a``, ``span``, ``b``, ``em``, ...) do not, so their text runs on;
* ``<head>``, scripts, styles, ``noscript``, ``svg``, ``math`` and ``select`` are not text;
  ``aria-hidden`` is kept (screen readers skip it, eyes do not); a ``<title>`` that a broken page
  leaves in the body is a block;
* a ``<template>`` and anything ``hidden`` or styled ``display:none``/``visibility:hidden`` inline
  is left out, unless it holds the article and the visible page does not (a paywall or a
  client framework reveals it once a script runs): then its blocks are added where they stand,
  marked ``hidden`` (:func:`with_hidden`);
* whitespace collapses to single spaces; a block needs two characters and a letter or digit;
* a block's ``line`` is the source line where its first visible character stands and its
  ``end_line`` the line of its last, so findings on an HTML file point into it (editors, CI
  annotations).

trafilatura then supplies the main text (to mark blocks it would keep) and, with htmldate, the
metadata.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
import warnings
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from detector.article import Article, Block, Origin, Paragraph
from detector.errors import LoadError
from detector.limits import DEFAULT_LIMITS, Limits, check_paragraph_count

if TYPE_CHECKING:
    from trafilatura.settings import Document

__all__ = [
    "Segment",
    "extracted_flags",
    "parse_document",
    "parse_html",
    "parse_page",
    "segment",
    "segment_page",
    "url_date",
    "url_month",
    "with_hidden",
]

logger = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    """address article aside blockquote body br button caption center dd details dialog dir div
    dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html
    iframe legend li main menu nav noframes ol option p pre section summary table tbody td textarea
    tfoot th thead title tr ul""".split()
)
#: Elements that name a region of the page (the HTML sectioning and landmark elements).
LANDMARK_TAGS = frozenset("header nav main article aside footer".split())
SKIP_TAGS = frozenset("head script style noscript template svg math select datalist".split())
MAX_PATH_DEPTH = 12
MAX_ATTR_WORDS = 30
# Blocks with fewer words must match a whole line, list item or cell of the main text.
SHORT_BLOCK_WORDS = 4
# Blocks at least this long count as extracted when most of their words appear, in order, in the
# main text: trafilatura rewrites some blocks slightly (drops a child, joins cells).
LONG_BLOCK_CHARS = 80
IN_ORDER_SHARE = 0.8

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A date in the URL path, as htmldate's COMPLETE_URL pattern: /2023/06/03/, 2023-06-03, 2023_6_3.
_URL_DATE = re.compile(r"\D((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:\D|$)")
#: A year and a month as two folders of a path (``/2010/05/``), not followed by a day folder.
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(?!\d)")
# A browser that runs scripts reads <noscript> as raw text up to the first </noscript>; libxml2
# parses it as markup and, when a tag inside is left open, swallows the rest of the page into it.
# So noscript elements are cut from the text before parsing, skipping over scripts and comments
# (which may spell "<noscript>" themselves).
_HAS_NOSCRIPT = re.compile("<noscript", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_NOSCRIPT = re.compile(
    r"<!--.*?-->|<script\b.*?</script\s*>|<noscript\b.*?</noscript\s*>", re.IGNORECASE | re.DOTALL
)
# huge_tree lifts libxml2's nesting limit from 256 to 2048: pages full of unclosed inline tags
# nest deeper than 256, and libxml2 silently drops everything past the limit.
# libxml2's HTML parser never loads a DTD or an external entity (no_network is also lxml's
# default); tests/test_security.py holds it to that.
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_blank_text=False, huge_tree=True, no_network=True
)
#: A hidden subtree is a candidate with this many words of prose; hidden ones together must
#: hold at least MIN_HIDDEN_PROSE (the minimum story of checks.size) and outweigh the visible.
HIDDEN_SUBTREE_WORDS = 30
MIN_HIDDEN_PROSE = 50
PROSE_BLOCK_WORDS = 12
HIDDEN_OVER_VISIBLE = 2
#: With this many words of visible prose the visible page holds a story: nothing hidden is read.
MAX_VISIBLE_PROSE = 200
#: Class and id stems of hidden widgets, which are furniture whatever they hold.
_HIDDEN_FURNITURE = re.compile(
    r"popup|pop-up|modal|menu|nav|dropdown|tooltip|cookie|consent|comment|newsletter|signup|"
    r"login|search|share|related"
)
#: Metadata that makes a page with no visible text an article still (title, description, date,
#: from meta tags, Open Graph or JSON-LD as trafilatura reads them): it gets a report, SZ002.
DECLARING_KEYS = ("html:title", "og:title", "meta:description", "meta:date")
# Deepest nesting read as it is: libxml2 drops what lies past 2,048 levels, so deeper pages are
# flattened (detector.loaders.flatten) a little above that at the latest.
MAX_DEPTH = 2000


@dataclass(frozen=True, slots=True)
class Segment:
    """One visible text block of a page before it becomes a Paragraph."""

    text: str
    tag: str
    path: str
    attrs: str
    link_chars: int
    links: int
    line: int | None = None
    landmarks: str = ""
    end_line: int | None = None
    hidden: bool = False


def parse_document(text: str, source: str) -> lxml.html.HtmlElement:
    """Parse HTML text into an lxml document tree; raise LoadError when nothing parses."""
    if _HAS_NOSCRIPT.search(text):
        text = _NOSCRIPT.sub(_drop_noscript, text)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as err:
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise LoadError(f"{source}: cannot parse HTML ({message})") from None


def _drop_noscript(match: re.Match[str]) -> str:
    # Keep the line breaks of what is cut, so that source lines stay true.
    text = match.group(0)
    return "\n" * text.count("\n") if text[1:2] in "nN" else text


def segment(tree: lxml.html.HtmlElement) -> list[Segment]:
    """List the visible text blocks of ``tree`` in document order."""
    return _Segmenter().run(tree)


def parse_page(
    text: str, source: str, *, max_depth: int = MAX_DEPTH
) -> tuple[lxml.html.HtmlElement, list[Segment]]:
    """Parse and segment a page; past ``max_depth`` levels (at most 2,000), flatten and reparse.

    ``max_depth`` 0 means libxml2's own limit; text nested deeper is kept either way.
    """
    depth = min(max_depth, MAX_DEPTH) if max_depth else MAX_DEPTH
    tree = parse_document(text, source)
    try:
        segmenter = _Segmenter(depth)
        segments = segmenter.run(tree)
    except _TooDeep:
        from detector.loaders.flatten import flatten

        logger.debug("%s: nested deeper than %d levels, flattened", source, depth)
        tree = parse_document(flatten(text, depth, BLOCK_TAGS), source)
        segmenter = _Segmenter()
        segments = segmenter.run(tree)
    hidden = segmenter.hidden
    if _HAS_NOSCRIPT.search(text):
        hidden = _with_noscript(hidden, segments, text)
    return tree, with_hidden(segments, hidden)


def _with_noscript(
    hidden: list[tuple[int, lxml.html.HtmlElement]], segments: list[Segment], text: str
) -> list[tuple[int, lxml.html.HtmlElement]]:
    """Add the ``<noscript>`` elements that may hold prose to the hidden subtrees.

    parse_document cuts them from the page (see ``_NOSCRIPT``); each is parsed here on its own,
    behind as many line breaks as precede it, so that its blocks keep their source lines, and
    placed among the blocks by line.
    """
    found = list(hidden)
    lines = [s.line or 0 for s in segments]
    for match in _NOSCRIPT.finditer(text):
        raw = match.group(0)
        if raw[1:2] not in "nN":
            continue
        inner = raw[raw.index(">") + 1 : raw.lower().rindex("</noscript")]
        if len(_TAG.sub(" ", inner).split()) < HIDDEN_SUBTREE_WORDS:
            continue
        line = text.count("\n", 0, match.start()) + 1
        try:
            root = lxml.html.fragment_fromstring(
                "\n" * (line - 1) + inner, create_parent="noscript", parser=_PARSER
            )
        except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
            continue
        found.append((bisect.bisect_right(lines, line), root))
    return sorted(found, key=lambda item: item[0])


def with_hidden(
    segments: list[Segment], hidden: list[tuple[int, lxml.html.HtmlElement]]
) -> list[Segment]:
    """Add the blocks of hidden subtrees that hold the article when the visible page does not.

    Text hidden until a script runs (a paywall ``div`` shown after login, a ``<template>`` or a
    ``hidden`` element that a client framework fills in and reveals) is the story on some pages.
    trafilatura drops hidden elements only while what is left holds more than a seventh of the
    page's text (``prune_unwanted_nodes(with_backup=True)``); this judges the prose itself: a
    hidden subtree with at least :data:`HIDDEN_SUBTREE_WORDS` words of prose (blocks of
    :data:`PROSE_BLOCK_WORDS` words or more) is added, its blocks marked ``hidden``, when the
    visible blocks hold fewer than :data:`MAX_VISIBLE_PROSE` words of prose and such
    subtrees together hold at least :data:`MIN_HIDDEN_PROSE` words of prose and twice what the
    visible blocks hold. Hidden menus, modals and tracking pixels hold no prose, or name
    themselves as widgets in their class or id, and stay out; so do hidden copies of visible
    blocks, and hidden text (a consent notice, hidden comments, a second template of the same
    story) on a page whose story is visible.
    """
    visible = _prose_words(segments) if hidden else 0
    if not hidden or visible >= MAX_VISIBLE_PROSE:
        return segments
    seen = {s.text for s in segments}
    candidates = []
    for at, root in hidden:
        if _rough_words(root) < HIDDEN_SUBTREE_WORDS or _furniture(root):
            continue
        blocks = [s for s in _Segmenter().run_hidden(root) if s.text not in seen]
        if _prose_words(blocks) >= HIDDEN_SUBTREE_WORDS:
            candidates.append((at, blocks))
    prose = sum(_prose_words(blocks) for _, blocks in candidates)
    if prose < MIN_HIDDEN_PROSE or prose < HIDDEN_OVER_VISIBLE * visible:
        return segments
    merged: list[Segment] = []
    done = 0
    for at, blocks in candidates:
        merged.extend(segments[done:at])
        merged.extend(blocks)
        done = max(done, at)
    merged.extend(segments[done:])
    return merged


def _furniture(root: lxml.html.HtmlElement) -> bool:
    """Tell whether a hidden element names itself as a widget (a menu, a pop-up, a form)."""
    words = (root.get("class", "") + " " + root.get("id", "")).lower()
    return bool(_HIDDEN_FURNITURE.search(words))


def _prose_words(segments: Iterable[Segment]) -> int:
    """Words in the blocks long enough to be running prose."""
    counts = (len(s.text.split()) for s in segments)
    return sum(n for n in counts if n >= PROSE_BLOCK_WORDS)


def _rough_words(element: lxml.html.HtmlElement) -> int:
    return sum(len(t.split()) for t in element.itertext(with_tail=False))


def segment_page(text: str, source: str, *, max_depth: int = MAX_DEPTH) -> list[Segment]:
    """List the visible text blocks of HTML ``text``, however deeply it nests."""
    return parse_page(text, source, max_depth=max_depth)[1]


def parse_html(
    text: str,
    source: str,
    *,
    url: str | None = None,
    lines: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Article:
    """Build the article of an HTML page: a paragraph per visible block, metadata from the page.

    A page with no visible text but a declared title, description or date is an article with
    no paragraphs (the size check reports it, SZ002); with neither, a LoadError. The description
    stays metadata (``meta:description``) rather than becoming a paragraph: it is the site's
    summary, not text the page shows, and the checks judge what a reader sees.
    ``lines=False`` leaves paragraph lines empty, for HTML that is not a file of its own (a JSON
    record's ``html`` field). Elements nested deeper than ``limits.max_depth`` are flattened (text
    kept); more blocks than ``limits.max_paragraphs`` are refused before trafilatura runs.
    """
    tree, segments = parse_page(text, source, max_depth=limits.max_depth)
    check_paragraph_count(source, len(segments), limits)
    main_text, document = _extract(tree, url, source)
    flags = extracted_flags([s.text for s in segments], main_text or "")
    paragraphs = tuple(
        Paragraph(
            index=i,
            text=s.text,
            line=s.line if lines else None,
            end_line=s.end_line if lines else None,
            block=Block(
                tag=s.tag,
                path=s.path,
                attrs=s.attrs,
                link_chars=s.link_chars,
                links=s.links,
                extracted=flag,
                landmarks=s.landmarks,
                hidden=s.hidden,
            ),
        )
        for i, (s, flag) in enumerate(zip(segments, flags, strict=True))
    )
    page_url = (document.url if document is not None else None) or url
    meta = _page_meta(tree, document, page_url)
    if not paragraphs and not any(key in meta for key in DECLARING_KEYS):
        raise LoadError(
            f"{source}: empty input (no visible text, and no title, description or date in "
            "the HTML's metadata)"
        )
    return Article(
        source=source,
        paragraphs=paragraphs,
        format="html",
        title=_clean(document.title) if document is not None else None,
        date=meta.get("meta:date") or meta.get("htmldate:original"),
        url=page_url,
        site=_clean(document.sitename) if document is not None else None,
        meta=meta,
        main_text=main_text,
        origin=Origin(source),
    )


class _TooDeep(Exception):
    """The tree nests deeper than the segmenter was told to read."""


class _Segmenter:
    """Walk a tree once, gathering the text of each block with its DOM context.

    With ``max_depth``, an element deeper than that raises _TooDeep (libxml2 may have dropped
    what lay below it).
    """

    def __init__(self, max_depth: int = 0) -> None:
        self.max_depth = max_depth
        self.segments: list[Segment] = []
        # Open elements from the root down: (element, tag, class and id words).
        self.chain: list[tuple[object, str, tuple[str, ...]]] = []
        self.blocks: list[int] = []  # positions in chain of the open block elements
        self.anchors: list[int] = []  # ids of the open <a> elements, innermost last
        self.next_anchor = 1
        # Raw text, the id of its <a> (0 outside links) and the source line where it starts.
        self.pieces: list[tuple[str, int, int]] = []
        self.body_at = 0
        # Hidden elements (and templates) skipped, outermost only, with the number of blocks
        # found before them: where their blocks would stand.
        self.hidden: list[tuple[int, lxml.html.HtmlElement]] = []
        # Source line of the parse so far: each element's start tag gives it (lxml's sourceline),
        # and the line breaks of each text run since carry it on.
        self.line = 1

    def run(self, tree: lxml.html.HtmlElement) -> list[Segment]:
        """Return the blocks of ``tree`` in document order."""
        walker = lxml.etree.iterwalk(tree, events=("start", "end", "comment", "pi"))
        for event, element in walker:
            if event == "start":
                tag = element.tag.lower() if isinstance(element.tag, str) else ""
                if tag in SKIP_TAGS or _hidden(element):
                    if tag == "template" or tag not in SKIP_TAGS:
                        pending = any(not raw.isspace() for raw, _, _ in self.pieces)
                        self.hidden.append((len(self.segments) + pending, element))
                    walker.skip_subtree()
                    self._at(element)
                    self.line += sum(t.count("\n") for t in element.itertext(with_tail=False))
                    continue
                self._open(element, tag)
            elif event == "end":
                if self.chain and self.chain[-1][0] is element:
                    self._close(self.chain[-1][1])
                self._text(element.tail)
            else:  # comments and processing instructions: only their tail shows
                self._at(element)
                self.line += (element.text or "").count("\n")
                self._text(element.tail)
        self._flush()
        return self.segments

    def run_hidden(self, root: lxml.html.HtmlElement) -> list[Segment]:
        """Return the blocks of the hidden subtree ``root``, marked hidden, placed in its page.

        The chain starts with ``root``'s ancestors, so that paths, class words and landmarks read
        as they would were the subtree visible; the tail of ``root`` is not part of it.
        """
        for ancestor in reversed(list(root.iterancestors())):
            tag = ancestor.tag.lower() if isinstance(ancestor.tag, str) else ""
            words = tuple(
                (ancestor.get("class", "") + " " + ancestor.get("id", "")).lower().split()
            )
            if tag == "body" and not self.body_at:
                self.body_at = len(self.chain) + 1
            if tag in BLOCK_TAGS:
                self.blocks.append(len(self.chain))
            self.chain.append((ancestor, tag, words))
        depth = len(self.chain)
        walker = lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, element in walker:
            if event == "start":
                tag = element.tag.lower() if isinstance(element.tag, str) else ""
                if tag in SKIP_TAGS and tag != "template" and element is not root:
                    walker.skip_subtree()
                    self._at(element)
                    self.line += sum(t.count("\n") for t in element.itertext(with_tail=False))
                    continue
                self._open(element, tag)
                if element is root:
                    self._flush()  # a hidden inline element still stands apart
            elif event == "end":
                if len(self.chain) > depth and self.chain[-1][0] is element:
                    self._close(self.chain[-1][1])
                if element is not root:
                    self._text(element.tail)
            else:
                self._at(element)
                self.line += (element.text or "").count("\n")
                self._text(element.tail)
        self._flush()
        return [replace(s, hidden=True) for s in self.segments]

    def _anchor(self) -> int:
        return self.anchors[-1] if self.anchors else 0

    def _at(self, element: lxml.html.HtmlElement) -> None:
        """Move the line to where ``element`` starts, when the parser knows it."""
        if element.sourceline:
            self.line = element.sourceline

    def _text(self, raw: str | None) -> None:
        """Take a run of text at the current line and move past its line breaks."""
        if not raw:
            return
        if not self.pieces and raw.isspace():
            # Space before a block's first text shows nowhere (``_join`` would drop it), and
            # most runs of text between tags are such indentation.
            self.line += raw.count("\n")
            return
        stripped = raw.lstrip()
        start = self.line + raw[: len(raw) - len(stripped)].count("\n")
        self.pieces.append((raw, self._anchor(), start))
        self.line += raw.count("\n")

    def _open(self, element: lxml.html.HtmlElement, tag: str) -> None:
        words = tuple((element.get("class", "") + " " + element.get("id", "")).lower().split())
        if tag == "body" and not self.body_at:
            self.body_at = len(self.chain) + 1
        if tag in BLOCK_TAGS:
            self._flush()
            self.blocks.append(len(self.chain))
        self.chain.append((element, tag, words))
        if self.max_depth and len(self.chain) > self.max_depth:
            raise _TooDeep()
        if tag == "a":
            self.anchors.append(self.next_anchor)
            self.next_anchor += 1
        self._at(element)
        self._text(element.text)

    def _close(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
            self.blocks.pop()
        if tag == "a":
            self.anchors.pop()
        self.chain.pop()

    def _flush(self) -> None:
        if not self.pieces:
            return
        pieces, self.pieces = self.pieces, []
        text, link_chars, links = _join(pieces)
        if len(text) < 2 or not _WORD.search(text):
            return
        depth = self.blocks[-1] + 1 if self.blocks else len(self.chain)
        chain = self.chain[:depth]
        below_body = chain[self.body_at or 1 :] or chain[-1:]
        tags = [tag for _, tag, _ in below_body][-MAX_PATH_DEPTH:]
        self.segments.append(
            Segment(
                text=text,
                tag=chain[-1][1] if chain else "",
                path=">".join(tags),
                attrs=_attr_words(words for _, _, words in below_body),
                link_chars=link_chars,
                links=links,
                line=next((line for raw, _, line in pieces if not raw.isspace()), None),
                landmarks=">".join(tag for _, tag, _ in below_body if tag in LANDMARK_TAGS),
                end_line=next(
                    (
                        line + raw.strip().count("\n")
                        for raw, _, line in reversed(pieces)
                        if not raw.isspace()
                    ),
                    None,
                ),
            )
        )


def _hidden(element: lxml.html.HtmlElement) -> bool:
    """Tell whether an element is hidden by its own markup."""
    attrib = element.attrib
    if "hidden" in attrib:
        return True
    style = attrib.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _join(pieces: list[tuple[str, int, int]]) -> tuple[str, int, int]:
    """Collapse whitespace across pieces; count the characters and anchors that fall in links."""
    kept: list[tuple[str, int]] = []
    after_space = True  # drops leading whitespace
    for raw, anchor, _ in pieces:
        piece = _WS.sub(" ", raw)
        if after_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            kept.append((piece, anchor))
            after_space = piece.endswith(" ")
    if kept and after_space:
        piece, anchor = kept[-1]
        kept[-1] = (piece[:-1], anchor)
    text = "".join(piece for piece, _ in kept)
    link_chars = sum(len(piece) for piece, anchor in kept if anchor)
    links = len({anchor for piece, anchor in kept if anchor and not piece.isspace()})
    return text, link_chars, links


def _attr_words(chain_words: Iterable[tuple[str, ...]]) -> str:
    """Join the class and id words of a chain, nearest the block kept first when capping."""
    seen: dict[str, None] = {}
    for words in reversed(list(chain_words)):
        for word in words:
            seen.setdefault(word, None)
    kept = list(seen)[:MAX_ATTR_WORDS]
    return " ".join(reversed(kept))


def extracted_flags(texts: list[str], main_text: str) -> list[bool]:
    """Mark which block texts trafilatura's main text contains.

    A short block (under four words: a menu entry, a cell, a label) must be a whole unit of the main
    text: one of its lines, list items (``- x``) or table cells (``| x |``); anywhere else its words
    would match by chance. A longer block must be a substring of the main text, or, from 80
    characters on, have 80% of its words there in order. Against the scrapinghub labels this scores
    F1 0.94 where a bare substring test scores 0.88 (training/check_segmentation.py).
    """
    lines = [" ".join(line.split()) for line in main_text.split("\n")]
    main = " ".join(lines)
    if not main.strip():
        return [False] * len(texts)
    units: set[str] = set()
    for line in lines:
        units.add(line)
        if line.startswith("- "):
            units.add(line[2:])
        elif line.startswith("|"):
            units.update(cell.strip() for cell in line.strip("|").split("|"))
    index: dict[str, list[int]] | None = None
    flags = []
    for text in texts:
        if len(text.split()) < SHORT_BLOCK_WORDS:
            flags.append(text in units)
        elif text in main:
            flags.append(True)
        elif len(text) < LONG_BLOCK_CHARS:
            flags.append(False)
        else:
            if index is None:
                index = {}
                for position, word in enumerate(main.split()):
                    index.setdefault(word, []).append(position)
            flags.append(_in_order_share(text.split(), index) >= IN_ORDER_SHARE)
    return flags


def _in_order_share(words: list[str], index: dict[str, list[int]]) -> float:
    """Share of ``words`` found in order in the indexed text, each at its next occurrence."""
    position = -1
    found = 0
    for word in words:
        positions = index.get(word)
        if not positions:
            continue
        at = bisect.bisect_right(positions, position)
        if at < len(positions):
            position = positions[at]
            found += 1
    return found / len(words) if words else 0.0


def _extract(
    tree: lxml.html.HtmlElement, url: str | None, source: str
) -> tuple[str | None, Document | None]:
    """Run trafilatura on the tree (it works on a copy): return its main text and metadata."""
    try:
        from trafilatura import bare_extraction
        from trafilatura.metadata import extract_metadata
    except ImportError as err:
        reason = " ".join(str(err).split())
        raise LoadError(f"{source}: trafilatura cannot be imported ({reason})") from None
    try:
        with warnings.catch_warnings():  # dateutil warns about time zones it cannot name
            warnings.simplefilter("ignore")
            document = bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    except Exception as err:  # third-party code run on hostile input: one signal lost, not the page
        logger.warning("%s: trafilatura failed: %s", source, err)
        document = None
    if document is not None:
        return document.text or None, document
    # trafilatura returns nothing when the main text is too short; the metadata is still there.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return None, extract_metadata(copy(tree), default_url=url)
    except Exception as err:
        logger.warning("%s: trafilatura metadata failed: %s", source, err)
        return None, None


def _page_meta(
    tree: lxml.html.HtmlElement, document: Document | None, url: str | None
) -> dict[str, str]:
    """Collect every declared title, date, URL and site name with its provenance as key.

    trafilatura dates a page with ``htmldate.find_date(original_date=True)``, so its date is also
    htmldate's original date; htmldate is asked directly for that only when trafilatura failed,
    and always for the updated date (``original_date=False``).
    """
    meta: dict[str, str] = {}
    title = tree.find("head/title")
    if title is None:
        title = tree.find(".//title")
    _put(meta, "html:title", title.text_content() if title is not None else None)
    _put(meta, "og:title", _meta_content(tree, "og:title"))
    h1 = next(tree.iter("h1"), None)
    _put(meta, "h1", h1.text_content() if h1 is not None else None)
    _put(meta, "og:site_name", _meta_content(tree, "og:site_name"))
    if document is not None:
        _put(meta, "meta:date", document.date)
        _put(meta, "meta:author", document.author)
        _put(meta, "meta:description", document.description)
        _put(meta, "htmldate:original", document.date)
    else:
        _put(meta, "htmldate:original", _htmldate(tree, url, original=True))
    _put(meta, "htmldate:updated", _htmldate(tree, url, original=False))
    _put(meta, "url_date", url_date(url))
    if "url_date" not in meta:
        _put(meta, "url_month", url_month(url))
    _put(meta, "meta:published_time", published_time(tree))
    _put(meta, "html:lang", _declared_language(tree))
    return meta


_PUBLISHED_FIELDS = ("article:published_time", "og:published_time", "datePublished")
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def published_time(tree: lxml.html.HtmlElement) -> str | None:
    """The publication timestamp the page's own markup declares, as written (with its offset).

    ``article:published_time`` (Open Graph), an ``itemprop="datePublished"`` element, else the
    first JSON-LD ``datePublished``: htmldate normalises these to a day and drops the clock
    time and UTC offset, which decide the publisher's day (:func:`detector.dates.publisher_day`).
    """
    for element in tree.iter("meta"):
        if (element.get("property") or element.get("name") or element.get("itemprop")) in (
            _PUBLISHED_FIELDS
        ) and (content := element.get("content")):
            return content
    for element in tree.iter("time"):
        if element.get("itemprop") == "datePublished" and (value := element.get("datetime")):
            return value
    for element in tree.iter("script"):
        if "ld+json" in (element.get("type") or "") and element.text:
            match = _JSONLD_PUBLISHED.search(element.text[:100_000])
            if match is not None:
                return match.group(1)
    return None


def _put(meta: dict[str, str], key: str, value: object) -> None:
    text = _clean(value)
    if text:
        meta[key] = text


def _clean(value: object) -> str | None:
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _declared_language(tree: lxml.html.HtmlElement) -> str | None:
    """The language the page declares: ``<html lang>``, ``Content-Language``, or ``og:locale``."""
    root = tree.getroottree().getroot()
    declared = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        for element in tree.iter("meta"):
            if (element.get("http-equiv") or "").lower() == "content-language":
                declared = element.get("content")
                break
    return declared or _meta_content(tree, "og:locale")


def _meta_content(tree: lxml.html.HtmlElement, name: str) -> str | None:
    for element in tree.iter("meta"):
        if name in (element.get("property"), element.get("name")):
            return element.get("content")
    return None


def _htmldate(tree: lxml.html.HtmlElement, url: str | None, *, original: bool) -> str | None:
    """Ask htmldate for the page's date; it works on a copy of the tree.

    The updated date is looked for in the page's markup only (``extensive_search=False``): the
    free-text search hands odd strings to dateparser, whose first call in a process compiles the
    patterns of every locale (seconds), for a date found that way on 2 of 131 benchmark pages.
    """
    try:
        from htmldate import find_date

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return find_date(tree, original_date=original, url=url, extensive_search=original)
    except Exception as err:  # third-party code run on hostile input
        logger.warning("htmldate failed: %s", err)
        return None


def url_month(url: str | None) -> str | None:
    """Return the year and month a URL's path files the page under (``/2010/05/slug``), as
    ``YYYY-MM``, if one is there: a blog's permalink says the month it was published in."""
    if not url:
        return None
    match = _URL_MONTH.search(urlsplit(url).path)
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}" if match else None


def url_date(url: str | None) -> str | None:
    """Return the ISO date written in a URL's path (``/2023/06/03/``), if a valid one is there."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if match is None:
        return None
    year, month, day = (int(group) for group in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
