"""``detector audit`` end to end on a tiny generated archive: tables, resume, Dask, the report.

One uninterrupted run (module fixture) is the reference every other run is compared with, row
for row: a run killed with SIGKILL and resumed, and a run on a Dask LocalCluster of 2 workers.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from detector.audit import AuditOptions, run_audit
from detector.audit.outputs import KINDS
from detector.audit.report import PLOTS
from detector.config import Config
from detector.model import ROLES
from tests.test_warc import load_generator

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = AuditOptions(chunk_records=3, records_per_shard=8)
ARGS = ["--chunk-records", "3", "--records-per-shard", "8", "-j", "1"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    warcgen = load_generator()
    path = tmp_path_factory.mktemp("audit") / "crawl.warc.gz"
    counts = warcgen.write_warc(path, warcgen.project_pages()[:12], bad=True)
    return path, counts


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "out"
    runs = list(run_audit([str(archive[0])], out, options=OPTIONS))
    return out, runs


def table(out: Path, name: str):
    return pq.read_table(out / f"{name}.parquet").to_pandas()


def test_one_row_per_record_with_ids_scores_counts_and_errors(archive, reference):
    (_, counts), (out, runs) = archive, reference
    articles = table(out, "articles")
    assert len(articles) == counts["html"] + counts["bad"]
    assert (
        articles["record_id"].is_unique and articles["record_id"].str.startswith("<urn:uuid:").all()
    )
    for column in (
        "input",
        "url",
        "domain",
        "section",
        "title",
        "date",
        "score",
        "verdict",
        "model",
        "error",
    ):
        assert column in articles
    assert {f"kind_{k}" for k in KINDS} | {f"role_{r}" for r in ROLES} <= set(articles.columns)
    errors = articles[articles["error"].notna()]
    assert len(errors) == counts["bad"] - 1 and (errors["verdict"] == "error").all()
    assert (errors["domain"] == "broken.example").all()  # error rows keep the record's URL
    scored = articles[articles["error"].isna()]
    assert scored["model"].str.contains("sha256:").all()
    assert (scored["crawl_date"].str.len() == 10).all()
    assert (
        runs[-1].finished and runs[-1].records == len(articles) and runs[-1].errors == len(errors)
    )
    assert runs[-1].skipped == counts["skipped"]


def test_findings_rows_add_up_to_the_article_counts(reference):
    out, _ = reference
    articles, findings = table(out, "articles"), table(out, "findings")
    assert len(findings) == articles["findings"].sum()
    for kind, group in findings.groupby("kind"):
        assert len(group) == articles[f"kind_{kind}"].sum()
    evidence = [json.loads(e) for e in findings["evidence"]]
    assert all(isinstance(e, dict) for e in evidence)
    assert set(findings["record_id"]) <= set(articles["record_id"])


def test_site_templates_are_found_per_domain_and_listed(reference):
    out, _ = reference
    sites = table(out, "sites")
    assert set(sites["domain"]) == {
        "lakeport-herald.example",
        "valley-courier.example",
        "metro-ledger.example",
        "coast-gazette.example",
    }
    texts = set(sites["text"])
    assert "Get the Metro Ledger morning briefing in your inbox every weekday." in texts
    assert (sites["pages"] >= 3).all() and (sites["share"] >= 0.3).all()
    story_lines = table(out, "paragraphs").query("role == 'content'")["text"]
    assert (
        not (set(story_lines) & texts)
        or (table(out, "articles")["site_template_content"] > 0).any()
    )


def test_summary_and_report(reference):
    out, _ = reference
    summary = json.loads((out / "summary.json").read_text())
    assert summary["records"] == len(table(out, "articles"))
    assert summary["skipped_by_reason"]["request"] > 0
    page = (out / "report.html").read_text(encoding="utf-8")

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.figures, self.current, self.external = {}, None, []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "figure":
                self.current = attrs.get("id")
                self.figures[self.current] = 0
            elif self.current and tag in ("path", "rect", "line", "text", "use"):
                self.figures[self.current] += 1
            for key in ("src", "href"):
                if (attrs.get(key) or "").startswith(("http:", "https:", "//")):
                    self.external.append(attrs[key])
            if tag in ("script", "link"):
                self.external.append(tag)

        def handle_endtag(self, tag):
            if tag == "figure":
                self.current = None

    parser = Collect()
    parser.feed(page)
    assert set(parser.figures) == {f"plot-{p}" for p in PLOTS}
    assert all(count > 10 for count in parser.figures.values()), parser.figures
    assert not parser.external
    assert "Template boilerplate per domain" in page and "morning briefing" in page
    assert "truncated record" in page


def test_summary_command_prints_the_headline(reference, capsys):
    from detector.cli import main

    out, _ = reference
    assert main(["audit", "--summary", str(out)]) == 0
    printed = capsys.readouterr().out
    records = json.loads((out / "summary.json").read_text())["records"]
    assert printed.startswith(f"{records} records, ")
    assert "worst domains:" in printed


def test_a_killed_audit_resumes_without_losing_or_repeating_a_record(archive, reference, tmp_path):
    path, _ = archive
    out = tmp_path / "out"
    command = [sys.executable, "-m", "detector", "audit", str(path), "--out", str(out), *ARGS]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        progress = list((out / "progress").glob("*.json")) if (out / "progress").exists() else []
        if any(json.loads(p.read_text())["chunks"] >= 2 for p in progress):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (out / "articles.parquet").exists()
    written = sum(json.loads(p.read_text())["records"] for p in (out / "progress").glob("*.json"))
    assert 0 < written < len(table(reference[0], "articles"))
    runs = list(run_audit([str(path)], out, options=OPTIONS))  # the rerun, in this process
    assert runs[-1].finished
    for name in ("articles", "findings", "paragraphs"):
        assert table(out, name).equals(table(reference[0], name)), name


def test_a_dask_cluster_gives_the_local_rows(archive, reference, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster:
        out = tmp_path / "dask"
        runs = list(
            run_audit([str(archive[0])], out, options=OPTIONS, scheduler=cluster.scheduler_address)
        )
    assert runs[-1].finished
    for name in ("articles", "findings", "sites"):
        assert table(out, name).equals(table(reference[0], name)), name


def test_a_record_over_the_time_limit_becomes_an_error_row_and_the_shard_goes_on(archive, tmp_path):
    path, counts = archive
    options = AuditOptions(chunk_records=3, records_per_shard=8, time_limit=1e-4)
    runs = list(run_audit([str(path)], tmp_path / "out", options=options))
    articles = table(tmp_path / "out", "articles")
    assert len(articles) == counts["html"] + counts["bad"] and articles["record_id"].is_unique
    # Nearly every record is over a limit of 0.1 ms; one that ends before the watchdog gets to
    # fire is not (the limit is a deadline the watchdog enforces, not a promise to fail).
    timed_out = articles["error"].str.contains("took longer than").sum()
    assert timed_out >= counts["html"] // 2
    assert runs[-1].errors == articles["error"].notna().sum()  # progress counts every error row


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "{tmp}/missing*.warc.gz", "--out", "{tmp}/o"],
        ["audit", "--summary", "{tmp}"],
        ["audit", "x.warc.gz"],
        ["audit", "x.warc.gz", "--out", "{tmp}/o", "-j", "0"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, tmp_path, capsys):
    from detector.cli import main

    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("detector: error: ")


def test_the_report_renders_in_headless_chromium(reference, tmp_path):
    import shutil

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no headless Chromium installed (Debian package 'chromium')")
    out, _ = reference
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1200,3000",
            f"--screenshot={shot}",
            (out / "report.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000


def test_an_export_is_audited_row_per_record_with_a_bad_line_as_an_error_row(tmp_path):
    records = [json.loads(line) for line in (ROOT / "datasets/articles/articles.jsonl").open()][:3]
    lines = [
        json.dumps(
            {
                "id": r["id"],
                "title": r["title"],
                "text": "\n".join(r["paragraphs"]),
                "url": f"https://export.example/news/{r['id']}",
                "date": r.get("date"),
            }
        )
        for r in records
    ]
    lines.insert(1, "{not json")
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = list(run_audit([str(export)], tmp_path / "out", options=OPTIONS))
    articles = table(tmp_path / "out", "articles")
    assert len(articles) == 4 and runs[-1].errors == 1
    assert articles["error"].notna().tolist() == [False, True, False, False]
    assert set(articles["domain"].dropna()) == {"export.example"}
    assert {r["id"] for r in records} <= set(articles["record_id"])


def test_csv_columns_are_configurable(tmp_path):
    import csv

    records = [json.loads(line) for line in (ROOT / "datasets/articles/articles.jsonl").open()][:2]
    export = tmp_path / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["headline", "body", "link"])
        for r in records:
            writer.writerow(
                [r["title"], "\n".join(r["paragraphs"]), f"https://csv.example/a/{r['id']}"]
            )
    columns = (("text", "body"), ("title", "headline"), ("url", "link"))
    options = AuditOptions(columns=columns, chunk_records=3, records_per_shard=8)
    list(run_audit([str(export)], tmp_path / "out", options=options))
    articles = table(tmp_path / "out", "articles")
    assert articles["title"].tolist() == [r["title"] for r in records]
    assert set(articles["domain"]) == {"csv.example"} and articles["error"].isna().all()


def test_a_page_with_only_metadata_is_a_row_with_sz002_and_one_with_nothing_an_error(tmp_path):
    shell = (
        "<html><head><title>Night bus stays</title>"
        "<meta name='description' content='The council keeps the night bus running.'>"
        "</head><body><div id='root'></div><script>render()</script></body></html>"
    )
    empty = "<html><body><div id='root'></div></body></html>"
    export = tmp_path / "export.jsonl"
    export.write_text(
        "\n".join(
            json.dumps({"id": name, "html": html, "url": f"https://spa.example/{name}"})
            for name, html in (("shell", shell), ("empty", empty))
        )
        + "\n",
        encoding="utf-8",
    )
    list(run_audit([str(export)], tmp_path / "out", options=OPTIONS))
    articles = table(tmp_path / "out", "articles").set_index("record_id")
    assert len(articles) == 2 and articles["error"].notna().tolist() == [False, True]
    assert articles.loc["shell", "paragraphs"] == 0
    assert "no visible text" in articles["error"].iloc[1]
    findings = table(tmp_path / "out", "findings")
    assert findings.loc[findings["record_id"] == "shell", "rule"].tolist() == ["SZ002"]


def test_warc_ranges_balance_their_cost_not_their_count() -> None:
    """A stretch of large pages is cut finer than one of small pages, so no range of the
    archive's end holds one worker long after the others are done."""
    from detector.audit.shards import MIN_SHARD_RECORDS, _balanced_cuts

    sizes = [5_000] * 1_500 + [60_000] * 500
    offsets = [sum(sizes[:i]) for i in range(len(sizes))]
    firsts = _balanced_cuts(offsets, sum(sizes), 1_000, 8)
    typical = sorted(sizes)[len(sizes) // 2]
    costs = [
        sum(s + typical for s in sizes[a:b])
        for a, b in zip(firsts, [*firsts[1:], len(sizes)], strict=True)
    ]
    assert len(firsts) >= 8 and firsts[0] == 0 and firsts == sorted(set(firsts))
    assert max(costs) <= 1.1 * min(costs)  # about equal work each
    counts = [b - a for a, b in zip(firsts, [*firsts[1:], len(sizes)], strict=True)]
    assert counts[0] > 3 * counts[-1]  # the large pages' ranges hold fewer records
    assert all(MIN_SHARD_RECORDS <= c <= 1_000 for c in counts)
    uniform = _balanced_cuts(list(range(0, 20 * 100, 100)), 2_000, 8, 8)
    assert uniform == [0, 7, 14]  # at most 8 a range, none left with a remainder of two


def test_an_audit_applies_the_settings_furniture(tmp_path):
    """``furniture`` in the settings holds in an audit as in ``score``: the listed paragraph is
    counted as boilerplate, and nothing else moves."""
    records = [json.loads(line) for line in (ROOT / "datasets/articles/articles.jsonl").open()][:2]
    export = tmp_path / "export.jsonl"
    export.write_text(
        "".join(json.dumps({"text": "\n".join(r["paragraphs"])}) + "\n" for r in records),
        encoding="utf-8",
    )
    listed = records[0]["paragraphs"][-1]
    rows = {}
    for name, furniture in (("plain", ()), ("listed", (listed,))):
        options = AuditOptions(config=Config(furniture=furniture), chunk_records=3)
        list(run_audit([str(export)], tmp_path / name, options=options))
        rows[name] = table(tmp_path / name, "articles")
    plain, with_list = rows["plain"], rows["listed"]
    assert with_list["role_boilerplate"].tolist()[0] == plain["role_boilerplate"].tolist()[0] + 1
    assert with_list["role_boilerplate"].tolist()[1] == plain["role_boilerplate"].tolist()[1]
