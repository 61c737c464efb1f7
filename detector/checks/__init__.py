"""The registered checks and the table of their rules.

Registration is explicit: a check exists for the engine when it is listed in :data:`CHECKS`.
:data:`RULES` maps each rule code to its :class:`~detector.findings.Rule`; codes are never
reused, and a retired code moves to :data:`RETIRED`. ``tests/snapshots/rules.json`` pins the
table.
"""

from __future__ import annotations

from detector.checks import (
    boilerplate,
    dates,
    duplicates,
    encoding,
    inputs,
    layout,
    links,
    names,
    size,
    spelling,
    suppressions,
    title,
    truncation,
)
from detector.checks.base import Analysis, Check
from detector.context import Parameter
from detector.findings import Rule

__all__ = ["CHECKS", "PARAMETERS", "RETIRED", "RULES", "Analysis", "Check", "check_for"]

CHECKS: tuple[Check, ...] = (
    boilerplate.CHECK,
    title.CHECK,
    dates.CHECK,
    names.CHECK,
    spelling.CHECK,
    duplicates.CHECK,
    layout.CHECK,
    links.CHECK,
    encoding.CHECK,
    truncation.CHECK,
    size.CHECK,
    inputs.CHECK,
    suppressions.CHECK,
)

RULES: dict[str, Rule] = {rule.code: rule for check in CHECKS for rule in check.rules}

#: Every check parameter that configuration may set (``[tool.detector.params]``), by name.
PARAMETERS: dict[str, Parameter] = {p.name: p for check in CHECKS for p in check.params}

#: Codes that once existed and must never be given to a new rule.
RETIRED: tuple[str, ...] = ()


def check_for(code: str) -> Check:
    """Return the check that owns rule ``code`` (its ``doc`` is what ``detector rule`` prints)."""
    for check in CHECKS:
        if any(rule.code == code for rule in check.rules):
            return check
    raise KeyError(code)
