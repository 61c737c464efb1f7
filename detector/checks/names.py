"""Find a name spelled two ways in one article ("Berbock" and "Burbock").

## What it flags
- **NM001 name-spelling-inconsistency**: a capitalised name written in two (or more) close
  forms, one or two letters apart ("Berbock" and "Burbock"), even when each form appears once.
  Forms of five letters or more are grouped when they start with the same letter and differ by
  one edit (two for names of nine letters or more; a swap of neighbours counts as one). Left
  out: words with the endings of abstract nouns (-tion, -ness, -ism, -ment, -ics, ...),
  words that also occur in lower case in the article or are common English words (a
  built-in list of function words, calendar names, titles and institution words:
  "Minister"/"Ministry"), inflections and demonyms ("Russia"/"Russian"/"Russia's",
  "Allied"/"Allies", "Germany"/"German", "Marxism"/"Marxist"), pairs of distinct places and
  people that look alike (Iran/Iraq, Austria/Australia, Obama/Osama, ...), contractions
  ("He'll"), codes ("IRBMs"), and forms told apart by context: two surnames each written with a
  different first name ("John Miller", "Jane Millar") or a different title ("Mr Miller", "Ms
  Millar") are two people, and two first names are one only when written before the same
  surname ("Kellen Lutz", "Kellan Lutz"). At least one form must appear capitalised inside a
  sentence, where only a name would be; the words of a title-case heading prove nothing.
  An English frequency dictionary (pyspellchecker's) settles two more cases: when both forms
  are dictionary words they are two real words or names ("Iceland"/"Ireland",
  "Johnston"/"Johnson"), and a form the dictionary does not know that the story writes more
  often than the dictionary word beside it, and at least twice, is a name of its own
  ("Tallon" 20 times, "Talon" once). Forms written side by side are two parts of one name
  ("Galileo Galilei"); two forms each written three times or more are two names
  ("Wikipedia"/"Wikimedia"). On the clean copies of the check benchmark's DEV pages, 11 of 14
  sampled firings were real misspellings of the gold text ("Hammserstein", "New Zeland").

The rule reads English stories only, where names do not inflect: a story of which less than
three quarters of the words are in the English frequency list is skipped (German capitalises
every noun; Czech, Polish, Lithuanian or Icelandic write a name in case forms that look like
slips: "Praha"/"Prahy"). Comparing names through lemmas would need a lemma dictionary that knows the
names, which none of the small libraries has.

## Why it matters
Spell checkers flag proper names as unknown and "correct" them to dictionary words
(pyspellchecker turns Berbock into "bedrock"); nobody checks that a name is spelled the same way
throughout (proselint #16, open since 2015). Two spellings of one minister in one story are a
visible error, and the majority form is usually, but not always, the right one.

## Example
```
... German Foreign Minister Annalena Berbock told reporters on Tuesday ...
Burbock stressed that the West is ready ...
```
NM001: "Berbock" (line 43) and "Burbock" (line 51), once each: a tie, so the text alone does
not say which is right (it is "Baerbock").

## Known false positives
- Two different people or places whose names differ by a letter and are never written with a
  first name or title ("Clark said ... Clarke said ..."); a family named in one article
  ("the Hansens and the Hanson twins").
- Missed on purpose: names under five letters (Kiev/Kyiv), first names not written before the
  same surname (Jason/Jayson are usually two people), and endings that look like inflections
  (Lavrov/Lavrova).
- Two names of which only one is in the dictionary and which each occur once or equally often
  ("London"/"Loudon", "Rider"/"Riker"): nothing in the text tells them from a slip.
- Missed on purpose: a slip that makes another dictionary word ("Janet" written "Jane").
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from detector.checks.base import Analysis, Check
from detector.checks.lexicon import known
from detector.findings import Finding, Rule, Severity
from detector.language import reads_as

__all__ = ["CHECK", "NAME_SPELLING", "NameForm", "Occurrence", "name_variants"]

NAME_SPELLING = Rule(
    "NM001",
    "name-spelling-inconsistency",
    "spelling_inconsistency",
    Severity.WARNING,
    "The same name is spelled in two different ways.",
)
_ROLES = ("content", "title")
#: Two forms each written this often are two names, not a slip: a slip is made once or twice.
ESTABLISHED = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CONTRACTION = re.compile(r"['’](?:ll|re|ve|d|t|m)$", re.IGNORECASE)
_SENTENCE_BREAK = frozenset(".!?:;…")
_OPENERS = frozenset("“\"‘'([«¿¡")
#: Two forms are compared when one has this many letters; shorter pairs collide by chance
#: (Reed/Reef, Dana/Dina), except for a swap of two inner letters (Kurt/Kutr).
MIN_LENGTH = 5
#: No form shorter than this is compared at all.
SHORT_LENGTH = 4
#: Names this long may differ by two edits; shorter ones by one.
LONG_NAME = 9
#: A paragraph of at most this many words, most of its long words capitalised and no full stop
#: at the end, is a heading.
HEADING_WORDS = 15

# Common words capitalised at a sentence start or inside names of offices and institutions.
# Written for this check; a dictionary (pyspellchecker's English list) would widen it.
_COMMON = frozenset(
    """
    a an and but or nor yet so for if as at by in on of to it is we he she you my no not us me i
    the this that these those there their they then than them when where what which while whilst
    who whom whose why how with without within from into onto upon over under after before about
    above below between during since until also although though because however meanwhile
    moreover still even each every both either neither some many much more most other another
    such only just very here have having were will would could should shall must might does done
    doing said says told made make like well back once later earlier today tonight yesterday
    tomorrow now last next first second third fourth fifth new old several according despite
    instead rather among against around across along amid amidst beyond toward towards through
    throughout unlike whether unless whatever whenever wherever thus hence therefore indeed
    perhaps maybe often always never already again almost anyway nearly recently currently
    finally initially officials official people year years week weeks month months time times
    days hours our your his her its ours mine yours ever yes none nothing something anything
    everything someone anyone everyone nobody somebody everybody another whose itself himself
    herself themselves ourselves yourself above being been become became came come comes went
    going gone take taken took give given gave find found keep kept tell tells know known think
    thought want wanted need needed show shows shown seem seems seemed feel felt leave left call
    called calls help helps helped turn turned start started begin began run ran move moved live
    lived believe believed bring brought happen happened write wrote provide provided sit stand
    lose lost pay paid meet met include included continue continued set learn learned change
    changed lead led understand watch follow followed stop stopped create created speak spoke
    read allow allowed add added spend spent grow grew open opened walk walked win won offer
    offered remember love consider considered appear appeared buy wait serve served die died send
    sent expect expected build built stay stayed fall fell cut reach reached kill killed remain
    remained suggest suggested raise raised pass passed sell sold require required report
    reported decide decided pull pulled monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    spring summer autumn winter christmas easter minister ministry ministers ministries president
    presidents presidency presidential prime deputy foreign defense defence secretary secretaries
    secretariat general generals chancellor chancellery senator senators senate representative
    representatives governor governors government governments mayor council councils counsel
    councillor councilor committee committees commission commissions commissioner department
    departments office offices agency agencies party parties union unions forces force army
    armies navy court courts supreme justice judge judges house houses white state states
    national nations nation united federal federation republic republics republican republicans
    democrat democrats democratic kingdom royal prince princess king kings queen lord lords lady
    sir chief chiefs executive director directors officer officers board bank banks fund funds
    group groups company companies corporation university college school schools institute
    center centre museum hospital police city cities county counties district districts region
    regions regional province provinces street avenue road river lake mount north south east
    west northern southern eastern western central great grand saint international world global
    military security health public foundation association organization organisation movement
    alliance allies allied coalition front assembly parliament parliamentary congress
    congressional cabinet administration authority authorities embassy ambassador ambassadors
    consul consulate mission service services bureau division unit units task operation
    operations program programme programs project plan policy policies act law laws bill bills
    treaty accord agreement summit conference forum festival cup league championship games
    olympic olympics award awards prize report news post press daily journal review magazine
    radio television network channel online digital media station airport port bridge tower
    palace hall square park garden church cathedral mosque temple island islands bay gulf sea
    ocean valley hills mountains desert coast mr mrs ms miss dr prof professor rev reverend gen
    col capt captain lieutenant sergeant major colonel admiral commander marshal corporal pope
    bishop father mother sister brother uncle aunt son daughter family guard guards reserve
    reserves territorial territory territories border borders affairs interior finance trade
    energy economy economic development education transport transportation justice
    labor labour home homeland intelligence strategic strategy agriculture environment
    environmental science technology research english french german spanish italian
    dutch
    """.split()
)

#: Endings of English abstract nouns, which are capitalised in headings but are not names
#: ("Negotiations"/"Negotiators", "Computation"/"Compilation", "Economies"/"Economics").
_NOUN_ENDINGS = (
    "tion",
    "tions",
    "sion",
    "sions",
    "ness",
    "ism",
    "isms",
    "ment",
    "ments",
    "ities",
    "ics",
    "ings",
)

#: Pieces of UTF-8 read as Latin-1 or cp1252 ("Canadaâ", "Ã©"): EN001's business, not a spelling.
_MOJIBAKE = re.compile(r"[ÃÂ]|â(?:€|$)")
#: Function words that a lost space glues onto a name ("Irelandfor", "Ministerwill").
_GLUED_TAILS = frozenset(
    "an and as at by for from had has he in into is it its of on or she that the their they "
    "to was were which who will with would said says".split()
)
#: A glued head must be this long: shorter ones are name particles ("Mc", "De", "La", "Van").
_GLUED_HEAD = 4

#: Titles before a name: two different ones tell two people apart.
_HONORIFICS = {
    "mr": "m",
    "mister": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "lady": "f",
    "dame": "f",
    "queen": "f",
    "princess": "f",
}
_ABBREVIATED = frozenset("mr mrs ms dr prof gen col capt lt sgt sen rep gov rev st".split())
#: Different places or people whose names are one letter apart, each spelled correctly.
_DISTINCT = frozenset(
    frozenset(pair.split("/"))
    for pair in """
    iran/iraq austria/australia austrian/australian slovenia/slovakia slovenian/slovakian
    slovene/slovak niger/nigeria nigerien/nigerian gambia/zambia mali/bali oman/omar
    dominica/dominican guinea/guyana sudan/sedan georgia/georgie congo/conga latvia/lithuania
    armenia/albania armenian/albanian swede/swiss sweden/swedes benin/berlin jordan/jordon
    austin/austen maine/marne paris/parks colombia/columbia colombian/columbian
    obama/osama argentina/argentine confederate/confederacy
    """.split()
)
#: Endings that make inflections and demonyms of one stem, not a second spelling.
_SUFFIXES = frozenset(
    "s es n an ans ian ians ns i is ese ish ic ics ism ist ists y d ed er ers ing a al ite ites "
    "ean eans ly ally ness".split()
) | {""}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One capitalised word in the text, with what stands around it."""

    form: str
    paragraph: int
    line: int | None
    inside: bool
    """True when the word is capitalised inside a sentence, where only a name would be."""
    before: str | None
    after: str | None


