"""What a check is, and the analysed article it reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from detector.article import Article, Paragraph
from detector.context import Parameter, RunContext
from detector.findings import Finding, Rule, Verdict

__all__ = ["Analysis", "Check"]

BODY_ROLES = frozenset({"content"})


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article with the classifier's verdict on each of its paragraphs (same order), and the
    run context (today's date, check parameters) the checks may read."""

    article: Article
    verdicts: tuple[Verdict, ...]
    context: RunContext = field(default_factory=RunContext.default)

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
        """The 1-based input lines of the given paragraphs, where the input has lines.

        Each line is given once, in the order of ``indexes`` (the paragraphs of a JSON Lines
        record all sit on the record's line).
        """
        paragraphs = self.article.paragraphs
        lines = (line for i in indexes if (line := paragraphs[i].line) is not None)
        return tuple(dict.fromkeys(lines))

    def where(self, index: int | Iterable[int]) -> str:
        """Name the place of one paragraph (or several) in a message: ``line 12``, ``lines 3, 5``.

        Where lines are unknown, or every paragraph sits on one line (a JSON Lines record, a page
        on one line), the place is the 1-based paragraph number: ``paragraph 3``.
        """
        word, numbers = self.place(index)
        return f"{word}{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"

    def place(self, index: int | Iterable[int]) -> tuple[str, list[int]]:
        """The word (``line`` or ``paragraph``) and the sorted numbers that :meth:`where` names."""
        indexes = [index] if isinstance(index, int) else sorted(set(index))
        if self._lines_tell():
            return "line", sorted(set(self.lines_of(indexes)))
        return "paragraph", [i + 1 for i in indexes]

    def _lines_tell(self) -> bool:
        """Whether paragraph lines tell paragraphs apart."""
        lines = {p.line for p in self.article.paragraphs}
        return None not in lines and (len(lines) > 1 or len(self.article.paragraphs) == 1)


@dataclass(frozen=True, slots=True)
class Check:
    """A family of rules computed together by one function.

    ``run`` reads an :class:`Analysis` and returns findings; it never mutates its input.
    ``requires`` names what must be present (``title``, ``date``, ``html``) for the check to run;
    the engine records a skip instead of calling it otherwise. ``doc`` is the module docstring,
    with the sections *What it flags*, *Why it matters*, *Example*, *Known false positives*.
    ``params`` are the numbers of the check that configuration may set
    (:meth:`RunContext.param` reads them).
    """

    name: str
    rules: tuple[Rule, ...]
    run: Callable[[Analysis], Iterable[Finding]]
    doc: str
    requires: frozenset[str] = frozenset()
    params: tuple[Parameter, ...] = ()

    def missing(self, analysis: Analysis) -> list[str]:
        """Name what this check requires and ``analysis`` lacks."""
        if not self.requires:
            return []
        article = analysis.article
        have = {
            "title": bool(article.title) or any(True for _ in analysis.with_role("title")),
            "date": bool(article.date) or any(True for _ in analysis.with_role("dateline")),
            "html": article.format == "html",
        }
        return sorted(r for r in self.requires if not have.get(r, False))
