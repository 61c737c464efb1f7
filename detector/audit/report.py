"""Write ``report.html``: one self-contained page about an audit's output folder.

Plots are drawn by matplotlib (Agg) and inlined as SVG; there is no script, font or image
fetched from anywhere, so the page opens offline. Tables are read column by column from the
Parquet outputs; furniture samples are taken from the paragraph table batch by batch, stopping
once each listed domain has its samples.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["PLOTS", "write_report"]

#: The ids of the plots the page always carries (a plot with no data says so in its place).
PLOTS = ("scores", "kinds", "domains", "time")
WORST = 15
SAMPLES = 3

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border-bottom:1px solid #eee;
padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f6f6f6}
.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#777}
figure{margin:1em 0}figure svg{max-width:100%;height:auto}
.cards{display:flex;gap:1em;flex-wrap:wrap}
.card{background:#f6f6f6;padding:.6em 1em;border-radius:6px}
.card b{display:block;font-size:1.4em}
"""


def write_report(root: str | Path) -> Path:
    """Write ``report.html`` into the audit folder ``root`` and return its path."""
    root = Path(root)
    summary = json.loads((root / "summary.json").read_text(encoding="utf-8"))
    articles = pq.read_table(root / "articles.parquet").to_pandas()
    findings = pq.read_table(
        root / "findings.parquet", columns=["record_id", "rule", "kind", "severity", "message"]
    ).to_pandas()
    template = pq.read_table(root / "sites.parquet").to_pandas()
    ok = articles[articles["error"].isna()]
    domains = _domains(ok, articles)
    worst_domains = list(domains.index[:WORST])
    body = [
        f"<h1>detector audit: {summary['records']:,} records</h1>",
        _cards(summary),
        "<h2>Score distribution</h2>",
        _figure("scores", _plot_scores(ok)),
        "<h2>Artifact kinds by frequency</h2>",
        _figure("kinds", _plot_kinds(summary["kinds"])),
        "<h2>Worst domains and their typical damage</h2>",
        _figure("domains", _plot_domains(domains.head(WORST))),
        _domain_table(domains.head(WORST)),
        "<h3>Worst sections (first folder of the URL, 3 pages or more)</h3>",
        _sections(ok),
        "<h2>Scores over time</h2>",
        _figure("time", _plot_time(ok)),
        "<h2>Worst articles and their findings</h2>",
        _worst_articles(ok, findings),
        "<h2>Template boilerplate per domain</h2>",
        _templates(template),
        "<h2>What was judged furniture, and why</h2>",
        _furniture(root / "paragraphs.parquet", worst_domains or list(template["domain"].unique())),
        "<h2>Skipped and unreadable records</h2>",
        _skipped(summary, articles),
    ]
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>detector audit</title>"
        f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
    target = root / "report.html"
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return target


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _cards(summary: dict[str, Any]) -> str:
    items = [
        ("records", f"{summary['records']:,}"),
        ("mean score", summary["mean_score"]),
        ("errors", f"{summary['errors']:,}"),
        ("skipped", f"{summary['skipped']:,}"),
        ("domains", f"{summary['domains']:,}"),
        ("template paragraphs", f"{summary['template_paragraphs']:,}"),
    ]
    verdicts = ", ".join(f"{_e(k)} {v:,}" for k, v in summary["verdicts"].items())
    cards = "".join(f"<div class='card'><b>{_e(v)}</b>{_e(k)}</div>" for k, v in items)
    return f"<div class='cards'>{cards}</div><p>Verdicts: {verdicts}</p>"


def _domains(ok: Any, articles: Any) -> Any:
    """Per domain: pages, error rows, mean score and the damage found most, worst first."""
    if ok.empty:
        return ok.groupby("domain").size().to_frame("pages")
    kind_columns = [c for c in ok.columns if c.startswith("kind_")]
    grouped = ok.dropna(subset=["domain"]).groupby("domain")
    frame = grouped["score"].agg(["size", "mean"]).rename(columns={"size": "pages"})
    kinds = grouped[kind_columns].sum()
    failed = articles[articles["error"].notna()].groupby("domain").size()
    frame["errors"] = failed.reindex(frame.index, fill_value=0)
    frame["pages"] = articles.groupby("domain").size().reindex(frame.index)
    frame["damage"] = [
        ", ".join(
            f"{c.removeprefix('kind_')} ({int(n)})"
            for c, n in row.sort_values(ascending=False).items()
            if n > 0
        ).split(", ")[:3]
        for _, row in kinds.iterrows()
    ]
    return frame.sort_values(["mean", "pages"], ascending=[True, False])


