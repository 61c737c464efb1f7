"""Check the stamped date against the story, the crawl, and the page's other declared dates.

## What it flags
- **DT001 date-mismatch**: the stamp (the dateline paragraph, else the declared date, else a
  metadata date) falls outside the range of days the story itself supports. The range comes from
  dates the text speaks of as still to come ("is expected to take place February 10-20", "will open
  in 2025": written before them), as already past ("In 2021 the council voted": written after),
  from a date line inside the body ("MOSCOW, January 18, 2022 —") and from a weekday written beside
  a date without a year ("Tuesday, January 18" is a Tuesday in 2022, not 2023). A date without a
  year takes the single year written in the same sentence within ten words ("by February 9 for the
  Allied Resolve 2022 exercise"); a year further away dates another event. A bare year sets a bound
  only after a preposition ("in 2019", "since 2019", "by 2030"); "the 2024 race" and "Allied
  Resolve 2022" are labels. Dates labelled as edits ("last edited: ...") and dates with a clock
  time beside them ("Posted March 3, 2020 at 3:42 pm": a comment's or a post's timestamp) set no
  bound. Tense is read in English, German, French, Spanish, Italian, Portuguese and Dutch
  (:mod:`detector.tense`); other sentences are not read. Where the content rules out the stamp
  detector would give, the finding offers the date the content supports
  (``evidence["suggested_date"]``) and the report's stamp takes it.
- **DT002 future-stamp**: a declared date later than the crawl date recorded in the metadata, or
  than today when there is none.
- **DT003 date-sources-disagree**: two declared publication dates more than three days apart
  (dateline vs ``htmldate:original`` vs the URL's date ...), a stamp outside the month the
  URL files the page under (``/2010/05/slug``), an update date before the
  publication date, or a dateline whose weekday does not fit its date. Update, correction,
  print, retrieval and registration dates, in the same seven languages, are not publication
  dates. The page's publication timestamp (``meta:published_time``, read with its UTC offset
  by :func:`detector.dates.publisher_day`) is compared only when it wins the stamp. It offers
  the date the content supports, as DT001 does. On a page, a dateline in furniture is not the
  article's: a teaser card's, the site header's, and the datelines one template prints on
  different days (the comments under the story, the posts of a blog's home page).

## Why it matters
Republished and re-crawled stories carry the date of the copy, not of the events: every
extractor probed (htmldate, trafilatura, newspaper4k, goose3) returned 2023-06-03 for a story
written in January 2022. Readers and downstream indexes then place old news as new.

## Example
```
Saturday, June 3, 2023
...
Fomin said that weapons and personnel would need to be fully deployed by February 9 for the
Allied Resolve 2022 exercise, which is expected to take place February 10-20.
```
DT001: stamped 2023-06-03, but "February 9" and "February 10-20" (2022) are still to come, so
the story was written no later than 2022-02-09, 479 days before the stamp. "Last week" and
"will meet ... on Friday" are listed as context: the story is live news, not a retrospective.

## Known false positives
- A future-tense clause about a date that has passed but is quoted from an older document
  ("the plan said the bridge will open in 2020") reads as written before 2020.
- Tense is read from the nearest marker in the sentence; an unusual construction can attach a
  marker to the wrong date. Dates whose tense is unclear set no bound at all.
- A wrong weekday typed beside a date (a typo, not an old story) points at another year.
- A date in German, French, Spanish, Italian, Portuguese or Dutch is read through fewer cues
  than an English one; a cue of the wrong clause in a verb-final German sentence can still win.
- A dateline under the byline that is really an update written without the word, next to the
  headline, is taken for a second publication date (DT003).
- Speculative writing that narrates the future in the past tense ("not since the year 2025").
  On 638 pages of the htmldate set with their human-checked dates this was the one DT001.
- DT002 uses today's date when the input carries no crawl date; an archive re-read years later
  is fine, but a clock set wrong on the checking machine is not detected.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from detector.article import Paragraph
from detector.checks.base import Analysis, Check
from detector.cues import URL_RE
from detector.dates import (
    DateMention,
    date_label,
    find_dates,
    find_relative,
    has_digit,
    is_update,
    parse_date,
    parse_declared,
    publisher_day,
    sentences,
    slashed_order,
    tense_of,
)
from detector.findings import Finding, Rule, Severity
from detector.headline import Headline, choose, is_furniture, template
from detector.stamp import EXTRACTOR_SOURCES, NEAR, PUBLISHED_TIME, Candidate

__all__ = [
    "CHECK",
    "DATE_MISMATCH",
    "FUTURE_STAMP",
    "SOURCES_DISAGREE",
    "Suggestion",
    "check_dates",
    "ruled_out",
    "suggest",
]

logger = logging.getLogger(__name__)

DATE_MISMATCH = Rule(
    "DT001",
    "date-mismatch",
    "date_mismatch",
    Severity.ERROR,
    "The stamped date contradicts the dates and tenses of the story itself.",
)
FUTURE_STAMP = Rule(
    "DT002",
    "future-stamp",
    "future_date",
    Severity.ERROR,
    "A declared date is later than the crawl (or today).",
)
SOURCES_DISAGREE = Rule(
    "DT003",
    "date-sources-disagree",
    "date_conflict",
    Severity.WARNING,
    "Two declared dates of the page contradict each other.",
)

#: A stamp may trail the last day the story supports by this much (late publication, time zones).
LATE_TOLERANCE = timedelta(days=7)
#: A stamp may precede a day the story reports as past by this much (time zones, overnight).
EARLY_TOLERANCE = timedelta(days=2)
#: Declared publication dates further apart than this disagree.
SOURCE_TOLERANCE = timedelta(days=3)
#: A date written with a weekday and no year is meant within this distance of the writing day.
WEEKDAY_WINDOW = timedelta(days=183)
#: A mismatch larger than this is an error; a smaller one a warning.
ERROR_GAP = timedelta(days=30)
#: A dateline paragraph with more publication dates than this is a list of teasers.
TEASER_DATES = 2
#: A date without a year takes its sentence's year only from this many words away.
BORROW_WORDS = 10
#: A timestamp of zero seconds since 1970 (in any time zone) is a field left empty, not a date.
_NULL_DAYS = frozenset({date(1970, 1, 1), date(1969, 12, 31)})

_CONTENT_ROLES = ("content", "title")
_CRAWL_WORDS = ("crawl", "fetch", "retriev", "warc", "access", "captur", "download")
_UPDATE_WORDS = ("updat", "modif", "lastmod", "revis", "edited")
_DATE_WORDS = ("date", "publish", "created", "issued", "original", "time")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_BODY_DATELINE = re.compile(r"^[A-ZÀ-Þ][\w .'’-]{1,40},\s*$")
_YEAR_LEAD = re.compile(
    r"\b(?:in|since|during|from|by|until|till|through|throughout|before|after|early|late|mid|"
    r"year|end\s+of|start\s+of|beginning\s+of|spring|summer|autumn|fall|winter)[\s-]*$",
    re.IGNORECASE,
)
_AFTER_DATELINE = re.compile(r"\s*(?:—|–|-|:|\(|/)")
_EXCERPT = 160


@dataclass(frozen=True, slots=True)
class Declared:
    """A date the page declares about itself, and where it says so."""

    source: str
    day: date
    label: str
    """``published`` or ``updated``."""
    paragraph: int | None = None
    line: int | None = None
    text: str = ""

    @property
    def unambiguous(self) -> bool:
        """Whether a dateline writes its day so that day and month cannot be swapped."""
        if self.source != "dateline" or _NUMERIC_SLASHED.search(self.text):
            return False
        return any(
            m.precision == "day" and m.year is not None and m.first_day() == self.day
            for m in find_dates(self.text)
        )  # read by detector's own patterns, not guessed by dateparser ("06.11.22")

    def candidate(self) -> Candidate:
        """This date as a vote for the report's stamp (:mod:`detector.stamp`)."""
        return Candidate(self.source, self.day, self.label, self.paragraph, self.unambiguous)


