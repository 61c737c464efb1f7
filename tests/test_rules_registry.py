"""The rule table: well-formed, documented, tested, and equal to the checked-in snapshot."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from detector.checks import CHECKS, RETIRED, RULES, check_for

SNAPSHOT = Path(__file__).parent / "snapshots" / "rules.json"
SECTIONS = ("## What it flags", "## Why it matters", "## Example", "## Known false positives")


def table() -> list[dict[str, object]]:
    return [
        {
            "code": rule.code,
            "name": rule.name,
            "kind": rule.kind,
            "severity": str(rule.severity),
            "summary": rule.summary,
            "marks": rule.marks,
            "check": check.name,
        }
        for check in CHECKS
        for rule in check.rules
    ]


def test_codes_are_unique_and_well_formed() -> None:
    codes = [row["code"] for row in table()]
    assert len(codes) == len(set(codes))
    assert set(codes) == set(RULES)
    for code in codes:
        assert re.fullmatch(r"[A-Z]{2}\d{3}", str(code)), code
    assert not set(RETIRED) & set(codes)


@pytest.mark.parametrize("row", table(), ids=lambda row: str(row["code"]))
def test_names_and_kinds(row: dict[str, object]) -> None:
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", str(row["name"]))
    assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", str(row["kind"]))
    assert str(row["summary"]).endswith(".")


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_every_check_is_documented_and_tested(check) -> None:  # noqa: ANN001
    positions = [check.doc.find(section) for section in SECTIONS]
    assert all(p >= 0 for p in positions), f"{check.name}: missing one of {SECTIONS}"
    assert positions == sorted(positions), f"{check.name}: sections out of order"
    first_line = check.doc.strip().splitlines()[0]
    assert first_line.endswith(".") and not first_line.startswith("#")
    for rule in check.rules:
        assert rule.code in check.doc, f"{rule.code} is not described in {check.name}'s doc"
        assert check_for(rule.code) is check
    assert (Path(__file__).parent / f"test_checks_{check.name}.py").is_file()


def test_check_names_are_unique() -> None:
    names = [check.name for check in CHECKS]
    assert len(names) == len(set(names))


def test_table_matches_snapshot() -> None:
    current = table()
    if os.environ.get("DETECTOR_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    saved = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == saved, (
        "the rules table changed. Codes are never reused: retire a removed code in "
        "detector.checks.RETIRED. If the change is intended, rewrite the snapshot with "
        "`DETECTOR_UPDATE_SNAPSHOTS=1 pytest tests/test_rules_registry.py` and commit "
        "tests/snapshots/rules.json."
    )
