"""Output paths: names taken from inputs never lead outside the chosen folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.errors import LoadError
from detector.paths import UnsafePathError, child_name, safe_child


@pytest.mark.parametrize(
    "name",
    [
        "story.txt",
        "2024/05/story.txt",
        "2024\\05\\story.txt",
        "./story.txt",
        "a/./b.txt",
        "résumé.md",
    ],
)
def test_names_inside_the_folder_are_kept(tmp_path: Path, name: str) -> None:
    target = safe_child(tmp_path, name)
    assert tmp_path.resolve() in target.parents
    assert target.name == Path(name.replace("\\", "/")).name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (".", "leads out"),
        ("..", "leads out"),
        ("../escape.txt", "leads out"),
        ("a/../../escape.txt", "leads out"),
        ("a/..", "leads out"),
        ("..\\escape.txt", "leads out"),
        ("/etc/passwd", "absolute"),
        ("\\\\server\\share\\x", "absolute"),
        ("C:\\Windows\\x", "absolute"),
        ("C:x", "absolute"),
        ("story\x00.txt", "control characters"),
        ("line\nbreak", "control characters"),
        ("x" * 256, "longer than 255 bytes"),
        ("a/" + "é" * 128 + ".txt", "longer than 255 bytes"),
    ],
)
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(UnsafePathError, match=reason):
        safe_child(tmp_path, name)


def test_a_symlink_planted_in_the_folder_is_not_followed_out(tmp_path: Path) -> None:
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    os.symlink(outside, root / "link")
    with pytest.raises(UnsafePathError, match="leads out"):
        safe_child(root, "link/file.txt")
    os.symlink(outside / "target.txt", root / "file.txt")
    with pytest.raises(UnsafePathError, match="leads out"):
        safe_child(root, "file.txt")


def test_unsafe_paths_are_load_errors_so_a_batch_records_them() -> None:
    assert issubclass(UnsafePathError, LoadError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("story-1.txt", "story-1.txt"), ("../../etc/passwd", None), ("CON", None), ("", None)],
)
def test_child_name_is_one_harmless_name(tmp_path: Path, text: str, expected: str | None) -> None:
    name = child_name(text)
    if expected is not None:
        assert name == expected
    assert "/" not in name and "\\" not in name and name not in (".", "..")
    assert safe_child(tmp_path, name).parent == tmp_path.resolve()


def test_child_name_keeps_different_strings_apart() -> None:
    assert child_name("a/b") != child_name("a_b")
    assert child_name("a/b") == child_name("a/b")
    assert child_name("https://x.org/a?b=1", suffix=".json").endswith(".json")
    assert len(child_name("x" * 10_000)) < 200


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_name_is_either_refused_or_inside(name: str) -> None:
    root = Path(os.path.realpath("/tmp"))
    try:
        target = safe_child(root, name)
    except UnsafePathError:
        pass
    else:
        assert root in target.parents
    assert safe_child(root, child_name(name)).parent == root


@pytest.mark.parametrize(
    "shard_id", ["../../x", "../outside", "/tmp/elsewhere", "C:\\x", "a\x00b", "9" * 5000]
)
def test_an_audit_resumed_from_a_tampered_plan_writes_nothing_outside(
    tmp_path: Path, shard_id: str
) -> None:
    # Every file an audit writes is named after a shard id read back from plan.json on a rerun.
    import json

    from detector.audit import AuditOptions, run_audit
    from detector.batch import iter_inputs
    from detector.errors import ConfigError

    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"text": "A short story about the harbour."}) + "\n")
    out = tmp_path / "nest" / "out"
    out.mkdir(parents=True)
    options = AuditOptions()
    shard = {"id": shard_id, "inputs": [str(export)], "kind": "records", "start": 0}
    plan = {
        "inputs": list(iter_inputs([str(export)])),
        "options": options.digest(),
        "today": "2026-01-01",
        "shards": [{**shard, "end": None, "records": None}],
    }
    (out / "plan.json").write_text(json.dumps(plan))
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(ConfigError, match=r"plan\.json: damaged plan \(unsafe output name"):
        list(run_audit([str(export)], out, options=options))
    assert sorted(p for p in tmp_path.rglob("*")) == before
