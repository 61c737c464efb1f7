"""Which language a text is written in, for checks that only read some languages.

Two well-kept libraries do the work, each loaded on first use and cached per process:

- :func:`share_known` asks simplemma how many of a text's words its lemma dictionary of one
  language knows (``in_target_language``): one dictionary, loaded in well under a second, and
  the right test for "is this story English?" before reading capitals as names;
- :func:`identify` names the language with py3langid (langid.py's model, 97 languages), for the
  rarer questions where any language may be the answer (whose calendar order does 10/11/2022
  follow?). Its model takes a few seconds to load, so no check asks it on every article.

A text with too few words to judge gives None or 0.0; the caller then does nothing.
"""

from __future__ import annotations

import re

__all__ = ["DAY_FIRST", "MONTH_FIRST", "identify", "reads_as", "share_known"]

#: Fewer letters than this say nothing reliable about a language.
MIN_LETTERS = 40
#: Share of known words from which a text reads as the language. simplemma's English dictionary
#: knows two thirds of the words of a German story (names, loans, short words), so the bar is
#: high and English also needs more English than German, French or Spanish function words.
MIN_SHARE = 0.75
#: At most this many characters are read (the start of a story tells its language).
MAX_CHARS = 5000
#: Languages (ISO 639-1) that write a numeric date month first (10/11/2022 is October 11).
MONTH_FIRST = frozenset({"en"})
#: Languages that write it day first; English outside the US does too, so "en" is in neither
#: set for certain and a page's own unambiguous dates decide (see detector.checks.dates).
DAY_FIRST = frozenset(
    "de fr es it pt nl pl cs sk sl hr sr bs ru uk be bg ro hu el tr da no nb nn sv fi is et lv "
    "lt ga cy ca eu gl id ms vi".split()
)
_LETTER = re.compile(r"[^\W\d_]")


def _letters(text: str) -> int:
    return len(_LETTER.findall(text[:MAX_CHARS]))


def share_known(text: str, lang: str) -> float:
    """Share of the words of ``text`` that simplemma's dictionary of ``lang`` knows (0.0-1.0)."""
    if _letters(text) < MIN_LETTERS:
        return 0.0
    from simplemma import in_target_language

    return float(in_target_language(text[:MAX_CHARS], lang=lang))


def reads_as(text: str, lang: str) -> bool:
    """Whether ``text`` is written in ``lang``: most of its words are in simplemma's dictionary.

    For English the function words must agree too (:func:`detector.dates.is_english`): Czech
    "to" and "on" are English words, German "die" and "und" are not.
    """
    if share_known(text, lang) < MIN_SHARE:
        return False
    if lang == "en":
        from detector.dates import is_english

        return is_english(text[:MAX_CHARS])
    return True


def identify(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text`` (py3langid), or None for a short text."""
    if _letters(text) < MIN_LETTERS:
        return None
    import py3langid  # loads its model on the first call

    code, _score = py3langid.classify(text[:MAX_CHARS])
    return str(code)
