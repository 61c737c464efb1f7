from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from helpers import page_analysis
from helpers import text_analysis as analysed

from detector.article import Paragraph
from detector.checks import dates as date_checks
from detector.checks.base import Analysis
from detector.dates import find_dates, find_relative, parse_date, parse_declared, tense_of
from detector.findings import Severity

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
TODAY = date(2025, 1, 1)


def fixture(name: str, roles: Mapping[int, str], **fields: object) -> Analysis:
    return analysed((FIXTURES / name).read_text(encoding="utf-8"), roles, **fields)


def codes(analysis: Analysis, today: date = TODAY) -> list[str]:
    return [f.rule.code for f in date_checks.check_dates(analysis, today=today)]


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saturday, June 3, 2023", (2023, 6, 3, None, None, 5)),
        ("June 3rd, 2023", (2023, 6, 3, None, None, None)),
        ("3 June 2023", (2023, 6, 3, None, None, None)),
        ("3. Juni 2023", (2023, 6, 3, None, None, None)),
        ("1er juin 2023", (2023, 6, 1, None, None, None)),
        ("3 de junio de 2023", (2023, 6, 3, None, None, None)),
        ("2023-06-03T10:15:00Z", (2023, 6, 3, None, None, None)),
        ("03.06.2023", (2023, 6, 3, None, None, None)),
        ("1/18/2022", (2022, 1, 18, None, None, None)),
        ("February 10-20", (None, 2, 10, None, 20, None)),
        ("10–20 February 2022", (2022, 2, 10, None, 20, None)),
        ("December 28 to January 3, 2021", (2020, 12, 28, 1, 3, None)),
        ("Feb. 9", (None, 2, 9, None, None, None)),
        ("in May 2020", (2020, 5, None, None, None, None)),
        ("the Allied Resolve 2022 exercise", (2022, None, None, None, None, None)),
    ],
)
def test_find_dates_reads_written_forms(text: str, expected: tuple) -> None:
    (mention,) = find_dates(text)
    got = (
        mention.year,
        mention.month,
        mention.day,
        mention.end_month,
        mention.end_day,
        mention.weekday,
    )
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "about 2000 troops crossed",
        "more than 100,000 soldiers",
        "reservists aged 18 to 60 years",
        "the 1990s were different",
        "5/6/2022 is ambiguous",
        "February 30 is not a day",
        "you may 5 times",
    ],
)
def test_find_dates_ignores_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_range_end_and_first_day() -> None:
    (mention,) = find_dates("December 28 to January 3, 2021")
    assert mention.first_day() == date(2020, 12, 28)
    assert mention.last_day() == date(2021, 1, 3)


@pytest.mark.parametrize(
    ("sentence", "mention", "tense"),
    [
        ("The exercise is expected to take place February 10-20.", "February 10-20", "future"),
        (
            "Troops would need to be fully deployed by February 9 for the drill.",
            "February 9",
            "future",
        ),
        ("In 2019 the council voted to build a bridge that will open in 2025.", "2019", "past"),
        ("In 2019 the council voted to build a bridge that will open in 2025.", "2025", "future"),
        ("The summit was expected to take place in 2020 but was cancelled.", "2020", "past"),
        ("The plant, opened in 2011, employs 300 people.", "2011", "past"),
        ("The 2024 budget is large.", "2024", None),
    ],
)
def test_tense_of_a_date(sentence: str, mention: str, tense: str | None) -> None:
    start = sentence.index(mention)
    assert tense_of(sentence, start, start + len(mention)) == tense


def test_relative_expressions() -> None:
    found = find_relative("Talks last week failed. They will meet on Friday and again next month.")
    assert [(r.text, r.direction) for r in found] == [
        ("last week", "past"),
        ("on Friday", "near"),
        ("next month", "future"),
    ]


