"""Write ``report.html``: one self-contained page about an audit's output folder.

Plots are drawn by matplotlib (Agg) and inlined as SVG; there is no script, font or image
fetched from anywhere, so the page opens offline. Memory does not grow with the archive: the
article rows are added up in one streaming pass (:mod:`detector.audit.tally`), the findings of
the worst articles and the furniture samples are picked from their tables batch by batch, and
only the template table (a few rows per domain) is read whole.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from detector.audit.tally import BINS, DomainTally, tally_articles

__all__ = ["PLOTS", "write_report"]

#: The ids of the plots the page always carries (a plot with no data says so in its place).
PLOTS = ("scores", "kinds", "domains", "time")
WORST = 15
SAMPLES = 3
#: Findings listed per worst article (the rest are counted).
FINDINGS_SHOWN = 30

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
    tally = tally_articles(root / "articles.parquet", worst_size=WORST)
    template = pq.read_table(root / "sites.parquet").to_pylist()
    domains = tally.worst_domains()[:WORST]
    worst_domains = [d for d, _ in domains] or list(dict.fromkeys(r["domain"] for r in template))
    body = [
        f"<h1>detector audit: {summary['records']:,} records</h1>",
        _cards(summary),
        "<h2>Score distribution</h2>",
        _figure("scores", _plot_scores(tally.histogram)),
        "<h2>Artifact kinds by frequency</h2>",
        _figure("kinds", _plot_kinds(summary["kinds"])),
        "<h2>Worst domains and their typical damage</h2>",
        _figure("domains", _plot_domains(domains)),
        _domain_table(domains),
        "<h3>Worst sections (first folder of the URL, 3 pages or more)</h3>",
        _sections(tally.sections),
        "<h2>Scores over time</h2>",
        _figure("time", _plot_time(tally.months)),
        "<h2>Worst articles and their findings</h2>",
        _worst_articles(tally.worst(), root / "findings.parquet"),
        "<h2>Template boilerplate per domain</h2>",
        _templates(template),
        "<h2>What was judged furniture, and why</h2>",
        _furniture(root / "paragraphs.parquet", worst_domains),
        "<h2>Skipped and unreadable records</h2>",
        _skipped(summary, tally.error_rows),
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


def _plot_scores(histogram: list[int]) -> str | None:
    if not any(histogram):
        return None
    fig, ax = _axes()
    ax.hist(BINS[:-1], bins=BINS, weights=histogram, color="#4c78a8", edgecolor="white")
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


def _plot_domains(domains: list[tuple[str, DomainTally]]) -> str | None:
    if not domains:
        return None
    fig, ax = _axes(height=0.35 * len(domains) + 1)
    ax.barh([d for d, _ in domains][::-1], [t.mean for _, t in domains][::-1], color="#e15759")
    ax.set_xlim(0, 100)
    ax.set_xlabel("mean score")
    return _svg(fig)


def _plot_time(months: dict[dt.date, list[int]]) -> str | None:
    if not months:
        return None
    order = sorted(months)
    fig, ax = _axes()
    ax.plot(order, [months[m][1] / months[m][0] for m in order], marker="o", color="#4c78a8")
    ax.set_ylim(0, 100)
    ax.set_ylabel("mean score")
    dated = sum(count for count, _ in months.values())
    ax.set_xlabel(f"publication month ({dated:,} dated articles)")
    fig.autofmt_xdate()
    return _svg(fig)


def _domain_table(domains: list[tuple[str, DomainTally]]) -> str:
    if not domains:
        return "<p class='muted'>No domain is known (records without URLs).</p>"
    rows = "".join(
        f"<tr><td>{_e(d)}</td><td class='num'>{t.pages}</td>"
        f"<td class='num'>{t.errors}</td><td class='num'>{t.mean:.1f}</td>"
        f"<td>{_e(', '.join(t.damage()) or 'none')}</td></tr>"
        for d, t in domains
    )
    return (
        "<table><tr><th>domain</th><th>pages</th><th>error rows</th><th>mean score</th>"
        f"<th>typical damage (findings)</th></tr>{rows}</table>"
    )


def _sections(sections: dict[tuple[str, str], list[int]]) -> str:
    if not sections:
        return "<p class='muted'>No URL has a section folder.</p>"
    ranked = sorted(
        ((total / count, count, key) for key, (count, total) in sections.items() if count >= 3),
        key=lambda item: (item[0], item[2]),
    )[:WORST]
    if not ranked:
        return "<p class='muted'>No section has 3 pages or more.</p>"
    rows = "".join(
        f"<tr><td>{_e(d)}</td><td>/{_e(s)}/</td><td class='num'>{count}</td>"
        f"<td class='num'>{mean:.1f}</td></tr>"
        for mean, count, (d, s) in ranked
    )
    return (
        "<table><tr><th>domain</th><th>section</th><th>pages</th><th>mean score</th></tr>"
        f"{rows}</table>"
    )


def _worst_articles(worst: list[dict[str, Any]], findings: Path) -> str:
    if not worst:
        return "<p class='muted'>No article was scored.</p>"
    shown: dict[str, list[dict[str, Any]]] = {row["record_id"]: [] for row in worst}
    more: Counter[str] = Counter()
    wanted = pa.array(list(shown), pa.string())
    columns = ["record_id", "rule", "severity", "message"]
    for batch in pq.ParquetFile(findings).iter_batches(batch_size=10_000, columns=columns):
        for found in batch.filter(pc.is_in(batch["record_id"], value_set=wanted)).to_pylist():
            kept = shown[found["record_id"]]
            if len(kept) < FINDINGS_SHOWN:
                kept.append(found)
            else:
                more[found["record_id"]] += 1
    rows = []
    for row in worst:
        items = "".join(
            f"<li><code>{_e(f['rule'])}</code> {_e(f['severity'])}: {_e(f['message'])}</li>"
            for f in shown[row["record_id"]]
        )
        if more[row["record_id"]]:
            items += f"<li class='muted'>and {more[row['record_id']]:,} more</li>"
        title = row["title"] or row["url"] or row["record_id"]
        rows.append(
            f"<tr><td class='num'>{row['score']}</td><td>{_e(title)}"
            f"<br><span class='muted'>{_e(row['url'])}</span></td><td><ul>{items}</ul></td></tr>"
        )
    return (
        "<table><tr><th>score</th><th>article</th><th>findings</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _templates(template: list[dict[str, Any]]) -> str:
    if not template:
        return "<p class='muted'>No paragraph recurs on enough pages of one domain.</p>"
    by_domain: dict[str, list[dict[str, Any]]] = {}
    for row in template:
        by_domain.setdefault(row["domain"], []).append(row)
    parts = []
    for domain in sorted(by_domain):
        group = sorted(by_domain[domain], key=lambda r: -r["pages"])[:20]
        items = "".join(
            f"<tr><td>{_e(r['text'])}</td><td class='num'>{r['pages']} of {r['site_pages']}</td>"
            f"<td class='num'>{r['as_content']}</td></tr>"
            for r in group
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
            pc.is_in(batch["domain"], value_set=pa.array(list(wanted), pa.string())),
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


def _skipped(summary: dict[str, Any], errors: list[tuple[str, str]]) -> str:
    reasons = "".join(
        f"<tr><td>{_e(k)}</td><td class='num'>{v:,}</td></tr>"
        for k, v in summary["skipped_by_reason"].items()
    )
    rows = "".join(f"<tr><td>{_e(key)}</td><td>{_e(error)}</td></tr>" for key, error in errors)
    return (
        "<h3>Skipped records (not HTML responses)</h3>"
        f"<table><tr><th>record type</th><th>count</th></tr>{reasons}</table>"
        f"<h3>Error rows ({summary['errors']:,})</h3>"
        f"<table><tr><th>record</th><th>error</th></tr>{rows}</table>"
    )
