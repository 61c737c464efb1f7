"""The one error tree of detector.

    DetectorError             anything detector refuses, with a one-line message
    ├── ConfigError           bad configuration or command-line usage
    ├── LoadError             input that cannot be read (missing, binary, undecodable, malformed)
    └── ModelError            a model file that is missing, unsafe, or made for other code

The CLI maps every ``DetectorError`` to exit code 2 and prints its message on one line.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DetectorError", "ConfigError", "LoadError", "ModelError", "did_you_mean"]


class DetectorError(Exception):
    """Base class of every error detector raises on purpose."""


class ConfigError(DetectorError):
    """Configuration or usage is wrong."""


class LoadError(DetectorError):
    """An input cannot be read as an article."""


class ModelError(DetectorError):
    """A model cannot be loaded or does not fit this version of detector."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices`` to a mistyped ``word``, or ``""``."""
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
