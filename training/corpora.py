"""Read the externally labelled corpora in ``../shared/corpora`` as :class:`CorpusPage` objects.

Nothing here copies corpus text into the project: pages are read at run time from the shared
folder (``$DETECTOR_SHARED`` or the ``shared`` folder beside the repository).
Which sets may train the shipped model is decided by their licence (``corpora/README.md``):
:data:`TRAINABLE` lists them; the others are for evaluation only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

__all__ = [
    "TRAINABLE",
    "SNIPPET_LABELLED",
    "EVALUATION_ONLY",
    "CorpusPage",
    "shared_root",
    "pages",
    "scrapinghub_paragraphs",
    "is_aside",
    "in_part",
    "is_final",
    "part_pages",
]

#: Sets whose licence allows training a model the project ships: two with a gold body to align
#: blocks with, and trafilatura's evaluation pages, whose gold is snippets that must and must not
#: be extracted (:data:`SNIPPET_LABELLED`; blocks no snippet decides only give context).
TRAINABLE = ("scrapinghub", "readability_tests", "trafilatura_eval")
SNIPPET_LABELLED = ("trafilatura_eval",)
#: Sets for evaluation only (research terms or no licence).
EVALUATION_ONLY = ("l3s_gn1", "cleaneval", "cleanportaleval", "dragnet2012")


@dataclass(frozen=True, slots=True)
class CorpusPage:
    """One labelled page: raw HTML and what its annotators said about it."""

    corpus: str
    id: str
    site: str
    html_path: Path
    url: str | None = None
    body: str | None = None
    title: str | None = None
    date: str | None = None
    byline: str | None = None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()
    comment_snippets: tuple[str, ...] = ()

    def html(self) -> str:
        """Return the page's HTML (re-encoded to UTF-8 by the corpus builder)."""
        return gzip.decompress(self.html_path.read_bytes()).decode("utf-8", errors="replace")


def shared_root() -> Path | None:
    """Return the shared folder, or None when it is not there."""
    env = os.environ.get("DETECTOR_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2] / "shared")
    for path in candidates:
        if (path / "corpora").is_dir():
            return path
    return None


def _corpora() -> Path:
    root = shared_root()
    if root is None:
        raise FileNotFoundError("../shared/corpora is not present (set DETECTOR_SHARED)")
    return root / "corpora"


def _site(url: str | None, fallback: str) -> str:
    if url:
        host = urlparse(url).netloc.lower()
        if host.startswith("www."):
            host = host[4:]
        if host:
            return host
    return fallback


def _text(value: object) -> str | None:
    """A gold field as one string (some annotators list several authors)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    return str(value) if value else None


def is_aside(site: str) -> bool:
    """Whether a site belongs to the slice kept aside for the final check (about 20%)."""
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % 5 == 0


def is_final(page_id: str) -> bool:
    """Whether a page belongs to the benchmarks' FINAL quarter (by the SHA-256 of its id)."""
    return int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 4 == 0


def in_part(page_id: str, part: str) -> bool:
    """Whether a page belongs to a benchmark part: ``dev``, ``final`` or ``all``."""
    return part == "all" or is_final(page_id) == (part == "final")


def part_pages(
    corpora: Iterable[str], part: str, each: int | None, keep: Callable[[CorpusPage], bool]
) -> Iterator[CorpusPage]:
    """The pages of a benchmark part that ``keep`` accepts, at most ``each`` per corpus."""
    for corpus in corpora:
        count = 0
        for page in pages(corpus):
            if not keep(page) or not in_part(page.id, part):
                continue
            if each is not None and count >= each:
                break
            yield page
            count += 1


def pages(corpus: str) -> Iterator[CorpusPage]:
    """Yield the pages of one corpus that have HTML."""
    root = _corpora() / corpus
    if corpus == "scrapinghub":
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id, gold in sorted(truth.items()):
            path = root / "html" / f"{page_id}.html.gz"
            if path.exists():
                yield CorpusPage(
                    corpus,
                    page_id,
                    _site(gold.get("url"), page_id),
                    path,
                    url=gold.get("url"),
                    body=gold.get("articleBody"),
                )
        return
    with (root / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            gold = json.loads(line)
            path = root / "html" / f"{gold['id']}.html.gz"
            if not path.exists():
                continue
            url = gold.get("url") or gold.get("url_in_page")
            source = str(gold.get("source", corpus))
            yield CorpusPage(
                corpus,
                gold["id"],
                _site(url, source),
                path,
                url=url,
                body=gold.get("body"),
                title=gold.get("title"),
                date=gold.get("date"),
                byline=_text(gold.get("byline") or gold.get("author")),
                with_snippets=tuple(gold.get("with", ())),
                without_snippets=tuple(gold.get("without", ())),
                comment_snippets=tuple(gold.get("comments", ())),
            )


def scrapinghub_paragraphs() -> dict[str, list[dict]]:
    """Return the scrapinghub paragraph table, grouped by page id, in order."""
    grouped: dict[str, list[dict]] = {}
    path = _corpora() / "scrapinghub" / "paragraphs.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            grouped.setdefault(row["page_id"], []).append(row)
    for rows in grouped.values():
        rows.sort(key=lambda r: r["index"])
    return grouped
