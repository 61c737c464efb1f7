"""Look words up in an English word list (pyspellchecker's, read once per process).

The spelling checks use it to tell a slip of the pen from two real words: "Iceland" and
"Ireland", "Johnston" and "Johnson" are both in the list, "Chruchill" is not; the language test
uses it to tell an English story from a German one (:func:`detector.language.share_known`). The
list ships with pyspellchecker (MIT): about 160,000 lower-case words from OpenSubtitles and
Wiktionary. It is loaded lazily, so importing the checks stays cheap and picklable, and held as
a sorted array of the words' hashes (1.3 MB instead of a 24 MB dictionary of strings: memory is
bounded per worker): two words share a 64-bit hash with a chance of about one in 10**14, so a
lookup is as good as exact.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = ["count_known", "known"]

logger = logging.getLogger(__name__)


def _words() -> Iterable[str]:
    """The list's words; none when pyspellchecker is missing.

    They are read straight from the JSON file pyspellchecker ships (half the time of building a
    ``SpellChecker``, which copies them into a counter), falling back to the class when a
    version keeps the file elsewhere.
    """
    try:
        from spellchecker import SpellChecker
    except ImportError:  # the checks still run, only without the list's help
        logger.warning("pyspellchecker is not installed; name checks run without a dictionary")
        return ()
    try:
        data = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
        table = json.loads(gzip.decompress(data))
        if isinstance(table, dict) and table:
            return table.keys()
    except (OSError, ValueError):
        pass
    return SpellChecker(language="en", distance=1).word_frequency.dictionary.keys()


@lru_cache(maxsize=1)
def _hashes() -> np.ndarray:
    """The sorted hashes of the list's words (computed in this process: ``hash`` is salted)."""
    return np.unique(np.fromiter(map(hash, _words()), dtype=np.int64))


def known(word: str) -> bool:
    """Tell whether ``word`` (case folded) is in the English word list."""
    table = _hashes()
    key = hash(word.casefold())
    i = int(table.searchsorted(key))
    return i < len(table) and int(table[i]) == key


def count_known(words: Iterable[str]) -> int:
    """How many of ``words`` (case folded) are in the list: :func:`known` for a whole text."""
    keys = np.fromiter((hash(w.casefold()) for w in words), dtype=np.int64)
    table = _hashes()
    if not len(keys) or not len(table):
        return 0
    at = np.minimum(table.searchsorted(keys), len(table) - 1)
    return int(np.count_nonzero(table[at] == keys))
