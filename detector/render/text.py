"""Render reports and rule documentation for a terminal, with rich.

Every piece of article text goes through :class:`rich.text.Text`, never through console markup,
so brackets in a scraped page print as they are. Without colour the output is plain text.
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from detector.context import Parameter
from detector.findings import CheckError, Finding, Report, Rule, Severity

__all__ = ["render_rule", "render_rules", "render_text"]

EXCERPT_CHARS = 80
MIN_EXCERPT_CHARS = 20
EVIDENCE_CHARS = 40
EVIDENCE_SUMMARY_CHARS = 160
#: At most this many findings of one rule are shown per article; JSON keeps them all.
MAX_FINDINGS_PER_RULE = 5
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
VERDICT_STYLE = {"publishable": "bold green", "needs review": "bold yellow"}


def render_text(reports: Iterable[Report], *, color: bool = False, width: int = 100) -> str:
    """Render reports as a readable terminal report, blocks separated by a blank line."""
    return _capture(
        lambda console: _print_reports(console, reports, width), color=color, width=width
    )


def render_rule(
    rule: Rule,
    doc: str,
    *,
    params: Iterable[Parameter] = (),
    color: bool = False,
    width: int = 100,
) -> str:
    """Render one rule's documentation: its header, summary, the parameters that move it (set
    under ``[tool.detector.params]``) and its check's docstring."""
    params = [p for p in params if rule.code in p.rules]

    def draw(console: Console) -> None:
        header = Text.assemble((rule.code, "bold"), " ", (rule.name, "bold"))
        console.print(header)
        console.print(
            Text.assemble(
                "severity: ",
                (str(rule.severity), SEVERITY_STYLE[rule.severity]),
                f"   kind: {rule.kind}",
                f"   marks: {rule.marks}" if rule.marks else "",
            )
        )
        console.print(Text(rule.summary))
        for p in params:
            console.print(
                Text.assemble(
                    "parameter: ",
                    (p.name, "bold"),
                    f" = {p.default} (default; {p.minimum} to {p.maximum}): {p.help}",
                )
            )
        if doc.strip():
            console.print()
            console.print(Text(inspect.cleandoc(doc)))

    return _capture(draw, color=color, width=width)


