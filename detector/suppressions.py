"""Inline suppression: directives that loaders hand through as data, and the engine applies.

A directive names rule codes or prefixes and a scope::

    <!-- detector: ignore BP001,TI001 -->    the next paragraph
    <!-- detector: ignore-file DT -->         the whole file

In plain text (and the text of a JSON record) a line that is exactly a directive, with or
without the ``<!-- -->`` wrapper, is one; in Markdown an HTML comment (or a paragraph) that is
exactly one. Markdown front matter can silence codes for the whole file::

    ---
    detector:
      ignore: [TI001, NM]
    ---

A finding is silenced when its code starts with a silenced prefix and the directive covers the
file or one of the paragraphs the finding points at or removes. A line that does not match this
syntax is ordinary text. Loaders build :class:`Directive` values with :func:`parse_line` and
:func:`from_front_matter`; the engine calls :func:`apply`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detector.findings import Finding

__all__ = ["Directive", "FRONT_MATTER_KEY", "apply", "from_front_matter", "parse_line"]

#: The front-matter key whose ``ignore`` list silences codes for the whole file.
FRONT_MATTER_KEY = "detector"
_CODE = r"[A-Za-z]{1,2}[0-9]{0,3}"
_DIRECTIVE = re.compile(
    rf"\s*(?P<open><!--\s*)?detector:\s*(?P<scope>ignore-file|ignore)\s+"
    rf"(?P<codes>{_CODE}(?:\s*,\s*{_CODE})*)\s*(?P<close>-->)?\s*",
    re.IGNORECASE,
)
_CODE_ONLY = re.compile(_CODE)


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression directive as the source wrote it.

    ``codes`` are upper-case rule codes or prefixes; ``scope`` is ``"next"`` (the next paragraph,
    ``paragraph``, None when no paragraph follows) or ``"file"``; ``line`` is the 1-based line of
    the directive in the input, where known; ``origin`` says how it was written: ``"comment"``
    (an HTML comment), ``"text"`` (a bare directive line) or ``"front_matter"``.
    """

    codes: frozenset[str]
    scope: str
    line: int | None
    paragraph: int | None
    origin: str

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form of the directive."""
        return {
            "codes": sorted(self.codes),
            "scope": self.scope,
            "line": self.line,
            "paragraph": self.paragraph,
            "origin": self.origin,
        }

    def covers(self, finding: Finding) -> bool:
        """Whether this directive silences ``finding``."""
        if not any(finding.rule.code.startswith(code) for code in self.codes):
            return False
        if self.scope == "file":
            return True
        return self.paragraph is not None and self.paragraph in (
            *finding.paragraphs,
            *finding.remove,
        )


def parse_line(
    text: str, *, line: int | None, paragraph: int | None, comment_only: bool = False
) -> Directive | None:
    """Read ``text`` as a directive aimed at ``paragraph``; None when it is ordinary text.

    With ``comment_only`` only the ``<!-- -->`` form counts (an HTML comment in Markdown).
    """
    match = _DIRECTIVE.fullmatch(text)
    if match is None:
        return None
    if comment_only and not match["open"]:
        return None
    codes = frozenset(c.strip().upper() for c in match["codes"].split(","))
    file_wide = match["scope"].lower() == "ignore-file"
    return Directive(
        codes=codes,
        scope="file" if file_wide else "next",
        line=line,
        paragraph=None if file_wide else paragraph,
        origin="comment" if match["open"] else "text",
    )


def from_front_matter(front: Mapping[str, object], *, line: int | None) -> Directive | None:
    """Read the ``detector: {ignore: [...]}`` key of front matter; ValueError when malformed."""
    if FRONT_MATTER_KEY not in front:
        return None
    value = front[FRONT_MATTER_KEY]
    if not isinstance(value, Mapping) or set(value) - {"ignore"}:
        raise ValueError(f"'{FRONT_MATTER_KEY}' must be a mapping with one key, 'ignore'")
    ignore = value.get("ignore", ())
    items = ignore.split(",") if isinstance(ignore, str) else ignore
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"'{FRONT_MATTER_KEY}.ignore' must be a list of rule codes")
    codes = frozenset(i.strip().upper() for i in items if i.strip())
    bad = sorted(c for c in codes if not _CODE_ONLY.fullmatch(c))
    if bad:
        raise ValueError(
            f"'{FRONT_MATTER_KEY}.ignore' has a value that is not a rule code: {bad[0]}"
        )
    if not codes:
        return None
    return Directive(codes, "file", line, None, "front_matter")


def apply(
    directives: Iterable[Directive], findings: Iterable[Finding]
) -> tuple[list[Finding], set[Directive]]:
    """Drop the findings that a directive silences; return those kept and the directives used."""
    directives = tuple(directives)
    kept: list[Finding] = []
    used: set[Directive] = set()
    for finding in findings:
        silencing = [d for d in directives if d.covers(finding)]
        if silencing:
            used.update(silencing)
        else:
            kept.append(finding)
    return kept, used
