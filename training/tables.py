"""Build labelled paragraph tables (the ``datasets/`` schema) from corpora and synthetic pages.

Each corpus page gives three documents, one per way a scraped article reaches detector:

- ``html``: every visible block of the page, with its DOM facts, as the HTML loader reads it;
- ``visible``: the same blocks as plain text lines (a scrape that kept everything);
- ``extracted``: trafilatura's output as lines (a scrape by a good but leaky extractor).

Blocks are labelled content by alignment with the gold body (:mod:`training.align`); among the
rest, the headline, byline and dateline are recognised from the gold (or metadata) title, author
and date, near the start of the body. Everything else is boilerplate.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from rapidfuzz import fuzz

from detector.article import Article
from detector.cues import BYLINE_RE, DATE_RE
from detector.loaders import read
from training.align import aligned_coverage, normalise
from training.corpora import CorpusPage

__all__ = [
    "load_html",
    "corpus_rows",
    "label_roles",
    "snippet_labels",
    "snippet_rows",
    "synth_rows",
    "DOM_COLUMNS",
]

logger = logging.getLogger(__name__)

DOM_COLUMNS = ("tag", "path", "attrs", "link_chars", "links", "extracted")
CONTENT_COVERAGE = 0.5
_HEAD_WINDOW = 8
_SITE_AFFIX_RE = re.compile(r"\s+[|–—:-]\s+[^|–—:-]{2,40}$")
#: A snippet of fewer words decides a block only when it is the whole block ("Twitter" must not
#: make a paragraph that mentions Twitter boilerplate).
_SHORT_SNIPPET_WORDS = 4


def load_html(html: str, name: str) -> Article:
    """Read one HTML page with the project's own loader."""
    return next(read(name, data=html.encode("utf-8"), input_format="html"))


def _title_match(text: str, title: str) -> bool:
    a, b = normalise(text), normalise(title)
    if not a or not b or len(a.split()) > 40:
        return False
    if fuzz.ratio(a, b) >= 85:
        return True
    bare = normalise(_SITE_AFFIX_RE.sub("", title))
    return bool(bare) and (fuzz.ratio(a, bare) >= 85 or (len(a) > 20 and a in b))


def label_roles(
    texts: list[str], content: list[bool], *, title: str | None, byline: str | None
) -> list[str]:
    """Turn content flags into roles, finding headline, byline and dateline near the body."""
    roles = ["content" if c else "boilerplate" for c in content]
    first = next((i for i, c in enumerate(content) if c), len(texts))
    title_at = None
    if title:
        # Every copy of the headline before the body is a title: which copy is the duplicate
        # is the duplicated-title check's call, not the classifier's.
        for i, text in enumerate(texts[: first + 1]):
            if not content[i] and _title_match(text, title):
                roles[i] = "title"
                title_at = i
    anchor = title_at if title_at is not None else first
    lo, hi = max(anchor - _HEAD_WINDOW, 0), min(first + 3, len(texts))
    byline_norm = normalise(byline) if byline else ""
    for i in range(lo, hi):
        if roles[i] != "boilerplate":
            continue
        text = texts[i]
        words = len(text.split())
        if words > 15:
            continue
        if byline_norm and byline_norm in normalise(text) or (words <= 8 and BYLINE_RE.match(text)):
            roles[i] = "byline"
        elif DATE_RE.search(text) and words <= 12:
            roles[i] = "dateline"
    return roles


def _dom(paragraph: Any) -> dict[str, Any]:
    b = paragraph.block
    if b is None:
        return {}
    return {
        "tag": b.tag,
        "path": b.path,
        "attrs": b.attrs,
        "link_chars": b.link_chars,
        "links": b.links,
        "extracted": float(b.extracted),
    }


def _html_rows(
    doc: str,
    site: str,
    article: Any,
    roles: list[str],
    kinds: list[str] | None = None,
    weights: list[float] | None = None,
) -> Iterator[dict[str, Any]]:
    """Rows of a page read by the HTML loader: every block with its DOM facts."""
    texts = [p.text for p in article.paragraphs]
    dom = [_dom(p) for p in article.paragraphs]
    if weights is not None:
        dom = [{**d, "weight": w} for d, w in zip(dom, weights, strict=True)]
    yield from _rows(doc, site, "html", texts, roles, dom, article.title or "", kinds)


def snippet_labels(
    texts: list[str], with_snippets: Iterable[str], without_snippets: Iterable[str]
) -> list[bool | None]:
    """Label blocks from snippet gold: True content, False boilerplate, None undecided.

    A snippet that must be extracted marks its block content only when exactly one block holds
    it (a sentence repeated in a teaser says nothing about which copy is the story's). A snippet
    that must not be extracted marks every block that holds it. Blocks marked both ways stay
    undecided.
    """
    keys = [normalise(t) for t in texts]
    labels: list[bool | None] = [None] * len(texts)
    conflicts: set[int] = set()
    for snippets, value in ((with_snippets, True), (without_snippets, False)):
        for snippet in snippets:
            key = normalise(snippet)
            if not key:
                continue
            if len(key.split()) < _SHORT_SNIPPET_WORDS:
                hits = [i for i, k in enumerate(keys) if k == key]
            else:
                hits = [i for i, k in enumerate(keys) if key in k]
            if value and len(hits) != 1:
                continue
            for i in hits:
                if labels[i] is not None and labels[i] != value:
                    conflicts.add(i)
                labels[i] = value
    for i in conflicts:
        labels[i] = None
    return labels


