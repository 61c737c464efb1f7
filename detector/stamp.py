"""Reconcile the dates a page declares into the report's stamp.

A page states its date in several places that do not always agree: the visible dateline under
the headline, the URL (``/2023/06/03/``), metadata, and htmldate's reading of all of these.
htmldate alone is right on most pages but falls for a copyright line's 1 January, a teaser's
date or a print edition; the visible dateline next to the headline is what the reader is told.
Each declared publication date casts a vote, days with the same date add up, and the day with
most weight is the stamp:

- a dateline within :data:`NEAR` paragraphs of the headline: :data:`NEAR_DATELINE`;
- the date in the URL: :data:`URL`;
- the extractor's date (trafilatura's, which is htmldate's original date): :data:`EXTRACTOR`,
  less (:data:`NEW_YEAR`) when it is a 1 January that another candidate of the same year beats;
- any other dateline of the article: :data:`OTHER_DATELINE`. A dateline near the headline keeps
  its weight even on htmldate's latest date on the page: the visible date is what the reader is
  told, and on the DEV pages it was right three times for each time it was an unlabelled update;
- a dateline whose day is the extractor's with day and month swapped does not vote: one of
  the two misread a numeric date, and nothing tells which; unless the dateline writes the date
  in a form that cannot be read the other way (``01.11.2023``, ``1 November 2023``): then the
  extractor misread that dateline, and its vote goes to the dateline's day.

- the page's own publication timestamp (``article:published_time``, JSON-LD ``datePublished``,
  read with its clock time and UTC offset by :func:`detector.dates.publisher_day`) stands in for
  the extractor's date when it names a day: htmldate reads the same fields but keeps only a
  normalised day, or takes another date of the page; a UTC timestamp near midnight names no
  day and leaves the extractor's date alone.

A tie goes to the extractor's date. Dates labelled as updates and htmldate's latest-date guess
do not vote. The weights were tuned on the DEV pages of ``htmldate`` and ``trafilatura_eval``
(``python -m training.stamp_bench``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

__all__ = ["Candidate", "reconcile"]

NEAR = 8
NEAR_DATELINE = 2.0
URL = 2.0
EXTRACTOR = 1.5
NEW_YEAR = 0.25
OTHER_DATELINE = 0.5
#: Sources that carry the extractor's date (trafilatura's, i.e. htmldate's original date).
EXTRACTOR_SOURCES = frozenset({"date", "meta:date", "htmldate:original"})
#: The page's own publication timestamp as written (:func:`detector.loaders.html.published_time`).
PUBLISHED_TIME = "meta:published_time"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One declared date: where it comes from, the day, its label and its paragraph."""

    source: str
    day: date
    label: str = "published"
    paragraph: int | None = None
    unambiguous: bool = False
    """The day is written in a form whose day and month cannot be swapped (not ``01/11/2023``)."""


def _swapped(a: date, b: date | None) -> bool:
    return b is not None and a != b and (a.year, a.month, a.day) == (b.year, b.day, b.month)


def reconcile(candidates: Iterable[Candidate], headline: int | None) -> date | None:
    """The stamp the declared dates support best, or None when the page declares none."""
    votes: dict[date, float] = defaultdict(float)
    candidates = list(candidates)
    extractor = next((c.day for c in candidates if c.source in EXTRACTOR_SOURCES), None)
    stamped = next((c.day for c in candidates if c.source == PUBLISHED_TIME), None)
    if stamped is not None:
        extractor = stamped  # the publisher's own timestamp, read with its offset
    misread = next(
        (c.day for c in candidates if c.unambiguous and _swapped(c.day, extractor)),
        None,
    )
    if misread is not None:
        extractor = misread  # "01.11.2023" read as 11 January: the extractor's slip
    datelines: set[date] = set()
    for candidate in candidates:
        if candidate.label != "published":
            continue
        if candidate.source in EXTRACTOR_SOURCES or candidate.source == PUBLISHED_TIME:
            continue
        if candidate.source == "url_date":
            votes[candidate.day] += URL
        elif candidate.source == "dateline" and candidate.day not in datelines:
            datelines.add(candidate.day)
            if _swapped(candidate.day, extractor) and not candidate.unambiguous:
                continue
            near = (
                headline is not None
                and candidate.paragraph is not None
                and abs(candidate.paragraph - headline) <= NEAR
            )
            votes[candidate.day] += NEAR_DATELINE if near else OTHER_DATELINE
    if extractor is not None:
        new_year = (extractor.month, extractor.day) == (1, 1) and any(
            d.year == extractor.year and d != extractor for d in votes
        )
        votes[extractor] += NEW_YEAR if new_year else EXTRACTOR
    if not votes:
        return None
    best = max(votes.values())
    if extractor is not None and votes[extractor] == best:
        return extractor
    return min(d for d, v in votes.items() if v == best)
