"""The terminal report as a renderer: each report drawn as it comes, blocks separated by a blank
line. rich (through :mod:`detector.render.text`) loads on the first report, not on import."""

from __future__ import annotations

from detector.findings import Report
from detector.render.base import Renderer

__all__ = ["TextRenderer"]


class TextRenderer(Renderer):
    """The readable report of :func:`detector.render.text.render_text`, streamed."""

    name = "text"
    rows_for_errors = False

    def write(self, report: Report) -> None:
        from detector.render.text import render_text

        if self.count:
            self.out.write("\n")
        self.out.write(render_text([report], color=self.color, width=self.width))
        self.out.flush()
