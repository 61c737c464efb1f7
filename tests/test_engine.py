from __future__ import annotations

import logging
from collections.abc import Iterable

import pytest

import detector.loaders
from detector.article import Article, Block, Paragraph
from detector.checks.base import Analysis, Check
from detector.config import Config
from detector.engine import analyze, analyze_path, is_selected, selected_rules
from detector.errors import ConfigError, ModelError
from detector.findings import CheckError, Finding, Rule, Severity

STORY = """\
Harbour Council Approves New Ferry Timetable

harbour council approves new ferry timetable

By Mara Lindqvist

The harbour council voted on Monday to add two evening crossings to the island ferry.

Councillors said the change answers years of complaints from commuters.

Share this article
"""

ROLES = {
    "Harbour Council Approves New Ferry Timetable": "title",
    "harbour council approves new ferry timetable": "title",
    "By Mara Lindqvist": "byline",
    "Share this article": "boilerplate",
    "Monday 11 March 2024": "dateline",
    "Menu": "boilerplate",
}

TITLE = Rule(
    "TI001",
    "duplicated-title",
    "duplicate_title",
    Severity.WARNING,
    "Title repeated.",
    marks="duplicate_title",
)
BOILER = Rule("BP001", "boilerplate", "boilerplate", Severity.WARNING, "Page furniture.")
DATE = Rule("DT001", "date-mismatch", "date_mismatch", Severity.ERROR, "Wrong stamp.")
NAME_A = Rule("NM001", "name-variant", "spelling_inconsistency", Severity.INFO, "Two spellings.")
NAME_B = Rule("NM002", "name-case", "spelling_inconsistency", Severity.INFO, "Two casings.")
CRASH = Rule("EN001", "encoding", "encoding", Severity.WARNING, "Broken characters.")


def repeats(analysis: Analysis) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for paragraph in analysis.article.paragraphs:
        key = paragraph.text.lower()
        if key in seen:
            pair = (seen[key], paragraph.index)
            yield Finding(
                TITLE,
                f"paragraph repeats line {analysis.lines_of([seen[key]])}",
                paragraphs=pair,
                lines=analysis.lines_of(pair),
                remove=(paragraph.index,),
            )
        seen.setdefault(key, paragraph.index)


def boilerplate(analysis: Analysis) -> Iterable[Finding]:
    found = tuple(p.index for p, _ in analysis.with_role("boilerplate"))
    if found:
        yield Finding(BOILER, "page furniture", found, analysis.lines_of(found), remove=found)


def dates(analysis: Analysis) -> Iterable[Finding]:
    for paragraph, _ in analysis.with_role("dateline"):
        yield Finding(DATE, "stamped date", (paragraph.index,), evidence={"stamp": "2024-03-11"})


def names(analysis: Analysis) -> Iterable[Finding]:
    return [Finding(NAME_A, "variant"), Finding(NAME_B, "case")]


def crash(analysis: Analysis) -> Iterable[Finding]:
    yield from ()
    raise RuntimeError("boom")


TITLES = Check("titles", (TITLE,), repeats, "Flag repeated titles.")
BOILERPLATE = Check("boilerplate", (BOILER,), boilerplate, "Flag page furniture.")
DATES = Check("dates", (DATE,), dates, "Flag wrong dates.", requires=frozenset({"date"}))
NAMES = Check("names", (NAME_A, NAME_B), names, "Flag name variants.")
CRASHING = Check("encoding", (CRASH,), crash, "Flag broken characters.")
ALL = (TITLES, BOILERPLATE, DATES, NAMES, CRASHING)


@pytest.fixture
def model(fake_model):
    return fake_model(ROLES)


@pytest.fixture
def story(make_article) -> Article:
    return make_article(STORY)


def codes(report) -> list[str]:
    return [f.rule.code for f in report.findings]


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("TI001", (), (), True),
        ("TI001", ("TI",), (), True),
        ("TI001", ("BP",), (), False),
        ("TI001", (), ("TI",), False),
        ("TI001", ("TI001",), ("TI",), True),  # longer select wins
        ("TI001", ("T",), ("TI",), False),  # longer ignore wins
        ("TI001", ("TI",), ("TI",), False),  # a tie goes to ignore
        ("TI002", ("TI",), ("TI001",), True),
    ],
)
def test_is_selected_longest_prefix_wins(code, select, ignore, expected) -> None:
    assert is_selected(code, select, ignore) is expected


