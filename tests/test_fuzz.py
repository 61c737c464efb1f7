"""The fuzz target (fuzz/fuzz_loaders.py): its seeds pass, and it catches what it should.

CI runs the target itself for a bounded time (.ci/run); here it is only held to its contract.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"


@pytest.fixture(scope="module")
def target():
    spec = importlib.util.spec_from_file_location("fuzz_loaders", FUZZ / "fuzz_loaders.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._setup()
    return module


def test_every_seed_passes_and_reaches_the_checks(target, monkeypatch) -> None:
    seeds = sorted((FUZZ / "corpus").iterdir())
    assert {seed.read_bytes()[0] % 3 for seed in seeds} == {0, 1, 2}  # every loader is seeded
    analysed = []
    original = target.analyze
    monkeypatch.setattr(target, "analyze", lambda *a, **k: analysed.append(1) or original(*a, **k))
    for seed in seeds:
        target.test_one_input(seed.read_bytes())
    assert len(analysed) == len(seeds)


def test_a_crash_in_a_loader_is_not_swallowed(target, monkeypatch) -> None:
    def crash(*args, **kwargs):
        raise IndexError("a bug")

    monkeypatch.setattr(target, "read", crash)
    with pytest.raises(IndexError):
        target.test_one_input(b"\x00some text")


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_pass_the_target(target, data: bytes) -> None:
    target.test_one_input(data)
