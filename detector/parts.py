"""Recognise the article's own parts that the paragraph model may take for page furniture.

A byline ("Posted by …, Engineering Lead"), a wire credit ("(Reporting by …; Editing by …)",
"… contributed to this report", "Mit Material von dpa", "Con información de EFE"), a standfirst
under the headline and a dateline in a form the model seldom saw ("4 de mayo de 2022 - 00:38")
belong to the article; the model, trained mostly on visible-text scrapes, often calls them bio,
related or footer boilerplate. :func:`refine` runs after the model and gives such a paragraph
its role back where the part stands where an article puts it:

- **byline**: a short line (at most :data:`MAX_BYLINE_WORDS` words) that opens with a credit
  word ("By", "Posted by", "Words by", "Von", "Par", "Por", "Di", "Door", "Autor:", "Texte :",
  "Redacción") followed by names, or joins names and a reporter's post ("Staff writer Ann Lee",
  "Ann Lee, Health Correspondent"), in the head of the article: before the story or among its
  first :data:`HEAD_AFTER_START` paragraphs;
- **credit**: a line of at most :data:`MAX_CREDIT_WORDS` words after the story has started, in
  the wording of wire and newsroom credits (English, German, French, Spanish, Portuguese,
  Italian): who reported, wrote, edited or contributed, or which agencies the story draws on;
  never a copyright notice;
- **dateline**: a short line in the head that is a calendar date, with at most a weekday, a
  time and a "Published"/"Updated" word around it;
- **standfirst**: a sentence of prose (:data:`MIN_STANDFIRST_WORDS` to
  :data:`MAX_STANDFIRST_WORDS` words, function words in it, sentence case, no furniture wording,
  few links; not a caption, an author's blurb or a byline) between the headline and the story.

A *boilerplate* verdict is overridden wherever these hold. A *content* verdict is overridden
only where the layout leaves no doubt: a byline of at most :data:`MAX_CONTENT_BYLINE_WORDS`
words in the head, a credit that opens the story's last paragraph, a standfirst with a byline or
dateline under it. Every other verdict stands. The vocabulary comes from the credit conventions
of the wire services (Reuters' "Reporting by"/"Editing by" line and its Spanish and Portuguese
desks' "Reporte de"/"Reportagem de", AP's "contributed to this report", dpa's "Mit Material
von", AFP's "avec AFP") and the byline forms of the datasets' labelling guide; they are rules,
not learnt weights, so each override names its part among the verdict's reasons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from detector.cues import DATE_RE, STOPWORDS, TEXT_CUES, WEEKDAY_RE

__all__ = [
    "BYLINE",
    "CREDIT",
    "DATELINE",
    "PARTS",
    "STANDFIRST",
    "refine",
]

BYLINE, CREDIT, DATELINE, STANDFIRST = "byline", "credit", "dateline", "standfirst"
#: The roles this module assigns, with the phrase a verdict's reasons carry.
PARTS = {
    BYLINE: "byline wording in the article's head",
    CREDIT: "credit-line wording after the story starts",
    DATELINE: "a calendar date in the article's head",
    STANDFIRST: "a sentence between the headline and the story",
}
MAX_BYLINE_WORDS = 14
#: A byline the model kept as content is marked only when it is this short.
MAX_CONTENT_BYLINE_WORDS = 10
#: A byline's names, before its first comma: at most this many words.
MAX_NAME_WORDS = 7
#: Lower-case words that may join names ("Ann Lee and Tom Hart", "Juan de la Cruz").
_NAME_LINKS = frozenset("and und et y e i & van von de del der den la le da di du dos das".split())
MAX_CREDIT_WORDS = 45
#: In a paragraph the model kept as content, at most this many words before the credit wording
#: ("Source: Reuters AlertNet (Reporting by …)").
MAX_WORDS_BEFORE_CREDIT = 6
MAX_DATELINE_WORDS = 12
#: Words a dateline may hold besides its date, weekday, time and publication words.
MAX_DATELINE_EXTRA_WORDS = 2
MIN_STANDFIRST_WORDS = 8
#: A line with more than this share of its long words capitalised is a headline, not a standfirst.
TITLE_CASE_SHARE = 0.7
MAX_STANDFIRST_WORDS = 60
#: The head of an article: before its first content paragraph, or this many paragraphs into it.
HEAD_AFTER_START = 2
#: At most this many paragraphs between the headline and a standfirst.
STANDFIRST_AFTER_TITLE = 3
#: A standfirst has at most this share of its characters inside links.
MAX_LINK_SHARE = 0.5

_UPPER = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-Я]"
_BYLINE_OPENERS = re.compile(
    r"^(?:(?:posted|written|published|reported|words|text|story|photos? and words)\s+)?by\s+"
    r"|^(?:von|par|por|di|door)\s+"
    r"|^(?:autor(?:in|a)?|auteur(?:e)?|author|text|texte|texto|testo|redaktion)\s*:\s*",
    re.IGNORECASE,
)
_BYLINE_DESK = re.compile(r"^redacci[oó]n\b|^reda[cç][aã]o\b", re.IGNORECASE)
_BYLINE_POST = re.compile(
    r"\b(?:staff (?:writer|reporter)|(?:senior |chief |foreign |political )?correspondent|"
    r"correspondant(?:e)?|corresponsal|korrespondent(?:in|en)?|reporter(?:in)?|redakteur(?:in)?|"
    r"rédact(?:eur|rice)|journaliste)\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    # English: Reuters, AP and newsroom conventions.
    r"\b(?:additional |further )?(?:reporting|writing|editing|research|fact-checking)\s+by\s+"
    rf"(?-i:{_UPPER})"
    r"|\bcontributed(?:\s+(?:reporting|research))?(?:\s+to\s+(?:this|the)\s+"
    r"(?:report|story|article))?\s*[.)]?\s*$"
    r"|\bcontributed\s+(?:reporting|research)\b"
    r"|^\(?compiled\s+by\b"
    # German: dpa, Reuters, AFP credits and newsroom notes.
    r"|^\(?mit material (?:von|der|des)\b|^\(?mitarbeit\s*:|^\(?unter mitarbeit von\b"
    # French.
    r"|^\(?avec\s+(?:l['’])?(?:afp|ap|reuters|belga|ats|agences?)\b|^\(?\s*reportage\b"
    r"|\b[ée]dit[ée] par\b|\bavec la collaboration de\b"
    # Spanish.
    r"|^\(?(?:con\s+)?informaci[oó]n\s+de\b|^\(?reporte(?:s)?\s+(?:adicional\s+)?de\b"
    r"|^\(?reportaje(?:\s+adicional)?\s+de\b|\beditado(?:\s+en\s+espa[ñn]ol)?\s+por\b"
    r"|^\(?con\s+(?:agencias|efe|afp|reuters|europa press)\b"
    # Portuguese and Italian.
    r"|^\(?reportagem(?:\s+adicional)?\s+de\b|\bedi[çc][aã]o\s+de\b|\bcom informa[çc][õo]es\s+d"
    r"|^\(?(?:hanno|ha)\s+collaborato\b|\bcon la collaborazione di\b",
    re.IGNORECASE,
)
#: A line that is only agency names in brackets: "(dpa)", "(AFP/Reuters)".
_AGENCIES = re.compile(
    r"^\(\s*(?:dpa|afp|ap|reuters|epd|kna|apa|efe|ansa|sda|ats|belga|anp|lusa|europa press)"
    r"(?:\s*[/,;]\s*(?:dpa|afp|ap|reuters|epd|kna|apa|efe|ansa|sda|ats|belga|anp|lusa|"
    r"europa press|\w{1,4}))*\s*\)$",
    re.IGNORECASE,
)
_MONTHS_DE = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    r"diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
#: Dates written with "de"/"del" (Spanish, Portuguese) and Italian months, which DATE_RE lacks.
_DATE_DE = re.compile(
    rf"\b\d{{1,2}}\s+(?:de\s+)?(?:{_MONTHS_DE})\s+(?:de\s+|del\s+)?\d{{4}}\b", re.IGNORECASE
)
_POSTED_BY = re.compile(r"^(?:posted|written|submitted)\s+by\s", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s")
_LEGAL = next(c.pattern for c in TEXT_CUES if c.name == "legal")
_NAME_AND_POST = re.compile(r"^(.+?)\s*[,|–—]\s*(.+)$")
#: What a dateline may hold besides its date: weekday, time, "Published"/"Updated" and the like.
_DATELINE_WORDS = re.compile(
    r"\b(?:published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|[ecmp][sd]t|cet|cest|bst|ist|jst|aest|"
    r"veröffentlicht|aktualisiert|am|um|uhr|publié|mis à jour|le|à|publicado|actualizado|el|"
    r"a las|de|del|h)\b|\d{1,2}[:.h]\d{2}|[-–—|,:·•/]",
    re.IGNORECASE,
)
_NOT_STANDFIRST = re.compile(
    r"^[-–—]|\([^()]{1,30}\)$|\bfile (?:photo|image|picture)\b|\b(?:photo|picture|image)s? "
    r"(?:by|courtesy)\b|\bAP Photo\b|\bREUTERS/|^\S+(?: \S+)? is (?:a|an|the) ",
    re.IGNORECASE,
)
_FURNITURE_CUES = tuple(c.pattern for c in TEXT_CUES if c.name != "timestamp")


def refine(
    texts: Sequence[str],
    roles: Sequence[str],
    link_chars: Sequence[int | None] | None = None,
) -> tuple[list[str], dict[int, str]]:
    """Give the article's own parts back the roles the model took from them.

    ``roles`` are the model's decisions for ``texts`` (one document, in order); ``link_chars``
    the characters of each paragraph inside links (HTML), if known. Returns the refined roles and,
    for each paragraph whose role changed, the part's phrase for the verdict's reasons.
    """
    out = list(roles)
    changed: dict[int, str] = {}
    content = [i for i, role in enumerate(roles) if role == "content"]
    if not content:
        return out, changed
    first, last = content[0], content[-1]
    title = next((i for i in range(first) if roles[i] == "title"), None)
    head_end = first + HEAD_AFTER_START

    def mark(i: int, part: str) -> None:
        out[i] = part
        changed[i] = PARTS[part]

    for i, text in enumerate(texts):
        role = roles[i]
        if role not in ("boilerplate", "content"):
            continue
        words = text.split()
        furniture = role == "boilerplate"
        if (
            i > first
            and len(words) <= MAX_CREDIT_WORDS
            and _is_credit(text, at_start=not furniture)
        ):
            # A credit the model kept as content is marked only at the story's end, and only
            # when the credit opens the paragraph (not a story's last sentence before it).
            if furniture or i >= last:
                mark(i, CREDIT)
        elif i <= head_end and len(words) <= MAX_BYLINE_WORDS and _is_byline(text):
            if furniture or len(words) <= MAX_CONTENT_BYLINE_WORDS:
                mark(i, BYLINE)
        elif furniture and i <= head_end and len(words) <= MAX_DATELINE_WORDS and _is_date(text):
            mark(i, DATELINE)
    for i, text in enumerate(texts):
        if (
            title is None
            or not 0 < i - title <= STANDFIRST_AFTER_TITLE
            or out[i]
            not in (
                "boilerplate",
                "content",
            )
        ):
            continue
        if any(out[j] == "content" for j in range(title + 1, i)):
            break  # the story has started
        # Furniture before the story, or the first "content" when a byline or dateline follows
        # it before the story does: the layout of headline, standfirst, byline, story.
        between = out[i] == "boilerplate" and i < first
        above_byline = out[i] == "content" and _byline_follows(out, i)
        if (between or above_byline) and _is_standfirst(
            text, text.split(), link_chars[i] if link_chars is not None else None
        ):
            mark(i, STANDFIRST)
            break
    return out, changed


def _byline_follows(roles: list[str], i: int) -> bool:
    """Whether a byline or dateline comes after paragraph ``i`` before any other content."""
    for role in roles[i + 1 : i + 1 + STANDFIRST_AFTER_TITLE]:
        if role in (BYLINE, DATELINE):
            return True
        if role == "content":
            return False
    return False


def _is_credit(text: str, *, at_start: bool = False) -> bool:
    """Credit wording (with ``at_start``, starting the paragraph: a story's last paragraph may
    carry its credit at the end), and no copyright notice around it."""
    stripped = text.strip()
    if _AGENCIES.match(stripped):
        return True
    match = _CREDIT.search(stripped)
    if match is None or _LEGAL.search(stripped):
        return False
    before = stripped[: match.start()]
    # One sentence ("AP writers … contributed."), or a few words before the credit.
    return (
        not at_start
        or len(before.split()) <= MAX_WORDS_BEFORE_CREDIT
        or _SENTENCE_END.search(before) is None
    )


def _is_byline(text: str) -> bool:
    """A credit opener and a name ("By Ann Lee, Health Editor"), a desk, or a reporter's post."""
    stripped = text.strip()
    opener = _BYLINE_OPENERS.match(stripped)
    if opener is not None:
        rest = stripped[opener.end() :]
        # A blog signs with a user name, lower case included ("Posted by timothy on …").
        return _names(rest) or (_POSTED_BY.match(stripped) is not None and bool(rest.split()))
    if _BYLINE_DESK.match(stripped):
        return len(stripped.split()) <= 4
    if len(stripped.split()) > 8:
        return False
    # A post with a name: "Staff writer Lucy Brandt", "Ann Lee, Health Correspondent". A post
    # alone ("Reporter's Notebook", "The Hollywood Reporter") is a column or a site name.
    post = _BYLINE_POST.match(stripped)
    if post is not None:
        return _names(stripped[post.end() :])
    parts = _NAME_AND_POST.match(stripped)
    return (
        parts is not None
        and _BYLINE_POST.search(parts.group(2)) is not None
        and _names(parts.group(1))
    )


