"""Named textual cues of boilerplate and article structure, each with the words an editor reads.

A cue is a compiled pattern plus the phrase shown in a verdict's reasons. The patterns cover English
first and the commonest German, French and Spanish site furniture; they are features for the model,
not rules: the classifier learns how much each one weighs, and in which context.
Sources for the vocabulary: the widget texts listed in jusText's and trafilatura's discard lists and
the comment forms of common CMSs (WordPress, Disqus), reworded as word families.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ATTR_CUES",
    "BYLINE",
    "Caseless",
    "Cue",
    "DATE_RE",
    "GLUED_URL_RE",
    "STOPWORDS",
    "TEXT_CUES",
    "URL_RE",
    "WEEKDAY",
    "ascii_lower",
]


_CASE_FREE_ESCAPES = re.compile(r"\\[bBdDsSwWAZ]|\\[ -/:-@\[-`{-~]")


class Caseless:
    """A case-insensitive pattern with a faster test for ASCII text.

    Python's ``re`` tries every alternative at every position under ``IGNORECASE``; the same
    pattern compiled case-sensitively and searched in the lowercased text is two to three times
    faster. The two agree exactly on ASCII text, provided the pattern has no uppercase letter
    (its escapes aside) and no non-ASCII letter whose case partner is ASCII (the Kelvin sign,
    the long s), which the constructor checks; other text takes the original pattern.
    """

    __slots__ = ("pattern", "_folded")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        # Class escapes (\S, \B) and escaped punctuation say nothing of case; any other escape
        # (\u212a, \x4b, a back-reference) is refused rather than read.
        source = _CASE_FREE_ESCAPES.sub("", pattern.pattern)
        if (
            not pattern.flags & re.IGNORECASE
            or "\\" in source
            or any(
                ch.isupper() or (not ch.isascii() and (ch.lower() + ch.upper()).isascii())
                for ch in source
            )
        ):
            raise ValueError(f"not a lowercase case-insensitive pattern: {pattern.pattern!r}")
        self.pattern = pattern
        self._folded = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def found(self, text: str, lower: str | None) -> bool:
        """Tell whether the pattern occurs in ``text``; ``lower`` is :func:`ascii_lower` of it."""
        if lower is not None:
            return self._folded.search(lower) is not None
        return self.pattern.search(text) is not None


def ascii_lower(text: str) -> str | None:
    """``text`` lowercased when it is ASCII (what :meth:`Caseless.found` takes), else None."""
    return text.lower() if text.isascii() else None


@dataclass(frozen=True, slots=True)
class Cue:
    """A named pattern and the phrase that explains it to an editor."""

    name: str
    phrase: str
    pattern: re.Pattern[str]
    #: The same pattern, with the fast test for ASCII text.
    caseless: Caseless


def _cue(name: str, phrase: str, words: str) -> Cue:
    pattern = re.compile(words, re.IGNORECASE)
    return Cue(name, phrase, pattern, Caseless(pattern))


TEXT_CUES: tuple[Cue, ...] = (
    _cue(
        "comment_form",
        "comment-form wording",
        r"\b(leave a (reply|comment)|post (a )?comment|your (comment|email address|name)|"
        r"enter your (comment|name|email)|required fields|save my name|notify me of|"
        r"log ?in to (reply|comment)|cancel reply|\d+ comments?\b|comments? (are )?closed|"
        r"kommentar|commentaire|comentario|deja una respuesta|laisser un commentaire)",
    ),
    _cue(
        "share",
        "share/social wording",
        r"\b(share (this|on|via)|share$|tweet|facebook|twitter|whatsapp|linkedin|pinterest|"
        r"reddit|telegram|instagram|copy link|email this|follow us|teilen|partager|compartir)\b",
    ),
    _cue(
        "newsletter",
        "newsletter/subscription wording",
        r"\b(newsletter|subscribe|sign up|signup|inbox|unsubscribe|abonnieren|abonnez|"
        r"suscr[ií]bete|subscription|get the latest|delivered to your)\b",
    ),
    _cue(
        "cookie",
        "cookie/consent wording",
        r"\b(cookies?|consent|privacy (policy|settings|notice)|gdpr|datenschutz|"
        r"accept all|manage preferences)\b",
    ),
    _cue(
        "legal",
        "copyright/legal notice",
        r"(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|"
        r"terms (of (use|service)|and conditions)|"
        r"\bimpressum\b|mentions l[ée]gales|aviso legal|may not be (published|reproduced))",
    ),
    _cue(
        "related",
        "related-links wording",
        r"\b(related (news|stories|articles|posts|content|coverage)?|read (more|next|also)|"
        r"more (from|on|stories|news)|recommended|trending|most (read|popular|viewed)|"
        r"latest (news|stories|posts)|you may (also )?like|see also|don'?t miss|top stories|"
        r"weitere artikel|mehr zum thema|lire aussi|[àa] lire aussi|te puede interesar|"
        r"m[aá]s noticias)\b",
    ),
    _cue(
        "ads",
        "advertising label",
        r"\b(advertisement|advertising|sponsored|promoted|partner content|ad choices|"
        r"continue reading below|anzeige|publicit[ée]|publicidad)\b",
    ),
    _cue(
        "navigation",
        "navigation wording",
        r"^(home|menu|search|skip to (main )?content|back to top|next|previous|prev|"
        r"login|log in|sign in|register|contact( us)?|about( us)?|sections?|topics|"
        r"startseite|accueil|inicio)$|^([^|>»›/]+\s[>»›/|]\s){2,}",
    ),
    _cue(
        "credit",
        "photo credit or caption",
        r"^(photo|image|picture|foto|bild|credit|source|quelle|getty images)\b|"
        r"\((photo|image|foto): |/(getty|ap|afp|reuters|dpa)\b",
    ),
    _cue(
        "timestamp",
        "relative timestamp",
        r"\b(\d+ (minutes?|hours?|days?|weeks?) ago|updated|published|vor \d+ (minuten|stunden)|"
        r"il y a \d+|hace \d+)\b",
    ),
)

#: Words of class and id attributes. A cue fires when any word of the attribute contains one of
#: the stems (``\b\w*(stem)\w*\b``); the patterns search for the stem alone, which finds the
#: same attributes without the backtracking that the ``\\w*`` around it costs on long class lists.
ATTR_CUES: tuple[Cue, ...] = (
    _cue(
        "attr_boilerplate",
        "in a navigation, footer or sidebar element",
        r"nav|menu|footer|sidebar|widget|breadcrumb|banner|masthead|toolbar|"
        r"share|social|comment|related|promo|teaser|newsletter|cookie|consent|popup|modal|"
        r"advert|\bads?\b|sponsor|subscribe|signup|login|search|tags?|trending|recommend",
    ),
    _cue(
        "attr_content",
        "in the article's body element",
        r"article|content|entry|post|story|body|text|main|prose|richtext",
    ),
    _cue(
        "attr_meta",
        "in a byline or date element",
        r"byline|author|date|time|published|dateline|meta",
    ),
)

_MONTHS = (
    r"jan(uary|uar|vier)?|feb(ruary|ruar)?|f[ée]v(rier)?|mar(ch|s)?|m[äa]rz|apr(il)?|avr(il)?|"
    r"may|mai|jun(e|i)?|juin|jul(y|i)?|juil(let)?|aug(ust)?|ao[uû]t|sep(t|tember|tembre)?|"
    r"oct(ober|obre)?|okt(ober)?|nov(ember|embre)?|dec(ember)?|d[ée]c(embre)?|dez(ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_WEEKDAYS = (
    r"mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs|rsday)?|fri(day)?|sat(urday)?|sun(day)?|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo"
)

#: A calendar date in words or digits ("June 3, 2023", "3 juin 2023", "2023-06-03", "03.06.2023").
DATE_RE = re.compile(
    rf"\b(({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\.?\s+({_MONTHS})\.?,?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})\b",
    re.IGNORECASE,
)
WEEKDAY_RE = re.compile(rf"\b({_WEEKDAYS})\b", re.IGNORECASE)
WEEKDAY = Caseless(WEEKDAY_RE)
URL_RE = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
#: A word glued to a URL with no space, as scrapers leave a link label and its href.
GLUED_URL_RE = re.compile(r"[A-Za-z]https?://", re.IGNORECASE)
BYLINE_RE = re.compile(
    r"^(by|von|par|por|from|written by|words by|reporting by)\s+\S|\s[|•·]\s|"
    r"\b(staff (writer|reporter)|correspondent|associated press|reuters|contributor|editor)\b",
    re.IGNORECASE,
)
BYLINE = Caseless(BYLINE_RE)

#: The commonest function words of English, German, French, Spanish, Portuguese, Italian, Dutch
#: and Russian (hand-picked): a paragraph of running prose in any of them has a few.
STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they we you i his her their our your not no yes so than then there
    which who whom what when where why how all any each more most other some such only own same too
    very can will just should would could may might must shall do does did has have had also about
    into over after before under between through during out up down off again further once here
    der die das und oder aber wenn von zu im in am an auf mit für ist sind war waren sein es ein
    eine einer eines dem den des nicht auch sich als wie bei nach aus um noch nur so dass werden
    wird hat
    le la les et ou mais si de du des un une au aux dans sur avec pour par est sont était être il
    elle ils elles nous vous ce cette ces qui que quoi ne pas plus se sa son ses leur leurs comme
    el los las y o pero si del un una unos unas en con por para es son fue ser lo al que como más
    su sus se no ya muy también este esta estos estas
    o os as um uma uns umas em no na nos nas do da dos das ao aos pelo pela é são foi ser não mas
    il lo gli della delle dello degli nel nella nei alla alle dei di che è sono era non ma anche
    het een en van op te dat die voor met zijn aan niet ook als bij uit wordt werd heeft naar
    и в во не на что с со как а то он она они мы вы к по из за от для это был была были но же
    """.split()
)