def test_parse_date_and_declared_labels() -> None:
    assert parse_date("2023-06-03T10:00:00+02:00") == date(2023, 6, 3)
    assert parse_date("Saturday, June 3, 2023") == date(2023, 6, 3)
    assert parse_date("Posted 3 hours ago", fallback=True) is None
    assert parse_date("no date here") is None
    assert parse_declared("Published June 3, 2023 | Updated June 5, 2023") == [
        (date(2023, 6, 3), "published"),
        (date(2023, 6, 5), "updated"),
    ]


def test_two_digit_slashed_years_are_read_without_dateparser(monkeypatch) -> None:
    import detector.dates as dates

    def refuse(value: str, languages: tuple[str, ...]) -> None:
        raise AssertionError(f"dateparser asked for {value!r}")

    monkeypatch.setattr(dates, "_dateparser", refuse)
    # an unambiguous order ("18" cannot be a month) needs no page order
    assert parse_date("By A. Writer - 11/18/19 11:04 PM EST", fallback=True) == date(2019, 11, 18)
    assert parse_date("18/11/19", fallback=True) == date(2019, 11, 18)
    assert parse_date("11/10/19 6:38 AM", order="MDY", fallback=True) == date(2019, 11, 10)
    assert parse_date("11/10/19", order=None) is None  # October or November: no guess


def test_dateparser_gets_the_page_language_only(monkeypatch) -> None:
    import dateparser

    import detector.dates as dates

    asked: list[list[str]] = []
    real = dateparser.parse

    def spy(value, languages=None, settings=None):
        asked.append(languages)
        return real(value, languages=languages, settings=settings)

    monkeypatch.setattr(dateparser, "parse", spy)
    dates._dateparser.cache_clear()
    assert parse_date("3-mars-2020", fallback=True, languages=("fr",)) == date(2020, 3, 3)
    assert parse_date("3-mars-2020", fallback=True, languages=("fr",)) == date(2020, 3, 3)
    assert asked == [["fr"]]  # asked once for the page, in its language alone


# --- DT001 ---------------------------------------------------------------------------------


def test_republished_story_is_caught() -> None:
    analysis = fixture("festival-republished.txt", {1: "dateline", 3: "title"})
    (finding,) = date_checks.check_dates(analysis, today=TODAY)
    assert finding.rule.code == "DT001"
    assert finding.lines == (1,)
    assert finding.effective_severity is Severity.ERROR
    evidence = finding.evidence
    assert evidence["stamp"] == "2024-09-14"
    # the yearless "Tuesday, June 1" is a Tuesday in 2021: written within half a year of it
    assert evidence["supported"] == {"not_before": "2020-11-30", "not_after": "2021-06-06"}
    assert evidence["gap_days"] == (date(2024, 9, 14) - date(2021, 6, 6)).days
    support = {(s["line"], s["basis"]) for s in evidence["support"]}
    assert support == {(5, "future"), (7, "weekday")}
    assert any(c["mention"] == "last week" and c["line"] == 9 for c in evidence["context"])
    assert "“June 6 to June 9, 2021”" in finding.message
    assert "2021-06-01, a Tuesday" in finding.message


def test_correct_stamp_with_past_year_and_future_dates_is_quiet() -> None:
    analysis = fixture("harbour-ferry.txt", {1: "dateline", 3: "title", 5: "byline"})
    assert codes(analysis) == []


def test_correct_stamp_without_dates_in_text_is_quiet() -> None:
    assert codes(fixture("quiet-library.txt", {1: "dateline", 3: "title"})) == []


def test_stamp_before_a_year_the_story_reports_as_past() -> None:
    text = "May 2, 2018\n\nIn 2021 the council voted to close the old bridge for good.\n"
    (finding,) = date_checks.check_dates(analysed(text, {1: "dateline"}), today=TODAY)
    assert finding.rule.code == "DT001"
    assert finding.evidence["supported"] == {"not_before": "2021-01-01", "not_after": None}
    assert "cannot have been written before 2021-01-01" in finding.message


def test_date_line_inside_the_body() -> None:
    text = (
        "June 3, 2023\n\nLONDON, March 3, 2020 — The museum reopened its east wing to visitors.\n"
    )
    (finding,) = date_checks.check_dates(analysed(text, {1: "dateline"}), today=TODAY)
    assert finding.evidence["support"][0]["basis"] == "body_dateline"
    assert finding.evidence["supported"]["not_after"] == "2020-03-03"


