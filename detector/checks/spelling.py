"""Find US and UK spellings mixed in one article ("defense" and "defence").

## What it flags
- **NM002 mixed-us-uk-spelling**: US and UK spellings in the same text ("defense" and
  "defence", "color" and "colour"), from a list of about 60 word pairs with their inflections,
  and verbs in both -ize and -ise ("organize" and "organise"). The two are separate
  conventions: -ize with "colour" is Oxford spelling, used by British publishers, and is not a
  mix. Capitalised words inside a sentence are names and keep their own spelling ("Ministry of
  Defence" in an American story is not a mix). The minority forms are the ones to change.
  English stories only: other languages have other spelling pairs.

## Why it matters
A house style picks one convention; a text that mixes them was assembled from several sources
or edited in a hurry. proselint's `spelling.consistency` knows 14 fixed pairs; this list is
longer and reads inflections, and it names the forms to change.

## Example
```
The defense ministry will organize the talks.
Officials said the defence budget would rise, and they recognise the risk.
```
NM002: US "defense" against UK "defence" (equally often: pick the house style), and -ize
"organize" against -ise "recognise" (mostly -ize, so change "recognise").

## Known false positives
- Quoted text keeps its writer's spelling: a British quote in an American story is reported.
- Names of foreign institutions written in lower case ("the defence ministry" of a British
  government in a US story).
- Pairs that one side also uses are left out on purpose ("program", "license", "practice",
  "judgement", "grey"), so those mixes are missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from detector.checks.base import Analysis, Check
from detector.dates import is_english
from detector.findings import Finding, Rule, Severity

__all__ = ["CHECK", "MIXED_SPELLING", "Spelling", "spelling_mix"]

MIXED_SPELLING = Rule(
    "NM002",
    "mixed-us-uk-spelling",
    "spelling_inconsistency",
    Severity.INFO,
    "US and UK spellings are mixed in one text.",
)

_ROLES = ("content", "title")
_SENTENCE_BREAK = frozenset(".!?:;…")
_OPENERS = frozenset("“\"‘'([«¿¡")

# (US stem, UK stem, endings both take). Pairs that one side also uses are left out: "program"
# (UK computing), "license"/"practice" (UK verb vs noun), "meter", "tire", "check", "curb",
# "story", "dialogue"/"catalogue"/"analogue", "grey", "cancelled" (common in US text too),
# "judgement" (both in UK).
_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("defense", "defence", " s less"),
    ("offense", "offence", " s"),
    ("pretense", "pretence", " s"),
    ("color", "colour", " s ed ing ful less"),
    ("honor", "honour", " s ed ing able"),
    ("favor", "favour", " s ed ing able ite ites"),
    ("labor", "labour", " s ed ing er ers"),
    ("neighbor", "neighbour", " s ing hood hoods ly"),
    ("behavior", "behaviour", " s al"),
    ("harbor", "harbour", " s ed ing"),
    ("humor", "humour", " ed"),
    ("rumor", "rumour", " s ed"),
    ("vigor", "vigour", ""),
    ("armor", "armour", " ed"),
    ("valor", "valour", ""),
    ("endeavor", "endeavour", " s ed ing"),
    ("flavor", "flavour", " s ed ing"),
    ("savior", "saviour", ""),
    ("center", "centre", " s"),
    ("centered", "centred", ""),
    ("centering", "centring", ""),
    ("theater", "theatre", " s"),
    ("fiber", "fibre", " s"),
    ("liter", "litre", " s"),
    ("caliber", "calibre", ""),
    ("somber", "sombre", ""),
    ("meager", "meagre", ""),
    ("luster", "lustre", ""),
    ("aluminum", "aluminium", ""),
    ("plow", "plough", " s ed ing"),
    ("maneuver", "manoeuvre", " s"),
    ("maneuvered", "manoeuvred", ""),
    ("maneuvering", "manoeuvring", ""),
    ("fetus", "foetus", ""),
    ("pediatric", "paediatric", " s ian ians"),
    ("anemia", "anaemia", ""),
    ("estrogen", "oestrogen", ""),
    ("jewelry", "jewellery", ""),
    ("mold", "mould", " s ed ing y"),
    ("skeptic", "sceptic", " s al ism"),
    ("enroll", "enrol", " s ment"),
    ("fulfill", "fulfil", " s ment"),
    ("traveled", "travelled", ""),
    ("traveling", "travelling", ""),
    ("traveler", "traveller", " s"),
    ("modeled", "modelled", ""),
    ("modeling", "modelling", ""),
    ("labeled", "labelled", ""),
    ("labeling", "labelling", ""),
    ("fueled", "fuelled", ""),
    ("fueling", "fuelling", ""),
    ("signaled", "signalled", ""),
    ("counselor", "counsellor", " s"),
    ("percent", "per cent", ""),
    ("tumor", "tumour", " s"),
    ("pajamas", "pyjamas", ""),
    ("cozy", "cosy", ""),
    ("mustache", "moustache", " s"),
)
# Verbs spelled -ize (US, and Oxford UK) or -ise (most UK): a mix of both is the inconsistency.
_IZE_STEMS = (
    "organ real recogn apolog critic emphas modern mobil author priorit minim maxim stabil legal "
    "normal special summar util character categor final ideal capital central civil colon "
    "democrat harmon industrial initial jeopard local margin memor militar national neutral optim "
    "penal polar popular privat rational revolution sanit scrutin social standard subsid symbol "
    "sympath synchron terror theor urban visual vocal global digit familiar hypothes legitim "
    "monopol mechan patron personal regular energ fertil agon antagon custom evangel fantas human "
    "immun item liberal magnet material motor mesmer ostrac pulver weapon vandal trivial "
    "stigmat random sensational paralys analys catalys"
).split()


@dataclass(frozen=True, slots=True)
class Spelling:
    """One word of the pair lists met in the text."""

    word: str
    system: str
    """``us_uk`` (defense/defence, color/colour) or ``ize_ise`` (organize/organise)."""
    side: str
    """``US``/``UK`` for ``us_uk``; ``-ize``/``-ise`` for ``ize_ise``."""
    paragraph: int
    line: int | None

    def to_dict(self) -> dict[str, object]:
        return {
            "word": self.word,
            "system": self.system,
            "side": self.side,
            "paragraph": self.paragraph,
            "line": self.line,
        }


def _spelling_forms() -> dict[str, tuple[str, str]]:
    """Map every word form of the pair lists to (system, side)."""
    forms: dict[str, tuple[str, str]] = {}
    for us, uk, endings in _PAIRS:
        for ending in endings.split(" "):
            forms[us + ending] = ("us_uk", "US")
            forms[uk + ending] = ("us_uk", "UK")
    for stem in _IZE_STEMS:
        if stem.endswith("ys"):  # analyze/analyse; "analyses" is also the plural of analysis
            base = stem[:-1]
            for ending in ("e", "ed", "ing"):
                forms[base + "z" + ending] = ("ize_ise", "-ize")
                forms[base + "s" + ending] = ("ize_ise", "-ise")
            continue
        for ending in ("e", "es", "ed", "ing", "ation", "ations", "er", "ers"):
            forms[stem + "iz" + ending] = ("ize_ise", "-ize")
            forms[stem + "is" + ending] = ("ize_ise", "-ise")
    return forms


_SPELLING = _spelling_forms()
_SPELLING_WORDS = re.compile(r"\bper\s+cent\b|[^\W\d_]+", re.IGNORECASE)
_SYSTEMS = {"us_uk": ("US", "UK"), "ize_ise": ("-ize", "-ise")}


def spelling_mix(analysis: Analysis) -> list[Spelling]:
    """List the words of the US/UK and -ize/-ise pair lists the story uses; names are skipped."""
    hits: list[Spelling] = []
    for paragraph, _verdict in analysis.with_role(*_ROLES):
        text = paragraph.text
        for match in _SPELLING_WORDS.finditer(text):
            word = " ".join(match.group(0).split())  # "per  cent" -> "per cent"
            entry = _SPELLING.get(word.lower())
            if entry is None:
                continue
            prefix = text[: match.start()].rstrip()
            initial = not prefix or prefix[-1] in _SENTENCE_BREAK or prefix[-1] in _OPENERS
            if word[0].isupper() and not initial:
                continue  # "Ministry of Defence", "Labor Day": a name keeps its spelling
            hits.append(Spelling(word, entry[0], entry[1], paragraph.index, paragraph.line))
    return hits


def _listing(hits: list[Spelling]) -> str:
    words: dict[str, list[Spelling]] = {}
    for hit in hits:
        words.setdefault(hit.word.lower(), []).append(hit)
    parts = []
    for word, group in words.items():
        lines = sorted({h.line for h in group if h.line is not None})
        where = (
            f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})" if lines else ""
        )
        parts.append(f"“{word}”{where}")
    return ", ".join(parts)


def _mix_finding(analysis: Analysis, hits: list[Spelling]) -> Finding | None:
    clauses: list[str] = []
    minority: list[Spelling] = []
    majorities: dict[str, str | None] = {}
    for system, (one, other) in _SYSTEMS.items():
        mine = [h for h in hits if h.system == system]
        first = [h for h in mine if h.side == one]
        second = [h for h in mine if h.side == other]
        if not first or not second:
            continue
        major = one if len(first) > len(second) else other if len(second) > len(first) else None
        majorities[system] = major
        minority.extend(second if major == one else first if major == other else mine)
        if major is None:
            advice = "used equally often: pick the house style"
        else:
            advice = f"mostly {major}, so change the {other if major == one else one} forms"
        clauses.append(f"{one} {_listing(first)} against {other} {_listing(second)} ({advice})")
    if not clauses:
        return None
    paragraphs = tuple(sorted({h.paragraph for h in minority}))
    return Finding(
        MIXED_SPELLING,
        "Spelling conventions are mixed: " + "; ".join(clauses) + ".",
        paragraphs=paragraphs,
        lines=analysis.lines_of(paragraphs),
        evidence={
            "majority": majorities,
            "counts": {
                f"{h.system}:{h.side}": sum(
                    1 for x in hits if (x.system, x.side) == (h.system, h.side)
                )
                for h in hits
            },
            "words": [h.to_dict() for h in hits],
            "change": [h.to_dict() for h in minority],
        },
    )


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report a mix of US and UK spelling in an English story."""
    if not is_english(" ".join(p.text for p in analysis.body())):
        return []
    mix = _mix_finding(analysis, spelling_mix(analysis))
    return [mix] if mix is not None else []


CHECK = Check(
    name="spelling",
    rules=(MIXED_SPELLING,),
    run=run,
    doc=__doc__ or "",
)
