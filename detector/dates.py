"""Find calendar dates and temporal expressions in text, and read the tense around them.

Only what is written is returned: a date without a year stays without one, and it is up to the
caller to resolve it. English is covered fully; month and weekday names in German, French,
Spanish, Italian, Portuguese and Dutch are read too, so that datelines such as ``3. Juni 2023``,
``3 de junio de 2023`` or ``3 giugno 2023`` parse. The tense
reader is a small cue-distance heuristic (the nearest future or past marker in the sentence
governs a date), in the spirit of the rule-based temporal taggers HeidelTime and SUTime, cut down
to what a date-consistency check needs.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "DateMention",
    "RelativeMention",
    "date_label",
    "find_dates",
    "find_relative",
    "has_digit",
    "is_english",
    "is_update",
    "parse_date",
    "parse_declared",
    "publisher_day",
    "sentences",
    "slashed_order",
    "tense_of",
]

logger = logging.getLogger(__name__)

_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner janvier enero gennaio janeiro januari",
        "february feb februar février fevrier febrero febbraio fevereiro februari",
        "march mar märz maerz mars marzo março maart",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre setiembre settembre setembro",
        "october oct oktober octobre octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember décembre decembre diciembre dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTH_NAMES[_name] = _number

_WEEKDAY_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "monday mon montag lundi lunes lunedì lunedi maandag",
        "tuesday tue tues dienstag mardi martes martedì martedi dinsdag",
        "wednesday wed mittwoch mercredi miércoles miercoles mercoledì mercoledi woensdag",
        "thursday thu thur thurs donnerstag jeudi jueves giovedì giovedi donderdag",
        "friday fri freitag vendredi viernes venerdì venerdi vrijdag",
        "saturday sat samstag sonnabend samedi sábado sabado zaterdag",
        "sunday sun sonntag dimanche domingo domenica zondag",
    )
):
    for _name in _names.split():
        _WEEKDAY_NAMES[_name] = _number


def _alternation(names: dict[str, int]) -> str:
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


_MONTH = rf"(?:{_alternation(_MONTH_NAMES)})\.?"
_WEEKDAY = rf"(?:{_alternation(_WEEKDAY_NAMES)})\.?"
_ORD = r"(?:st|nd|rd|th|er|º)?"
_RANGE = r"\s*(?:-|–|—|to|through|until|and|bis|au|al|a)\s*"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_END = r"(?![\w,]\d|\d)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "iso",
            rf"(?<![\d.])(?P<y>{_YEAR})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
            r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d])",
        ),
        ("dotted", rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{_YEAR})(?!\d)"),
        ("slashed", rf"(?<![\d/])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})(?![\d/])"),
        (
            "day_first",
            rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\.?"
            rf"(?:{_RANGE}(?P<d2>\d{{1,2}}){_ORD}\.?)?\s+(?:of\s+|de\s+)?(?P<m>{_MONTH})"
            rf"(?:,?\s+(?:de\s+)?(?P<y>{_YEAR}))?(?!\w){_END}",
        ),
        (
            "month_first",
            rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH})\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}"
            rf"(?!\d)(?:{_RANGE}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}}){_ORD}(?!\d))?"
            rf"(?:,?\s+(?P<y>{_YEAR}))?(?!\w){_END}",
        ),
        ("month_year", rf"\b(?P<m>{_MONTH}),?\s+(?:of\s+|de\s+)?(?P<y>{_YEAR})(?!\w){_END}"),
        ("year", rf"(?<![\d,.$€£/#-])(?P<y>{_YEAR})(?![\d]|s\b|\s*%|-\d|,\d|\.\d)"),
    )
)

#: Month names that are also English verbs: only a capitalised one is a month.
_ENGLISH_VERBS = frozenset({"may", "march", "mar"})
#: Words before a bare number that make it a count ("about 2000 troops"), not a year.
_QUANTIFIERS = frozenset(
    "about around some nearly almost over under than roughly approximately only just another "
    "least most those these all additional extra further".split()
)
#: Words before a bare number that make it a year ("in 2019", "the 2022 elections").
_YEAR_LEADS = frozenset(
    "in since the of by until from to for during before after early late mid spring summer "
    "autumn fall winter year end start beginning circa between and or".split()
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written: any of year, month, day may be missing, and a range has an end."""

    text: str
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    weekday: int | None = None
    """0 for Monday, as written next to the date; None when no weekday was written."""

    @property
    def precision(self) -> str:
        """Say how much the mention pins down: ``day``, ``month`` or ``year``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self, year: int | None = None) -> date | None:
        """The earliest calendar day the mention can mean, with ``year`` filling a missing one."""
        y = self.year if self.year is not None else year
        if y is None:
            return None
        return date(y, self.month or 1, self.day or 1)

    def last_day(self, year: int | None = None) -> date | None:
        """The latest calendar day the mention can mean, with ``year`` filling a missing one."""
        y = self.year if self.year is not None else year
        if y is None:
            return None
        if self.month is None:
            return date(y, 12, 31)
        month = self.end_month or self.month
        if self.day is None:
            return date(y, month, calendar.monthrange(y, month)[1])
        end_year = y + 1 if month < self.month else y
        return date(end_year, month, self.end_day or self.day)


@dataclass(frozen=True, slots=True)
class RelativeMention:
    """A time expression that only makes sense from the writer's day: "last week", "on Friday"."""

    text: str
    start: int
    end: int
    direction: str
    """``past``, ``future`` or ``near`` (a bare weekday, "this week": close to the writing day)."""


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _mention(name: str, match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    text = match.group(0)
    start, end = match.span()
    if name == "year":
        return DateMention(text, start, end, year)
    if name == "slashed":
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a or a == b:
            month, day = a, b
        else:
            return None
        return (
            DateMention(text, start, end, year, month, day)
            if _valid_day(year, month, day)
            else None
        )
    if name in ("iso", "dotted"):
        month, day = int(groups["m"]), int(groups["d"])
        return (
            DateMention(text, start, end, year, month, day)
            if _valid_day(year, month, day)
            else None
        )
    if groups["m"].rstrip(".") in _ENGLISH_VERBS:
        return None  # "you may 5 times", "they march 20 miles": a verb, not a month
    month = _MONTH_NAMES[groups["m"].rstrip(".").lower()]
    weekday = _WEEKDAY_NAMES[groups["wd"].rstrip(".").lower()] if groups.get("wd") else None
    if name == "month_year":
        return DateMention(text, start, end, year, month)
    day = int(groups["d"])
    if not _valid_day(year, month, day):
        return None
    end_month = _MONTH_NAMES[groups["m2"].rstrip(".").lower()] if groups.get("m2") else None
    end_day = int(groups["d2"]) if groups.get("d2") else None
    if end_day is not None:
        if not _valid_day(year, end_month or month, end_day):
            return None
        if end_month is None and end_day <= day:
            return None
        if end_month is not None and end_month < month and year is not None:
            year -= 1  # "December 28 to January 3, 2021": the year written is the end's
    return DateMention(text, start, end, year, month, day, end_month, end_day, weekday)


def _is_count(text: str, start: int, end: int) -> bool:
    """Tell whether a bare four-digit number is a quantity ("about 2000 troops") not a year."""
    before = re.findall(r"[\w']+", text[max(0, start - 24) : start].lower())
    after = re.match(r"\s+([a-z]+)", text[end : end + 24])
    previous = before[-1] if before else ""
    if previous in _QUANTIFIERS or (len(before) >= 2 and " ".join(before[-2:]) == "up to"):
        return True
    if previous in _YEAR_LEADS:
        return False
    return bool(after and after.group(1).endswith("s") and not after.group(1).endswith("ss"))


_ASCII_DIGIT = re.compile("[0-9]")  # the digits of ASCII text (``str.isdigit`` finds more)


def has_digit(text: str) -> bool:
    """Tell whether ``text`` has a digit (``str.isdigit``): a date needs one."""
    return bool(_ASCII_DIGIT.search(text)) if text.isascii() else any(map(str.isdigit, text))


def find_dates(text: str) -> list[DateMention]:
    """Find every explicit date, month, range and year in ``text``, in order, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    if not has_digit(text):
        return found
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if name == "year" and _is_count(text, start, end):
                continue
            mention = _mention(name, match)
            if mention is not None:
                taken.append((start, end))
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


_RELATIVE = re.compile(
    r"\b(?:(?P<past>yesterday|last\s+(?:night|week|weekend|month|year|(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day)|earlier\s+(?:today|this\s+(?:week|month|year))|(?:a|one|two|three|four|five|"
    r"several|few|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago|in\s+recent\s+(?:days|weeks|months))"
    r"|(?P<future>tomorrow|next\s+(?:week|weekend|month|year|(?:mon|tues|wednes|thurs|fri|satur|"
    r"sun)day)|later\s+(?:today|this\s+(?:week|month|year))|in\s+the\s+(?:coming|next)\s+"
    r"(?:days|weeks|months)|in\s+the\s+near\s+future)"
    r"|(?P<near>(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|this\s+(?:week|month|year)|"
    r"today|tonight))\b",
    re.IGNORECASE,
)


def find_relative(text: str) -> list[RelativeMention]:
    """Find English time expressions that are relative to the writing day."""
    return [
        RelativeMention(m.group(0), m.start(), m.end(), m.lastgroup or "near")
        for m in _RELATIVE.finditer(text)
    ]


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


_NO_BREAK_BEFORE = re.compile(
    r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Gov|Sen|Rep|Lt|Col|No|vs|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec)\.$"
)
_ORDINAL_DATE = re.compile(rf"\s*{_MONTH}(?!\w)", re.IGNORECASE)


def sentences(text: str) -> list[tuple[int, str]]:
    """Split a paragraph into sentences, each with its character offset in ``text``.

    No break after a title or an abbreviated month ("Mr.", "Oct. 16"), nor inside a date
    written with an ordinal day ("Freitag, 5. November").
    """
    result: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if _NO_BREAK_BEFORE.search(before):
            continue
        if re.search(r"(?<![\d.])\d{1,2}\.$", before) and _ORDINAL_DATE.match(text, match.end()):
            continue
        result.append((start, text[start : match.start()]))
        start = match.end()
    result.append((start, text[start:]))
    return result


_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
#: Before a bare year used as a name ("the early 2020 campaign", "his 2016 run"): the year names
#: an event and the sentence's verb need not be about it.
_ATTRIBUTIVE_LEAD = frozenset("the a an his her their its our this that early late mid".split())
_YEAR_ONLY = re.compile(r"(?:1[89]|20)\d\d")
#: Extra distance for a word in -ed, which is as often an adjective as a past tense.
ED_PENALTY = 3
_ENGLISH = frozenset("the of and to is are was were has have had that with for on by it".split())
_FOREIGN = frozenset(
    "der die das und ist sind wird wurde mit von für auf sein ein eine nicht auch sich zu den "
    "dem le la les et est sont avec pour des une du el los las y es son fue con para del "
    "una".split()
)
#: Words before an -ed word that make it an adjective ("a full-fledged member", "the planned").
_ADJECTIVE_LEAD = frozenset(
    "a an the this that its their his her our full well newly first second third next".split()
)


def is_english(text: str) -> bool:
    """Tell whether ``text`` has more English function words than German, French or Spanish."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(w in _ENGLISH for w in words)
    return english >= 1 and english > sum(w in _FOREIGN for w in words)


_PASSIVE_LEAD = frozenset("be been being is are am 's ’s to get gets will would".split())
_NOT_PAST = frozenset(
    "expected planned scheduled proposed supposed called based related united limited advanced "
    "armed need needed succeed proceed exceed concerned involved indeed red bed seed speed feed "
    "breed shed hundred "
    "interested detailed dedicated experienced skilled qualified "
    # verbs of attribution date the speaking, not the event spoken of
    "announced added explained stated reported noted confirmed claimed warned argued insisted "
    "revealed tweeted posted wrote".split()
)


#: A preposition of "since" right before a date: whatever the verb, the date is past.
_SINCE = re.compile(
    r"\b(?:since|seit|depuis|desde|sinds|dal)(?:\s+(?:dem|der|den|le|la|l['’]|el|il|lo|o|a))?\s*$",
    re.IGNORECASE,
)


def tense_of(sentence: str, start: int, end: int, window: int = 12) -> str | None:
    """Say whether the words around ``sentence[start:end]`` speak of it as past or future.

    The sentence is read with the cues of its language (:mod:`detector.tense`: English, German,
    French, Spanish, Italian, Portuguese, Dutch); a sentence whose language is unclear is not read
    at all (German *will* is "wants", not a future). The nearest future marker (will, is expected
    to, need to, upcoming; wird, sera, será, sarà, zal ...) or past marker (was, had, ago, last, an
    irregular past form; wurde, était, fue, fu, foi, werd ...) within ``window`` words wins. Verbs
    of attribution ("said", "told") are not markers, and no marker is read across one: in "forecast
    growth on March 22, said the 1.6 per cent will be deeper" the *will* belongs to what was said,
    not to March 22. A date right after *since* (*seit*, *depuis*, *desde*, *sinds*, *dal*) is past
    whatever the verb. An English word in -ed counts as past three words further away than it is (it
    is often an adjective: "a full-fledged member"), and not at all after a form of *be* ("to be
    deployed"). Crossing a comma, colon or semicolon costs two words. A deadline ("by February 9",
    "bis zum 9. Februar") is never read as past: "finished by 2019" says nothing certain. Returns
    ``future``, ``past`` or None when neither is near or they tie. Intentions and plans ("no
    intention of running in 2020", "hopes to") look forward; a schedule in the present ("voting
    begins on September 6", "the deadline is January 6") nearest to the date leaves its tense open,
    and a bare year used as a name ("the early 2020 campaign") is never read as past, nor the
    cover date of a magazine's issue ("the Dec. 9, 2013 issue"), which is printed ahead of time.
    """
    from detector.tense import cues_for

    cues = cues_for(sentence)
    if cues is None:
        return None
    if _ISSUE.match(sentence, end):
        return None  # "the Dec. 9, 2013 issue": a cover date, printed ahead of the day it is sold
    if _SINCE.search(sentence[:start]):
        return "past"  # "since 2019", "seit dem 18. August 2015 wird ...": written after it
    english = cues.lang == "en"
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(sentence)]
    first = next((i for i, t in enumerate(tokens) if t[1] > start), len(tokens))
    last = max((i for i, t in enumerate(tokens) if t[0] < end), default=first)
    far = window + 1

    def distance(position: int) -> int:
        index = next((i for i, t in enumerate(tokens) if t[1] > position), len(tokens) - 1)
        if first <= index <= last:
            return 0
        lo, hi = (index, first) if index < first else (last, index)
        between = tokens[lo + 1 : hi]
        if any(t[2].lower() in cues.attribution for t in between):
            return far  # another clause: what was said, not when
        words = sum(1 for t in between if t[2][0].isalnum())
        breaks = sum(1 for t in between if t[2] in {",", ";", ":", "—", "–"})
        return words + 2 * breaks

    best: dict[str, int] = {}
    for pattern in (cues.future, cues.intent):
        for match in pattern.finditer(sentence):
            if start <= match.start() < end or match.group(0).lower() in cues.not_future:
                continue
            if english and match.group(0).lower() == "will" and _noun_will(tokens, match.start()):
                continue  # "Ford's unexecuted will specified": a testament, not a future
            if english and pattern is cues.intent and _made_intent(tokens, match):
                continue  # "renewed their vows in 2006": a vow made then, no plan ahead
            best["future"] = min(best.get("future", far), distance(match.start()))
    for match in cues.present.finditer(sentence):
        if not (start <= match.start() < end):
            best["present"] = min(best.get("present", far), distance(match.start()))
    # a plan made in the past ("were initially planned to run from August 6-15 in 2021") says
    # nothing of whether its event has happened yet: no tense, like a schedule
    plans = [m.span() for m in _PAST_PLAN.finditer(sentence)] if english else []
    for lo, _hi in plans:
        best["present"] = min(best.get("present", far), distance(lo))
    for match in cues.past.finditer(sentence):
        word = match.group(0)
        if start <= match.start() < end or word.lower() in cues.not_past:
            continue
        if any(lo <= match.start() < hi for lo, hi in plans):
            continue
        if not english and word.split()[-1].lower() in cues.attribution:
            continue  # "a déclaré": when it was said
        if english and word.lower() in _NOT_PAST:
            continue
        if english and word.endswith("ed"):
            if not word.islower():
                continue
            lead = [t[2].lower() for t in tokens if t[1] <= match.start()][-3:]
            if lead and lead[-1] in _ADJECTIVE_LEAD:
                continue
            lead = [w for w in lead if not w.endswith("ly")]
            if lead and lead[-1] in _PASSIVE_LEAD:
                continue
            d = distance(match.start()) + ED_PENALTY
        else:
            d = distance(match.start())
        best["past"] = min(best.get("past", far), d)
    if (
        cues.deadline.search(sentence[:start])
        or (
            english and _TARGET.search(sentence[:start]) and not _RANGE_END.search(sentence[:start])
        )
        or (english and _attributive_year(tokens, first, last, sentence))
    ):
        best.pop("past", None)
    future = best.get("future", far)
    past = best.get("past", far)
    present = best.get("present", far)
    if future > window and past > window or future == past:
        return None
    if present < min(future, past):
        return None  # "begins on September 6", "the deadline is January 6": a schedule
    return "future" if future < past else "past"