def test_selected_rules_rejects_unknown_prefix_with_suggestion() -> None:
    rules = [r for check in ALL for r in check.rules]
    with pytest.raises(
        ConfigError, match=r"select: no rule code starts with 'TI01' \(did you mean TI001\?\)"
    ):
        selected_rules(rules, Config(select=("TI01",)))
    with pytest.raises(ConfigError, match="ignore: no rule code starts with 'QQ'"):
        selected_rules(rules, Config(ignore=("QQ",)))
    assert selected_rules(rules, Config(select=("NM",), ignore=("NM002",))) == {"NM001"}


def test_report_of_a_plain_text_article(story, model) -> None:
    report = analyze(story, model=model, checks=ALL)
    assert codes(report) == ["NM001", "NM002", "TI001", "BP001"]
    assert [e.to_dict() for e in report.errors] == [
        {"check": "dates", "message": "skipped: needs a date", "skipped": True},
        {"check": "encoding", "message": "RuntimeError: boom", "skipped": False},
    ]
    title = report.findings[2]
    assert title.lines == (1, 3) and title.remove == (1,)
    roles = [(p["line"], p["role"]) for p in report.paragraphs]
    assert roles == [
        (1, "title"),
        (3, "duplicate_title"),
        (5, "byline"),
        (7, "content"),
        (9, "content"),
        (11, "boilerplate"),
    ]
    assert report.paragraphs[5] == {
        "index": 5,
        "line": 11,
        "end_line": 11,
        "text": "Share this article",
        "role": "boilerplate",
        "model_role": "boilerplate",
        "confidence": 0.9,
        "kind": "navigation",
        "reasons": ["fake cue for boilerplate"],
    }
    assert report.cleaned_text == (
        "Harbour Council Approves New Ferry Timetable\n"
        "By Mara Lindqvist\n"
        "The harbour council voted on Monday to add two evening crossings to the island ferry.\n"
        "Councillors said the change answers years of complaints from commuters."
    )
    assert report.title == "Harbour Council Approves New Ferry Timetable"
    assert report.date is None
    assert report.model == "fake-model/1"
    assert report.source == "story.txt" and report.format == "text"
    # article: TI001 -10, NM001 and NM002 -2 each; source: BP001 -100 * 18/279 chars * 0.6 = -3.9
    assert (report.score, report.source_score, report.verdict) == (86, 96, "publishable")
    assert [(d.rule, d.score, d.count, round(d.points, 1)) for d in report.deductions] == [
        ("TI001", "article", 1, 10.0),
        ("NM001", "article", 1, 2.0),
        ("NM002", "article", 1, 2.0),
        ("BP001", "source", 1, 3.9),
    ]


def test_score_comes_from_the_kept_findings(story, model) -> None:
    report = analyze(story, model=model, checks=(TITLES,))
    assert (report.score, report.verdict) == (90, "publishable")
    quiet = analyze(story, model=model, checks=(TITLES,), config=Config(ignore=("TI",)))
    assert (quiet.score, quiet.findings) == (100, ())


def test_markdown_cleaned_text_keeps_blank_lines(make_article, model) -> None:
    article = make_article(STORY, fmt="markdown")
    report = analyze(article, model=model, checks=(TITLES, BOILERPLATE))
    assert report.cleaned_text.split("\n\n") == [
        "Harbour Council Approves New Ferry Timetable",
        "By Mara Lindqvist",
        "The harbour council voted on Monday to add two evening crossings to the island ferry.",
        "Councillors said the change answers years of complaints from commuters.",
    ]


def test_boilerplate_role_is_dropped_even_without_a_finding(story, model) -> None:
    report = analyze(story, model=model, checks=())
    assert "Share this article" not in report.cleaned_text
    assert "harbour council approves new ferry timetable" in report.cleaned_text