def test_weekday_that_fits_only_another_year() -> None:
    text = "June 3, 2023\n\nOn Tuesday, January 18, officials met the union for the first time.\n"
    (finding,) = date_checks.check_dates(analysed(text, {1: "dateline"}), today=TODAY)
    assert finding.evidence["support"][0]["date"] == "2022-01-18, a Tuesday"


def test_small_gap_is_a_warning_and_a_tiny_one_is_nothing() -> None:
    future = "The fair will open on May 10, 2023 at the showground.\n"
    late = analysed("May 30, 2023\n\n" + future, {1: "dateline"})
    (finding,) = date_checks.check_dates(late, today=TODAY)
    assert finding.effective_severity is Severity.WARNING
    assert finding.evidence["gap_days"] == 20
    on_time = analysed("May 14, 2023\n\n" + future, {1: "dateline"})
    assert codes(on_time) == []


@pytest.mark.parametrize(
    "comment",
    [
        "Posted on July 14, 2023 at 3:42 pm, I visited the old library after it had reopened.",
        "Am 14. Juli 2023 um 15:42 Uhr schrieb ich, dass die Bibliothek geöffnet hatte.",
        "15:42, 14 July 2023 I visited the library after it had reopened.",
    ],
)
def test_a_comment_timestamp_is_no_event_of_the_story(comment: str) -> None:
    story = "The council voted on Tuesday to reopen the old library next spring.\n\n"
    analysis = analysed("May 2, 2023\n\n" + story + comment + "\n", {1: "dateline"})
    assert date_checks.content_support(analysis, date(2023, 5, 2), TODAY) == []
    assert codes(analysis) == []
    # the same date without a clock time is an event the story reports as past
    event = "On July 14, 2023 the library had reopened after the repairs.\n"
    late = analysed("May 2, 2023\n\n" + story + event, {1: "dateline"})
    assert codes(late) == ["DT001"]


def test_declared_date_without_dateline_paragraph() -> None:
    text = "The stadium, which will open in 2020, has 30,000 seats.\n"
    (finding,) = date_checks.check_dates(analysed(text, date="2021-09-01"), today=TODAY)
    assert finding.evidence["stamp_source"] == "date"
    assert finding.lines == ()
    assert finding.paragraphs == ()


# --- DT002 and DT003 -----------------------------------------------------------------------


def test_future_stamp_against_crawl_date_and_today() -> None:
    crawled = analysed("May 1, 2025\n\nText.\n", {1: "dateline"}, meta={"crawl_date": "2024-01-01"})
    (finding,) = date_checks.check_dates(crawled, today=date(2030, 1, 1))
    assert finding.rule.code == "DT002"
    assert finding.evidence["reference"] == "2024-01-01"
    assert finding.evidence["reference_source"] == "crawl_date"
    assert finding.lines == (1,)
    plain = analysed("May 1, 2025\n\nText.\n", {1: "dateline"})
    assert codes(plain, today=date(2025, 4, 1)) == ["DT002"]
    assert codes(plain, today=date(2025, 4, 30)) == []


def test_dateline_and_metadata_disagree() -> None:
    analysis = analysed(
        "Saturday, June 3, 2023\n\nText.\n",
        {1: "dateline"},
        meta={"htmldate:original": "2022-01-18", "url_date": "2023-06-04"},
    )
    (finding,) = date_checks.check_dates(analysis, today=TODAY)
    assert finding.rule.code == "DT003"
    item, other = finding.evidence["disagreements"]
    assert (other["a"]["source"], other["b"]["source"]) == ("htmldate:original", "url_date")
    assert item["a"]["source"] == "dateline"
    assert item["b"]["source"] == "htmldate:original"
    assert item["days_apart"] == 501
    assert "501 days apart" in finding.message