#: A plan as it stood in the past: "was scheduled to", "were initially planned to", "had been
#: due for".
_PAST_PLAN = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:\w+ly\s+)?(?:planned|scheduled|set|due|slated|expected|"
    r"supposed|meant|intended)\s+(?:to|for)\b",
    re.IGNORECASE,
)
#: A date that names an issue of a periodical ("appeared in the Dec. 9, 2013 issue of New York
#: Magazine", "in der Ausgabe vom"): magazines date their issues ahead of the day they appear, so
#: it bounds nothing.
_ISSUE = re.compile(
    r"[\s,]*(?:issue|edition|print\s+edition|ausgabe|numéro|número|edición|edizione)\b",
    re.IGNORECASE,
)


def _made_intent(tokens: list[tuple[int, int, str]], match: re.Match[str]) -> bool:
    """Whether an English intent word is a noun after a determiner, not looking ahead to
    anything ("their vows in 2006", "the promise of 2019"), unlike "their hopes to ...", "his
    aim of ...", "the bid for ..."."""
    at = next((i for i, t in enumerate(tokens) if t[0] >= match.start()), len(tokens))
    before = tokens[at - 1][2].lower() if at else ""
    end = next((i for i, t in enumerate(tokens) if t[0] >= match.end()), len(tokens))
    after = tokens[end][2].lower() if end < len(tokens) else ""
    return before in _DETERMINERS and after not in {"to", "of", "for"}