@dataclass(slots=True)
class NameForm:
    """One spelling of a name in the story: where it occurs and what stands before it."""

    form: str
    occurrences: list[Occurrence] = field(default_factory=list)
    given: set[str] = field(default_factory=set)
    """First names or titles written right before this form (names only, not "And")."""
    full: set[str] = field(default_factory=set)
    surnames: list[str | None] = field(default_factory=list)
    """Per occurrence, the name written right after it (a surname, for a first name), or None."""
    preceded: list[str | None] = field(default_factory=list)
    """Per occurrence, the name written right before it (not a title), or None."""

    @property
    def named(self) -> bool:
        return any(o.inside for o in self.occurrences)


def _occurrences(analysis: Analysis) -> tuple[list[Occurrence], set[str]]:
    """Collect capitalised words of the story, and every word the story writes in lower case."""
    found: list[Occurrence] = []
    lower: set[str] = set()
    for paragraph, verdict in analysis.with_role(*_ROLES):
        text = paragraph.text
        words = list(_WORD.finditer(text))
        titled = verdict.role == "title" or _heading(text, words)
        for i, match in enumerate(words):
            word = match.group(0)
            if not word[0].isupper():
                lower.add(_bare(word).lower())
                continue
            form = _bare(word).replace("’", "'")
            if (
                form.isupper()
                or len(form) < 2
                or form[-1].isupper()
                or sum(c.isupper() for c in form) > 2  # IRBMs, iPhoneX: codes, not names
                or _CONTRACTION.search(form)
            ):
                continue
            k = match.start()  # the last character before the word that is not a space
            while k and text[k - 1].isspace():
                k -= 1
            initial = not k or text[k - 1] in _SENTENCE_BREAK or text[k - 1] in _OPENERS
            before = _neighbour(text, words, i - 1, match.start(), forward=False)
            after = _neighbour(text, words, i + 1, match.end(), forward=True)
            found.append(
                Occurrence(
                    form, paragraph.index, paragraph.line, not initial and not titled, before, after
                )
            )
    return found, lower


