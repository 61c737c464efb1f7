"""The code passes ruff's lint and format checks, as configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TREES = ["detector", "training", "tests", "benchmarks"]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff"] if not shutil.which("ruff") else ["ruff"]
    return subprocess.run([*command, *args, *TREES], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module", autouse=True)
def _ruff_installed() -> None:
    pytest.importorskip("ruff", reason="ruff is a dev dependency: pip install -e '.[dev]'")


def test_lint() -> None:
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_format() -> None:
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
