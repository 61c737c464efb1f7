"""Render ``detector check`` results as one line per finding, then a summary, as linters do.

    content/2024/ferry.md:12:1: TI001 [*] warning: The headline is repeated in the body ...
    content/2024/ferry.md: score 55 is under min-score 70

    Checked 12 files: 1 error, 4 warnings, 0 info. 2 files fail (fail-on: error, min-score: 70).
    [*] 3 findings fixable with --fix (1 more with --unsafe-fixes).

``path:line:col`` is what editors and CI logs turn into links; ``[*]`` marks a finding that
``--fix`` would fix; the severity comes before the message, as compilers print it. Blocking
findings are bold on a terminal; nothing is coloured when piped.
Options: ``policy`` (:class:`~detector.policy.Policy`), ``root`` (paths are shown relative to
it), ``unsafe_fixes`` (count unsafe fixes as fixable), ``fixed`` (how many fixes were applied).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar, TextIO

from detector.findings import Finding, Report, Severity
from detector.fix import is_record, plan
from detector.policy import Policy
from detector.render.base import Renderer
from detector.render.places import SEVERITY_WORDS, input_of, place, report_path

__all__ = ["ConciseRenderer", "finding_line", "flat"]

_STYLE = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def flat(text: str) -> str:
    """Text on one line: runs of whitespace, newlines included, become one space."""
    return " ".join(text.split())


def finding_line(finding: Finding, report: Report, *, root: Any = None, mark: str = "") -> str:
    """``path:line:col: CODE severity: message`` for one finding (``mark``, like ``[*]``, goes
    after the code)."""
    where = place(finding, report, root)
    code = f"{finding.rule.code} {mark} " if mark else f"{finding.rule.code} "
    severity = SEVERITY_WORDS[finding.effective_severity]
    return f"{where.path}:{where.line}:{where.column}: {code}{severity}: {flat(finding.message)}"


class ConciseRenderer(Renderer):
    """One ``path:line:col: CODE message`` line per finding, streamed, and a closing summary."""

    name: ClassVar[str] = "concise"

    def __init__(self, out: TextIO, *, color: bool = False, width: int = 100, **options: Any):
        super().__init__(out, color=color, width=width, **options)
        self.policy: Policy = options.get("policy") or Policy()
        self.root = options.get("root")
        self.unsafe = bool(options.get("unsafe_fixes"))
        self.severities: Counter[Severity] = Counter()
        self.skipped = self.fixable = self.unsafe_more = self.records = 0
        self.written = 0
        # A JSON Lines, CSV or Parquet file holds many records: files are counted once each,
        # and a file fails when one of its records does.
        self._files: set[str] = set()
        self._failing: set[str] = set()

    def write(self, report: Report) -> None:
        if getattr(report, "error", None) is not None:
            self.skipped += 1
            return
        name = input_of(report)
        self._files.add(name)
        self.records += is_record(report)
        if self.policy.fails(report):
            self._failing.add(name)
        safe = plan(report)
        more = plan(report, unsafe=True)
        self.fixable += len(safe) + (len(more) - len(safe) if self.unsafe else 0)
        self.unsafe_more += 0 if self.unsafe else len(more) - len(safe)
        for position, finding in enumerate(report.findings):
            self.severities[finding.effective_severity] += 1
            fix = position in safe or (self.unsafe and position in more)
            line = finding_line(finding, report, root=self.root, mark="[*]" if fix else "")
            self.out.write(self._paint(line, finding) + "\n")
            self.written += 1
        if self.policy.under_score(report):
            path = report_path(report, self.root)
            minimum = self.policy.min_score
            self.out.write(f"{path}: score {report.score} is under min-score {minimum}\n")
            self.written += 1

    @property
    def files(self) -> int:
        """Files checked (a file of records counts once)."""
        return len(self._files)

    @property
    def failing(self) -> int:
        """Files with at least one failing article."""
        return len(self._failing)

    def finish(self) -> None:
        self.out.write(self.summary())
        super().finish()

    def summary(self) -> str:
        """The closing lines: files, findings by severity, failing files, fixable findings."""
        counts = ", ".join(
            _n(self.severities[s], SEVERITY_WORDS[s], plural=s is not Severity.INFO)
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        )
        rules = [f"fail-on: {self.policy.fail_on or 'never'}"]
        if self.policy.min_score is not None:
            rules.append(f"min-score: {self.policy.min_score}")
        verb = "fails" if self.failing == 1 else "fail"
        records = f" ({_n(self.records, 'record')})" if self.records else ""
        first = f"Checked {_n(self.files, 'file')}{records}: {counts}. "
        first += f"{_n(self.failing, 'file')} {verb} ({', '.join(rules)})."
        if self.skipped:
            first += f" {self.skipped} skipped (unreadable)."
        lines = [first]
        fixed = int(self.options.get("fixed") or 0)
        if fixed:
            lines.append(f"Fixed {_n(fixed, 'finding')}.")
        if self.fixable or self.unsafe_more:
            flag = "--unsafe-fixes" if self.unsafe else "--fix"
            text = f"[*] {_n(self.fixable, 'finding')} fixable with {flag}"
            if self.unsafe_more:
                text += f" ({self.unsafe_more} more with --unsafe-fixes)"
            lines.append(text + ".")
        return ("\n" if self.written else "") + "\n".join(lines) + "\n"

    def _paint(self, line: str, finding: Finding) -> str:
        if not self.color:
            return line
        path, _, rest = line.partition(": ")
        code, _, message = rest.partition(" ")
        style = _STYLE[finding.effective_severity]
        bold = ";1" if self.policy.blocks(finding) else ""
        return f"\x1b[1m{path}\x1b[0m: \x1b[{style}{bold}m{code}\x1b[0m {message}"


def _n(count: int, word: str, *, plural: bool = True) -> str:
    return f"{count} {word}{'s' if plural and count != 1 else ''}"
