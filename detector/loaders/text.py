"""Read scraped plain text: every non-empty line is one paragraph.

Scrapers that flatten a page write one block per line, often with blank lines between them, so a
line is the unit the classifier judges and the location a finding points at.
"""

from __future__ import annotations

from detector.article import Article, Paragraph
from detector.errors import LoadError
from detector.limits import DEFAULT_LIMITS, Limits, check_paragraph_count

__all__ = ["line_paragraphs", "parse_text"]


def line_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Split ``text`` into one paragraph per non-empty line, numbering lines from 1."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[Paragraph] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped:
            paragraphs.append(Paragraph(index=len(paragraphs), text=stripped, line=number))
    return tuple(paragraphs)


def parse_text(text: str, source: str, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Build the article of a plain-text input."""
    if limits.max_paragraphs and text.count("\n") > limits.max_paragraphs:
        # Count before building: a million-line file must not become a million Paragraphs.
        check_paragraph_count(source, sum(1 for line in text.splitlines() if line.strip()), limits)
    paragraphs = line_paragraphs(text)
    if not paragraphs:
        raise LoadError(f"{source}: empty input (no text)")
    return Article(source=source, paragraphs=paragraphs, format="text")