_NUMERIC_SLASHED = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")


@dataclass(frozen=True, slots=True)
class Support:
    """A day range for the writing of the story that one sentence of the text implies."""

    low: date | None
    high: date | None
    basis: str
    """``future``, ``past``, ``weekday`` or ``body_dateline``."""
    mention: str
    resolved: str
    sentence: str
    paragraph: int
    line: int | None

    def to_dict(self, bound: str) -> dict[str, Any]:
        return {
            "line": self.line,
            "paragraph": self.paragraph,
            "mention": self.mention,
            "date": self.resolved,
            "basis": self.basis,
            "bound": bound,
            "sentence": _excerpt(self.sentence),
        }


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _meta_label(key: str) -> str | None:
    lowered = key.lower()
    if any(word in lowered for word in _CRAWL_WORDS):
        return None
    if any(word in lowered for word in _UPDATE_WORDS):
        return "updated"
    if any(word in lowered for word in _DATE_WORDS):
        return "published"
    return None


def _teaser_templates(analysis: Analysis, head: Headline | None) -> set[tuple[str, str]]:
    """Where a page prints the dates of its furniture: the elements (path and class words) of
    datelines that sit between two paragraphs of furniture, away from the headline (a teaser
    card's date, the site header's). A dateline printed in such an element is furniture's too,
    wherever it sits: the last card of a list, followed by the story, or one near the top."""
    verdicts = analysis.verdicts
    paragraphs = analysis.article.paragraphs
    found: set[tuple[str, str]] = set()
    for i in range(1, len(verdicts) - 1):
        block = paragraphs[i].block
        if verdicts[i].role != "dateline" or block is None:
            continue
        if head is not None and head.paragraph is not None and abs(i - head.paragraph) <= NEAR:
            continue  # the article's own zone: title, standfirst, byline, dateline, credits
        if analysis.between_furniture(i):
            found.add((block.path, block.attrs))
    return found


def _list_dates(declared: list[Declared], paragraphs: Sequence[Paragraph]) -> list[Declared]:
    """Leave out the datelines of a list: on a page, one template that prints datelines of two
    or more different days is a list's (the posts of a blog's home page, the comments under a
    story, a column of teasers), each item's own date, not the article's (a story prints its
    own publication date once, or the same day twice)."""

    def printed_by(item: Declared) -> tuple[str, str, str] | None:
        if item.paragraph is None or paragraphs[item.paragraph].block is None:
            return None
        return template(paragraphs[item.paragraph])

    days: dict[tuple[str, str, str], set[date]] = {}
    for item in declared:
        if item.label == "published" and (key := printed_by(item)) is not None:
            days.setdefault(key, set()).add(item.day)
    listed = {key for key, found in days.items() if len(found) > 1}
    return [item for item in declared if printed_by(item) not in listed] if listed else declared


#: A photo credit that ends a caption ("(AP)", "(Getty Images)", "AP Photo/...", "Photo by").
_PHOTO_CREDIT = re.compile(
    r"\((?:[A-Z][\w.&'/-]*(?: [A-Z][\w.&'/-]*){0,3})\)\s*$|\bAP Photo\b|\bREUTERS/|"
    r"(?i:\b(?:file )?(?:photo|picture|image)s? (?:by|courtesy)\b)",
)
#: Words a caption has beyond its date; a dateline has a few ("By Ann Lee on Monday, ... at").
CAPTION_WORDS = 8


