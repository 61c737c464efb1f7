"""The pre-commit hook, run by the real pre-commit package in a throwaway git repository.

The hooks of ``.pre-commit-hooks.yaml`` are installed as ``repo: local`` hooks with
``language: system`` (entry ``python -m detector``), since a ``language: python`` hook would
make pre-commit build a virtualenv with detector and its dependencies from the network. Their
``files`` pattern and arguments are the shipped ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gate_articles import clean_markdown, scraped_markdown, stories

from detector.cli import main

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"

pytest.importorskip("pre_commit", reason="pre-commit is in the dev extra")
if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)


def local_config() -> str:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    (check,) = [hook for hook in hooks if hook["id"] == "detector-check"]
    hook = {
        **check,
        "language": "system",
        "entry": f"{sys.executable} -m detector " + check["entry"].removeprefix("detector "),
    }
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})


def git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


def test_commit_refused_then_accepted_after_fix(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "site"
    repo.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(tmp_path),
    }
    env.pop("GITHUB_STEP_SUMMARY", None)
    assert git(repo, "init", "-q", env=env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(local_config(), encoding="utf-8")
    (repo / "detector.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    story = stories()[0]
    (repo / "good.md").write_text(clean_markdown(story), encoding="utf-8")
    (repo / "bad.md").write_text(scraped_markdown(story), encoding="utf-8")
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    git(repo, "add", ".", env=env)
    # Checking in this process first (the model is loaded once for the whole test session)
    # fills detector's cache, so the hook's runs below need not load the model again.
    monkeypatch.chdir(repo)
    assert main(["check"]) == 1

    refused = git(repo, "commit", "-m", "articles", env=env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "bad.md:" in output and "good.md:" not in output
    assert git(repo, "rev-parse", "--verify", "HEAD", env=env).returncode != 0  # no commit

    assert main(["check", "--fix", "bad.md"]) == 0
    git(repo, "add", "bad.md", env=env)
    accepted = git(repo, "commit", "-m", "articles", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    output = accepted.stdout + accepted.stderr
    assert "detector check" in output and "Passed" in output