def test_updated_before_published_and_wrong_weekday() -> None:
    analysis = analysed("Sunday, June 5, 2023 | Updated June 1, 2023\n\nText.\n", {1: "dateline"})
    (finding,) = date_checks.check_dates(analysis, today=TODAY)
    problems = [d["problem"] for d in finding.evidence["disagreements"]]
    assert problems == ["updated before published", "weekday does not fit the date"]
    assert "2023-06-05 is a Monday" in finding.message


def test_sources_within_three_days_agree() -> None:
    analysis = analysed(
        "June 3, 2023\n\nText.\n",
        {1: "dateline"},
        meta={"url_date": "2023-06-01", "article:modified_time": "2023-06-09"},
    )
    assert codes(analysis) == []


def test_check_requires_a_date() -> None:
    assert date_checks.CHECK.requires == frozenset({"date"})
    assert date_checks.check_dates(analysed("Only text.\n"), today=TODAY) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Sie findet am Freitag, 5. November statt. Anmeldung online.", 2),
        ("The boys were questioned on Monday, Oct. 16, the school said. It was closed.", 2),
        ("Mr. Hale spoke first. Sales rose 5. Then they fell.", 3),
    ],
)
def test_sentences_do_not_break_inside_dates(text: str, count: int) -> None:
    from detector.dates import sentences

    assert len(sentences(text)) == count


@pytest.mark.parametrize("verb", ["said", "told reporters", "announced", "added"])
def test_attribution_does_not_make_a_scheduled_date_past(verb: str) -> None:
    sentence = f"The new timetable takes effect on April 2, 2024, the council {verb}."
    start = sentence.index("April")
    assert tense_of(sentence, start, start + len("April 2, 2024")) is None
    text = f"Thursday, March 14, 2024\n{sentence}\nCommuters welcomed the change."
    findings = date_checks.check_dates(analysed(text, {1: "dateline"}), today=TODAY)
    assert [f.rule.code for f in findings] == []


def test_ambiguous_numeric_date_follows_the_page_order() -> None:
    from detector.dates import parse_date, slashed_order

    assert parse_date("10/11/2022") is None  # October or November: not guessed
    assert parse_date("10/11/2022", order="MDY").isoformat() == "2022-10-11"
    assert parse_date("10/11/2022", order="DMY").isoformat() == "2022-11-10"
    assert slashed_order(["Posted 12/25/2022", "see 1/5/2023"]) == "MDY"
    assert slashed_order(["Posted 25/12/2022"]) == "DMY"
    assert slashed_order(["25/12/2022 and 12/25/2022"]) is None


@pytest.mark.parametrize(
    ("sentence", "mention", "tense"),
    [
        ("Early voting begins in the state on September 6th.", "September 6th", None),
        ("The deadline is January 6.", "January 6", None),
        ("He said he had no intention of running in 2020.", "2020", "future"),
        ("Schiff decided to abort the early 2020 campaign.", "2020", None),
        ("The bridge was opened in 1998.", "1998", "past"),
        ("The festival will open on June 4.", "June 4", "future"),
        # a vow made, not one looking ahead; a vow to do something still looks ahead
        ("The companies renewed their vows in 2006, extending the deal.", "2006", "past"),
        ("She vows to return in 2027 with a new team.", "2027", "future"),
        # "crewed" after an ordinal is an adjective, no past tense
        ("There will be a test, the first crewed Orion flight, Artemis 2 in 2022.", "2022", None),
        # the target of a move or an extension, and a budget period: never past
        ("Delays have pushed back its first launch to at least late 2020.", "2020", None),
        ("They renewed the deal, extending the partnership to 2011.", "2011", None),
        ("The odds of full funding in fiscal year 2020 were dwindling.", "2020", None),
        # the end of a range keeps the tense of its sentence
        ("The trial ran from 2010 to 2015 and was stopped.", "2015", "past"),
        # a plan as it stood in the past says nothing of whether its event has happened
        ("The championships were initially planned to run in 2021.", "2021", None),
        ("The championships were held in 2021.", "2021", "past"),
        # a magazine's cover date is printed ahead of the day it appears: it bounds nothing
        (
            "This review originally appeared in the Dec. 9, 2013 issue of the magazine.",
            "Dec. 9, 2013",
            None,
        ),
        ("The council met on Dec. 9, 2013 and issued a statement.", "Dec. 9, 2013", "past"),
    ],
)
def test_english_tense_cues(sentence: str, mention: str, tense: str | None) -> None:
    from detector.dates import tense_of

    start = sentence.index(mention)
    assert tense_of(sentence, start, start + len(mention)) == tense