def test_unselected_checks_do_not_run(story, model) -> None:
    calls: list[str] = []

    def counted(analysis: Analysis) -> list[Finding]:
        calls.append("ran")
        return [Finding(CRASH, "x")]

    check = Check("encoding", (CRASH,), counted, "doc")
    analyze(story, model=model, checks=(TITLES, check), config=Config(select=("TI",)))
    assert calls == []
    analyze(story, model=model, checks=(TITLES, check))
    assert calls == ["ran"]


def test_findings_of_unselected_rules_are_dropped(story, model) -> None:
    report = analyze(story, model=model, checks=(NAMES,), config=Config(select=("NM001",)))
    assert codes(report) == ["NM001"]
    report = analyze(story, model=model, checks=(NAMES,), config=Config(ignore=("NM001",)))
    assert codes(report) == ["NM002"]


def test_skipped_check_is_not_recorded_when_unselected(story, model) -> None:
    report = analyze(story, model=model, checks=(DATES, TITLES), config=Config(ignore=("DT",)))
    assert report.errors == ()


def test_crashing_check_is_isolated_and_logged(story, model, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="detector"):
        report = analyze(story, model=model, checks=(CRASHING, TITLES, BOILERPLATE))
    assert codes(report) == ["TI001", "BP001"]
    assert report.errors == (CheckError("encoding", "RuntimeError: boom"),)
    assert "check encoding failed on story.txt: RuntimeError: boom" in caplog.text


def test_date_from_a_reported_stamp(make_article, model) -> None:
    article = make_article("Monday 11 March 2024\n" + STORY)
    report = analyze(article, model=model, checks=ALL)
    assert report.date == "2024-03-11"
    assert not any(e.check == "dates" for e in report.errors)


def test_date_from_the_dateline_without_any_finding(make_article, model) -> None:
    article = make_article("Monday 11 March 2024\n" + STORY)
    report = analyze(article, model=model, checks=())
    assert report.date == "2024-03-11"


def test_stamped_date_of_the_source_wins(make_article, model) -> None:
    article = make_article("Monday 11 March 2024\n" + STORY, date="2024-03-12", title="Ferry")
    report = analyze(article, model=model, checks=ALL)
    assert (report.date, report.title) == ("2024-03-12", "Ferry")


def test_findings_are_ordered_by_paragraph_then_code(make_article, model) -> None:
    article = make_article("Menu\n" + STORY)
    report = analyze(article, model=model, checks=(TITLES, NAMES, BOILERPLATE))
    assert codes(report) == ["NM001", "NM002", "BP001", "TI001"]


def test_model_must_give_one_verdict_per_paragraph(story, fake_model) -> None:
    class Short(fake_model):
        def predict(self, article):
            return super().predict(article)[:-1]

    with pytest.raises(ModelError, match="returned 5 verdicts for 6 paragraphs"):
        analyze(story, model=Short(), checks=())


SUPPRESSED = """\
<!-- detector: ignore-file BP -->
Harbour Council Approves New Ferry Timetable
detector: ignore TI001, NM
harbour council approves new ferry timetable
The harbour council voted on Monday to add two evening crossings to the island ferry.
Share this article
"""


def test_inline_suppression_for_next_paragraph_and_file(make_article, model) -> None:
    report = analyze(make_article(SUPPRESSED), model=model, checks=(TITLES, BOILERPLATE, NAMES))
    # NM findings point at no paragraph, so only a file-wide directive could silence them.
    assert codes(report) == ["NM001", "NM002"]
    assert [(p["index"], p["line"]) for p in report.paragraphs] == [(0, 2), (1, 4), (2, 5), (3, 6)]
    assert "detector:" not in report.cleaned_text


def test_suppression_only_covers_the_next_paragraph(make_article, model) -> None:
    text = "detector: ignore TI001\nThe ferry is late.\nA title\na title\n"
    report = analyze(make_article(text), model=model, checks=(TITLES,))
    assert [f.lines for f in report.findings] == [(3, 4)]


def test_malformed_directive_is_ordinary_text(make_article, model) -> None:
    article = make_article("detector: ignore everything\nA title\na title\n")
    report = analyze(article, model=model, checks=(TITLES,))
    assert codes(report) == ["TI001"]
    assert report.paragraphs[0]["text"] == "detector: ignore everything"


