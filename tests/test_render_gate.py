"""The gate's renderers (concise, github, sarif, junit, markdown), each output parsed back."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from detector.article import Origin
from detector.findings import Finding, Location, Report, Rule, Severity
from detector.policy import Policy
from detector.render import FORMATS, RENDERERS, get_renderer
from detector.render.github import LIMIT, escape_data, escape_property

SCHEMA = Path(__file__).resolve().parents[1] / ".." / "shared" / "schemas"
SCHEMA = SCHEMA / "sarif-schema-2.1.0.json"

TITLE = Rule("TI001", "duplicated-title", "duplicate_title", Severity.WARNING, "Headline twice.")
DATE = Rule("DT001", "date-mismatch", "date_mismatch", Severity.ERROR, "The stamp is wrong.")
SHORT = Rule("SZ001", "body-too-short", "body_too_short", Severity.WARNING, "Too short.")
SPELL = Rule("NM002", "mixed-us-uk-spelling", "mixed_spelling", Severity.INFO, "US and UK.")

CONCISE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2}\d{3}) "
    r"(?P<fix>\[\*\] )?(?P<severity>error|warning|info): (?P<message>\S.*)$"
)
GITHUB = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),"
    r"endLine=(?P<end>\d+),col=(?P<col>\d+),title=(?P<title>[^,]+)::(?P<message>[^\r\n]*)$"
)


def rows(*roles: str, line: int = 5) -> tuple[dict[str, Any], ...]:
    """Paragraph rows on lines 5, 7, 9, ... (front matter above), one line each."""
    return tuple(
        {
            "index": i,
            "line": line + 2 * i,
            "end_line": line + 2 * i,
            "text": f"paragraph {i}",
            "role": role,
            "model_role": role,
            "confidence": 0.9,
            "kind": None,
            "reasons": [],
        }
        for i, role in enumerate(roles)
    )


def finding(rule: Rule, path: str, line: int | None, *, index: int | None = None, **kw: Any):
    paragraphs = () if index is None else (index,)
    return Finding(
        rule,
        kw.pop("message", f"{rule.name} here"),
        paragraphs=paragraphs,
        lines=() if line is None else (line,),
        location=Location(path, line=line, end_line=line, paragraph=index),
        fingerprint=kw.pop("fingerprint", f"{rule.code.lower()}-{path}-{line}"),
        **kw,
    )


def report(path: str, findings: list[Finding], *, score: int = 80, roles=("title", "content")):
    return Report(
        source=path,
        score=score,
        verdict="needs review",
        format="markdown",
        title="A title",
        date=None,
        url=None,
        paragraphs=rows(*roles),
        findings=tuple(findings),
        cleaned_text="",
        model="fake/1",
        origin=Origin(path),
    )


@pytest.fixture
def reports(tmp_path: Path) -> list[Report]:
    root = tmp_path
    good = str(root / "news" / "good.md")
    spaced = str(root / "news" / "with space é.md")
    return [
        report(good, []),
        report(
            spaced,
            [
                finding(TITLE, spaced, 7, index=1, remove=(1,)),
                finding(DATE, spaced, 5, index=0, message="Stamp 100% wrong,\nsee: line 5"),
                finding(SHORT, spaced, 5),  # about the whole article: its first line
            ],
            score=55,
            roles=("content", "title"),
        ),
        Report.unreadable(Origin(str(root / "news" / "broken.md")), "broken.md: not UTF-8"),
    ]


def render(name: str, reports: list[Report], **options: Any) -> str:
    out = io.StringIO()
    renderer = get_renderer(name)(out, **options)
    renderer.start()
    for item in reports:
        renderer.add(item)
    renderer.finish()
    return out.getvalue()


def test_gate_formats_are_registered() -> None:
    for name in ("concise", "github", "sarif", "junit", "markdown"):
        assert name in FORMATS and RENDERERS[name].name == name


def test_concise_lines_and_summary(reports: list[Report], tmp_path: Path) -> None:
    text = render("concise", reports, root=str(tmp_path), policy=Policy(min_score=60))
    lines = text.splitlines()
    parsed = [m.groupdict() for line in lines if (m := CONCISE.match(line))]
    assert [(p["path"], p["line"], p["col"], p["code"]) for p in parsed] == [
        ("news/with space é.md", "7", "1", "TI001"),
        ("news/with space é.md", "5", "1", "DT001"),
        ("news/with space é.md", "5", "1", "SZ001"),
    ]
    assert [bool(p["fix"]) for p in parsed] == [True, False, False]  # the title copy goes
    assert [p["severity"] for p in parsed] == ["warning", "error", "warning"]
    assert parsed[1]["message"] == "Stamp 100% wrong, see: line 5"  # one line per finding
    assert "news/with space é.md: score 55 is under min-score 60" in lines
    assert lines[-2] == (
        "Checked 2 files: 1 error, 2 warnings, 0 info. 1 file fails "
        "(fail-on: error, min-score: 60). 1 skipped (unreadable)."
    )
    assert lines[-1] == "[*] 1 finding fixable with --fix."


def test_concise_is_plain_unless_coloured(reports: list[Report]) -> None:
    assert "\x1b[" not in render("concise", reports)
    assert "\x1b[" in render("concise", reports, color=True)


def test_github_annotations_follow_the_grammar(reports: list[Report], tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    text = render("github", reports, root=str(tmp_path), step_summary=str(summary))
    lines = text.splitlines()
    assert len(lines) == 3
    parsed = [GITHUB.match(line) for line in lines]
    assert all(parsed), lines
    first = parsed[0]
    assert first["level"] == "error"  # the blocking error comes first
    assert first["file"] == "news/with space é.md"
    assert first["title"] == "DT001 date-mismatch (blocking)"
    assert first["message"] == "Stamp 100%25 wrong,%0Asee: line 5"
    assert [p["level"] for p in parsed] == ["error", "warning", "warning"]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n### ❌ detector check: 1 of 2 files fail")
    assert "| ❌ | `news/with space é.md` | 5 | DT001 date-mismatch |" in written


def test_github_escapes() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_stays_within_the_annotation_limit(tmp_path: Path) -> None:
    path = str(tmp_path / "a.md")
    many = [finding(SHORT, path, n) for n in range(1, 14)]  # 13 warnings
    many += [finding(DATE, path, n) for n in range(20, 32)]  # 12 errors
    many += [finding(SPELL, path, 40)]
    text = render("github", [report(path, many)], root=str(tmp_path))
    annotations = [m for line in text.splitlines() if (m := GITHUB.match(line))]
    levels = [m["level"] for m in annotations]
    assert levels == ["error"] * LIMIT + ["warning"] * LIMIT + ["notice"]
    assert [int(m["line"]) for m in annotations[:3]] == [20, 21, 22]
    assert "detector: 5 more findings are not annotated" in text
    group = text.split("::group::Findings not annotated\n")[1].split("::endgroup::")[0]
    assert len(group.splitlines()) == 5
    assert all(line.startswith("a.md:") for line in group.splitlines())


def test_sarif_validates_and_carries_what_code_scanning_needs(
    reports: list[Report], tmp_path: Path
) -> None:
    text = render("sarif", reports, root=str(tmp_path))
    log = json.loads(text)
    if SCHEMA.is_file():
        import jsonschema

        jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["TI001", "DT001", "SZ001"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["TI001", "DT001", "SZ001"]
    assert [r["ruleIndex"] for r in results] == [0, 1, 2]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "news/with%20space%20%C3%A9.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert location["region"] == {"startLine": 7, "startColumn": 1, "endLine": 7}
    assert results[2]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert results[0]["partialFingerprints"] == {"detector/v1": reports[1].findings[0].fingerprint}
    (fix,) = results[0]["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    assert replacement["deletedRegion"] == {
        "startLine": 7,
        "startColumn": 1,
        "endLine": 8,
        "endColumn": 1,
    }
    assert "fixes" not in results[1]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["broken.md: not UTF-8"]


def test_sarif_schema_check_is_possible() -> None:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is absent")
    assert json.loads(SCHEMA.read_text(encoding="utf-8"))["title"].startswith("Static Analysis")


def test_junit_counts_and_failures(reports: list[Report], tmp_path: Path) -> None:
    text = render("junit", reports, root=str(tmp_path), policy=Policy(Severity.WARNING, 60))
    suites = ET.fromstring(text.split("\n", 1)[1])
    (suite,) = suites.findall("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    assert suite.get("errors") == "1"
    good, bad, broken = suite.findall("testcase")
    assert good.get("name") == "news/good.md" and not list(good)
    failures = bad.findall("failure")
    assert [f.get("type") for f in failures] == ["TI001", "DT001", "SZ001", "min-score"]
    assert failures[-1].get("message") == "score 55 is under min-score 60"
    assert broken.find("error").get("type") == "IN001"


def test_junit_stays_well_formed_with_control_characters(tmp_path: Path) -> None:
    path = str(tmp_path / "a.md")
    text = render("junit", [report(path, [finding(DATE, path, 3, message="form\x01feed")])])
    (failure,) = ET.fromstring(text.split("\n", 1)[1]).iter("failure")
    assert failure.get("message") == "form\ufffdfeed"


def test_junit_lists_non_blocking_findings_as_output(reports: list[Report]) -> None:
    text = render("junit", reports, policy=Policy(Severity.ERROR))
    bad = ET.fromstring(text.split("\n", 1)[1]).findall("testsuite/testcase")[1]
    assert [f.get("type") for f in bad.findall("failure")] == ["DT001"]
    assert bad.find("system-out").text.count("\n") == 1  # TI001 and SZ001, one line each


def test_markdown_table(reports: list[Report], tmp_path: Path) -> None:
    path = str(tmp_path / "pipe|name.md")
    extra = report(path, [finding(SPELL, path, 3, message="a | b\nc")])
    text = render("markdown", [*reports, extra], root=str(tmp_path))
    lines = text.splitlines()
    assert lines[0] == "### ❌ detector check: 1 of 3 files fail"
    table = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert len(table) == 4
    assert table[0].startswith("| ❌ | `news/with space é.md` | 5 | DT001")
    assert table[-1] == ("| ℹ️ | `pipe\\|name.md` | 3 | NM002 mixed-us-uk-spelling | a \\| b c |")
    assert all(len(re.split(r"(?<!\\)\|", line)) == 7 for line in table)  # five cells each


def test_markdown_caps_the_rows(tmp_path: Path) -> None:
    path = str(tmp_path / "a.md")
    text = render(
        "markdown", [report(path, [finding(SPELL, path, n) for n in range(1, 8)])], max_rows=5
    )
    assert text.count("| ℹ️ |") == 5
    assert "…and 2 more findings not shown." in text
