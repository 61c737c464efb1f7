"""The run context: what a check may know beyond the article itself.

Checks read today's date only from here, so that a report does not change from one day to the
next when no input changed: tests and baselines pin it. ``params`` carries check parameters that
configuration can set, keyed by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["RunContext"]


@dataclass(frozen=True, slots=True)
class RunContext:
    """Today's date (the reference of DT002 when a record has no crawl date) and check params."""

    today: date
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def default(cls) -> RunContext:
        """A context dated today, with no parameters."""
        return cls(today=date.today())
