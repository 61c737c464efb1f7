"""Reconciling a page's declared dates into the report's stamp."""

from __future__ import annotations

from datetime import date

from detector.stamp import Candidate, reconcile

EXTRACTED = date(2023, 6, 12)


def test_dateline_by_the_headline_and_the_url_outvote_the_extractor() -> None:
    near = Candidate("dateline", date(2023, 6, 5), paragraph=4)
    assert reconcile([Candidate("meta:date", EXTRACTED), near], headline=3) == date(2023, 6, 5)
    far = Candidate("dateline", date(2023, 6, 5), paragraph=40)
    assert reconcile([Candidate("meta:date", EXTRACTED), far], headline=3) == EXTRACTED
    url = Candidate("url_date", date(2023, 6, 5))
    assert reconcile([Candidate("meta:date", EXTRACTED), url], headline=None) == date(2023, 6, 5)


def test_copyright_new_year_loses_to_any_date_of_its_year() -> None:
    new_year = Candidate("meta:date", date(2023, 1, 1))
    other = Candidate("dateline", date(2023, 3, 9), paragraph=90)
    assert reconcile([new_year, other], headline=2) == date(2023, 3, 9)


def test_swapped_day_and_month_and_updates_do_not_vote() -> None:
    swapped = Candidate("dateline", date(2023, 12, 6), paragraph=4)
    assert reconcile([Candidate("meta:date", EXTRACTED), swapped], headline=3) == EXTRACTED
    update = Candidate("dateline", date(2023, 6, 20), label="updated", paragraph=4)
    assert reconcile([Candidate("meta:date", EXTRACTED), update], headline=3) == EXTRACTED
    latest = Candidate("htmldate:updated", date(2023, 6, 20), label="updated")
    assert reconcile([Candidate("meta:date", EXTRACTED), latest], 3) == EXTRACTED
    # the visible date under the headline wins even on htmldate's latest day; far off, it does not
    shown = Candidate("dateline", date(2023, 6, 20), paragraph=4)
    assert reconcile([Candidate("meta:date", EXTRACTED), latest, shown], 3) == date(2023, 6, 20)
    far = Candidate("dateline", date(2023, 6, 20), paragraph=40)
    assert reconcile([Candidate("meta:date", EXTRACTED), latest, far], 3) == EXTRACTED
    assert reconcile([], headline=None) is None


def test_stamp_bench_summary() -> None:
    from training.stamp_bench import summarise, wilson

    rows = [
        {
            "gold": "2023-06-05",
            "ours": "2023-06-05",
            "htmldate": "2023-06-05",
            "htmldate_gap_days": 0,
            "fired": [],
        },
        {
            "gold": "2023-06-05",
            "ours": "2023-06-05",
            "htmldate": "2023-01-01",
            "htmldate_gap_days": 155,
            "fired": ["DT003"],
        },
        {
            "gold": "2023-06-05",
            "ours": "2022-02-01",
            "htmldate": "2022-02-01",
            "htmldate_gap_days": 489,
            "fired": [],
        },
    ]
    summary = summarise(rows)
    assert summary["stamp_accuracy"] == 0.667 and summary["htmldate_accuracy"] == 0.333
    assert (summary["far_off_pages"], summary["far_off_caught"]) == (2, 0.5)
    assert summary["false_alarm_rate"] == 0.0
    low, high = wilson(5, 10)
    assert low < 0.5 < high
