from __future__ import annotations

from detector.article import Article, Paragraph
from detector.checks import boilerplate
from detector.checks.base import Analysis
from detector.findings import Severity, Verdict


def analysed(rows: list[tuple[str, str]]) -> Analysis:
    """Build an analysis from (text, role or 'boilerplate/kind') rows, one line apart."""
    paragraphs, verdicts = [], []
    for index, (text, role) in enumerate(rows):
        paragraphs.append(Paragraph(index, text, line=2 * index + 1))
        role, _, kind = role.partition("/")
        verdicts.append(Verdict(role, 0.8, kind or None, (f"cue {index}",) if kind else ()))
    return Analysis(Article("t.txt", tuple(paragraphs)), tuple(verdicts))


STORY = [
    ("Home | News | Sport", "boilerplate/navigation"),
    ("Council Adds Evening Ferries", "title"),
    ("The council voted on Monday to add two evening crossings.", "content"),
    ("Share on Facebook", "boilerplate/share"),
    ("Sign up for our newsletter", "boilerplate/newsletter"),
    ("Commuters had asked for the change for years.", "content"),
    ("Related news", "boilerplate/related"),
    ("Leave a reply", "boilerplate/comment_form"),
]


def test_one_finding_per_run_with_position_and_severity() -> None:
    findings = list(boilerplate.run(analysed(STORY)))
    assert [f.paragraphs for f in findings] == [(0,), (3, 4), (6, 7)]
    assert [f.evidence["position"] for f in findings] == ["before", "inside", "after"]
    assert [f.effective_severity for f in findings] == [
        Severity.WARNING,
        Severity.ERROR,
        Severity.WARNING,
    ]
    assert [f.remove for f in findings] == [(0,), (3, 4), (6, 7)]
    assert findings[1].lines == (7, 9)


def test_evidence_lists_each_paragraph_verdict() -> None:
    inside = list(boilerplate.run(analysed(STORY)))[1]
    assert inside.evidence["kinds"] == {"share": 1, "newsletter": 1}
    assert inside.evidence["paragraphs"][0] == {
        "paragraph": 3,
        "line": 7,
        "kind": "share",
        "confidence": 0.8,
        "reasons": ["cue 3"],
        "text": "Share on Facebook",
    }
    assert "inside the story (lines 7–9)" in inside.message
    assert "“Share on Facebook”" in inside.message


def test_no_boilerplate_no_finding() -> None:
    rows = [(text, role) for text, role in STORY if not role.startswith("boilerplate")]
    assert list(boilerplate.run(analysed(rows))) == []


def test_page_without_story_text() -> None:
    (finding,) = boilerplate.run(
        analysed([("Menu", "boilerplate/navigation"), ("Login", "boilerplate/navigation")])
    )
    assert finding.evidence["position"] == "no_story"
    assert finding.effective_severity is Severity.WARNING
