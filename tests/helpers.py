"""Build analysed articles for check tests, with the roles a test gives instead of the model's."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from detector.article import Article, Paragraph
from detector.checks.base import Analysis
from detector.findings import Verdict


def rows_analysis(*rows: tuple[str, str], fmt: str = "text", **fields: object) -> Analysis:
    """One paragraph per (text, role) row, on lines 1, 3, 5, ... as a blank-line-separated text."""
    paragraphs = tuple(Paragraph(i, text, line=2 * i + 1) for i, (text, _) in enumerate(rows))
    verdicts = tuple(Verdict(role, 0.9) for _, role in rows)
    return Analysis(Article("t", paragraphs, format=fmt, **fields), verdicts)  # type: ignore[arg-type]


def text_analysis(text: str, roles: Mapping[int, str] | None = None, **fields: object) -> Analysis:
    """One paragraph per non-blank line of ``text``; roles by line number (default content)."""
    roles = roles or {}
    paragraphs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            paragraphs.append(Paragraph(len(paragraphs), line.strip(), line=number))
    verdicts = tuple(Verdict(roles.get(p.line or 0, "content"), 0.9) for p in paragraphs)
    return Analysis(Article("t", tuple(paragraphs), **fields), verdicts)  # type: ignore[arg-type]


def page_analysis(
    page: str,
    role: Callable[[Paragraph], str],
    meta: Mapping[str, str] | None = None,
    **fields: object,
) -> Analysis:
    """The article of HTML ``page``, with ``meta`` added to what the page declares and
    ``fields`` replaced, and ``role(paragraph)`` as each verdict instead of the model's."""
    from detector.loaders.html import parse_html

    article = parse_html(page, "p.html")
    article = dataclasses.replace(
        article,
        meta={**article.meta, **(meta or {})},
        **fields,  # type: ignore[arg-type]
    )
    return Analysis(article, tuple(Verdict(role(p), 0.9) for p in article.paragraphs))
