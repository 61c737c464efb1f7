"""Which language a text is written in, for checks that only read some languages.

Two well-kept libraries do the work, each loaded on first use and cached per process:

- :func:`share_known` tells how many of a text's words a dictionary of one language knows: for
  English the frequency list the spelling checks already hold (:mod:`detector.checks.lexicon`),
  for the other languages simplemma's lemma dictionary (``in_target_language``, loaded on first
  use); the right test for "is this story English?" before reading capitals as names;
- :func:`identify` names the language with py3langid (langid.py's model, 97 languages), for the
  rarer questions where any language may be the answer (whose calendar order does 10/11/2022
  follow?). Its model takes a second to load and 70-120 MB to hold, so :func:`language_of`
  asks it only when neither the page's declared language nor the function words of the seven
  languages :mod:`detector.tense` reads settle the question.

A text with too few words to judge gives None or 0.0; the caller then does nothing.
"""

from __future__ import annotations

import re

__all__ = [
    "DAY_FIRST",
    "MONTH_FIRST",
    "function_word_language",
    "identify",
    "language_of",
    "reads_as",
    "share_known",
    "word_count",
]

#: Fewer letters than this say nothing reliable about a language.
MIN_LETTERS = 40
#: Share of known words from which a text reads as the language. An English dictionary knows
#: two thirds of the words of a German story (names, loans, short words), so the bar is high and
#: English also needs more English than German, French or Spanish function words. (On 2,016
#: corpus pages the English frequency list and simplemma's English dictionary, each at this bar,
#: agreed on 99.7%; where they differed the story was English and the frequency list said so.)
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
_ALNUM = re.compile(r"[^\W_]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


#: Chinese and Japanese script: written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: Characters of such script counted as one word (a Chinese word averages about 1.5 to 2).
CHARS_PER_WORD = 2


def word_count(text: str) -> int:
    """Count the words of ``text``: its words between spaces, and in Chinese or Japanese script,
    which writes none, a word per :data:`CHARS_PER_WORD` characters ("日本に前からある法律では"
    is one "word" between spaces but six)."""
    unspaced = _UNSPACED.findall(text)
    if not unspaced:
        return len(text.split())
    chars = sum(len(run) for run in unspaced)
    rest = sum(1 for word in _UNSPACED.sub(" ", text).split() if _ALNUM.search(word))
    return rest + -(-chars // CHARS_PER_WORD)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text[:MAX_CHARS]))


def share_known(text: str, lang: str) -> float:
    """Share of the words of ``text`` that a dictionary of ``lang`` knows (0.0-1.0).

    English is looked up in the spelling checks' frequency list, which the name check holds
    anyway (simplemma's English dictionary would add 20 MB and most of a second on first use);
    other languages in simplemma's dictionary of that language.
    """
    if _letters(text) < MIN_LETTERS:
        return 0.0
    if lang == "en":
        from detector.checks.lexicon import count_known

        words = _WORD.findall(text[:MAX_CHARS])
        return count_known(words) / len(words) if words else 0.0
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


#: Function words of the text's likeliest language, at least this many and this many times the
#: runner-up's, make the language clear without a statistical model.
CLEAR_WORDS = 5
CLEAR_MARGIN = 2.0


def function_word_language(text: str) -> tuple[str | None, bool]:
    """The one of :mod:`detector.tense`'s seven languages whose function words ``text`` has most
    of, and whether the lead is clear (None when it has none of them)."""
    from detector.tense import function_word_counts

    (best, lang), (second, _) = function_word_counts(text[:MAX_CHARS])[:2]
    if not best:
        return None, False
    return lang, best >= CLEAR_WORDS and best >= CLEAR_MARGIN * second


def language_of(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the language of ``text``, trusting what the page declares
    (``<html lang="de-AT">``) when its words do not clearly say otherwise.

    Templates often declare a language the story is not in (an English ``lang`` on a German
    page), so a declaration is taken only when the function words agree, or when they point to
    none of the languages they know; a text whose function words are clear needs no
    declaration; the rest goes to :func:`identify`.
    """
    if _letters(text) < MIN_LETTERS:
        return None
    from detector.tense import TENSE_CUES

    base = (declared or "").strip().replace("_", "-").split("-")[0].lower()
    base = base if re.fullmatch(r"[a-z]{2}", base) else ""
    guess, clear = function_word_language(text)
    if base and (guess == base or ((guess is None or not clear) and base not in TENSE_CUES)):
        return base
    if guess is not None and clear:
        return guess
    return identify(text)
