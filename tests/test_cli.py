"""The command line, and the renderers it prints through (golden files in tests/golden)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import detector.checks
import detector.loaders
import detector.model
from detector.article import Origin, Paragraph
from detector.checks.base import Analysis, Check
from detector.cli import main
from detector.errors import LoadError, ModelError
from detector.findings import CheckError, Finding, Location, Report, Rule, Severity, fingerprint
from detector.render.json import render_json, render_jsonl, report_json
from detector.render.text import render_rule, render_rules, render_text
from detector.scoring import assess

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DETECTOR_UPDATE_GOLDEN") == "1"

TITLE = Rule(
    "TI001",
    "duplicated-title",
    "duplicate_title",
    Severity.WARNING,
    "The headline appears twice.",
    marks="duplicate_title",
)
DATE = Rule("DT001", "date-mismatch", "date_mismatch", Severity.ERROR, "The stamp is wrong.")
BOILER = Rule("BP001", "boilerplate", "boilerplate", Severity.WARNING, "Page furniture.")
TITLES_DOC = """Flag a headline that the page repeats.

What it flags
    A paragraph that repeats the title, [often] in another case.
"""


def repeats(analysis: Analysis) -> list[Finding]:
    seen: dict[str, int] = {}
    found = []
    for paragraph in analysis.article.paragraphs:
        first = seen.setdefault(paragraph.text.lower(), paragraph.index)
        if first != paragraph.index:
            pair = (first, paragraph.index)
            found.append(
                Finding(TITLE, "headline repeated", pair, analysis.lines_of(pair), remove=pair[1:])
            )
    return found


FAKE_CHECKS = (
    Check("titles", (TITLE,), repeats, TITLES_DOC),
    Check("dates", (DATE,), lambda analysis: [], "Flag a wrong stamp.", frozenset({"date"})),
    Check("boilerplate", (BOILER,), lambda analysis: [], "Flag page furniture."),
)


@pytest.fixture
def fake_pipeline(monkeypatch, fake_model, make_article):
    """Run the CLI on fake checks, a fake model and a plain-text reader."""
    models: list[str | None] = []

    def load_model(path=None):
        models.append(path)
        if path == "missing.skops":
            raise ModelError("missing.skops: no such model file")
        return fake_model(name="fake-model/1")

    def read(source, *, data=None, input_format=None, limits=None):
        if source == "interrupt.txt":
            raise KeyboardInterrupt
        if data is None:
            try:
                data = Path(source).read_bytes()
            except FileNotFoundError:
                raise LoadError(f"{source}: no such file") from None
        yield make_article(data.decode("utf-8"), source="<stdin>" if source == "-" else source)

    monkeypatch.setattr(detector.checks, "CHECKS", FAKE_CHECKS, raising=False)
    monkeypatch.setattr(
        detector.checks, "RULES", {r.code: r for c in FAKE_CHECKS for r in c.rules}, raising=False
    )
    monkeypatch.setattr(
        detector.checks,
        "check_for",
        lambda code: next(c for c in FAKE_CHECKS if code in {r.code for r in c.rules}),
        raising=False,
    )
    monkeypatch.setattr(detector.model, "load_model", load_model)
    monkeypatch.setattr(detector.loaders, "read", read, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return models


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.txt").write_text("Ferry Times\nThe ferry now runs late.\n", "utf-8")
    (tmp_path / "twice.txt").write_text("Ferry Times\nferry times\nThe ferry runs.\n", "utf-8")
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_and_exit_zero(fake_pipeline, files, capsys) -> None:
    code, out, err = run(capsys, "score", "twice.txt")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "twice.txt  article 90/100  source 100/100  publishable"
    assert out.splitlines()[1] == "score: article 100 - TI001 10 (1) = 90; source 100 = 100"
    assert "TI001" in out and "duplicated-title" in out and "lines 1-2" in out
    assert "\x1b[" not in out
    assert fake_pipeline == [None]


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([], 0),
        (["--fail-on", "never"], 0),
        (["--fail-on", "info"], 1),
        (["--fail-on", "warning"], 1),
        (["--fail-on", "error"], 0),
        (["--fail-on", "warning", "--ignore", "TI"], 0),
        (["--fail-on", "warning", "--select", "DT,BP"], 0),
    ],
)
def test_fail_on_threshold(fake_pipeline, files, capsys, flags, expected) -> None:
    assert run(capsys, "score", "twice.txt", *flags)[0] == expected


def test_clean_input_passes_the_strictest_threshold(fake_pipeline, files, capsys) -> None:
    assert run(capsys, "score", "clean.txt", "--fail-on", "info")[0] == 0


def test_config_file_gives_defaults_and_flags_win(fake_pipeline, files, capsys) -> None:
    (files / "detector.toml").write_text('fail-on = "warning"\nformat = "jsonl"\n', "utf-8")
    code, out, _ = run(capsys, "score", "twice.txt")
    assert code == 1 and json.loads(out)["score"] == 90
    assert run(capsys, "score", "twice.txt", "--fail-on", "never")[0] == 0
    assert run(capsys, "score", "twice.txt", "--format", "text")[2] == ""


def test_config_is_found_beside_the_first_input(
    fake_pipeline, files, capsys, tmp_path_factory
) -> None:
    (files / "detector.toml").write_text('ignore = ["TI"]\n', "utf-8")
    os.chdir(tmp_path_factory.mktemp("elsewhere"))
    code, out, _ = run(capsys, "score", str(files / "twice.txt"), "--format", "json")
    assert (code, json.loads(out)["findings"]) == (0, [])


def test_model_flag_is_passed_to_the_loader(fake_pipeline, files, capsys) -> None:
    run(capsys, "score", "clean.txt", "--model", "mine.skops")
    assert fake_pipeline == ["mine.skops"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "nope.txt"], "detector: error: nope.txt: no such file\n"),
        (
            ["score", "clean.txt", "--model", "missing.skops"],
            "detector: error: missing.skops: no such model file\n",
        ),
        (
            ["score", "clean.txt", "--select", "TI-1"],
            "detector: error: --select: 'TI-1' is not a rule code or prefix "
            "(like BP, TI0 or TI001)\n",
        ),
        (
            ["score", "clean.txt", "--ignore", "TI002"],
            "detector: error: ignore: no rule code starts with 'TI002' (did you mean TI001?)\n",
        ),
        (["score", "-", "-"], "detector: error: standard input (-) can be read only once\n"),
        (
            ["rule", "TI01"],
            "detector: error: unknown rule 'TI01' (did you mean TI001?); "
            "`detector rule` lists them\n",
        ),
    ],
)
def test_errors_are_one_line_and_exit_two(fake_pipeline, files, capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", message)


def test_bad_config_file_is_a_one_line_error(fake_pipeline, files, capsys) -> None:
    (files / "detector.toml").write_text('fail_no = "error"\n', "utf-8")
    code, _, err = run(capsys, "score", "clean.txt")
    assert code == 2
    assert err == (
        f"detector: error: {files / 'detector.toml'}: unknown key 'fail_no' in detector.toml "
        "(did you mean 'fail-on'?)\n"
    )


def test_one_bad_input_among_several(fake_pipeline, files, capsys) -> None:
    code, out, err = run(capsys, "score", "twice.txt", "nope.txt", "clean.txt", "--format", "jsonl")
    assert code == 2
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in rows] == ["twice.txt", "nope.txt", "clean.txt"]
    assert [r["verdict"] for r in rows][1] == "error"
    assert rows[1]["error"] == "nope.txt: no such file"
    assert [f["rule"] for f in rows[1]["findings"]] == ["IN001"]
    assert err == "detector: error: nope.txt: no such file\n"


def test_debug_shows_the_traceback(fake_pipeline, files, capsys) -> None:
    with pytest.raises(LoadError, match="nope.txt: no such file"):
        main(["score", "nope.txt", "--debug"])


def test_usage_errors_exit_two(fake_pipeline, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["score"])
    assert caught.value.code == 2
    assert "the following arguments are required: INPUT" in capsys.readouterr().err


def test_interrupt_exits_130(fake_pipeline, files, capsys) -> None:
    assert run(capsys, "score", "interrupt.txt")[0] == 130


def test_json_for_one_input_is_an_object(fake_pipeline, files, capsys) -> None:
    code, out, _ = run(capsys, "score", "twice.txt", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["schema"] == "detector.report/1"
    assert [p["role"] for p in report["paragraphs"]] == ["content", "duplicate_title", "content"]
    assert report["cleaned_text"] == "Ferry Times\nThe ferry runs."


def test_json_for_several_inputs_is_an_array_in_order(fake_pipeline, files, capsys) -> None:
    code, out, _ = run(capsys, "score", "twice.txt", "clean.txt", "--format", "json")
    assert [r["source"] for r in json.loads(out)] == ["twice.txt", "clean.txt"]
    code, out, _ = run(capsys, "score", "clean.txt", "twice.txt", "--format", "json")
    assert [r["source"] for r in json.loads(out)] == ["clean.txt", "twice.txt"]


def test_jsonl_is_one_object_per_line_in_order(fake_pipeline, files, capsys) -> None:
    code, out, _ = run(capsys, "score", "clean.txt", "twice.txt", "--format", "jsonl")
    lines = out.splitlines()
    assert [json.loads(line)["source"] for line in lines] == ["clean.txt", "twice.txt"]
    assert [json.loads(line)["score"] for line in lines] == [100, 90]


def test_json_of_failed_input_is_its_error_report(fake_pipeline, files, capsys) -> None:
    code, out, err = run(capsys, "score", "nope.txt", "--format", "json")
    assert (code, err) == (2, "detector: error: nope.txt: no such file\n")
    report = json.loads(out)
    assert (report["verdict"], report["score"], report["error"]) == (
        "error",
        0,
        "nope.txt: no such file",
    )


def test_stdin_is_read_as_bytes(fake_pipeline, files, capsys, monkeypatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Ferry Times\nferry times\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "score", "-", "--format", "json")
    report = json.loads(out)
    assert (report["source"], len(report["findings"])) == ("<stdin>", 1)


def test_rule_prints_its_documentation(fake_pipeline, capsys) -> None:
    code, out, _ = run(capsys, "rule", "ti001")
    assert code == 0
    assert out.splitlines()[:3] == [
        "TI001 duplicated-title",
        "severity: warning   kind: duplicate_title   marks: duplicate_title",
        "The headline appears twice.",
    ]
    assert "A paragraph that repeats the title, [often] in another case." in out
    assert run(capsys, "rule", "duplicated-title")[1] == out


def test_rule_without_code_lists_rules(fake_pipeline, capsys) -> None:
    code, out, _ = run(capsys, "rule")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()[2:]]
    assert listed == ["BP001", "DT001", "TI001"]


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "detector", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("detector ")


# --- renderers: golden files (regenerate with DETECTOR_UPDATE_GOLDEN=1) ---------------------


def golden_report() -> Report:
    rows = (
        (0, 1, "Monday 11 March 2024", "dateline", 0.97, None),
        (1, 3, "Harbour Council Approves New Ferry Timetable", "title", 0.91, None),
        (2, 5, "harbour council approves new ferry timetable", "duplicate_title", 0.62, None),
        (
            3,
            7,
            "The harbour council voted on Monday to add two evening crossings to the island "
            "ferry, after a winter in which the last boat left before most offices closed.",
            "content",
            0.88,
            None,
        ),
        (4, 9, "[Read more] Share on social media", "boilerplate", 0.93, "share"),
    )
    paragraphs = tuple(
        {
            "index": index,
            "line": line,
            "text": text,
            "role": role,
            "confidence": confidence,
            "kind": kind,
            "reasons": ["short line"] if role != "content" else [],
        }
        for index, line, text, role, confidence, kind in rows
    )
    findings = (
        Finding(
            DATE,
            "The page is stamped 2024-03-11 but the story speaks of events a year earlier.",
            paragraphs=(0,),
            lines=(1,),
            evidence={"stamp": "2024-03-11", "found": ["2023-02-09", "2023-02-10"]},
        ),
        Finding(
            TITLE,
            "The headline is repeated in lower case.",
            paragraphs=(1, 2),
            lines=(3, 5),
            evidence={"first": "Harbour Council Approves New Ferry Timetable", "similarity": 1.0},
            remove=(2,),
        ),
        Finding(BOILER, "Share widget.", (4,), (9,), severity=Severity.INFO, remove=(4,)),
    )
    assessment = assess(
        findings,
        [Paragraph(i, text, line=line) for i, line, text, *_ in rows],
        input_format="text",
    )
    return Report(
        source="harbour.txt",
        score=assessment.article,
        source_score=assessment.source,
        deductions=assessment.deductions,
        verdict=assessment.verdict,
        format="text",
        title="Harbour Council Approves New Ferry Timetable",
        date="2024-03-11",
        url="https://example.org/harbour",
        paragraphs=paragraphs,
        findings=tuple(
            dataclasses.replace(
                f,
                location=Location(
                    "harbour.txt", f.lines[0], f.lines[-1], paragraph=f.paragraphs[0]
                ),
                fingerprint=fingerprint(f.rule.code, rows[f.paragraphs[0]][2], "harbour.txt"),
            )
            for f in findings
        ),
        origin=Origin("harbour.txt"),
        cleaned_text="Monday 11 March 2024\nHarbour Council Approves New Ferry Timetable\n"
        "The harbour council voted on Monday.",
        model="fake-model/1",
        errors=(
            CheckError("spelling", "skipped: needs a title", skipped=True),
            CheckError("encoding", "ValueError: cannot decode [0x9d]"),
        ),
    )


def clean_report() -> Report:
    return Report(
        source="ferry.md",
        score=100,
        verdict="publishable",
        format="markdown",
        title=None,
        date=None,
        url=None,
        paragraphs=(
            {
                "index": 0,
                "line": None,
                "text": "Ferries run late — «always».",
                "role": "content",
                "confidence": 0.5,
                "kind": None,
                "reasons": [],
            },
        ),
        findings=(),
        cleaned_text="Ferries run late — «always».",
        model="fake-model/1",
    )


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("report.txt", lambda: render_text([golden_report(), clean_report()], width=100)),
        ("report-narrow.txt", lambda: render_text([golden_report()], width=60)),
        ("report.json", lambda: render_json([golden_report()], array=False)),
        ("reports.json", lambda: render_json([golden_report(), clean_report()], array=True)),
        ("reports.jsonl", lambda: render_jsonl([golden_report(), clean_report()])),
        ("rule.txt", lambda: render_rule(TITLE, TITLES_DOC, width=100)),
        ("rules.txt", lambda: render_rules([TITLE, DATE, BOILER], width=100)),
    ],
)
def test_renderers_match_golden_files(name, render) -> None:
    check_golden(name, render())


def test_json_is_the_report_dict_unescaped() -> None:
    report = clean_report()
    assert json.loads(report_json(report)) == report.to_dict()
    assert "«always»" in report_json(report)


def test_json_renders_evidence_types_json_lacks() -> None:
    import datetime as dt

    finding = Finding(DATE, "m", evidence={"dates": {dt.date(2024, 3, 1)}, "path": Path("a/b")})
    report = clean_report()
    report = Report(**{**{f: getattr(report, f) for f in report.__slots__}, "findings": (finding,)})
    evidence = json.loads(report_json(report))["findings"][0]["evidence"]
    assert evidence == {"dates": ["2024-03-01"], "path": "a/b"}


def test_text_colour_is_opt_in() -> None:
    assert "\x1b[" not in render_text([golden_report()])
    assert "\x1b[" in render_text([golden_report()], color=True)


# --- end to end: the real loaders and checks ------------------------------------------------

LIGHTHOUSE = """\
Tuesday, April 9, 2024