def _bare(word: str) -> str:
    """The word without a possessive 's (a word of the pattern ``_WORD`` has no line break)."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _heading(text: str, words: Sequence[re.Match[str]]) -> bool:
    """Tell a title-case heading ("Budget Talks Stall Again"), whose capitals prove nothing."""
    long_words = [w.group(0) for w in words if len(w.group(0)) >= 4]
    if len(words) > HEADING_WORDS or not long_words or text.rstrip()[-1:] in '.!?"”':
        return False
    return sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _neighbour(
    text: str, words: Sequence[re.Match[str]], j: int, edge: int, *, forward: bool
) -> str | None:
    """The capitalised word right next to a word (only spaces or a '.' of "Mr." between)."""
    if not 0 <= j < len(words):
        return None
    other = words[j]
    gap = text[edge : other.start()] if forward else text[other.end() : edge]
    word = _bare(other.group(0)).replace("’", "'")
    if gap.strip(" .") or not word[0].isupper():
        return None
    if gap.strip() == "." and (forward or word.lower() not in _ABBREVIATED):
        return None  # a full stop ends the sentence, except after "Mr." and the like
    return word


def _swapped(a: str, b: str) -> bool:
    """Tell whether two forms differ only by a swap of two neighbouring inner letters."""
    if len(a) != len(b) or a[0] != b[0] or a[-1] != b[-1]:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and (a[diff[1]] == b[diff[0]])
    )


def _glued(form: str, words: set[str]) -> bool:
    """Tell two words run together by a lost space ("Irelandfor", "IrelandAct") from a name.

    ``words`` are the story's capitalised forms. The head must be a word the story also writes on
    its own ("Ireland"), and the tail a function word or a capitalised word of its own, so that
    "Johnson" (John + son) and "McDonald" (a particle) stay names, and a slip that happens to
    end in a function word ("Thaiand" for "Thailand") stays a slip unless the story writes "Thai".
    """
    for cut in range(_GLUED_HEAD, len(form) - 1):
        head, tail = form[:cut], form[cut:]
        if head not in words:
            continue
        if tail in _GLUED_TAILS:
            return True
        if tail[0].isupper() and form[cut - 1].islower() and (tail in words or known(tail)):
            return True
    return False


def _max_edits(a: str, b: str) -> int:
    return 2 if min(len(a), len(b)) >= LONG_NAME else 1


def _stems(word: str) -> set[str]:
    return {
        word[: len(word) - len(s)]
        for s in _SUFFIXES
        if word.endswith(s) and len(word) - len(s) >= 3
    }


def _inflected(a: str, b: str) -> bool:
    """Tell whether two forms are one stem with other endings (Russia/Russian, Allied/Allies).

    So are two forms of which one is the other with up to three letters added (a plural, a
    demonym: "Dasht"/"Dashte", "Yellowknife"/"Yellowknifers"), and two that differ only in
    their last two letters: a slip changes one letter anywhere, while "Zealander"/"Zealandia"
    are two derivations of a stem.
    """
    if bool(_stems(a.lower()) & _stems(b.lower())):
        return True
    x, y = a.lower(), b.lower()
    common = len(os.path.commonprefix([x, y]))
    if common >= 4 and x[:common] in (x, y) and max(len(x), len(y)) - common <= 3:
        return True  # up to three letters more at the end: Dasht/Dashte, Yellowknife/-rs
    return common >= 5 and len(x) - common == len(y) - common == 2 and x[-1] != y[-1]


def _word_and_name(a: NameForm, b: NameForm) -> bool:
    """Tell a dictionary word from an established name it resembles ("Talon" and "Tallon").

    A slip of the pen is rarer than the word it spoils and is not itself a word; a form the
    dictionary does not know that the story writes more often than the dictionary word beside
    it, and at least twice, is a name of its own (Tallon 20 times, Talon once).
    """
    for word, name in ((a, b), (b, a)):
        count = len(name.occurrences)
        if (
            known(word.form)
            and not known(name.form)
            and count >= 2
            and count > len(word.occurrences)
        ):
            return True
    return False


def _told_apart(a: NameForm, b: NameForm) -> bool:
    """Tell whether context shows two forms belong to different people or things."""

    def given(form: NameForm) -> set[str]:
        return {g for g in form.given if g.lower() not in _COMMON}

    def titles(form: NameForm) -> set[str]:
        return {
            _HONORIFICS[o.before.lower()]
            for o in form.occurrences
            if o.before and o.before.lower() in _HONORIFICS
        }

    for first, other in ((a, b), (b, a)):
        if any(other.form in (o.before, o.after) for o in first.occurrences):
            return True  # written side by side: two parts of one name ("Galileo Galilei")
    sa, sb = {s for s in a.surnames if s}, {s for s in b.surnames if s}
    if sa and sb and not (sa & sb):
        return True  # two first names before two different surnames: two people
    for first, other in ((a, b), (b, a)):
        if len(first.surnames) >= 2 and all(first.surnames) and not any(other.surnames):
            return True  # one is always a first name ("Jason Croft"), the other never
    ga, gb = given(a), given(b)
    if ga and gb and not any(OSA.normalized_similarity(x, y) >= 0.75 for x in ga for y in gb):
        return True
    ta, tb = titles(a), titles(b)
    if ta and tb and not (ta & tb):
        return True
    pa, pb = _first_parts(a), _first_parts(b)
    # always the last word of a longer name, after other words: "Sports Night", "Bill Nighy"
    return bool(
        pa
        and pb
        and not any(x == y or OSA.normalized_similarity(x, y) >= 0.75 for x in pa for y in pb)
    )


def _first_parts(form: NameForm) -> set[str]:
    """The names right before every occurrence of ``form`` (titles aside), or nothing when one
    occurrence stands without one."""
    return set(form.preceded) if all(form.preceded) else set()  # type: ignore[arg-type]


def name_variants(analysis: Analysis) -> list[list[NameForm]]:
    """Group the story's name forms that look like one name spelled differently."""
    occurrences, lower = _occurrences(analysis)
    forms: dict[str, NameForm] = {}
    for occurrence in occurrences:
        forms.setdefault(occurrence.form, NameForm(occurrence.form)).occurrences.append(occurrence)
    named = {f.form for f in forms.values() if f.named}

    def is_name(word: str) -> bool:
        lowered = word.lower()
        return word in named or (lowered not in _COMMON and lowered not in lower)

    for form in forms.values():
        for o in form.occurrences:
            before = (
                o.before
                if o.before and (is_name(o.before) or o.before.lower() in _HONORIFICS)
                else None
            )
            after = o.after if o.after in named else None
            form.surnames.append(after if after and after.lower() not in _COMMON else None)
            form.preceded.append(before if before and before.lower() not in _HONORIFICS else None)
            if before:
                form.given.add(before)
            if before or after:
                form.full.add(" ".join(p for p in (before, o.form, after) if p))
    spelled = set(forms)
    candidates = [
        f
        for f in forms.values()
        if len(f.form) >= SHORT_LENGTH
        and not f.form.lower().endswith(_NOUN_ENDINGS)
        and f.form.lower() not in _COMMON
        and f.form.lower() not in lower
        and not _MOJIBAKE.search(f.form)
        and not _glued(f.form, spelled)
    ]
    by_letter: dict[str, list[NameForm]] = defaultdict(list)
    for form in candidates:
        by_letter[form.form[0].casefold()].append(form)
    parent = {f.form: f.form for f in candidates}
    members = {f.form: [f] for f in candidates}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for group in by_letter.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if not (a.named or b.named):
                    continue
                if abs(len(a.form) - len(b.form)) > 2:
                    continue
                if max(len(a.form), len(b.form)) < MIN_LENGTH and not _swapped(a.form, b.form):
                    continue
                limit = _max_edits(a.form, b.form)
                if OSA.distance(a.form.lower(), b.form.lower(), score_cutoff=limit) > limit:
                    continue
                if _inflected(a.form, b.form):
                    continue
                if frozenset((a.form.lower(), b.form.lower())) in _DISTINCT:
                    continue
                if known(a.form) and known(b.form):
                    continue  # two dictionary words: Iceland/Ireland, Johnston/Johnson
                if _word_and_name(a, b):
                    continue
                if _told_apart(a, b):
                    continue
                if min(len(a.occurrences), len(b.occurrences)) >= ESTABLISHED:
                    continue  # each written again and again: two names (Wikipedia, Wikimedia)
                ra, rb = root(a.form), root(b.form)
                if ra == rb or any(_told_apart(x, y) for x in members[ra] for y in members[rb]):
                    continue  # Kate, Katwe, Katie: not one name through a third that links them
                parent[ra] = rb
                members[rb] += members.pop(ra)
    clusters: dict[str, list[NameForm]] = defaultdict(list)
    for form in candidates:
        clusters[root(form.form)].append(form)
    groups = [
        sorted(c, key=lambda f: f.occurrences[0].paragraph) for c in clusters.values() if len(c) > 1
    ]
    return sorted(groups, key=lambda g: g[0].occurrences[0].paragraph)