def test_day_and_month_swapped_is_one_date_read_two_ways() -> None:
    from detector.article import Article, Paragraph
    from detector.checks.base import Analysis
    from detector.checks.dates import check_dates
    from detector.findings import Verdict

    texts = ["Guide by Jo Smith, 04/06/2017.", "The guide covers every level of the game in turn."]
    paragraphs = tuple(Paragraph(i, t, line=i + 1) for i, t in enumerate(texts))
    article = Article("g.html", paragraphs, format="text", date="2017-06-04")
    verdicts = (Verdict("dateline", 0.9), Verdict("content", 0.9))
    findings = check_dates(Analysis(article, verdicts), today=date(2025, 1, 1))
    assert not [f for f in findings if f.rule.code == "DT003"]


def test_an_outvoted_page_timestamp_is_no_second_publication_date() -> None:
    text = "The council voted on Tuesday to reopen the old library next spring.\n"
    meta = {"url_date": "2017-07-12", "meta:published_time": "2019-06-17T18:28:00+02:00"}
    outvoted = analysed(text, date="2017-07-12", meta=meta)
    assert codes(outvoted) == []
    # when the timestamp wins the stamp, the extractor's other day is a disagreement
    winning = analysed(
        text, date="2017-07-12", meta={"meta:published_time": meta["meta:published_time"]}
    )
    assert codes(winning) == ["DT003"]


@pytest.mark.parametrize(
    ("url", "month"),
    [
        ("https://blog.example.org/2010/05/animated-typography/", "2010-05"),
        ("https://web.archive.org/web/20160218174457/http://x.de/2010/5/post/", "2010-05"),
        ("https://news.example.com/2023/06/03/story", None),  # a day: url_date's, not a month
        ("https://example.com/archive/2010/13/x", None),
        ("https://example.com/2010/05", None),  # an archive page of the month, not a post
    ],
)
def test_url_month_reads_a_permalinks_year_and_month(url: str, month: str | None) -> None:
    from detector.loaders.html import url_month

    assert url_month(url) == month


def test_a_stamp_outside_the_urls_month_is_a_disagreement() -> None:
    text = "The poet read from her new collection at the library on Friday evening.\n"
    outside = analysed(text, date="2016-01-01", meta={"url_month": "2010-05"})
    findings = date_checks.check_dates(outside, today=TODAY)
    assert [f.rule.code for f in findings] == ["DT003"]
    assert "the URL files the page under 2010-05" in findings[0].message
    assert findings[0].evidence["disagreements"][0]["days_apart"] == 2041
    assert codes(analysed(text, date="2010-05-19", meta={"url_month": "2010-05"})) == []
    assert codes(analysed(text, date="2010-06-02", meta={"url_month": "2010-05"})) == []


def test_a_date_in_the_articles_fact_list_under_the_headline_is_declared() -> None:
    from detector.checks.dates import declared_dates

    page = (
        "<html><body><main><article><h1>A new era of data use is beginning</h1>"
        "<ul class='additional-info'><li>31.03.2020</li><li>6 min read</li></ul>"
        "<p>Governments track infected patients with phone and card data, and the debate "
        "about what that means for privacy has only begun.</p></article>"
        "<aside><ul><li>12.02.2020</li></ul></aside></main></body></html>"
    )
    analysis = _page_analysis(page, {"31.03.2020", "12.02.2020"}, "2020-03-31")
    days = [d.day for d in declared_dates(analysis) if d.source == "dateline"]
    assert days == [date(2020, 3, 31)]  # the teaser list in the aside stays furniture