Volunteers Restore the Old Lighthouse Garden at Kestrel Point

volunteers restore the old lighthouse garden at kestrel point

By Ilse Marwood | Coastal Weekly

KESTREL POINT — Thirty volunteers spent the weekend clearing the walled garden beside the old \
lighthouse, which has been closed to visitors since a storm flattened its gate in 2019.

The parish council, which owns the site, said on Monday that the work had saved it the cost of \
hiring a contractor and that the garden could reopen before the summer holidays.

Organiser Petra Hollis said the group had pulled out brambles, rebuilt a dry-stone wall and \
replanted the herb beds that the last keeper's family tended for four decades.

"People kept asking when they could walk up to the lamp room again," Hollis said. "We decided \
to stop waiting and start digging."

The council plans to add benches and an information board about the keepers who lived on the \
point until the light was automated.

Share this article

Related posts

Leave a comment
"""

LIGHTHOUSE_ROLES = {
    "Tuesday, April 9, 2024": "dateline",
    "Volunteers Restore the Old Lighthouse Garden at Kestrel Point": "title",
    "volunteers restore the old lighthouse garden at kestrel point": "title",
    "By Ilse Marwood | Coastal Weekly": "byline",
    "Share this article": "boilerplate",
    "Related posts": "boilerplate",
    "Leave a comment": "boilerplate",
}


@pytest.fixture
def lighthouse(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "lighthouse.txt"
    path.write_text(LIGHTHOUSE, encoding="utf-8")
    return path


def test_end_to_end_with_real_loaders_and_checks(lighthouse, monkeypatch, fake_model, capsys):
    """Only the model is a stand-in here: it labels paragraphs the way an editor would."""
    monkeypatch.setattr(
        detector.model, "load_model", lambda path=None: fake_model(LIGHTHOUSE_ROLES)
    )
    code, out, err = run(
        capsys, "score", lighthouse.name, "--format", "json", "--fail-on", "warning"
    )
    report = json.loads(out)
    assert (code, err) == (1, "")
    assert [p["line"] for p in report["paragraphs"]] == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]
    duplicated = [f for f in report["findings"] if f["rule"] == "TI001"]
    assert [f["lines"] for f in duplicated] == [[3, 5]]
    assert report["paragraphs"][2]["role"] == "duplicate_title"
    boilerplate = [f for f in report["findings"] if f["rule"] == "BP001"]
    assert [f["lines"] for f in boilerplate] == [[19, 21, 23]]
    assert report["cleaned_text"].splitlines()[:3] == [
        "Tuesday, April 9, 2024",
        "Volunteers Restore the Old Lighthouse Garden at Kestrel Point",
        "By Ilse Marwood | Coastal Weekly",
    ]
    assert "Leave a comment" not in report["cleaned_text"]
    # article: TI001 deducts 10; source: BP001 100 * 46/1006 characters * 0.6 = 2.7
    assert {f["rule"] for f in report["findings"]} == {"TI001", "BP001"}
    assert (report["score"], report["source_score"]) == (90, 97)
    assert report["verdict"] == "publishable"
    assert [(d["rule"], d["score"], d["points"]) for d in report["deductions"]] == [
        ("TI001", "article", 10.0),
        ("BP001", "source", 2.7),
    ]
    assert report["title"] == "Volunteers Restore the Old Lighthouse Garden at Kestrel Point"

    code, out, _ = run(capsys, "score", lighthouse.name, "--format", "json", "--ignore", "TI,BP")
    assert code == 0
    assert {f["rule"] for f in json.loads(out)["findings"]}.isdisjoint({"TI001", "BP001"})


def test_real_stdin_and_input_format_errors(lighthouse, monkeypatch, fake_model, capsys):
    monkeypatch.setattr(
        detector.model, "load_model", lambda path=None: fake_model(LIGHTHOUSE_ROLES)
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LIGHTHOUSE.encode())))
    code, out, _ = run(capsys, "score", "-", "--format", "jsonl")
    assert (code, json.loads(out)["source"]) == (0, "<stdin>")
    (lighthouse.parent / "detector.toml").write_text('input-format = "mardown"\n', "utf-8")
    code, out, err = run(capsys, "score", lighthouse.name)
    assert (code, out) == (2, "")
    assert err.startswith("detector: error: unknown input format 'mardown'")
    assert err.count("\n") == 1


def test_rule_documents_a_real_rule(capsys) -> None:
    from detector.checks import RULES, check_for

    code, out, _ = run(capsys, "rule", "TI001", "--no-color")
    rule = RULES["TI001"]
    assert code == 0
    assert out.splitlines()[0] == f"TI001 {rule.name}"
    first_doc_line = check_for("TI001").doc.strip().splitlines()[0]
    assert first_doc_line in out
    code, out, _ = run(capsys, "rule")
    assert [line.split()[0] for line in out.splitlines()[2:] if line[:1].isupper()] == sorted(RULES)


def test_end_to_end_with_the_shipped_model(lighthouse) -> None:
    from detector.model import shipped_model_path

    if not shipped_model_path().is_file():
        pytest.skip("the shipped model has not been trained into detector/models yet")
    done = subprocess.run(
        [sys.executable, "-m", "detector", "score", str(lighthouse), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    report = json.loads(done.stdout)
    assert report["model"].startswith("detector-paragraphs/")
    assert [p["line"] for p in report["paragraphs"]] == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]
    assert 0 <= report["score"] <= 100
    assert report["errors"] == [e for e in report["errors"] if e["skipped"]]
    assert "Thirty volunteers spent the weekend" in report["cleaned_text"]


def test_text_output_caps_findings_per_rule_and_counts_the_rest() -> None:
    findings = tuple(
        Finding(TITLE, f"copy number {i}.", paragraphs=(i,), lines=(i + 1,)) for i in range(8)
    )
    report = dataclasses.replace(clean_report(), findings=findings)
    text = render_text([report], width=100)
    assert "copy number 4." in text and "copy number 5." not in text
    assert "Not shown: 3 more TI001 (--format json lists every finding)." in text
    assert len(json.loads(render_json([report], array=False))["findings"]) == 8


def test_rule_shows_the_parameters_that_move_it(capsys) -> None:
    assert main(["rule", "SZ001"]) == 0
    out = capsys.readouterr().out
    assert "parameter: body-min-words = 50 (default; 1 to 100000)" in out
    assert main(["rule", "TI001"]) == 0
    assert "parameter:" not in capsys.readouterr().out