def _lines(occurrences: Iterable[Occurrence]) -> list[int]:
    return sorted({o.line for o in occurrences if o.line is not None})


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _name_finding(analysis: Analysis, group: list[NameForm]) -> Finding:
    counts = {f.form: len(f.occurrences) for f in group}
    top = max(counts.values())
    leaders = [form for form, n in counts.items() if n == top]
    majority = leaders[0] if len(leaders) == 1 else None
    described = []
    for f in group:
        full = sorted(f.full)
        context = f", as “{full[0]}”" if full else ""
        where = analysis.where(o.paragraph for o in f.occurrences)
        described.append(f"“{f.form}” {_times(len(f.occurrences))} ({where}{context})")
    listing = (
        " and ".join([", ".join(described[:-1]), described[-1]])
        if len(described) > 2
        else (" and ".join(described))
    )
    if majority:
        advice = f"use one spelling throughout; the majority form is “{majority}”, but check it."
    else:
        advice = (
            "the forms are equally frequent, so the text does not say which is right: check it."
        )
    message = f"One name is spelled {len(group)} ways: {listing}; {advice}"
    paragraphs = tuple(sorted({o.paragraph for f in group for o in f.occurrences}))
    return Finding(
        NAME_SPELLING,
        message,
        paragraphs=paragraphs,
        lines=analysis.lines_of(paragraphs),
        evidence={
            "variants": [
                {
                    "form": f.form,
                    "count": len(f.occurrences),
                    "lines": _lines(f.occurrences),
                    "paragraphs": sorted({o.paragraph for o in f.occurrences}),
                    "full_names": sorted(f.full),
                }
                for f in group
            ],
            "majority": majority,
            "tie": majority is None,
            "edits": max(
                OSA.distance(a.form.lower(), b.form.lower()) for a in group for b in group
            ),
        },
    )


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report names spelled two ways in an English story."""
    if not reads_as(" ".join(p.text for p in analysis.body()), "en"):
        return []  # German capitalises every noun; Czech or Polish inflect names
    return [_name_finding(analysis, group) for group in name_variants(analysis)]


CHECK = Check(
    name="names",
    rules=(NAME_SPELLING,),
    run=run,
    doc=__doc__ or "",
)
