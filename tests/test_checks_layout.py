from __future__ import annotations

import pytest
from helpers import rows_analysis as analysed

from detector.checks import layout
from detector.findings import Severity


def test_stray_punctuation_is_removed_and_section_breaks_kept() -> None:
    analysis = analysed(
        ("The ferry runs at night now.", "content"),
        (".", "content"),
        ("* * *", "content"),
        ("Commuters welcomed it.", "content"),
    )
    (finding,) = layout.run(analysis)
    assert finding.lines == (3, 5)
    assert finding.remove == (1,)
    assert finding.places == 1  # the section break is no problem of its own
    assert finding.effective_severity is Severity.WARNING
    assert [(i["text"], i["separator"]) for i in finding.evidence["lines"]] == [
        (".", False),
        ("* * *", True),
    ]
    assert "“.” (line 3)" in finding.message
    assert "keep only if the author meant it" in finding.message


def test_each_stray_line_is_a_place_of_its_finding() -> None:
    analysis = analysed(
        ("The ferry runs at night now.", "content"),
        (".", "content"),
        ("Commuters welcomed it.", "content"),
        ("|", "content"),
    )
    (finding,) = layout.run(analysis)
    assert finding.places == 2


@pytest.mark.parametrize("mark", ["***", "* * *", "———", "__", "—", "[...]", "-----"])
def test_section_breaks_alone_are_not_reported(mark: str) -> None:
    assert list(layout.run(analysed(("Text.", "content"), (mark, "content")))) == []


@pytest.mark.parametrize("mark", [".", ",", "|", "-", "…", "”", "·", "»"])
def test_single_marks_are_strays(mark: str) -> None:
    (finding,) = layout.run(analysed(("Text.", "content"), (mark, "content")))
    assert finding.remove == (1,)


def test_line_inside_a_multiline_block() -> None:
    analysis = analysed(("First line of the block\n|\nlast line", "content"))
    (finding,) = layout.run(analysis)
    assert finding.lines == (2,)
    assert finding.remove == ()


def test_boilerplate_punctuation_is_left_to_bp001() -> None:
    assert list(layout.run(analysed(("Text.", "content"), (".", "boilerplate")))) == []
    assert list(layout.run(analysed(("¯\\_(ツ)_/¯ was his reply.", "content")))) == []


PROSE = "The ferry will run twice an hour from May, the port authority said on Monday."


@pytest.mark.parametrize("word", ["Advertisement", "Loading…", "Enlarge", "Getty", "here", "and"])
def test_stray_word_between_story_paragraphs_is_removed(word: str) -> None:
    analysis = analysed((PROSE, "content"), (word, "content"), (PROSE + " Again.", "content"))
    (finding,) = layout.run(analysis)
    assert finding.rule.code == "LY002"
    assert finding.remove == (1,)
    assert finding.lines == (3,)
    assert finding.evidence["lines"][0]["text"] == word


@pytest.mark.parametrize(
    "rows",
    [
        # a capitalised word of its own is a section heading
        [(PROSE, "content"), ("Background", "content"), (PROSE, "content")],
        # a word that ends a sentence, or opens a list
        [(PROSE, "content"), ("Yes.", "content"), (PROSE, "content")],
        [(PROSE, "content"), ("Ingredients:", "content"), (PROSE, "content")],
        # the first item of a list that the previous line introduces, any list item, a term
        [("You will need:", "content"), ("and", "content"), (PROSE, "content")],
        [(PROSE, "content"), ("flour", "content"), (PROSE, "content")],
        [(PROSE, "content"), ("* Share", "content"), (PROSE, "content")],
        # leftover markup is EN002's
        [(PROSE, "content"), ("{{#images}}", "content"), (PROSE, "content")],
        # first or last paragraph of the story, or judged boilerplate (BP001's)
        [("Advertisement", "content"), (PROSE, "content"), (PROSE, "content")],
        [(PROSE, "content"), (PROSE, "content"), ("Share", "content")],
        [(PROSE, "content"), ("Share", "boilerplate"), (PROSE, "content")],
    ],
)
def test_words_that_are_not_strays(rows: list[tuple[str, str]]) -> None:
    assert [f.rule.code for f in layout.run(analysed(*rows))] == []
