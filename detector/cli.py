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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from detector.config import OUTPUT_FORMATS, Config, load_config, parse_codes, parse_fail_on
from detector.errors import ConfigError, DetectorError, LoadError
from detector.findings import Severity

if TYPE_CHECKING:
    from detector.findings import Report, Rule

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
    from detector.loaders import FORMATS

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
        help="a file, a URL, or - for standard input",
    )
    score.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="output: a terminal report, JSON (an array for several inputs), or JSON Lines "
        "(default text)",
    )
    score.add_argument(
        "--input-format",
        choices=FORMATS,
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
    score.set_defaults(run=_score)

    rule = commands.add_parser(
        "rule",
        parents=[common],
        help="explain a rule, or list every rule",
        description="Print a rule's documentation, or list every rule when no code is given.",
    )
    rule.add_argument("code", nargs="?", metavar="CODE", help="a rule code (TI001) or name")
    rule.set_defaults(run=_rule)
    return parser


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
    from detector.checks import CHECKS
    from detector.engine import analyze, selected_rules
    from detector.loaders import read
    from detector.model import load_model

    if args.inputs.count(STDIN) > 1:
        raise ConfigError("standard input (-) can be read only once")
    config = _config(args)
    selected_rules((rule for check in CHECKS for rule in check.rules), config)
    model = load_model(config.model)
    output = _Output(config.format, color=_color(args), several=len(args.inputs) > 1)
    failed = False
    for source in args.inputs:
        try:
            data = _stdin(config) if source == STDIN else None
            for article in read(
                source, data=data, input_format=config.input_format, limits=config.limits
            ):
                output.add(analyze(article, model=model, config=config, checks=CHECKS))
        except LoadError as exc:
            if args.debug:
                raise
            _error(str(exc))
            failed = True
    output.close(failed=failed)
    if failed:
        return 2
    worst = output.worst
    return 1 if config.fail_on is not None and worst is not None and worst >= config.fail_on else 0


def _stdin(config: Config) -> bytes:
    from detector.limits import read_capped
    from detector.loaders import STDIN_NAME

    return read_capped(sys.stdin.buffer, STDIN_NAME, config.limits.max_input_bytes)


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


class _Output:
    """Write reports as they come (text, jsonl) or at the end (a JSON document).

    Only a JSON document keeps the reports; otherwise only their worst severity is kept.
    """

    def __init__(self, fmt: str, *, color: bool, several: bool) -> None:
        self.format = fmt
        self.color = color
        self.several = several
        self.count = 0
        self.worst: Severity | None = None
        self.reports: list[Report] = []

    def add(self, report: Report) -> None:
        if self.format == "text":
            from detector.render.text import render_text

            if self.count:
                sys.stdout.write("\n")
            sys.stdout.write(render_text([report], color=self.color, width=_width()))
        elif self.format == "jsonl":
            from detector.render.json import render_jsonl

            sys.stdout.write(render_jsonl([report]))
            sys.stdout.flush()
        else:
            self.reports.append(report)
        self.count += 1
        worst = report.worst_severity()
        if worst is not None and (self.worst is None or worst > self.worst):
            self.worst = worst

    def close(self, *, failed: bool) -> None:
        """Write the JSON document, unless every input failed."""
        if self.format == "json" and (self.reports or not failed):
            from detector.render.json import render_json

            array = self.several or len(self.reports) != 1
            sys.stdout.write(render_json(self.reports, array=array))
        sys.stdout.flush()


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
