"""What a check is, and the analysed article it reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from detector.article import Article, Paragraph
from detector.findings import Finding, Rule, Verdict

__all__ = ["Analysis", "Check"]

BODY_ROLES = frozenset({"content"})


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article with the classifier's verdict on each of its paragraphs (same order)."""

    article: Article
    verdicts: tuple[Verdict, ...]

    def __post_init__(self) -> None:
        if len(self.verdicts) != len(self.article.paragraphs):
            raise ValueError("one verdict per paragraph is required")

    def with_role(self, *roles: str) -> Iterator[tuple[Paragraph, Verdict]]:
        """Yield the paragraphs whose verdict has one of ``roles``, in order."""
        for paragraph, verdict in zip(self.article.paragraphs, self.verdicts, strict=True):
            if verdict.role in roles:
                yield paragraph, verdict

    def body(self) -> list[Paragraph]:
        """The paragraphs judged to be the story itself."""
        return [p for p, _ in self.with_role(*BODY_ROLES)]

    def lines_of(self, indexes: Iterable[int]) -> tuple[int, ...]:
        """The 1-based input lines of the given paragraphs, where the input has lines."""
        paragraphs = self.article.paragraphs
        return tuple(line for i in indexes if (line := paragraphs[i].line) is not None)


@dataclass(frozen=True, slots=True)
class Check:
    """A family of rules computed together by one function.

    ``run`` reads an :class:`Analysis` and returns findings; it never mutates its input.
    ``requires`` names what must be present (``title``, ``date``, ``html``) for the check to run;
    the engine records a skip instead of calling it otherwise. ``doc`` is the module docstring,
    with the sections *What it flags*, *Why it matters*, *Example*, *Known false positives*.
    """

    name: str
    rules: tuple[Rule, ...]
    run: Callable[[Analysis], Iterable[Finding]]
    doc: str
    requires: frozenset[str] = frozenset()

    def missing(self, analysis: Analysis) -> list[str]:
        """Name what this check requires and ``analysis`` lacks."""
        article = analysis.article
        have = {
            "title": bool(article.title) or any(True for _ in analysis.with_role("title")),
            "date": bool(article.date) or any(True for _ in analysis.with_role("dateline")),
            "html": article.format == "html",
        }
        return sorted(r for r in self.requires if not have.get(r, False))
