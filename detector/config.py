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
    furniture = ["Sign up for The Morning*"]  # the site's own furniture: always boilerplate
    [tool.detector.limits]     # bounds on one input (see detector.limits), 0 switches one off
    max-input-bytes = 10_000_000
    time-limit = 30
    [tool.detector.params]     # numbers the checks use (``detector rule CODE`` shows its own)
    body-min-words = 30        # SZ001: fewer words of story text is too short (default 50)

Keys of ``detector check`` (the pre-publish gate)::

    min-score = 70             # an article scoring under this fails the check
    include = ["content/**/*.md"]  # in folders, check only files matching one of these
    exclude = ["drafts/"]      # never check these (gitignore-style globs)
    [tool.detector.severity]   # per-rule (or prefix) severity overrides
    TI001 = "error"
    DT = "info"
    [tool.detector.per-file-ignores]   # codes to drop in files matching a glob
    "archive/**" = ["DT", "NM001"]

Globs are gitignore-style patterns relative to the directory of the config file.

Unknown keys are errors with a suggestion, as in pip-tools (``piptools/utils.py``).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.errors import ConfigError, did_you_mean
from detector.findings import Severity
from detector.limits import DEFAULT_LIMITS, Limits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "CONFIG_FILES",
    "Config",
    "check_codes",
    "parse_params",
    "file_keys",
    "settings_table",
    "find_config",
    "load_config",
    "parse_codes",
    "parse_fail_on",
]

#: Config file names looked for in each directory, first match wins.
CONFIG_FILES = ("detector.toml", "pyproject.toml")
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
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_score: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: Check parameters by name (:data:`detector.checks.PARAMETERS`), as ``[params]`` sets them.
    params: Mapping[str, Any] = field(default_factory=dict)
    #: The site's own furniture: paragraphs matching one of these patterns (whole paragraph,
    #: case and spacing aside, ``*`` for any text) are boilerplate whatever the model says.
    furniture: tuple[str, ...] = ()

    @property
    def root(self) -> Path:
        """The directory that globs are relative to: the config file's, else the cwd."""
        return Path(self.source).parent if self.source else Path.cwd()

    def severity_for(self, code: str) -> Severity | None:
        """The overridden severity of a rule: the longest matching prefix wins; None if none."""
        matches = [prefix for prefix in self.severity if code.startswith(prefix)]
        return self.severity[max(matches, key=len)] if matches else None

    def ignored_in(self, path: str | os.PathLike[str]) -> tuple[str, ...]:
        """The codes ``per-file-ignores`` drops in ``path`` (globs relative to :attr:`root`)."""
        if not self.per_file_ignores:
            return ()
        from pathspec import GitIgnoreSpec

        relative = _relative(path, self.root)
        codes: list[str] = []
        for glob, prefixes in self.per_file_ignores.items():
            if GitIgnoreSpec.from_lines([glob]).match_file(relative):
                codes.extend(prefixes)
        return tuple(dict.fromkeys(codes))


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
            hint = did_you_mean(key, known)
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
            from detector.render import FORMATS

            if fmt not in FORMATS:
                raise ConfigError(f"{name}: {value!r} is not one of {', '.join(FORMATS)}")
            values["format"] = fmt
        elif key == "limits":
            if not isinstance(value, dict):
                raise ConfigError(f"{name}: expected a table of limits")
            values["limits"] = Limits.from_table(value, str(path))
        elif key == "params":
            values["params"] = parse_params(value, where=name)
        elif key == "furniture":
            values["furniture"] = _patterns(value, name, "paragraph patterns")
        else:
            values.update(_check_keys(key, value, name))
    return Config(**values, source=str(path))


def parse_params(table: Any, *, where: str) -> dict[str, Any]:
    """Validate a table of check parameters (name = value) against the checks' declarations."""
    from detector.checks import PARAMETERS

    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of parameter = value")
    params: dict[str, Any] = {}
    for raw, value in table.items():
        key = raw.replace("_", "-")
        parameter = PARAMETERS.get(key)
        if parameter is None:
            raise ConfigError(f"{where}: unknown parameter {raw!r}{did_you_mean(key, PARAMETERS)}")
        try:
            params[key] = parameter.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{where}.{raw}: {exc}") from None
    return params


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value


