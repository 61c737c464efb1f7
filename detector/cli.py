"""The command line: parse arguments, call the library, render, exit.

Exit codes: 0 success; 1 a finding at or above ``--fail-on``; 2 usage, configuration, model or
input error (one line on stderr, ``detector: error: ...``; ``--debug`` shows the traceback
instead); 130 interrupted. When one of several inputs cannot be read, the others are still
reported and the exit code is 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import logging
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from detector.article import Article, Failure
from detector.config import Config, load_config, parse_codes, parse_fail_on
from detector.errors import ConfigError, DetectorError
from detector.findings import Severity

if TYPE_CHECKING:
    from detector.findings import Rule
    from detector.render import Renderer

__all__ = ["build_parser", "main"]

PROG = "detector"
STDIN = "-"
FAIL_ON_CHOICES = ("info", "warning", "error", "never")
EPILOG = """\
exit codes: 0 success, 1 a finding at or above --fail-on, 2 usage, config, model or input
error, 130 interrupted. Settings are read from detector.toml or [tool.detector] in
pyproject.toml, found by walking up from the first input; flags win over them.
"""


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser for ``detector``."""
    from detector import __version__
    from detector.batch import input_formats
    from detector.render import FORMATS as OUTPUT_FORMATS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", help="show tracebacks and debug logging on errors"
    )
    common.add_argument("--no-color", action="store_true", help="never colour the text output")

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Find what scraping broke in an article and say how publishable it is.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score = commands.add_parser(
        "score",
        parents=[common],
        help="score articles and report their findings",
        description="Score articles and report their findings.",
        epilog=EPILOG,
    )
    score.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a file, a folder (walked for articles), a glob, a URL, or - for standard input",
    )
    score.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="output format: text (a terminal report), json (an array for several inputs), "
        "jsonl (one report per line), ... (default text)",
    )
    score.add_argument(
        "--input-format",
        choices=input_formats(),
        help="how to read the inputs (default: guess from the name, then the content)",
    )
    score.add_argument(
        "--model", metavar="PATH", help="a paragraph model file (default: the shipped model)"
    )
    score.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        help="exit 1 when a finding has this severity or higher (default never)",
    )
    score.add_argument(
        "--select", metavar="CODES", help="comma-separated rule codes or prefixes to run"
    )
    score.add_argument(
        "--ignore", metavar="CODES", help="comma-separated rule codes or prefixes to skip"
    )
    score.add_argument(
        "--config", metavar="PATH", help="read settings from this file instead of searching"
    )
    score.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders and globs, read only files matching this pattern (repeatable)",
    )
    score.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders and globs, skip files matching this pattern (repeatable)",
    )
    score.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        help="read a record field from another column of JSON Lines, CSV or Parquet inputs, "
        "e.g. text=body (repeatable)",
    )
    score.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="score in N worker processes, each loading the model once (default 1; -1: one "
        "per core)",
    )
    score.set_defaults(run=_score)

    rule = commands.add_parser(
        "rule",
        parents=[common],
        help="explain a rule, or list every rule",
        description="Print a rule's documentation, or list every rule when no code is given.",
    )
    rule.add_argument("code", nargs="?", metavar="CODE", help="a rule code (TI001) or name")
    rule.set_defaults(run=_rule)
    _add_audit(commands, common)
    return parser


AUDIT_COLUMNS = ("text", "html", "title", "date", "url", "id")


