"""Turn findings into two 0-100 scores, the deductions that made them, and a verdict.

Pure arithmetic on findings and paragraph lengths, so that the numbers can be explained and tested.
Two scores are kept apart because they answer different questions:

- the **source** score: how much page furniture the input carried (rule family ``BP``). On a web
  page menus and footers are normal, so it is information; in text that was meant to be the
  article it is a defect of the scrape;
- the **article** score: what is left once detector has cleaned the input (every other rule): is
  it whole, is its stamp right, is it consistent.

Each score starts at 100 and loses, per rule:

- a finding deducts by its severity, :data:`PENALTY` (error 30, warning 10, info 2); a finding
  that stands for several places (:attr:`~detector.findings.Finding.places`: the stray lines it
  lists, the copies it found, the findings a region merged into it, so that one problem is one
  finding in the report) deducts :data:`PLACE_SHARE` (a fifth) of that again for each further
  place, so that a problem more in the text always costs something until the rule's cap;
- a furniture finding (``BP``) deducts in proportion to the share of the article's characters
  its paragraphs take instead: ``100 * share * factor`` with :data:`SHARE_FACTOR` (error 1.0,
  warning 0.6, info 0.25): a stray "." costs almost nothing, a page half navigation a lot;
- what one rule deducts in total is capped by :data:`RULE_CAP` for its worst severity (error 50,
  warning 25, info 6), so that a single noisy rule cannot zero a score.

Scores are rounded and clamped to 0-100. The verdict is ``publishable`` from :data:`PUBLISHABLE`
(85) up, ``needs review`` from :data:`NEEDS_REVIEW` (60) up, ``not publishable`` below; it
follows the article score for HTML input and the lower of the two scores for every other input.

With these numbers one error alone leaves 70 (needs review); an error and three warnings from
different rules leave 40 (not publishable); info findings of one or two rules alone leave an
article publishable; a web page whose menus are 40% of its text keeps its article score.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from detector.article import Paragraph
from detector.findings import Deduction, Finding, Severity

__all__ = [
    "NEEDS_REVIEW",
    "PENALTY",
    "PLACE_SHARE",
    "PROPORTIONAL_FAMILY",
    "PUBLISHABLE",
    "RULE_CAP",
    "SHARE_FACTOR",
    "SOURCE_FAMILIES",
    "VERDICTS",
    "Assessment",
    "assess",
    "deductions",
    "score",
    "verdict_for",
]

PUBLISHABLE = 85
NEEDS_REVIEW = 60
#: Verdicts from best to worst.
VERDICTS = ("publishable", "needs review", "not publishable")

PENALTY = {Severity.ERROR: 30.0, Severity.WARNING: 10.0, Severity.INFO: 2.0}
SHARE_FACTOR = {Severity.ERROR: 1.0, Severity.WARNING: 0.6, Severity.INFO: 0.25}
RULE_CAP = {Severity.ERROR: 50.0, Severity.WARNING: 25.0, Severity.INFO: 6.0}
#: What each further place of a merged finding adds, as a share of its severity's penalty.
PLACE_SHARE = 0.2
PROPORTIONAL_FAMILY = "BP"
#: Rule families that describe the source (its furniture), not the cleaned article.
SOURCE_FAMILIES = ("BP",)
#: Input formats whose furniture is expected (a web page), so the verdict ignores it.
PAGE_FORMATS = frozenset({"html"})


@dataclass(frozen=True, slots=True)
class Assessment:
    """Both scores of an article, the verdict and the deductions (article ones first)."""

    article: int
    source: int
    verdict: str
    deductions: tuple[Deduction, ...]


def verdict_for(value: int) -> str:
    """Name the verdict for a score."""
    if value >= PUBLISHABLE:
        return VERDICTS[0]
    if value >= NEEDS_REVIEW:
        return VERDICTS[1]
    return VERDICTS[2]


def deductions(findings: Iterable[Finding], paragraphs: Sequence[Paragraph]) -> dict[str, float]:
    """Return the points each rule code deducts, after its cap."""
    total_chars = sum(len(p.text) for p in paragraphs)
    sizes = {p.index: len(p.text) for p in paragraphs}
    raw: dict[str, float] = defaultdict(float)
    worst: dict[str, Severity] = {}
    for finding in findings:
        code = finding.rule.code
        severity = finding.effective_severity
        worst[code] = max(severity, worst.get(code, severity))
        if code.startswith(PROPORTIONAL_FAMILY):
            covered = set(finding.remove) | set(finding.paragraphs)
            share = sum(sizes.get(i, 0) for i in covered) / total_chars if total_chars else 0.0
            raw[code] += 100.0 * share * SHARE_FACTOR[severity]
        else:
            raw[code] += PENALTY[severity] * (1.0 + PLACE_SHARE * (finding.places - 1))
    return {code: min(points, RULE_CAP[worst[code]]) for code, points in raw.items()}


def score(findings: Iterable[Finding], paragraphs: Sequence[Paragraph]) -> tuple[int, str]:
    """Score findings from 0 to 100 (all of them on one scale) and name the verdict."""
    value = _points_left(deductions(findings, paragraphs).values())
    return value, verdict_for(value)


def is_source_rule(code: str) -> bool:
    """Whether a rule describes the source's furniture rather than the cleaned article."""
    return code.startswith(SOURCE_FAMILIES)


def assess(
    findings: Sequence[Finding], paragraphs: Sequence[Paragraph], *, input_format: str
) -> Assessment:
    """Score the article and the source apart, and name the verdict for the input's format."""
    points = deductions(findings, paragraphs)
    counts: Counter[str] = Counter()
    for finding in findings:
        counts[finding.rule.code] += finding.places
    rows = sorted(
        (
            Deduction(code, "source" if is_source_rule(code) else "article", counts[code], lost)
            for code, lost in points.items()
        ),
        key=lambda d: (d.score != "article", -d.points, d.rule),
    )
    article = _points_left(d.points for d in rows if d.score == "article")
    source = _points_left(d.points for d in rows if d.score == "source")
    deciding = article if input_format in PAGE_FORMATS else min(article, source)
    return Assessment(article, source, verdict_for(deciding), tuple(rows))


def _points_left(lost: Iterable[float]) -> int:
    return max(0, min(100, round(100.0 - sum(lost))))
