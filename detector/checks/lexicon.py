"""Look words up in an English frequency dictionary (pyspellchecker's, read once per process).

The spelling checks use it to tell a slip of the pen from two real words: "Iceland" and
"Ireland", "Johnston" and "Johnson" are both in the list, "Chruchill" is not. The list ships
with pyspellchecker (MIT), is about 160,000 lower-case words with counts from OpenSubtitles
and Wiktionary, and is loaded lazily, so importing the checks stays cheap and picklable.
"""

from __future__ import annotations

import gzip
import json
import logging
from functools import lru_cache
from importlib import resources

__all__ = ["frequency", "known"]

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """Load the English word counts once; an empty table when pyspellchecker is missing.

    The list is read straight from the JSON file pyspellchecker ships (half the time of building
    a ``SpellChecker``, which copies it into a counter), falling back to the class when a
    version keeps it elsewhere.
    """
    try:
        from spellchecker import SpellChecker
    except ImportError:  # the checks still run, only without the dictionary's help
        logger.warning("pyspellchecker is not installed; name checks run without a dictionary")
        return {}
    try:
        data = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
        table = json.loads(gzip.decompress(data))
        if isinstance(table, dict) and table:
            return table
    except (OSError, ValueError):
        pass
    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def frequency(word: str) -> int:
    """The dictionary count of ``word`` (case folded), 0 for a word it does not know."""
    return _dictionary().get(word.casefold(), 0)


def known(word: str) -> bool:
    """Tell whether ``word`` (case folded) is in the English dictionary."""
    return word.casefold() in _dictionary()