_DETERMINERS = frozenset("the a an his her their its my our your whose last living".split())


#: What a date right after it is the target of, never a past fact: a move, a delay or an extension
#: ("pushed back its launch to at least late 2020", "extending the partnership to 2011"), and a
#: budget period, planned before it starts ("full funding in fiscal year 2020 were dwindling").
_TARGET = re.compile(
    r"(?:\bto(?:\s+at\s+least)?(?:\s+(?:late|early|mid|the\s+end\s+of))?|"
    r"\b(?:fiscal(?:\s+year)?|budget\s+year|FY))[\s-]*$",
    re.IGNORECASE,
)
#: The end of a range ("from 2010 to 2015"), which keeps the tense of its sentence.
_RANGE_END = re.compile(r"\b(?:from|between)\s+\S+(?:\s+\S+)?\s+to\s*$", re.IGNORECASE)


def _noun_will(tokens: list[tuple[int, int, str]], position: int) -> bool:
    """Whether "will" at ``position`` is the noun ("her will", "Ford's unsigned will")."""

    def owner(word: str) -> bool:
        return word in _DETERMINERS or word.endswith(("'s", "’s"))

    before = [t[2].lower() for t in tokens if t[1] <= position][-2:]
    if not before:
        return False
    if owner(before[-1]):
        return True
    return len(before) == 2 and before[-1].endswith("ed") and owner(before[0])


