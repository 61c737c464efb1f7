"""The pre-publish gate: which files ``detector check`` reads, and what it does to the reports.

:class:`Gate` sits on the batch layer (:func:`detector.batch.analyze_many`) and adds what a
repository's CI needs around it:

- **Inputs.** Paths as given, folders walked by :func:`detector.batch.iter_inputs`, then
  filtered: ``exclude`` globs and the repository's ``.gitignore`` files apply to every path,
  ``include`` globs only choose among the files found in folders (a file named on the command
  line is checked whatever its name). Globs are gitignore-style, relative to the config file's
  directory. A named path that does not exist is a usage error.
- **Identity.** Each finding's fingerprint is recomputed with the path relative to the
  repository root, so that ``check .``, ``check content/`` and a pre-commit run name a finding
  alike, and a baseline written by one matches the others.
- **Unused suppressions.** A directive that silenced nothing becomes an SU001 finding at its
  line (as ruff's RUF100 does), when every code it names is selected for the file.
- **Baseline.** Findings recorded in a baseline are dropped (matched by file, rule and
  fingerprint, so a moved line still matches); entries of checked files that matched nothing
  are counted as stale.
- **Cache.** With a :class:`~detector.cache.ReportCache`, unchanged files are not analysed.
- **Changes.** With ``--diff-base``, only files changed since a git ref are checked, and only
  findings on changed lines (or about the whole file) are kept.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.checks.suppressions import UNUSED_SUPPRESSION
from detector.config import Config
from detector.engine import is_selected
from detector.errors import ConfigError
from detector.findings import Finding, Location, Report, fingerprint
from detector.render.places import relative_path

__all__ = [
    "BASELINE_SCHEMA",
    "Baseline",
    "Changes",
    "Gate",
    "GitIgnore",
    "repository_root",
    "write_baseline",
]

BASELINE_SCHEMA = "detector.baseline/1"


def repository_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The root of the git work tree holding ``start`` (default the cwd), else ``start``."""
    here = Path(start or ".").resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


class GitIgnore:
    """The ``.gitignore`` files of a work tree, matched as git does (nearest file last)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._specs: dict[Path, Any] = {}

    def ignored(self, path: str | os.PathLike[str]) -> bool:
        """Whether git ignores ``path`` (False outside the work tree)."""
        absolute = Path(path).resolve()
        try:
            relative = absolute.relative_to(self.root)
        except ValueError:
            return False
        if ".git" in relative.parts:
            return True
        verdict = False
        folder = self.root
        for part in (None, *relative.parts[:-1]):
            folder = folder / part if part else folder
            spec = self._spec(folder)
            if spec is None:
                continue
            inner = absolute.relative_to(folder).as_posix()
            result = spec.check_file(inner)
            if result.include is not None:
                verdict = bool(result.include)
        return verdict

    def _spec(self, folder: Path) -> Any:
        if folder not in self._specs:
            from pathspec import GitIgnoreSpec

            file = folder / ".gitignore"
            spec = None
            if file.is_file():
                lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
                spec = GitIgnoreSpec.from_lines(lines)
            self._specs[folder] = spec
        return self._specs[folder]


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed since a git ref: changed lines per file (None: the whole file is new)."""

    ref: str
    files: Mapping[str, frozenset[int] | None]

    @classmethod
    def since(cls, ref: str, root: Path) -> Changes:
        """Ask git what changed in the work tree (staged or not) since ``ref``, and what is new."""
        diff = _git(root, "diff", "--no-color", "--no-ext-diff", "--unified=0", ref, "--")
        files: dict[str, set[int] | None] = {}
        current: str | None = None
        for line in diff.splitlines():
            if line.startswith("+++ "):
                name = line[4:].strip()
                current = None if name == "/dev/null" else name.removeprefix("b/")
                if current is not None:
                    files.setdefault(current, set())
            elif line.startswith("@@") and current is not None:
                added = line.split(" ")[2]  # +start[,count]
                start, _, count = added[1:].partition(",")
                lines = files[current]
                if lines is not None:
                    lines.update(range(int(start), int(start) + int(count or 1)))
        untracked = _git(root, "ls-files", "--others", "--exclude-standard")
        for name in untracked.splitlines():
            files[name] = None
        return cls(ref, {k: frozenset(v) if v is not None else None for k, v in files.items()})

    def touches(self, path: str) -> bool:
        """Whether the file at ``path`` (relative to the root) changed."""
        return path in self.files

    def keeps(self, finding: Finding, path: str) -> bool:
        """Whether a finding of a changed file lies on a changed line (or has no line)."""
        lines = self.files.get(path)
        location = finding.location
        if lines is None or location is None or location.line is None or not finding.paragraphs:
            return True
        end = location.end_line or location.line
        return any(n in lines for n in range(location.line, end + 1))


