"""CI's model-quality gate: the shipped model keeps its F1 floors on pages it never saw."""

from __future__ import annotations

import json

import pytest

from training import gate
from training.corpora import shared_root


@pytest.fixture(scope="module")
def measured() -> dict:
    if shared_root() is None:
        pytest.skip("../shared/corpora not present: the gate needs the L3S-GN1 pages")
    return gate.measure()


def test_gate_sample_is_the_pinned_one(measured: dict) -> None:
    baseline = json.loads(gate.BASELINE.read_text())
    assert measured["digest"] == baseline["digest"], (
        "gate sample changed: python -m training.gate --update"
    )


@pytest.mark.parametrize("metric", ["html_content_f1", "text_boilerplate_f1"])
def test_model_keeps_its_floor(measured: dict, metric: str) -> None:
    floor = json.loads(gate.BASELINE.read_text())["floors"][metric]
    assert measured[metric] >= floor - gate.TOLERANCE, (
        f"{metric} {measured[metric]:.3f} < floor {floor:.3f}; lower floors only with "
        "python -m training.gate --update --allow-lower"
    )


def test_compare_flags_a_regression() -> None:
    baseline = {"digest": "d", "floors": {"html_content_f1": 0.9}}
    assert gate.compare({"digest": "d", "html_content_f1": 0.95}, baseline) == []
    failures = gate.compare({"digest": "x", "html_content_f1": 0.5}, baseline)
    assert len(failures) == 2 and "0.500" in failures[1]
