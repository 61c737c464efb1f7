"""Report the paragraphs the classifier judged to be page furniture rather than the story.

## What it flags
- **BP001 boilerplate-paragraph**: each run of consecutive paragraphs (in paragraph order) whose
  verdict is *boilerplate*: navigation, share buttons, "Related news", author bios, newsletter
  and cookie notices, comment forms, captions, stray punctuation, footers. One finding per run,
  with every paragraph's kind, confidence, the cues that weighed most and an excerpt, so an
  editor can check the verdicts without reopening the page.

A run before the first or after the last content paragraph is a *warning*: the usual leftovers
of a scrape, cut at the edge. A run between two content paragraphs is an *error*: it interrupts
the story, is easy to miss when reading, and ends up in the middle of the republished text.

This rule is the one home of paragraphs judged boilerplate: the artifact rules (LY001, LK001,
EN001, EN002, TR001) skip them, so a stray "." or a "Deskhttps://..." line inside a removed
block is reported once, here.

## Why it matters
Extractors keep or drop furniture silently (trafilatura #584, #850; jusText #54 found 5.6% of
news articles kept junk); a reviewer needs to see what was cut and why.

## Example
```
.
World Nation News Desk
World Nation News Deskhttps://worldnationnews.com/
Latest news
LEAVE A REPLY
Please enter your comment!
```
BP001: lines 63-74 after the story are boilerplate (punctuation, bio, related, comment form).

## Known false positives
- Whatever the classifier gets wrong: a short one-line paragraph of the story ("He declined.")
  can look like a widget. The evidence lists each verdict's confidence and reasons; a
  ``<!-- detector: ignore BP001 -->`` directive or a retrained model fixes a repeated miss.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = ["BOILERPLATE_PARAGRAPH", "CHECK", "boilerplate_runs"]

BOILERPLATE_PARAGRAPH = Rule(
    "BP001",
    "boilerplate-paragraph",
    "boilerplate",
    Severity.WARNING,
    "Paragraphs of page furniture (navigation, widgets, forms, footers) among the text.",
)

_EXCERPT = 80


def boilerplate_runs(analysis: Analysis) -> list[list[int]]:
    """Group the indexes of boilerplate paragraphs into runs of consecutive paragraphs."""
    runs: list[list[int]] = []
    previous = -2
    for paragraph, verdict in zip(analysis.article.paragraphs, analysis.verdicts, strict=True):
        if verdict.role != "boilerplate":
            continue
        if paragraph.index == previous + 1:
            runs[-1].append(paragraph.index)
        else:
            runs.append([paragraph.index])
        previous = paragraph.index
    return runs


def _excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1].rstrip() + "…"


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report each run of boilerplate paragraphs."""
    content = [p.index for p in analysis.body()]
    first, last = (content[0], content[-1]) if content else (None, None)
    paragraphs = analysis.article.paragraphs
    findings = []
    for indexes in boilerplate_runs(analysis):
        position = _position(indexes, first, last)
        inside = position == "inside"
        lines = analysis.lines_of(indexes)
        kinds = Counter(analysis.verdicts[i].kind or "other" for i in indexes)
        summary = ", ".join(
            f"{kind.replace('_', ' ')} ×{count}" if count > 1 else kind.replace("_", " ")
            for kind, count in kinds.most_common()
        )
        span = _span(*reversed(analysis.place(indexes, span=True)))
        count = len(indexes)
        noun = "paragraph" if count == 1 else "paragraphs"
        head = paragraphs[indexes[0]].text
        message = (
            f"{count} {noun} of boilerplate {_PHRASES[position]} ({span}): {summary}; "
            f"starting “{_excerpt(head)}”. Remove {'it' if count == 1 else 'them'} from the text."
        )
        findings.append(
            Finding(
                BOILERPLATE_PARAGRAPH,
                message,
                paragraphs=tuple(indexes),
                lines=lines,
                severity=Severity.ERROR if inside else Severity.WARNING,
                evidence={
                    "position": position,
                    "kinds": dict(kinds),
                    "paragraphs": [
                        {
                            "paragraph": i,
                            "line": paragraphs[i].line,
                            "kind": analysis.verdicts[i].kind,
                            "confidence": round(analysis.verdicts[i].confidence, 3),
                            "reasons": list(analysis.verdicts[i].reasons),
                            "text": _excerpt(paragraphs[i].text),
                        }
                        for i in indexes
                    ],
                },
                remove=tuple(indexes),
            )
        )
    return findings


_PHRASES = {
    "inside": "inside the story",
    "before": "before the story",
    "after": "after the story",
    "no_story": "in an article with no story text",
}


def _position(indexes: list[int], first: int | None, last: int | None) -> str:
    """Place a run relative to the content paragraphs: inside, before, after, or no_story."""
    if first is None or last is None:
        return "no_story"
    if first < indexes[0] <= last:
        return "inside"
    return "before" if indexes[-1] < first else "after"


def _span(numbers: Iterable[int], word: str) -> str:
    values = list(numbers)
    if len(values) == 1:
        return f"{word} {values[0]}"
    return f"{word}s {values[0]}–{values[-1]}"


CHECK = Check(
    name="boilerplate",
    rules=(BOILERPLATE_PARAGRAPH,),
    run=run,
    doc=__doc__ or "",
)
