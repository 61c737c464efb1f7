"""Tense cues per language: the words that mark a date as still to come or already past.

:func:`detector.dates.tense_of` reads a date's tense from the nearest cue in its sentence; this
module holds the cues, one :class:`TenseCues` per language, and tells which language's cues a
sentence takes (:func:`cues_for`). English has the fullest set (with its rules for words in
*-ed*, in :mod:`detector.dates`); German, French, Spanish, Italian, Portuguese and Dutch, the
languages after English that the project's page corpora carry most, have the auxiliaries and
endings of their future and past tenses, the adverbs of time, and their words of plans, schedules
and attribution. The vocabulary is the textbook grammar of each language's future (German
*werden* + infinitive, the Romance synthetic futures in *-ra*/*-rá*/*-rà*, Dutch *zullen*), its
narrative past (German *wurde*/*war*/*hatte*, the French *imparfait*/*passé composé* auxiliaries,
the Spanish and Portuguese preterite endings, the Italian *passato remoto*), as HeidelTime's
per-language resource files list them, cut down to what a date check needs.

German *wird*/*werden* are not future cues: as often as not they form the present passive
("wird seit 2015 verliehen") or sit in another clause of a verb-final sentence ("gewonnen werden,
welche im Oktober 2020 ... besiegelt wurde"); *bereits* and *letzte* ("bereits ab dem 27. April",
"die letzte Etappe") are not past ones. German is read through its adverbs and adjectives of
time (*voraussichtlich*, *kommende*, *geplant*, *seit*, *damals*) and its past auxiliaries.

A sentence is read in a language only when that language's function words outnumber every
other's (:func:`sentence_language`): a short or mixed sentence is not read at all, which is the
safe side for a check that must not cry wolf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TENSE_CUES", "TenseCues", "cues_for", "sentence_language"]


@dataclass(frozen=True, slots=True)
class TenseCues:
    """The cues of one language; each pattern is matched case-insensitively on a sentence."""

    lang: str
    function_words: frozenset[str]
    future: re.Pattern[str]
    """Markers of the future: auxiliaries, future endings, "upcoming", "is expected to"."""
    past: re.Pattern[str]
    """Markers of the past: past auxiliaries and endings, "ago", "last", "since"."""
    present: re.Pattern[str]
    """Schedules in the present ("begins on", "takes place"): nearest to a date, no tense."""
    intent: re.Pattern[str]
    """Plans and intentions, which look forward ("plans to", "hopes")."""
    deadline: re.Pattern[str]
    """A deadline right before a date ("by", "until"): never read as past."""
    attribution: frozenset[str]
    """Verbs of saying: a cue beyond one belongs to another clause ("..., said X, who will")."""
    not_past: frozenset[str] = frozenset()
    """Words the past pattern matches that are not past tenses (adjectives, attribution)."""
    not_future: frozenset[str] = frozenset()
    """Words the future pattern matches that are not futures (nouns in -era, -ará)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_ENGLISH = TenseCues(
    "en",
    _words("the of and to is are was were has have had that with for on by it"),
    future=_re(
        r"\b(?:(?:is|are|am|'s|’s)\s+(?:\w+ly\s+)?(?:expected|scheduled|set|due|slated|planned|"
        r"poised|going|likely|supposed|about)\s+(?:to|for|on|in)|(?:is|are)\s+to\s+(?:be|take|"
        r"begin|start|hold|meet|open|visit)|plans?\s+to|intends?\s+to|ahead\s+of|in\s+the\s+coming|"
        r"later\s+this|(?<!was\s)(?<!were\s)expected\s+to|upcoming|forthcoming|need\s+to|needs\s+to|"
        r"has\s+to|have\s+to|will|shall|won['’]t|\w+['’]ll|must|should)\b"
    ),
    past=_re(
        r"\b(?:was|were|had|did|ago|last|earlier|previously|formerly|since|took\s+place|"
        r"would\s+have|took|began|met|held|saw|won|lost|went|came|made|gave|got|left|sent|"
        r"brought|fought|built|wrote|spoke|rose|fell|broke|chose|became|found|kept|led|paid|ran|"
        r"struck|sold|bought|thought|felt|heard|knew|grew|drew|threw|flew|[a-z]+ed)\b"
    ),
    present=_re(
        r"\b(?:is|are|begins|starts|opens|runs|ends|closes|arrives|takes\s+place|kicks\s+off|"
        r"launches|goes|comes|returns|resumes|debuts|premieres|airs|expires|falls|lasts|remains|"
        r"deadline|due)\b"
    ),
    intent=_re(
        r"\b(?:intention|intentions|intend|intends|hope|hopes|hoping|aim|aims|aiming|want|wants|"
        r"seek|seeks|seeking|vow|vows|pledge|pledges|promise|promises|prepares|preparing|"
        r"bid\s+for|candidacy)\b"
    ),
    deadline=_re(r"\b(?:by|until|till|before|through)(?:\s+at\s+(?:least|the\s+latest))?\s*$"),
    attribution=_words("said says told according"),
)

