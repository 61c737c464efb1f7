"""Analyse an article: classify its paragraphs, run the selected checks, score, and report.

Rule selection follows flake8's ``DecisionEngine``: ``select`` and ``ignore`` hold codes or
prefixes, the longest prefix matching a code decides, and a tie goes to ``ignore``. An empty
``select`` selects every rule. A check runs when one of its rules is selected and what it
``requires`` is present; otherwise the report records why it was skipped. A check that raises
is recorded in ``Report.errors`` and the other checks still run.

Inline suppression, for plain-text and Markdown inputs only: a paragraph that is exactly a
directive is taken out of the article before analysis (its line numbers stay those of the input)
and silences findings of the listed codes or prefixes::

    <!-- detector: ignore BP001,TI001 -->    the next paragraph
    <!-- detector: ignore-file DT -->         the whole file

The ``<!-- -->`` wrapper is optional. A finding is silenced when a silenced paragraph is among
those it points at or removes. A line that does not match this syntax is ordinary text.

The report's ``date`` is the date the source stamps, else the ``stamp`` that a reported finding
carries in its evidence, else the date written in the first paragraph judged a dateline, else
None.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from detector.article import Article, Paragraph
from detector.config import Config
from detector.errors import ConfigError, ModelError
from detector.findings import CheckError, Finding, Report, Rule, Verdict
from detector.limits import check_article, time_limit
from detector.scoring import score

if TYPE_CHECKING:
    # detector.checks imports every check module; the engine loads it on first use only.
    from detector.checks.base import Analysis, Check

__all__ = [
    "Suppressions",
    "analyze",
    "analyze_path",
    "is_selected",
    "selected_rules",
    "strip_directives",
]

logger = logging.getLogger(__name__)

#: Formats whose inputs may carry inline suppression directives.
DIRECTIVE_FORMATS = frozenset({"text", "markdown"})
_DIRECTIVE = re.compile(
    r"\s*(?:<!--\s*)?detector:\s*(?P<scope>ignore-file|ignore)\s+"
    r"(?P<codes>[A-Za-z]{1,2}[0-9]{0,3}(?:\s*,\s*[A-Za-z]{1,2}[0-9]{0,3})*)\s*(?:-->)?\s*",
    re.IGNORECASE,
)
_NEEDS = {"title": "a title", "date": "a date", "html": "HTML input"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Model(Protocol):
    """What the engine needs from a paragraph model."""

    name: str

    def predict(self, article: Article) -> Sequence[Verdict]: ...


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Decide whether a rule code is selected: the longest matching prefix wins, ties ignore."""
    chosen = max((len(p) for p in select if code.startswith(p)), default=None) if select else 0
    if chosen is None:
        return False
    dropped = max((len(p) for p in ignore if code.startswith(p)), default=None)
    return dropped is None or chosen > dropped


