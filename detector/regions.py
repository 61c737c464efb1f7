"""Group findings by region: one problem in one place of the page is one finding.

A table of affiliate links, a comment thread or a run of teaser cards makes a check fire on many
paragraphs close together, with a little content between them; twenty findings for one problem
bury the others. Findings of the same rule (of :data:`GROUPED_FAMILIES`), severity and reason
whose paragraphs follow each other, with at most :data:`MAX_GAP` other paragraphs between them,
become one finding over the whole region: its paragraphs, lines and removals are the union, its
message is the first one's with the count and the span of the region, and its evidence keeps
every part under ``parts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from detector.article import Paragraph
from detector.findings import Finding

__all__ = ["GROUPED_FAMILIES", "MAX_GAP", "group"]

#: At most this many paragraphs may stand between two findings of one region.
MAX_GAP = 3
#: Rule families whose findings flag a stretch of the page (furniture, layout debris, links,
#: encoding): only these are grouped. A name spelled two ways or a repeated paragraph is one
#: problem wherever its paragraphs are, and two of them side by side are two problems.
GROUPED_FAMILIES = ("BP", "LY", "LK", "EN")
#: Evidence keys that name a finding's reason; findings that differ in one are not grouped.
REASON_KEYS = ("position", "match", "kind")


def _reason(finding: Finding) -> tuple[Any, ...]:
    reason = [finding.rule.code, finding.effective_severity]
    for key in REASON_KEYS:
        value = finding.evidence.get(key)
        reason.append(value if isinstance(value, (str, int, float, bool, type(None))) else None)
    return tuple(reason)


def group(findings: Sequence[Finding], paragraphs: Sequence[Paragraph]) -> list[Finding]:
    """Merge findings of one reason that sit in one region; keep the others as they are.

    ``findings`` are in paragraph order; the result is too.
    """
    open_regions: dict[tuple[Any, ...], list[Finding]] = {}
    regions: list[list[Finding]] = []
    for finding in findings:
        if not finding.paragraphs or not finding.rule.code.startswith(GROUPED_FAMILIES):
            regions.append([finding])
            continue
        key = _reason(finding)
        region = open_regions.get(key)
        if region is not None and min(finding.paragraphs) - _last(region) - 1 <= MAX_GAP:
            region.append(finding)
            continue
        region = [finding]
        open_regions[key] = region
        regions.append(region)
    return [_merge(region, paragraphs) for region in regions]


def _last(region: Sequence[Finding]) -> int:
    return max(i for f in region for i in f.paragraphs)


def _merge(region: Sequence[Finding], paragraphs: Sequence[Paragraph]) -> Finding:
    if len(region) == 1:
        return region[0]
    first = region[0]
    indexes = tuple(sorted({i for f in region for i in f.paragraphs}))
    lines = tuple(sorted({line for f in region for line in f.lines}))
    start, end = indexes[0], indexes[-1]
    if lines and lines[0] != lines[-1]:
        span = f"lines {lines[0]}-{lines[-1]}"
    elif lines:
        span = f"line {lines[0]}"
    else:
        span = f"paragraphs {start + 1}-{end + 1}"
    message = f"{first.message} The same in {len(region) - 1} more places of this region ({span})."
    return Finding(
        first.rule,
        message,
        paragraphs=indexes,
        lines=lines,
        severity=first.severity,
        evidence={
            **{k: v for k, v in first.evidence.items() if k in REASON_KEYS},
            "region": {
                "findings": len(region),
                "first_paragraph": start,
                "last_paragraph": end,
                "first_line": paragraphs[start].line,
                "last_line": paragraphs[end].line,
            },
            "parts": [dict(f.evidence) for f in region],
        },
        remove=tuple(sorted({i for f in region for i in f.remove})),
        places=sum(f.places for f in region),
    )
