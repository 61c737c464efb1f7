"""Find words glued to web addresses.

## What it flags
- **LK001 run-together-link**: a word immediately followed by ``http://``, ``https://`` or
  ``www.`` with no space ("Deskhttps://worldnationnews.com/"), or the end of a sentence, a
  closing quote or bracket or a number followed by ``http(s)://`` ("... a day!https://",
  "... (Photo by Lawrence Jackson)https://"): the scraper joined a link's label and its address,
  or dropped the space between a sentence and a pasted URL (an address after an address, as in
  a web archive's links, is not a join). The finding
  quotes the glued word and the address apart, so the fix (a space, or dropping the address) is
  clear.

Only paragraphs the classifier kept are read: a glued link inside a boilerplate block (an author
box, a share bar) is reported once, by BP001, with the rest of the block.

## Why it matters
The glued form is neither a working link nor readable text, and search engines and readers see
a garbled word ("Deskhttps").

## Example
```
Sources: the ministry's statement, published on its websitehttps://example.org/statement
```
LK001: “website” is glued to “https://example.org/statement”.

## Known false positives
- Text that quotes such a string on purpose (a tutorial about scraping).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = ["CHECK", "RUN_TOGETHER_LINK", "glued_links"]

RUN_TOGETHER_LINK = Rule(
    "LK001",
    "run-together-link",
    "glued_link",
    Severity.WARNING,
    "A word is glued to a web address.",
)

_GLUED = re.compile(
    r"(?:(?<=[^\W\d_])(?:https?://|www\.)"  # a letter: "Deskhttps://", "websitewww."
    # the end of a sentence, a closing bracket, a number: "... face.\"https://", "... day!https://",
    # "(Photo by Lawrence Jackson)https://", "... in 2011https://"; not code's f"https://..."
    r"|(?:(?<=\w[.!?;,])|(?<=\w[.!?][\"”’)\]])|(?<=[^\W_][)\]])|(?<=\d))https?://)"
    r"[^\s<>\"“”]+",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"[^\W_]+$|\S+$")  # the glued word, else what the address follows


def glued_links(analysis: Analysis) -> list[dict[str, object]]:
    """List word+URL joins outside boilerplate, with the word and the address apart."""
    found: list[dict[str, object]] = []
    for paragraph, verdict in zip(analysis.article.paragraphs, analysis.verdicts, strict=True):
        if verdict.role == "boilerplate":
            continue
        if "http" not in paragraph.text and "www." not in paragraph.text:
            continue
        for match in _GLUED.finditer(paragraph.text):
            url = match.group(0).rstrip(".,;:!?)]’'")
            word_match = _WORD_BEFORE.search(paragraph.text, 0, match.start())
            word = word_match.group(0) if word_match else ""
            found.append(
                {
                    "paragraph": paragraph.index,
                    "line": paragraph.line,
                    "text": word + url,
                    "word": word,
                    "url": url,
                }
            )
    return found


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report every word glued to a URL."""
    found = glued_links(analysis)
    if not found:
        return []

    listed = "; ".join(
        f"“{f['text']}” ({analysis.where(int(str(f['paragraph'])))}): “{f['word']}” + “{f['url']}”"
        for f in found[:5]
    )
    paragraphs = tuple(sorted({int(str(f["paragraph"])) for f in found}))
    return [
        Finding(
            RUN_TOGETHER_LINK,
            f"Word glued to a web address: {listed}. Insert a space, or drop the address if "
            f"it is a leftover link target.",
            paragraphs=paragraphs,
            lines=analysis.lines_of(paragraphs),
            evidence={"links": found},
            places=len(found),
        )
    ]


CHECK = Check(
    name="links",
    rules=(RUN_TOGETHER_LINK,),
    run=run,
    doc=__doc__ or "",
)
