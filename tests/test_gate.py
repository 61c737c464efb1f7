"""The gate's library layer: which files are checked, baselines, unused suppressions, changes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from detector.config import Config, load_config
from detector.errors import ConfigError
from detector.gate import Baseline, Changes, Gate, write_baseline

STORY = [
    "Harbour Council Approves New Ferry Timetable",
    "The council voted on Tuesday to add two late crossings to the ferry timetable.",
    "Share on Facebook",
    "Passengers had asked for later boats for several years, the harbour master said.",
    "The new timetable starts in March and runs until the end of October.",
]
BASE = Config(ignore=("SZ",))  # the story is short on purpose
ROLES = {"Share on Facebook": "boilerplate", "Subscribe to our newsletter": "boilerplate"}


def write(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def gate_reports(gate: Gate, paths: list[str], fake_model) -> list:
    return list(gate.reports(gate.inputs(paths), model=fake_model(ROLES)))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "content" / "a.txt", STORY)
    write(tmp_path / "content" / "drafts" / "b.txt", STORY)
    write(tmp_path / "content" / "c.md", STORY)
    write(tmp_path / "build" / "d.txt", STORY)
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    (tmp_path / "content" / ".gitignore").write_text("*.log\n", encoding="utf-8")
    (tmp_path / "content" / "e.log").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_inputs_honour_gitignore_include_and_exclude(tree: Path) -> None:
    gate = Gate(Config(), root=tree)
    assert [gate.relative(p) for p in gate.inputs([])] == [
        "content/a.txt",
        "content/c.md",
        "content/drafts/b.txt",
    ]
    config = Config(include=("*.txt",), exclude=("drafts/",), source=str(tree / "detector.toml"))
    chosen = [Gate(config, root=tree).relative(p) for p in Gate(config, root=tree).inputs(["."])]
    assert chosen == ["content/a.txt"]
    # A file named on the command line is checked whatever include says; exclude still applies.
    named = Gate(config, root=tree).inputs(["content/c.md", "content/drafts/b.txt"])
    assert named == ["content/c.md"]
    assert Gate(Config(), root=tree).inputs(["build/d.txt"]) == []


def test_a_missing_path_is_a_usage_error(tree: Path) -> None:
    with pytest.raises(ConfigError, match="nope.md: no such file or directory"):
        Gate(Config(), root=tree).inputs(["nope.md"])
    with pytest.raises(ConfigError, match="reads standard input"):
        Gate(Config(), root=tree).inputs(["-"])


def test_baseline_matches_moved_lines_and_lets_new_findings_through(tree: Path, fake_model) -> None:
    article = tree / "content" / "a.txt"
    gate = Gate(BASE, root=tree)
    before = gate_reports(gate, ["content/a.txt"], fake_model)
    assert [f.rule.code for f in before[0].findings] == ["BP001"]
    baseline_file = tree / "baseline.json"
    assert write_baseline(baseline_file, before, tree) == 1
    saved = json.loads(baseline_file.read_text(encoding="utf-8"))
    assert saved["findings"][0]["path"] == "content/a.txt"
    # An editor adds a paragraph at the top: every line moves down.
    write(article, ["Editor's note: updated on Wednesday with the start date.", *STORY])
    baseline = Baseline.load(baseline_file)
    gate = Gate(BASE, root=tree, baseline=baseline)
    moved = gate_reports(gate, ["content/a.txt"], fake_model)
    assert moved[0].findings == ()
    assert baseline.stale == 0
    # A new problem elsewhere is reported; the known one still is not.
    write(article, [*STORY, "Subscribe to our newsletter"])
    baseline = Baseline.load(baseline_file)
    gate = Gate(BASE, root=tree, baseline=baseline)
    fresh = gate_reports(gate, ["content/a.txt"], fake_model)
    assert len(fresh[0].findings) == 1
    assert fresh[0].findings[0].location.line == 11


def test_fingerprints_do_not_depend_on_how_the_path_was_given(tree: Path, fake_model) -> None:
    gate = Gate(BASE, root=tree)
    by_file = gate_reports(gate, ["content/a.txt"], fake_model)[0].findings[0].fingerprint
    by_folder = (
        [r for r in gate_reports(gate, ["."], fake_model) if r.source.endswith("a.txt")][0]
        .findings[0]
        .fingerprint
    )
    by_absolute = gate_reports(gate, [str(tree / "content/a.txt")], fake_model)
    assert by_file == by_folder == by_absolute[0].findings[0].fingerprint


def test_stale_baseline_entries_are_counted(tree: Path, fake_model) -> None:
    gate = Gate(BASE, root=tree)
    write_baseline(tree / "b.json", gate_reports(gate, ["content"], fake_model), tree)
    write(tree / "content" / "a.txt", [line for line in STORY if line != "Share on Facebook"])
    baseline = Baseline.load(tree / "b.json")
    gate_reports(Gate(BASE, root=tree, baseline=baseline), ["content/a.txt"], fake_model)
    assert baseline.stale == 1  # only the entries of checked files can be stale


@pytest.mark.parametrize(
    ("content", "message"),
    [("[]", "not a detector.baseline/1 file"), ("{", "not JSON"), (None, "cannot read")],
)
def test_bad_baselines_are_config_errors(tmp_path: Path, content, message) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        Baseline.load(path)


def test_per_file_ignores_and_severity_overrides(tree: Path, fake_model) -> None:
    (tree / "detector.toml").write_text(
        'ignore = ["SZ"]\n[per-file-ignores]\n"content/drafts/**" = ["BP"]\n'
        '[severity]\nBP001 = "error"\n',
        encoding="utf-8",
    )
    config = load_config(tree)
    gate = Gate(config, root=tree)
    found = {gate.relative(r.source): r for r in gate_reports(gate, ["content"], fake_model)}
    assert found["content/drafts/b.txt"].findings == ()
    (bp,) = found["content/a.txt"].findings
    assert str(bp.effective_severity) == "error"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_diff_base_keeps_changed_files_and_lines(tmp_path: Path, monkeypatch, fake_model) -> None:
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    write(tmp_path / "old.txt", STORY)
    write(tmp_path / "touched.txt", STORY)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    write(tmp_path / "touched.txt", [*STORY, "Subscribe to our newsletter"])
    write(tmp_path / "new.txt", STORY)
    changes = Changes.since("HEAD", tmp_path)
    assert changes.files["touched.txt"] == frozenset({10, 11})
    assert changes.files["new.txt"] is None
    gate = Gate(BASE, root=tmp_path, changes=changes)
    reports = {gate.relative(r.source): r for r in gate_reports(gate, ["."], fake_model)}
    assert sorted(reports) == ["new.txt", "touched.txt"]
    assert [f.location.line for f in reports["touched.txt"].findings] == [11]
    assert [f.location.line for f in reports["new.txt"].findings] == [5]
    with pytest.raises(ConfigError, match="git diff"):
        Changes.since("no-such-ref", tmp_path)


def test_the_cache_skips_unchanged_files_and_is_never_stale(tree: Path, fake_model) -> None:
    import dataclasses
    import datetime as dt

    from detector.cache import ReportCache

    today = dt.date.today().isoformat()
    model = fake_model(ROLES)

    def run(config: Config, *, day: str = today) -> list:
        cache = ReportCache(tree / ".detector_cache", config, today=day)
        gate = Gate(config, root=tree, cache=cache)
        return list(gate.reports(gate.inputs(["content"]), model=model)), cache

    first, cache = run(Config())
    assert (cache.hits, cache.misses) == (0, 3) and model.calls == 3
    again, cache = run(Config())
    assert (cache.hits, cache.misses) == (3, 0) and model.calls == 3
    assert [r.to_dict() for r in again] == [r.to_dict() for r in first]
    assert (tree / ".detector_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    write(tree / "content" / "a.txt", [*STORY, "Subscribe to our newsletter"])
    _, cache = run(Config())
    assert (cache.hits, cache.misses) == (2, 1)  # the edited file only
    _, cache = run(dataclasses.replace(Config(), ignore=("NM",)))
    assert cache.hits == 0  # other settings, other entries
    _, cache = run(Config(), day="2031-01-01")
    assert cache.hits == 0  # the date enters the key (future-date rules read it)
    other_model = tree / "other.skops"
    other_model.write_bytes(b"another model")
    settings = ReportCache(tree / "c", Config(model=str(other_model)), today=today).settings
    assert settings != ReportCache(tree / "c", Config(), today=today).settings
