"""Flag an article with too little story text to publish.

## What it flags
- **SZ001 body-too-short**: the paragraphs judged *content* hold fewer than 50 words in all
  (an error when there are none), so what was scraped is a teaser, a gallery caption, an
  error page or a paywall stub rather than an article. The count, the threshold and the share
  of the page's words that the story holds are in the evidence.

The threshold is the lower bound of Gopher's document-length filter (50 words; DeepMind's
MassiveText rules, as coded in datatrove); a news brief can be shorter, hence a warning.

## Why it matters
A page that is nearly all furniture passes an extractor and arrives as an "article" of two
lines; publishing it is worse than skipping it.

## Example
```
Photos: the harbour festival in pictures
Share this gallery
```
SZ001: 6 words of story text (minimum 50).

## Known false positives
- Genuinely short items: a one-paragraph news brief, a correction notice, a photo caption
  published as a post.
- When the classifier mistakes story paragraphs for boilerplate, the count is too low too; the
  BP001 findings then show which paragraphs were set aside.
"""

from __future__ import annotations

from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = ["BODY_TOO_SHORT", "CHECK", "MIN_WORDS"]

BODY_TOO_SHORT = Rule(
    "SZ001",
    "body-too-short",
    "short_body",
    Severity.WARNING,
    "There is too little story text for an article.",
)

#: Fewer content words than this is too short (Gopher quality filter's minimum).
MIN_WORDS = 50


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report a story shorter than MIN_WORDS words."""
    body = analysis.body()
    words = sum(len(p.text.split()) for p in body)
    if words >= MIN_WORDS:
        return []
    total = sum(len(p.text.split()) for p in analysis.article.paragraphs)
    share = round(words / total, 3) if total else 0.0
    indexes = tuple(p.index for p in body)
    if words == 0:
        message = (
            f"No paragraph was judged to be story text ({len(analysis.article.paragraphs)} "
            f"paragraphs, {total} words, all titles, datelines, bylines or boilerplate): "
            f"there is no article to publish."
        )
    else:
        first = body[0].text
        excerpt = first if len(first) <= 80 else first[:79].rstrip() + "…"
        message = (
            f"The story has only {words} words in {len(body)} "
            f"paragraph{'s' if len(body) > 1 else ''} (minimum {MIN_WORDS}), "
            f"{share:.0%} of the page's words, starting “{excerpt}”: this looks like a "
            f"teaser or a stub, not a whole article."
        )
    return [
        Finding(
            BODY_TOO_SHORT,
            message,
            paragraphs=indexes,
            lines=analysis.lines_of(indexes),
            severity=Severity.ERROR if words == 0 else None,
            evidence={
                "words": words,
                "minimum": MIN_WORDS,
                "paragraphs": len(body),
                "page_words": total,
                "share": share,
            },
        )
    ]


CHECK = Check(
    name="size",
    rules=(BODY_TOO_SHORT,),
    run=run,
    doc=__doc__ or "",
)
