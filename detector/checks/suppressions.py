"""Report a suppression directive that silences nothing (SU001), as ruff's RUF100 does.

## What it flags
SU001 `unused-suppression`: an inline directive (`<!-- detector: ignore TI001 -->`, a bare
`detector: ignore-file DT` line) or a front-matter key (`detector: {ignore: [TI001]}`) that
silenced no finding in this run. `detector check` reports it at the directive's line, when
every code the directive names was run on the file (a directive for a rule that the settings
turn off cannot be judged).

## Why it matters
Suppressions outlive the problems they were written for: the duplicated title was fixed, the
date corrected, but the comment stays and would hide the next real problem of that kind.
Reporting the ones that no longer do anything keeps them few and meaningful.

## Example
```
<!-- detector: ignore TI001 -->
The council met on Tuesday.
```
SU001 on line 1 when the next paragraph repeats no headline: remove the directive.

## Known false positives
- A directive kept on purpose for a problem that comes and goes (a feed that sometimes repeats
  its title); ignore SU001 for that file with `per-file-ignores`.
"""

from __future__ import annotations

from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = ["CHECK", "UNUSED_SUPPRESSION"]

UNUSED_SUPPRESSION = Rule(
    "SU001",
    "unused-suppression",
    "unused_suppression",
    Severity.WARNING,
    "A suppression directive silences nothing.",
)


def run(analysis: Analysis) -> Iterable[Finding]:
    """Return nothing: whether a directive was used is known only after suppression.

    SU001 findings are made by :class:`detector.gate.Gate` from ``Report.unused_directives``;
    the rule is registered here so that it is documented, selectable and listed.
    """
    return ()


CHECK = Check(name="suppressions", rules=(UNUSED_SUPPRESSION,), run=run, doc=__doc__ or "")