_GERMAN = TenseCues(
    "de",
    _words("der die das und ist sind wird wurde mit von für auf ein eine nicht auch sich den dem"),
    future=_re(
        r"\b(?:voraussichtlich|künftig|kommende[nmrs]?|"
        r"bevorstehende[nmrs]?|anstehende[nmrs]?|demnächst|geplant|vorgesehen|angesetzt|"
        r"nächste[nmrs]?)\b"
    ),
    past=_re(
        r"\b(?:war|waren|wurde|wurden|hatte|hatten|fand|fanden|begann|begannen|gab|kam|kamen|"
        r"ging|gingen|seit|damals|zuvor|vergangene[nmrs]?|vorige[nmrs]?)\b"
    ),
    present=_re(r"\b(?:findet|finden|beginnt|startet|läuft|endet|öffnet|ist|sind|gilt|frist)\b"),
    intent=_re(r"\b(?:will|wollen|plant|planen|möchte|möchten|beabsichtigt|hofft|hoffen|ziel)\b"),
    deadline=_re(r"\b(?:bis|spätestens|vor)(?:\s+(?:zum|zur|am|ende))?\s*$"),
    attribution=_words("sagte sagten sagt erklärte teilte laut betonte"),
)

_FRENCH = TenseCues(
    "fr",
    _words("le la les et est sont avec pour des une du dans sur qui pas au aux ce cette"),
    future=_re(
        r"\b(?:sera|seront|aura|auront|fera|feront|ira|iront|pourra|pourront|devra|devront|"
        r"va|vont|prévue?s?|prochaine?s?|à\s+venir|d['’]ici|\w{3,}(?:era|eront|ira|iront))\b"
    ),
    past=_re(
        r"\b(?:était|étaient|avait|avaient|fut|furent|eut|a\s+été|ont\s+été|a\s+eu|ont\s+eu|"
        r"depuis|dernière?s?|précédente?s?|auparavant|"
        r"(?:a|ont|avait|avaient)\s+(?:\w+\s+)?\w{2,}(?:é|ée|és|ées))\b"
    ),
    present=_re(r"\b(?:est|sont|commence|débute|ouvre|se\s+tient|a\s+lieu|ont\s+lieu|dure)\b"),
    intent=_re(r"\b(?:compte|comptent|envisage|envisagent|projette|souhaite|veut|veulent|vise)\b"),
    deadline=_re(r"\b(?:avant|jusqu['’]au|jusqu['’]en|d['’]ici)(?:\s+(?:le|la|fin))?\s*$"),
    attribution=_words("déclaré dit indiqué affirmé selon annoncé expliqué précisé"),
    not_future=_words("opéra caméra ère chimère galère cathédrale"),
)

_SPANISH = TenseCues(
    "es",
    _words("el los las y es son fue con para del una por se al lo"),
    future=_re(
        r"\b(?:será|serán|habrá|tendrá|tendrán|va\s+a|van\s+a|previst[oa]s?|próxim[oa]s?|"
        r"\w{2,}(?:ará|erá|irá|arán|erán|irán))\b"
    ),
    past=_re(
        r"\b(?:fue|fueron|era|eran|había|habían|estuvo|tuvo|ha\s+sido|desde|pasad[oa]s?|"
        r"anterior|\w{2,}(?:ó|aron|ieron))\b"
    ),
    present=_re(r"\b(?:es|son|comienza|empieza|abre|termina|se\s+celebra|tiene\s+lugar)\b"),
    intent=_re(r"\b(?:planea|planean|pretende|pretenden|quiere|quieren|espera|esperan)\b"),
    deadline=_re(r"\b(?:hasta|antes\s+del?)(?:\s+el)?\s*$"),
    attribution=_words("dijo afirmó según explicó señaló indicó aseguró declaró"),
)

