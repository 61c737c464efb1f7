"""What a renderer is: finished reports in, text out, over a start / per-report / finish life.

A streaming format (text, JSON Lines, GitHub workflow lines) writes each report in ``add``; a
format that needs the whole run (a JSON array, SARIF, JUnit) keeps what it needs and writes in
``finish``. Renderer modules stay light to import (rich and the like load on first use), since
the registry in :mod:`detector.render` imports every one of them.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from detector.findings import Report

__all__ = ["Renderer"]


class Renderer:
    """Write reports to ``out`` in one format, named by ``name`` in the registry.

    ``color`` and ``width`` matter to terminal formats; other ``options`` are the format's own
    (a renderer refuses none, and reads those it knows).
    """

    name: ClassVar[str]
    rows_for_errors: ClassVar[bool] = True
    """Whether the format carries an unreadable input's report as a row of its own (machine
    formats do; the terminal report leaves it to the error line on stderr)."""

    def __init__(
        self, out: TextIO, *, color: bool = False, width: int = 100, **options: Any
    ) -> None:
        self.out = out
        self.color = color
        self.width = width
        self.options = options
        self.count = 0

    def start(self) -> None:
        """Write what precedes the first report (nothing, unless the format has a header)."""

    def add(self, report: Report) -> None:
        """Take one report, in input order; a streaming format writes it now."""
        self.write(report)
        self.count += 1

    def write(self, report: Report) -> None:
        """Write one report (streaming formats override this, or ``add``)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Write what follows the last report, and flush."""
        self.out.flush()