@dataclass
class Baseline:
    """Known findings to let through: ``(path, rule, fingerprint) -> count``."""

    entries: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    source: str | None = None
    _matched: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    _checked: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline file written by :func:`write_baseline`; ConfigError if it is not one."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"baseline {path}: not JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
            raise ConfigError(f"baseline {path}: not a {BASELINE_SCHEMA} file")
        entries: Counter[tuple[str, str, str]] = Counter()
        for item in data.get("findings", []):
            try:
                key = (str(item["path"]), str(item["rule"]), str(item["fingerprint"]))
                entries[key] += int(item.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"baseline {path}: malformed entry {item!r}") from None
        return cls(entries, source=str(path))

    def admit(self, finding: Finding, path: str) -> bool:
        """Whether the finding is new (not in the baseline); a matched entry is used up."""
        self._checked.add(path)
        key = (path, finding.rule.code, finding.fingerprint)
        if self._matched[key] < self.entries.get(key, 0):
            self._matched[key] += 1
            return False
        return True

    def visit(self, path: str) -> None:
        """Note that a file is being checked, afresh: its entries are all unmatched again
        (a file checked again after ``--fix`` is matched anew), and stale until they match."""
        self._checked.add(path)
        for key in [key for key in self._matched if key[0] == path]:
            del self._matched[key]

    @property
    def stale(self) -> int:
        """Entries of the files checked that matched no finding."""
        return sum(
            count - self._matched[key]
            for key, count in self.entries.items()
            if key[0] in self._checked
        )


