"""Find the headline repeated in the body of the article.

## What it flags
- **TI001 duplicated-title**: a paragraph that repeats the headline: word for word (``exact``),
  in other letter case (``case``, e.g. the lower-cased copy scrapers take from an ``og:title``),
  with the site's name added or dropped (``site_affix``: "Title | Site", "Title - Site",
  "Site: Title"), cut off with an ellipsis (``truncated``: "Russia Sends More Troops…", three
  words or more), or with a slip of one or two characters in a long headline (``near``). It may
  sit right under the headline or at the end of the text. A kicker before a colon in the
  headline ("Movie Review: There Will Be Blood") is not a site name: a paragraph that repeats
  only the rest is a film's name or a section heading.

The headline is the first paragraph the classifier calls a title; the titles declared by the
source (``Article.title``, metadata ``html:title``, ``og:title``, ``h1``,
``front_matter:title``) are matched too. When the title exists only in metadata, which is
usual for HTML and Markdown, the first paragraph that matches it is the visible headline and is
kept; only later copies are duplicates. Records (JSON, JSONL, CSV, Parquet) carry the title in a
field of their own that a reader is shown apart from the body, so there every body paragraph
that repeats it is a duplicate. Boilerplate paragraphs are left to BP001, which removes them
anyway ("Related: <title>" in a widget is not reported twice).

## Why it matters
Extractors keep the copy on purpose (trafilatura #160, #283; newspaper4k and boilerpy3 kept the
probe's lower-cased copy), so republished text reads the headline twice.

## Example
```
Russia Sends More Troops to the West as Tensions Rise in Ukraine
Russia sends more troops to the west as tensions rise in ukraine
```
TI001: line 5 repeats the headline of line 3 in lower case; removing line 5 fixes it. When the
first copy is the page title with the site name added ("Title - Site") and a later one is the
bare headline, the copy with the site name is the one to remove.

## Known false positives
- A one-word or very short title ("Editorial", "Obituaries") that is also a section heading in
  the body; titles under three words are only matched exactly or by case.
- A deliberate pull quote that restates the headline word for word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from detector.article import Paragraph
from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = ["CHECK", "DUPLICATED_TITLE", "Duplicate", "find_duplicates", "title_match"]

DUPLICATED_TITLE = Rule(
    "TI001",
    "duplicated-title",
    "duplicate_title",
    Severity.WARNING,
    "The headline is repeated in the body.",
    marks="duplicate_title",
)

#: Metadata keys that declare the title, in the order they are trusted.
TITLE_KEYS = ("front_matter:title", "h1", "og:title", "html:title", "title")
#: Formats whose title lives in a field shown apart from the body.
RECORD_FORMATS = frozenset({"json", "jsonl", "ndjson", "csv", "parquet", "record", "records"})
#: A site name is at most this many words.
MAX_AFFIX_WORDS = 6
#: A copy (with a site name, or cut short) differs from the title by at most this many characters.
MAX_LENGTH_GAP = 80
#: A truncated copy keeps at least this many characters of the headline, or three words and
#: this share of a short headline ("Kiwi players flay…").
MIN_TRUNCATED = 20
MIN_TRUNCATED_SHARE = 0.4
#: "near" matches need a title of this many characters and at most this many edits.
NEAR_MIN_CHARS = 30
NEAR_MAX_EDITS = 2

_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|·•»]\s*|:\s+")
_NO_COLON = re.compile(r"\s+[|\-–—·•»/]\s+|\s*[|·•»]\s*")
_ELLIPSIS = re.compile(r"(?:\s*(?:…|\.{3,}|\[…\]|\[\.\.\.\]))\s*$")
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A paragraph that repeats the headline, and how it matches."""

    paragraph: int
    match: str
    """``exact``, ``case``, ``site_affix``, ``truncated`` or ``near``."""