def _figure(name: str, svg: str | None) -> str:
    if svg is None:
        return f"<figure class='plot empty' id='plot-{name}'><p class='muted'>No data.</p></figure>"
    return f"<figure class='plot' id='plot-{name}'>{svg}</figure>"


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _axes(width: float = 8, height: float = 3.2) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    return plt.subplots(figsize=(width, height))


def _plot_scores(ok: Any) -> str | None:
    if ok.empty:
        return None
    fig, ax = _axes()
    ax.hist(ok["score"], bins=range(0, 105, 5), color="#4c78a8", edgecolor="white")
    ax.axvline(85, color="#59a14f", linestyle="--", label="publishable (85)")
    ax.axvline(60, color="#e15759", linestyle="--", label="needs review (60)")
    ax.set_xlabel("score")
    ax.set_ylabel("articles")
    ax.legend(frameon=False)
    return _svg(fig)


def _plot_kinds(kinds: dict[str, int]) -> str | None:
    if not kinds:
        return None
    names, counts = list(kinds)[::-1], list(kinds.values())[::-1]
    fig, ax = _axes(height=0.35 * len(names) + 1)
    ax.barh(names, counts, color="#f28e2b")
    ax.set_xlabel("findings")
    return _svg(fig)


def _plot_domains(domains: Any) -> str | None:
    if domains.empty or "mean" not in domains:
        return None
    fig, ax = _axes(height=0.35 * len(domains) + 1)
    ax.barh(list(domains.index[::-1]), list(domains["mean"][::-1]), color="#e15759")
    ax.set_xlim(0, 100)
    ax.set_xlabel("mean score")
    return _svg(fig)


def _plot_time(ok: Any) -> str | None:
    import pandas as pd

    dates = pd.to_datetime(ok["date"], errors="coerce", format="%Y-%m-%d")
    dated = ok.assign(month=dates.dt.to_period("M")).dropna(subset=["month"])
    if dated.empty:
        return None
    by_month = dated.groupby("month")["score"].agg(["mean", "size"])
    fig, ax = _axes()
    x = by_month.index.to_timestamp()
    ax.plot(x, by_month["mean"], marker="o", color="#4c78a8")
    ax.set_ylim(0, 100)
    ax.set_ylabel("mean score")
    ax.set_xlabel(f"publication month ({len(dated):,} dated articles)")
    fig.autofmt_xdate()
    return _svg(fig)


def _domain_table(domains: Any) -> str:
    if domains.empty or "mean" not in domains:
        return "<p class='muted'>No domain is known (records without URLs).</p>"
    rows = "".join(
        f"<tr><td>{_e(d)}</td><td class='num'>{int(r['pages'])}</td>"
        f"<td class='num'>{int(r['errors'])}</td><td class='num'>{r['mean']:.1f}</td>"
        f"<td>{_e(', '.join(r['damage']) or 'none')}</td></tr>"
        for d, r in domains.iterrows()
    )
    return (
        "<table><tr><th>domain</th><th>pages</th><th>error rows</th><th>mean score</th>"
        f"<th>typical damage (findings)</th></tr>{rows}</table>"
    )


def _sections(ok: Any) -> str:
    dated = ok.dropna(subset=["domain", "section"])
    if dated.empty:
        return "<p class='muted'>No URL has a section folder.</p>"
    grouped = dated.groupby(["domain", "section"])["score"].agg(["size", "mean"])
    grouped = grouped[grouped["size"] >= 3].sort_values("mean").head(WORST)
    if grouped.empty:
        return "<p class='muted'>No section has 3 pages or more.</p>"
    rows = "".join(
        f"<tr><td>{_e(d)}</td><td>/{_e(s)}/</td><td class='num'>{int(r['size'])}</td>"
        f"<td class='num'>{r['mean']:.1f}</td></tr>"
        for (d, s), r in grouped.iterrows()
    )
    return (
        "<table><tr><th>domain</th><th>section</th><th>pages</th><th>mean score</th></tr>"
        f"{rows}</table>"
    )


