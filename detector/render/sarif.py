"""Render ``detector check`` results as SARIF 2.1.0, for GitHub code scanning and other viewers.

One run whose ``tool.driver.rules`` lists only the rules that fired (with their summary and
documentation), and one result per finding. As code-scanning views expect:

- ``uri`` is relative to the repository root (option ``root``), percent-encoded, with
  ``uriBaseId`` ``%SRCROOT%`` declared in ``originalUriBaseIds``; ``columnKind`` is set;
- every result has a region: a finding about the whole article points at its first line;
- ``partialFingerprints`` carries the finding's fingerprint (the key of the baseline), so a
  finding keeps its identity when lines move;
- ``fixes`` describe what ``--fix`` (with option ``unsafe_fixes``, also ``--unsafe-fixes``)
  would delete: whole source lines. Character repairs are applied by ``--fix`` but not
  described here, since a renderer sees reports, not the file's text.

An input that could not be read becomes a ``toolExecutionNotification``, not a result.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, ClassVar, TextIO

from detector.findings import Finding, Report, Rule, Severity
from detector.fix import plan
from detector.policy import Policy
from detector.render.base import Renderer
from detector.render.places import place, report_path, uri

__all__ = ["SCHEMA_URI", "SarifRenderer"]

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/detector/detector"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
BASE = "%SRCROOT%"


class SarifRenderer(Renderer):
    """One SARIF log for all reports, written at the end."""

    name: ClassVar[str] = "sarif"

    def __init__(self, out: TextIO, *, color: bool = False, width: int = 100, **options: Any):
        super().__init__(out, color=color, width=width, **options)
        self.policy: Policy = options.get("policy") or Policy()
        self.root = options.get("root") or os.getcwd()
        self.unsafe = bool(options.get("unsafe_fixes"))
        self.rules: dict[str, Rule] = {}
        self.results: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []

    def write(self, report: Report) -> None:
        if getattr(report, "error", None) is not None:
            self.notes.append(
                {
                    "level": "error",
                    "message": {"text": str(report.error)},
                    "locations": [_location(report_path(report, self.root))],
                }
            )
            return
        fixes = plan(report, unsafe=self.unsafe)
        for position, finding in enumerate(report.findings):
            self.rules.setdefault(finding.rule.code, finding.rule)
            self.results.append(self._result(finding, report, fixes.get(position, ())))

    def finish(self) -> None:
        from detector import __version__

        codes = list(self.rules)
        for result in self.results:
            result["ruleIndex"] = codes.index(result["ruleId"])
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "detector",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": [_rule(self.rules[code]) for code in codes],
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": self.results,
            "invocations": [
                {"executionSuccessful": True, "toolExecutionNotifications": self.notes}
            ],
        }
        run["originalUriBaseIds"] = {BASE: {"uri": Path(self.root).resolve().as_uri() + "/"}}
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        self.out.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")
        super().finish()

    def _result(self, finding: Finding, report: Report, edits: tuple[Any, ...]) -> dict[str, Any]:
        where = place(finding, report, self.root)
        region = {"startLine": where.line, "startColumn": where.column, "endLine": where.end_line}
        result: dict[str, Any] = {
            "ruleId": finding.rule.code,
            "level": LEVELS[finding.effective_severity],
            "message": {"text": finding.message},
            "locations": [_location(where.path, region)],
            "properties": {
                "severity": str(finding.effective_severity),
                "blocking": self.policy.blocks(finding),
                "score": report.score,
            },
        }
        key = getattr(finding, "fingerprint", "")
        if key:
            result["partialFingerprints"] = {"detector/v1": key}
        deletions = [edit for edit in edits if edit.kind == "delete"]
        if deletions:
            result["fixes"] = [
                {
                    "description": {"text": "; ".join(e.description for e in deletions)},
                    "artifactChanges": [
                        {
                            "artifactLocation": _artifact(where.path),
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": e.start,
                                        "startColumn": 1,
                                        "endLine": e.end + 1,
                                        "endColumn": 1,
                                    },
                                    "insertedContent": {"text": ""},
                                }
                                for e in deletions
                            ],
                        }
                    ],
                }
            ]
        return result


def _artifact(path: str) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri(path)}
    if "://" not in path and not path.startswith("/"):
        artifact["uriBaseId"] = BASE
    return artifact


def _location(path: str, region: dict[str, Any] | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(path)}
    if region is not None:
        physical["region"] = region
    return {"physicalLocation": physical}


def _rule(rule: Rule) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"kind": rule.kind, "tags": [rule.kind]},
    }
    doc = _doc(rule.code)
    if doc:
        entry["help"] = {"text": doc, "markdown": doc}
    return entry


def _doc(code: str) -> str:
    """The documentation of a rule's check, as ``detector rule CODE`` prints it."""
    import inspect

    from detector.checks import check_for

    try:
        return inspect.cleandoc(check_for(code).doc)
    except KeyError:
        return ""