def selected_rules(rules: Iterable[Rule], config: Config) -> frozenset[str]:
    """Return the codes that ``config`` selects among ``rules``; unknown prefixes are errors."""
    codes = sorted({rule.code for rule in rules})
    for setting, prefixes in (("select", config.select), ("ignore", config.ignore)):
        for prefix in prefixes:
            if not any(code.startswith(prefix) for code in codes):
                close = difflib.get_close_matches(prefix, codes, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise ConfigError(f"{setting}: no rule code starts with {prefix!r}{hint}")
    return frozenset(c for c in codes if is_selected(c, config.select, config.ignore))


@dataclass(frozen=True, slots=True)
class Suppressions:
    """Codes silenced for the whole file and for single paragraphs (by index)."""

    file: frozenset[str] = frozenset()
    paragraphs: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def covers(self, finding: Finding) -> bool:
        """Whether the finding is silenced."""
        code = finding.rule.code
        prefixes = set(self.file)
        for index in (*finding.paragraphs, *finding.remove):
            prefixes |= self.paragraphs.get(index, frozenset())
        return any(code.startswith(p) for p in prefixes)


def strip_directives(article: Article) -> tuple[Article, Suppressions]:
    """Take suppression directives out of a text or Markdown article and return what they say."""
    if article.format not in DIRECTIVE_FORMATS:
        return article, Suppressions()
    kept: list[Paragraph] = []
    whole: set[str] = set()
    pending: set[str] = set()
    by_paragraph: dict[int, frozenset[str]] = {}
    for paragraph in article.paragraphs:
        match = _DIRECTIVE.fullmatch(paragraph.text)
        if match is None:
            if pending:
                by_paragraph[len(kept)] = frozenset(pending)
                pending = set()
            kept.append(dataclasses.replace(paragraph, index=len(kept)))
            continue
        codes = {c.strip().upper() for c in match["codes"].split(",")}
        (whole if match["scope"].lower() == "ignore-file" else pending).update(codes)
    if len(kept) == len(article.paragraphs):
        return article, Suppressions()
    stripped = dataclasses.replace(article, paragraphs=tuple(kept))
    return stripped, Suppressions(frozenset(whole), by_paragraph)


def analyze(
    article: Article,
    *,
    model: Model | None = None,
    config: Config | None = None,
    checks: Sequence[Check] | None = None,
) -> Report:
    """Classify, check and score one article.

    ``model`` defaults to the model ``config.model`` names, or the shipped one; ``checks`` to
    every registered check. ``config.limits`` bound the article's size and the analysis time.
    """
    config = config if config is not None else Config()
    check_article(article, config.limits)
    with time_limit(config.limits.time_limit, article.source):
        return _analyze(article, model=model, config=config, checks=checks)


def _analyze(
    article: Article, *, model: Model | None, config: Config, checks: Sequence[Check] | None
) -> Report:
    from detector.checks.base import Analysis

    if checks is None:
        from detector.checks import CHECKS

        checks = CHECKS
    if model is None:
        from detector.model import load_model

        model = load_model(config.model)
    selected = selected_rules((rule for check in checks for rule in check.rules), config)
    article, suppressions = strip_directives(article)
    verdicts = tuple(model.predict(article))
    if len(verdicts) != len(article.paragraphs):
        raise ModelError(
            f"model {model.name} returned {len(verdicts)} verdicts for "
            f"{len(article.paragraphs)} paragraphs"
        )
    analysis = Analysis(article, verdicts)
    findings, errors = _run_checks(checks, analysis, selected)
    kept = [
        f
        for f in findings
        if is_selected(f.rule.code, config.select, config.ignore) and not suppressions.covers(f)
    ]
    kept.sort(key=lambda f: (min(f.paragraphs, default=-1), f.rule.code))
    value, verdict = score(kept, article.paragraphs)
    return Report(
        source=article.source,
        score=value,
        verdict=verdict,
        format=article.format,
        title=article.title or _first_title(analysis),
        date=article.date or _stamp(kept) or _dateline_date(analysis),
        url=article.url,
        paragraphs=_paragraph_rows(analysis, kept),
        findings=tuple(kept),
        cleaned_text=_cleaned_text(analysis, kept),
        model=model.name,
        errors=tuple(errors),
    )


def analyze_path(
    source: str | os.PathLike[str],
    *,
    input_format: str | None = None,
    model: Model | None = None,
    config: Config | None = None,
    checks: Sequence[Check] | None = None,
) -> list[Report]:
    """Read every article in a file or URL and analyse each."""
    from detector.loaders import read

    config = config if config is not None else Config()
    if model is None:
        from detector.model import load_model

        model = load_model(config.model)
    articles = read(source, input_format=input_format or config.input_format, limits=config.limits)
    return [analyze(a, model=model, config=config, checks=checks) for a in articles]


def _run_checks(
    checks: Sequence[Check], analysis: Analysis, selected: frozenset[str]
) -> tuple[list[Finding], list[CheckError]]:
    """Run the checks that have a selected rule; record skips and crashes."""
    findings: list[Finding] = []
    errors: list[CheckError] = []
    for check in checks:
        if not any(rule.code in selected for rule in check.rules):
            continue
        missing = check.missing(analysis)
        if missing:
            needs = " and ".join(_NEEDS.get(m, m) for m in missing)
            errors.append(CheckError(check.name, f"skipped: needs {needs}", skipped=True))
            continue
        try:
            findings.extend(check.run(analysis))
        except Exception as exc:
            logger.warning(
                "check %s failed on %s: %s: %s",
                check.name,
                analysis.article.source,
                type(exc).__name__,
                exc,
                exc_info=logger.isEnabledFor(logging.DEBUG),
            )
            errors.append(CheckError(check.name, f"{type(exc).__name__}: {exc}"))
    return findings, errors


def _paragraph_rows(analysis: Analysis, findings: Sequence[Finding]) -> tuple[dict[str, Any], ...]:
    """Describe each paragraph for the report, with roles marked by findings."""
    marked: dict[int, str] = {}
    for finding in findings:
        if finding.rule.marks:
            marked.update(dict.fromkeys(finding.remove, finding.rule.marks))
    return tuple(
        {
            "index": paragraph.index,
            "line": paragraph.line,
            "text": paragraph.text,
            "role": marked.get(paragraph.index, verdict.role),
            "confidence": round(verdict.confidence, 3),
            "kind": verdict.kind,
            "reasons": list(verdict.reasons),
        }
        for paragraph, verdict in zip(analysis.article.paragraphs, analysis.verdicts, strict=True)
    )


def _cleaned_text(analysis: Analysis, findings: Sequence[Finding]) -> str:
    """Join the paragraphs that are neither boilerplate nor removed by a finding."""
    removed = {index for finding in findings for index in finding.remove}
    kept = [
        paragraph.text
        for paragraph, verdict in zip(analysis.article.paragraphs, analysis.verdicts, strict=True)
        if verdict.role != "boilerplate" and paragraph.index not in removed
    ]
    return ("\n" if analysis.article.format == "text" else "\n\n").join(kept)


def _first_title(analysis: Analysis) -> str | None:
    return next((p.text for p, _ in analysis.with_role("title")), None)


def _dateline_date(analysis: Analysis) -> str | None:
    """The publication date written in the first dateline paragraph that has one."""
    from detector.checks.dates import declared_dates

    for declared in declared_dates(analysis):
        if declared.source == "dateline" and declared.label == "published":
            return declared.day.isoformat()
    return None


def _stamp(findings: Iterable[Finding]) -> str | None:
    for finding in findings:
        stamp = finding.evidence.get("stamp")
        if isinstance(stamp, str) and _ISO_DATE.fullmatch(stamp):
            return stamp
    return None
