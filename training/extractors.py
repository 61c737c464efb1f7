"""Plain text that real extractors leave for a page, labelled by alignment with the gold body.

Each corpus page is run through several extractors, the way scraped articles reach detector as
plain text: trafilatura at recall settings (``favor_recall``, comments kept), readability-lxml,
boilerpy3 (a boilerpipe port), goose3, jusText and inscriptis (the whole page as text). Every
output line is labelled the way the ``extracted`` variant of :mod:`training.tables` is: content
when the monotonic alignment with the gold body covers most of it, then headline, byline and
dateline from the gold metadata near the body start.

Every extractor call is bounded in time; a page that makes one crash or hang is skipped for that
extractor and counted, never fatal. Rows are cached per corpus in ``build/tables``.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from typing import Any

import pandas as pd

from training.align import aligned_coverage
from training.corpora import CorpusPage
from training.tables import CONTENT_COVERAGE, label_roles

__all__ = ["EXTRACTORS", "available", "extract", "lines_of", "labelled_rows", "extractor_frame"]

logger = logging.getLogger(__name__)

#: Seconds one extractor may spend on one page.
TIME_LIMIT = 20
#: Pages larger than this are not given to the extractors (a few corpus pages are megabytes).
MAX_HTML_CHARS = 3_000_000


def _trafilatura(html: str) -> str:
    import trafilatura

    return (
        trafilatura.extract(
            html, favor_recall=True, include_comments=True, include_tables=True, deduplicate=False
        )
        or ""
    )


def _readability(html: str) -> str:
    from inscriptis import get_text
    from readability import Document

    return get_text(Document(html).summary(html_partial=True))


def _boilerpy3(html: str) -> str:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor(raise_on_failure=False).get_content(html)


def _goose3(html: str) -> str:
    from goose3 import Goose

    with Goose({"enable_image_fetching": False, "http_timeout": 1}) as goose:
        return goose.extract(raw_html=html).cleaned_text or ""


def _justext(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _inscriptis(html: str) -> str:
    from inscriptis import get_text

    return get_text(html)


#: Extractor name -> (module that must be importable, function from HTML to plain text).
EXTRACTORS: dict[str, tuple[tuple[str, ...], Callable[[str], str]]] = {
    "trafilatura": (("trafilatura",), _trafilatura),
    "readability": (("readability", "inscriptis"), _readability),
    "boilerpy3": (("boilerpy3",), _boilerpy3),
    "goose3": (("goose3",), _goose3),
    "justext": (("justext",), _justext),
    "inscriptis": (("inscriptis",), _inscriptis),
}


def available(names: Iterable[str] | None = None) -> list[str]:
    """The extractors (of ``names``, default all) whose packages are installed."""
    chosen = list(names) if names is not None else list(EXTRACTORS)
    unknown = sorted(set(chosen) - set(EXTRACTORS))
    if unknown:
        raise ValueError(f"unknown extractor(s) {', '.join(unknown)}; use {', '.join(EXTRACTORS)}")
    return [
        n for n in chosen if all(importlib.util.find_spec(m) is not None for m in EXTRACTORS[n][0])
    ]


class _TimeUp(Exception):
    pass


@contextmanager
def _limit(seconds: int) -> Iterator[None]:
    """Raise :class:`_TimeUp` after ``seconds`` (main thread only; elsewhere no limit)."""

    def fire(signum: int, frame: Any) -> None:
        raise _TimeUp

    try:
        previous = signal.signal(signal.SIGALRM, fire)
    except ValueError:  # not the main thread
        yield
        return
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def extract(name: str, html: str, time_limit: int = TIME_LIMIT) -> str | None:
    """The plain text ``name`` leaves for ``html``; None when it fails or runs out of time."""
    if len(html) > MAX_HTML_CHARS:
        return None
    function = EXTRACTORS[name][1]
    chatter = io.StringIO()  # boilerpy3 prints its recovered tracebacks and warnings
    try:
        with _limit(time_limit), redirect_stdout(chatter), redirect_stderr(chatter):
            return function(html)
    except _TimeUp:
        logger.warning("%s: out of time", name)
        return None
    except Exception as exc:  # an extractor that crashes on one page skips that page
        logger.debug("%s failed: %s", name, exc)
        return None


def lines_of(text: str) -> list[str]:
    """Non-empty stripped lines of an extractor's output."""
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def labelled_rows(
    doc: str,
    site: str,
    lines: list[str],
    body: str,
    *,
    title: str | None,
    byline: str | None,
) -> list[dict[str, Any]]:
    """Rows in the paragraph schema for one extractor's lines, labelled against the gold body."""
    flags = [c >= CONTENT_COVERAGE for c in aligned_coverage(lines, body)]
    roles = label_roles(lines, flags, title=title, byline=byline)
    return [
        {
            "doc": doc,
            "site": site,
            "index": i,
            "text": text,
            "role": role,
            "kind": "",
            "format": "text",
            "meta_title": "",
        }
        for i, (text, role) in enumerate(zip(lines, roles, strict=True))
    ]


def _page_rows(page: CorpusPage, names: list[str]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Rows of every extractor for one page, and the count of extractors that failed on it."""
    failed = dict.fromkeys(names, 0)
    if not page.body:
        return [], failed
    try:
        html = page.html()
    except Exception:
        return [], dict.fromkeys(names, 1)
    rows: list[dict[str, Any]] = []
    for name in names:
        text = extract(name, html)
        if text is None:
            failed[name] += 1
            continue
        lines = lines_of(text)
        if not lines:
            continue
        rows.extend(
            labelled_rows(
                f"{page.corpus}:{page.id}:x-{name}",
                page.site,
                lines,
                page.body,
                title=page.title,
                byline=page.byline,
            )
        )
    return rows, failed


def extractor_frame(
    corpus: str,
    *,
    names: Iterable[str] | None = None,
    limit: int | None = None,
    jobs: int = 2,
    refresh: bool = False,
) -> pd.DataFrame:
    """Labelled lines of every available extractor on one corpus (cached in build/tables).

    ``limit`` takes the first pages in a fixed hash order (so a smaller run is a subset of a
    larger one). The frame's ``attrs["failed"]`` counts the pages each extractor failed on.
    """
    import hashlib
    import json

    from joblib import Parallel, delayed

    from training import data
    from training.corpora import pages

    chosen = available(names)
    tag = "-".join(chosen) if names is not None else "all"
    path = data.CACHE / f"extractors-{corpus}-{tag}-{limit or 'all'}.parquet"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists() and not refresh:
        frame = pd.read_parquet(path)
        frame.attrs["failed"] = json.loads(meta.read_text())
        return frame
    todo = [p for p in pages(corpus) if p.body]
    todo.sort(key=lambda p: hashlib.sha256(p.id.encode()).hexdigest())
    if limit:
        todo = todo[:limit]
    results = Parallel(n_jobs=jobs, batch_size=4)(delayed(_page_rows)(p, chosen) for p in todo)
    rows = [row for page_rows, _ in results for row in page_rows]
    failed = dict.fromkeys(chosen, 0)
    for _, page_failed in results:
        for name, n in page_failed.items():
            failed[name] += n
    frame = data.validate(pd.DataFrame(rows), f"extractors-{corpus}") if rows else pd.DataFrame()
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    meta.write_text(json.dumps(failed))
    frame.attrs["failed"] = failed
    return frame