def render_rules(rules: Iterable[Rule], *, color: bool = False, width: int = 100) -> str:
    """Render the table of rules: code, name, severity and summary."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("code", "name", "severity", "summary"):
        table.add_column(column, overflow="fold")
    for rule in sorted(rules, key=lambda r: r.code):
        table.add_row(
            Text(rule.code, "bold"),
            Text(rule.name),
            Text(str(rule.severity), SEVERITY_STYLE[rule.severity]),
            Text(rule.summary),
        )
    return _capture(lambda console: console.print(table), color=color, width=width)


def _capture(draw: Callable[[Console], None], *, color: bool, width: int) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    draw(console)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _print_reports(console: Console, reports: Iterable[Report], width: int) -> None:
    for number, report in enumerate(reports):
        if number:
            console.print()
        console.print(_report(report, width))


def _report(report: Report, width: int) -> RenderableType:
    parts: list[RenderableType] = [_header(report), _facts(report), Text()]
    parts.append(_paragraph_table(report, width))
    parts.append(Text())
    if report.findings:
        parts.append(Text(f"Findings ({len(report.findings)})", "bold"))
        parts.append(_finding_table(report.findings))
        hidden = _hidden_counts(report.findings)
        if hidden:
            more = ", ".join(f"{n} more {code}" for code, n in hidden.items())
            parts.append(Text(f"Not shown: {more} (--format json lists every finding).", "dim"))
    else:
        parts.append(Text("No findings.", "green"))
    if report.errors:
        parts.append(Text())
        parts.append(Text("Checks not run or failed", "bold"))
        parts.append(_error_table(report.errors))
    return Group(*parts)


def _header(report: Report) -> Text:
    return Text.assemble(
        (report.source, "bold"),
        "  ",
        (f"article {report.score}/100", "bold"),
        "  ",
        (f"source {report.source_score}/100", "dim"),
        "  ",
        (report.verdict, VERDICT_STYLE.get(report.verdict, "bold red")),
    )


def _score_line(report: Report) -> str:
    """How each score was reached: ``article 100 - TI001 10 (1) = 90; source 100 = 100``."""
    parts = []
    for name, value in (("article", report.score), ("source", report.source_score)):
        rows = [d for d in report.deductions if d.score == name]
        lost = "".join(f" - {d.rule} {round(d.points, 1):g} ({d.count})" for d in rows)
        parts.append(f"{name} 100{lost} = {value}")
    return "; ".join(parts)


def _facts(report: Report) -> Text:
    facts = [
        ("score", _score_line(report)),
        ("title", report.title or "(none)"),
        ("date", report.date or "(none)"),
        ("format", report.format),
        ("model", report.model),
    ]
    if report.url:
        facts.insert(3, ("url", report.url))
    text = Text()
    for number, (label, value) in enumerate(facts):
        text.append(f"{label}: " if not number else f"\n{label}: ", "dim")
        text.append(value)
    return text


def _paragraph_table(report: Report, width: int) -> Table:
    rows = [
        [
            str(row["index"]),
            "-" if row.get("line") is None else str(row["line"]),
            row["role"] + (f"/{row['kind']}" if row.get("kind") else ""),
            f"{row['confidence']:.2f}",
        ]
        for row in report.paragraphs
    ]
    headers = ("#", "line", "role", "conf")
    widths = [
        max([len(header)] + [len(row[n]) for row in rows]) for n, header in enumerate(headers)
    ]
    # Columns are separated by three spaces; the excerpt takes what is left of the width.
    room = max(MIN_EXCERPT_CHARS, min(EXCERPT_CHARS, width - sum(widths) - 3 * len(widths)))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header, justify in zip(headers, ("right", "right", "left", "right"), strict=True):
        table.add_column(header, justify=justify, no_wrap=True)
    table.add_column("text", no_wrap=True, overflow="ellipsis", max_width=room)
    for cells, row in zip(rows, report.paragraphs, strict=True):
        text = Text(_excerpt(row["text"], room))
        if row["role"] == "boilerplate" and row.get("reasons"):
            text.append("\n" + _excerpt("why: " + ", ".join(row["reasons"]), room), style="dim")
        table.add_row(*cells[:2], Text(cells[2], _role_style(row["role"])), cells[3], text)
    return table


def _finding_table(findings: Sequence[Finding]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("rule", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("finding", overflow="fold")
    shown: dict[str, int] = {}
    for finding in findings:
        shown[finding.rule.code] = shown.get(finding.rule.code, 0) + 1
        if shown[finding.rule.code] > MAX_FINDINGS_PER_RULE:
            continue
        severity = finding.effective_severity
        detail = Text.assemble((finding.rule.name, "bold"), "\n", finding.message)
        summary = _evidence(finding.evidence)
        if summary:
            detail.append("\n" + summary, "dim")
        table.add_row(
            Text(finding.rule.code, "bold"),
            Text(str(severity), SEVERITY_STYLE[severity]),
            Text(_where(finding)),
            detail,
        )
    return table


def _hidden_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Per rule, how many findings the table leaves out."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule.code] = counts.get(finding.rule.code, 0) + 1
    return {c: n - MAX_FINDINGS_PER_RULE for c, n in counts.items() if n > MAX_FINDINGS_PER_RULE}


def _error_table(errors: Sequence[CheckError]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("check", no_wrap=True)
    table.add_column("reason", overflow="fold")
    for error in errors:
        table.add_row(Text(error.check), Text(error.message, "dim" if error.skipped else "red"))
    return table


def _where(finding: Finding) -> str:
    region = finding.evidence.get("region")
    if isinstance(region, dict) and region.get("first_line") is not None:
        first, last = region["first_line"], region["last_line"]
        return f"lines {first}-{last}" if last != first else f"line {first}"
    if finding.lines:
        label = "line" if len(finding.lines) == 1 else "lines"
        return f"{label} {_spans(finding.lines)}"
    if finding.paragraphs:
        return "paragraph " + ", ".join(f"#{i}" for i in finding.paragraphs)
    return "article"


def _spans(numbers: Iterable[int]) -> str:
    """Write numbers with consecutive runs joined: ``3, 65-69, 71``."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _evidence(evidence: Mapping[str, Any]) -> str:
    """Summarise the flat facts of the evidence (``key: value``); nested detail is for JSON."""
    facts = []
    for key, value in evidence.items():
        if isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
            if not items or not all(_is_scalar(item) for item in items):
                continue
            value = ", ".join(str(item) for item in items)
        elif not _is_scalar(value) or value is None or value == "":
            continue
        facts.append(f"{key}: {_excerpt(str(value), EVIDENCE_CHARS)}")
    return _excerpt("; ".join(facts), EVIDENCE_SUMMARY_CHARS)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _role_style(role: str) -> str:
    if role == "content":
        return ""
    if role == "boilerplate":
        return "dim"
    if role in ("title", "dateline", "byline"):
        return "cyan"
    return "magenta"