def snippet_rows(page: CorpusPage) -> Iterator[dict[str, Any]]:
    """Yield rows of a page whose gold is snippets (html and visible variants).

    Blocks no snippet decides stay in the document, so that neighbours and position read as on
    any page, with weight 0: they give context and teach nothing. A headline copy found from the
    gold title counts as labelled.
    """
    if not (page.with_snippets or page.without_snippets):
        return
    article = load_html(page.html(), f"{page.corpus}/{page.id}.html")
    texts = [p.text for p in article.paragraphs]
    # Readers' comments are not the article: their snippets mark boilerplate like the others.
    labels = snippet_labels(
        texts, page.with_snippets, page.without_snippets + page.comment_snippets
    )
    if not any(label is not None for label in labels):
        return
    roles = label_roles(
        texts,
        [label is True for label in labels],
        title=page.title or article.title,
        byline=page.byline,
    )
    weights = [
        1.0 if label is not None or role == "title" else 0.0
        for label, role in zip(labels, roles, strict=True)
    ]
    doc = f"{page.corpus}:{page.id}"
    yield from _html_rows(doc + ":html", page.site, article, roles, weights=weights)
    yield from _rows(
        doc + ":visible", page.site, "text", texts, roles, [{"weight": w} for w in weights]
    )


def _rows(
    doc: str,
    site: str,
    fmt: str,
    texts: list[str],
    roles: list[str],
    extra: Iterable[dict[str, Any]] | None = None,
    meta_title: str = "",
    kinds: list[str] | None = None,
) -> Iterator[dict[str, Any]]:
    extras = list(extra) if extra is not None else [{}] * len(texts)
    for i, (text, role) in enumerate(zip(texts, roles, strict=True)):
        row = {
            "doc": doc,
            "site": site,
            "index": i,
            "text": text,
            "role": role,
            "kind": kinds[i] if kinds else "",
            "format": fmt,
            "meta_title": meta_title,
        }
        row.update(extras[i])
        yield row


def corpus_rows(
    page: CorpusPage,
    *,
    variants: tuple[str, ...] = ("html", "visible", "extracted"),
    labels: list[int] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield labelled rows for one corpus page; ``labels`` overrides body alignment."""
    if not page.body:
        return
    article = load_html(page.html(), f"{page.corpus}/{page.id}.html")
    texts = [p.text for p in article.paragraphs]
    if not texts:
        return
    if labels is not None and len(labels) == len(texts):
        content = [bool(x) for x in labels]
    else:
        content = [c >= CONTENT_COVERAGE for c in aligned_coverage(texts, page.body)]
    title = page.title or article.title
    roles = label_roles(texts, content, title=title, byline=page.byline)
    doc = f"{page.corpus}:{page.id}"
    if "html" in variants:
        yield from _html_rows(doc + ":html", page.site, article, roles)
    if "visible" in variants:
        yield from _rows(doc + ":visible", page.site, "text", texts, roles)
    if "extracted" in variants and article.main_text:
        lines = [ln.strip() for ln in article.main_text.splitlines() if ln.strip()]
        if lines:
            flags = [c >= CONTENT_COVERAGE for c in aligned_coverage(lines, page.body)]
            yield from _rows(
                doc + ":extracted",
                page.site,
                "text",
                lines,
                label_roles(lines, flags, title=title, byline=page.byline),
            )


def synth_rows(seed: int = 0) -> Iterator[dict[str, Any]]:
    """Yield rows of the project's own synthetic pages: text layouts and HTML through the loader."""
    from training import synth

    pages = list(synth.pages(seed=seed))
    yield from synth.text_table(pages)
    for page in pages:
        article = load_html(page.html, f"{page.doc}.html")
        pieces = list(page.html_pieces)
        roles, kinds = _match_pieces([p.text for p in article.paragraphs], pieces)
        yield from _html_rows(f"{page.doc}:html", page.site, article, roles, kinds)


def _match_pieces(texts: list[str], pieces: list[Any]) -> tuple[list[str], list[str]]:
    """Label loader blocks with the synthetic pieces they came from, in order."""
    roles, kinds = [], []
    j = 0
    for text in texts:
        key = normalise(text)
        k = j
        while k < len(pieces) and normalise(pieces[k].text) != key:
            k += 1
        if k < len(pieces):
            roles.append(pieces[k].role)
            kinds.append(pieces[k].kind)
            j = k + 1
        else:
            best = max(pieces, key=lambda p: fuzz.ratio(normalise(p.text), key), default=None)
            roles.append(best.role if best is not None else "boilerplate")
            kinds.append(best.kind if best is not None else "other")
    return roles, kinds
