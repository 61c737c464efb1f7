"""SU001 unused-suppression: a directive that silences nothing is reported, and --fix drops it."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.checks import RULES
from detector.config import Config
from detector.fix import apply, plan
from detector.gate import Gate

STORY = [
    "Harbour Council Approves New Ferry Timetable",
    "The council voted on Tuesday to add two late crossings to the ferry timetable.",
    "<!-- detector: ignore BP001 -->",
    "Share on Facebook",
    "Passengers had asked for later boats for several years, the harbour master said.",
    "<!-- detector: ignore TI001 -->",
    "The new timetable starts in March and runs until the end of October.",
]
ROLES = {"Share on Facebook": "boilerplate"}
BASE = ("SZ",)  # the story is short on purpose


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    path = tmp_path / "a.txt"
    path.write_text("\n\n".join(STORY) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def check(article: Path, fake_model, *ignore: str):
    gate = Gate(Config(ignore=BASE + ignore), root=article.parent, rules=list(RULES))
    (report,) = gate.reports(gate.inputs([article.name]), model=fake_model(ROLES))
    return report


def test_an_unused_directive_is_reported_at_its_line(article: Path, fake_model) -> None:
    report = check(article, fake_model)
    assert [f.rule.code for f in report.findings] == ["SU001"]  # BP001 was silenced
    (unused,) = report.findings
    assert unused.location.line == 11 and unused.evidence["codes"] == ["TI001"]
    assert "silences nothing" in unused.message and unused.fingerprint


@pytest.mark.parametrize("ignore", ["SU", "TI"], ids=["su-ignored", "rule-not-run"])
def test_nothing_is_reported_when_it_cannot_be_judged(article: Path, fake_model, ignore) -> None:
    assert check(article, fake_model, ignore).findings == ()


def test_fix_removes_the_unused_directive_only(article: Path, fake_model) -> None:
    report = check(article, fake_model)
    edits = [edit for group in plan(report).values() for edit in group]
    fixed = apply(article.read_text(encoding="utf-8"), edits)
    assert "ignore TI001" not in fixed and "ignore BP001" in fixed
    assert fixed == "\n\n".join(line for line in STORY if "TI001" not in line) + "\n"
