from __future__ import annotations

from helpers import rows_analysis as analysed

from detector.checks import size
from detector.findings import Severity


def test_short_story_is_a_warning() -> None:
    analysis = analysed(
        ("Photos: the harbour festival in pictures", "title"),
        ("Crowds filled the quay on Saturday.", "content"),
        ("Share this gallery", "boilerplate"),
    )
    (finding,) = size.run(analysis)
    assert finding.effective_severity is Severity.WARNING
    assert finding.evidence["words"] == 6
    assert finding.evidence["minimum"] == size.MIN_WORDS
    assert finding.lines == (3,)
    assert "only 6 words" in finding.message


def test_no_story_is_an_error() -> None:
    (finding,) = size.run(analysed(("Menu", "boilerplate"), ("Login", "boilerplate")))
    assert finding.effective_severity is Severity.ERROR
    assert finding.evidence["words"] == 0


def test_long_enough_story() -> None:
    text = " ".join(["word"] * size.MIN_WORDS)
    assert list(size.run(analysed((text, "content")))) == []
