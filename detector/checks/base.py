"""What a check is, and the analysed article it reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from detector.article import Article, Paragraph
from detector.context import Parameter, RunContext
from detector.findings import Finding, Rule, Verdict
from detector.memo import last_answer

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

    def between_furniture(self, index: int) -> bool:
        """Whether the paragraphs on either side of ``index`` are both boilerplate: an item of a
        list of furniture (a teaser card's title or date, an entry of "latest news")."""
        verdicts = self.verdicts
        return (
            0 < index < len(verdicts) - 1
            and verdicts[index - 1].role == "boilerplate"
            and verdicts[index + 1].role == "boilerplate"
        )

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
        on one line), the place is the 1-based paragraph number: ``paragraph 3``. Where a line
        holds other paragraphs too (a page minified in parts), the paragraph is named with its
        line: ``paragraph 119 (line 141)``, never "line 141 repeats line 141".
        """
        indexes = self._indexes(index)  # once: ``index`` may be a generator
        word, numbers = self.place(indexes)
        said = f"{word}{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
        if word == "paragraph" and self._lines_vary():
            lines = sorted(set(self.lines_of(indexes)))
            said += f" ({'lines' if len(lines) > 1 else 'line'} {', '.join(map(str, lines))})"
        return said

    def place(self, index: int | Iterable[int], *, span: bool = False) -> tuple[str, list[int]]:
        """The word (``line`` or ``paragraph``) and the sorted numbers that :meth:`where` names:
        lines where each of the paragraphs has its line to itself, else paragraph numbers.

        ``span=True`` names a run of paragraphs by its lines wherever the input's lines vary: a
        range of lines locates a run even when one of its lines holds two list items.
        """
        indexes = self._indexes(index)
        if self._lines_tell(indexes) or (span and self._lines_vary()):
            return "line", sorted(set(self.lines_of(indexes)))
        return "paragraph", [i + 1 for i in indexes]

    @staticmethod
    def _indexes(index: int | Iterable[int]) -> list[int]:
        return [index] if isinstance(index, int) else sorted(set(index))

    def _lines_vary(self) -> bool:
        counts = _line_counts(self.article.paragraphs)
        return None not in counts and len(counts) > 1

    def _lines_tell(self, indexes: list[int]) -> bool:
        """Whether the lines of these paragraphs tell them apart from every other paragraph."""
        paragraphs = self.article.paragraphs
        if len(paragraphs) == 1:
            return paragraphs[0].line is not None
        if not self._lines_vary():
            return False
        counts = _line_counts(paragraphs)
        wanted = {paragraphs[i].line for i in indexes}
        return len(wanted) == len(indexes) and all(counts[line] == 1 for line in wanted)


@last_answer
def _line_counts(paragraphs: tuple[Paragraph, ...]) -> Counter[int | None]:
    """How many paragraphs each line holds (counted once per article: a check names many
    places, and a page of 20,000 paragraphs would otherwise be walked for each)."""
    return Counter(p.line for p in paragraphs)


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