def _photo_caption(text: str) -> bool:
    """Whether a paragraph read as a dateline is a photo caption: a sentence of its own that
    ends in a photo credit. Its date is when the picture was taken, not when the story ran."""
    return bool(_PHOTO_CREDIT.search(text)) and len(text.split()) > CAPTION_WORDS


def declared_dates(analysis: Analysis) -> list[Declared]:
    """List the dates the page declares: dateline paragraphs first, then fields and metadata.

    On a page, a dateline in page furniture (a teaser card, the breadcrumb bar, the site
    header's date of today: :func:`detector.headline.is_furniture`) is not the article's. Nor
    are a date labelled as a printout, a retrieval, a registration or the site's clock
    (:func:`detector.dates.date_label`), a paragraph of more than :data:`TEASER_DATES` dates (a
    list of teasers, each with its date), and a weekday and date alone above the headline that
    is later than the extractor's date (the site header's today-date).
    """
    declared: list[Declared] = []
    order: list[str | None] = []  # the page's numeric date order, worked out when first needed
    languages: list[str | None] = []  # the page's language, likewise
    article = analysis.article
    head = choose(article, analysis.verdicts)
    shown = article.paragraphs[head.paragraph] if head and head.paragraph is not None else None
    # without a visible headline, the story's first paragraph says where the article sits
    context = shown or next(iter(analysis.body()), None)
    extracted = parse_date(article.date) if article.date else None
    teasers = _teaser_templates(analysis, head) if article.format == "html" else set()
    for paragraph, verdict in zip(article.paragraphs, analysis.verdicts, strict=True):
        if verdict.role != "dateline" and not _labelled_dateline(paragraph.text):
            continue
        if context is not None and is_furniture(
            paragraph,
            context,
            # without a headline to place them, list items are not furniture by themselves
            list_items=shown is not None and not _fact_list_item(paragraph, shown),
        ):
            continue  # a teaser's date, the site header's today-date: not this article's
        block = paragraph.block
        if block is not None and (block.path, block.attrs) in teasers:
            continue  # "May 15, 2017" under a teaser, "Monday, ..." beside the weather
        if _photo_caption(paragraph.text):
            continue  # "A cargo ship leaves the port on Aug. 31, 2019. (AP)": when it was shot
        found = parse_declared(paragraph.text)
        if not found:
            if not order and "/" in paragraph.text:
                order.append(numeric_order(analysis))
            day = parse_date(paragraph.text, order=order[0] if order else None)
            if day is None:  # only now is dateparser asked, in the page's language alone
                if not languages:
                    languages.append(page_language(analysis))
                day = parse_date(
                    paragraph.text,
                    fallback=True,
                    order=order[0] if order else None,
                    languages=(languages[0],) if languages[0] else None,
                )
            digit = next((i for i, c in enumerate(paragraph.text) if c.isdigit()), 0)
            found = [(day, date_label(paragraph.text[:digit]))] if day else []
        term = _definition_term(article.paragraphs, paragraph)
        if term is not None and (label := date_label(term + " ")) != "published":
            found = [(day, label) for day, _ in found]  # "Joined" / "May 11, 2017" in a <dl>
        if len({day for day, label in found if label == "published"}) > TEASER_DATES:
            continue  # "11.02.2020 What is ...09.02.2020 Kids' app ...": a list of teasers
        if shown is not None and _header_today(paragraph, shown, found, extracted):
            continue
        for day, label in found:
            if label == "other":
                continue  # a printout, a retrieval, a registration, the site's clock
            declared.append(
                Declared("dateline", day, label, paragraph.index, paragraph.line, paragraph.text)
            )
    declared = _list_dates(declared, article.paragraphs)
    declared = _unlabelled_updates(declared, article.meta, extracted)
    if extracted is not None and extracted not in _NULL_DAYS:
        declared.append(Declared("date", extracted, "published", text=article.date or ""))
    for key, value in article.meta.items():
        label = _meta_label(key)
        read = publisher_day if key == PUBLISHED_TIME else parse_date
        if label and isinstance(value, str) and (day := read(value)) and day not in _NULL_DAYS:
            declared.append(Declared(key, day, label, text=value))
    return declared


def _unlabelled_updates(
    datelines: list[Declared], meta: Mapping[str, str], extracted: date | None
) -> list[Declared]:
    """Label as updates the datelines that show the page's modification day without saying so.

    A site that shows only its last edit under the headline ("| Le 19 février 2020" on a 2017
    story) writes that day in the page's modification field too, which htmldate reads as its
    latest date, while the publisher's own timestamp (``article:published_time``) names the
    earlier day the extractor found. With all three in place the dateline is the update; with
    the timestamp missing or on the dateline's day, the visible date stands.
    """
    latest = parse_date(meta["htmldate:updated"]) if meta.get("htmldate:updated") else None
    stamped = meta.get(PUBLISHED_TIME)
    published = publisher_day(stamped) if isinstance(stamped, str) else None
    if latest is None or extracted is None or published != extracted or latest <= extracted:
        return datelines
    return [
        replace(d, label="updated") if d.label == "published" and d.day == latest else d
        for d in datelines
    ]


def _definition_term(paragraphs: Sequence[Paragraph], paragraph: Paragraph) -> str | None:
    """The ``<dt>`` term right before a ``<dd>`` paragraph (its label), or None."""
    block = paragraph.block
    if block is None or block.tag != "dd" or paragraph.index == 0:
        return None
    before = paragraphs[paragraph.index - 1]
    return before.text if before.block is not None and before.block.tag == "dt" else None


