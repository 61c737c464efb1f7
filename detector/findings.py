"""What detector concludes about an article: verdicts per paragraph, findings, and the report.

Stdlib only, so that renderers, batch workers and other tools can use these types cheaply.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "REPORT_SCHEMA",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "Verdict",
    "CheckError",
    "Deduction",
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
    made both (see :mod:`detector.scoring`).
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

    def worst_severity(self) -> Severity | None:
        """The highest severity among the findings, or None when there are none."""
        return max((f.effective_severity for f in self.findings), default=None)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the report (layout versioned by ``schema``)."""
        return {
            "schema": REPORT_SCHEMA,
            "source": self.source,
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
        }
