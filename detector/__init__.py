"""detector: find what scraping broke in an article and say how publishable it is.

    >>> import detector
    >>> for report in detector.analyze_path("story.txt"):
    ...     print(report.score, report.verdict)

``read`` (the loaders) and ``load_model`` are imported on first use, so that ``import detector``
stays light.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from detector.article import Article, Paragraph
from detector.engine import analyze, analyze_path
from detector.errors import ConfigError, DetectorError, LoadError, ModelError
from detector.findings import Finding, Report, Rule, Severity, Verdict

if TYPE_CHECKING:
    from detector.loaders import read
    from detector.model import load_model

__all__ = [
    "Article",
    "ConfigError",
    "DetectorError",
    "Finding",
    "LoadError",
    "ModelError",
    "Paragraph",
    "Report",
    "Rule",
    "Severity",
    "Verdict",
    "__version__",
    "analyze",
    "analyze_path",
    "load_model",
    "read",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

_LAZY = {"read": "detector.loaders", "load_model": "detector.model"}


def __getattr__(name: str) -> Any:
    """Import ``read`` and ``load_model`` on first use; read ``__version__`` on first use
    (``importlib.metadata`` scans the installed distributions, a cost every start-up paid)."""
    if name == "__version__":
        from importlib import metadata

        try:
            version = metadata.version("detector")
        except metadata.PackageNotFoundError:  # a source tree that is not installed
            version = "0.0.0"
        globals()["__version__"] = version
        return version
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'detector' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
