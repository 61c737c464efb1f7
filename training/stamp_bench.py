"""Measure the report's stamp and the date checks on real pages with gold dates.

    python -m training.stamp_bench                  # DEV part, every page with a gold date
    python -m training.stamp_bench --part final     # the FINAL part (evaluate once, at the end)
    python -m training.stamp_bench --limit 150      # at most 150 pages per corpus

Each page of ``htmldate`` and ``trafilatura_eval`` (deduplicated by id) is analysed as a user
would (loader, shipped model, every check). Measured against the gold publication date:

- stamp accuracy: the report's ``date`` (:mod:`detector.stamp`) beside htmldate's original date
  (what trafilatura and detector reported before), with a 95% interval (Wilson);
- how often DT001 or DT003 fires on pages whose htmldate stamp is more than 30 days off (the
  checks should say so) and on pages whose stamp is right (false alarms).

Pages are split as in :mod:`training.check_bench`; nothing from the corpora is written to the
repository.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from detector.engine import analyze
from detector.loaders.html import parse_html
from training.corpora import in_part, pages

__all__ = ["main", "summarise", "wilson"]

DATE_CORPORA = ("htmldate", "trafilatura_eval")
METRICS = Path(__file__).parent / "stamp_metrics.json"
#: A stamp further than this from the gold date is wrong enough for a check to say so.
FAR_DAYS = 30


def _is_day(text: str) -> bool:
    """Whether a gold date is a calendar day (one gold date reads "2022-29-11")."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion."""
    if not n:
        return None
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(centre - half, 3), round(centre + half, 3)


def measure(part: str, limit: int | None) -> list[dict[str, Any]]:
    """Analyse the pages of a part; one row per page."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for corpus in DATE_CORPORA:
        count = 0
        for page in pages(corpus):
            if not page.date or page.id in seen or not _is_day(page.date):
                continue
            if not in_part(page.id, part):
                continue
            if limit is not None and count >= limit:
                break
            seen.add(page.id)
            count += 1
            try:
                article = parse_html(page.html(), page.id, url=page.url)
            except Exception:
                continue
            report = analyze(article)
            fired = sorted(
                {f.rule.code for f in report.findings if f.rule.code in ("DT001", "DT003")}
            )
            htmldate = article.date
            gap = (
                abs((date.fromisoformat(htmldate) - date.fromisoformat(page.date)).days)
                if htmldate
                else None
            )
            rows.append(
                {
                    "id": page.id,
                    "corpus": corpus,
                    "gold": page.date,
                    "ours": report.date,
                    "htmldate": htmldate,
                    "htmldate_gap_days": gap,
                    "fired": fired,
                }
            )
    return rows


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Accuracies with intervals, and how the date checks fire on far-off and right stamps."""
    n = len(rows)
    ours = sum(r["ours"] == r["gold"] for r in rows)
    theirs = sum(r["htmldate"] == r["gold"] for r in rows)
    far = [
        r for r in rows if r["htmldate_gap_days"] is not None and r["htmldate_gap_days"] > FAR_DAYS
    ]
    right = [r for r in rows if r["htmldate"] == r["gold"]]
    caught = sum(bool(r["fired"]) for r in far)
    alarms = sum(bool(r["fired"]) for r in right)
    return {
        "pages": n,
        "stamp_accuracy": round(ours / n, 3) if n else None,
        "stamp_accuracy_ci": wilson(ours, n),
        "htmldate_accuracy": round(theirs / n, 3) if n else None,
        "htmldate_accuracy_ci": wilson(theirs, n),
        "far_off_pages": len(far),
        "far_off_caught": round(caught / len(far), 3) if far else None,
        "far_off_caught_ci": wilson(caught, len(far)),
        "right_pages": len(right),
        "false_alarm_rate": round(alarms / len(right), 3) if right else None,
        "false_alarm_ci": wilson(alarms, len(right)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure a part, print the summary and write training/stamp_metrics.json."""
    parser = argparse.ArgumentParser(prog="python -m training.stamp_bench", description=__doc__)
    parser.add_argument("--part", choices=("dev", "final", "all"), default="dev")
    parser.add_argument(
        "--limit", type=int, default=0, help="at most N pages per corpus (0: every page)"
    )
    parser.add_argument("--output", type=Path, default=METRICS)
    parser.add_argument(
        "--rows",
        type=Path,
        help="also write one JSON line per page here (keep it outside the repository)",
    )
    args = parser.parse_args(argv)
    rows = measure(args.part, args.limit or None)
    if not rows:
        print("no pages with a gold date under ../shared/corpora", file=sys.stderr)
        return 2
    summary = summarise(rows)
    if args.rows is not None:
        with args.rows.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
    print(json.dumps(summary, indent=2))
    output = json.loads(args.output.read_text(encoding="utf-8")) if args.output.is_file() else {}
    output[args.part] = summary
    args.output.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