def _fact_list_item(paragraph: Paragraph, shown: Paragraph) -> bool:
    """Whether a dateline is an item of the article's own list of facts under its headline.

    Sites list the date, the author and the reading time as ``<li>`` items right under the
    headline (``<ul class="additional-info">``), inside the article's regions; a list item is
    otherwise furniture (a menu, a teaser list, whose dates are other articles'). Within
    :data:`~detector.stamp.NEAR` paragraphs after the headline, in the same regions, not a link.
    """
    block, base = paragraph.block, shown.block
    if block is None or base is None:
        return False
    return (
        shown.index < paragraph.index <= shown.index + NEAR
        and bool(base.landmarks)
        and block.landmarks == base.landmarks
        and not block.link_chars
    )


#: A short paragraph that says it is the publication date ("Erstellt am: 01.11.2023",
#: "Published on 3 June 2023", "Publié le ..."): a dateline whatever role the model gave it.
_PUBLISHED_LABEL = re.compile(
    r"^\W*(?:published|posted|first\s+published|erstellt|veröffentlicht|publiziert|publié|"
    r"publicado|publicada|pubblicato|gepubliceerd)(?:\s+(?:on|am|le|el|em|il|op|den))?\W*\d",
    re.IGNORECASE,
)
#: At most this many characters make a labelled dateline.
LABELLED_DATELINE_CHARS = 60


def _labelled_dateline(text: str) -> bool:
    return len(text) <= LABELLED_DATELINE_CHARS and bool(_PUBLISHED_LABEL.match(text))


def _header_today(
    paragraph: Paragraph, shown: Paragraph, found: list[tuple[date, str]], extracted: date | None
) -> bool:
    """Whether a dateline is the site header's today-date: a weekday and a date, nothing else,
    above the headline, and later than the extractor's date ("Thursday, November 2, 2023")."""
    if extracted is None or paragraph.index >= shown.index or len(found) != 1:
        return False
    mentions = find_dates(paragraph.text)
    if len(mentions) != 1 or mentions[0].weekday is None:
        return False
    rest = paragraph.text[: mentions[0].start] + paragraph.text[mentions[0].end :]
    return found[0][0] > extracted and not re.search(r"[^\W\d_]{2}", rest)


#: Top-level domains of English-speaking countries that write the day first.
_DAY_FIRST_TLDS = frozenset("uk au nz ie in za sg my ng ke pk".split())


def page_language(analysis: Analysis) -> str | None:
    """The language of the page's body (:func:`detector.language.language_of`: the declared one
    where the function words agree), or None when too little text tells."""
    from detector.language import language_of

    text = " ".join(p.text for p in analysis.body())
    return language_of(text, analysis.article.meta.get("html:lang"))


def numeric_order(analysis: Analysis) -> str | None:
    """How the page writes numeric dates: ``MDY``, ``DMY`` or None when nothing tells.

    The page's own unambiguous numeric dates decide first ("12/25/2022" anywhere on it); else
    its language (:func:`detector.language.language_of`: the declared one where the words
    agree): English is month first unless the site's domain is British,
    Australian, Indian, ...; the languages of :data:`detector.language.DAY_FIRST` day first.
    """
    from urllib.parse import urlparse

    from detector.language import DAY_FIRST

    paragraphs = analysis.article.paragraphs
    found = slashed_order(p.text for p in paragraphs)
    if found is not None:
        return found
    lang = page_language(analysis)
    if lang == "en":
        host = urlparse(analysis.article.url or "").hostname or ""
        return "DMY" if host.rsplit(".", 1)[-1] in _DAY_FIRST_TLDS else "MDY"
    return "DMY" if lang in DAY_FIRST else None


def crawl_date(meta: Mapping[str, str]) -> tuple[date, str] | None:
    """The day the page was fetched, when its metadata records it, with the key saying so."""
    for key, value in meta.items():
        lowered = key.lower()
        if any(word in lowered for word in _CRAWL_WORDS) and (day := parse_date(str(value))):
            return day, key
    return None


def _nearest(month: int, day: int, weekday: int, reference: date) -> tuple[date, date] | None:
    """The occurrence of month/day nearest ``reference``, and the nearest one on ``weekday``."""
    candidates = []
    for year in range(reference.year - 12, reference.year + 3):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February outside leap years
            continue
    if not candidates:
        return None
    nearest = min(candidates, key=lambda d: abs(d - reference))
    fitting = [d for d in candidates if d.weekday() == weekday]
    if not fitting:
        return None
    return nearest, min(fitting, key=lambda d: abs(d - reference))


def _resolved(mention: DateMention, year: int | None) -> str:
    first, last = mention.first_day(year), mention.last_day(year)
    if first is None or last is None:
        return mention.text
    if mention.precision == "year":
        return str(first.year)
    if mention.precision == "month":
        return first.strftime("%Y-%m")
    return first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"


def content_support(analysis: Analysis, reference: date, today: date) -> list[Support]:
    """Derive from the story's own sentences the day ranges its writing must fall in.

    ``reference`` (the stamp) only places a weekday-and-date written without a year: the date
    is taken in the year nearest the reference whose calendar has that weekday. A date labelled
    as an edit ("last edited: 17 Jun 2018") is DT003's business, and a "past" date after
    ``today`` cannot be a date at all ("the RTX 2080 Ti"): both are skipped.
    """
    supports: list[Support] = []
    for paragraph, _verdict in analysis.with_role(*_CONTENT_ROLES):
        if not has_digit(paragraph.text):
            continue  # no sentence of it has a date
        for offset, sentence in sentences(paragraph.text):
            mentions = find_dates(sentence)
            if not mentions:
                continue
            dated = [m for m in mentions if m.year is not None]
            for mention in mentions:
                if is_update(sentence[: mention.start]) or _labels_item(sentence, mention):
                    continue
                if _timestamped(sentence, mention):
                    continue  # "Posted March 3, 2020 at 3:42 pm": a comment's clock, no event
                support = _support(mention, sentence, dated, offset, reference)
                if support is not None and support[0] is not None and support[0] > today:
                    continue
                if support is not None:
                    supports.append(
                        Support(*support, paragraph=paragraph.index, line=paragraph.line)
                    )
    return supports


