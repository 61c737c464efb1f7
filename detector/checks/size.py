"""Flag an article with too little story text to publish.

## What it flags
- **SZ001 body-too-short**: the paragraphs judged *content* hold fewer than 50 words in all
  (an error when there are none; in Chinese and Japanese, which put no spaces between words,
  every two characters count as a word), so what was scraped is a teaser, a gallery caption, an
  error page or a paywall stub rather than an article. The count, the threshold and the share
  of the page's words that the story holds are in the evidence.

- **SZ002 no-visible-text**: an HTML page that shows no text at all, yet declares an article in
  its metadata (a title, a description, a date, in meta tags, Open Graph or JSON-LD). The story
  is drawn by a script, sits behind a login, or the scrape saved the page before it loaded: there
  is nothing to publish, and nothing to extract until the page is fetched again (rendered, or
  from its API). An error; the declared title, description, date and URL are in the evidence.
  SZ001 says nothing more on such a page and stays silent. (A page with neither text nor
  metadata is not an article at all: it cannot be read, a one-line error.)

The threshold is the lower bound of Gopher's document-length filter (50 words; DeepMind's
MassiveText rules, as coded in datatrove); a news brief can be shorter, hence a warning, and a
team whose briefs are short sets its own minimum (`body-min-words` under
`[tool.detector.params]`).

## Why it matters
A page that is nearly all furniture passes an extractor and arrives as an "article" of two
lines; publishing it is worse than skipping it.

## Example
```
Photos: the harbour festival in pictures
Share this gallery
```
SZ001: 6 words of story text (minimum 50).
```html
<head><title>Night bus stays</title><meta name="description" content="The council keeps…">
</head><body><div id="root"></div><script src="/app.js"></script></body>
```
SZ002: the page shows no text; its metadata declares title “Night bus stays”.

## Known false positives
- Genuinely short items: a one-paragraph news brief, a correction notice, a photo caption
  published as a post.
- When the classifier mistakes story paragraphs for boilerplate, the count is too low too; the
  BP001 findings then show which paragraphs were set aside.
- SZ002 on a page that is only a shell on purpose (a redirect, a single-page app's landing
  page): its metadata still names an article, and no text came with it.
"""

from __future__ import annotations

from collections.abc import Iterable

from detector.article import Article
from detector.checks.base import Analysis, Check
from detector.context import Parameter
from detector.findings import Finding, Rule, Severity
from detector.language import word_count

__all__ = ["BODY_MIN_WORDS", "BODY_TOO_SHORT", "CHECK", "MIN_WORDS", "NO_VISIBLE_TEXT"]

BODY_TOO_SHORT = Rule(
    "SZ001",
    "body-too-short",
    "short_body",
    Severity.WARNING,
    "There is too little story text for an article.",
)

NO_VISIBLE_TEXT = Rule(
    "SZ002",
    "no-visible-text",
    "no_visible_text",
    Severity.ERROR,
    "The page shows no text; only its metadata declares an article.",
)

#: Fewer content words than this is too short (Gopher quality filter's minimum).
MIN_WORDS = 50

#: The same minimum, set by a team whose briefs are shorter (``body-min-words = 30``).
BODY_MIN_WORDS = Parameter(
    "body-min-words",
    ("SZ001",),
    MIN_WORDS,
    1,
    100_000,
    "fewer words of story text than this is SZ001 body-too-short",
)


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report a page with no text, or a story shorter than the minimum (``body-min-words``)."""
    article = analysis.article
    if article.format == "html" and not article.paragraphs:
        return [_no_visible_text(article)]
    body = analysis.body()
    words = sum(word_count(p.text) for p in body)
    minimum = analysis.context.param(BODY_MIN_WORDS)
    if words >= minimum:
        return []
    total = sum(word_count(p.text) for p in analysis.article.paragraphs)
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
            f"paragraph{'s' if len(body) > 1 else ''} (minimum {minimum}), "
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
                "minimum": minimum,
                "paragraphs": len(body),
                "page_words": total,
                "share": share,
            },
        )
    ]


def _no_visible_text(article: Article) -> Finding:
    meta = article.meta
    declared = {
        "title": article.title or meta.get("og:title") or meta.get("html:title"),
        "description": meta.get("meta:description"),
        "date": article.date,
    }
    named = [
        f"{key} {value}" if key == "date" else f"{key} “{_excerpt(value)}”"
        for key, value in declared.items()
        if value
    ]
    said = f"; its metadata declares {', '.join(named)}" if named else ""
    message = (
        f"The page shows no text{said}: the story is drawn by a script, sits behind a login, or "
        f"was not loaded when the page was saved. Fetch it again, rendered, before publishing."
    )
    return Finding(
        NO_VISIBLE_TEXT,
        message,
        evidence={**{k: v for k, v in declared.items() if v}, "url": article.url},
    )


def _excerpt(text: str) -> str:
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


CHECK = Check(
    name="size",
    rules=(BODY_TOO_SHORT, NO_VISIBLE_TEXT),
    run=run,
    doc=__doc__ or "",
    params=(BODY_MIN_WORDS,),
)
