from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers import text_analysis as analysed

from detector.checks import names
from detector.checks.base import Analysis
from detector.findings import Severity

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def fixture(name: str, roles: Mapping[int, str] | None = None) -> Analysis:
    return analysed((FIXTURES / name).read_text(encoding="utf-8"), roles)


def variants(analysis: Analysis) -> list[list[str]]:
    return [[f.form for f in group] for group in names.name_variants(analysis)]


def test_misspelled_name_with_a_majority() -> None:
    analysis = fixture("lighthouse-keepers.txt", {1: "title"})
    findings = [f for f in names.run(analysis) if f.rule.code == "NM001"]
    (finding,) = findings
    assert finding.lines == (3, 5, 7, 9)
    assert finding.evidence["majority"] == "Oyelaran"
    assert finding.evidence["tie"] is False
    forms = {v["form"]: (v["count"], v["lines"]) for v in finding.evidence["variants"]}
    assert forms == {"Oyelaran": (3, [3, 5, 9]), "Oyelaren": (1, [7])}
    assert "“Oyelaren” once (line 7)" in finding.message
    assert "majority form is “Oyelaran”" in finding.message
    assert finding.effective_severity is Severity.WARNING


def test_inflections_demonyms_and_distinct_places_are_not_variants() -> None:
    groups = variants(fixture("lighthouse-keepers.txt", {1: "title"}))
    flat = {form for group in groups for form in group}
    assert not flat & {"Russia", "Russian", "Russo", "Iran", "Iraq"}


def test_a_name_with_a_few_letters_added_is_a_derived_word_not_a_variant() -> None:
    text = (
        "The mine lies an hour north of Yellowknife, along the winter road to the lakes.\n\n"
        "Many Yellowknifers drive it every weekend, the mayor said on Tuesday.\n"
    )
    assert list(names.run(analysed(text))) == []


def test_two_people_told_apart_by_first_names() -> None:
    analysis = fixture("harbour-ferry.txt", {1: "dateline", 3: "title", 5: "byline"})
    assert variants(analysis) == []


def test_tie_between_two_single_spellings() -> None:
    text = (
        "The talks were led by Foreign Minister Halvard Skjelbred on Tuesday.\n\n"
        "Skjelbrad said the two sides would meet again in the spring.\n"
    )
    (finding,) = names.run(analysed(text))
    assert finding.evidence["tie"] is True
    assert finding.evidence["majority"] is None
    assert finding.evidence["variants"][0]["full_names"] == ["Halvard Skjelbred"]
    assert "does not say which is right" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # honorifics of different genders: two people
        "Mr Hollander spoke first.\n\nLater Ms Hollender replied to him.\n",
        # common words capitalised at sentence starts
        "These plans were old.\n\nThere was no money.\n\nThen the mayor left.\n",
        # office and institution words
        "The Defense Minister visited the Defense Ministry on Monday.\n",
        # a word the text also writes in lower case is not a name
        "The Harbourmaster arrived.\n\nEvery harbourmaster keeps a log, the Harbormaster said.\n",
        # names under five letters are not compared
        "Officials in Kyiv met envoys who had flown in from Kiev airport.\n",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert [f for f in names.run(analysed(text)) if f.rule.code == "NM001"] == []


def test_first_names_only_grouped_before_the_same_surname() -> None:
    same = "Kellen Brandt scored twice.\n\nThe coach praised Kellan Brandt after the game.\n"
    assert variants(analysed(same)) == [["Kellen", "Kellan"]]
    other = "Jason Croft scored twice.\n\nThe coach praised Jayson for his defending.\n"
    assert variants(analysed(other)) == []


def test_title_case_headline_gives_no_name_evidence() -> None:
    text = "Budget Talks Stall Again\n\nThe budget talks stall again, officials said.\n"
    assert variants(analysed(text, {1: "title"})) == []


@pytest.mark.parametrize(
    "text",
    [
        # two dictionary words: real places and surnames, not one name misspelt
        "The ferry left Ireland at dawn.\nBy noon the crew could see Iceland on the horizon.",
        "The report by Carla Johnston was published.\nIt quoted Mark Johnson at length.",
        # a name the story writes again and again beside a dictionary word it resembles
        "The coach Amos Tallon spoke first.\nThen Tallon spoke again.\nTallon left early.\n"
        "The bird spread one Talon over the branch.",
        # two parts of one name written side by side
        "The astronomer Galileo Galilei wrote it.\nLater Galileo wrote again.",
    ],
)
def test_real_words_and_names_are_not_grouped(text: str) -> None:
    assert variants(analysed(text)) == []


def test_a_rare_slip_beside_a_dictionary_name_is_found() -> None:
    text = (
        "The mayor Odile Thackeray opened the fair.\n"
        "Residents thanked Thackeray for the new market.\n"
        "Later Thackery said the stalls would stay."
    )
    assert variants(analysed(text)) == [["Thackeray", "Thackery"]]


def test_a_single_name_before_a_word_is_not_a_first_name() -> None:
    # "Smsung Patent": one occurrence before a capitalised word does not make a first name
    text = (
        "The maker Samsung filed the claim.\n"
        "A court weighed the Smsung Patent on Tuesday.\n"
        "Samsung said it would appeal."
    )
    assert variants(analysed(text)) == [["Samsung", "Smsung"]]


@pytest.mark.parametrize(
    "text",
    [
        # encoding damage is EN001's: "Canadaâ" is "Canada’s" decoded with the wrong charset
        "Forecasters at Environment Canada issued a warning.\n"
        "The warning covers Environment Canadaâ northern regions.",
        # a lost space glues a function word onto a name, twice
        "Voters in Northern Ireland went to the polls.\n"
        "The result matters to Northern Irelandfor years to come.\n"
        "It matters to Northern Irelandto the end.",
    ],
)
def test_damaged_and_glued_forms_are_not_grouped(text: str) -> None:
    assert variants(analysed(text)) == []


def test_a_glued_tail_does_not_hide_a_real_slip() -> None:
    text = "The minister Annalena Berbock spoke first.\nLater Burbock said the talks would go on."
    assert variants(analysed(text)) == [["Berbock", "Burbock"]]


def test_last_words_of_names_with_other_first_words_are_two_names() -> None:
    text = (
        "The cast of Sports Night returned for a reunion.\n"
        "Fans of Sports Night lined up early, and Bill Nighy sent a message.\n"
        "Sports Night ran for two seasons."
    )
    assert variants(analysed(text)) == []


def test_forms_told_apart_are_not_joined_through_a_third() -> None:
    text = (
        "The film stars Kate Bosworth, and the director cast Kate early.\n"
        "The scenes were shot in Katwe, a district of the city.\n"
        "Her co-star, the young Katie Yu, plays a teacher."
    )
    groups = variants(analysed(text))
    assert not any({"Kate", "Katie"} <= set(group) for group in groups)
