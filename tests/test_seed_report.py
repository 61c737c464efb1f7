"""The reference scraped article through the whole pipeline: shipped model, checks and report.

This is the acceptance test of the core: every role of ``seed-article.expected.json`` right, all
four expected findings present, and nothing it lists under must_not_flag reported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import detector


def _examples() -> Path:
    configured = os.environ.get("DETECTOR_SHARED")
    root = Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared"
    return root / "examples"


@pytest.fixture(scope="module")
def seed() -> tuple[dict[str, Any], dict[str, Any]]:
    path = _examples() / "seed-article.txt"
    expected_path = _examples() / "seed-article.expected.json"
    if not path.is_file() or not expected_path.is_file():
        pytest.skip(f"seed article not present under {path.parent}")
    [report] = detector.analyze_path(path)
    return report.to_dict(), json.loads(expected_path.read_text(encoding="utf-8"))


def test_every_role_is_right(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    report, expected = seed
    got = {p["line"]: p["role"] for p in report["paragraphs"]}
    want = {line: role for role, lines in expected["roles"].items() for line in lines}
    wrong = {line: (got.get(line), role) for line, role in want.items() if got.get(line) != role}
    assert not wrong, f"line: (got, expected) {wrong}"
    assert set(got) == set(want)


@pytest.mark.parametrize("index", range(4))
def test_expected_finding_is_reported(
    seed: tuple[dict[str, Any], dict[str, Any]], index: int
) -> None:
    report, expected = seed
    want = expected["findings"][index]
    matches = [f for f in report["findings"] if f["kind"] == want["kind"]]
    assert matches, f"no {want['kind']} finding"
    lines = {line for f in matches for line in f["lines"]}
    assert set(want["lines"]) <= lines
    if "stamp" in want:
        assert any(f["evidence"].get("stamp") == want["stamp"] for f in matches)
    if "variants" in want:
        variants = {v for f in matches for v in json.dumps(f["evidence"]).split('"')}
        assert set(want["variants"]) <= variants


def test_nothing_it_must_not_flag(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    report, _ = seed
    content_lines = set(range(9, 62))
    for finding in report["findings"]:
        if finding["kind"] == "boilerplate":
            assert not content_lines & set(finding["lines"]), finding["lines"]
    names = {"Lavrov", "Lukashenko", "Isachenkov", "Stoltenberg", "Scholz", "Fomin"}
    for finding in report["findings"]:
        if finding["kind"] == "spelling_inconsistency":
            assert not names & set(json.dumps(finding["evidence"]).replace('"', " ").split())


def test_report_fields(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    report, _ = seed
    assert report["schema"].startswith("detector.report/")
    assert 0 <= report["score"] <= 100
    assert report["verdict"]
    assert report["date"] == "2023-06-03"
    for paragraph in report["paragraphs"]:
        assert {"index", "line", "text", "role", "confidence"} <= set(paragraph)
        assert 0.0 <= paragraph["confidence"] <= 1.0
    for finding in report["findings"]:
        assert {"rule", "kind", "severity", "message", "lines", "evidence"} <= set(finding)
    boilerplate = [p for p in report["paragraphs"] if p["role"] == "boilerplate"]
    assert all(p["reasons"] for p in boilerplate), "every boilerplate verdict says why"
    assert "Please enter your comment!" not in report["cleaned_text"]
    assert "Allied Resolve 2022" in report["cleaned_text"]
