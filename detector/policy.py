"""What blocks publication: the failure threshold and the minimum score of ``detector check``.

Stdlib only, so that renderers can mark blocking findings without loading anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from detector.findings import Finding, Report, Severity

__all__ = ["DEFAULT_FAIL_ON", "Policy"]

#: What ``detector check`` fails on when the settings do not say: errors block, as in Vale.
DEFAULT_FAIL_ON = Severity.ERROR


@dataclass(frozen=True, slots=True)
class Policy:
    """A finding blocks when its severity reaches ``fail_on`` (None: none does); an article
    fails when one of its findings blocks or its score is under ``min_score``.

    An input that could not be read (``Report.error``) never blocks: the gate notes and skips it.
    """

    fail_on: Severity | None = DEFAULT_FAIL_ON
    min_score: int | None = None

    def blocks(self, finding: Finding) -> bool:
        """Whether the finding alone fails its article."""
        return self.fail_on is not None and finding.effective_severity >= self.fail_on

    def under_score(self, report: Report) -> bool:
        """Whether the article scores under ``min_score``."""
        return (
            self.min_score is not None
            and getattr(report, "error", None) is None
            and report.score < self.min_score
        )

    def fails(self, report: Report) -> bool:
        """Whether the article fails the check."""
        if getattr(report, "error", None) is not None:
            return False
        return self.under_score(report) or any(self.blocks(f) for f in report.findings)
