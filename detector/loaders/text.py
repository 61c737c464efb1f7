"""Read scraped plain text: every non-empty line is one paragraph.

Scrapers that flatten a page write one block per line, often with blank lines between them, so a
line is the unit the classifier judges and the location a finding points at. A line that is
exactly a suppression directive (:mod:`detector.suppressions`) is not a paragraph: it is handed
to the engine as a directive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from detector.article import Article, Origin, Paragraph
from detector.errors import LoadError
from detector.limits import DEFAULT_LIMITS, Limits, check_paragraph_count
from detector.suppressions import Directive, parse_line

__all__ = ["line_blocks", "line_paragraphs", "parse_text", "source_lines"]

# A line and its break: \r\n, \r and \n end a line, as the plain-text loader has always read them.
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def source_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (1-based line number, offset of the line in ``text``, the line without its break)."""
    for number, match in enumerate(_LINE.finditer(text), start=1):
        if match.start() == len(text) and number > 1 and not match.group(0):
            return
        yield number, match.start(1), match.group(1)


def line_blocks(text: str) -> tuple[tuple[Paragraph, ...], tuple[Directive, ...]]:
    """Split ``text`` into one paragraph per non-empty line, and the directive lines among them.

    Paragraphs carry their line (from 1) and character offsets in ``text``; a directive aims at
    the paragraph that follows it.
    """
    paragraphs: list[Paragraph] = []
    directives: list[Directive] = []
    for number, offset, line in source_lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        directive = parse_line(stripped, line=number, paragraph=len(paragraphs))
        if directive is not None:
            directives.append(directive)
            continue
        start = offset + len(line) - len(line.lstrip())
        paragraphs.append(
            Paragraph(
                index=len(paragraphs),
                text=stripped,
                line=number,
                end_line=number,
                start=start,
                end=start + len(stripped),
            )
        )
    last = len(paragraphs)
    return tuple(paragraphs), tuple(
        Directive(d.codes, d.scope, d.line, None, d.origin) if d.paragraph == last else d
        for d in directives
    )


def line_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Split ``text`` into one paragraph per non-empty line (directive lines left out)."""
    return line_blocks(text)[0]


def parse_text(text: str, source: str, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Build the article of a plain-text input."""
    if limits.max_paragraphs and text.count("\n") > limits.max_paragraphs:
        # Count before building: a million-line file must not become a million Paragraphs.
        check_paragraph_count(source, sum(1 for line in text.splitlines() if line.strip()), limits)
    paragraphs, directives = line_blocks(text)
    if not paragraphs:
        raise LoadError(f"{source}: empty input (no text)")
    return Article(
        source=source,
        paragraphs=paragraphs,
        format="text",
        origin=Origin(source),
        directives=directives,
    )