def test_directives_are_not_read_in_html(fake_model) -> None:
    block = Block(tag="p", path="body>p")
    paragraphs = (
        Paragraph(0, "<!-- detector: ignore TI001 -->", block=block),
        Paragraph(1, "A title", block=block),
        Paragraph(2, "a title", block=block),
    )
    article = Article("page.html", paragraphs, format="html")
    report = analyze(article, model=fake_model(), checks=(TITLES,))
    assert codes(report) == ["TI001"]
    assert report.cleaned_text == "<!-- detector: ignore TI001 -->\n\nA title"


def test_analyze_path_reads_every_article(monkeypatch, make_article, model) -> None:
    seen = {}

    def read(source, *, data=None, input_format=None, limits=None):
        seen.update(source=source, input_format=input_format)
        yield make_article(STORY, source="a")
        yield make_article("Only one line.", source="b")

    monkeypatch.setattr(detector.loaders, "read", read, raising=False)
    reports = analyze_path(
        "feed.jsonl", model=model, config=Config(input_format="json"), checks=(TITLES,)
    )
    assert [r.source for r in reports] == ["a", "b"]
    assert [codes(r) for r in reports] == [["TI001"], []]
    assert seen == {"source": "feed.jsonl", "input_format": "json"}
    analyze_path("x.md", input_format="markdown", model=model, checks=())
    assert seen["input_format"] == "markdown"


def test_default_model_is_loaded_from_config(monkeypatch, story, fake_model) -> None:
    import detector.model

    asked = []

    def load_model(path=None):
        asked.append(path)
        return fake_model(name="from-config")

    monkeypatch.setattr(detector.model, "load_model", load_model)
    report = analyze(story, checks=(), config=Config(model="/models/mine.skops"))
    assert (asked, report.model) == (["/models/mine.skops"], "from-config")


def test_findings_in_one_region_are_one_finding() -> None:
    from detector.regions import group

    rule = Rule("BP001", "boilerplate-paragraph", "boilerplate", Severity.ERROR, "Furniture.")
    paragraphs = [Paragraph(i, f"cell {i}", line=10 + i) for i in range(14)]
    runs = [
        Finding(
            rule,
            f"run {i}",
            paragraphs=(i,),
            lines=(10 + i,),
            remove=(i,),
            evidence={"position": "inside"},
        )
        for i in (1, 3, 5, 7)
    ]
    far = Finding(
        rule, "far", paragraphs=(12,), lines=(22,), remove=(12,), evidence={"position": "inside"}
    )
    other = Finding(rule, "after", paragraphs=(8,), lines=(18,), evidence={"position": "after"})
    merged = group([*runs, other, far], paragraphs)
    assert [f.paragraphs for f in merged] == [(1, 3, 5, 7), (8,), (12,)]
    region = merged[0]
    assert region.remove == (1, 3, 5, 7) and region.lines == (11, 13, 15, 17)
    assert region.evidence["region"]["findings"] == 4
    assert "The same in 3 more places of this region (lines 11-17)." in region.message
    assert len(region.evidence["parts"]) == 4


def test_findings_of_other_families_are_not_grouped() -> None:
    from detector.regions import group

    rule = Rule(
        "NM001", "name-spelling-inconsistency", "spelling_inconsistency", Severity.WARNING, ""
    )
    paragraphs = [Paragraph(i, f"text {i}", line=i + 1) for i in range(4)]
    two_names = [Finding(rule, "a", paragraphs=(0, 1)), Finding(rule, "b", paragraphs=(2, 3))]
    assert group(two_names, paragraphs) == two_names


def test_paragraph_rows_mark_blocks_of_hidden_markup(model) -> None:
    def block(hidden: bool) -> Block:
        return Block(tag="p", path="div>p", hidden=hidden)

    texts = ("Menu", "The ferry sails at six.", "It returns at nine.")
    article = Article(
        source="page.html",
        format="html",
        paragraphs=tuple(
            Paragraph(index=i, text=t, block=block(i == 2)) for i, t in enumerate(texts)
        ),
    )
    rows = analyze(article, model=model, checks=()).paragraphs
    assert [row.get("hidden", False) for row in rows] == [False, False, True]
