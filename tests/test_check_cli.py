"""``detector check`` and ``detector clean`` end to end: exit codes, formats, settings, fixes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from gate_articles import SHARE, clean_markdown, scraped_markdown, stories

from detector.cli import main

STORY = stories()[0]
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2}\d{3}) ")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "detector.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "good.md").write_text(clean_markdown(STORY), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return tmp_path


def bad(repo: Path) -> Path:
    path = repo / "content" / "bad.md"
    path.write_text(scraped_markdown(STORY), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_tree_passes_and_no_path_means_the_cwd(repo: Path, capsys) -> None:
    code, out, err = run(capsys)
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("Checked 1 file: ")
    assert " 0 files fail (fail-on: warning)." in out


def test_blocking_findings_fail_with_editor_lines(repo: Path, capsys) -> None:
    bad(repo)
    code, out, _ = run(capsys, "content")
    assert code == 1
    found = [m.groupdict() for line in out.splitlines() if (m := LINE.match(line))]
    assert {f["path"] for f in found} == {"content/bad.md"}
    assert {"TI001", "BP001"} <= {f["code"] for f in found}
    lines = (repo / "content" / "bad.md").read_text(encoding="utf-8").splitlines()
    share = next(f for f in found if f["code"] == "BP001")
    assert SHARE in lines[int(share["line"]) - 1 : int(share["line"]) + 3]
    assert "1 file fails (fail-on: warning)." in out


def test_fail_on_and_min_score_flags(repo: Path, capsys) -> None:
    bad(repo)
    assert run(capsys, "--fail-on", "never")[0] == 0
    assert run(capsys, "--fail-on", "error", "--ignore", "BP")[0] == 0  # TI001 only warns
    code, out, _ = run(capsys, "--fail-on", "never", "--min-score", "99")
    assert code == 1 and "content/bad.md: score " in out and "is under min-score 99" in out


@pytest.mark.parametrize(
    ("argv", "toml", "message"),
    [
        (["--format", "sarif2"], None, "invalid choice: 'sarif2'"),
        ([], 'fail_of = "error"\n', "unknown key 'fail_of' in detector.toml (did you mean"),
        ([], '[severity]\nTI002 = "error"\n', "severity: no rule code starts with 'TI002'"),
        (["--select", "TX"], None, "select: no rule code starts with 'TX'"),
        (["missing.md"], None, "missing.md: no such file or directory"),
        (["--min-score", "101"], None, "--min-score: expected 0 to 100"),
        (["--unsafe-fixes"], None, "--unsafe-fixes needs --fix or --diff"),
    ],
)
def test_usage_and_config_errors_exit_2(repo: Path, capsys, argv, toml, message) -> None:
    if toml is not None:
        (repo / "detector.toml").write_text(toml, encoding="utf-8")
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as exc:  # argparse
        code, err = exc.code, capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err


def test_unreadable_files_are_skipped_with_a_note(repo: Path, capsys) -> None:
    (repo / "content" / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    code, out, err = run(capsys)
    assert code == 0
    assert err.count("detector: note: skipped") == 1 and "binary.txt" in err
    assert "1 skipped (unreadable)." in out


def test_show_settings_says_where_each_came_from(repo: Path, capsys) -> None:
    (repo / "detector.toml").write_text('fail-on = "warning"\nmin-score = 70\n', encoding="utf-8")
    code, out, _ = run(capsys, "--show-settings", "--ignore", "NM")
    assert code == 0
    settings = {line.split()[0]: line for line in out.splitlines()}
    assert settings["fail-on"].endswith(f"# {repo / 'detector.toml'}")
    assert settings["min-score"].split()[1] == "70"
    assert settings["ignore"].endswith("# --ignore") and '["NM"]' in settings["ignore"]
    assert settings["select"].endswith("# default")
    assert settings["format"].split()[1] == '"concise"'


def test_json_output_parses(repo: Path, capsys) -> None:
    bad(repo)
    code, out, _ = run(capsys, "--format", "json")
    document = json.loads(out)
    assert code == 1 and sorted(Path(r["source"]).name for r in document) == ["bad.md", "good.md"]
    findings = [f for r in document for f in r["findings"]]
    assert all(f["location"]["line"] >= 1 and f["fingerprint"] for f in findings)


def test_jsonl_records_point_at_their_line_of_the_file(repo: Path, capsys) -> None:
    records = [{"title": STORY["title"], "text": "\n\n".join(STORY["paragraphs"])}] * 2
    records[1] = {**records[1], "text": records[1]["text"] + "\n\n" + SHARE}
    (repo / "content" / "feed.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "content/feed.jsonl", "--fail-on", "never")
    found = [m.groupdict() for line in out.splitlines() if (m := LINE.match(line))]
    assert code == 0
    assert {(f["line"], f["code"]) for f in found if f["code"] == "BP001"} == {("2", "BP001")}


def test_a_file_of_records_counts_once_and_fix_leaves_it_alone(repo: Path, capsys) -> None:
    # A one-paragraph record's lines are not the file's: --fix must never rewrite a JSON line.
    records = [{"title": STORY["title"], "text": STORY["title"] + "\n\n" + STORY["title"]}]
    records.append({"title": "Second", "text": "\n\n".join(STORY["paragraphs"]) + "\n\n" + SHARE})
    path = repo / "content" / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run(capsys, "content/feed.jsonl", "--fix", "--fail-on", "never")
    assert code == 0
    assert path.read_bytes() == before
    assert "content/feed.jsonl: --fix rewrites plain-text and Markdown files only" in err
    assert "Checked 1 file (2 records): " in out
    assert "[*]" not in out
    code, out, _ = run(capsys, "content/feed.jsonl", "--format", "markdown", "--fail-on", "never")
    assert "1 file checked; " in out


def test_fix_then_the_check_passes(repo: Path, capsys) -> None:
    path = bad(repo)
    original = path.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--diff")
    assert code == 1 and out.startswith("--- a/content/bad.md\n+++ b/content/bad.md\n")
    assert path.read_text(encoding="utf-8") == original  # --diff writes nothing
    code, out, _ = run(capsys, "--fix")
    assert code == 0, out
    assert "Fixed " in out
    assert path.read_text(encoding="utf-8") != original
    assert run(capsys, "--diff")[0] == 0  # nothing left to fix
    assert run(capsys)[0] == 0


def test_clean_prints_the_fixed_article(repo: Path, capsysbinary) -> None:
    path = bad(repo)
    assert main(["clean", str(path)]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith("---\ntitle: ") and SHARE not in out
    assert STORY["paragraphs"][0] in out


def test_baseline_workflow(repo: Path, capsys) -> None:
    bad(repo)
    code, _, err = run(capsys, "--write-baseline", "baseline.json")
    assert code == 0 and "wrote " in err
    assert run(capsys, "--baseline", "baseline.json")[0] == 0
    (repo / "content" / "bad.md").write_text(clean_markdown(STORY), encoding="utf-8")
    code, _, err = run(capsys, "--baseline", "baseline.json")
    assert code == 0 and "baseline entries no longer match a finding" in err


def test_every_gate_format_runs_from_the_cli(repo: Path, capsys, monkeypatch, tmp_path_factory):
    bad(repo)
    for fmt in ("junit", "markdown"):  # the cache spares re-analysis
        code, out, _ = run(capsys, "--format", fmt)
        assert code == 1 and "bad.md" in out, fmt
    summary = tmp_path_factory.mktemp("runner") / "summary.md"  # outside the checked tree
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(capsys, "--format", "github")
    assert code == 1 and out.startswith("::") and "file=content/bad.md," in out
    assert "| `content/bad.md` |" in summary.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--format", "sarif", "--output-file", "detector.sarif")
    assert code == 1 and out == ""
    log = json.loads((repo / "detector.sarif").read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"content/bad.md"}


def test_check_parameters_from_the_config_reach_the_checks(repo: Path, capsys) -> None:
    """``[params]`` moves a check's number: the clean story is too short under a minimum of
    100,000 words, and passes again at the default."""
    settings = repo / "detector.toml"
    settings.write_text('fail-on = "warning"\n[params]\nbody-min-words = 100000\n', "utf-8")
    code, out, _ = run(capsys)
    assert code == 1 and "SZ001" in out and "(minimum 100000)" in out
    settings.write_text('fail-on = "warning"\n', "utf-8")
    assert run(capsys)[0] == 0


def test_a_baseline_lets_new_findings_through(repo: Path, capsys) -> None:
    bad(repo)
    assert run(capsys, "--write-baseline", "baseline.json")[0] == 0
    fresh = repo / "content" / "fresh.md"
    fresh.write_text(scraped_markdown(stories()[1]), encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", "baseline.json")
    found = {m["path"] for line in out.splitlines() if (m := LINE.match(line))}
    assert code == 1 and found == {"content/fresh.md"}  # bad.md's old debt is in the baseline


def _git(root: Path, *args: str) -> None:
    import subprocess

    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    subprocess.run(command, cwd=root, check=True, capture_output=True)


def test_diff_base_blames_only_what_changed(repo: Path, capsys) -> None:
    (repo / ".git").rmdir()
    _git(repo, "init", "-q")
    bad(repo)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "the archive, debts and all")
    assert run(capsys, "--diff-base", "HEAD")[0] == 0  # nothing changed since HEAD
    (repo / "content" / "new.md").write_text(scraped_markdown(stories()[1]), encoding="utf-8")
    code, out, _ = run(capsys, "--diff-base", "HEAD")
    found = {m["path"] for line in out.splitlines() if (m := LINE.match(line))}
    assert code == 1 and found == {"content/new.md"}
    code, _, err = run(capsys, "--diff-base", "no-such-ref")
    assert code == 2 and "no-such-ref" in err


def test_two_workers_give_the_same_lines_as_one(repo: Path, capsys) -> None:
    bad(repo)
    (repo / "content" / "other.md").write_text(scraped_markdown(stories()[2]), encoding="utf-8")
    one = run(capsys, "--no-cache", "-j", "1")
    two = run(capsys, "--no-cache", "-j", "2")
    assert one[0] == two[0] == 1
    assert one[1] == two[1]


def test_progress_shows_on_a_terminal_only(repo: Path, capsys, monkeypatch) -> None:
    import sys

    bad(repo)
    piped = run(capsys, "--no-cache")
    assert "checking" not in piped[2]
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    shown = run(capsys, "--no-cache")
    assert "checking" in shown[2]
    assert shown[:2] == piped[:2]  # the same verdicts and lines either way


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8-sig", b"\xef\xbb\xbf"), ("cp1252", b"---")]
)
def test_fix_keeps_the_files_encoding(repo: Path, capsys, encoding: str, prefix: bytes) -> None:
    """A file with a byte-order mark keeps it; a Windows-1252 file stays Windows-1252."""
    path = bad(repo)
    first = STORY["paragraphs"][0]
    accented = first.rstrip(".") + ", said the café's owner, José Núñez, with a smile."
    text = path.read_text(encoding="utf-8").replace(first, accented, 1)
    path.write_bytes(text.encode(encoding))
    assert run(capsys, "--fix")[0] == 0
    data = path.read_bytes()
    assert data.startswith(prefix) and data.decode(encoding).encode(encoding) == data
    fixed = data.decode(encoding)
    assert SHARE not in fixed and accented in fixed
