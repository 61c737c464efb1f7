"""Measure headline choice and TI001 on real HTML pages, with the shipped paragraph model.

    python -m training.headline_bench                  # DEV part, at most 150 pages
    python -m training.headline_bench --part final     # the FINAL part (evaluate once, at the end)

Each page of ``../shared/corpora`` with a gold title is read as HTML and analysed as a user
would (loader, shipped model, every check). Measured:

- *headline*: the paragraph :mod:`detector.headline` chooses repeats the gold title (exactly, in
  other case, with a site name, cut short, or with 90% of its characters alike);
- *title*: the report's title equals the gold title once both are case-folded (trafilatura's
  metadata title beside it, measured the same way);
- TI001 on the unmodified page: how often it fires, and whether it removes the gold headline;
- injected copies: a ``<p>`` inserted right after the element of the gold headline, in each
  style (``exact``, ``case``, ``site_affix`` "Title | Site", ``ellipsis`` "First words…"), and
  the page analysed again: recall is the share of copies TI001 removes; the classifier sees the
  copy as any other block, and calls some of them boilerplate;
- the real headline is never removed (on clean and injected pages alike).

Pages are split as in :mod:`training.check_bench`: a quarter (by the SHA-256 of the id) is FINAL.
Nothing from the corpora is written to the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import lxml.html
from rapidfuzz import fuzz

from detector.article import Paragraph
from detector.engine import analyze
from detector.headline import choose, fold, site_names, title_match
from detector.loaders.html import parse_html
from training.corpora import CorpusPage, part_pages

__all__ = ["STYLES", "inject", "main", "measure_page", "measured", "summarise"]

#: Corpora whose gold has a title.
TITLE_CORPORA = ("l3s_gn1", "msv_extraction", "trafilatura_eval", "readability_tests")
STYLES = ("exact", "case", "site_affix", "ellipsis")
METRICS = Path(__file__).parent / "headline_metrics.json"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: Two titles are alike from this rapidfuzz ratio on.
ALIKE = 90


def _alike(gold: str, text: str | None) -> bool:
    if not text:
        return False
    return bool(title_match(gold, text)) or fuzz.ratio(fold(gold), fold(text)) >= ALIKE


def copy_text(title: str, style: str, site: str) -> str:
    """The headline copy of one style."""
    if style == "exact":
        return title
    if style == "case":
        return title.lower() if title != title.lower() else title.upper()
    if style == "site_affix":
        return f"{title} | {site}"
    words = title.split()
    return " ".join(words[: max(3, round(len(words) * 0.6))]) + "…"


def inject(html: str, headline: Paragraph, copy: str) -> str | None:
    """Insert ``<p>copy</p>`` right after the element that shows ``headline``; None if absent.

    The element is the last one of the paragraph's tag with its text that starts on or before
    the paragraph's line, so that a breadcrumb or menu entry with the same words is not taken.
    """
    # lxml refuses a str that carries an XML encoding declaration (XHTML pages); as bytes, a
    # stale <meta charset> of the re-encoded corpus page would decode it wrongly
    tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    target = " ".join(headline.text.split())
    tag = headline.block.tag if headline.block is not None else "h1"
    line = headline.line or 10**9
    found = [
        element
        for element in tree.iter(tag)
        if (element.sourceline or 0) <= line and " ".join(element.text_content().split()) == target
    ]
    if not found:
        return None
    element = found[-1]
    p = lxml.html.Element("p")
    p.text = copy
    p.tail = element.tail
    element.tail = None
    element.addnext(p)
    return lxml.html.tostring(tree, encoding="unicode")


def _ti001(report: Any) -> list[Any]:
    return [f for f in report.findings if f.rule.code == "TI001"]


def measure_page(page: CorpusPage) -> dict[str, Any] | None:
    """Analyse one page and its injected copies; None when the page cannot be read."""
    assert page.title is not None
    html = page.html()
    try:
        article = parse_html(html, page.id, url=page.url)
    except Exception:
        return None
    report = analyze(article)
    verdicts = tuple(
        _verdict(row) for row in report.paragraphs
    )  # the roles the report shows, before findings mark copies
    head = choose(article, verdicts)
    gold = page.title
    shown = head.paragraph if head is not None else None
    gold_paragraphs = [p.index for p in article.paragraphs if _alike(gold, p.text)]
    row: dict[str, Any] = {
        "id": page.id,
        "corpus": page.corpus,
        # head.text: a headline printed in two blocks (kicker and line) is both
        "headline_ok": shown is not None and _alike(gold, head.text),
        "headline_visible": bool(gold_paragraphs),
        "title_ok": fold(report.title or "") == fold(gold),
        "trafilatura_title_ok": fold(article.title or "") == fold(gold),
        "ti001_clean": bool(_ti001(report)),
        "headline_removed_clean": any(
            i in gold_paragraphs and i == shown for f in _ti001(report) for i in f.remove
        ),
        "injected": {},
    }
    if shown is None or not row["headline_ok"] or head.text != article.paragraphs[shown].text:
        return row  # copies are injected under a headline of one block
    # a site name as pages print it: the declared one when short, else the domain's label
    site = next((n for n in site_names(article) if len(n.split()) <= 4), "Daily Courier")
    headline = article.paragraphs[shown].text
    for style in STYLES:
        copy = copy_text(headline, style, site)
        changed = inject(html, article.paragraphs[shown], copy)
        if changed is None:
            continue
        injected = parse_html(changed, page.id, url=page.url)
        result = analyze(injected)
        # the copy goes after the headline, so the paragraphs before it keep their indexes
        heads = [shown] if injected.paragraphs[shown].text == headline else []
        copies = [p.index for p in injected.paragraphs[shown + 1 :] if p.text == copy][:1]
        removed = {i for f in _ti001(result) for i in f.remove}
        row["injected"][style] = {
            "found": bool(copies) and copies[0] in removed,
            "headline_removed": bool(heads) and heads[0] in removed,
            "other_removed": sorted(removed - set(copies)),
        }
    return row


def _verdict(row: dict[str, Any]) -> Any:
    from detector.findings import Verdict

    role = row["role"] if row["role"] != "duplicate_title" else "title"
    return Verdict(role, row["confidence"], row.get("kind"))


def _pages(part: str, limit: int | None) -> Iterator[CorpusPage]:
    """The pages of a part, at most ``limit`` spread evenly over the corpora."""
    each = None if limit is None else max(1, limit // len(TITLE_CORPORA))
    return part_pages(TITLE_CORPORA, part, each, lambda page: bool(page.title))


def measured(part: str, limit: int | None) -> list[dict[str, Any]]:
    """Measure the pages of a part (``dev``, ``final`` or ``all``), at most about ``limit``."""
    return [r for page in _pages(part, limit) if (r := measure_page(page)) is not None]


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Rates over the measured pages."""
    n = len(rows)

    def rate(key: str, among: Sequence[dict[str, Any]] = rows) -> float | None:
        return round(sum(bool(r[key]) for r in among) / len(among), 3) if among else None

    visible = [r for r in rows if r["headline_visible"]]
    styles: dict[str, Any] = {}
    for style in STYLES:
        cases = [r["injected"][style] for r in rows if style in r["injected"]]
        styles[style] = {
            "cases": len(cases),
            "recall": round(sum(c["found"] for c in cases) / len(cases), 3) if cases else None,
            "false_removals": sum(bool(c["other_removed"]) for c in cases),
        }
    all_cases = [c for r in rows for c in r["injected"].values()]
    found = sum(c["found"] for c in all_cases)
    wrong = sum(bool(c["other_removed"]) for c in all_cases)
    kept = [not r["headline_removed_clean"] for r in rows] + [
        not c["headline_removed"] for c in all_cases
    ]
    return {
        "pages": n,
        "by_corpus": dict(Counter(r["corpus"] for r in rows)),
        "headline_visible": len(visible),
        "headline_correct": rate("headline_ok", visible),
        "title_accuracy": rate("title_ok"),
        "trafilatura_title_accuracy": rate("trafilatura_title_ok"),
        "ti001_clean_rate": rate("ti001_clean"),
        "injected": styles,
        "ti001_injected_precision": round(found / (found + wrong), 3) if found + wrong else None,
        "headline_kept": round(sum(kept) / len(kept), 3) if kept else None,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure a part of the pages, print the summary and write headline_metrics.json."""
    parser = argparse.ArgumentParser(prog="python -m training.headline_bench", description=__doc__)
    parser.add_argument("--part", choices=("dev", "final", "all"), default="dev")
    parser.add_argument("--limit", type=int, default=150, help="at most about N pages")
    parser.add_argument("--log", type=Path, default=None, help="write per-page rows (JSONL)")
    parser.add_argument("--output", type=Path, default=METRICS)
    args = parser.parse_args(argv)
    rows = measured(args.part, args.limit)
    if not rows:
        print("no pages with a gold title under ../shared/corpora", file=sys.stderr)
        return 2
    summary = summarise(rows)
    print(json.dumps(summary, indent=2))
    output = json.loads(args.output.read_text(encoding="utf-8")) if args.output.is_file() else {}
    output[args.part] = summary
    args.output.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
    if args.log:
        args.log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