#: Keys read by :func:`_check_keys` (the ``detector check`` settings).
CHECK_KEYS = ("severity", "per-file-ignores", "min-score", "include", "exclude")


def _check_keys(key: str, value: Any, name: str) -> dict[str, Any]:
    """Validate one of the ``detector check`` keys and return it as Config fields."""
    if key == "severity":
        if not isinstance(value, dict):
            raise ConfigError(f"{name}: expected a table of rule code = severity")
        overrides: dict[str, Severity] = {}
        for code, level in value.items():
            prefixes = parse_codes([code], where=name)
            if not prefixes:
                raise ConfigError(f"{name}: an empty rule code")
            try:
                overrides[prefixes[0]] = Severity.parse(_string(level, f"{name}.{code}"))
            except ValueError as exc:
                raise ConfigError(f"{name}.{code}: {exc}") from None
        return {"severity": overrides}
    if key == "per-file-ignores":
        if not isinstance(value, dict):
            raise ConfigError(f"{name}: expected a table of glob = [rule codes]")
        ignores: dict[str, tuple[str, ...]] = {}
        for glob, codes in value.items():
            if not isinstance(codes, (str, list)):
                raise ConfigError(f"{name}.{glob!r}: expected a list of rule codes")
            ignores[glob] = parse_codes(codes, where=f"{name}.{glob!r}")
        return {"per_file_ignores": ignores}
    if key == "min-score":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ConfigError(f"{name}: expected a whole number from 0 to 100, got {value!r}")
        return {"min_score": value}
    return {key: _patterns(value, name, "glob patterns")}  # include, exclude


def _patterns(value: Any, name: str, what: str) -> tuple[str, ...]:
    """A string or a list of non-empty strings, as a tuple; ConfigError naming ``what`` else."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise ConfigError(f"{name}: expected a list of {what}")
    return tuple(items)


def check_codes(config: Config, codes: Iterable[str]) -> None:
    """Raise ConfigError when a severity override or per-file ignore names no known rule."""
    known = sorted(codes)
    where = config.source or "settings"
    named = [("severity", code) for code in config.severity] + [
        (f"per-file-ignores.{glob!r}", code)
        for glob, prefixes in config.per_file_ignores.items()
        for code in prefixes
    ]
    for key, prefix in named:
        if not any(code.startswith(prefix) for code in known):
            close = difflib.get_close_matches(prefix, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(f"{where}: {key}: no rule code starts with {prefix!r}{hint}")


def file_keys(path: str | os.PathLike[str]) -> frozenset[str]:
    """The keys a config file sets (``-`` spelling), to say where each setting came from."""
    table = _table(Path(path)) or {}
    return frozenset(key.replace("_", "-") for key in table)


def _relative(path: str | os.PathLike[str], root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form, or as given when it lies outside."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def settings_table(
    config: Config, *, flags: Iterable[str] = (), extra: Mapping[str, tuple[Any, str]] = {}
) -> list[tuple[str, str, str]]:
    """List ``(key, value, origin)`` for every setting: where each came from, for humans.

    ``flags`` are the keys set on the command line; ``extra`` adds run settings that are not
    config keys, each a (value, origin) pair. The origin is the flag, the config file, or
    ``default``.
    """
    given = set(flags)
    in_file = file_keys(config.source) if config.source else frozenset()
    rows = []
    for item in dataclasses.fields(Config):
        if item.name == "source":
            continue
        key = item.name.replace("_", "-")
        value = getattr(config, item.name)
        if key in given:
            origin = f"--{key}"
        elif key in in_file:
            origin = str(config.source)
        else:
            origin = "default"
        rows.append((key, _show(value), origin))
    rows += [(key, _show(value), origin) for key, (value, origin) in extra.items()]
    return rows


def _show(value: Any) -> str:
    """A setting's value, written as in TOML."""
    if value is None:
        return "(none)"
    if isinstance(value, Severity):
        return f'"{value}"'
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    return str(value)
