from __future__ import annotations

import pytest

from detector.article import Paragraph
from detector.findings import Finding, Rule, Severity
from detector.regions import group
from detector.scoring import (
    NEEDS_REVIEW,
    PLACE_SHARE,
    PUBLISHABLE,
    RULE_CAP,
    assess,
    deductions,
    score,
    verdict_for,
)

TITLE = Rule("TI001", "duplicated-title", "duplicate_title", Severity.WARNING, "Title repeated.")
DATE = Rule("DT001", "date-mismatch", "date_mismatch", Severity.ERROR, "Stamped date is wrong.")
NOTE = Rule("NM001", "name-variant", "spelling_inconsistency", Severity.INFO, "Two spellings.")
BOILER = Rule("BP001", "boilerplate", "boilerplate", Severity.WARNING, "Page furniture.")


def paragraphs(*sizes: int) -> list[Paragraph]:
    return [Paragraph(i, "x" * size, line=i + 1) for i, size in enumerate(sizes)]


def test_no_findings_is_a_perfect_score() -> None:
    assert score([], paragraphs(100, 100)) == (100, "publishable")


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        (100, "publishable"),
        (PUBLISHABLE, "publishable"),
        (PUBLISHABLE - 1, "needs review"),
        (NEEDS_REVIEW, "needs review"),
        (NEEDS_REVIEW - 1, "not publishable"),
        (0, "not publishable"),
    ],
)
def test_verdict_thresholds(value: int, verdict: str) -> None:
    assert verdict_for(value) == verdict


@pytest.mark.parametrize(
    ("rule", "expected"),
    [(DATE, 70), (TITLE, 90), (NOTE, 98)],
)
def test_one_finding_deducts_by_severity(rule: Rule, expected: int) -> None:
    value, _ = score([Finding(rule, "m", paragraphs=(0,))], paragraphs(100))
    assert value == expected


def test_finding_severity_overrides_rule_default() -> None:
    finding = Finding(TITLE, "m", paragraphs=(0,), severity=Severity.ERROR)
    assert score([finding], paragraphs(100))[0] == 70


def test_noisy_rule_is_capped() -> None:
    many = [Finding(TITLE, "m", paragraphs=(i,)) for i in range(40)]
    value, verdict = score(many, paragraphs(*[10] * 40))
    assert deductions(many, paragraphs(*[10] * 40)) == {"TI001": RULE_CAP[Severity.WARNING]}
    assert value == 100 - RULE_CAP[Severity.WARNING]
    assert verdict == "needs review"


def test_cap_follows_the_worst_severity_of_the_rule() -> None:
    findings = [
        Finding(TITLE, "m", paragraphs=(0,), severity=Severity.ERROR),
        Finding(TITLE, "m", paragraphs=(1,), severity=Severity.ERROR),
        Finding(TITLE, "m", paragraphs=(2,)),
    ]
    assert deductions(findings, paragraphs(10, 10, 10)) == {"TI001": RULE_CAP[Severity.ERROR]}


def test_boilerplate_scales_with_its_share_of_the_text() -> None:
    small = Finding(BOILER, "m", paragraphs=(1,), remove=(1,))
    large = Finding(BOILER, "m", paragraphs=(1,), remove=(1,))
    tiny_share = paragraphs(990, 10)  # 1% of the characters
    big_share = paragraphs(600, 400)  # 40% of the characters
    assert deductions([small], tiny_share)["BP001"] == pytest.approx(0.6)
    assert deductions([large], big_share)["BP001"] == pytest.approx(24.0)
    assert score([small], tiny_share) == (99, "publishable")
    assert score([large], big_share) == (76, "needs review")


def test_boilerplate_paragraphs_are_counted_once_per_finding() -> None:
    finding = Finding(BOILER, "m", paragraphs=(1, 2), remove=(1, 2))
    assert deductions([finding], paragraphs(70, 15, 15))["BP001"] == pytest.approx(18.0)


def test_boilerplate_cap_holds_for_a_page_of_furniture() -> None:
    finding = Finding(BOILER, "m", paragraphs=(1,), remove=(1,))
    assert deductions([finding], paragraphs(1, 99))["BP001"] == RULE_CAP[Severity.WARNING]


def test_several_rules_add_up_and_clamp_at_zero() -> None:
    findings = [
        Finding(DATE, "m"),
        Finding(Rule("DT002", "b", "b", Severity.ERROR, "s"), "m"),
        Finding(Rule("DT003", "c", "c", Severity.ERROR, "s"), "m"),
        Finding(Rule("DT004", "d", "d", Severity.ERROR, "s"), "m"),
    ]
    assert score(findings, paragraphs(100)) == (0, "not publishable")


