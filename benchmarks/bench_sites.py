"""Measure what site-level template evidence changes: boilerplate F1 with and without it.

    python benchmarks/bench_sites.py               # writes benchmarks/sites.json

Real pages of ``../shared/corpora`` grouped by site (sites with at least ``--min-pages`` pages in
the evaluation-only sets cleanportaleval, dragnet2012 and l3s_gn1, which the shipped model never
saw) are written to one generated WARC and audited. Each paragraph is labelled content when the
gold body covers it (``training.align.Gold``, the labelling the model's training tables use) and
boilerplate otherwise. Boilerplate precision, recall and F1 over all paragraphs are reported
for the model's roles alone and for the roles after the site pass.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CORPORA = ("cleanportaleval", "dragnet2012", "l3s_gn1")


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(p and a for p, a in pairs)
    fp = sum(p and not a for p, a in pairs)
    fn = sum(a and not p for p, a in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def main(argv: list[str] | None = None) -> int:
    import pyarrow.parquet as pq
    import warcgen

    from detector.audit import AuditOptions, run_audit
    from training.align import Gold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-pages", type=int, default=5)
    parser.add_argument("--max-pages", type=int, default=20, help="per site")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "sites.json"))
    args = parser.parse_args(argv)
    by_site = defaultdict(list)
    for page in warcgen.real_pages(corpora=CORPORA):
        if page.body and page.site and not page.site.startswith(("dragnet", "web.archive")):
            by_site[page.site].append(page)
    sites = {s: p[: args.max_pages] for s, p in by_site.items() if len(p) >= args.min_pages}
    if not sites:
        print("no shared corpora: nothing measured", file=sys.stderr)
        return 1
    pages = [p for group in sites.values() for p in group]
    gold = {p.url: Gold(p.body) for p in pages}
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "sites.warc.gz"
        warcgen.write_warc(warc, pages)
        out = Path(tmp) / "out"
        for _ in run_audit([str(warc)], out, options=AuditOptions(), n_jobs=args.jobs):
            pass
        articles = pq.read_table(out / "articles.parquet", columns=["record_id", "url"]).to_pylist()
        urls = {a["record_id"]: a["url"] for a in articles}
        paragraphs = pq.read_table(out / "paragraphs.parquet").to_pylist()
        templates = pq.read_table(out / "sites.parquet").num_rows
    without, with_sites = [], []
    per_site: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for row in paragraphs:
        body = gold.get(urls.get(row["record_id"]))
        if body is None:
            continue
        actual = not body.is_content(row["text"])
        without.append((row["role"] == "boilerplate", actual))
        with_sites.append((row["site_role"] == "boilerplate", actual))
        per_site[row["domain"]].append(
            (row["role"] == "boilerplate", row["site_role"] == "boilerplate", actual)
        )
    result = {
        "corpora": list(CORPORA),
        "sites": {s: len(p) for s, p in sorted(sites.items())},
        "pages": len(pages),
        "paragraphs": len(without),
        "template_paragraphs": templates,
        "boilerplate_without_site_evidence": prf(without),
        "boilerplate_with_site_evidence": prf(with_sites),
        "per_site_f1": {
            s: {
                "without": prf([(a, c) for a, _, c in rows])["f1"],
                "with": prf([(b, c) for _, b, c in rows])["f1"],
            }
            for s, rows in sorted(per_site.items())
        },
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.output != "-":
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
