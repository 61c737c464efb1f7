"""Article scores of real HTML pages whose extraction matches the gold body.

    python -m training.score_bench                   # DEV part, at most 80 pages per corpus
    python -m training.score_bench --part final      # the FINAL part (evaluate once, at the end)

Each page of ``../shared/corpora`` with a gold body is read as HTML and analysed as a user would
(loader, shipped model, every check), with no artifact added. The report's cleaned text is
compared with the gold body by bag-of-tokens F1 (:func:`training.align.token_prf`). On the pages
where the two match (F1 >= :data:`MATCH_F1`), the article is as good as the page's own text, so
the score should say so: the target is a median article score >= 90 and >= 90% ``publishable``.
Reported per part, pooled and per corpus (the publishable share with its 95% Wilson interval),
beside the same figures on every page, with the rules that decided the non-publishable matching
pages (the deduction that cost most).

Pages are split as in :mod:`training.headline_bench`: a quarter (by the SHA-256 of the id) is
FINAL. Nothing from the corpora is written to the repository.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from detector.engine import analyze
from detector.loaders.html import parse_html
from detector.scoring import PUBLISHABLE
from training.align import token_prf
from training.corpora import CorpusPage, part_pages, shared_root
from training.stamp_bench import wilson

__all__ = ["BODY_CORPORA", "MATCH_F1", "main", "measure_page", "summarise"]

#: Corpora whose gold is an article body.
BODY_CORPORA = (
    "scrapinghub",
    "readability_tests",
    "msv_extraction",
    "l3s_gn1",
    "dragnet2012",
    "cleaneval",
)
#: A cleaned text matches the gold body from this token F1 on.
MATCH_F1 = 0.95
TARGET_MEDIAN = 90
TARGET_PUBLISHABLE = 0.9
METRICS = Path(__file__).parent / "score_metrics.json"


def measure_page(page: CorpusPage) -> dict[str, Any] | None:
    """Analyse one unmodified page; None when it has no gold body or cannot be read."""
    if not page.body:
        return None
    try:
        article = parse_html(page.html(), page.id, url=page.url)
    except Exception:  # a page the loader refuses is the loader bench's business, not this one
        return None
    report = analyze(article)
    article_rows = [d for d in report.deductions if d.score == "article"]
    worst = max(article_rows, key=lambda d: d.points, default=None)
    return {
        "id": page.id,
        "corpus": page.corpus,
        "f1": round(token_prf([report.cleaned_text], page.body)[2], 4),
        "score": report.score,
        "verdict": report.verdict,
        "decided_by": worst.rule if worst is not None else None,
    }


def _pages(part: str, limit: int | None, corpora: Sequence[str]) -> Iterator[CorpusPage]:
    return part_pages(corpora, part, limit, lambda page: bool(page.body))


def _figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {"pages": 0}
    scores = [r["score"] for r in rows]
    publishable = sum(s >= PUBLISHABLE for s in scores)
    return {
        "pages": len(rows),
        "median_score": statistics.median(scores),
        "publishable": round(publishable / len(rows), 3),
        "publishable_ci": wilson(publishable, len(rows)),
    }


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Pooled and per-corpus figures on the matching pages and on every page."""
    matching = [r for r in rows if r["f1"] >= MATCH_F1]
    held = [r for r in matching if r["score"] < PUBLISHABLE]
    pooled = _figures(matching)
    return {
        "matching": pooled,
        "every_page": _figures(rows),
        "by_corpus": {
            corpus: {
                "matching": _figures([r for r in matching if r["corpus"] == corpus]),
                "every_page": _figures([r for r in rows if r["corpus"] == corpus]),
            }
            for corpus in sorted({r["corpus"] for r in rows})
        },
        "not_publishable_matching_decided_by": dict(
            Counter(r["decided_by"] for r in held).most_common()
        ),
        "targets": {
            "median_score": {
                "need": TARGET_MEDIAN,
                "have": pooled.get("median_score"),
                "met": pooled.get("median_score", 0) >= TARGET_MEDIAN,
            },
            "publishable": {
                "need": TARGET_PUBLISHABLE,
                "have": pooled.get("publishable"),
                "met": pooled.get("publishable", 0) >= TARGET_PUBLISHABLE,
            },
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure a part, print the summary and write score_metrics.json."""
    parser = argparse.ArgumentParser(
        prog="python -m training.score_bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--part", choices=("dev", "final", "all"), default="dev")
    parser.add_argument("--limit", type=int, default=80, help="at most N pages per corpus")
    parser.add_argument("--corpora", default=",".join(BODY_CORPORA))
    parser.add_argument("--output", type=Path, default=METRICS)
    args = parser.parse_args(argv)
    if shared_root() is None:
        print("../shared/corpora is not present (set DETECTOR_SHARED)", file=sys.stderr)
        return 2
    corpora = [c for c in args.corpora.split(",") if c]
    rows = [r for page in _pages(args.part, args.limit, corpora) if (r := measure_page(page))]
    output: dict[str, Any] = {}
    if args.output.is_file():
        output = json.loads(args.output.read_text(encoding="utf-8"))
    output[args.part] = summarise(rows)
    output["command"] = "python -m training.score_bench --part {dev,final} --limit 80"
    args.output.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(output[args.part], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
