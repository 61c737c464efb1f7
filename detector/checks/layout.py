"""Find lines of bare punctuation and stray single words left in the text.

## What it flags
- **LY001 stray-punctuation-line**: a paragraph (or a line inside a multi-line paragraph) with
  no letter or digit at all: a lone ".", ",", "|", "»", "--". Such lines are what is left of
  an icon, an emptied image or widget. Typographic section breaks ("* * *", "***", "---",
  "———", "__", "###", "•••", a lone dash "—", an elision mark "[...]") are not reported on
  their own, since an author means them; beside stray lines they are listed as breaks to keep.

- **LY002 stray-word-line**: a story paragraph of a single word between two story paragraphs,
  left where a widget, a button or a link was emptied: a widget word ("Advertisement",
  "Loading…", "Enlarge", "Share", "Video", "Getty") or a link word cut from its sentence
  ("and", "here", "click", "link"). Any other word of its own is a section heading
  ("Background"), a list item ("flour") or a term, and is not reported; nor is a word that ends a
  sentence ("Yes.", "Why?") or introduces what follows ("Ingredients:").

Both rules cover only paragraphs the classifier kept: a line it judged boilerplate is reported
once, by BP001, with the rest of its run.

## Why it matters
A lone "." between paragraphs survives every extractor's cleaning (the C4 and Gopher line
filters keep it: it ends in terminal punctuation) and shows up as a blank-looking paragraph in
the republished article.

## Example
```
He repeated this in a telephone conversation with Blinken.
.
```
LY001 when the "." line was classified content: remove line 63.
```
The ferry will run twice an hour from May.
Advertisement
Residents welcomed the change.
```
LY002 when "Advertisement" was classified content: remove it.

## Known false positives
- Deliberate ASCII art or an emoticon-only paragraph ("¯\\_(ツ)_/¯" has letters and is kept,
  ":-)" is not).
- A one-word line of dialogue or poetry written in lower case; a section heading that happens
  to be a widget word ("Video" as the heading of an embedded clip).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = [
    "CHECK",
    "FRAGMENT_WORDS",
    "STRAY_PUNCTUATION",
    "STRAY_WORD",
    "WIDGET_WORDS",
    "stray_lines",
    "stray_words",
]

STRAY_PUNCTUATION = Rule(
    "LY001",
    "stray-punctuation-line",
    "stray_punctuation",
    Severity.WARNING,
    "A line holds only punctuation.",
)

STRAY_WORD = Rule(
    "LY002",
    "stray-word-line",
    "stray_word",
    Severity.WARNING,
    "A single stray word stands as a paragraph of its own.",
)

#: Words that a widget, button, player or photo credit leaves behind when it is emptied.
WIDGET_WORDS = frozenset(
    """
    advertisement advertisements advertising ad ads anzeige publicité publicidad sponsored
    loading enlarge expand collapse close open toggle play pause replay mute unmute watch listen
    video videos photo photos image images gallery slideshow graphic caption embed
    share shares tweet email print comment comments reply like follow subscribe download
    more next previous prev back top menu skip continue login logout register search
    getty reuters afp ap dpa epa shutterstock istock
    facebook twitter whatsapp linkedin pinterest instagram reddit telegram flipboard
    """.split()
)

#: Lower-case words that a link or a button leaves when cut from its sentence ("click here").
FRAGMENT_WORDS = frozenset(
    "and or but the a an of to in on at by for with from via here there this that click link "
    "links more read see".split()
)
_LIST_MARK = re.compile(r"^\s*(?:[-*•·▪►]|\d{1,2}[.)])\s")

#: A typographic section break: a dash of its own, a run of two or more rule characters
#: ("* * *", "———", "__"), or an editor's elision mark ("[...]").
_SEPARATOR = re.compile(r"^(?:[*#~=_•·◆●—–-]\s*){2,}$|^[—–]$|^\[(?:\.\.\.|…)\]$")


def _bare(text: str) -> bool:
    return bool(text.strip()) and not any(c.isalnum() for c in text)


def stray_lines(analysis: Analysis) -> list[dict[str, object]]:
    """List punctuation-only lines outside boilerplate: paragraph, line, text, separator."""
    found: list[dict[str, object]] = []
    for paragraph, verdict in zip(analysis.article.paragraphs, analysis.verdicts, strict=True):
        if verdict.role == "boilerplate":
            continue
        if _bare(paragraph.text):
            found.append(
                {
                    "paragraph": paragraph.index,
                    "line": paragraph.line,
                    "text": paragraph.text.strip(),
                    "separator": bool(_SEPARATOR.match(paragraph.text.strip())),
                    "whole": True,
                }
            )
            continue
        for offset, line in enumerate(paragraph.text.split("\n")):
            if offset and _bare(line):
                found.append(
                    {
                        "paragraph": paragraph.index,
                        "line": paragraph.line + offset if paragraph.line is not None else None,
                        "text": line.strip(),
                        "separator": bool(_SEPARATOR.match(line.strip())),
                        "whole": False,
                    }
                )
    return found


_ONE_WORD = re.compile(r"^[\W_]*([^\W\d_][\w'’-]*)[\W_]*$")


def stray_words(analysis: Analysis) -> list[dict[str, object]]:
    """List one-word story paragraphs between story paragraphs that read as widget leftovers."""
    story = [
        p
        for p, v in zip(analysis.article.paragraphs, analysis.verdicts, strict=True)
        if v.role == "content"
    ]
    found: list[dict[str, object]] = []
    for before, paragraph, _after in zip(story, story[1:], story[2:], strict=False):
        text = paragraph.text.strip()
        match = _ONE_WORD.match(text)
        trailing = not text.endswith(("…", "...")) and text.endswith((".", "!", "?", ":", ";"))
        if not match or trailing:
            continue  # a word that ends a sentence or opens a list: "Yes.", "Ingredients:"
        word = match.group(1)
        widget = word.casefold() in WIDGET_WORDS
        if not widget and word not in FRAGMENT_WORDS:
            continue  # a heading ("Background"), a list item ("flour"), a name, a term
        if _LIST_MARK.match(text):
            continue  # "* hammer": an item of a list
        if any(c in text for c in "{}<>[]"):
            continue  # "{{#images}}", "<br>": leftover markup, EN002's
        if before.text.rstrip().endswith(":"):
            continue  # the first item of a list the previous line introduces
        found.append(
            {
                "paragraph": paragraph.index,
                "line": paragraph.line,
                "text": text,
                "widget": widget,
            }
        )
    return found


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report punctuation-only lines and stray words, removing the whole paragraphs."""
    findings = _punctuation(analysis)
    words = stray_words(analysis)
    if words:
        listed = ", ".join(f"“{w['text']}” ({_where(analysis, w)})" for w in words[:5])
        paragraphs = tuple(int(str(w["paragraph"])) for w in words)
        findings.append(
            Finding(
                STRAY_WORD,
                f"{len(words)} stray word{'s' if len(words) > 1 else ''} standing as a "
                f"paragraph inside the story: {listed}; remove "
                f"{'it' if len(words) == 1 else 'them'}.",
                paragraphs=paragraphs,
                lines=analysis.lines_of(paragraphs),
                evidence={"lines": words},
                remove=paragraphs,
                places=len(words),
            )
        )
    return findings