def _attributive_year(
    tokens: list[tuple[int, int, str]], first: int, last: int, sentence: str
) -> bool:
    """Whether a bare year is used as a name: "the early 2020 campaign", "his 2016 run"."""
    if first != last or first >= len(tokens) or not _YEAR_ONLY.fullmatch(tokens[first][2]):
        return False
    before = tokens[first - 1][2].lower() if first else ""
    after = tokens[first + 1][2] if first + 1 < len(tokens) else ""
    return before in _ATTRIBUTIVE_LEAD and after[:1].isalpha() and after.islower()


_AFTER_LABEL = (
    r"(?:\s+(?:on|at|in|am|um|vom|den|le|du|el|del|em|do|il|op|om|van|since|seit|depuis|desde|"
    r"dal|sinds))?\W*$"
)
#: Words that label the date after them an update ("Updated", "Aktualisiert am", "Mis à jour
#: le", "Actualizado el", "Aggiornato il", "Atualizado em", "Bijgewerkt op", a correction
#: note: "Correction added ...", "Korrektur:", "Rectificatif du", ...). German
#: "Stand:" (as of) is not one: on German news sites it is often the only date the story shows.
_UPDATED = re.compile(
    r"\b(updated|modified|last\s+changed|edited|revised|reviewed|correct(?:ion|ed)(?:\s+added)?|"
    r"clarification|editor['’]s\s+note|aktualisiert|geändert|korrigiert|korrektur|rectificatif|"
    r"corrigé|corrección|corregido|rettifica|correção|correctie|"
    r"bearbeitet|überarbeitet|mis\s+à\s+jour|mise\s+à\s+jour|modifié|actualisé|révisé|"
    r"actualizado|actualizada|actualización|modificado|revisado|aggiornato|aggiornamento|"
    r"modificato|ultima\s+modifica|atualizado|atualizada|atualização|bijgewerkt|gewijzigd|"
    r"zaktualizowano|aktualizacja|uppdaterad|opdateret|oppdatert|päivitetty)" + _AFTER_LABEL,
    re.IGNORECASE,
)
#: Words that label the date after them as not the article's at all: a print edition or a
#: printout, a retrieval, a member's registration, the site's clock ("Printed", "Published in
#: print", "Ausdruck vom", "Abgerufen am", "Registriert:", "Aktuelle Zeit:", "Édition papier du",
#: "Edición impresa", "Consultato il", "Membro desde", "Lid sinds", ...).
_OTHER = re.compile(
    r"\b(printed|in\s+print|print\s+edition|accessed|retrieved|joined|registered|"
    r"member\s+since|current\s+time|today\s+is|ausdruck|gedruckt|druckversion|printausgabe|"
    r"zeitungsausgabe|abgerufen|registriert|mitglied\s+seit|dabei\s+seit|aktuelle\s+zeit|"
    r"heute\s+ist|imprimé|édition\s+papier|paru\s+dans\s+\w+|consulté|inscrit|"
    r"membre\s+depuis|impreso|edición\s+impresa|consultado|registrado|miembro\s+desde|"
    r"stampato|edizione\s+cartacea|consultato|iscritto|impresso|edição\s+impressa|"
    r"acessado|membro\s+desde|afgedrukt|geprint|geraadpleegd|lid\s+sinds)" + _AFTER_LABEL,
    re.IGNORECASE,
)