_ITALIAN = TenseCues(
    "it",
    _words("il lo gli della delle dello degli nel nella alla che è sono non ma anche per"),
    future=_re(
        r"\b(?:sarà|saranno|avrà|avranno|dovrà|dovranno|previst[oaie]|prossim[oaie]|"
        r"\w{2,}(?:erà|irà|eranno|iranno|arà))\b"
    ),
    past=_re(
        r"\b(?:era|erano|fu|furono|aveva|avevano|è\s+stat[oa]|sono\s+stat[ie]|scors[oa]|"
        r"\w{2,}(?:ò|arono|erono|irono))\b"
    ),
    present=_re(r"\b(?:è|sono|inizia|comincia|apre|si\s+tiene|termina)\b"),
    intent=_re(r"\b(?:intende|intendono|punta|vuole|vogliono|spera|sperano)\b"),
    deadline=_re(r"\b(?:entro|fino\s+al?)(?:\s+il)?\s*$"),
    attribution=_words("detto dichiarato spiegato secondo annunciato"),
    not_past=_words("però perciò può"),
)

_PORTUGUESE = TenseCues(
    "pt",
    _words("os as um uma em no na nos nas do da dos das ao é são foi não mas com"),
    future=_re(
        r"\b(?:será|serão|terá|terão|vai|vão|previst[oa]s?|próxim[oa]s?|"
        r"\w{2,}(?:ará|erá|irá|arão|erão|irão))\b"
    ),
    past=_re(
        r"\b(?:foi|foram|era|eram|tinha|tinham|havia|desde|passad[oa]s?|"
        r"\w{2,}(?:ou|aram|eram|iram))\b"
    ),
    present=_re(r"\b(?:é|são|começa|abre|termina|acontece)\b"),
    intent=_re(r"\b(?:pretende|pretendem|planeja|planejam|quer|querem|espera|esperam)\b"),
    deadline=_re(r"\b(?:até|antes\s+de)(?:\s+o)?\s*$"),
    attribution=_words("disse afirmou segundo explicou declarou"),
    not_past=_words("estou vou dou sou ou"),
)

_DUTCH = TenseCues(
    "nl",
    _words("het een en van op te dat die voor met zijn aan niet ook als bij uit wordt werd"),
    future=_re(r"\b(?:zal|zullen|zult|gepland|verwacht|komende|volgende|aanstaande|binnenkort)\b"),
    past=_re(
        r"\b(?:was|waren|werd|werden|had|hadden|vorige|vorig|afgelopen|geleden|sinds|eerder)\b"
    ),
    present=_re(r"\b(?:is|zijn|begint|start|opent|eindigt|vindt)\b"),
    intent=_re(r"\b(?:wil|willen|plant|plannen|hoopt|hopen|van\s+plan)\b"),
    deadline=_re(r"\b(?:tot|uiterlijk|voor)\s*$"),
    attribution=_words("zei zegt verklaarde volgens"),
)

#: The cues of each language, by ISO 639-1 code.
TENSE_CUES: dict[str, TenseCues] = {
    c.lang: c for c in (_ENGLISH, _GERMAN, _FRENCH, _SPANISH, _ITALIAN, _PORTUGUESE, _DUTCH)
}
_WORD = re.compile(r"[^\W\d_]+")


def function_word_counts(text: str) -> list[tuple[int, str]]:
    """(function words of ``text``, language) for each language of :data:`TENSE_CUES`, most
    first."""
    words = _WORD.findall(text.lower())
    return sorted(
        ((sum(w in c.function_words for w in words), c.lang) for c in TENSE_CUES.values()),
        reverse=True,
    )


def sentence_language(sentence: str) -> str | None:
    """The language whose function words the sentence has most of, or None on a tie or none."""
    (best, lang), (second, _other) = function_word_counts(sentence)[:2]
    return lang if best >= 1 and best > second else None


def cues_for(sentence: str) -> TenseCues | None:
    """The cues to read ``sentence`` with, or None when its language is not clear."""
    lang = sentence_language(sentence)
    return TENSE_CUES[lang] if lang is not None else None
