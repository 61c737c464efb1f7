"""Render ``detector check`` results as JUnit XML, for CI services that show test reports.

One ``<testcase>`` per article (``name`` and ``file`` are its path relative to the repository
root; a record of a multi-record input is named ``path#record``), with one ``<failure>`` per
blocking finding and one for a score under ``min-score``; findings that do not block are listed
in ``<system-out>``. An input that could not be read is an ``<error>``. The suite's ``tests``,
``failures`` and ``errors`` count test cases (an article with three blocking findings is one
failed test), as the JUnit format defines them. Options: ``policy``, ``root``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, ClassVar, TextIO

from detector.findings import Report
from detector.policy import Policy
from detector.render.base import Renderer
from detector.render.concise import finding_line, flat
from detector.render.places import report_path

__all__ = ["JunitRenderer"]

# Characters XML 1.0 cannot hold, even escaped; scraped text sometimes carries them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


class JunitRenderer(Renderer):
    """A ``<testsuites>`` document with one suite, written at the end."""

    name: ClassVar[str] = "junit"

    def __init__(self, out: TextIO, *, color: bool = False, width: int = 100, **options: Any):
        super().__init__(out, color=color, width=width, **options)
        self.policy: Policy = options.get("policy") or Policy()
        self.root = options.get("root")
        self.cases: list[ET.Element] = []
        self.failures = self.errors = 0

    def write(self, report: Report) -> None:
        path = report_path(report, self.root)
        origin = getattr(report, "origin", None)
        name = path if origin is None or origin.record is None else f"{path}#{origin.record}"
        case = ET.Element(
            "testcase", {"classname": "detector", "name": _xml(name), "file": _xml(path)}
        )
        if getattr(report, "error", None) is not None:
            error = ET.SubElement(case, "error", {"type": "IN001", "message": _xml(report.error)})
            error.text = _xml(report.error)
            self.errors += 1
            self.cases.append(case)
            return
        failed = False
        others = []
        for finding in report.findings:
            line = _xml(finding_line(finding, report, root=self.root))
            if self.policy.blocks(finding):
                failure = ET.SubElement(
                    case,
                    "failure",
                    {"type": finding.rule.code, "message": _xml(flat(finding.message))},
                )
                failure.text = line
                failed = True
            else:
                others.append(line)
        if self.policy.under_score(report):
            message = f"score {report.score} is under min-score {self.policy.min_score}"
            failure = ET.SubElement(case, "failure", {"type": "min-score", "message": message})
            failure.text = f"{path}: {message}"
            failed = True
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(others)
        self.failures += failed
        self.cases.append(case)

    def finish(self) -> None:
        counts = {
            "tests": str(len(self.cases)),
            "failures": str(self.failures),
            "errors": str(self.errors),
            "skipped": "0",
        }
        suites = ET.Element("testsuites", {"name": "detector check", **counts})
        suite = ET.SubElement(suites, "testsuite", {"name": "detector", **counts})
        suite.extend(self.cases)
        ET.indent(suites)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(suites, encoding="unicode") + "\n")
        super().finish()
