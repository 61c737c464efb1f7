"""The article-part roles given back after the model, and the boilerplate-kind fallback."""

from __future__ import annotations

import pytest

from detector.model import kind_of
from detector.parts import PARTS, refine

HEAD = [("Menu", "boilerplate"), ("Ferry cuts winter crossings", "title")]
STORY = [
    ("The island ferry will run four crossings a day from November, its operator said.", "content"),
    ("Residents said the evening boat was the only way home from late shifts.", "content"),
]


def _refine(rows: list[tuple[str, str]]) -> list[str]:
    return refine([t for t, _ in rows], [r for _, r in rows])[0]


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Ann Lee in Lakeport; Editing by Tom Hart)",
        "Reporting by Ann Lee; additional reporting by Omar Haddad",
        "Associated Press writers Lena Fischer and Omar Haddad contributed to this report.",
        "Staff writer Lucy Brandt contributed reporting.",
        "Mit Material von dpa",
        "(dpa/Reuters)",
        "Avec l'AFP",
        "(Con información de EFE)",
        "(Reporte de Javier Ortega; editado en español por Ana Molina)",
        "(Reportagem de Ana Costa; Edição de Rui Lopes)",
    ],
)
def test_a_credit_line_after_the_story_is_a_credit_not_furniture(line: str) -> None:
    roles = _refine([*HEAD, *STORY, (line, "boilerplate"), ("Share this", "boilerplate")])
    assert roles[-2:] == ["credit", "boilerplate"]


@pytest.mark.parametrize(
    "line",
    [
        "By Hannah Okafor",
        "BY RUTH ABARA AND KEN MIYAKE",
        "Posted by Priya Nair, Engineering Lead",
        "Posted by timothy on Tuesday July 24, @12:06PM",
        "Von Anna Schmidt und Lea Wolf",
        "Von unserem Korrespondenten Paul Richter",
        "Par Claire Dubois, envoyée spéciale",
        "Por María José Gil, corresponsal",
        "Texte : Sophie Laurent",
        "Ann Lee, Health Correspondent",
    ],
)
def test_a_byline_in_the_head_is_a_byline(line: str) -> None:
    assert _refine([*HEAD, (line, "boilerplate"), *STORY])[2] == "byline"


@pytest.mark.parametrize(
    "line", ["4 de mayo de 2022 - 00:38", "Updated 5:27 am CST, Wednesday, November 20, 2019"]
)
def test_a_dateline_in_the_head_is_a_dateline(line: str) -> None:
    assert _refine([*HEAD, (line, "boilerplate"), *STORY])[2] == "dateline"


def test_a_standfirst_between_headline_and_story_and_above_a_byline() -> None:
    deck = "The company blames fuel costs and a shortage of crew for the change."
    assert _refine([*HEAD, (deck, "boilerplate"), *STORY])[2] == "standfirst"
    # Kept as content by the model, but a byline follows it before the story does.
    rows = [*HEAD, (deck, "content"), ("By Hannah Okafor", "boilerplate"), *STORY]
    assert _refine(rows)[2:4] == ["standfirst", "byline"]


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("Reporter's Notebook", "head"),  # a post alone is a column name
        ("The Hollywood Reporter", "head"),
        ("Von Montag an gilt der neue Fahrplan", "head"),  # German nouns are capitalised
        ("Editing by semantic units", "end"),  # no name after "by"
        ("© 2024 Harbour Post. All rights reserved. AP contributed to this report.", "end"),
        ("Tom Hart is a writer who lives by the harbour and writes about ferries.", "head"),
        ("Moody's Lowers Its Outlook For Europe's Biggest Economy", "head"),  # a teaser
        ("Wednesday November 20, 2019 Swing state voters say they want answers", "head"),
        ("Singer Ann Lee arrives at the awards in Lakeport, in this file photo.", "head"),
    ],
)
def test_furniture_that_looks_like_a_part_stays_furniture(line: str, where: str) -> None:
    rows = (
        [*HEAD, (line, "boilerplate"), *STORY]
        if where == "head"
        else [*HEAD, *STORY, (line, "boilerplate")]
    )
    at = 2 if where == "head" else -1
    assert _refine(rows)[at] == "boilerplate"


def test_content_is_taken_only_for_a_credit_that_opens_the_last_paragraph() -> None:
    closing = "Militants said they would keep fighting. (Reporting by Ann Lee; Editing by Tom Hart)"
    assert _refine([*HEAD, *STORY, (closing, "content")])[-1] == "content"
    credit = "(Reporting by Ann Lee; Editing by Tom Hart)"
    assert _refine([*HEAD, *STORY, (credit, "content")])[-1] == "credit"
    wire = "Associated Press writers Lena Fischer and Omar Haddad contributed to this report."
    assert _refine([*HEAD, *STORY, (wire, "content")])[-1] == "credit"
    # In the middle of the story, the model's content stands.
    assert _refine([*HEAD, STORY[0], (credit, "content"), STORY[1]])[3] == "content"


def test_without_a_story_nothing_changes_and_reasons_name_the_part() -> None:
    texts = ["By Hannah Okafor", "Menu"]
    assert refine(texts, ["boilerplate", "boilerplate"]) == (["boilerplate", "boilerplate"], {})
    roles, changed = refine(
        [t for t, _ in [*HEAD, ("By Hannah Okafor", "boilerplate"), *STORY]],
        [r for _, r in [*HEAD, ("By Hannah Okafor", "boilerplate"), *STORY]],
    )
    assert changed == {2: PARTS["byline"]}


@pytest.mark.parametrize(
    ("text", "kind", "confidence", "expected"),
    [
        ("Share this article", "share", 0.97, "share"),
        ("Share this article", "share", 0.2, "share"),  # unsure, but the wording agrees
        ("Fr. Edward Beck", "share", 0.45, "other"),  # unsure, and no share wording
        ("Kap Verde", "navigation", 0.4, "navigation"),  # a broad kind: a lower bar
        ("Kap Verde", "bio", 0.28, "other"),
        ("9,5 x 12 x 5 cm", "share", 0.78, "other"),  # no word: not a widget
        ("+49 30 1234567", "punctuation", 0.6, "other"),  # digits are not punctuation
        ("* * *", "navigation", 0.6, "punctuation"),  # no letter or digit: punctuation
    ],
)
def test_kind_of(text: str, kind: str, confidence: float, expected: str) -> None:
    assert kind_of(text, kind, confidence) == expected