def write_baseline(path: str | os.PathLike[str], reports: Iterable[Report], root: Path) -> int:
    """Record the findings of ``reports`` as a baseline; return how many were written."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for report in reports:
        if report.error is not None:
            continue
        name = _report_path(report, root)
        for finding in report.findings:
            counts[(name, finding.rule.code, finding.fingerprint)] += 1
    items = [
        {"path": p, "rule": r, "fingerprint": f, "count": n}
        for (p, r, f), n in sorted(counts.items())
    ]
    document = {"schema": BASELINE_SCHEMA, "findings": items}
    from detector.fix import write_atomic

    write_atomic(path, json.dumps(document, indent=2) + "\n", "utf-8")
    return sum(counts.values())


class Gate:
    """Choose the inputs of a check and post-process its reports (see the module docstring)."""

    def __init__(
        self,
        config: Config,
        *,
        root: Path | None = None,
        baseline: Baseline | None = None,
        changes: Changes | None = None,
        rules: Sequence[str] = (),
        cache: Any = None,
    ) -> None:
        self.config = config
        self.root = (root or repository_root()).resolve()
        self.baseline = baseline
        self.changes = changes
        self.rules = tuple(rules)
        self.cache = cache
        self.gitignore = GitIgnore(self.root)
        self.skipped = 0

    def inputs(self, paths: Sequence[str]) -> list[str]:
        """The files to check for ``paths`` (default the cwd), in order, each once."""
        from detector.batch import iter_inputs

        chosen: list[str] = []
        for given in paths or ["."]:
            if given == "-":
                raise ConfigError("check reads files; `detector score -` reads standard input")
            if "://" in given:
                chosen.append(given)
                continue
            if not os.path.exists(given):
                raise ConfigError(f"{given}: no such file or directory")
            walked = os.path.isdir(given)
            for path in iter_inputs([given]):
                if self._wanted(path, walked=walked):
                    chosen.append(path)
        unique = list(dict.fromkeys(chosen))
        if self.changes is not None:
            unique = [p for p in unique if self.changes.touches(self.relative(p))]
        return unique

    def relative(self, path: str) -> str:
        """A path relative to the repository root (as given when outside it)."""
        return relative_path(path, self.root)

    def reports(
        self, inputs: Iterable[str], *, n_jobs: int = 1, model: Any = None, context: Any = None
    ) -> Iterator[Report]:
        """Analyse the inputs with the batch layer and yield the gate's reports, in order.

        With a :class:`~detector.cache.ReportCache`, files whose entry is valid are not
        analysed again (and the model is not even loaded when every file hits).
        """
        from detector.batch import analyze_many

        def analyse(paths: Iterable[str]) -> Iterator[Report]:
            return analyze_many(
                paths, config=self.config, model=model, context=context, n_jobs=n_jobs
            )

        if self.cache is not None:
            from detector.cache import cached_reports

            stream = cached_reports(list(inputs), self.cache, analyse)
        else:
            stream = analyse(inputs)
        for report in stream:
            yield self.process(report)

    def process(self, report: Report) -> Report:
        """Re-key fingerprints, add unused suppressions, drop baseline and unchanged findings."""
        if report.error is not None:
            self.skipped += 1
            return report
        path = _report_path(report, self.root)
        findings = [self._rekey(f, report, path) for f in report.findings]
        findings += self._unused(report, path)
        if self.changes is not None:
            findings = [f for f in findings if self.changes.keeps(f, path)]
        if self.baseline is not None:
            self.baseline.visit(path)
            findings = [f for f in findings if self.baseline.admit(f, path)]
        if findings == list(report.findings):
            return report
        return dataclasses.replace(report, findings=tuple(findings))

    def _wanted(self, path: str, *, walked: bool) -> bool:
        from pathspec import GitIgnoreSpec

        from detector.loaders.compressed import is_gzip_name

        relative = relative_path(path, self.config.root)
        if self.config.exclude and GitIgnoreSpec.from_lines(self.config.exclude).match_file(
            relative
        ):
            return False
        if self.gitignore.ignored(path):
            return False
        if walked and is_gzip_name(path) and not self.config.include:
            # a site's build leaves page.html.gz beside page.html (gzip_static): not a source
            # article; named on the command line, or matched by ``include``, it is checked
            return False
        if walked and self.config.include:
            return GitIgnoreSpec.from_lines(self.config.include).match_file(relative)
        return True

    def _rekey(self, finding: Finding, report: Report, path: str) -> Finding:
        rows = {row["index"]: row for row in report.paragraphs}
        indexes = sorted(set(finding.paragraphs or finding.remove))
        flagged = " ".join(str(rows[i]["text"]) for i in indexes if i in rows)
        key = fingerprint(finding.rule.code, flagged, _document(report, path))
        return dataclasses.replace(finding, fingerprint=key)

    def _unused(self, report: Report, path: str) -> list[Finding]:
        code = UNUSED_SUPPRESSION.code
        ignored = self.config.ignored_in(self.root / path)
        if not is_selected(code, self.config.select, self.config.ignore + ignored):
            return []
        selected = [
            c
            for c in self.rules
            if is_selected(c, self.config.select, self.config.ignore + ignored)
        ]
        found = []
        for directive in report.unused_directives:
            names = sorted(directive.codes)
            if not all(any(c.startswith(p) for c in selected) for p in names):
                continue  # a directive for a rule not run here cannot be judged unused
            written = ", ".join(names)
            scope = "the whole file" if directive.scope == "file" else "the next paragraph"
            how = {"front_matter": "front-matter", "comment": "comment"}.get(directive.origin, "")
            found.append(
                Finding(
                    UNUSED_SUPPRESSION,
                    f"Unused suppression: the {how + ' ' if how else ''}directive ignoring "
                    f"{written} in {scope} silences nothing; remove it, or the codes that no "
                    "longer fire.",
                    lines=(directive.line,) if directive.line is not None else (),
                    evidence={
                        "codes": names,
                        "scope": directive.scope,
                        "origin": directive.origin,
                    },
                    location=Location(
                        path=report.origin.input if report.origin else report.source,
                        line=directive.line or 1,
                        end_line=directive.line or 1,
                    ),
                    fingerprint=fingerprint(
                        code, f"{directive.scope}:{written}", _document(report, path)
                    ),
                )
            )
        return found


def _document(report: Report, path: str) -> str:
    origin = report.origin
    record = ""
    if origin is not None:
        record = origin.record_id or (str(origin.record) if origin.record is not None else "")
    return f"{path}\x1f{record}"


def _report_path(report: Report, root: Path) -> str:
    origin = report.origin
    return relative_path(origin.input if origin is not None else report.source, root)


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ConfigError(f"--diff-base needs git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[0]
        raise ConfigError(f"git {args[0]}: {message}")
    return done.stdout