def _squash(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _fold(text: str) -> str:
    """Compare-form: case-folded, quotes and punctuation dropped, spaces collapsed."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", _squash(text).casefold())).strip()


def _cores(text: str, *, colon: bool = True) -> set[str]:
    """The folded text with a leading or trailing site-name part removed, where it has one.

    Without ``colon``, a part before a colon is not dropped: in a headline it is a kicker
    ("Movie Review: ...", "Health reform: ..."), and a body paragraph that repeats only the rest
    is a film's name or a section heading, not a copy.
    """
    cores = set()
    parts = (_SEPARATORS if colon else _NO_COLON).split(_squash(text))
    if len(parts) >= 2:
        head, tail = parts[0], parts[-1]
        if len(tail.split()) <= MAX_AFFIX_WORDS:
            cores.add(_fold(" ".join(parts[:-1])))
        if len(head.split()) <= MAX_AFFIX_WORDS:
            cores.add(_fold(" ".join(parts[1:])))
    return {c for c in cores if len(c.split()) >= 3}


def title_match(title: str, text: str) -> str | None:
    """Say how ``text`` repeats ``title`` (``exact``, ``case``, ...), or None when it does not."""
    a, b = _squash(title), _squash(text)
    if not a or not b:
        return None
    if a == b:
        return "exact"
    fa, fb = _fold(a), _fold(b)
    if not fa or not fb:
        return None
    if fa == fb:
        return "case"
    words = len(fa.split())
    if words < 3 or abs(len(fa) - len(fb)) > MAX_LENGTH_GAP:
        return None  # too short to match loosely, or a paragraph far longer than any copy
    if fb in _cores(a, colon=False) or fa in _cores(b) or (_cores(a, colon=False) & _cores(b)):
        return "site_affix"
    for whole, cut in ((a, b), (b, a)):
        if _ELLIPSIS.search(cut):
            stem = _fold(_ELLIPSIS.sub("", cut))
            long_enough = len(stem) >= MIN_TRUNCATED or (
                len(stem.split()) >= 3 and len(stem) >= MIN_TRUNCATED_SHARE * len(_fold(whole))
            )
            if long_enough and _fold(whole).startswith(stem):
                return "truncated"
    if len(fa) >= NEAR_MIN_CHARS and Levenshtein.distance(fa, fb, score_cutoff=NEAR_MAX_EDITS) <= (
        NEAR_MAX_EDITS
    ):
        return "near"
    return None


def _declared_titles(analysis: Analysis) -> list[tuple[str, str]]:
    article = analysis.article
    titles: list[tuple[str, str]] = []
    if article.title:
        titles.append(("title", article.title))
    for key in TITLE_KEYS:
        value = article.meta.get(key)
        if isinstance(value, str) and value.strip():
            titles.append((key, value))
    return titles


def find_duplicates(analysis: Analysis) -> tuple[int | None, str, str, list[Duplicate]]:
    """Find the headline and its copies.

    Returns the index of the visible headline paragraph (None when the title is only declared),
    the headline text, where it comes from (``paragraph`` or a metadata key) and the duplicates.
    """
    paragraphs = analysis.article.paragraphs
    declared = _declared_titles(analysis)
    shown = next((p.index for p, _ in analysis.with_role("title")), None)
    records = analysis.article.format in RECORD_FORMATS
    if records and declared:
        shown = None
    if shown is not None:
        titles = [paragraphs[shown].text] + [text for _, text in declared]
        headline, source = paragraphs[shown].text, "paragraph"
    elif declared:
        titles = [text for _, text in declared]
        source, headline = declared[0]
    else:
        return None, "", "", []
    duplicates: list[Duplicate] = []
    story_started = False
    for paragraph, verdict in zip(paragraphs, analysis.verdicts, strict=True):
        if paragraph.index == shown or verdict.role in ("boilerplate", "dateline", "byline"):
            continue
        match = next((m for t in titles if (m := title_match(t, paragraph.text))), None)
        if match is None:
            story_started = story_started or verdict.role == "content"
            continue
        if shown is None and not records and not story_started:
            # the first copy of a metadata-only title, above the story, is the visible headline
            shown = paragraph.index
            headline, source = paragraph.text, "paragraph"
            continue
        duplicates.append(Duplicate(paragraph.index, match))
    if shown is not None and source == "paragraph":
        shown, headline, duplicates = _prefer_bare(paragraphs, shown, headline, duplicates)
    return shown, headline, source, duplicates


def _prefer_bare(
    paragraphs: Sequence[Paragraph], shown: int, headline: str, duplicates: list[Duplicate]
) -> tuple[int, str, list[Duplicate]]:
    """Keep the bare headline when the first copy is the page title with the site name added.

    Scrapers put the ``<title>`` ("Ferry Timetable Approved - Coastline Courier") above the
    visible headline ("Ferry Timetable Approved"); the copy to remove is the one with the site.
    """
    cores = _cores(headline)
    for i, duplicate in enumerate(duplicates):
        if duplicate.match == "site_affix" and _fold(paragraphs[duplicate.paragraph].text) in cores:
            bare = duplicate.paragraph
            rest = duplicates[:i] + duplicates[i + 1 :] + [Duplicate(shown, "site_affix")]
            return bare, paragraphs[bare].text, sorted(rest, key=lambda d: d.paragraph)
    return shown, headline, duplicates


def _excerpt(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report the paragraphs that repeat the headline."""
    shown, headline, source, duplicates = find_duplicates(analysis)
    if not duplicates:
        return []
    paragraphs = analysis.article.paragraphs
    dup_indexes = tuple(d.paragraph for d in duplicates)
    dup_lines = list(analysis.lines_of(dup_indexes))
    if shown is not None:
        (title_line,) = analysis.lines_of([shown]) or (None,)
        origin = analysis.where(shown)
    else:
        title_line, origin = None, f"the {source} field"
    where = [analysis.where(d.paragraph) for d in duplicates]
    how = {
        "exact": "word for word",
        "case": "in different letter case",
        "site_affix": "with a site name added or dropped",
        "truncated": "cut off with an ellipsis",
        "near": "with a one- or two-letter slip",
    }
    parts = [f"on {w} {how[d.match]}" for w, d in zip(where, duplicates, strict=True)]
    first = paragraphs[duplicates[0].paragraph].text
    shown_copy = f": “{_excerpt(first)}”" if duplicates[0].match != "exact" else ""
    message = (
        f"The headline “{_excerpt(headline)}” ({origin}) is repeated "
        f"{'; '.join(parts)}{shown_copy}. Remove the "
        f"{'copy' if len(duplicates) == 1 else 'copies'}."
    )
    matches = sorted({d.match for d in duplicates})
    involved = tuple(sorted(((shown,) if shown is not None else ()) + dup_indexes))
    return [
        Finding(
            DUPLICATED_TITLE,
            message,
            paragraphs=involved,
            lines=analysis.lines_of(involved),
            evidence={
                "title": headline,
                "title_source": source,
                "title_line": title_line,
                "title_paragraph": shown,
                "duplicate_lines": dup_lines,
                "duplicate_paragraphs": list(dup_indexes),
                "match": matches[0] if len(matches) == 1 else matches,
                "duplicates": [
                    {
                        "paragraph": d.paragraph,
                        "line": paragraphs[d.paragraph].line,
                        "match": d.match,
                        "text": _excerpt(paragraphs[d.paragraph].text),
                    }
                    for d in duplicates
                ],
            },
            remove=dup_indexes,
        )
    ]


CHECK = Check(
    name="title",
    rules=(DUPLICATED_TITLE,),
    run=run,
    doc=__doc__ or "",
    requires=frozenset({"title"}),
)
