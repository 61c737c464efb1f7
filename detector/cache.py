"""Remember the reports of files that did not change, so the next ``detector check`` skips them.

An entry is keyed by the file's bytes, the model file's bytes, the settings that change a report
(:class:`~detector.config.Config` fields, the run's check parameters and date), the rule table
and detector's version: editing the article, retraining the model, changing a setting or
upgrading detector each give new keys, so a stale entry is never read. Entries are JSON (never
pickles: a cache restored in CI must not be able to run code), one file per input, written
atomically under ``.detector_cache/`` at the repository root, which gets its own ``.gitignore``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from detector.article import Origin
from detector.config import Config
from detector.findings import CheckError, Deduction, Finding, Location, Report, Severity
from detector.suppressions import Directive

__all__ = ["CACHE_DIR", "ReportCache", "cached_reports", "report_from_dict"]

logger = logging.getLogger(__name__)

CACHE_DIR = ".detector_cache"


class ReportCache:
    """Reports by input file, under ``folder``, valid for one set of settings and one model."""

    def __init__(self, folder: str | os.PathLike[str], config: Config, *, today: str) -> None:
        from detector import __version__
        from detector.checks import RULES

        self.folder = Path(folder)
        rules = sorted((r.code, r.name, str(r.severity)) for r in RULES.values())
        settings = {
            "version": __version__,
            "model": _model_digest(config.model),
            "config": _settings(config),
            "rules": rules,
            "today": today,
        }
        blob = json.dumps(settings, sort_keys=True, default=str).encode("utf-8")
        self.settings = hashlib.sha256(blob).hexdigest()[:16]
        self.hits = self.misses = 0

    def key(self, path: str) -> str | None:
        """The entry key of a file, or None when it cannot be read (it is then not cached)."""
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        name = os.path.abspath(path).encode("utf-8")
        return hashlib.sha256(self.settings.encode() + b"\0" + name + b"\0" + data).hexdigest()

    def get(self, path: str) -> list[Report] | None:
        """The cached reports of ``path``, or None on a miss."""
        key = self.key(path)
        entry = self._entry(key) if key else None
        if entry is None or not entry.is_file():
            self.misses += 1
            return None
        try:
            items = json.loads(entry.read_text(encoding="utf-8"))
            reports = [report_from_dict(item) for item in items]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.debug("ignoring a bad cache entry %s: %s", entry, exc)
            self.misses += 1
            return None
        self.hits += 1
        # The entry may have been written for the same file named another way.
        return [_renamed(report, path) for report in reports]

    def put(self, path: str, reports: Iterable[Report]) -> None:
        """Store the reports of ``path`` (an unreadable file is never stored)."""
        reports = list(reports)
        key = self.key(path)
        if key is None or any(r.error is not None for r in reports):
            return
        from detector.fix import write_atomic
        from detector.render.json import report_json

        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Written by detector check\n*\n", encoding="utf-8")
            text = "[" + ",".join(report_json(r) for r in reports) + "]"
            write_atomic(entry, text, "utf-8")
        except OSError as exc:  # a read-only tree still gets its check
            logger.debug("cannot write the cache entry %s: %s", entry, exc)

    def _entry(self, key: str) -> Path:
        # Safe by construction: both names are hex digests (of the settings, and of the file's
        # path and bytes), so nothing inside an input can steer the write out of the folder.
        return self.folder / self.settings / key[:2] / f"{key}.json"


def cached_reports(inputs: list[str], store: ReportCache, analyse: Any) -> Iterator[Report]:
    """Yield the reports of ``inputs`` in order: cached ones as stored, the others from
    ``analyse(missing_inputs)`` (reports in input order, one or more per input), which are
    stored as they come."""
    stored = {path: store.get(path) for path in inputs}
    missing = [path for path in inputs if stored[path] is None]
    fresh = iter(analyse(missing)) if missing else iter(())
    pending = next(fresh, None)
    for path in inputs:
        hit = stored[path]
        if hit is not None:
            yield from hit
            continue
        group: list[Report] = []
        # Take the input's reports: the next one always, then those that name the same input.
        while pending is not None and (not group or _input(pending) == _input(group[0])):
            group.append(pending)
            pending = next(fresh, None)
        store.put(path, group)
        yield from group


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """Rebuild a report from its JSON form (:meth:`Report.to_dict`)."""
    from detector.checks import RULES

    findings = []
    for item in data["findings"]:
        rule = RULES[item["rule"]]
        severity = Severity.parse(item["severity"])
        location = item.get("location")
        findings.append(
            Finding(
                rule,
                item["message"],
                paragraphs=tuple(item["paragraphs"]),
                lines=tuple(item["lines"]),
                severity=None if severity is rule.severity else severity,
                evidence=dict(item["evidence"]),
                remove=tuple(item["remove"]),
                location=Location(**location) if location else None,
                fingerprint=item.get("fingerprint", ""),
            )
        )
    origin = data.get("origin")
    return Report(
        source=data["source"],
        score=int(data["score"]),
        verdict=data["verdict"],
        format=data["format"],
        title=data["title"],
        date=data["date"],
        url=data["url"],
        paragraphs=tuple(dict(row) for row in data["paragraphs"]),
        findings=tuple(findings),
        cleaned_text=data["cleaned_text"],
        model=data["model"],
        errors=tuple(CheckError(**e) for e in data["errors"]),
        source_score=int(data.get("source_score", data["score"])),
        deductions=tuple(Deduction(**d) for d in data.get("deductions", ())),
        origin=Origin(**origin) if origin else None,
        error=data.get("error"),
        unused_directives=tuple(
            Directive(frozenset(d["codes"]), d["scope"], d["line"], d["paragraph"], d["origin"])
            for d in data.get("unused_directives", ())
        ),
    )


def _input(report: Report) -> str:
    return report.origin.input if report.origin is not None else report.source


def _renamed(report: Report, path: str) -> Report:
    if report.origin is None or report.origin.input == path:
        return report
    origin = dataclasses.replace(report.origin, input=path)
    findings = tuple(
        dataclasses.replace(f, location=dataclasses.replace(f.location, path=path))
        if f.location is not None and f.location.path == report.origin.input
        else f
        for f in report.findings
    )
    return dataclasses.replace(report, origin=origin, findings=findings, source=path)


def _settings(config: Config) -> dict[str, Any]:
    values = {f.name: getattr(config, f.name) for f in dataclasses.fields(Config)}
    values.pop("source", None)
    return values


@cache
def _model_digest(path: str | None) -> str:
    from detector.model import shipped_model_path

    target = Path(path) if path else shipped_model_path()
    try:
        return hashlib.sha256(target.read_bytes()).hexdigest()
    except OSError:
        return f"missing:{target}"
