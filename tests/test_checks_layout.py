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
    assert finding.effective_severity is Severity.WARNING
    assert [(i["text"], i["separator"]) for i in finding.evidence["lines"]] == [
        (".", False),
        ("* * *", True),
    ]
    assert "“.” (line 3)" in finding.message
    assert "keep only if the author meant it" in finding.message


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
