"""What detector concludes about an article: verdicts per paragraph, findings, and the report.

Stdlib only, so that renderers, batch workers and other tools can use these types cheaply.
"""

from __future__ import annotations

import enum
import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detector.article import Origin
    from detector.suppressions import Directive

__all__ = [
    "REPORT_SCHEMA",
    "UNREADABLE_INPUT",
    "CheckError",
    "Finding",
    "Location",
    "Report",
    "Rule",
    "Severity",
    "Verdict",
    "CheckError",
    "Deduction",
    "fingerprint",
]

#: Version of the JSON report layout; bumped on any incompatible change.
REPORT_SCHEMA = "detector.report/1"


class Severity(enum.IntEnum):
    """How much a finding matters for publishing, lowest first."""

    INFO = 10
    WARNING = 20
    ERROR = 30

    @classmethod
    def parse(cls, name: str) -> Severity:
        """Read a severity from its lower-case name."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {name!r} (choose from {choices})") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented rule: a stable code (``TI001``), a kebab-case name and a snake_case kind."""

    code: str
    name: str
    kind: str
    severity: Severity
    summary: str
    marks: str | None = None
    """Role given in the report to the paragraphs a finding of this rule removes."""


#: The rule of an input or record that could not be read (see :meth:`Report.unreadable`).
UNREADABLE_INPUT = Rule(
    "IN001",
    "unreadable-input",
    "unreadable_input",
    Severity.ERROR,
    "An input or one record of it cannot be read as an article.",
)


@dataclass(frozen=True, slots=True)
class Location:
    """The place a finding points at, as an editor, a SARIF viewer or a CI annotation opens it.

    ``path`` is the input as given; ``line``/``end_line`` are 1-based lines of that file and
    ``column``/``end_column`` 1-based columns, where known; ``paragraph`` is the 0-based index of
    the first paragraph involved; ``record`` names the record of a multi-record input (its id,
    else its 1-based number).
    """

    path: str
    line: int | None = None
    end_line: int | None = None
    column: int | None = None
    end_column: int | None = None
    paragraph: int | None = None
    record: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the location."""
        return {
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "column": self.column,
            "end_column": self.end_column,
            "paragraph": self.paragraph,
            "record": self.record,
        }


def fingerprint(code: str, text: str, document: str) -> str:
    """Hash a rule code, the flagged text and the document's identity into a stable key.

    The text is normalised (NFKC, case-folded, whitespace collapsed) and no line number enters
    the hash, so the key survives edits elsewhere in the file; a baseline can be keyed on it.
    """
    flagged = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    digest = hashlib.sha256("\x1f".join((code, flagged, document)).encode("utf-8"))
    return digest.hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The classifier's judgement of one paragraph.

    ``role`` is the coarse role (content, title, dateline, byline, boilerplate); ``kind`` narrows a
    boilerplate verdict (navigation, share, comment_form, ...); ``reasons`` are the cues that
    weighed most, in words an editor understands.
    """

    role: str
    confidence: float
    kind: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in an article, with concrete, machine-readable evidence."""

    rule: Rule
    message: str
    paragraphs: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()
    severity: Severity | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    remove: tuple[int, ...] = ()
    """Paragraph indexes that the fix drops from the cleaned text."""
    places: int = 1
    """How many instances of the problem the finding stands for: the stray lines it lists, the
    copies it found, the findings a region merged into it. The score charges each one."""
    location: Location | None = None
    """Where the finding points; the engine fills it from the paragraphs and the origin."""
    fingerprint: str = ""
    """A stable key (rule, flagged text, document; no line numbers), filled by the engine."""

    @property
    def effective_severity(self) -> Severity:
        """The finding's own severity, or its rule's default."""
        return self.severity if self.severity is not None else self.rule.severity

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the finding."""
        return {
            "rule": self.rule.code,
            "name": self.rule.name,
            "kind": self.rule.kind,
            "severity": str(self.effective_severity),
            "message": self.message,
            "lines": list(self.lines),
            "paragraphs": list(self.paragraphs),
            "evidence": dict(self.evidence),
            "remove": list(self.remove),
            "location": self.location.to_dict() if self.location is not None else None,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True, slots=True)
class CheckError:
    """A check that crashed or was skipped; the other checks still ran."""

    check: str
    message: str
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "message": self.message, "skipped": self.skipped}


@dataclass(frozen=True, slots=True)
class Deduction:
    """What one rule took off one of the two scores: ``article`` or ``source``."""

    rule: str
    score: str
    count: int
    points: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "score": self.score,
            "count": self.count,
            "points": round(self.points, 1),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The per-article quality report: scores, verdict, roles, findings and the cleaned text.

    ``score`` is the *article* score (what is left once detector has cleaned the input);
    ``source_score`` says how much page furniture the input carried; ``deductions`` are what
    made both (see :mod:`detector.scoring`). ``origin`` is where the article came from;
    ``error`` is set, and the verdict is ``error``, when the input or record could not be read at
    all (:meth:`unreadable`).
    """

    source: str
    score: int
    verdict: str
    format: str
    title: str | None
    date: str | None
    url: str | None
    paragraphs: tuple[dict[str, Any], ...]
    findings: tuple[Finding, ...]
    cleaned_text: str
    model: str
    errors: tuple[CheckError, ...] = ()
    source_score: int = 100
    deductions: tuple[Deduction, ...] = ()
    origin: Origin | None = None
    error: str | None = None
    unused_directives: tuple[Directive, ...] = ()
    """Suppression directives of the input that silenced nothing (a gate can report them)."""

    @classmethod
    def unreadable(cls, origin: Origin, message: str) -> Report:
        """Report an input or record that cannot be read: verdict ``error``, one IN001 finding."""
        record = origin.record_id or (str(origin.record) if origin.record is not None else None)
        source = origin.input if origin.record is None else f"{origin.input}#{origin.record}"
        finding = Finding(
            UNREADABLE_INPUT,
            message,
            location=Location(origin.input, line=origin.line, end_line=origin.line, record=record),
            fingerprint=fingerprint(UNREADABLE_INPUT.code, "", f"{origin.input}\x1f{record or ''}"),
        )
        return cls(
            source=source,
            score=0,
            source_score=0,
            verdict="error",
            format="unknown",
            title=None,
            date=None,
            url=None,
            paragraphs=(),
            findings=(finding,),
            cleaned_text="",
            model="",
            origin=origin,
            error=message,
        )

    def worst_severity(self) -> Severity | None:
        """The highest severity among the findings, or None when there are none."""
        return max((f.effective_severity for f in self.findings), default=None)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the report (layout versioned by ``schema``)."""
        return {
            "schema": REPORT_SCHEMA,
            "source": self.source,
            "origin": self.origin.to_dict() if self.origin is not None else None,
            "format": self.format,
            "score": self.score,
            "source_score": self.source_score,
            "verdict": self.verdict,
            "deductions": [d.to_dict() for d in self.deductions],
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "model": self.model,
            "paragraphs": [dict(p) for p in self.paragraphs],
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
            "cleaned_text": self.cleaned_text,
            "unused_directives": [d.to_dict() for d in self.unused_directives],
            "error": self.error,
        }