#: A clock time ("3:42 pm", "15:42 Uhr", "15h42", "at 10:15") right beside a date.
_CLOCK_AFTER = re.compile(
    r"\W{0,3}(?:(?:at|um|à|a\s+las|alle|às|om)\s+)?\d{1,2}(?::|h)\d{2}\b"
    r"|\W{0,3}(?:at|um|à|a\s+las|alle|às|om)\s+\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h)\b",
    re.IGNORECASE,
)
_CLOCK_BEFORE = re.compile(
    r"\b\d{1,2}(?::|h)\d{2}\s*(?:am|pm|a\.m\.|p\.m\.|uhr)?\W{0,3}$", re.IGNORECASE
)


def _timestamped(sentence: str, mention: DateMention) -> bool:
    """Whether a date carries a clock time beside it: the timestamp of a post or a comment.

    "Posted March 3, 2020 at 3:42 pm", "3. März 2020 um 15:42 Uhr", "15:42, 3 March 2020": a
    date stamped to the minute records when something was posted, later than the story (a
    comment, a reply, an update), not an event the story reports, so it sets no bound.
    """
    return bool(
        _CLOCK_AFTER.match(sentence, mention.end) or _CLOCK_BEFORE.search(sentence[: mention.start])
    )


_ITEM_AFTER = re.compile(r"\s*[:|)\]–—-]|[^\W\d_]")


def _labels_item(sentence: str, mention: DateMention) -> bool:
    """Whether a date labels an item rather than telling when something happens.

    A date that opens its sentence with nothing but punctuation before it and a colon, a
    bracket, a dash or a glued word after it is the date of a teaser or a list entry
    ("07.06.2016: Germany will not ...", "(21. November 2022) Customers ...",
    "06.03.2016Become your own guide"), and a date inside a link is the link's.
    """
    before = sentence[: mention.start]
    if "/" in before and URL_RE.search(before.rsplit(None, 1)[-1] if before.split() else ""):
        return True
    if re.search(r"[^\W\d_]", before):
        return False
    return bool(_ITEM_AFTER.match(sentence, mention.end))


def _borrowed_year(mention: DateMention, sentence: str, dated: list[DateMention]) -> int | None:
    """The year a date without one takes from its sentence: the sentence's single year, when it
    is written within :data:`BORROW_WORDS` words of the date ("by February 9 for the Allied
    Resolve 2022 exercise"); one further away dates another event ("At the February 6
    meeting, X will speak about her trip during the first half of 2001")."""
    if len({m.year for m in dated}) != 1:
        return None
    for other in dated:
        after = other.start >= mention.end
        lo, hi = (mention.end, other.start) if after else (other.end, mention.start)
        if len(sentence[lo:hi].split()) <= BORROW_WORDS:
            return other.year
    return None


def _support(
    mention: DateMention, sentence: str, dated: list[DateMention], offset: int, reference: date
) -> tuple[date | None, date | None, str, str, str, str] | None:
    """Return (low, high, basis, mention, resolved, sentence) for one date mention, or None."""
    year = mention.year
    if year is None:
        if mention.weekday is not None and mention.day is not None and mention.month is not None:
            pair = _nearest(mention.month, mention.day, mention.weekday, reference)
            if pair is None or pair[0] == pair[1]:
                return None  # the weekday fits the stamp's year: nothing to say
            fitted = pair[1]
            return (
                fitted - WEEKDAY_WINDOW,
                fitted + WEEKDAY_WINDOW,
                "weekday",
                mention.text,
                f"{fitted.isoformat()}, a {_WEEKDAYS[fitted.weekday()]}",
                sentence,
            )
        borrowed = _borrowed_year(mention, sentence, dated) if mention.month is not None else None
        if borrowed is None:
            return None
        year = borrowed
    if mention.precision == "year" and not _YEAR_LEAD.search(sentence[: mention.start]):
        return None  # "the 2024 race", "Allied Resolve 2022": a label, not when something happened
    first, last = mention.first_day(year), mention.last_day(year)
    assert first is not None and last is not None
    resolved = _resolved(mention, year)
    if (
        offset == 0
        and mention.precision == "day"
        and _BODY_DATELINE.match(sentence[: mention.start])
        and _AFTER_DATELINE.match(sentence[mention.end :])
    ):
        if mention.year is None and any(
            m.year == year and tense_of(sentence, m.start, m.end) == "future"
            for m in find_dates(sentence)
        ):
            return None  # "Visakhapatnam, Jan 7 - By 2010 India will...": a target, not the year
        return first, last, "body_dateline", mention.text, resolved, sentence
    tense = tense_of(sentence, mention.start, mention.end)
    exact = mention.precision == "day"
    if tense == "future":  # written before the event starts; a year or month may still be running
        return None, first if exact else last, "future", mention.text, resolved, sentence
    if tense == "past":  # written after the event; a past year or month may have just begun
        return last if exact else first, None, "past", mention.text, resolved, sentence
    return None


def _context(analysis: Analysis, limit: int = 6) -> list[dict[str, Any]]:
    """Relative time expressions that show the story was written as live news."""
    found: list[dict[str, Any]] = []
    for paragraph, _verdict in analysis.with_role("content"):
        for _offset, sentence in sentences(paragraph.text):
            for rel in find_relative(sentence):
                direction = rel.direction
                if direction == "near":
                    direction = tense_of(sentence, rel.start, rel.end) or ""
                if not direction:
                    continue
                found.append(
                    {
                        "line": paragraph.line,
                        "paragraph": paragraph.index,
                        "mention": rel.text,
                        "direction": direction,
                        "sentence": _excerpt(sentence),
                        "explicit": rel.direction != "near",
                    }
                )
    # phrases that are relative by themselves ("last week") first, then weekdays read by tense
    found.sort(key=lambda item: item["explicit"], reverse=True)
    for item in found:
        del item["explicit"]
    return sorted(found[:limit], key=lambda item: (item["paragraph"], item["mention"]))


