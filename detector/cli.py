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
    _add_gate_commands(commands, common)
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
    from detector.limits import read_capped
    from detector.loaders import STDIN_NAME
    from detector.model import load_model

    if args.inputs.count(STDIN) > 1:
        raise ConfigError("standard input (-) can be read only once")
    if args.jobs == 0:
        raise ConfigError("--jobs: give 1 or more workers, or -1 for one per core")
    config = _config(args)
    selected_rules((rule for check in CHECKS for rule in check.rules), config)
    model = load_model(config.model) if args.jobs == 1 else None
    columns = _columns(args.column)
    data = (
        read_capped(sys.stdin.buffer, STDIN_NAME, config.limits.max_input_bytes)
        if STDIN in args.inputs
        else None
    )
    inputs = iter_inputs(args.inputs, include=args.include, exclude=args.exclude)
    items = iter_articles(
        inputs,
        input_format=config.input_format,
        columns=columns,
        data=data,
        limits=config.limits,
    )
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
    check = check_for(rule.code)
    sys.stdout.write(render_rule(rule, check.doc, params=check.params, color=color, width=width))
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
    config = _file_config(args.inputs, args)
    changes = _flag_changes(args)
    if args.input_format is not None:
        changes["input_format"] = args.input_format
    return dataclasses.replace(config, **changes)


def _file_config(paths: Sequence[str], args: argparse.Namespace) -> Config:
    """The settings file given by ``--config``, or the one found from the first local path."""
    local = [p for p in paths if p != STDIN and "://" not in p]
    return load_config(local[0] if local else None, path=args.config)


def _flag_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The settings that ``score`` and ``check`` share, as given on the command line."""
    changes: dict[str, Any] = {}
    if args.select is not None:
        changes["select"] = parse_codes(args.select, where="--select")
    if args.ignore is not None:
        changes["ignore"] = parse_codes(args.ignore, where="--ignore")
    if args.fail_on is not None:
        changes["fail_on"] = parse_fail_on(args.fail_on, where="--fail-on")
    if args.model is not None:
        changes["model"] = args.model
    if args.format is not None:
        changes["format"] = args.format
    return changes


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


# --- detector check / detector clean: the pre-publish gate (detector.gate, detector.fix) ---

CHECK_EPILOG = """\
exit codes: 0 nothing blocks, 1 a finding at or above --fail-on (default error) or a score
under --min-score (with --diff: a file would change), 2 usage or configuration error, 130
interrupted. Unreadable files are skipped with a note. Settings come from detector.toml or
[tool.detector] in pyproject.toml (see --show-settings); flags win over them.
"""


def _add_gate_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``check`` and ``clean`` to the parser."""
    from detector.render import FORMATS as OUTPUT_FORMATS

    check = commands.add_parser(
        "check",
        parents=[common],
        help="check a tree of articles before publishing (CI, pre-commit)",
        description="Check files and folders of articles; fail on what the settings call blocking.",
        epilog=CHECK_EPILOG,
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the current one)"
    )
    check.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="output: concise (path:line:col lines and a summary; the default), github, "
        "sarif, junit, markdown, json, jsonl, text",
    )
    check.add_argument("--output-file", metavar="FILE", help="write the output to FILE")
    check.add_argument(
        "--fail-on", choices=FAIL_ON_CHOICES, help="the lowest severity that blocks (default error)"
    )
    check.add_argument(
        "--min-score", type=int, metavar="N", help="an article scoring under N fails"
    )
    check.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes")
    check.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes")
    check.add_argument("--config", metavar="PATH", help="read settings from this file")
    check.add_argument("--model", metavar="PATH", help="a paragraph model file")
    check.add_argument(
        "--fix", action="store_true", help="apply safe fixes to the files, then report what is left"
    )
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too"
    )
    check.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; change nothing"
    )
    check.add_argument("--baseline", metavar="FILE", help="report only findings not in FILE")
    check.add_argument(
        "--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0"
    )
    check.add_argument(
        "--diff-base", metavar="REF", help="only files and lines changed since git REF"
    )
    check.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes (default: one per core when there are many files)",
    )
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument(
        "--show-settings", action="store_true", help="print the settings and where each came from"
    )
    check.set_defaults(run=_check)

    clean = commands.add_parser(
        "clean",
        parents=[common],
        help="print an article with the safe fixes applied",
        description="Write the cleaned article to standard output: the file with its safe "
        "fixes applied (Markdown and text keep their markup, front matter and line endings), "
        "or the cleaned text of other formats.",
    )
    clean.add_argument("file", metavar="FILE", help="the article")
    clean.add_argument("--unsafe-fixes", action="store_true", help="apply unsafe fixes too")
    clean.add_argument("--config", metavar="PATH", help="read settings from this file")
    clean.add_argument("--model", metavar="PATH", help="a paragraph model file")
    clean.set_defaults(run=_clean)


