"""Analyse an article: classify its paragraphs, run the selected checks, score, and report.

Rule selection follows flake8's ``DecisionEngine``: ``select`` and ``ignore`` hold codes or
prefixes, the longest prefix matching a code decides, and a tie goes to ``ignore``. An empty
``select`` selects every rule. A check runs when one of its rules is selected and what it
``requires`` is present; otherwise the report records why it was skipped. A check that raises
is recorded in ``Report.errors`` and the other checks still run.

Inline suppression directives reach the engine as data (``Article.directives``, read by the
loaders; syntax in :mod:`detector.suppressions`) and the engine applies them after selection.

Every finding leaves the engine with a ``location`` built from its paragraphs' spans and the
article's origin (a finding about the whole article points at its first line) and a stable
``fingerprint`` of its rule, its flagged text and the document, with no line number in it.

The report's ``title`` is the visible headline (:mod:`detector.headline`) with the site name
stripped; on text, Markdown and records the declared title wins where there is one. Its
``date`` is, on a page, the declared dates reconciled (:mod:`detector.stamp`: the dateline by
the headline, the URL and the extractor's date vote), elsewhere the date the source stamps;
else the ``stamp`` that a reported finding carries in its evidence, else the date written in
the first paragraph judged a dateline, else None.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import logging
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from detector import suppressions
from detector.article import Article
from detector.config import Config
from detector.context import RunContext
from detector.errors import ConfigError, ModelError
from detector.findings import CheckError, Finding, Location, Report, Rule, Verdict, fingerprint
from detector.limits import check_article, time_limit
from detector.regions import group
from detector.scoring import assess

if TYPE_CHECKING:
    # detector.checks imports every check module; the engine loads it on first use only.
    from detector.checks.base import Analysis, Check

__all__ = ["analyze", "analyze_path", "document_key", "is_selected", "locate", "selected_rules"]

logger = logging.getLogger(__name__)

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


def analyze(
    article: Article,
    *,
    model: Model | None = None,
    config: Config | None = None,
    checks: Sequence[Check] | None = None,
    context: RunContext | None = None,
) -> Report:
    """Classify, check and score one article.

    ``model`` defaults to the model ``config.model`` names, or the shipped one; ``checks`` to
    every registered check; ``context`` (today's date, check parameters) to today's.
    ``config.limits`` bound the article's size and the analysis time.
    """
    config = config if config is not None else Config()
    check_article(article, config.limits)
    with time_limit(config.limits.time_limit, article.source):
        return _analyze(article, model=model, config=config, checks=checks, context=context)


def _analyze(
    article: Article,
    *,
    model: Model | None,
    config: Config,
    checks: Sequence[Check] | None,
    context: RunContext | None,
) -> Report:
    from detector.checks.base import Analysis

    if checks is None:
        from detector.checks import CHECKS

        checks = CHECKS
    if model is None:
        from detector.model import load_model

        model = load_model(config.model)
    selected = selected_rules((rule for check in checks for rule in check.rules), config)
    verdicts = tuple(model.predict(article))
    if len(verdicts) != len(article.paragraphs):
        raise ModelError(
            f"model {model.name} returned {len(verdicts)} verdicts for "
            f"{len(article.paragraphs)} paragraphs"
        )
    if config.furniture:
        verdicts = listed_furniture(article, verdicts, config.furniture)
    context = context if context is not None else RunContext.default()
    analysis = Analysis(article, verdicts, context.with_params(config.params))
    findings, errors = _run_checks(checks, analysis, selected)
    ignore = config.ignore + _ignored_in_file(article, config)
    chosen = [
        _with_severity(f, config)
        for f in findings
        if is_selected(f.rule.code, config.select, ignore)
    ]
    kept, used = suppressions.apply(article.directives, chosen)
    kept.sort(key=lambda f: (min(f.paragraphs, default=-1), f.rule.code))
    kept = [locate(f, article) for f in group(kept, article.paragraphs)]
    assessment = assess(kept, article.paragraphs, input_format=article.format)
    return Report(
        source=article.source,
        score=assessment.article,
        verdict=assessment.verdict,
        format=article.format,
        title=_title(analysis),
        date=_date(analysis, kept) or _stamp(kept) or _dateline_date(analysis),
        url=article.url,
        paragraphs=_paragraph_rows(analysis, kept),
        findings=tuple(kept),
        cleaned_text=_cleaned_text(analysis, kept),
        model=model.name,
        errors=tuple(errors),
        source_score=assessment.source,
        deductions=assessment.deductions,
        origin=article.origin,
        unused_directives=tuple(d for d in article.directives if d not in used),
    )


def document_key(article: Article) -> str:
    """The identity of an article's document: its input and, for a record, the record's id."""
    origin = article.origin
    if origin is None:
        return article.source
    record = origin.record_id or (str(origin.record) if origin.record is not None else "")
    return f"{origin.input}\x1f{record}"


def locate(finding: Finding, article: Article) -> Finding:
    """Return ``finding`` with its location and fingerprint, from its paragraphs and origin."""
    origin = article.origin
    paragraphs = article.paragraphs
    indexes = sorted(set(finding.paragraphs or finding.remove))
    involved = [paragraphs[i] for i in indexes if 0 <= i < len(paragraphs)]
    if involved:
        lines = [p.line for p in involved if p.line is not None]
        ends = [p.end_line or p.line for p in involved if p.line is not None]
        line, end_line = (min(lines), max(ends)) if lines else (None, None)
    else:
        first = next((p.line for p in paragraphs if p.line is not None), None)
        line = end_line = first
    if line is None and origin is not None:
        line = end_line = origin.line
    record = None
    if origin is not None:
        record = origin.record_id or (str(origin.record) if origin.record is not None else None)
    location = Location(
        path=origin.input if origin is not None else article.source,
        line=line,
        end_line=end_line,
        paragraph=indexes[0] if indexes else None,
        record=record,
    )
    flagged = " ".join(p.text for p in involved)
    key = fingerprint(finding.rule.code, flagged, document_key(article))
    return dataclasses.replace(finding, location=location, fingerprint=key)


def analyze_path(
    source: str | os.PathLike[str],
    *,
    input_format: str | None = None,
    model: Model | None = None,
    config: Config | None = None,
    checks: Sequence[Check] | None = None,
    context: RunContext | None = None,
) -> list[Report]:
    """Read every article of a file, folder, glob or URL and analyse each, in order.

    It runs the batch layer (:func:`detector.batch.analyze_many`): what cannot be read gives a
    report with verdict ``error`` and its reason in ``error``, and the other articles are still
    analysed.
    """
    from detector.batch import analyze_many, iter_inputs

    config = config if config is not None else Config()
    if input_format is not None:
        config = dataclasses.replace(config, input_format=input_format)
    inputs = iter_inputs([os.fsdecode(source)])
    return list(analyze_many(inputs, config=config, model=model, checks=checks, context=context))


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


def _ignored_in_file(article: Article, config: Config) -> tuple[str, ...]:
    """The codes ``per-file-ignores`` drops for the article's input file."""
    if not config.per_file_ignores:
        return ()
    path = article.origin.input if article.origin is not None else article.source
    return config.ignored_in(path) if "://" not in path and not path.startswith("<") else ()


def _with_severity(finding: Finding, config: Config) -> Finding:
    """The finding with the severity the settings give its rule, if they give one."""
    severity = config.severity_for(finding.rule.code) if config.severity else None
    if severity is None or severity is finding.effective_severity:
        return finding
    return dataclasses.replace(finding, severity=severity)


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
            "end_line": paragraph.end_line,
            "text": paragraph.text,
            "role": marked.get(paragraph.index, verdict.role),
            "model_role": verdict.role,
            "confidence": round(verdict.confidence, 3),
            "kind": verdict.kind,
            "reasons": list(verdict.reasons),
            **({"hidden": True} if paragraph.block is not None and paragraph.block.hidden else {}),
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


def _title(analysis: Analysis) -> str | None:
    """The report's title: on a page, the visible headline with the site's name stripped.

    Elsewhere the title the source declares (front matter, a record's field) is deliberate and
    wins; without one, the headline paragraph. Either way as written (not in the compare-form
    the headline search uses), with its mojibake repaired ("atakÃ³w" is "ataków"): EN001 says
    where the body is broken; the title is detector's best judgement of what it should read.
    """
    from detector.checks.encoding import repair
    from detector.headline import choose

    article = analysis.article
    if article.format != "html" and article.title:
        return repair(article.title)
    headline = choose(article, analysis.verdicts)
    title = headline.title if headline is not None else article.title
    return repair(title) if title else title


#: Why a paragraph the settings list as furniture is boilerplate, in the report's words.
LISTED_REASON = "listed as the site's furniture in the settings"


def listed_furniture(
    article: Article, verdicts: Sequence[Verdict], patterns: Sequence[str]
) -> tuple[Verdict, ...]:
    """The verdicts with every paragraph matching one of ``patterns`` made boilerplate.

    A pattern matches a whole paragraph, compared case-folded with runs of space as one; ``*``
    stands for any text. This is the site's own say on its furniture ("Sign up for The Morning
    newsletter*"), for what the model keeps as story.
    """
    matcher = _furniture_matcher(tuple(patterns))
    return tuple(
        Verdict("boilerplate", 1.0, "other", (LISTED_REASON,))
        if matcher.match(_fold_spaces(paragraph.text))
        else verdict
        for paragraph, verdict in zip(article.paragraphs, verdicts, strict=True)
    )


def _fold_spaces(text: str) -> str:
    return " ".join(text.casefold().split())


@functools.lru_cache(maxsize=16)
def _furniture_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern for a run's furniture patterns (compiled once, not per article)."""
    import fnmatch

    return re.compile("|".join(fnmatch.translate(_fold_spaces(p)) for p in patterns), re.DOTALL)


def _date(analysis: Analysis, findings: Sequence[Finding] = ()) -> str | None:
    """The report's stamp: on a page, the declared dates reconciled (:mod:`detector.stamp`).

    Where a DT001/DT003 finding shows that the content rules that date out, the date the
    content supports (its ``suggested_date``) is the stamp. Elsewhere the date the source
    declares (front matter, a record's field) is deliberate.
    """
    from detector.checks.dates import declared_dates, ruled_out
    from detector.headline import choose
    from detector.stamp import reconcile

    article = analysis.article
    if article.format != "html":
        return article.date
    headline = choose(article, analysis.verdicts)
    stamp = reconcile(
        (d.candidate() for d in declared_dates(analysis)),
        headline.paragraph if headline is not None else None,
    )
    for finding in findings:
        suggested = finding.evidence.get("suggested_date")
        if (
            finding.rule.code in ("DT001", "DT003")
            and isinstance(suggested, str)
            and stamp is not None
            and ruled_out(stamp, finding.evidence)
        ):
            return suggested
    return stamp.isoformat() if stamp is not None else article.date


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
