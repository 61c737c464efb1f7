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

The headline is chosen from all the evidence by :mod:`detector.headline`: on a page, the ``<h1>``
or heading that repeats a declared title (``og:title``, ``<title>``, the site name stripped), in
the article's region and not in page furniture; on plain text, the first line when the next one
repeats it (whatever the classifier thought of either), else the first paragraph the classifier
calls a title. The visible headline is kept; a copy is the later or the decorated one. On a page, a
copy in page furniture (a breadcrumb, a sticky "now reading" bar, a menu, a teaser list, a comment
box, a ``<title>`` left in ``<body>`` that browsers never show, an item of a teaser list with
furniture on either side) is not a duplicated title in the article and is not reported; copies
before the headline are furniture too. A copy right under the headline is a copy whatever role the
classifier gave it. When the title exists only in metadata (Markdown front matter), the first
paragraph that matches it above the story is the visible headline and is kept; only later copies
are duplicates. Records (JSON, JSONL, CSV, Parquet) carry the title in a field of their own that a
reader is shown apart from the body, so there every body paragraph that repeats it is a duplicate.
Other boilerplate paragraphs are left to BP001, which removes them anyway ("Related: <title>" in a
widget is not reported twice). Further down a page, a heading that starts with the headline and
adds words is a copy only when the words name the site ("Title | Site"); otherwise it is a section
heading ("Title: what changes for commuters").