def _check_config(args: argparse.Namespace) -> tuple[Config, list[str]]:
    """The settings of a check (file, then flags) and the names of the flags that were given."""
    from detector.policy import DEFAULT_FAIL_ON

    config = _file_config(args.paths, args)
    changes = _flag_changes(args)
    if args.min_score is not None:
        if not 0 <= args.min_score <= 100:
            raise ConfigError(f"--min-score: expected 0 to 100, got {args.min_score}")
        changes["min_score"] = args.min_score
    flags = [key.replace("_", "-") for key in changes]
    from detector.config import file_keys

    in_file = file_keys(config.source) if config.source else frozenset()
    if "fail-on" not in in_file and "fail_on" not in changes:
        changes["fail_on"] = DEFAULT_FAIL_ON
    if "format" not in in_file and "format" not in changes:
        changes["format"] = "concise"
    return dataclasses.replace(config, **changes), flags


def _check(args: argparse.Namespace) -> int:
    from detector.checks import RULES
    from detector.config import check_codes, settings_table
    from detector.engine import selected_rules
    from detector.gate import Baseline, Changes, Gate, repository_root, write_baseline
    from detector.policy import Policy
    from detector.render import get_renderer

    config, flags = _check_config(args)
    selected_rules(RULES.values(), config)
    check_codes(config, RULES)
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise ConfigError("--unsafe-fixes needs --fix or --diff")
    if args.fix and args.diff:
        raise ConfigError("--fix and --diff cannot be combined (--diff changes nothing)")
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError(f"--jobs: expected 1 or more, got {args.jobs}")
    renderer_class = get_renderer(config.format)
    root = repository_root(os.environ.get("GITHUB_WORKSPACE") or None)
    if args.show_settings:
        extra = {"root": (str(root), "git work tree" if (root / ".git").exists() else "cwd")}
        rows = settings_table(config, flags=flags, extra=extra)
        width = max(len(key) for key, _, _ in rows)
        for key, value, origin in rows:
            sys.stdout.write(f"{key:<{width}}  {value}  # {origin}\n")
        return 0
    baseline = Baseline.load(args.baseline) if args.baseline else None
    changes = Changes.since(args.diff_base, root) if args.diff_base else None
    cache = None
    if not args.no_cache:
        import datetime as dt

        from detector.cache import CACHE_DIR, ReportCache

        cache = ReportCache(root / CACHE_DIR, config, today=dt.date.today().isoformat())
    gate = Gate(
        config, root=root, baseline=baseline, changes=changes, rules=list(RULES), cache=cache
    )
    inputs = gate.inputs(args.paths)
    jobs = args.jobs or (min(os.cpu_count() or 1, 8) if len(inputs) >= 16 else 1)
    reports = _gate_reports(gate, inputs, jobs, args)
    if args.write_baseline:
        written = write_baseline(args.write_baseline, reports, root)
        _note(f"wrote {written} findings of {len(inputs)} files to {args.write_baseline}")
        return 0
    fixed = 0
    if args.fix or args.diff:
        fixed, changed = _apply_fixes(reports, gate, args)
        if args.diff:
            return 1 if changed else 0
        if changed:
            again = {r.origin.input: r for r in _gate_reports(gate, changed, jobs, args)}
            reports = [again.get(r.origin.input, r) if r.origin else r for r in reports]
    policy = Policy(config.fail_on, config.min_score)
    out = open(args.output_file, "w", encoding="utf-8") if args.output_file else sys.stdout
    try:
        renderer = renderer_class(
            out,
            color=_color(args) and out is sys.stdout,
            width=_width(),
            policy=policy,
            root=str(root),
            unsafe_fixes=args.unsafe_fixes,
            fixed=fixed,
            array=True,
            step_summary=os.environ.get("GITHUB_STEP_SUMMARY") or None,
        )
        renderer.start()
        for report in reports:
            renderer.add(report)
        renderer.finish()
    finally:
        if out is not sys.stdout:
            out.close()
    if baseline is not None and baseline.stale:
        _note(
            f"{baseline.stale} baseline entries no longer match a finding (rewrite it with "
            "--write-baseline)"
        )
    return 1 if any(policy.fails(report) for report in reports) else 0


