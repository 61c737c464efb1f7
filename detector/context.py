"""The run context: what a check may know beyond the article itself.

Checks read today's date only from here, so that a report does not change from one day to the
next when no input changed: tests and baselines pin it. ``params`` carries check parameters that
configuration can set (``[tool.detector.params]``), keyed by name: each check declares its own
:class:`Parameter` objects, with their defaults and bounds, and reads them with
:meth:`RunContext.param`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Parameter", "RunContext"]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A number a check uses that a team may set in its configuration.

    ``name`` is the configuration key (kebab-case), ``rules`` the codes whose findings it moves,
    ``default`` the value without configuration (its type is the parameter's: int or float), and
    ``minimum``/``maximum`` the bounds a configured value must lie within.
    """

    name: str
    rules: tuple[str, ...]
    default: int | float
    minimum: int | float
    maximum: int | float
    help: str

    def parse(self, value: Any) -> int | float:
        """Return ``value`` checked against the parameter's type and bounds (ValueError if not)."""
        whole = isinstance(self.default, int)
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
            kind = "a whole number" if whole else "a number"
            raise ValueError(f"expected {kind}, got {value!r}")
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"expected a value from {self.minimum} to {self.maximum}, got {value}")
        return value if whole else float(value)


@dataclass(frozen=True, slots=True)
class RunContext:
    """Today's date (the reference of DT002 when a record has no crawl date) and check params."""

    today: date
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def default(cls) -> RunContext:
        """A context dated today, with no parameters."""
        return cls(today=date.today())

    def param(self, parameter: Parameter) -> Any:
        """The configured value of ``parameter``, or its default."""
        return self.params.get(parameter.name, parameter.default)

    def with_params(self, params: Mapping[str, Any]) -> RunContext:
        """This context with ``params`` added; a value this context already has wins."""
        if not params:
            return self
        return RunContext(self.today, {**params, **self.params})
