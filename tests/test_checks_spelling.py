from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers import text_analysis as analysed

from detector.checks import spelling
from detector.checks.base import Analysis
from detector.findings import Severity

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def fixture(name: str, roles: Mapping[int, str] | None = None) -> Analysis:
    return analysed((FIXTURES / name).read_text(encoding="utf-8"), roles)


def test_us_and_uk_spelling_mixed() -> None:
    (finding,) = spelling.run(fixture("spelling-mix.txt"))
    assert finding.rule.code == "NM002"
    assert finding.effective_severity is Severity.INFO
    assert finding.evidence["majority"] == {"us_uk": None, "ize_ise": "-ize"}
    words = {(w["word"], w["side"]) for w in finding.evidence["words"]}
    assert words == {
        ("defense", "US"),
        ("defence", "UK"),
        ("organize", "-ize"),
        ("realize", "-ize"),
        ("recognise", "-ise"),
    }
    assert [w["word"] for w in finding.evidence["change"]] == ["defense", "defence", "recognise"]
    assert "“recognise” (line 5)" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # a capitalised name keeps its own spelling
        "The defense budget will rise, the Ministry of Defence said.\n\n"
        "Officials will organize a color-coded map of the neighborhoods.\n",
        # Oxford spelling: -ize with British -our is one convention
        "Officials will organize a colour-coded map of the neighbourhoods.\n",
    ],
)
def test_consistent_spelling_is_not_reported(text: str) -> None:
    assert list(spelling.run(analysed(text))) == []