def test_error_and_three_warnings_from_different_rules() -> None:
    findings = [Finding(DATE, "m")] + [
        Finding(Rule(f"TI00{i}", "t", "t", Severity.WARNING, "s"), "m") for i in range(1, 4)
    ]
    assert score(findings, paragraphs(100)) == (40, "not publishable")


def test_empty_article_does_not_divide_by_zero() -> None:
    finding = Finding(BOILER, "m", paragraphs=(0,), remove=(0,))
    assert score([finding], []) == (100, "publishable")


def test_source_and_article_scores_are_kept_apart() -> None:
    furniture = Finding(BOILER, "m", paragraphs=(1,), remove=(1,))
    copy = Finding(TITLE, "m", paragraphs=(0,))
    sizes = paragraphs(600, 400)  # the furniture is 40% of the text: 24 points off the source
    page = assess([furniture, copy], sizes, input_format="html")
    assert (page.article, page.source, page.verdict) == (90, 76, "publishable")
    assert [d.to_dict() for d in page.deductions] == [
        {"rule": "TI001", "score": "article", "count": 1, "points": 10.0},
        {"rule": "BP001", "score": "source", "count": 1, "points": 24.0},
    ]
    text = assess([furniture, copy], sizes, input_format="text")
    assert (text.article, text.source, text.verdict) == (90, 76, "needs review")


def test_clean_article_on_a_furnished_page_is_publishable() -> None:
    furniture = [Finding(BOILER, "m", paragraphs=(i,), remove=(i,)) for i in range(1, 5)]
    page = assess(furniture, paragraphs(100, 200, 200, 200, 200), input_format="html")
    assert (page.article, page.verdict) == (100, "publishable")
    assert page.source == 100 - RULE_CAP[Severity.WARNING]
    assert page.deductions[0].count == 4


def test_readme_worked_example() -> None:
    """README, section Scores: 30% furniture, a headline copy, mixed spellings."""
    spelling = Rule("NM002", "mixed-us-uk-spelling", "spelling_inconsistency", Severity.INFO, "")
    sizes = paragraphs(700, 100, 100, 100)
    findings = [
        Finding(TITLE, "m", paragraphs=(0,)),
        Finding(spelling, "m", paragraphs=(0,)),
        *(Finding(BOILER, "m", paragraphs=(i,), remove=(i,)) for i in (1, 2, 3)),
    ]
    page = assess(findings, sizes, input_format="html")
    assert [(d.rule, d.score, d.count, round(d.points)) for d in page.deductions] == [
        ("TI001", "article", 1, 10),
        ("NM002", "article", 1, 2),
        ("BP001", "source", 3, 18),
    ]
    assert (page.article, page.source, page.verdict) == (88, 82, "publishable")
    assert assess(findings, sizes, input_format="text").verdict == "needs review"


def test_a_merged_finding_costs_more_for_each_further_place() -> None:
    stray = Rule("LY001", "stray-punctuation", "stray_punctuation", Severity.WARNING, "Stray.")
    text = paragraphs(10, 10, 10, 10)
    one = group([Finding(stray, "m", paragraphs=(0,))], text)
    three = group([Finding(stray, "m", paragraphs=(i,)) for i in range(3)], text)
    assert len(three) == 1  # one region, one finding in the report
    assert three[0].evidence["region"]["findings"] == 3
    assert deductions(one, text) == {"LY001": 10.0}
    assert deductions(three, text) == {"LY001": pytest.approx(10.0 * (1 + 2 * PLACE_SHARE))}
    assert score(three, text)[0] < score(one, text)[0]
    assert three[0].places == 3
    assert assess(three, text, input_format="text").deductions[0].count == 3


def test_a_finding_that_lists_several_places_costs_more_than_one() -> None:
    stray = Rule("LY001", "stray-punctuation", "stray_punctuation", Severity.WARNING, "Stray.")
    text = paragraphs(10, 10, 10)
    one = Finding(stray, "m", paragraphs=(0,))
    two = Finding(stray, "m", paragraphs=(0, 2), places=2)
    assert score([two], text)[0] < score([one], text)[0]


def test_places_still_stop_at_the_rule_cap() -> None:
    many = [Finding(TITLE, "m", paragraphs=(0,), places=40)]
    assert deductions(many, paragraphs(10)) == {"TI001": RULE_CAP[Severity.WARNING]}
