"""The one error tree of detector.

    DetectorError             anything detector refuses, with a one-line message
    ├── ConfigError           bad configuration or command-line usage
    ├── LoadError             input that cannot be read (missing, binary, undecodable, malformed)
    └── ModelError            a model file that is missing, unsafe, or made for other code

The CLI maps every ``DetectorError`` to exit code 2 and prints its message on one line.
"""

from __future__ import annotations

__all__ = ["DetectorError", "ConfigError", "LoadError", "ModelError"]


class DetectorError(Exception):
    """Base class of every error detector raises on purpose."""


class ConfigError(DetectorError):
    """Configuration or usage is wrong."""


class LoadError(DetectorError):
    """An input cannot be read as an article."""


class ModelError(DetectorError):
    """A model cannot be loaded or does not fit this version of detector."""
