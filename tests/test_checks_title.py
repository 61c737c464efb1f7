from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest
from helpers import page_analysis

from detector.article import Article, Paragraph
from detector.checks import title
from detector.checks.base import Analysis
from detector.findings import Verdict

HEADLINE = "Harbour Council Adds Evening Ferry Crossings"


def analysed(
    texts: list[str], roles: Mapping[int, str] | None = None, **fields: object
) -> Analysis:
    """One paragraph per text, on lines 1, 3, 5, ...; roles by paragraph index (default content)."""
    roles = roles or {}
    paragraphs = tuple(Paragraph(i, t, line=2 * i + 1) for i, t in enumerate(texts))
    verdicts = tuple(Verdict(roles.get(i, "content"), 0.9) for i in range(len(texts)))
    return Analysis(Article("t", paragraphs, **fields), verdicts)  # type: ignore[arg-type]


BODY = "The harbour council voted on Monday to add two evening crossings to the island ferry."


@pytest.mark.parametrize(
    ("copy", "match"),
    [
        (HEADLINE, "exact"),
        (HEADLINE.lower(), "case"),
        (HEADLINE.upper() + ".", "case"),
        (f"{HEADLINE} | Island Gazette", "site_affix"),
        (f"{HEADLINE} - Island Gazette", "site_affix"),
        (f"Island Gazette: {HEADLINE}", "site_affix"),
        ("Harbour Council Adds Evening Ferry…", "truncated"),
        ("Harbour Council Adds Evening Fery Crossings", "near"),
    ],
)
def test_copy_under_the_headline(copy: str, match: str) -> None:
    (finding,) = title.run(analysed([HEADLINE, copy, BODY], {0: "title"}))
    assert finding.evidence["match"] == match
    assert finding.evidence["title_line"] == 1
    assert finding.evidence["duplicate_lines"] == [3]
    assert finding.lines == (1, 3)
    assert finding.remove == (1,)
    assert finding.rule.marks == "duplicate_title"
    assert f"“{HEADLINE}” (line 1)" in finding.message


def test_copy_repeated_at_the_end_and_classified_title() -> None:
    (finding,) = title.run(
        analysed([HEADLINE, BODY, BODY + " Again.", HEADLINE.lower()], {0: "title", 3: "title"})
    )
    assert finding.remove == (3,)
    assert finding.evidence["duplicate_lines"] == [7]


def test_paragraph_that_shares_words_is_not_a_copy() -> None:
    shares = (
        "The harbour council adds evening ferry crossings every summer, but this time the "
        "change is permanent."
    )
    assert list(title.run(analysed([HEADLINE, shares, BODY], {0: "title"}))) == []
    assert title.title_match(HEADLINE, "Council adds ferries") is None


def test_metadata_title_first_copy_is_the_visible_headline() -> None:
    texts = [HEADLINE, BODY, HEADLINE]
    (finding,) = title.run(analysed(texts, format="html", title=HEADLINE))
    assert finding.evidence["title_paragraph"] == 0
    assert finding.remove == (2,)
    alone = analysed([HEADLINE, BODY], format="html", meta={"og:title": HEADLINE})
    assert list(title.run(alone)) == []


def test_metadata_title_after_the_story_started_is_a_copy() -> None:
    (finding,) = title.run(
        analysed([BODY, HEADLINE], format="markdown", meta={"front_matter:title": HEADLINE})
    )
    assert finding.remove == (1,)
    assert finding.evidence["title_source"] == "front_matter:title"
    assert finding.evidence["title_line"] is None
    assert "the front_matter:title field" in finding.message


def test_records_keep_the_title_in_their_own_field() -> None:
    (finding,) = title.run(analysed([HEADLINE, BODY], {0: "title"}, format="jsonl", title=HEADLINE))
    assert finding.remove == (0,)
    assert finding.evidence["title_source"] == "title"


def test_boilerplate_copy_is_left_to_bp001() -> None:
    texts = [HEADLINE, BODY, f"Related: {HEADLINE}", HEADLINE]
    analysis = analysed(texts, {0: "title", 2: "boilerplate", 3: "boilerplate"})
    assert list(title.run(analysis)) == []


@pytest.mark.parametrize("role", ["content", "boilerplate", "byline"])
@pytest.mark.parametrize("copy", [HEADLINE, HEADLINE.lower(), f"{HEADLINE} | Island Gazette"])
def test_copy_right_under_the_headline_whatever_its_role(role: str, copy: str) -> None:
    """The classifier doubting both lines does not hide the copy: the repeat proves the headline."""
    (finding,) = title.run(analysed([HEADLINE, copy, BODY], {1: role}))
    assert finding.evidence["title_paragraph"] == 0
    assert finding.remove == (1,)