def _where(analysis: Analysis, item: dict[str, object]) -> str:
    return analysis.where(int(str(item["paragraph"])))


def _punctuation(analysis: Analysis) -> list[Finding]:
    """LY001: punctuation-only lines, removing whole paragraphs that are not section breaks."""
    found = stray_lines(analysis)
    strays = [f for f in found if not f["separator"]]
    if not strays:
        return []  # section breaks alone are typography the author chose
    breaks = [f for f in found if f["separator"]]
    remove = tuple(int(str(f["paragraph"])) for f in strays if f["whole"])

    parts = []
    if strays:
        listed = ", ".join(f"“{f['text']}” ({_where(analysis, f)})" for f in strays[:5])
        parts.append(
            f"{len(strays)} line{'s' if len(strays) > 1 else ''} of bare punctuation: "
            f"{listed}; remove {'it' if len(strays) == 1 else 'them'}"
        )
    if breaks:
        listed = ", ".join(f"“{f['text']}” ({_where(analysis, f)})" for f in breaks[:5])
        parts.append(
            f"section-break line{'s' if len(breaks) > 1 else ''} {listed}: keep only "
            f"if the author meant {'it' if len(breaks) == 1 else 'them'}"
        )
    paragraphs = tuple(sorted({int(str(f["paragraph"])) for f in found}))
    lines = tuple(sorted({int(str(f["line"])) for f in found if f["line"] is not None}))
    return [
        Finding(
            STRAY_PUNCTUATION,
            "Stray punctuation: " + "; ".join(parts) + ".",
            paragraphs=paragraphs,
            lines=lines,
            severity=Severity.WARNING,
            evidence={"lines": found},
            remove=remove,
            places=len(strays),
        )
    ]


CHECK = Check(
    name="layout",
    rules=(STRAY_PUNCTUATION, STRAY_WORD),
    run=run,
    doc=__doc__ or "",
)