def _where(analysis: Analysis, declared: Declared) -> str:
    if declared.paragraph is None:
        return declared.source
    return f"{declared.source}, {analysis.where(declared.paragraph)}"


def _mismatch(
    analysis: Analysis,
    stamp: Declared,
    supports: list[Support],
    others: list[Declared],
    suggestion: Suggestion | None = None,
) -> Finding | None:
    lows = [s.low for s in supports if s.low is not None]
    highs = [s.high for s in supports if s.high is not None]
    low, high = max(lows, default=None), min(highs, default=None)
    if low is not None and high is not None and low > high:
        logger.debug("content dates contradict each other (%s > %s); no DT001", low, high)
        return None
    if high is not None and stamp.day > high + LATE_TOLERANCE:
        gap = stamp.day - high
        binding = sorted(
            (s for s in supports if s.high and stamp.day > s.high + LATE_TOLERANCE),
            key=lambda s: s.high or date.max,
        )
        bound, verb = "not_after", "after"
        edge = high
    elif low is not None and stamp.day < low - EARLY_TOLERANCE:
        gap = low - stamp.day
        binding = sorted(
            (s for s in supports if s.low and stamp.day < s.low - EARLY_TOLERANCE),
            key=lambda s: s.low or date.min,
            reverse=True,
        )
        bound, verb = "not_before", "before"
        edge = low
    else:
        return None
    reasons = "; ".join(_reasons(analysis, binding))
    stamped = f"{stamp.day.isoformat()} ({_where(analysis, stamp)})"
    message = (
        f"The article is stamped {stamped}, but the story cannot "
        f"have been written {verb} {edge.isoformat()}: {reasons}. The stamp is {gap.days} days "
        f"{'later' if bound == 'not_after' else 'earlier'} than the text allows; check the date "
        f"or whether this is an old story republished."
    )
    if suggestion is not None:
        message += f" {_offer(suggestion)}"
    fits = [
        {
            "source": o.source,
            "date": o.day.isoformat(),
            "label": o.label,
            "fits_content": _fits(o.day, low, high),
        }
        for o in others
    ]
    evidence = {
        "stamp": stamp.day.isoformat(),
        "stamp_source": stamp.source,
        "stamp_line": stamp.line,
        "stamp_text": stamp.text,
        "supported": {
            "not_before": low.isoformat() if low else None,
            "not_after": high.isoformat() if high else None,
        },
        "gap_days": gap.days,
        "support": [s.to_dict(bound) for s in binding],
        "context": _context(analysis),
        "other_sources": fits,
        **_suggested(suggestion),
    }
    paragraphs = (stamp.paragraph,) if stamp.paragraph is not None else ()
    return Finding(
        DATE_MISMATCH,
        message,
        paragraphs=paragraphs,
        lines=analysis.lines_of(paragraphs),
        severity=Severity.ERROR if gap > ERROR_GAP else Severity.WARNING,
        evidence=evidence,
    )


def _reasons(analysis: Analysis, supports: list[Support], limit: int = 3) -> list[str]:
    """Phrase the binding supports for an editor, one clause per line and kind of evidence."""
    groups: dict[tuple[int, str], list[Support]] = {}
    for support in supports:
        groups.setdefault((support.paragraph, support.basis), []).append(support)
    clauses = []
    for (paragraph, basis), group in list(groups.items())[:limit]:
        where = analysis.where(paragraph)
        quoted = _join([f"“{s.mention}” ({s.resolved})" for s in group])
        if basis == "future":
            clauses.append(f"{where} speaks of {quoted} as still to come")
        elif basis == "past":
            clauses.append(f"{where} reports {quoted} as past")
        elif basis == "weekday":
            clauses.append(f"{where} writes {quoted}: only that year's calendar has the weekday")
        else:
            clauses.append(f"{where} carries its own date line {quoted}")
    return clauses


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _fits(day: date, low: date | None, high: date | None) -> bool:
    if high is not None and day > high + LATE_TOLERANCE:
        return False
    return not (low is not None and day < low - EARLY_TOLERANCE)


def _future(analysis: Analysis, declared: list[Declared], today: date) -> Finding | None:
    crawled = crawl_date(analysis.article.meta)
    reference, named = (
        (crawled[0], f"the crawl date ({crawled[1]})") if crawled else (today, "today")
    )
    late = [d for d in declared if d.day > reference + timedelta(days=1)]
    if not late:
        return None
    first = late[0]
    listed = ", ".join(f"{d.day.isoformat()} ({_where(analysis, d)})" for d in late)
    paragraphs = tuple(sorted({d.paragraph for d in late if d.paragraph is not None}))
    return Finding(
        FUTURE_STAMP,
        f"The page declares {listed}, later than {named}, {reference.isoformat()}: a date "
        f"cannot lie in the future of the page's own retrieval; the extractor probably read a "
        f"scheduled event or a script value as the publication date.",
        paragraphs=paragraphs,
        lines=analysis.lines_of(paragraphs),
        evidence={
            "stamp": first.day.isoformat(),
            "reference": reference.isoformat(),
            "reference_source": crawled[1] if crawled else "today",
            "dates": [
                {"source": d.source, "date": d.day.isoformat(), "label": d.label, "line": d.line}
                for d in late
            ],
        },
    )


def _near(declared: Declared, headline: int | None) -> bool:
    return (
        headline is not None
        and declared.paragraph is not None
        and abs(declared.paragraph - headline) <= NEAR
    )


