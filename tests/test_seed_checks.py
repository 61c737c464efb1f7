"""The reference scraped article: every expected finding, nothing it must not flag."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from detector.article import Article, Paragraph
from detector.checks import CHECKS
from detector.checks.base import Analysis
from detector.findings import Finding, Verdict


def _shared() -> Path:
    configured = os.environ.get("DETECTOR_SHARED")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Any]]:
    examples = _shared() / "examples"
    text_path = examples / "seed-article.txt"
    expected_path = examples / "seed-article.expected.json"
    if not text_path.is_file() or not expected_path.is_file():
        pytest.skip(f"seed article not present under {examples}")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    return text_path.read_text(encoding="utf-8"), expected


def build(text: str, expected: dict[str, Any], copy_role: str) -> Analysis:
    """The seed with the expected roles; the lower-cased headline copy gets ``copy_role``."""
    role_of: dict[int, str] = {}
    for role, lines in expected["roles"].items():
        for line in lines:
            role_of[line] = copy_role if role == "duplicate_title" else role
    paragraphs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            paragraphs.append(Paragraph(len(paragraphs), line.strip(), line=number))
    verdicts = tuple(
        Verdict(role_of[p.line], 0.95, "other" if role_of[p.line] == "boilerplate" else None)
        for p in paragraphs
        if p.line is not None
    )
    return Analysis(Article("seed-article.txt", tuple(paragraphs)), verdicts)


def run_all(analysis: Analysis) -> list[Finding]:
    return [finding for check in CHECKS for finding in check.run(analysis)]


@pytest.mark.parametrize("copy_role", ["title", "content"])
def test_seed_expected_findings(seed: tuple[str, dict[str, Any]], copy_role: str) -> None:
    text, expected = seed
    analysis = build(text, expected, copy_role)
    findings = run_all(analysis)
    got = sorted((f.rule.kind, list(f.lines)) for f in findings)
    assert got == sorted((e["kind"], e["lines"]) for e in expected["findings"])

    by_kind = {f.rule.kind: f for f in findings}
    date = by_kind["date_mismatch"]
    assert date.evidence["stamp"] == expected["findings"][1]["stamp"]
    assert date.evidence["supported"]["not_after"] == "2022-02-09"
    assert {s["line"] for s in date.evidence["support"]} == {25}
    assert {c["line"] for c in date.evidence["context"]} >= {21, 31}
    spelling = by_kind["spelling_inconsistency"]
    assert sorted(v["form"] for v in spelling.evidence["variants"]) == ["Berbock", "Burbock"]
    title = by_kind["duplicate_title"]
    assert (title.evidence["title_line"], title.evidence["duplicate_lines"]) == (3, [5])
    assert title.evidence["match"] == "case"


def test_seed_must_not_flag(seed: tuple[str, dict[str, Any]]) -> None:
    text, expected = seed
    analysis = build(text, expected, "title")
    findings = run_all(analysis)
    content_lines = set(expected["roles"]["content"])
    line_of = {p.index: p.line for p in analysis.article.paragraphs}
    for finding in findings:
        assert not {line_of[i] for i in finding.remove} & content_lines, finding.rule.code
    legit = {"Lavrov", "Lukashenko", "Isachenkov", "Stoltenberg", "Scholz", "Fomin"}
    for finding in findings:
        if finding.rule.code == "NM001":
            assert not {v["form"] for v in finding.evidence["variants"]} & legit
