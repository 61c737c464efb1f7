"""Render ``detector check`` results as Markdown, for a pull-request comment or a job summary.

A headline with the verdict and counts, then one table row per finding (blocking ones first),
capped at :data:`MAX_ROWS` rows so that a comment stays under the size services accept, with
the number left out said below the table. Cell text is escaped (``|``, newlines, HTML).
Options: ``policy``, ``root`` (paths relative to it), ``max_rows``.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar, TextIO

from detector.findings import Finding, Report, Severity
from detector.policy import Policy
from detector.render.base import Renderer
from detector.render.places import SEVERITY_WORDS, input_of, place, report_path

__all__ = ["MAX_ROWS", "MarkdownRenderer", "markdown_summary"]

MAX_ROWS = 200
_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def markdown_summary(
    reports: list[Report],
    *,
    policy: Policy | None = None,
    root: Any = None,
    max_rows: int = MAX_ROWS,
    title: str = "detector check",
) -> str:
    """Markdown for a set of reports: headline, counts, and a table of findings."""
    policy = policy or Policy()
    readable = [r for r in reports if getattr(r, "error", None) is None]
    # A file of records (JSON Lines, CSV, Parquet) counts once, and fails when a record does.
    files = {input_of(r) for r in readable}
    failing = {input_of(r) for r in readable if policy.fails(r)}
    rows: list[tuple[bool, Severity, str, int, Finding, Report]] = []
    for report in readable:
        for finding in report.findings:
            where = place(finding, report, root)
            rows.append(
                (
                    not policy.blocks(finding),
                    -finding.effective_severity,
                    where.path,
                    where.line,
                    finding,
                    report,
                )
            )
    rows.sort(key=lambda row: row[:4])
    counts = {s: sum(1 for row in rows if row[4].effective_severity is s) for s in _ORDER}
    mark = "❌" if failing else "✅"
    verdict = f"{len(failing)} of {len(files)} files fail" if failing else "all files pass"
    out = [f"### {mark} {title}: {verdict}", ""]
    out.append(
        f"{_count(len(files), 'file')} checked; "
        + ", ".join(
            _count(counts[s], SEVERITY_WORDS[s], plural=s is not Severity.INFO) for s in _ORDER
        )
        + f" (fail-on: {policy.fail_on or 'never'}"
        + (f", min-score: {policy.min_score})" if policy.min_score is not None else ")")
    )
    skipped = len(reports) - len(readable)
    if skipped:
        out[-1] += f"; {skipped} unreadable, skipped"
    low = [r for r in readable if policy.under_score(r)]
    if low:
        out += ["", "Under the minimum score:"]
        out += [f"- `{_path(report_path(r, root))}`: {r.score}" for r in low]
    if rows:
        out += ["", "| | File | Line | Rule | Message |", "|---|---|---:|---|---|"]
        for unblocked, _, path, line, finding, _report in rows[:max_rows]:
            icon = "❌" if not unblocked else "⚠️" if finding.effective_severity >= 20 else "ℹ️"
            code = f"{finding.rule.code} {finding.rule.name}"
            out.append(
                f"| {icon} | `{_path(path)}` | {line} | {_cell(code)} | {_cell(finding.message)} |"
            )
        if len(rows) > max_rows:
            out += ["", f"…and {len(rows) - max_rows} more findings not shown."]
    return "\n".join(out) + "\n"


class MarkdownRenderer(Renderer):
    """The Markdown summary of all reports, written at the end."""

    name: ClassVar[str] = "markdown"

    def __init__(self, out: TextIO, *, color: bool = False, width: int = 100, **options: Any):
        super().__init__(out, color=color, width=width, **options)
        self.reports: list[Report] = []

    def write(self, report: Report) -> None:
        self.reports.append(report)

    def finish(self) -> None:
        self.out.write(
            markdown_summary(
                self.reports,
                policy=self.options.get("policy"),
                root=self.options.get("root"),
                max_rows=int(self.options.get("max_rows") or MAX_ROWS),
            )
        )
        super().finish()


def _cell(text: str) -> str:
    """Text safe inside a table cell: one line, pipes escaped, HTML neutralised."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def _path(path: str) -> str:
    return path.replace("|", "\\|").replace("`", "'")


def _count(n: int, word: str, *, plural: bool = True) -> str:
    return f"{n} {word}{'s' if plural and n != 1 else ''}"
