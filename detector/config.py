"""Read the settings that act as command-line defaults.

Settings live in ``detector.toml`` (keys at the top level) or in the ``[tool.detector]`` table of
``pyproject.toml``. The first directory, walking up from the start, that has a ``detector.toml``
or a ``pyproject.toml`` with a ``[tool.detector]`` table wins; in one directory ``detector.toml``
comes first (as ruff does with ``ruff.toml``). Explicit command-line flags override the file.

Keys (``_`` and ``-`` are interchangeable)::

    select = ["BP", "TI001"]   # rule codes or prefixes to run (default: every rule)
    ignore = ["DU"]            # rule codes or prefixes to drop; longest matching prefix wins
    fail-on = "warning"        # info | warning | error | never (default never)
    model = "models/mine.skops" # relative to the file that names it
    input-format = "markdown"  # as ``--input-format`` (default: guess from the input)
    format = "json"            # text | json | jsonl (default text)

    [tool.detector.limits]     # bounds on one input (see detector.limits), 0 switches one off
    max-input-bytes = 10_000_000
    time-limit = 30

Unknown keys are errors with a suggestion, as in pip-tools (``piptools/utils.py``).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detector.errors import ConfigError
from detector.findings import Severity
from detector.limits import DEFAULT_LIMITS, Limits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "CONFIG_FILES",
    "Config",
    "OUTPUT_FORMATS",
    "find_config",
    "load_config",
    "parse_codes",
    "parse_fail_on",
]

#: Config file names looked for in each directory, first match wins.
CONFIG_FILES = ("detector.toml", "pyproject.toml")
OUTPUT_FORMATS = ("text", "json", "jsonl")
FAIL_ON_CHOICES = ("info", "warning", "error", "never")
_CODE = re.compile(r"[A-Z]{1,2}|[A-Z]{2}[0-9]{1,3}")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings of one run: rule selection, failure threshold, model, formats.

    ``select`` empty means every rule; ``fail_on`` None means never fail on findings;
    ``model`` None means the shipped model; ``input_format`` None means guess per input.
    ``limits`` bound what one input may cost. ``source`` is the file the settings came from.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    model: str | None = None
    input_format: str | None = None
    format: str = "text"
    limits: Limits = DEFAULT_LIMITS
    source: str | None = None


def parse_codes(value: str | Iterable[str], *, where: str = "codes") -> tuple[str, ...]:
    """Read rule codes or prefixes from a comma-separated string or a list of strings."""
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = []
    for item in items:
        if not isinstance(item, str):
            raise ConfigError(f"{where}: expected rule codes as strings, got {item!r}")
        code = item.strip().upper()
        if not code:
            continue
        if not _CODE.fullmatch(code):
            raise ConfigError(
                f"{where}: {item.strip()!r} is not a rule code or prefix (like BP, TI0 or TI001)"
            )
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def parse_fail_on(value: str, *, where: str = "fail-on") -> Severity | None:
    """Read a failure threshold: a severity name, or ``never``."""
    name = value.strip().lower() if isinstance(value, str) else value
    if name == "never":
        return None
    if name not in FAIL_ON_CHOICES:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(FAIL_ON_CHOICES)}")
    return Severity.parse(name)


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """Find the config file that applies to ``start`` (a file or folder; default the cwd)."""
    # realpath, not Path.resolve: on Python 3.11 resolve raises RuntimeError on a symlink loop.
    here = Path(os.path.realpath(start if start is not None else Path.cwd()))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            path = folder / name
            if path.is_file() and (name != "pyproject.toml" or _table(path) is not None):
                return path
    return None


def load_config(
    start: str | os.PathLike[str] | None = None, *, path: str | os.PathLike[str] | None = None
) -> Config:
    """Read the config file at ``path``, or the one found from ``start``; defaults without one."""
    found = Path(path) if path is not None else find_config(start)
    if found is None:
        return Config()
    table = _table(found)
    if table is None:
        if path is not None and found.name == "pyproject.toml":
            raise ConfigError(f"{found}: no [tool.detector] table")
        table = {}
    return _from_table(table, found)


def _table(path: Path) -> Mapping[str, Any] | None:
    """Return the detector settings of a config file, or None if a pyproject has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name != "pyproject.toml":
        return data
    table = data.get("tool", {}).get("detector")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.detector] must be a table")
    return table


def _from_table(table: Mapping[str, Any], path: Path) -> Config:
    """Validate a settings table and build a Config from it."""
    where = "[tool.detector]" if path.name == "pyproject.toml" else path.name
    known = {f.name.replace("_", "-") for f in dataclasses.fields(Config)} - {"source"}
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{path}: unknown key {raw_key!r} in {where}{hint}")
        name = f"{path}: {raw_key}"
        if key in ("select", "ignore"):
            if not isinstance(value, (str, list)):
                raise ConfigError(f"{name}: expected a list of rule codes")
            values[key] = parse_codes(value, where=name)
        elif key == "fail-on":
            values["fail_on"] = parse_fail_on(_string(value, name), where=name)
        elif key == "model":
            values["model"] = os.path.realpath(path.parent / _string(value, name))
        elif key == "input-format":
            values["input_format"] = _string(value, name).strip().lower()
        elif key == "format":
            fmt = _string(value, name).strip().lower()
            if fmt not in OUTPUT_FORMATS:
                raise ConfigError(f"{name}: {value!r} is not one of {', '.join(OUTPUT_FORMATS)}")
            values["format"] = fmt
        elif key == "limits":
            if not isinstance(value, dict):
                raise ConfigError(f"{name}: expected a table of limits")
            values["limits"] = Limits.from_table(value, str(path))
    return Config(**values, source=str(path))


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value
