"""IN001 unreadable-input: the report of an input or record that cannot be read."""

from __future__ import annotations

import json

from detector.article import Origin
from detector.checks import RULES, check_for
from detector.cli import main
from detector.findings import UNREADABLE_INPUT, Report, Severity


def test_unreadable_report_has_one_error_finding_and_no_paragraphs() -> None:
    origin = Origin("crawl.jsonl", record=2, line=3)
    report = Report.unreadable(origin, "crawl.jsonl: malformed JSON at line 3: Expecting value")
    assert (report.verdict, report.score, report.paragraphs) == ("error", 0, ())
    assert report.source == "crawl.jsonl#2"
    assert report.error == "crawl.jsonl: malformed JSON at line 3: Expecting value"
    [finding] = report.findings
    assert finding.rule is UNREADABLE_INPUT
    assert (finding.rule.code, finding.rule.kind) == ("IN001", "unreadable_input")
    assert finding.effective_severity is Severity.ERROR
    assert (finding.location.path, finding.location.line, finding.location.record) == (
        "crawl.jsonl",
        3,
        "2",
    )
    assert finding.fingerprint
    row = report.to_dict()
    assert row["origin"] == {
        "input": "crawl.jsonl",
        "record": 2,
        "line": 3,
        "row": None,
        "record_id": None,
        "offset": None,
    }
    assert row["findings"][0]["rule"] == "IN001"
    json.dumps(row)


def test_fingerprint_names_the_record_not_the_line() -> None:
    a = Report.unreadable(Origin("a.jsonl", record=2, line=3), "bad")
    b = Report.unreadable(Origin("a.jsonl", record=2, line=9), "bad")
    c = Report.unreadable(Origin("a.jsonl", record=3, line=3), "bad")
    assert a.findings[0].fingerprint == b.findings[0].fingerprint != c.findings[0].fingerprint


def test_rule_is_registered_and_documented(capsys) -> None:
    assert RULES["IN001"] is UNREADABLE_INPUT
    assert "IN001" in check_for("IN001").doc
    assert main(["rule", "IN001"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("IN001 unreadable-input")
    assert "Known false positives" in out