## Why it matters
Extractors keep the copy on purpose (trafilatura #160, #283; newspaper4k and boilerpy3 kept the
probe's lower-cased copy), so republished text reads the headline twice.

## Example
```
Russia Sends More Troops to the West as Tensions Rise in Ukraine
Russia sends more troops to the west as tensions rise in ukraine
```
TI001: the headline on line 1 is repeated on line 2 in lower case; removing line 2 fixes it.
When the first copy is the page title with the site name added ("Title - Site") and a later
one is the bare headline, the copy with the site name is the one to remove.

## Known false positives
- A theme that shows the title in a page banner (``<h1>``) and again at the top of the post
  (``<h2>``): reported, since a reader does see it twice; on a page, a headline of one or two
  words counts as copied only right under itself.
- A one-word or very short title ("Editorial", "Obituaries") that is also a section heading in
  the body; titles under three words are only matched exactly or by case.
- A deliberate pull quote that restates the headline word for word.
- A recipe card or a video module inside the article that repeats the title (or the page's
  og:title) as its own heading: reported, since the extracted text carries it twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from detector.article import Paragraph
from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity
from detector.headline import (
    choose,
    cores,
    declared_titles,
    difference,
    fold,
    is_furniture,
    site_names,
    strip_site,
    title_match,
)
from detector.memo import last_answer

__all__ = ["CHECK", "DUPLICATED_TITLE", "Duplicate", "find_duplicates", "title_match"]

DUPLICATED_TITLE = Rule(
    "TI001",
    "duplicated-title",
    "duplicate_title",
    Severity.WARNING,
    "The headline is repeated in the body.",
    marks="duplicate_title",
)

#: Formats whose title lives in a field shown apart from the body.
RECORD_FORMATS = frozenset({"json", "jsonl", "ndjson", "csv", "parquet", "record", "records"})
#: On a page, a headline of fewer words is only copied right under itself.
SHORT_WORDS = 3
#: Roles that may sit between the headline and a copy "right under" it.
BETWEEN_ROLES = frozenset({"dateline", "byline"})


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A paragraph that repeats the headline, and how it matches."""

    paragraph: int
    match: str
    """``exact``, ``case``, ``site_affix``, ``truncated`` or ``near``."""


def _match(variants: Sequence[str], text: str) -> str | None:
    return next((m for t in variants if (m := title_match(t, text))), None)


def _names_site(variants: Sequence[str], text: str, names: Sequence[str]) -> bool:
    """Whether ``text`` is a title with the site's name on it ("Headline | Site"), or the bare
    title of such a variant: the part a site-affix match leaves aside names the site."""
    bare = strip_site(text, names)
    if fold(bare) != fold(text) and any(
        title_match(v, bare) in ("exact", "case") for v in variants
    ):
        return True
    for variant in variants:
        stripped = strip_site(variant, names)
        if fold(stripped) != fold(variant) and title_match(stripped, text) in ("exact", "case"):
            return True
    return False


def _right_under(analysis: Analysis, shown: int | None) -> set[int]:
    """The paragraphs right under the headline: the next one, and the first past a dateline
    or byline."""
    if shown is None:
        return set()
    under = {shown + 1}
    for paragraph, verdict in zip(
        analysis.article.paragraphs[shown + 1 :], analysis.verdicts[shown + 1 :], strict=True
    ):
        if verdict.role not in BETWEEN_ROLES:
            under.add(paragraph.index)
            break
    return under


def find_duplicates(analysis: Analysis) -> tuple[int | None, str, str, list[Duplicate]]:
    """Find the headline and its copies.

    Returns the index of the visible headline paragraph (None when the title is only declared),
    the headline text, where it comes from (``paragraph`` or a metadata key) and the duplicates.
    The title and the repeated-paragraph checks both ask; the search runs once per analysis.
    """
    shown, headline, source, found = _find_duplicates(analysis)
    return shown, headline, source, list(found)


@last_answer
def _find_duplicates(analysis: Analysis) -> tuple[int | None, str, str, tuple[Duplicate, ...]]:
    article = analysis.article
    paragraphs = article.paragraphs
    head = choose(article, analysis.verdicts)
    if head is None:
        return None, "", "", ()
    shown, headline, source, variants = head.paragraph, head.text, head.source, head.variants
    records = article.format in RECORD_FORMATS
    page = article.format == "html" and any(p.block is not None for p in paragraphs)
    declared = declared_titles(article)
    if records and declared:
        shown, (source, headline) = None, declared[0]
        variants = tuple(text for _, text in declared)
    if page and shown is None:
        return None, headline, source, ()  # no visible headline: nothing is a copy of it
    under = _right_under(analysis, shown)
    names = site_names(article)
    duplicates: list[Duplicate] = []
    story_started = False
    for paragraph, verdict in zip(paragraphs, analysis.verdicts, strict=True):
        index = paragraph.index
        if index == shown or (page and shown is not None and index < shown):
            continue
        if page and is_furniture(paragraph, paragraphs[shown] if shown is not None else None):
            continue
        if page and index not in under and analysis.between_furniture(index):
            continue  # an item of a teaser list ("En continu"), boilerplate on either side
        if index not in under and verdict.role in ("boilerplate", "dateline", "byline"):
            continue
        if page and index not in under and len(fold(headline).split()) < SHORT_WORDS:
            continue  # "New Zealand" further down a page about it is a heading, not a copy
        match = _match((headline, *variants), paragraph.text)
        if (
            match == "site_affix"
            and page
            and index not in under
            and not _names_site((headline, *variants), paragraph.text, names)
        ):
            match = None  # "1000 Euro Kredit – die Vorteile": a section heading, not a copy
        if match is None:
            story_started = story_started or verdict.role == "content"
            continue
        if shown is None and not records and not story_started:
            # the first copy of a metadata-only title, above the story, is the visible headline
            shown, headline, source = index, paragraph.text, "paragraph"
            under = _right_under(analysis, shown)
            continue
        duplicates.append(Duplicate(index, match))
    if shown is not None and source == "paragraph" and not page:
        shown, headline, duplicates = _prefer_bare(paragraphs, shown, headline, duplicates)
    return shown, headline, source, tuple(duplicates)


def _prefer_bare(
    paragraphs: Sequence[Paragraph], shown: int, headline: str, duplicates: list[Duplicate]
) -> tuple[int, str, list[Duplicate]]:
    """Keep the bare headline when the first copy is the page title with the site name added.

    Scrapers put the ``<title>`` ("Ferry Timetable Approved - Coastline Courier") above the
    visible headline ("Ferry Timetable Approved"); the copy to remove is the one with the site.
    """
    headline_cores = cores(headline)
    for i, duplicate in enumerate(duplicates):
        text = paragraphs[duplicate.paragraph].text
        if duplicate.match == "site_affix" and fold(text) in headline_cores:
            bare = duplicate.paragraph
            rest = duplicates[:i] + duplicates[i + 1 :] + [Duplicate(shown, "site_affix")]
            return bare, text, sorted(rest, key=lambda d: d.paragraph)
    return shown, headline, duplicates


def _difference(analysis: Analysis, headline: str, index: int) -> str:
    """How the copy differs from the headline; a copy of a declared title that the headline
    rewords ("'We Got Her!' Video Shows ..." under an h1 with "Fort Worth" in it) is said to
    repeat that title, which is what it is."""
    text = analysis.article.paragraphs[index].text
    said = difference(headline, text)
    if not said.startswith("reworded"):
        return said
    for key, declared in declared_titles(analysis.article):
        if title_match(declared, text) in ("exact", "case"):
            return f"as the page's {key} “{_excerpt(declared, 60)}”"
    return said


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
    parts = [
        f"on {analysis.where(d.paragraph)} {_difference(analysis, headline, d.paragraph)}"
        for d in duplicates
    ]
    message = (
        f"The headline “{_excerpt(headline)}” ({origin}) is repeated {'; '.join(parts)}. "
        f"Remove the {'copy' if len(duplicates) == 1 else 'copies'}."
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
                        "difference": _difference(analysis, headline, d.paragraph),
                        "text": _excerpt(paragraphs[d.paragraph].text),
                    }
                    for d in duplicates
                ],
            },
            remove=dup_indexes,
            places=max(1, len(duplicates)),
        )
    ]


CHECK = Check(
    name="title",
    rules=(DUPLICATED_TITLE,),
    run=run,
    doc=__doc__ or "",
)