def _worst_articles(ok: Any, findings: Any) -> str:
    worst = ok.nsmallest(WORST, "score")
    if worst.empty:
        return "<p class='muted'>No article was scored.</p>"
    by_record = findings[findings["record_id"].isin(worst["record_id"])].groupby("record_id")
    messages = {k: g for k, g in by_record}
    rows = []
    for row in worst.itertuples():
        group = messages.get(row.record_id)
        items = (
            "".join(
                f"<li><code>{_e(f.rule)}</code> {_e(f.severity)}: {_e(f.message)}</li>"
                for f in group.itertuples()
            )
            if group is not None
            else ""
        )
        rows.append(
            f"<tr><td class='num'>{row.score}</td><td>{_e(row.title or row.url or row.record_id)}"
            f"<br><span class='muted'>{_e(row.url)}</span></td><td><ul>{items}</ul></td></tr>"
        )
    return (
        "<table><tr><th>score</th><th>article</th><th>findings</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _templates(template: Any) -> str:
    if template.empty:
        return "<p class='muted'>No paragraph recurs on enough pages of one domain.</p>"
    parts = []
    for domain, group in template.groupby("domain", sort=True):
        items = "".join(
            f"<tr><td>{_e(r.text)}</td><td class='num'>{r.pages} of {r.site_pages}</td>"
            f"<td class='num'>{r.as_content}</td></tr>"
            for r in group.sort_values("pages", ascending=False).head(20).itertuples()
        )
        parts.append(
            f"<h3>{_e(domain)}</h3><table><tr><th>paragraph</th><th>pages</th>"
            f"<th>kept as content by the model</th></tr>{items}</table>"
        )
    return "".join(parts)


def _furniture(path: Path, domains: Iterable[str]) -> str:
    wanted = {d: [] for d in domains}  # type: dict[str, list[dict[str, Any]]]
    if not wanted:
        return "<p class='muted'>No domain to sample.</p>"
    file = pq.ParquetFile(path)
    for batch in file.iter_batches(batch_size=10_000):
        mask = pc.and_(
            pc.is_in(batch["domain"], value_set=__import__("pyarrow").array(list(wanted))),
            pc.not_equal(batch["site_role"], "content"),
        )
        for row in batch.filter(mask).to_pylist():
            samples = wanted[row["domain"]]
            if len(samples) < SAMPLES and row["text"] not in {s["text"] for s in samples}:
                samples.append(row)
        if all(len(s) >= SAMPLES for s in wanted.values()):
            break
    parts = []
    for domain, samples in wanted.items():
        items = "".join(
            f"<tr><td>{_e(s['text'])}</td><td>{_e(s['site_role'])}"
            f"{' / ' + _e(s['kind']) if s['kind'] else ''}</td>"
            f"<td>{_e(_why(s))}</td></tr>"
            for s in samples
        )
        if items:
            parts.append(
                f"<h3>{_e(domain)}</h3><table><tr><th>paragraph</th><th>judged</th>"
                f"<th>why</th></tr>{items}</table>"
            )
    return "".join(parts) or "<p class='muted'>Nothing was judged furniture.</p>"


def _why(sample: dict[str, Any]) -> str:
    if sample["role"] == "content" and sample["site_role"] == "boilerplate":
        return "recurs across the site's pages (site template)"
    return sample["reasons"] or "model verdict"


def _skipped(summary: dict[str, Any], articles: Any) -> str:
    reasons = "".join(
        f"<tr><td>{_e(k)}</td><td class='num'>{v:,}</td></tr>"
        for k, v in summary["skipped_by_reason"].items()
    )
    errors = articles[articles["error"].notna()].head(50)
    rows = "".join(
        f"<tr><td>{_e(r.record_id)}</td><td>{_e(r.error)}</td></tr>" for r in errors.itertuples()
    )
    return (
        "<h3>Skipped records (not HTML responses)</h3>"
        f"<table><tr><th>record type</th><th>count</th></tr>{reasons}</table>"
        f"<h3>Error rows ({summary['errors']:,})</h3>"
        f"<table><tr><th>record</th><th>error</th></tr>{rows}</table>"
    )
