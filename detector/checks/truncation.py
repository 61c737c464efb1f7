"""Find a story that stops before its end.

## What it flags
- **TR001 truncated-text**: signs that only part of the story was captured:
  - a "read more" cue in the story itself, with no more of the story after it: "Read more…",
    "Continue reading", "Read the full story", "Click here to read more", "Subscribe to continue
    reading", "(more…)", "[…]" ("Continue reading the main story" past an advertisement, with
    the story going on below, is a skip link);
  - the last paragraph of the story ending in an ellipsis ("… the minister said the plan
    would…"), the mark of a teaser cut by a feed or an excerpt;
  - the last paragraph of the story, eight words or longer, ending mid-sentence: without
    terminal punctuation (. ! ? … : ; or a closing quote or bracket after one), often on a
    comma or a word like "the". Without such a dangling word it must end on a lower-case word,
    read as prose (under fifteen words: a full stop or a comma before the cut, or a share of
    function words; a short line of names and nouns is a caption or a link title), and come
    from a story whose other paragraphs end with a full stop: a blog that drops them by habit
    is not cut off. A quote closed by its attribution without a full stop
    ("“We are proud,” she said") is a typo, not a cut, and is not reported.

A cue paragraph that holds nothing but the cue is removed by the fix; a cut-off paragraph is
kept (the text it has is still the story's). Cues in paragraphs judged boilerplate are BP001's.

## Why it matters
Feeds and paywalls hand scrapers an excerpt; republishing it gives readers half a story that
ends in the middle of a sentence, and the "Read more" link points nowhere.

## Example
```
The council will publish the full budget next week, and members said they expected
Continue reading
```
TR001: the story ends mid-sentence at "expected" (line 19) and line 21 is a "Continue reading"
cue.

A last paragraph whose final words are a label is not cut off either: a credit or sign-off
("Posted by Jane Doe at 11:00 AM", "Source: Getty", "Filed under: Cloud", one to three
capitalised words after the last full stop: "... a new gel. TNS"), a closing time, year,
address, handle, web address, DOI, phone number or e-mail, a copyright line or disclaimer ("This
material may not be published, broadcast, rewritten or redistributed"), a closing note on the
author ("Ana Ruiz es periodista"), a lead-in to embedded media ("watch the video below", "Share
this post"), or words in title case (a heading or a run of link titles left after the story).
On a page, links after the story (a teaser's headline under "ALSO") are not its last paragraph.
Neither is a list item ("* Millwrights", "3. Preheat the oven"), a rule line of underscores, or
text set with spaces between its letters. Chinese and Japanese full stops (。！？) end a sentence
too.

## Known false positives
- A last paragraph that is a list item, a caption or a sign-off without a full stop ("Reporting
  by Jane Doe; editing by Tom Roe" is recognised and skipped only when it is in brackets or
  starts with "Reporting", "Additional reporting", "Editing", "Writing" or "Compiled").
- A story that ends on a deliberate ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.cues import STOPWORDS
from detector.findings import Finding, Rule, Severity
from detector.headline import is_link

__all__ = ["CHECK", "TRUNCATED_TEXT", "truncation_signs"]

TRUNCATED_TEXT = Rule(
    "TR001",
    "truncated-text",
    "truncated_text",
    Severity.WARNING,
    "The story is cut off (a read-more cue, or it ends mid-sentence).",
)

#: A last paragraph shorter than this is not judged for a missing full stop.
MIN_WORDS = 8
#: A paragraph with a cue and at most this many words is only the cue, and is removed.
CUE_ONLY_WORDS = 8

_CUE = re.compile(
    r"\b(?:read\s+more|continue\s+reading|keep\s+reading|read\s+the\s+(?:full|rest|whole|"
    r"complete|entire)\s+(?:story|article|post|report)|click\s+here\s+to\s+(?:read|continue|see)|"
    r"(?:the\s+)?rest\s+of\s+(?:this|the)\s+(?:article|story)\s+is|subscribe\s+(?:now\s+)?to\s+"
    r"(?:read|continue|unlock)|to\s+continue\s+reading|this\s+(?:article|content|story)\s+is\s+"
    r"(?:only\s+)?(?:available\s+)?(?:to|for)\s+(?:subscribers|members)|full\s+(?:story|"
    r"article)\s*(?:»|›|>>|→|…|\.\.\.)|weiterlesen|lire\s+la\s+suite|seguir\s+leyendo|"
    r"leer\s+m[aá]s)\b|\((?:more|read\s+more)\s*(?:…|\.\.\.)?\)|\[(?:…|\.\.\.)\]\s*$",
    re.IGNORECASE,
)
_TRAILER = " .…:;!?»›>→-–—()[]\"”’'"
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])[\"”’)\]]*\s*$")
_TERMINAL = re.compile(r"[.!?…:;。！？][\"“”‘’'»«)\]」』]*\s*$|[\"”’»)\]」』]\s*$")
#: A list item or a rule line: "* item", "- item", "• item", "3. item", "<l>item", "____".
_LIST_ITEM = re.compile(r"^\s*(?:[*•·▪►-]\s|\d{1,2}[.)]\s|<l>)|<l>|[_=*~-]{3,}\s*$")
#: Words that open a sentence; a tail of capitalised words after a full stop that holds one
#: is a cut sentence ("... said. The"), otherwise a sign-off ("... gel. TNS").
_OPENERS = frozenset(
    "the a an in on at but and or if when while as for to of it he she they we i this that "
    "these those his her its their our my there here after before with from by so".split()
)
#: ... and the function words of the languages the cues know ("... Tagen erschienen. Sie").
_STARTS = _OPENERS | STOPWORDS
_SIGN_OFF = re.compile(
    r"^\s*(?:\(|\[)|^(?:reporting|additional\s+reporting|editing|writing|compiled|"
    r"contributing|with\s+reporting)\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"[,”\"’]\s*(?:\w+\s+)?(?:said|says|added|adds|wrote|writes|explained|told\s+\w+)"
    r"(?:\s+\w+)?\s*$",
    re.IGNORECASE,
)
#: A cut on a comma, a dash, or a lower-case function word; in capitals a word is a label ("...
#: unter CC-BY") unless a sentence starts with it ("... fire. The").
_DANGLING_WORDS = "the|a|an|and|or|but|of|to|in|on|with|for|that|as|by"
#: A name framed by dashes signs off a quote ("... never ends." - Ben Wilson -).
_FRAMED_NAME = re.compile(r"[-–—]\s*(?:[A-ZÀ-Þ][\w.'’-]*\s+){1,3}[-–—]\s*$")
_DANGLING = re.compile(rf"(?:,|-|–|\b(?:{_DANGLING_WORDS})|(?<=[.!?] )(?i:{_DANGLING_WORDS}))\s*$")


def _dangling(text: str) -> bool:
    """Whether ``text`` ends on a word or mark that a sentence cannot end on."""
    return bool(_DANGLING.search(text)) and not _FRAMED_NAME.search(text)


_LAST_SENTENCE = re.compile(r"(?:^|[.!?…][\"”’'»)\]]*\s+)([^.!?…]*)$")
_CREDIT = re.compile(
    r"\b(?:posted|filed|published|written|shared)\s+(?:by|in|under|on)\b|"
    r"\b(?:source|sources|photo|photos|photograph|image|images|credit|credits|via|tags|filed\s+under|"
    r"quelle|quellen|bild|foto|fotos|fuente|fuentes|cr[ée]dits?)"
    r"\s*:|//|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?$|\b(?:19|20)\d\d$|"
    r"(?:https?://|www\.)\S+$|\S+@\S+\.\w+(?:\s+\S+)?$|@\w+$|"
    r"\b[\w-]+\.(?:com|org|net|edu|gov|info|io|[a-z]{2})/?\S*$|\d[\d ()+-]{6,}\d$|"
    r"\bdoi:\s*\S+$|\b10\.\d{4,}/\S+$|\b(?:additional\s+)?reporting\s+(?:by|from)\b",
    re.IGNORECASE,
)
#: A copyright, reprints or disclaimer line, which ends without a full stop often enough ("This
#: material may not be published, broadcast, rewritten or redistributed", "... please contact
#: Dow Jones Reprints at 1-800-843-0008 or visit").
_NOTICE = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|\breprints\b|"
    r"may not be (?:published|reproduced|redistributed)|not responsible for the content|"
    r"alle rechte vorbehalten|tous droits r[ée]serv|todos los derechos reservados",
    re.IGNORECASE,
)
#: A closing note on the author: a name of two to four capitalised words, then "is" and a
#: role ("Jane Doe is a lawyer and analyst", "Ana Ruiz es abogada"), which op-eds and blogs
#: print after the story without a full stop; "Smallpox was an ..." or "The President is a ..."
#: is no name.
_BIO = re.compile(
    r"^\W*(?!(?:The|A|An|This|That|There|It|He|She|They|We|Der|Die|Das|Es|El|La|Los|Las|Le|Les|"
    r"Il|Lo|Un|Una|Une|Ein|Eine)\b)(?:[A-ZÀ-Þ][\w.'’-]*\s+){2,4}(?:is|was|es|est|ist|è|é|er)\s+"
    r"(?:a|an|the|un|una|une|ein|eine|der|die|el|la|le|il|uno|um|uma|professor|lawyer|"
    r"journalist|writer|author|abogad[oa]|periodista|escritor[a]?|profesor[a]?|journaliste|"
    r"[ée]crivain|avocat|autor|autorin|journalist(?:in)?|polit[oó]log[oa])\b",
)
BIO_MAX_WORDS = 40
#: A lead-in to an embedded video, photo or list, which ends without a full stop on purpose.
_LEAD_IN = re.compile(
    r"\b(?:below|above|here|hier|ici|aqu[ií]|qui|her|(?:video|photos?|gallery|clip|slideshow|map|"
    r"chart|graphic|trailer)s?\s+(?:below|above|here)|share\s+this(?:\s+\w+)?|click\s+here\s+"
    r"to(?:\s+\w+){1,3})\s*$",
    re.IGNORECASE,
)
#: A line of leader dots or a dotted rule ("..........."): layout, not an ellipsis.
_DOTTED_RULE = re.compile(r"^[.\s·…]{6,}$|\.{6,}\s*$")
#: A short, single-sentence last paragraph without a dangling word reads as a caption or a link
#: title ("A horse passes a carriage near Central Park"); a cut is judged on longer prose.
SHORT_LINE_WORDS = 15
#: Share of function words from which a short line reads as prose.
PROSE_FUNCTION_SHARE = 0.3
_INNER_END = re.compile(r"[.!?…][\"”’)]*\s+\S")
#: Text set with a space between letters ("w h a t  h a p p e n e d"): layout, not a cut.
_SPACED = re.compile(r"(?:\b\w\s{1,3}){8,}")
#: An end mark, emoji or stray dash after the last sentence ("... that book." ❖, "... 😉").
_END_MARK = re.compile(
    r"[.!?…\"”’)\]]\s*[\-–—■□◆◇❖●○∎▪★☆♦]+$|[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*$|"
    r"\*\w+\*\s*$"  # an emote in asterisks ("*grins*", German "*ggg*")
)
#: A paragraph wholly in brackets is an aside or a credit ("(Quelle: cozy & cuddly…)"), whose
#: ellipsis shortens a name, not the story.
_BRACKETED = re.compile(r"^\s*[(\[].*[)\]]\s*$", re.DOTALL)
#: The story's other paragraphs must end like sentences this often for a missing full stop at
#: the end to be read as a cut rather than the writer's habit.
TIDY_SHARE = 0.8
#: Words a title-case heading leaves in lower case.
_SMALL_WORDS = frozenset("a an and at by for in of on or the to with from".split())
_TAIL_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _label_tail(text: str) -> bool:
    """Tell a paragraph that ends on a label rather than in mid-sentence.

    The words after the last full stop are a credit or sign-off ("Posted by ... at 11:00 AM",
    "Source: Getty", "Filed under: Cloud"), end on a time, a year, an address or an e-mail, or
    are in title case ("Women Superheroes Illustrated", "Story Timeline"): a heading or a link
    left after the story, which a cut sentence of prose is not.
    """
    match = _LAST_SENTENCE.search(text)
    tail = (match.group(1) if match else text).strip()
    if _CREDIT.search(tail):
        return True
    if not _dangling(text) and (
        _NOTICE.search(tail) or (len(tail.split()) <= BIO_MAX_WORDS and _BIO.search(tail))
    ):
        return True  # a copyright line, a note on the author: unless cut on "... by the"
    if match and match.start(1) > 0 and 1 <= len(tail.split()) <= 3:
        words = _TAIL_WORD.findall(tail)
        if words and all(w[0].isupper() and w.lower() not in _STARTS for w in words):
            return True  # "... a liquid gel. TNS", "... here and now. Dag Hammarskjold"
    if _LEAD_IN.search(tail):
        return True
    words = [w for w in _TAIL_WORD.findall(tail) if w.lower() not in _SMALL_WORDS]
    capitalised = sum(w[0].isupper() for w in words)
    if sum(len(w) >= 4 for w in words) >= 2 and capitalised == len(words):
        return True
    # a run of link titles ("... Interactive Mirror Life Size Android Robot running Android OS"):
    # nearly every word capitalised, which prose never is
    return len(words) >= 6 and capitalised >= 0.8 * len(words)


def _prose(text: str) -> bool:
    """Tell a short line of running prose from a caption or a link title.

    Prose ends on a dangling word, holds a full stop or a comma before the end, or is dense in
    function words ("The owners said the oven had arrived and that the bakers"); a caption or a
    title is mostly names and nouns ("A horse passes another carriage near Central Park").
    """
    if _dangling(text) or _INNER_END.search(text) or "," in text:
        return True
    words = _TAIL_WORD.findall(text)
    function = sum(w.lower() in STOPWORDS for w in words)
    return bool(words) and function >= PROSE_FUNCTION_SHARE * len(words)


def _cut_prose(text: str, before: list[str]) -> bool:
    """Tell a last paragraph that stops mid-sentence from one that only lacks its full stop.

    A dangling word ("... and that the", "... in,") is a cut. Otherwise the paragraph must be
    prose long enough to judge, end on a lower-case word, and come from a story whose other
    paragraphs end like sentences: in a text that often drops its full stops (a blog, a forum
    post), a missing one is the writer's habit, not a cut.
    """
    if _dangling(text):
        return True
    words = _TAIL_WORD.findall(text)
    if not words or not words[-1][0].islower():
        return False
    if len(text.split()) < SHORT_LINE_WORDS and not _prose(text):
        return False
    ends = [bool(_TERMINAL.search(t.rstrip())) for t in before if len(t.split()) >= MIN_WORDS]
    return not ends or sum(ends) >= TIDY_SHARE * len(ends)


def truncation_signs(analysis: Analysis) -> list[dict[str, object]]:
    """List read-more cues in the story and how its last paragraph ends, when it is cut off."""
    signs: list[dict[str, object]] = []
    story = [p for p, v in analysis.with_role("content", "title")]
    for paragraph in story:
        match = _CUE.search(paragraph.text)
        short = len(paragraph.text.split()) <= CUE_ONLY_WORDS
        # "I continue reading his books" is prose; a cue stands alone or closes the paragraph
        if match and (short or not paragraph.text[match.end() :].strip(_TRAILER)):
            signs.append(
                {
                    "paragraph": paragraph.index,
                    "line": paragraph.line,
                    "sign": "cue",
                    "text": match.group(0).strip(),
                    "cue_only": short,
                }
            )
    # the story goes on after a cue ("Continue reading the main story" past an ad): no cut
    last_story = max(
        (p.index for p in analysis.body() if len(p.text.split()) >= MIN_WORDS), default=-1
    )
    signs = [s for s in signs if int(str(s["paragraph"])) >= last_story]
    cue_only = {s["paragraph"] for s in signs if s["cue_only"]}
    body = [p for p in analysis.body() if p.index not in cue_only]
    while body and is_link(body[-1]):
        body.pop()  # a teaser's link title after the story ("ALSO" and three headlines)
    if body:
        last = body[-1]
        text = last.text.rstrip()
        ending = text[-60:]
        cued = any(s["paragraph"] == last.index for s in signs)
        if (
            _ELLIPSIS_END.search(text)
            and not cued
            and not _DOTTED_RULE.search(text)
            and not _BRACKETED.search(text)
        ):
            signs.append(
                {
                    "paragraph": last.index,
                    "line": last.line,
                    "sign": "ellipsis",
                    "text": ending,
                    "cue_only": False,
                }
            )
        elif (
            not cued
            and len(text.split()) >= MIN_WORDS
            and not _LIST_ITEM.search(text)
            and not _TERMINAL.search(text)
            and not _SIGN_OFF.search(text)
            and not _ATTRIBUTION.search(text)
            and (_dangling(text) or not _label_tail(text))  # "..., Steve Smith," is cut
            and not _SPACED.search(text)
            and "\x00" not in text  # text decoded in the wrong width: EN001's, not a cut
            and not _END_MARK.search(text)
            and _cut_prose(text, [p.text for p in body[:-1]])
        ):
            signs.append(
                {
                    "paragraph": last.index,
                    "line": last.line,
                    "sign": "mid_sentence",
                    "text": ending,
                    "dangling": _dangling(text),
                    "cue_only": False,
                }
            )
    return signs


def _where(analysis: Analysis, item: dict[str, object]) -> str:
    return analysis.where(int(str(item["paragraph"])))


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report the signs that the story was cut off."""
    signs = truncation_signs(analysis)
    if not signs:
        return []
    parts = []
    for sign in signs[:4]:
        if sign["sign"] == "cue":
            parts.append(f"a “{sign['text']}” cue ({_where(analysis, sign)})")
        elif sign["sign"] == "ellipsis":
            parts.append(
                f"the story's last paragraph ends in an ellipsis: “…{sign['text']}” "
                f"({_where(analysis, sign)})"
            )
        else:
            where = _where(analysis, sign)
            parts.append(
                f"the story's last paragraph stops mid-sentence: “…{sign['text']}” ({where})"
            )
    paragraphs = tuple(sorted({int(str(s["paragraph"])) for s in signs}))
    remove = tuple(sorted({int(str(s["paragraph"])) for s in signs if s["cue_only"]}))
    return [
        Finding(
            TRUNCATED_TEXT,
            "The text looks cut off: " + "; ".join(parts) + ". Fetch the full story, or mark "
            "it as an excerpt.",
            paragraphs=paragraphs,
            lines=analysis.lines_of(paragraphs),
            evidence={"signs": signs},
            remove=remove,
        )
    ]


CHECK = Check(
    name="truncation",
    rules=(TRUNCATED_TEXT,),
    run=run,
    doc=__doc__ or "",
)