def _disagreements(
    declared: list[Declared], headline: int | None, month: str | None = None
) -> list[dict[str, Any]]:
    """The pairs of declared dates that contradict each other.

    ``month`` is the year and month the URL files the page under (``url_month``, ``YYYY-MM``):
    a stamp outside that month (by more than :data:`SOURCE_TOLERANCE`) contradicts it. On the
    DEV pages the gold date fell in the URL's month on all 28 pages that have one.

    A dateline away from the headline, later than the extractor's date, on the day htmldate
    found as the page's latest is an update written without the word ("| Le 19 février 2020"
    at the foot of a 2017 story): it does not contradict the publication date. Next to the
    headline the same dateline is the visible date, and may well be the right one.

    The page's publication timestamp (``meta:published_time``) is a field htmldate reads too,
    not a declaration of its own: it stands against the other dates only when it wins the
    stamp (:func:`detector.stamp.reconcile`). Outvoted by the URL's date and the extractor's,
    it is a CMS's migration or re-save time, not a second publication date.
    """
    from detector.stamp import reconcile

    found: list[dict[str, Any]] = []
    extractor = next((d.day for d in declared if d.source in EXTRACTOR_SOURCES), None)
    latest = next((d.day for d in declared if d.source == "htmldate:updated"), None)
    stamp = reconcile((d.candidate() for d in declared), headline)
    # htmldate's 1 January of a year another date of the page names to the day (a copyright
    # year read as a date) loses the stamp (detector.stamp.NEW_YEAR) and contradicts nothing
    placeholder = (
        extractor is not None
        and (extractor.month, extractor.day) == (1, 1)
        and stamp != extractor
        and any(
            d.label == "published" and d.day.year == extractor.year and d.day != extractor
            for d in declared
        )
    )
    published = [
        d
        for d in declared
        if d.label == "published"
        and not (placeholder and d.source in EXTRACTOR_SOURCES and d.day == extractor)
        and not (d.source == PUBLISHED_TIME and d.day != stamp)
        and not (
            d.source == "dateline"
            and extractor is not None
            and d.day == latest
            and d.day > extractor
            and not _near(d, headline)
        )
    ]
    # htmldate's "updated" date is its guess at the latest date on the page, not a declaration
    updated = [d for d in declared if d.label == "updated" and not d.source.startswith("htmldate")]
    seen: set[tuple[date, date]] = set()  # one pair of days once, whichever fields repeat them
    for i, a in enumerate(published):
        for b in published[i + 1 :]:
            swapped = (a.day.year, a.day.month, a.day.day) == (b.day.year, b.day.day, b.day.month)
            if swapped and not (a.unambiguous or b.unambiguous):
                continue  # "04/06/2017" read in the other order: the other date resolves it
            if abs(a.day - b.day) > SOURCE_TOLERANCE and (a.day, b.day) not in seen:
                seen.add((a.day, b.day))
                found.append(_pair("published dates differ", a, b))
    if month is not None and stamp is not None:
        against = _outside_month(month, stamp, published)
        if against is not None:
            found.append(against)
    for u in updated:
        for p in published:
            if u.day < p.day - timedelta(days=1):
                found.append(_pair("updated before published", p, u))
    for d in declared:
        if d.source != "dateline":
            continue
        for mention in find_dates(d.text):
            if (
                mention.weekday is not None
                and mention.first_day() == d.day
                and (d.day.weekday() != mention.weekday)
            ):
                found.append(
                    {
                        "problem": "weekday does not fit the date",
                        "a": {
                            "source": d.source,
                            "date": d.day.isoformat(),
                            "line": d.line,
                            "text": mention.text,
                        },
                        "b": {
                            "source": "calendar",
                            "date": d.day.isoformat(),
                            "weekday": _WEEKDAYS[d.day.weekday()],
                        },
                        "days_apart": 0,
                    }
                )
    return found


def _outside_month(month: str, stamp: date, published: list[Declared]) -> dict[str, Any] | None:
    """The URL's month against the stamp, when the stamp falls outside it."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    if first - SOURCE_TOLERANCE <= stamp <= last + SOURCE_TOLERANCE:
        return None
    source = next((d for d in published if d.day == stamp), None)
    if source is None:
        return None
    url = {
        "source": "url_month",
        "date": month,
        "label": "published",
        "line": None,
        "paragraph": None,
    }
    return {
        "problem": "published dates differ",
        "a": url,
        "b": _side(source),
        "days_apart": (first - stamp).days if stamp < first else (stamp - last).days,
    }


def _pair(problem: str, a: Declared, b: Declared) -> dict[str, Any]:
    return {
        "problem": problem,
        "a": _side(a),
        "b": _side(b),
        "days_apart": abs((a.day - b.day).days),
    }


def _side(d: Declared) -> dict[str, Any]:
    """One side of a disagreement, as the evidence records it."""
    return {
        "source": d.source,
        "date": d.day.isoformat(),
        "label": d.label,
        "line": d.line,
        "paragraph": d.paragraph,
    }


def _describe(analysis: Analysis, item: Mapping[str, Any]) -> str:
    a, b = item["a"], item["b"]
    if item["problem"] == "weekday does not fit the date":
        return f"the dateline writes “{a['text']}”, but {a['date']} is a {b['weekday']}"
    where_a = (
        a["source"]
        if a["paragraph"] is None
        else f"{a['source']} ({analysis.where(a['paragraph'])})"
    )
    where_b = (
        b["source"]
        if b["paragraph"] is None
        else f"{b['source']} ({analysis.where(b['paragraph'])})"
    )
    if a["source"] == "url_month":
        return (
            f"the URL files the page under {a['date']} but {where_b} says {b['date']} "
            f"({item['days_apart']} days outside that month)"
        )
    if item["problem"] == "updated before published":
        return f"{where_b} says updated {b['date']}, before {where_a} says published {a['date']}"
    apart = item["days_apart"]
    return f"{where_a} says {a['date']} but {where_b} says {b['date']} ({apart} days apart)"


def _conflict(
    analysis: Analysis,
    declared: list[Declared],
    bounds: tuple[date | None, date | None],
    suggestion: Suggestion | None = None,
) -> Finding | None:
    head = choose(analysis.article, analysis.verdicts)
    found = _disagreements(
        declared,
        head.paragraph if head is not None else None,
        analysis.article.meta.get("url_month"),
    )
    if not found:
        return None
    low, high = bounds
    if low is not None or high is not None:
        for item in found:
            for side in ("a", "b"):
                if "label" in item[side] and len(item[side]["date"]) == 10:  # a day
                    item[side]["fits_content"] = _fits(
                        date.fromisoformat(item[side]["date"]), low, high
                    )
    paragraphs = tuple(sorted({d.paragraph for d in declared if d.paragraph is not None}))
    details = "; ".join(_describe(analysis, item) for item in found[:3])
    message = f"The page's own dates disagree: {details}. Decide which is the publication date."
    if suggestion is not None:
        message += f" {_offer(suggestion)}"
    evidence: dict[str, Any] = {"disagreements": found}
    if low is not None or high is not None:
        evidence["supported"] = {
            "not_before": low.isoformat() if low else None,
            "not_after": high.isoformat() if high else None,
        }
    return Finding(
        SOURCES_DISAGREE,
        message,
        paragraphs=paragraphs,
        lines=analysis.lines_of(paragraphs),
        evidence={**evidence, **_suggested(suggestion)},
    )


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The date the content supports, when it rules the stamp out, and what says so."""

    day: date
    source: str
    paragraph: int | None = None
    where: str = ""


