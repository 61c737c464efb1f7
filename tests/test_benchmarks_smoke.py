"""The benchmark script's measuring functions, run on tiny inputs: well-formed numbers, no timing.

The script lives in ``benchmarks/`` (not a package), so it is loaded from its path. A stand-in
model keeps these tests independent of the shipped model; the memory worker, which loads the
shipped model in a fresh process, is exercised with trafilatura only.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detector.checks import CHECKS

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_score.py"

STORY = """Harbour Council Approves Ferry Timetable
By Lena Okafor
March 4, 2024
The harbour council voted on Tuesday to run the morning ferry every twenty minutes from April.
Councillors said the change follows two winters of complaints about crowded early crossings.
The operator will add a fourth boat, leased from a northern yard, until its own vessel is refitted.
Share this article
Subscribe to our newsletter
"""

PAGE = """<!DOCTYPE html><html><head><title>Orchard growers try netting</title>
<meta property="og:title" content="Orchard growers try netting"></head><body>
<nav><a href="/">Home</a> <a href="/farming">Farming</a></nav>
<article><h1>Orchard growers try netting</h1>
<p>Apple growers in the valley have started covering young trees with fine netting this spring.</p>
<p>The nets keep birds off the blossom and cut the damage from late hail, one grower explained.</p>
<p>Suppliers expect demand to double next year if the trial orchards report better harvests.</p>
</article><footer><p>Copyright Valley Weekly. All rights reserved.</p></footer></body></html>
"""


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_score", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_score"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def _is_duration(value: Any) -> bool:
    return isinstance(value, float) and math.isfinite(value) and value >= 0


def _assert_stats(stats: dict[str, Any], runs: int) -> None:
    assert stats["runs"] == runs
    for key in ("median", "mean", "minimum", "maximum", "total"):
        assert _is_duration(stats[key]), key
    assert stats["minimum"] <= stats["median"] <= stats["maximum"]
    assert stats["total"] >= stats["maximum"]


def test_time_runs_counts_calls_and_summarises(bench: ModuleType) -> None:
    calls = []
    stats = bench.time_runs(lambda: calls.append(1), 5, warmup=2)
    assert len(calls) == 7
    _assert_stats(bench.Stats.to_dict(stats), 5)


def test_warm_figures_use_cpu_time_unless_told(bench: ModuleType) -> None:
    assert bench._parse([]).clock == "cpu"
    assert bench.CLOCKS["cpu"] is time.process_time
    assert bench._parse(["--clock", "wall"]).clock == "wall"
    # CPU time does not run while the process sleeps, as it does not while other jobs run.
    start = bench.CLOCKS["cpu"]()
    time.sleep(0.05)
    assert bench.CLOCKS["cpu"]() - start < 0.04


@pytest.mark.parametrize(("value", "peer", "expected"), [(2.0, 4.0, 0.5), (3.0, 0.0, None)])
def test_ratio(bench: ModuleType, value: float, peer: float, expected: float | None) -> None:
    assert bench.ratio(value, peer) == expected


def test_html_of_keeps_every_paragraph(bench: ModuleType, make_article: Any) -> None:
    article = make_article("Fish & chips <cheap>\nSecond line")
    page = bench.html_of(article)
    assert page.count("<p>") == 2
    assert "Fish &amp; chips &lt;cheap&gt;" in page


def test_bench_text(bench: ModuleType, make_article: Any, fake_model: Any) -> None:
    result = bench.bench_text(make_article(STORY), fake_model(), runs=3)
    assert result["paragraphs"] == 8
    _assert_stats(result["analyze"], 3)
    _assert_stats(result["peer_trafilatura_extract"], 3)
    _assert_stats(result["analyze_one_thread"], 3)
    assert result["ratio_vs_peer"] > 0
    assert result["ratio_vs_one_thread"] > 0
    assert result["ratio_vs_budget"] == pytest.approx(result["analyze"]["median"])


def test_bench_checks(bench: ModuleType, make_article: Any, fake_model: Any) -> None:
    model = fake_model({"Share this article": "boilerplate", "By Lena Okafor": "byline"})
    result = bench.bench_checks(make_article(STORY), model, runs=3)
    _assert_stats(result["checks"], 3)
    _assert_stats(result["model_predict"], 3)
    assert set(result["checks_run"]) | set(result["checks_skipped"]) == {c.name for c in CHECKS}
    assert set(result["per_check_median"]) == set(result["checks_run"])
    assert all(_is_duration(v) for v in result["per_check_median"].values())
    assert result["ratio_checks_vs_predict"] > 0


def test_bench_pages_breaks_down_every_stage(bench: ModuleType, fake_model: Any) -> None:
    pages = [("a.html", PAGE.encode()), ("b.html", PAGE.replace("spring", "year").encode())]
    result = bench.bench_pages(pages, fake_model())
    assert result["pages"] == 2
    _assert_stats(result["detector"], 2)
    _assert_stats(result["peer_trafilatura_extract"], 2)
    for row in result["rows"]:
        for stage in ("total", "loader", "trafilatura", "model", "checks", "peer"):
            assert _is_duration(row[stage]), stage
        assert row["loader"] + row["model"] + row["checks"] <= row["total"]
        assert row["trafilatura"] <= row["loader"]
    shares = [
        s["share_of_total"]
        for name, s in result["stages"].items()
        if name in ("loader", "model", "checks", "engine_other")
    ]
    assert sum(shares) == pytest.approx(1.0)
    assert set(result["per_check_mean"]) <= {c.name for c in CHECKS}
    assert result["ratio_median"] > 0
    # Each page's plain-text version is timed too, against the same trafilatura figure.
    assert all(_is_duration(row["text"]) for row in result["rows"])
    _assert_stats(result["text_article"], 2)
    assert result["text_ratio_median"] > 0


def test_bench_pages_restores_the_loader(bench: ModuleType, fake_model: Any) -> None:
    import detector.loaders.html as html_loader

    before = (html_loader._extract, html_loader._htmldate)
    bench.bench_pages([("a.html", PAGE.encode())], fake_model())
    assert (html_loader._extract, html_loader._htmldate) == before


def test_load_pages_and_memory_worker(bench: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "corpora" / "scrapinghub" / "html"
    folder.mkdir(parents=True)
    (folder / "one.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    assert bench.load_pages(tmp_path) == [("one.html", PAGE.encode())]
    assert bench.load_pages(None) == []
    result = bench.peak_memory("trafilatura", tmp_path)
    assert result["pages"] == 1
    assert result["peak_mib"] >= result["peak_after_setup_mib"] > 0
    # Going round the corpus: three pages scored from one, the peak after the first round kept.
    result = bench.peak_memory("trafilatura", tmp_path, total=3)
    assert (result["pages"], result["distinct_pages"]) == (3, 1)
    assert result["peak_mib"] >= result["peak_after_one_round_mib"] > 0


def test_cli_is_timed_against_importing_the_peer(bench: ModuleType, tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(STORY, encoding="utf-8")
    result = bench.cli_versus_import(article, None, runs=1)
    _assert_stats(result["detector_score"], 1)
    _assert_stats(result["peer_import_trafilatura"], 1)
    assert result["ratio"] > 0


def test_cold_start_reports_wall_time_and_inner_json(bench: ModuleType) -> None:
    result = bench.cold_start("import json; print(json.dumps({'import': 0.5}))", runs=2)
    _assert_stats(result["wall"], 2)
    assert result["inside"] == {"import": 0.5}


def test_table_and_results_are_json(bench: ModuleType, make_article: Any, fake_model: Any) -> None:
    results = {
        "machine": bench.machine_facts(),
        "model": "fake",
        "skipped": ["no corpus"],
        "checks": bench.bench_checks(make_article(STORY), fake_model(), runs=2),
    }
    assert results["machine"]["cpu_count"] >= 1
    assert results["machine"]["versions"]["detector"]
    rendered = bench.table(results)
    assert "3. all checks" in rendered
    assert "skipped: no corpus" in rendered
    assert json.loads(json.dumps(results)) == results


@pytest.fixture(scope="module")
def bench_audit() -> ModuleType:
    path = SCRIPT.parent / "bench_audit.py"
    spec = importlib.util.spec_from_file_location("bench_audit", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_audit"] = module  # the peer's processes import it by name (it adds its
    spec.loader.exec_module(module)  # folder to sys.path, which spawned children inherit)
    return module


def test_audit_runs_are_summarised_by_their_medians(bench_audit: ModuleType) -> None:
    runs = [
        {"audit_j1": {"records": 10, "steady_records_per_s": rate}, "ratios": {"x": ratio}}
        for rate, ratio in ((40.0, 1.3), (44.0, 2.0), (39.0, 1.9))
    ]
    assert bench_audit._medians(runs) == {
        "audit_j1": {"records": 10, "steady_records_per_s": 40.0},
        "ratios": {"x": 1.9},
    }


def test_the_peer_is_also_timed_in_two_processes(bench_audit: ModuleType) -> None:
    seconds = bench_audit.time_trafilatura_processes([PAGE] * 4, 2)
    assert _is_duration(seconds) and seconds > 0