def _page_analysis(page: str, datelines: set[str], stamp: str, **meta: str) -> Analysis:
    """The page's article, stamped ``stamp`` by the extractor, with ``datelines`` as datelines."""

    def role(p: Paragraph) -> str:
        return "dateline" if p.text in datelines else ("title" if p.index == 0 else "content")

    declared = {"meta:date": stamp, "htmldate:original": stamp, **meta}
    return page_analysis(page, role, declared, date=stamp)


_STORY = (
    "<p>Players report that the item vanished from their inventory after the update, and the "
    "moderators are looking into it.</p>"
)


def test_a_date_under_a_definition_term_takes_the_terms_label() -> None:
    page = (
        "<html><body><article><h1>Where did it go?</h1>"
        "<dl><dt>Joined</dt><dd>May 11, 2017</dd><dt>Messages</dt><dd>3,066</dd></dl>"
        f"{_STORY}</article></body></html>"
    )
    analysis = _page_analysis(page, {"May 11, 2017"}, "2020-03-18")
    assert codes(analysis) == []  # a member's join date, not a second publication date


def test_a_dateline_on_the_modification_day_is_an_update_when_the_publisher_says_so() -> None:
    page = (
        "<html><body><article><h1>What to eat for a healthy gut</h1>"
        f"<div>| Le 19 février 2020</div>{_STORY}</article></body></html>"
    )
    dateline, updated = {"| Le 19 février 2020"}, {"htmldate:updated": "2020-02-19"}
    timestamp = {"meta:published_time": "2017-04-12T18:33:59+02:00"}
    update = _page_analysis(page, dateline, "2017-04-12", **updated, **timestamp)
    assert codes(update) == []
    # without the publisher's timestamp for the earlier day, the visible date stands
    assert codes(_page_analysis(page, dateline, "2017-04-12", **updated)) == ["DT003"]


def test_an_empty_timestamp_of_1970_is_no_date() -> None:
    text = "The retailer opened its new wholesale platform to shop owners across the country.\n"
    meta = {"meta:published_time": "1970-01-01T01:00:00+01:00"}
    assert codes(analysed(text, date="2021-04-28", meta=meta)) == []


def test_a_new_year_placeholder_that_loses_the_stamp_contradicts_nothing() -> None:
    page = (
        "<html><body><article><h1>Windies seal a historic win</h1>"
        f"<div>Saturday December 29, 2007</div>{_STORY}</article></body></html>"
    )
    placeholder = _page_analysis(page, {"Saturday December 29, 2007"}, "2007-01-01")
    assert codes(placeholder) == []
    # a day other than 1 January is a declaration, and the disagreement stands
    assert codes(_page_analysis(page, {"Saturday December 29, 2007"}, "2007-03-01")) == ["DT003"]


def test_a_yearless_date_line_takes_no_year_from_the_sentence() -> None:
    text = (
        "Visakhapatnam, Jan 7 - By 2010 India will have its own missile shield, a top defence "
        "official said here Monday.\n"
    )
    assert codes(analysed(text, date="2008-01-07")) == []


def test_dates_of_teaser_cards_between_furniture_are_not_the_pages() -> None:
    from detector.checks.dates import declared_dates

    story = "".join(
        f"<p>The council approved the new ferry timetable on Monday, part {i} of the story, "
        "after a winter of complaints from commuters on the island.</p>"
        for i in range(12)
    )
    cards = "".join(
        f"<div class='card'><p class='kicker'>AUTO NEWS</p>"
        f"<h3 class='card-title'>An older story number {i}</h3>"
        f"<p class='card-date'>{day}</p></div>"
        for i, day in enumerate(["May 15, 2017", "January 22, 2018", "June 18, 2013"])
    )
    page = (
        "<html><body><main><article><h1>Council approves the new ferry timetable</h1>"
        f"<p class='date'>November 20, 2019</p>{story}</article>"
        f"<section class='more'>{cards}</section>"
        "<p>Readers asked for the full timetable, which follows below in the print edition, "
        "the council said in a statement on Monday.</p></main></body></html>"
    )
    teasers = {"AUTO NEWS"} | {f"An older story number {i}" for i in range(3)}

    def role(p: Paragraph) -> str:
        if p.index == 0:
            return "title"
        if p.text in teasers:
            return "boilerplate"
        return "dateline" if p.text[:3] in {"Nov", "May", "Jan", "Jun"} else "content"

    analysis = page_analysis(page, role, {"htmldate:original": "2019-11-20"}, date="2019-11-20")
    days = [d.day for d in declared_dates(analysis) if d.source == "dateline"]
    assert days == [date(2019, 11, 20)]
    assert codes(analysis) == []


