from __future__ import annotations

from detector.article import Article, Paragraph
from detector.checks import layout
from detector.checks.base import Analysis
from detector.findings import Severity, Verdict


def analysed(*rows: tuple[str, str]) -> Analysis:
    paragraphs = tuple(Paragraph(i, text, line=2 * i + 1) for i, (text, _) in enumerate(rows))
    return Analysis(Article("t", paragraphs), tuple(Verdict(role, 0.9) for _, role in rows))


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


def test_only_section_breaks_is_info() -> None:
    (finding,) = layout.run(analysed(("Text.", "content"), ("***", "content")))
    assert finding.effective_severity is Severity.INFO
    assert finding.remove == ()


def test_line_inside_a_multiline_block() -> None:
    analysis = analysed(("First line of the block\n|\nlast line", "content"))
    (finding,) = layout.run(analysis)
    assert finding.lines == (2,)
    assert finding.remove == ()


def test_boilerplate_punctuation_is_left_to_bp001() -> None:
    assert list(layout.run(analysed(("Text.", "content"), (".", "boilerplate")))) == []
    assert list(layout.run(analysed(("¯\\_(ツ)_/¯ was his reply.", "content")))) == []