def _names(text: str) -> bool:
    """Whether ``text`` starts with people's names: capitalised words and connectors up to the
    first comma, bar or dash, with no sentence after them ("Anna Schmidt und Lea Wolf")."""
    name = re.split(r"\s*[,|–—]\s*", text.strip(), maxsplit=1)[0]
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or name.endswith((".", "!", "?", ":")):
        return _BYLINE_POST.match(name) is not None
    capitalised = [bool(re.match(_UPPER, w)) for w in words]
    if not capitalised[0] and _BYLINE_POST.search(name) is None:
        return False
    lower = [w for w, cap in zip(words, capitalised, strict=True) if not cap]
    return all(w.lower() in _NAME_LINKS for w in lower) or _BYLINE_POST.search(name) is not None


def _is_date(text: str) -> bool:
    """A calendar date, with at most a weekday, a time and a "Published"-like word around it."""
    match = DATE_RE.search(text) or _DATE_DE.search(text)
    if match is None:
        return False
    rest = _DATELINE_WORDS.sub(" ", text[: match.start()] + " " + text[match.end() :])
    rest = WEEKDAY_RE.sub(" ", rest)
    return len(rest.split()) <= MAX_DATELINE_EXTRA_WORDS


def _is_standfirst(text: str, words: list[str], link_chars: int | None) -> bool:
    if not MIN_STANDFIRST_WORDS <= len(words) <= MAX_STANDFIRST_WORDS:
        return False
    stripped = text.strip()
    if _NOT_STANDFIRST.search(stripped) or _BYLINE_OPENERS.match(stripped):
        # An attribution ("— Ann Lee on Sunday"), a caption ("(AP)", "file photo"), an
        # author's blurb ("Tom is a writer who …"), a byline.
        return False
    long_words = [w for w in words if len(w) >= 4]
    if long_words and sum(w[0].isupper() for w in long_words) > TITLE_CASE_SHARE * len(long_words):
        return False  # Title Case: a teaser headline, not a sentence
    if link_chars is not None and link_chars > MAX_LINK_SHARE * len(text):
        return False
    if sum(w.lower().strip(".,;:!?") in STOPWORDS for w in words) < 2:
        return False
    return not any(cue.search(text) for cue in _FURNITURE_CUES)