def test_no_title_and_no_repeat_finds_nothing() -> None:
    assert title.CHECK.missing(analysed([BODY])) == []
    assert list(title.run(analysed([HEADLINE, BODY, BODY + " Again."]))) == []


@pytest.mark.parametrize(
    ("copy", "words"),
    [
        (HEADLINE, "word for word"),
        (HEADLINE.lower(), "in lower case"),
        (f"{HEADLINE} | Island Gazette", "with “| Island Gazette” added"),
        ("Harbour Council Adds Evening Ferry…", "cut off with an ellipsis"),
        ("Harbour Council Adds Evening Fery Crossings", "with 1 letter changed"),
    ],
)
def test_message_says_the_actual_difference(copy: str, words: str) -> None:
    (finding,) = title.run(analysed([HEADLINE, copy, BODY], {0: "title"}))
    assert f"on line 3 {words}." in finding.message
    if copy != HEADLINE:
        assert "word for word" not in finding.message


def test_the_copy_with_the_site_name_is_the_one_to_remove() -> None:
    analysis = analysed(
        [
            "Harbour Council Approves New Ferry Timetable - Coastline Courier",
            "By Miriam Okafor",
            "Harbour Council Approves New Ferry Timetable",
            "The council voted on Tuesday to approve two evening crossings to the island.",
        ],
        {0: "title", 1: "byline"},
    )
    (finding,) = title.run(analysis)
    assert finding.remove == (0,)
    assert finding.evidence["title"] == "Harbour Council Approves New Ferry Timetable"
    assert finding.evidence["title_paragraph"] == 2
    assert finding.evidence["duplicates"][0]["match"] == "site_affix"


def _heading_role(p: Paragraph) -> str:
    return "title" if p.block and p.block.tag in ("h1", "h2") else "content"


def _page(body: str, title: str) -> Analysis:
    """An HTML page of the Island Gazette; headings are titles, the rest content."""
    page = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return page_analysis(page, _heading_role, site="Island Gazette")


_STORY = (
    "<p>The harbour council voted on Monday to add two evening crossings to the island ferry, "
    "answering a petition signed by most of the island's commuters.</p>"
)


def test_a_section_heading_that_starts_with_the_headline_is_not_a_copy() -> None:
    body = (
        f"<h1>{HEADLINE}</h1>{_STORY}{_STORY}"
        f"<h2>{HEADLINE} - what changes for commuters</h2>{_STORY}"
    )
    assert list(title.run(_page(body, f"{HEADLINE} | Island Gazette"))) == []
    # with the site's name, far down the page, it is the title repeated
    copy = f"{body}<p>{HEADLINE} | Island Gazette</p>"
    findings = list(title.run(_page(copy, f"{HEADLINE} | Island Gazette")))
    assert [d["text"] for f in findings for d in f.evidence["duplicates"]] == [
        f"{HEADLINE} | Island Gazette"
    ]


def test_the_blogs_name_in_h1_is_not_the_headline() -> None:
    from detector.headline import choose

    story = "Council adds two evening ferry crossings"
    body = f"<h1>Island Gazette, harbour news</h1><h2>{story}</h2>{_STORY}"
    analysis = _page(body, f"{story} | Island Gazette, harbour news")
    head = choose(analysis.article, analysis.verdicts)
    assert head is not None and head.text == story
    assert list(title.run(analysis)) == []


def test_a_copy_of_the_og_title_says_so() -> None:
    og = "Island ferry gets two more evening crossings"
    body = f"<h1>{HEADLINE}</h1>{_STORY}<p>{og}</p>{_STORY}"
    page = (
        f'<html><head><meta property="og:title" content="{og}"><title>{HEADLINE}</title>'
        f"</head><body>{body}</body></html>"
    )
    analysis = page_analysis(
        page, lambda p: "title" if p.index == 0 else "content", site="Island Gazette"
    )
    (finding,) = title.run(analysis)
    assert f"as the page's og:title “{og}”" in finding.message


def test_a_title_that_is_only_the_sites_name_is_no_headline_to_copy() -> None:
    """A ``<title>`` holding only the site's own name (its domain, letter for letter) is not the
    headline: a quote's attribution "– Island Gazette" in the story is no copy of it."""
    body = f"<h1>{HEADLINE}</h1>{_STORY}<p>– Island Gazette</p>{_STORY}"
    page = f"<html><head><title>Island Gazette</title></head><body>{body}</body></html>"
    analysis = page_analysis(
        page, _heading_role, url="https://www.island-gazette.example/ferry", site=None
    )
    assert list(title.run(analysis)) == []


