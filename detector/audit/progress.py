"""Show an audit's progress on a terminal with rich: records/s, errors, ETA."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from detector.audit.run import Progress

__all__ = ["show_progress"]


def show_progress(runs: Iterable[Progress], *, live: bool) -> Progress:
    """Drain ``runs``; on a terminal (``live``) draw a progress bar on stderr. Return the last."""
    last: Progress | None = None
    if not live:
        for last in runs:  # noqa: B007
            pass
    else:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as Bar,
        )

        columns = (
            TextColumn("auditing"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]} records/s, {task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        console = Console(file=sys.stderr, force_terminal=True)  # live means stderr is a terminal
        with Bar(*columns, console=console, transient=True) as bar:
            task = bar.add_task("audit", total=None, rate="0.0", errors=0)
            for last in runs:
                elapsed = bar.tasks[0].elapsed or 0.0
                rate = f"{last.records / elapsed:.1f}" if elapsed else "0.0"
                bar.update(
                    task, completed=last.records, total=last.expected, rate=rate, errors=last.errors
                )
    if last is None:
        raise RuntimeError("the audit reported no progress")
    return last
