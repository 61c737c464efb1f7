"""The fast paths of the text cues give exactly what the slow ones give.

The paragraph model was trained on features computed the slow way; a fast path that disagreed on
a single character would change verdicts without a retraining, so the agreement is tested on
arbitrary text, including the characters whose case folding is not plain ASCII.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.cues import BYLINE, TEXT_CUES, WEEKDAY, Caseless, ascii_lower
from detector.features import _NUMBER_RE, _ascii_counts

# Letters of every cue, separators, and the characters that fold to ASCII under IGNORECASE.
_TRICKY = "aeiklnorstucdpmwyhABEKLSTCRW ©»›|/()0123456789:-–.\tİıſKé\u00e0\n"
_TEXT = st.one_of(st.text(alphabet=_TRICKY, max_size=60), st.text(max_size=60))
_CASELESS = [cue.caseless for cue in TEXT_CUES] + [WEEKDAY, BYLINE]


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(_CASELESS))
def test_the_ascii_fast_path_finds_what_the_pattern_finds(text: str, caseless: Caseless) -> None:
    assert caseless.found(text, ascii_lower(text)) == bool(caseless.pattern.search(text))


@pytest.mark.parametrize(
    "text",
    ["LEAVE A REPLY", "Share on Facebook", "BY JANE DOE", "MONDAY", "Read More", "Home"],
)
def test_the_fast_path_ignores_case(text: str) -> None:
    assert any(c.found(text, ascii_lower(text)) for c in _CASELESS)


@pytest.mark.parametrize("pattern", [r"[A-Z]+ news", r"share", r"\u212aelvin"])
def test_a_pattern_the_fast_path_would_misread_is_refused(pattern: str) -> None:
    flags = 0 if pattern == "share" else re.IGNORECASE  # case-sensitive: nothing to speed up
    with pytest.raises(ValueError, match="case-insensitive"):
        Caseless(re.compile(pattern, flags))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_character_classes_count_as_the_str_methods_do(text: str) -> None:
    assert _ascii_counts(text) == (
        sum(map(str.isalpha, text)),
        sum(map(str.isupper, text)),
        len(_NUMBER_RE.findall(text)),
        sum(map(str.isalnum, text)),
        sum(map(str.isspace, text)),
    )