def _with_extracted_title(analysis: Analysis, extracted: str) -> Analysis:
    """The same page with the title the extractor found (trafilatura's, often a page's h1)."""
    return Analysis(dataclasses.replace(analysis.article, title=extracted), analysis.verdicts)


def test_a_teaser_list_of_headings_is_not_the_headline() -> None:
    """Headings printed from one template three times or more (cards of a teaser list) lose to
    the article's own headline, even when the extractor took the first card for the title."""
    from detector.headline import choose

    cards = "".join(
        f'<div class="topnews n{i}"><h1 class="headline">Teaser story number {i} here</h1></div>'
        for i in range(4)
    )
    story = "Council adds two evening ferry crossings"
    body = f'{cards}<div class="content"><h2 class="headline">{story}</h2>{_STORY}</div>'
    analysis = _with_extracted_title(
        _page(body, f"Island Gazette - News » {story}"), "Teaser story number 0 here"
    )
    head = choose(analysis.article, analysis.verdicts)
    assert head is not None and head.text == story


def test_a_headline_printed_as_kicker_and_line_is_one_title() -> None:
    """A kicker block ("Ferry service:") over the headline block, which together repeat the
    declared title, is one headline; the report's title is the whole of it."""
    from detector.headline import choose

    kicker, line = "Ferry service:", "Council adds two evening crossings"
    body = (
        f'<div class="headline"><div class="kicker">{kicker}</div>'
        f'<div class="title">{line}</div></div>{_STORY}'
    )
    analysis = page_analysis(
        f"<html><head><title>{kicker} {line} | Island Gazette</title></head>"
        f"<body>{body}</body></html>",
        lambda p: "title" if p.index < 2 else "content",
        site="Island Gazette",
    )
    head = choose(analysis.article, analysis.verdicts)
    assert head is not None and head.paragraph == 0 and head.title == f"{kicker} {line}"
    assert list(title.run(analysis)) == []


def test_a_heading_that_opens_with_the_sites_name_is_the_sites_header() -> None:
    """A heading "Island Gazette News - Archive" in ``<h1>`` over the story's own heading is
    the site's header (its first part names the site, as the ``<title>`` does), not the
    headline."""
    from detector.headline import choose

    story = "Council adds two evening ferry crossings"
    body = f"<h1>Island Gazette News - Archive</h1><h2>{story}</h2>{_STORY}"
    analysis = _with_extracted_title(
        _page(body, f"News - {story} - Island Gazette News"), "Island Gazette News - Archive"
    )
    head = choose(analysis.article, analysis.verdicts)
    assert head is not None and head.text == story
    assert list(title.run(analysis)) == []


def test_a_copy_between_two_furniture_paragraphs_is_a_teaser_lists() -> None:
    """Far down a page, the headline between two paragraphs of furniture (a "latest news" list
    with its dates) is an item of a teaser list, not a copy in the article."""
    body = (
        f"<h1>{HEADLINE}</h1>{_STORY}{_STORY}"
        f"<p>Latest news</p><p>{HEADLINE}</p><p>Tuesday 17 March</p>"
    )

    def role(p: Paragraph) -> str:
        if p.index == 0:
            return "title"
        return "boilerplate" if p.text in ("Latest news", "Tuesday 17 March") else "content"

    analysis = page_analysis(
        f"<html><head><title>{HEADLINE}</title></head><body>{body}</body></html>", role
    )
    assert list(title.run(analysis)) == []


def test_the_reports_title_is_as_written_and_repaired() -> None:
    """The report's title keeps the page's own characters ("iPhone™", full-width digits), not
    the compare-form the headline search uses, and its mojibake is repaired."""
    import detector
    from detector.loaders import read

    def title_of(data: str, name: str) -> str | None:
        article = next(read(name, data=data.encode("utf-8")))
        return detector.analyze(article).title

    story = "<p>The new phone is faster than the last one, and the battery lasts a whole day.</p>"
    page = (
        "<html><head><title>iPhone™ 15 review | Gadget World</title>"
        "<meta property='og:site_name' content='Gadget World'></head>"
        f"<body><h1>iPhone™ 15 review</h1>{story}</body></html>"
    )
    assert title_of(page, "page.html") == "iPhone™ 15 review"
    japanese = page.replace("iPhone™ 15 review", "２０２０年の新製品")
    assert title_of(japanese, "page.html") == "２０２０年の新製品"
    text = "Sprzeciw wobec atakÃ³w na FundacjÄ™\n\nJesteÅ›my przeciwni atakom, powiedziaÅ‚.\n"
    assert title_of(text, "story.txt") == "Sprzeciw wobec ataków na Fundację"