def date_label(prefix: str) -> str:
    """Label the date that follows ``prefix``: ``published``, ``updated`` or ``other``.

    ``updated`` after an update word ("Updated", "Aktualisiert am", "Mis à jour le",
    "Actualizado el", ...); ``other`` after a word that says the date is not the article's
    (a print edition or printout, a retrieval, a registration, the site's clock); else
    ``published``. Only the 40 characters right before the date are read.
    """
    tail = prefix[-40:]
    if _UPDATED.search(tail):
        return "updated"
    if _OTHER.search(tail):
        return "other"
    return "published"


def parse_declared(text: str) -> list[tuple[date, str]]:
    """Read the full dates a dateline declares, each labelled as :func:`date_label` says.

    "Published June 3, 2023 | Updated June 5, 2023" gives a ``published`` and an ``updated``
    date; "Ausdruck vom 11.02.2020" (a printout) an ``other`` one.
    """
    declared: list[tuple[date, str]] = []
    for mention in find_dates(text):
        if mention.precision != "day" or mention.year is None:
            continue
        day = mention.first_day()
        assert day is not None
        declared.append((day, date_label(text[: mention.start])))
    return declared


def is_update(prefix: str) -> bool:
    """Tell whether the text right before a date labels it an edit or not the article's date."""
    return date_label(prefix) != "published"