def _gate_reports(gate: Any, inputs: list[str], jobs: int, args: argparse.Namespace) -> list[Any]:
    """Analyse the inputs through the gate, with a progress bar on a terminal; note skips."""
    stream = gate.reports(inputs, n_jobs=jobs)
    if sys.stderr.isatty() and len(inputs) > 1:
        stream = _progress(stream, len(inputs))
    reports = []
    for report in stream:
        if report.error is not None:
            _note(f"skipped {report.source}: {report.error}")
        reports.append(report)
    return reports


def _progress(stream: Any, total: int) -> Any:
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task("checking", total=total)
        last = None
        for report in stream:
            current = report.origin.input if report.origin else report.source
            if current != last:
                progress.advance(task)
                last = current
            yield report


def _apply_fixes(reports: list[Any], gate: Any, args: argparse.Namespace) -> tuple[int, list[str]]:
    """Fix (or with --diff, print the diff of) each report's file; return count and paths."""
    from detector.errors import LoadError
    from detector.fix import (
        FIXABLE_FORMATS,
        fix_file,
        is_compressed,
        is_record,
        plan,
        unified_diff,
        write_atomic,
    )

    fixed = 0
    changed: list[str] = []
    unfixable: set[str] = set()
    for report in reports:
        if report.error is not None or report.origin is None:
            continue
        compressed = is_compressed(report)
        if (
            is_record(report) or compressed or report.format not in FIXABLE_FORMATS
        ) and report.findings:
            if report.origin.input not in unfixable:
                unfixable.add(report.origin.input)
                kind = (
                    "records"
                    if is_record(report)
                    else "compressed files"
                    if compressed
                    else f"{report.format} input"
                )
                _note(
                    f"{gate.relative(report.origin.input)}: --fix rewrites plain-text and "
                    f"Markdown files only, not {kind}; left as it is"
                )
            continue
        if not plan(report, unsafe=args.unsafe_fixes):
            continue
        # Safe by construction: a fix rewrites the very file that was read, named on the
        # command line or found by walking a named folder; loaders set ``origin.input`` from
        # that path, never from the content (record formats are not fixable).
        path = report.origin.input
        try:
            result = fix_file(path, report, unsafe=args.unsafe_fixes)
        except LoadError as err:  # a compressed file, an encoding nobody can tell: not this one
            _note(f"{err}; left as it is")
            continue
        if not result.changed:
            continue
        if args.diff:
            sys.stdout.write(unified_diff(result, label=gate.relative(path)))
        else:
            write_atomic(path, result.after, result.encoding)
        fixed += len(plan(report, unsafe=args.unsafe_fixes))
        changed.append(path)
    return fixed, changed


def _clean(args: argparse.Namespace) -> int:
    from detector.batch import analyze_many
    from detector.errors import LoadError
    from detector.fix import FIXABLE_FORMATS, fix_file

    config = load_config(args.file, path=args.config)
    if args.model is not None:
        config = dataclasses.replace(config, model=args.model)
    if not os.path.isfile(args.file):
        raise ConfigError(f"{args.file}: no such file")
    for report in analyze_many([args.file], config=config):
        if report.error is not None:
            raise LoadError(report.error)
        if report.format in FIXABLE_FORMATS:
            result = fix_file(args.file, report, unsafe=args.unsafe_fixes)
            sys.stdout.flush()
            sys.stdout.buffer.write(result.after.encode(result.encoding))
        else:
            sys.stdout.write(report.cleaned_text + "\n")
    sys.stdout.flush()
    return 0


def _note(message: str) -> None:
    sys.stderr.write(f"{PROG}: note: {message}\n")
