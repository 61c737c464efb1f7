"""Find paragraphs of the story that appear twice.

## What it flags
- **DU001 repeated-paragraph**: a content paragraph of six words or more repeated later in
  the article, word for word up to case, spacing and surrounding punctuation (``exact``), or
  nearly so (``near``: 95% similar by rapidfuzz's ratio, for paragraphs of 60 characters or
  more, and no number of one missing from the other: "... Retrieved 15 February 2011" and
  "... Retrieved 14 April 2011" are two references). The first occurrence is kept; the later
  copies are the ones to remove. Headings are left out: a line of at most twelve words that
  does not end a sentence, such as a table-of-contents entry repeated over its section or a
  "Posted by ... at 14:32" header over each comment, repeats by design.

Headline copies are TI001's (a paragraph that repeats the title is not reported here too) and
boilerplate is BP001's: a widget repeated on every page is furniture, not a repeated paragraph.

## Why it matters
Scrapers that merge a page's mobile and desktop markup, or an AMP and a canonical copy, print
the story (or part of it) twice; Gopher's repetition filter (duplicate paragraph fraction 0.3)
drops such documents entirely instead of saying which paragraph to cut.

## Example
```
The council will vote on the budget on Thursday, its chair said.
...
The council will vote on the budget on Thursday, its chair said.
```
DU001: line 19 repeats line 7; remove line 19.

## Known false positives
- A refrain or a repeated short quote in a feature, a poem's chorus.
- A correction or update note that deliberately restates an earlier paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

from detector.checks.base import Analysis, Check
from detector.checks.title import find_duplicates
from detector.context import Parameter
from detector.findings import Finding, Rule, Severity

__all__ = ["CHECK", "REPEATED_PARAGRAPH", "REPEAT_MIN_WORDS", "repeated_groups"]

REPEATED_PARAGRAPH = Rule(
    "DU001",
    "repeated-paragraph",
    "duplicate_paragraph",
    Severity.WARNING,
    "A paragraph of the story appears more than once.",
)

#: Paragraphs shorter than this many words are not compared (a one-line quote may recur).
MIN_WORDS = 6
#: The same minimum, as configuration sets it (``repeat-min-words``).
REPEAT_MIN_WORDS = Parameter(
    "repeat-min-words",
    ("DU001",),
    MIN_WORDS,
    1,
    1_000,
    "paragraphs shorter than this many words are never DU001 repeated-paragraph",
)
#: Lines of at most this many words without a sentence ending are headings, not compared.
HEADING_WORDS = 12
#: Near copies: at least this rapidfuzz ratio, on paragraphs of at least NEAR_MIN_CHARS.
NEAR_RATIO = 95.0
NEAR_MIN_CHARS = 60

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*\s*$")


def _heading(text: str) -> bool:
    """Tell a short line with no sentence ending: a heading, a list label or a comment header.

    A table of contents followed by its sections, or "Posted by ... at 14:32" over each
    comment, repeats such lines by design.
    """
    return len(text.split()) <= HEADING_WORDS and not _SENTENCE_END.search(text.rstrip())


_SPACE = re.compile(r"\s+")


_NUMBER = re.compile(r"\d+")


def _other_numbers(a: str, b: str) -> bool:
    """Whether each text has a number the other lacks: two items of a list ("... Retrieved 15
    February 2011." / "... Retrieved 14 April 2011."), not a copy; copying changes no number."""
    numbers_a, numbers_b = set(_NUMBER.findall(a)), set(_NUMBER.findall(b))
    return bool(numbers_a - numbers_b) and bool(numbers_b - numbers_a)


def _key(text: str) -> str:
    folded = _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return _EDGE.sub("", folded)


def repeated_groups(analysis: Analysis) -> list[tuple[list[int], str]]:
    """Group content paragraphs that repeat each other: (indexes in order, ``exact``/``near``)."""
    _shown, _headline, _source, title_copies = find_duplicates(analysis)
    skip = {d.paragraph for d in title_copies}
    minimum = analysis.context.param(REPEAT_MIN_WORDS)
    candidates = [
        (p.index, _key(p.text))
        for p in analysis.body()
        if p.index not in skip and len(p.text.split()) >= minimum and not _heading(p.text)
    ]
    groups: dict[str, list[int]] = {}
    for index, key in candidates:
        groups.setdefault(key, []).append(index)
    found = [(indexes, "exact") for indexes in groups.values() if len(indexes) > 1]
    # by length: a ratio of 95 needs lengths within 5% of their sum, so each paragraph is
    # compared only with the few of about its own length
    singles = sorted(
        (
            (indexes[0], key)
            for key, indexes in groups.items()
            if len(indexes) == 1 and len(key) >= NEAR_MIN_CHARS
        ),
        key=lambda item: len(item[1]),
    )
    slack = (100 - NEAR_RATIO) / 100
    used: set[int] = set()
    for i, (a, key_a) in enumerate(singles):
        if a in used:
            continue
        near = [a]
        for b, key_b in singles[i + 1 :]:
            if len(key_b) - len(key_a) > slack * (len(key_a) + len(key_b)):
                break
            if (
                b not in used
                and fuzz.ratio(key_a, key_b, score_cutoff=NEAR_RATIO)
                and not _other_numbers(key_a, key_b)
            ):
                near.append(b)
                used.add(b)
        if len(near) > 1:
            found.append((sorted(near), "near"))
    return sorted(found, key=lambda group: group[0][0])


def _excerpt(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _where(analysis: Analysis, index: int) -> str:
    return analysis.where(index)


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report each paragraph that is repeated, with its copies."""
    paragraphs = analysis.article.paragraphs
    findings = []
    for indexes, match in repeated_groups(analysis):
        first, copies = indexes[0], tuple(indexes[1:])
        copies_at = ", ".join(_where(analysis, i) for i in copies)
        how = "repeats" if match == "exact" else "nearly repeats"
        message = (
            f"{copies_at[0].upper()}{copies_at[1:]} {how} {_where(analysis, first)}: "
            f"“{_excerpt(paragraphs[first].text)}”. Remove the later "
            f"{'copy' if len(copies) == 1 else 'copies'}."
        )
        findings.append(
            Finding(
                REPEATED_PARAGRAPH,
                message,
                paragraphs=tuple(indexes),
                lines=analysis.lines_of(indexes),
                evidence={
                    "match": match,
                    "original_paragraph": first,
                    "original_line": paragraphs[first].line,
                    "duplicate_paragraphs": list(copies),
                    "duplicate_lines": list(analysis.lines_of(copies)),
                    "similarity": [
                        round(fuzz.ratio(_key(paragraphs[first].text), _key(paragraphs[i].text)), 1)
                        for i in copies
                    ],
                    "text": _excerpt(paragraphs[first].text, 200),
                },
                remove=copies,
                places=len(copies),
            )
        )
    return findings


CHECK = Check(
    name="duplicates",
    rules=(REPEATED_PARAGRAPH,),
    run=run,
    doc=__doc__ or "",
    params=(REPEAT_MIN_WORDS,),
)