_RELATIVE_STAMP = re.compile(r"\b(ago|yesterday|today|tomorrow|hours?|minutes?)\b", re.IGNORECASE)


_SLASHED = _PATTERNS[2][1]
#: A dotted date with a two-digit year ("6.11.22"), which dateparser would read month first.
#: A slashed date with a two-digit year ("11/18/19"): read as :data:`_SLASHED` is, this century.
_SHORT_SLASHED = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{2})(?![\d/])")
_SHORT_DOTTED = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2})(?![\d.])")
#: Languages dateparser is limited to when the caller does not know the page's: loading every
#: locale makes its first call compile patterns for 200 of them.
DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")


def slashed_order(texts: Iterable[str]) -> str | None:
    """The order (``MDY`` or ``DMY``) the page's unambiguous numeric dates follow, if they agree.

    "12/25/2022" can only be month first and "25/12/2022" only day first; a page writes all its
    dates one way, so these settle what "10/11/2022" on the same page means.
    """
    votes = Counter()
    for text in texts:
        if "/" not in text:
            continue
        for match in _SLASHED.finditer(text):
            a, b = int(match["a"]), int(match["b"])
            if a > 12 >= b:
                votes["DMY"] += 1
            elif b > 12 >= a:
                votes["MDY"] += 1
    if len(votes) == 1:
        return next(iter(votes))
    return None


