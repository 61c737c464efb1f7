"""Turn findings into a 0-100 publishability score and a verdict.

Pure arithmetic on findings and paragraph lengths, so that the numbers can be explained and tested:

- Every article starts at 100.
- A finding deducts by its severity: :data:`PENALTY` (error 30, warning 10, info 2).
- A boilerplate finding (rule family :data:`PROPORTIONAL_FAMILY`, ``BP``) deducts in proportion to
  the share of the article's characters its paragraphs take instead: ``100 * share * factor``
  with :data:`SHARE_FACTOR` (error 1.0, warning 0.6, info 0.25). A stray "." costs almost
  nothing; a page that is half navigation costs a lot.
- What one rule deducts in total is capped by :data:`RULE_CAP` for its worst severity
  (error 50, warning 25, info 6), so that a single noisy rule cannot zero the score.
- The score is rounded and clamped to 0-100. The verdict is ``publishable`` from
  :data:`PUBLISHABLE` (85) up, ``needs review`` from :data:`NEEDS_REVIEW` (60) up, and
  ``not publishable`` below.

With these numbers one error alone leaves 70 (needs review); an error and three warnings from
different rules leave 40 (not publishable); info findings of one or two rules alone leave an
article publishable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from detector.article import Paragraph
from detector.findings import Finding, Severity

__all__ = [
    "NEEDS_REVIEW",
    "PENALTY",
    "PROPORTIONAL_FAMILY",
    "PUBLISHABLE",
    "RULE_CAP",
    "SHARE_FACTOR",
    "VERDICTS",
    "deductions",
    "score",
    "verdict_for",
]

PUBLISHABLE = 85
NEEDS_REVIEW = 60
#: Verdicts from best to worst.
VERDICTS = ("publishable", "needs review", "not publishable")

PENALTY = {Severity.ERROR: 30.0, Severity.WARNING: 10.0, Severity.INFO: 2.0}
SHARE_FACTOR = {Severity.ERROR: 1.0, Severity.WARNING: 0.6, Severity.INFO: 0.25}
RULE_CAP = {Severity.ERROR: 50.0, Severity.WARNING: 25.0, Severity.INFO: 6.0}
PROPORTIONAL_FAMILY = "BP"


def verdict_for(value: int) -> str:
    """Name the verdict for a score."""
    if value >= PUBLISHABLE:
        return VERDICTS[0]
    if value >= NEEDS_REVIEW:
        return VERDICTS[1]
    return VERDICTS[2]


def deductions(findings: Iterable[Finding], paragraphs: Sequence[Paragraph]) -> dict[str, float]:
    """Return the points each rule code deducts, after its cap."""
    total_chars = sum(len(p.text) for p in paragraphs)
    sizes = {p.index: len(p.text) for p in paragraphs}
    raw: dict[str, float] = defaultdict(float)
    worst: dict[str, Severity] = {}
    for finding in findings:
        code = finding.rule.code
        severity = finding.effective_severity
        worst[code] = max(severity, worst.get(code, severity))
        if code.startswith(PROPORTIONAL_FAMILY):
            covered = set(finding.remove) | set(finding.paragraphs)
            share = sum(sizes.get(i, 0) for i in covered) / total_chars if total_chars else 0.0
            raw[code] += 100.0 * share * SHARE_FACTOR[severity]
        else:
            raw[code] += PENALTY[severity]
    return {code: min(points, RULE_CAP[worst[code]]) for code, points in raw.items()}


def score(findings: Iterable[Finding], paragraphs: Sequence[Paragraph]) -> tuple[int, str]:
    """Score an article's findings from 0 to 100 and name the verdict."""
    lost = sum(deductions(findings, paragraphs).values())
    value = max(0, min(100, round(100.0 - lost)))
    return value, verdict_for(value)
