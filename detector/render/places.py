"""Where a finding is, as CI services and editors want it: a path relative to the repository
root and a 1-based line and column that always exist.

A finding about the whole article, or from an input without lines, points at line 1, so that
code-scanning views and pull-request annotations do not drop it.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from detector.findings import Finding, Report, Severity

__all__ = ["Place", "input_of", "place", "relative_path", "uri"]

SEVERITY_WORDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


class Place:
    """A finding's path (relative to ``root`` when inside it), line, column and end line."""

    __slots__ = ("column", "end_line", "line", "path")

    def __init__(self, path: str, line: int, column: int, end_line: int) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.end_line = end_line


def relative_path(path: str, root: str | os.PathLike[str] | None) -> str:
    """``path`` relative to ``root`` in POSIX form; a URL, ``<stdin>`` or an outside path as is."""
    if "://" in path or path.startswith("<") or root is None:
        return path
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def uri(path: str) -> str:
    """A relative path percent-encoded as a URI reference (a URL stays as it is)."""
    if "://" in path:
        return path
    return quote(PurePosixPath(path).as_posix(), safe="/")


def place(finding: Finding, report: Report, root: str | os.PathLike[str] | None = None) -> Place:
    """Where to show ``finding`` of ``report``: always a path, a line and a column."""
    location = getattr(finding, "location", None)
    path = location.path if location is not None and location.path else report.source
    line = location.line if location is not None and location.line else None
    if line is None:
        line = min(finding.lines, default=None) or 1
    column = location.column if location is not None and location.column else 1
    end_line = location.end_line if location is not None and location.end_line else line
    return Place(relative_path(path, root), line, column, max(end_line, line))


def input_of(report: Report) -> str:
    """The input a report is about, as given (the records of one file share it)."""
    origin = getattr(report, "origin", None)
    return origin.input if origin is not None else report.source


def report_path(report: Report, root: str | os.PathLike[str] | None = None) -> str:
    """The path of the input a report is about, relative to ``root`` (records share one)."""
    return relative_path(input_of(report), root)