def _add_audit(commands: Any, common: argparse.ArgumentParser) -> None:
    from detector.batch import input_formats

    audit = commands.add_parser(
        "audit",
        parents=[common],
        help="score every record of archives and exports into tables and a report",
        description="Score every record of WARC files, folders and JSONL/CSV/Parquet exports; "
        "write articles.parquet, findings.parquet and report.html into --out. A rerun with the "
        "same arguments resumes where a killed run stopped.",
        epilog=EPILOG,
    )
    audit.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders or globs")
    audit.add_argument("--out", metavar="DIR", help="the output folder (created)")
    audit.add_argument(
        "--summary", metavar="DIR", help="print the headline numbers of a finished audit"
    )
    audit.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: all cores)",
    )
    audit.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on this Dask cluster (needs detector[dask])"
    )
    audit.add_argument("--input-format", choices=input_formats(), help="how to read the inputs")
    for field in AUDIT_COLUMNS:
        audit.add_argument(
            f"--{field}-column",
            metavar="NAME",
            help=f"the column holding the {field} in JSONL/CSV/Parquet exports",
        )
    audit.add_argument(
        "--time-limit", type=float, default=30.0, metavar="S", help="seconds per record (0: none)"
    )
    audit.add_argument(
        "--max-record-bytes",
        type=int,
        default=5_000_000,
        metavar="N",
        help="larger WARC records become error rows unread",
    )
    audit.add_argument(
        "--records-per-shard", type=int, default=1000, metavar="N", help="WARC records per shard"
    )
    audit.add_argument(
        "--chunk-records", type=int, default=500, metavar="N", help="records per output part"
    )
    audit.add_argument("--model", metavar="PATH", help="a paragraph model file")
    audit.add_argument("--select", metavar="CODES", help="rule codes or prefixes to run")
    audit.add_argument("--ignore", metavar="CODES", help="rule codes or prefixes to skip")
    audit.add_argument("--config", metavar="PATH", help="read settings from this file")
    audit.set_defaults(run=_audit, format=None, fail_on=None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    args = build_parser().parse_args(argv)
    logger = logging.getLogger("detector")
    level = logger.level
    handler = _log_to_stderr(logger, debug=args.debug)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except DetectorError as exc:
        if args.debug:
            raise
        _error(str(exc))
        return 2
    except BrokenPipeError:
        # The reader went away (``| head``): silence the flush at exit, as the Python docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _score(args: argparse.Namespace) -> int:
    from detector.batch import analyze_many, iter_articles, iter_inputs
    from detector.checks import CHECKS
    from detector.engine import selected_rules
    from detector.model import load_model

    if args.inputs.count(STDIN) > 1:
        raise ConfigError("standard input (-) can be read only once")
    if args.jobs == 0:
        raise ConfigError("--jobs: give 1 or more workers, or -1 for one per core")
    config = _config(args)
    selected_rules((rule for check in CHECKS for rule in check.rules), config)
    model = load_model(config.model) if args.jobs == 1 else None
    columns = _columns(args.column)
    data = sys.stdin.buffer.read() if STDIN in args.inputs else None
    inputs = iter_inputs(args.inputs, include=args.include, exclude=args.exclude)
    items = iter_articles(inputs, input_format=config.input_format, columns=columns, data=data)
    if args.debug:
        items = _raise_failures(items)
    renderer = _renderer(config.format, args, several=len(args.inputs) > 1)
    renderer.start()
    failed = False
    worst: Severity | None = None
    for report in analyze_many(items, config=config, model=model, n_jobs=args.jobs, checks=CHECKS):
        if report.error is not None:
            _error(report.error)
            failed = True
        if report.error is None or renderer.rows_for_errors:
            renderer.add(report)
        worst = _worse(worst, report.worst_severity())
    renderer.finish()
    if failed:
        return 2
    return 1 if config.fail_on is not None and worst is not None and worst >= config.fail_on else 0


def _raise_failures(items: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
    """With --debug, an unreadable input stops the run with its traceback."""
    for item in items:
        if isinstance(item, Failure) and item.exception is not None:
            raise item.exception
        yield item


def _columns(pairs: Sequence[str]) -> dict[str, str]:
    """Read ``--column FIELD=NAME`` flags."""
    columns = {}
    for pair in pairs:
        field, sep, name = pair.partition("=")
        if not sep or not field.strip() or not name.strip():
            raise ConfigError(f"--column: expected FIELD=NAME, got {pair!r}")
        columns[field.strip()] = name.strip()
    return columns


def _rule(args: argparse.Namespace) -> int:
    from detector.checks import RULES, check_for
    from detector.render.text import render_rule, render_rules

    color, width = _color(args), _width()
    if args.code is None:
        sys.stdout.write(render_rules(RULES.values(), color=color, width=width))
        return 0
    rule = _find_rule(args.code, RULES)
    sys.stdout.write(render_rule(rule, check_for(rule.code).doc, color=color, width=width))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from detector.audit.summary import format_summary

    if args.summary is not None:
        sys.stdout.write(format_summary(args.summary))
        return 0
    if not args.inputs or not args.out:
        raise ConfigError("audit needs INPUT... and --out DIR (or --summary DIR)")
    from detector.audit import AuditOptions, run_audit
    from detector.audit.progress import show_progress

    columns = tuple(
        (field, name)
        for field in AUDIT_COLUMNS
        if (name := getattr(args, f"{field}_column")) is not None
    )
    for flag, value in (
        ("--records-per-shard", args.records_per_shard),
        ("--chunk-records", args.chunk_records),
    ):
        if value < 1:
            raise ConfigError(f"{flag} must be at least 1")
    options = AuditOptions(
        config=_config(args),
        time_limit=args.time_limit or None,
        input_format=args.input_format,
        columns=columns,
        max_record_bytes=args.max_record_bytes,
        chunk_records=args.chunk_records,
        records_per_shard=args.records_per_shard,
    )
    jobs = args.jobs if args.jobs is not None else _cores()
    if jobs < 1:
        raise ConfigError("-j must be at least 1")
    runs = run_audit(args.inputs, args.out, options=options, n_jobs=jobs, scheduler=args.scheduler)
    final = show_progress(runs, live=sys.stderr.isatty())
    sys.stdout.write(
        f"audited {final.records:,} records ({final.errors:,} errors, {final.skipped:,} skipped) "
        f"in {final.shards} shards: {args.out}\n"
    )
    return 0


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _find_rule(wanted: str, rules: dict[str, Rule]) -> Rule:
    """Look a rule up by code (any case) or kebab-case name."""
    key = wanted.strip()
    if key.upper() in rules:
        return rules[key.upper()]
    by_name = {rule.name: rule for rule in rules.values()}
    if key.lower() in by_name:
        return by_name[key.lower()]
    close = difflib.get_close_matches(key.upper(), list(rules), n=1) or difflib.get_close_matches(
        key.lower(), list(by_name), n=1
    )
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ConfigError(f"unknown rule {wanted!r}{hint}; `detector rule` lists them")


def _config(args: argparse.Namespace) -> Config:
    """Read the settings file and apply the flags given on the command line over it."""
    local = [s for s in args.inputs if s != STDIN and "://" not in s]
    config = load_config(local[0] if local else None, path=args.config)
    changes: dict[str, Any] = {}
    if args.select is not None:
        changes["select"] = parse_codes(args.select, where="--select")
    if args.ignore is not None:
        changes["ignore"] = parse_codes(args.ignore, where="--ignore")
    if args.fail_on is not None:
        changes["fail_on"] = parse_fail_on(args.fail_on, where="--fail-on")
    if args.model is not None:
        changes["model"] = args.model
    if args.input_format is not None:
        changes["input_format"] = args.input_format
    if args.format is not None:
        changes["format"] = args.format
    return dataclasses.replace(config, **changes)


def _renderer(name: str, args: argparse.Namespace, *, several: bool) -> Renderer:
    """Build the renderer registered as ``name``, writing to standard output."""
    from detector.render import get_renderer

    return get_renderer(name)(sys.stdout, color=_color(args), width=_width(), array=several)


def _worse(a: Severity | None, b: Severity | None) -> Severity | None:
    return b if a is None or (b is not None and b > a) else a


def _color(args: argparse.Namespace) -> bool:
    return not args.no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _error(message: str) -> None:
    first_line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    sys.stderr.write(f"{PROG}: error: {first_line}\n")


def _log_to_stderr(logger: logging.Logger, *, debug: bool) -> logging.Handler:
    """Show the library's warnings (and with ``--debug`` its debug log) on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"{PROG}: %(levelname)s: %(message)s"))
    handler.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.addHandler(handler)
    if debug:
        logger.setLevel(logging.DEBUG)
    return handler