def suggest(
    analysis: Analysis,
    declared: list[Declared],
    supports: list[Support],
    bounds: tuple[date | None, date | None],
) -> Suggestion | None:
    """The date the content supports when it rules out the stamp detector would otherwise give.

    The page's declared dates are reconciled as for the report's stamp
    (:func:`detector.stamp.reconcile`); when the content's range (``bounds``) rules that stamp
    out, the declared dates the range allows are reconciled alone, and failing any, a date line
    inside the body ("MOSCOW, January 18, 2022 —") is the content's own date. None when the
    stamp fits, the content sets no range, or nothing inside the range is dated to the day.
    """
    from detector.stamp import reconcile

    low, high = bounds
    if low is None and high is None:
        return None
    head = choose(analysis.article, analysis.verdicts)
    headline = head.paragraph if head is not None else None
    candidates = [d.candidate() for d in declared]
    stamp = reconcile(candidates, headline)
    if stamp is None or _fits(stamp, low, high):
        return None
    allowed = [c for c in candidates if _fits(c.day, low, high)]
    day = reconcile(allowed, headline)
    if day is not None:
        source = next(c for c in allowed if c.day == day)
        where = analysis.where(source.paragraph) if source.paragraph is not None else ""
        return Suggestion(day, source.source, source.paragraph, where)
    lines = sorted(
        (s for s in supports if s.basis == "body_dateline" and s.low and _fits(s.low, low, high)),
        key=lambda s: s.paragraph,
    )
    if lines and lines[0].low is not None:
        return Suggestion(
            lines[0].low, "body_dateline", lines[0].paragraph, analysis.where(lines[0].paragraph)
        )
    return None


def _offer(suggestion: Suggestion) -> str:
    where = f", {suggestion.where}" if suggestion.where else ""
    return f"The content supports {suggestion.day.isoformat()} ({suggestion.source}{where})."


def _suggested(suggestion: Suggestion | None) -> dict[str, Any]:
    if suggestion is None:
        return {"suggested_date": None}
    return {
        "suggested_date": suggestion.day.isoformat(),
        "suggested_source": suggestion.source,
        "suggested_paragraph": suggestion.paragraph,
    }


def ruled_out(day: date, evidence: Mapping[str, Any]) -> bool:
    """Whether the content range a DT001/DT003 finding records (``supported``) rules out ``day``."""
    supported = evidence.get("supported")
    if not isinstance(supported, Mapping):
        return False
    low, high = supported.get("not_before"), supported.get("not_after")
    return not _fits(
        day,
        date.fromisoformat(low) if isinstance(low, str) else None,
        date.fromisoformat(high) if isinstance(high, str) else None,
    )


def check_dates(analysis: Analysis, *, today: date) -> list[Finding]:
    """Run DT001-DT003 on ``analysis``, taking ``today`` when the input has no crawl date."""
    declared = declared_dates(analysis)
    if not declared:
        return []
    findings: list[Finding] = []
    stamp = next((d for d in declared if d.label == "published"), declared[0])
    supports = content_support(analysis, stamp.day, today)
    lows = [s.low for s in supports if s.low is not None]
    highs = [s.high for s in supports if s.high is not None]
    bounds = (max(lows, default=None), min(highs, default=None))
    others = [d for d in declared if d is not stamp]
    suggestion = suggest(analysis, declared, supports, bounds)
    for finding in (
        _mismatch(analysis, stamp, supports, others, suggestion),
        _future(analysis, declared, today),
        _conflict(analysis, declared, bounds, suggestion),
    ):
        if finding is not None:
            findings.append(finding)
    return findings


def run(analysis: Analysis) -> Iterable[Finding]:
    """Check the declared dates of ``analysis`` against its text, its crawl and each other."""
    return check_dates(analysis, today=analysis.context.today)


CHECK = Check(
    name="dates",
    rules=(DATE_MISMATCH, FUTURE_STAMP, SOURCES_DISAGREE),
    run=run,
    doc=__doc__ or "",
    requires=frozenset({"date"}),
)
