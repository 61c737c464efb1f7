"""The headline numbers of an audit folder, as lines of text for a terminal."""

from __future__ import annotations

import json
from pathlib import Path

from detector.errors import ConfigError

__all__ = ["format_summary", "load_summary"]

WORST_DOMAINS = 5


def load_summary(root: str | Path) -> dict:
    """Read ``summary.json`` of a finished audit; ConfigError when ``root`` is not one."""
    path = Path(root) / "summary.json"
    if not path.is_file():
        if (Path(root) / "plan.json").is_file():
            raise ConfigError(f"{root}: the audit is not finished (rerun it to resume)")
        raise ConfigError(f"{root}: not an audit output folder (no summary.json)")
    return json.loads(path.read_text(encoding="utf-8"))


def format_summary(root: str | Path) -> str:
    """Describe a finished audit in a few lines: totals, verdicts, kinds, the worst domains."""
    import pyarrow.parquet as pq

    summary = load_summary(root)
    lines = [
        f"{summary['records']:,} records, {summary['errors']:,} errors, "
        f"{summary['skipped']:,} skipped, {summary['domains']:,} domains, "
        f"mean score {summary['mean_score']}",
        "verdicts: " + ", ".join(f"{k} {v:,}" for k, v in summary["verdicts"].items()),
    ]
    if summary["kinds"]:
        top = list(summary["kinds"].items())[:6]
        lines.append("findings: " + ", ".join(f"{k} {v:,}" for k, v in top))
    if summary["skipped_by_reason"]:
        reasons = summary["skipped_by_reason"].items()
        lines.append("skipped: " + ", ".join(f"{k} {v:,}" for k, v in reasons))
    lines.append(
        f"site templates: {summary['template_paragraphs']:,} paragraphs, "
        f"{summary['template_kept_as_content']:,} of them kept as content by the model"
    )
    articles = pq.read_table(
        Path(root) / "articles.parquet", columns=["domain", "score", "error"]
    ).to_pandas()
    scored = articles[articles["error"].isna()].dropna(subset=["domain"])
    if not scored.empty:
        worst = scored.groupby("domain")["score"].agg(["mean", "size"]).sort_values("mean")
        lines.append("worst domains:")
        for domain, row in worst.head(WORST_DOMAINS).iterrows():
            lines.append(f"  {domain}: mean score {row['mean']:.1f} over {int(row['size'])} pages")
    lines.append(f"report: {Path(root) / 'report.html'}")
    return "\n".join(lines) + "\n"
