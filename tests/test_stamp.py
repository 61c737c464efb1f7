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


def test_publisher_day_keeps_the_local_day_and_drops_a_utc_day_near_midnight() -> None:
    from detector.dates import publisher_day

    # a local clock time with its offset: the day as written, not the UTC day (2023-11-09 08:02)
    assert publisher_day("2023-11-08T21:02:34-05:00") == date(2023, 11, 8)
    assert publisher_day("2023-11-09T00:30:00+01:00") == date(2023, 11, 9)
    assert publisher_day("2023-11-09") == date(2023, 11, 9)
    assert publisher_day("2023-11-09T23:10:00") == date(2023, 11, 9)  # local, no offset
    # a UTC instant names the day only where every zone from UTC-8 to UTC+9 shares it
    assert publisher_day("2023-11-09T10:04:04Z") == date(2023, 11, 9)
    assert publisher_day("2023-11-09T03:28:35+00:00") is None  # still 8 November in New York
    assert publisher_day("2023-11-08T23:00:00.000Z") is None  # already 9 November in Berlin


def test_published_timestamp_stands_in_for_the_extractor() -> None:
    stamped = Candidate("meta:published_time", date(2023, 6, 13))
    assert reconcile([Candidate("meta:date", EXTRACTED), stamped], headline=None) == date(
        2023, 6, 13
    )
    # the visible dateline by the headline still outvotes it
    near = Candidate("dateline", date(2023, 6, 5), paragraph=4)
    assert reconcile([Candidate("meta:date", EXTRACTED), stamped, near], 3) == date(2023, 6, 5)


def test_page_timestamp_read_with_its_offset() -> None:
    from detector.loaders.html import parse_html

    html = """<html lang="en"><head><title>Council votes</title>
    <meta property="article:published_time" content="2023-11-08T22:05:41-05:00">
    <script type="application/ld+json">{"datePublished": "2023-11-09T03:05:41Z"}</script>
    </head><body><article><h1>Council votes on the budget</h1>
    <p>The city council voted on Wednesday evening to approve the budget for next year, after
    a long debate about the cost of the new library and the repairs to the old bridge.</p>
    <p>The mayor said the vote was a good result for the city and its people.</p>
    </article></body></html>"""
    article = parse_html(html, "page.html", url="https://example.com/news/council-votes")
    assert article.meta["meta:published_time"] == "2023-11-08T22:05:41-05:00"
    from detector.engine import analyze

    assert analyze(article).date == "2023-11-08"
