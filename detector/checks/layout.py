"""Find lines of bare punctuation left in the text.

## What it flags
- **LY001 stray-punctuation-line**: a paragraph (or a line inside a multi-line paragraph) with
  no letter or digit at all: a lone ".", ",", "|", "»", "--". Such lines are what is left of
  an icon, an emptied image or widget. Typographic section breaks ("* * *", "***", "---",
  "———", "__", "###", "•••", a lone dash "—", an elision mark "[...]") are not reported on
  their own, since an author means them; beside stray lines they are listed as breaks to keep.

This rule covers only paragraphs the classifier kept: a punctuation line it judged boilerplate
(kind ``punctuation``) is reported once, by BP001, with the rest of its run.

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

## Known false positives
- Deliberate ASCII art or an emoticon-only paragraph ("¯\\_(ツ)_/¯" has letters and is kept,
  ":-)" is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = ["CHECK", "STRAY_PUNCTUATION", "stray_lines"]

STRAY_PUNCTUATION = Rule(
    "LY001",
    "stray-punctuation-line",
    "stray_punctuation",
    Severity.WARNING,
    "A line holds only punctuation.",
)

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


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report punctuation-only lines, removing whole paragraphs that are not section breaks."""
    found = stray_lines(analysis)
    strays = [f for f in found if not f["separator"]]
    if not strays:
        return []  # section breaks alone are typography the author chose
    breaks = [f for f in found if f["separator"]]
    remove = tuple(int(str(f["paragraph"])) for f in strays if f["whole"])

    def where(item: dict[str, object]) -> str:
        line = item["line"]
        return (
            f"line {line}" if line is not None else f"paragraph {int(str(item['paragraph'])) + 1}"
        )

    parts = []
    if strays:
        listed = ", ".join(f"“{f['text']}” ({where(f)})" for f in strays[:5])
        parts.append(
            f"{len(strays)} line{'s' if len(strays) > 1 else ''} of bare punctuation: "
            f"{listed}; remove {'it' if len(strays) == 1 else 'them'}"
        )
    if breaks:
        listed = ", ".join(f"“{f['text']}” ({where(f)})" for f in breaks[:5])
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
        )
    ]


CHECK = Check(
    name="layout",
    rules=(STRAY_PUNCTUATION,),
    run=run,
    doc=__doc__ or "",
)