def test_a_photo_caption_read_as_a_dateline_is_not_a_publication_date() -> None:
    from detector.checks.dates import declared_dates

    caption = "A cargo ship leaves the port of Miami on Aug. 31, 2019. (AP)"
    page = (
        "<html><body><article><h1>A guide to tariffs and trade</h1>"
        "<p>By Lou Jacobs on Monday, November 18th, 2019 at 11:04 a.m.</p>"
        f"<p>{caption}</p>{_STORY}</article></body></html>"
    )
    analysis = _page_analysis(
        page, {caption, "By Lou Jacobs on Monday, November 18th, 2019 at 11:04 a.m."}, "2019-11-18"
    )
    days = [d.day for d in declared_dates(analysis) if d.source == "dateline"]
    assert days == [date(2019, 11, 18)]
    assert codes(analysis) == []


def test_dates_printed_by_one_template_on_different_days_are_a_lists() -> None:
    """One template printing datelines of two different days (the comments under a story, the
    posts of a blog's home page) prints each item's date, not the article's."""
    from detector.checks.dates import declared_dates

    comments = "".join(
        f"<div class='reply'><p class='stamp'>{day}</p><p>Thanks for the tip, it worked for me "
        f"after the update number {i}.</p></div>"
        for i, day in enumerate(["May 15, 2017", "June 18, 2017"])
    )
    page = (
        "<html><body><article><h1>Where did it go?</h1>"
        f"<p>November 20, 2019</p>{_STORY}</article>{comments}</body></html>"
    )
    analysis = _page_analysis(
        page, {"November 20, 2019", "May 15, 2017", "June 18, 2017"}, "2019-11-20"
    )
    days = [d.day for d in declared_dates(analysis) if d.source == "dateline"]
    assert days == [date(2019, 11, 20)]
    assert codes(analysis) == []


def test_without_a_visible_headline_a_dateline_in_furniture_is_not_the_pages() -> None:
    """A blog's home page shows no article headline; the dates of its posts' comment counters
    ("August 16, 2017 / 22" in ``post-meta comments-date``) are still furniture, judged against
    the story's first paragraph."""
    from detector.checks.dates import declared_dates

    page = (
        "<html><body><div class='blog-home'><div class='post-focus'>"
        "<div class='post-meta wpcom-comments-date'>August 30, 2017 / 0</div>"
        f"{_STORY}</div><div class='post-river'>"
        "<div class='post-meta-river wpcom-comments-date'>August 16, 2017 / 22</div>"
        f"{_STORY}</div></div></body></html>"
    )

    def role(p: Paragraph) -> str:
        return "dateline" if "2017 /" in p.text else "content"

    analysis = page_analysis(page, role, {"htmldate:original": "2017-08-30"}, date="2017-08-30")
    assert [d for d in declared_dates(analysis) if d.source == "dateline"] == []
    assert codes(analysis) == []


def test_a_date_without_a_year_takes_only_a_near_year_of_its_sentence() -> None:
    """The sentence's year dates the yearless date when written close to it; far away in the
    sentence it dates another event (a trip), and the yearless date sets no bound."""
    far = (
        "At the February 6 meeting, Carol Pynchon will speak about her family's long trip "
        "abroad during the first half of 2001.\n"
    )
    assert codes(analysed(far, date="2002-01-21")) == []
    near = "The troops must be deployed by February 9 for the Allied Resolve 2022 exercise.\n"
    assert codes(analysed(near, date="2023-06-03")) == ["DT001"]
