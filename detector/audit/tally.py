"""Add up an audit's article rows in one streaming pass, for the report and the summary.

``articles.parquet`` is read a batch of rows at a time, so memory holds one batch plus the
running totals, whose size grows with the number of domains, sections and months, never with
the number of records: the score histogram, per domain the pages, error rows, score total and
findings per kind, per section and per month the pages and score total, the worst articles
(a heap of fixed size) and the first error rows.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from detector.audit.outputs import KINDS

__all__ = ["BINS", "ArticleTally", "DomainTally", "tally_articles"]

#: Score histogram bins of 5 points: [0, 5), [5, 10), ... [95, 100].
BINS = tuple(range(0, 105, 5))
BATCH_ROWS = 10_000
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COLUMNS = ("record_id", "url", "domain", "section", "title", "date", "score", "error")


@dataclass
class DomainTally:
    """One domain's rows: all of them, the error rows, and the scored ones' totals."""

    pages: int = 0
    errors: int = 0
    scored: int = 0
    score_sum: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def mean(self) -> float:
        return self.score_sum / self.scored

    def damage(self, most: int = 3) -> list[str]:
        """The kinds found most on the domain's pages, as ``kind (count)``."""
        ranked = sorted(
            ((n, KINDS.index(k), k) for k, n in self.kinds.items() if n > 0),
            key=lambda item: (-item[0], item[1]),
        )
        return [f"{kind} ({n})" for n, _, kind in ranked[:most]]


@dataclass
class ArticleTally:
    """The running totals of one pass over the article rows."""

    worst_size: int = 15
    errors_kept: int = 50
    scored: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * (len(BINS) - 1))
    domains: dict[str, DomainTally] = field(default_factory=dict)
    sections: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    months: dict[dt.date, list[int]] = field(default_factory=dict)
    error_rows: list[tuple[str, str]] = field(default_factory=list)
    _worst: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    _order: int = 0

    def add(self, row: dict[str, Any]) -> None:
        """Count one article row (a dict of the columns read)."""
        self._order += 1
        domain, score = row["domain"], row["score"]
        tally = self.domains.setdefault(domain, DomainTally()) if domain else None
        if tally is not None:
            tally.pages += 1
        if row["error"] is not None:
            if tally is not None:
                tally.errors += 1
            if len(self.error_rows) < self.errors_kept:
                self.error_rows.append((row["record_id"], row["error"]))
            return
        if score is None:
            return
        self.scored += 1
        self.histogram[min(max(score, 0) // 5, len(self.histogram) - 1)] += 1
        if tally is not None:
            tally.scored += 1
            tally.score_sum += score
            tally.kinds.update({k: row[f"kind_{k}"] or 0 for k in KINDS})
            if row["section"]:
                counts = self.sections.setdefault((domain, row["section"]), [0, 0])
                counts[0] += 1
                counts[1] += score
        month = _month(row["date"])
        if month is not None:
            counts = self.months.setdefault(month, [0, 0])
            counts[0] += 1
            counts[1] += score
        # Keep the lowest scores, the earlier row first among equals: a heap of the opposite.
        entry = (-score, -self._order, row)
        if len(self._worst) < self.worst_size:
            heapq.heappush(self._worst, entry)
        elif entry[:2] > self._worst[0][:2]:
            heapq.heapreplace(self._worst, entry)

    def worst(self) -> list[dict[str, Any]]:
        """The rows of the lowest-scored articles, lowest first."""
        return [row for _, _, row in sorted(self._worst, key=lambda e: (-e[0], -e[1]))]

    def worst_domains(self) -> list[tuple[str, DomainTally]]:
        """Domains with scored pages, lowest mean score first (then more pages, then by name)."""
        scored = [(d, t) for d, t in self.domains.items() if t.scored]
        return sorted(scored, key=lambda item: (item[1].mean, -item[1].pages, item[0]))


def tally_articles(path: str | Path, **options: int) -> ArticleTally:
    """Read ``articles.parquet`` at ``path`` batch by batch into an :class:`ArticleTally`."""
    tally = ArticleTally(**options)
    file = pq.ParquetFile(path)
    columns = [*_COLUMNS, *(f"kind_{k}" for k in KINDS)]
    for batch in file.iter_batches(batch_size=BATCH_ROWS, columns=columns):
        for row in batch.to_pylist():
            tally.add(row)
    return tally


def _month(date: str | None) -> dt.date | None:
    """The first day of the month of an ISO date ``YYYY-MM-DD``, or None."""
    match = _DAY.fullmatch(date or "")
    if match is None:
        return None
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day.replace(day=1)
