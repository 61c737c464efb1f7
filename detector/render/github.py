"""Render ``detector check`` results as GitHub Actions workflow commands.

Each finding becomes an annotation on its line of the pull request::

    ::error file=content/ferry.md,line=12,endLine=12,col=1,title=DT001 date-mismatch::The ...

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the rest
silently, so findings are sorted (blocking first, then by severity, path and line) and only
:data:`LIMIT` of each level are annotated; the others are printed as plain
``path:line:col: CODE message`` lines in a collapsed group, and a line says how many were not
annotated. Paths are relative to the repository root (option ``root``); ``%``, CR and LF are
escaped in messages, and ``:`` and ``,`` too in properties, as the runner requires. When the
option ``step_summary`` names a file (the CLI passes ``$GITHUB_STEP_SUMMARY``), the Markdown
summary of :mod:`detector.render.markdown` is appended to it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar, TextIO

from detector.findings import Finding, Report, Severity
from detector.policy import Policy
from detector.render.base import Renderer
from detector.render.concise import finding_line
from detector.render.markdown import markdown_summary
from detector.render.places import place

__all__ = ["LIMIT", "GithubRenderer", "escape_data", "escape_property"]

#: Annotations GitHub shows per level and step.
LIMIT = 10
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as data, and ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubRenderer(Renderer):
    """Annotations within GitHub's limits, the rest as plain lines, and a job summary."""

    name: ClassVar[str] = "github"

    def __init__(self, out: TextIO, *, color: bool = False, width: int = 100, **options: Any):
        super().__init__(out, color=color, width=width, **options)
        self.policy: Policy = options.get("policy") or Policy()
        self.root = options.get("root")
        self.reports: list[Report] = []

    def write(self, report: Report) -> None:
        self.reports.append(report)

    def finish(self) -> None:
        items = [
            (finding, report)
            for report in self.reports
            if getattr(report, "error", None) is None
            for finding in report.findings
        ]
        items.sort(key=self._order)
        shown: Counter[str] = Counter()
        rest: list[str] = []
        for finding, report in items:
            level = LEVELS[finding.effective_severity]
            if shown[level] < LIMIT:
                shown[level] += 1
                self.out.write(self.annotation(finding, report) + "\n")
            else:
                rest.append(finding_line(finding, report, root=self.root))
        if rest:
            self.out.write(
                f"detector: {len(rest)} more findings are not annotated (GitHub shows "
                f"{LIMIT} per level and step); they are listed below and in the job summary.\n"
            )
            self.out.write("::group::Findings not annotated\n")
            self.out.write("".join(escape_data(line) + "\n" for line in rest))
            self.out.write("::endgroup::\n")
        summary = self.options.get("step_summary")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(markdown_summary(self.reports, policy=self.policy, root=self.root))
        super().finish()

    def annotation(self, finding: Finding, report: Report) -> str:
        """The workflow command of one finding."""
        where = place(finding, report, self.root)
        level = LEVELS[finding.effective_severity]
        title = f"{finding.rule.code} {finding.rule.name}"
        if self.policy.blocks(finding):
            title += " (blocking)"
        properties = {
            "file": where.path,
            "line": str(where.line),
            "endLine": str(where.end_line),
            "col": str(where.column),
            "title": title,
        }
        props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
        return f"::{level} {props}::{escape_data(finding.message.strip())}"

    def _order(self, item: tuple[Finding, Report]) -> tuple[bool, int, str, int]:
        finding, report = item
        where = place(finding, report, self.root)
        blocking = self.policy.blocks(finding)
        return (not blocking, -finding.effective_severity, where.path, where.line)