def parse_date(
    text: str,
    *,
    fallback: bool = False,
    order: str | None = None,
    languages: Sequence[str] | None = None,
) -> date | None:
    """Read the first full calendar date in ``text`` (a dateline or a metadata value).

    ISO timestamps and the written forms :func:`find_dates` knows come first, then a dotted date
    with a two-digit year ("6.11.22", day first as dotted dates always are). A numeric date
    whose day and month could be swapped ("10/11/2022") is read only in the page's ``order``
    (``MDY`` or ``DMY``, from :func:`slashed_order` or the page's language), never guessed.
    With ``fallback`` the slower ``dateparser`` gets a strict try at anything else, limited to
    ``languages`` (default :data:`DEFAULT_LANGUAGES`), but never at relative stamps such as
    "2 hours ago", whose meaning depends on when the page was read.
    """
    value = text.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for day, _label in parse_declared(value):
        return day
    short = _SHORT_DOTTED.search(value)
    if short is not None:  # "6.11.22": a dotted date is day first wherever it is written
        day, month, year = int(short["d"]), int(short["m"]), 2000 + int(short["y"])
        return date(year, month, day) if _valid_day(year, month, day) else None
    ambiguous = _SLASHED.search(value)
    century = 0
    if ambiguous is None:
        ambiguous = _SHORT_SLASHED.search(value)  # "11/18/19 11:04 PM EST"
        century = 2000
    if ambiguous is not None:
        a, b, year = int(ambiguous["a"]), int(ambiguous["b"]), century + int(ambiguous["y"])
        order = "DMY" if a > 12 >= b else "MDY" if b > 12 >= a else order
        if order is None:
            return None  # "10/11/2022" is October or November: not a guess
        month, day = (a, b) if order == "MDY" else (b, a)
        return date(year, month, day) if _valid_day(year, month, day) else None
    if not fallback or _RELATIVE_STAMP.search(value) or not re.search(r"\d", value):
        return None
    return _dateparser(value, tuple(languages or DEFAULT_LANGUAGES))


@functools.lru_cache(maxsize=512)
def _dateparser(value: str, languages: tuple[str, ...]) -> date | None:
    """Ask dateparser, strictly, for a full date in ``value``, in ``languages`` only.

    Each language dateparser loads costs a compilation of its patterns (tens of milliseconds
    per call on a cold locale), so callers pass the page's language; a dateline is read once a
    page however many checks ask. Only absolute dates are parsed: relative stamps ("2 hours
    ago") are turned away before this, and a date glued to a clock time is not read as one.
    """
    import dateparser  # slow to import; only datelines our patterns cannot read get here

    settings = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],
    }
    try:
        parsed = dateparser.parse(value, languages=list(languages), settings=settings)
    except ValueError:  # a language dateparser does not know: the default few instead
        parsed = dateparser.parse(value, languages=list(DEFAULT_LANGUAGES), settings=settings)
    if parsed is None:
        logger.debug("no date in %r", value)
        return None
    return parsed.date()


#: UTC hours at which every zone from UTC-8 to UTC+9 (the Americas' west coast to Japan) is on
#: the same calendar day as UTC: a UTC timestamp in these hours names the publisher's day.
SAME_DAY_UTC_HOURS = range(8, 15)


def publisher_day(timestamp: str) -> date | None:
    """The day a publisher means by a declared timestamp, or None when the timestamp leaves it open.

    A timestamp with a UTC offset other than zero ("2023-11-09T03:02:34-05:00") is written in
    the publisher's local time: its day as written is the day (on the DEV pages of the htmldate
    set the gold date was that local day on 10 of 11 pages whose local and UTC days differ). A
    date alone, or a clock time without an offset, is likewise a local day. A UTC timestamp
    ("...Z", "+00:00") names an instant, not a day: the publisher's local day is its UTC day
    only when the UTC hour is one of :data:`SAME_DAY_UTC_HOURS`; near midnight UTC a US page's
    evening story is stamped with the next day, so the timestamp says nothing about the day.
    """
    value = timestamp.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(value)
    offset = moment.utcoffset()
    if offset is None or offset.total_seconds() or moment.hour in SAME_DAY_UTC_HOURS:
        return moment.date()
    return None
