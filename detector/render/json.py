"""Render reports as JSON (one object, or an array) and JSON Lines (one object per line).

The layout is :meth:`detector.findings.Report.to_dict`, versioned by its ``schema`` field.
:class:`JsonRenderer` keeps the reports for one document at the end; :class:`JsonlRenderer`
writes each report as it comes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import os
from collections.abc import Iterable
from typing import Any

from detector.findings import Report
from detector.render.base import Renderer

__all__ = ["JsonRenderer", "JsonlRenderer", "render_json", "render_jsonl", "report_json"]


def report_json(report: Report, *, indent: int | None = None) -> str:
    """Return one report as a JSON object."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent, default=_jsonable)


def render_json(reports: Iterable[Report], *, array: bool) -> str:
    """Return reports as one indented JSON document: an array, or the single report's object."""
    items = [report.to_dict() for report in reports]
    if not array and len(items) != 1:
        raise ValueError(f"one report expected without array=True, got {len(items)}")
    document = items if array else items[0]
    return json.dumps(document, ensure_ascii=False, indent=2, default=_jsonable) + "\n"


def render_jsonl(reports: Iterable[Report]) -> str:
    """Return reports as JSON Lines, one compact object per line, in order."""
    return "".join(report_json(report) + "\n" for report in reports)


def _jsonable(value: Any) -> Any:
    """Convert evidence values that JSON lacks: sets, dates, enums, paths, dataclasses."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


class JsonRenderer(Renderer):
    """One indented JSON document, written at the end: the report's object, or an array.

    Option ``array``: True always writes an array, False one object (exactly one report is then
    required), None (the default) an array unless there is exactly one report.
    """

    name = "json"

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self.reports: list[Report] = []

    def write(self, report: Report) -> None:
        self.reports.append(report)

    def finish(self) -> None:
        array = self.options.get("array")
        if array is None:
            array = len(self.reports) != 1
        self.out.write(render_json(self.reports, array=array))
        self.out.flush()


class JsonlRenderer(Renderer):
    """JSON Lines: one compact report object per line, written and flushed as it comes."""

    name = "jsonl"

    def write(self, report: Report) -> None:
        self.out.write(report_json(report) + "\n")
        self.out.flush()
