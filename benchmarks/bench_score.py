"""Measure how fast detector scores articles and how much memory it takes, against peers.

Every figure is a ratio against a peer measured in the same run, because the machines this runs
on are shared and noisy; absolute times are reported beside the ratios. Sections:

* ``text``   -- one plain-text article of seed size: warm ``detector.analyze`` (median of N runs)
  against trafilatura extracting the same paragraphs wrapped in ``<p>`` tags, and against the
  one-second budget; cold start (import and model load, in a fresh interpreter) against
  ``python -c "import trafilatura"``.
* ``html``   -- every page of the scrapinghub benchmark: detector's whole analysis (loader,
  trafilatura included, model, checks) against ``trafilatura.extract`` alone on the same bytes,
  with detector's time broken down by stage and by check.
* ``checks`` -- every registered check run on the seed article's analysis, against the paragraph
  model's ``predict`` on the same article (the target: checks cost less than the classifier).
* ``memory`` -- peak resident memory of one process scoring every page, against one process
  running trafilatura alone on them.

Run ``python benchmarks/bench_score.py --help`` for the options; ``benchmarks/README.md`` explains
each figure. The corpus sections skip with a message when the shared folder is absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import html
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import detector
from detector.article import Article
from detector.checks import CHECKS
from detector.checks.base import Analysis, Check
from detector.loaders import read

__all__ = [
    "BUDGET_SECONDS",
    "SECTIONS",
    "Stats",
    "bench_checks",
    "bench_pages",
    "bench_text",
    "cold_start",
    "html_of",
    "load_pages",
    "machine_facts",
    "peak_memory",
    "ratio",
    "seed_path",
    "shared_root",
    "time_runs",
]

REPO = Path(__file__).resolve().parents[1]
SECTIONS = ("text", "checks", "html", "memory")
#: The issue's target for scoring one article after start-up.
BUDGET_SECONDS = 1.0
PAGES_GLOB = "corpora/scrapinghub/html/*.html.gz"
FALLBACK_ARTICLE = REPO / "examples" / "sample-article.txt"
VERSIONED = (
    "detector",
    "scikit-learn",
    "numpy",
    "pandas",
    "scipy",
    "trafilatura",
    "htmldate",
    "lxml",
    "skops",
)

# Code run in a fresh interpreter for the cold-start figures; each prints one JSON object.
COLD_DETECTOR = """
import json, time
t0 = time.perf_counter()
import detector
t1 = time.perf_counter()
model = detector.load_model({model!r})
t2 = time.perf_counter()
[report] = detector.analyze_path({article!r}, model=model)
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "load_model": t2 - t1, "first_article": t3 - t2}}))
"""
COLD_TRAFILATURA = """
import json, time
t0 = time.perf_counter()
import trafilatura
print(json.dumps({"import": time.perf_counter() - t0}))
"""
COLD_PYTHON = "pass"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


# --------------------------------------------------------------------------------------------
# Timing and reporting primitives


@dataclass(frozen=True, slots=True)
class Stats:
    """Summary of repeated timings, in seconds."""

    runs: int
    median: float
    mean: float
    minimum: float
    maximum: float
    total: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        """Summarise ``samples`` (at least one)."""
        if not samples:
            raise ValueError("no samples to summarise")
        return cls(
            len(samples),
            statistics.median(samples),
            statistics.fmean(samples),
            min(samples),
            max(samples),
            sum(samples),
        )

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a JSON-ready dict."""
        return dataclasses.asdict(self)


#: The clock of the warm, in-process figures: the process's CPU time by default (``--clock cpu``),
#: which other jobs on a shared machine disturb far less than wall time (``--clock wall``). Both
#: sides of every ratio run single-threaded Python in this process, so their CPU times compare.
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
clock: Callable[[], float] = CLOCKS["cpu"]


def time_runs(fn: Callable[[], object], runs: int, *, warmup: int = 1) -> Stats:
    """Call ``fn`` ``warmup`` times untimed, then ``runs`` times timed; summarise the timings."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = clock()
        fn()
        samples.append(clock() - start)
    return Stats.of(samples)


def ratio(value: float, peer: float) -> float | None:
    """Return ``value / peer``, or None when the peer took no measurable time."""
    return value / peer if peer > 0 else None


class Stopwatch:
    """Accumulate time spent in named stages, across calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the time spent in the ``with`` body to stage ``name``."""
        start = clock()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + clock() - start

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Return ``fn`` timed into stage ``name`` on every call."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return fn(*args, **kwargs)

        return timed

    def take(self) -> dict[str, float]:
        """Return the stages timed since the last call and start afresh."""
        taken, self.seconds = self.seconds, {}
        return taken


class TimedModel:
    """A paragraph model whose ``predict`` calls are timed into a stopwatch."""

    def __init__(self, model: Any, watch: Stopwatch) -> None:
        self.model = model
        self.name = model.name
        self.predict = watch.wrap("model", model.predict)


def timed_checks(checks: Iterable[Check], watch: Stopwatch) -> tuple[Check, ...]:
    """Return copies of ``checks`` whose runs are timed, each into ``check:<name>``."""
    return tuple(
        dataclasses.replace(c, run=watch.wrap(f"check:{c.name}", _listing(c.run))) for c in checks
    )


def _listing(run: Callable[[Analysis], Iterable[Any]]) -> Callable[[Analysis], list[Any]]:
    """Make a check's run return a list, so that a lazy check is timed doing its work."""
    return lambda analysis: list(run(analysis))


# --------------------------------------------------------------------------------------------
# Inputs and machine facts


def shared_root(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Locate the shared folder: ``explicit``, then $DETECTOR_SHARED, then ``../shared``."""
    candidates = [explicit, os.environ.get("DETECTOR_SHARED"), REPO.parent / "shared"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def seed_path(shared: Path | None) -> Path:
    """Return the seed article, or the repository's sample article when shared is absent."""
    if shared is not None and (shared / "examples" / "seed-article.txt").is_file():
        return shared / "examples" / "seed-article.txt"
    return FALLBACK_ARTICLE


def load_pages(shared: Path | None, limit: int | None = None) -> list[tuple[str, bytes]]:
    """Read the benchmark pages (name, decompressed HTML bytes); empty when shared is absent."""
    if shared is None:
        return []
    files = sorted(shared.glob(PAGES_GLOB))[:limit]
    return [(path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())) for path in files]


def html_of(article: Article) -> str:
    """Render a plain-text article as a minimal HTML page, one ``<p>`` per paragraph."""
    body = "\n".join(f"<p>{html.escape(p.text)}</p>" for p in article.paragraphs)
    return (
        f"<!DOCTYPE html>\n<html><head><title></title></head><body><article>\n{body}\n"
        "</article></body></html>"
    )


def machine_facts() -> dict[str, Any]:
    """Describe the machine, interpreter and library versions this run measured."""
    versions = {}
    for name in VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "processor": platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "versions": versions,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


# --------------------------------------------------------------------------------------------
# Section: one plain-text article


def bench_text(article: Article, model: Any, runs: int) -> dict[str, Any]:
    """Time warm ``detector.analyze`` on ``article`` against trafilatura on the same text."""
    import trafilatura
    from threadpoolctl import threadpool_limits

    page = html_of(article)
    analyze = time_runs(lambda: detector.analyze(article, model=model), runs, warmup=2)
    peer = time_runs(lambda: trafilatura.extract(page), runs, warmup=2)
    with threadpool_limits(limits=1):
        single = time_runs(lambda: detector.analyze(article, model=model), runs, warmup=2)
    return {
        "paragraphs": len(article.paragraphs),
        "characters": sum(len(p.text) for p in article.paragraphs),
        "analyze": analyze.to_dict(),
        "analyze_one_thread": single.to_dict(),
        "peer_trafilatura_extract": peer.to_dict(),
        "ratio_vs_peer": ratio(analyze.median, peer.median),
        "ratio_vs_budget": ratio(analyze.median, BUDGET_SECONDS),
        "ratio_vs_one_thread": ratio(analyze.median, single.median),
    }


def cold_start(code: str, runs: int, python: str = sys.executable) -> dict[str, Any]:
    """Run ``python -c code`` ``runs`` times; return wall-time stats and the JSON it printed."""
    walls = []
    inner: dict[str, Any] = {}
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [python, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
        )
        walls.append(time.perf_counter() - start)
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise RuntimeError(f"cold-start command failed: {tail[0]}")
        last = done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []
        inner = json.loads(last[0]) if last else {}
    return {"wall": Stats.of(walls).to_dict(), "inside": inner}


def cli_versus_import(
    article_path: Path, model_path: str | None, runs: int, python: str = sys.executable
) -> dict[str, Any]:
    """Wall time of ``detector score ARTICLE`` against ``python -c "import trafilatura"``.

    The two commands alternate, run by run, so that load from other processes falls on both.
    ``detector score`` exits 1 when the article is not publishable: that is a result, not a
    failure.
    """
    own_command = [python, "-m", "detector", "score", str(article_path)]
    if model_path:
        own_command += ["--model", model_path]
    peer_command = [python, "-c", "import trafilatura"]
    own, peer = [], []
    for _ in range(runs):
        for command, walls in ((peer_command, peer), (own_command, own)):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
            walls.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
                raise RuntimeError(f"{' '.join(command[1:])} failed: {tail[0]}")
    own_stats, peer_stats = Stats.of(own), Stats.of(peer)
    return {
        "detector_score": own_stats.to_dict(),
        "peer_import_trafilatura": peer_stats.to_dict(),
        "ratio": ratio(own_stats.median, peer_stats.median),
    }


def bench_cold(article_path: Path, model_path: str | None, runs: int) -> dict[str, Any]:
    """Cold start of detector (import, model load, first article) against importing trafilatura."""
    bare = cold_start(COLD_PYTHON, runs)
    peer = cold_start(COLD_TRAFILATURA, runs)
    own = cold_start(COLD_DETECTOR.format(model=model_path, article=str(article_path)), runs)
    return {
        "python_bare": bare,
        "peer_import_trafilatura": peer,
        "detector": own,
        "cli": cli_versus_import(article_path, model_path, runs),
        "ratio_wall_vs_peer": ratio(own["wall"]["median"], peer["wall"]["median"]),
        "ratio_startup_vs_peer_import": ratio(
            own["inside"]["import"] + own["inside"]["load_model"], peer["inside"]["import"]
        ),
    }


# --------------------------------------------------------------------------------------------
# Section: checks against the classifier


def bench_checks(article: Article, model: Any, runs: int) -> dict[str, Any]:
    """Time every registered check on ``article``'s analysis against the model's predict."""
    predict = time_runs(lambda: model.predict(article), runs)
    analysis = Analysis(article, tuple(model.predict(article)))
    runnable = [c for c in CHECKS if not c.missing(analysis)]
    skipped = [c.name for c in CHECKS if c.missing(analysis)]

    def run_all() -> None:
        for check in runnable:
            list(check.run(analysis))

    together = time_runs(run_all, runs)
    each = {c.name: time_runs(lambda c=c: list(c.run(analysis)), runs).median for c in runnable}
    return {
        "paragraphs": len(article.paragraphs),
        "model_predict": predict.to_dict(),
        "checks": together.to_dict(),
        "checks_run": [c.name for c in runnable],
        "checks_skipped": skipped,
        "per_check_median": dict(sorted(each.items(), key=lambda kv: -kv[1])),
        "ratio_checks_vs_predict": ratio(together.median, predict.median),
    }


# --------------------------------------------------------------------------------------------
# Section: HTML pages


def text_of(articles: Sequence[Article]) -> bytes:
    """The plain-text article a page becomes when a scrape keeps every visible block."""
    return "\n\n".join(p.text for a in articles for p in a.paragraphs).encode("utf-8")


def bench_pages(pages: Sequence[tuple[str, bytes]], model: Any) -> dict[str, Any]:
    """Analyse each page fully and time ``trafilatura.extract(with_metadata=True)`` on it; break
    detector down by stage; and time the page's plain-text version (read + analyze) too.

    Detector and the peer alternate which goes first from page to page, so that a burst of load
    from another process falls on both. The first page is run once untimed to pay lazy imports.
    """
    import trafilatura

    import detector.loaders.html as html_loader
    import detector.parts as parts
    import detector.runtime as runtime

    if not pages:
        raise ValueError("no pages to benchmark")
    watch = Stopwatch()
    timed_model = TimedModel(model, watch)
    checks = timed_checks(CHECKS, watch)
    original = (html_loader._extract, html_loader._htmldate)
    # Inside the model: the hand-built features, the hashed n-gram models (stage 0 and the kind
    # model), the two forests, and the article parts; the rest is model_other.
    inner = (
        runtime.compute_features,
        runtime.Lexical.decision,
        runtime.Forest.raw,
        parts.refine,
    )

    def run_detector(name: str, data: bytes) -> bytes:
        with watch.stage("total"):
            with watch.stage("loader"):
                articles = list(read(name, data=data, input_format="html"))
            for article in articles:
                detector.analyze(article, model=timed_model, checks=checks)
        return text_of(articles)

    def run_text(name: str, text: bytes) -> float:
        start = clock()
        for article in read(name + ".txt", data=text, input_format="text"):
            detector.analyze(article, model=model)
        return clock() - start

    def run_peer(data: bytes) -> float:
        start = clock()
        trafilatura.extract(data, with_metadata=True)
        return clock() - start

    html_loader._extract = watch.wrap("trafilatura", html_loader._extract)
    html_loader._htmldate = watch.wrap("htmldate", html_loader._htmldate)
    runtime.compute_features = watch.wrap("features", runtime.compute_features)
    lexical, forests = watch.wrap("lexical", inner[1]), watch.wrap("forests", inner[2])
    runtime.Lexical.decision, runtime.Forest.raw = lexical, forests  # type: ignore[method-assign]
    parts.refine = watch.wrap("parts", parts.refine)
    try:
        run_text(pages[0][0], run_detector(*pages[0]))
        run_peer(pages[0][1])
        watch.take()
        rows = []
        for number, (name, data) in enumerate(pages):
            if number % 2:
                peer = run_peer(data)
                text = run_detector(name, data)
            else:
                text = run_detector(name, data)
                peer = run_peer(data)
            stages = watch.take()
            plain = run_text(name, text)
            watch.take()  # the model's inner stages on the plain text: not this page's
            rows.append({"page": name, "bytes": len(data), "peer": peer, "text": plain, **stages})
    finally:
        html_loader._extract, html_loader._htmldate = original
        runtime.compute_features, parts.refine = inner[0], inner[3]
        runtime.Lexical.decision, runtime.Forest.raw = inner[1:3]  # type: ignore[method-assign]
    return summarise_pages(rows)


def summarise_pages(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Turn per-page stage timings into per-page medians, means, shares and ratios."""
    totals = [r["total"] for r in rows]
    peers = [r["peer"] for r in rows]
    texts = [r.get("text", 0.0) for r in rows]
    for row in rows:
        row["checks"] = sum(v for k, v in row.items() if k.startswith("check:"))
        row["engine_other"] = row["total"] - row["loader"] - row.get("model", 0.0) - row["checks"]
        row["loader_other"] = row["loader"] - row.get("trafilatura", 0.0) - row.get("htmldate", 0.0)
        row["model_other"] = row.get("model", 0.0) - sum(
            row.get(name, 0.0) for name in ("features", "lexical", "forests", "parts")
        )
    stage_names = [
        "loader",
        "trafilatura",
        "htmldate",
        "loader_other",
        "model",
        "features",
        "lexical",
        "forests",
        "parts",
        "model_other",
        "checks",
        "engine_other",
    ]
    stages = {}
    for name in stage_names:
        values = [r.get(name, 0.0) for r in rows]
        stages[name] = {
            "median": statistics.median(values),
            "mean": statistics.fmean(values),
            "share_of_total": sum(values) / sum(totals) if sum(totals) else None,
        }
    check_names = sorted({k for r in rows for k in r if k.startswith("check:")})
    per_check = {
        name.removeprefix("check:"): statistics.fmean(r.get(name, 0.0) for r in rows)
        for name in check_names
    }
    slowest = max(rows, key=lambda r: r["total"])
    detector_stats = Stats.of(totals)
    peer_stats = Stats.of(peers)
    per_page_ratios = [t / p for t, p in zip(totals, peers, strict=True) if p > 0]
    return {
        "pages": len(rows),
        "detector": detector_stats.to_dict(),
        "peer_trafilatura_extract": peer_stats.to_dict(),
        "ratio_median": ratio(detector_stats.median, peer_stats.median),
        "ratio_mean": ratio(detector_stats.mean, peer_stats.mean),
        "median_of_page_ratios": statistics.median(per_page_ratios) if per_page_ratios else None,
        "text_article": Stats.of(texts).to_dict(),
        "text_ratio_median": ratio(statistics.median(texts), peer_stats.median),
        "text_ratio_mean": ratio(statistics.fmean(texts), peer_stats.mean),
        "ratio_checks_vs_model": ratio(
            sum(r["checks"] for r in rows), sum(r.get("model", 0.0) for r in rows)
        ),
        "stages": stages,
        "per_check_mean": dict(sorted(per_check.items(), key=lambda kv: -kv[1])),
        "slowest_page": {
            "page": slowest["page"],
            "bytes": slowest["bytes"],
            "total": slowest["total"],
            "peer": slowest["peer"],
        },
        "rows": list(rows),
    }


# --------------------------------------------------------------------------------------------
# Section: peak memory


def peak_memory(
    worker: str,
    shared: Path,
    *,
    model_path: str | None = None,
    limit: int | None = None,
    total: int | None = None,
    python: str = sys.executable,
) -> dict[str, Any]:
    """Run a memory worker (``detector`` or ``trafilatura``) in a fresh process; return its JSON."""
    command = [python, str(Path(__file__).resolve()), "--worker", worker, "--shared", str(shared)]
    if model_path:
        command += ["--model", model_path]
    if limit is not None:
        command += ["--pages", str(limit)]
    # Always explicit: the command line's default (1,000) is for the memory section, and 0 means
    # "each page once".
    command += ["--memory-pages", str(total or 0)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"memory worker {worker} failed: {tail[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rss_mib() -> float | None:
    """Return this process's current resident memory in MiB (Linux only, else None)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_rss_mib() -> float:
    """Return this process's peak resident memory in MiB.

    On Linux this reads ``VmHWM`` from ``/proc/self/status``, which starts afresh when a program is
    executed. ``getrusage``'s ``ru_maxrss`` (the fallback elsewhere) is inherited across fork and
    exec, so a child of a big parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB else


def _memory_worker(
    worker: str, shared: Path, model_path: str | None, limit: int | None, total: int | None
) -> None:
    """Score (or extract) ``total`` pages in this process, going round the corpus pages as often
    as needed, and print peak RSS as JSON (also after the first round, to show it stays flat)."""
    files = sorted(shared.glob(PAGES_GLOB))[:limit]
    total = total or len(files)
    if worker == "detector":
        model = detector.load_model(model_path)
        import trafilatura  # noqa: F401  -- imported by the loader anyway; count it in setup

        def one(name: str, data: bytes) -> None:
            for article in read(name, data=data, input_format="html"):
                detector.analyze(article, model=model)
    else:
        import trafilatura

        def one(name: str, data: bytes) -> None:
            trafilatura.extract(data, with_metadata=True)

    after_setup = _peak_rss_mib()
    rss_after_setup = _rss_mib()
    after_round = None
    start = time.perf_counter()
    for number in range(total):
        path = files[number % len(files)]
        one(path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes()))
        if number + 1 == len(files):
            after_round = _peak_rss_mib()
    print(
        json.dumps(
            {
                "worker": worker,
                "pages": total,
                "distinct_pages": len(files),
                "peak_after_setup_mib": after_setup,
                "peak_after_one_round_mib": after_round,
                "peak_mib": _peak_rss_mib(),
                "rss_after_setup_mib": rss_after_setup,
                "rss_end_mib": _rss_mib(),
                "seconds": time.perf_counter() - start,
            }
        )
    )


def bench_memory(
    shared: Path, model_path: str | None, limit: int | None, total: int | None = None
) -> dict[str, Any]:
    """Peak memory of detector over the pages against trafilatura alone over them."""
    peer = peak_memory("trafilatura", shared, limit=limit, total=total)
    own = peak_memory("detector", shared, model_path=model_path, limit=limit, total=total)
    own_growth = own["peak_mib"] - own["peak_after_setup_mib"]
    peer_growth = peer["peak_mib"] - peer["peak_after_setup_mib"]
    return {
        "detector": own,
        "peer_trafilatura": peer,
        "ratio_peak": ratio(own["peak_mib"], peer["peak_mib"]),
        "ratio_growth": ratio(own_growth, peer_growth),
    }


# --------------------------------------------------------------------------------------------
# Table


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.1f} ms"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def table(results: dict[str, Any]) -> str:
    """Render the results as a plain-text table."""
    lines = []
    facts = results["machine"]
    lines.append(
        f"python {facts['python']}, {facts['usable_cpus']}/{facts['cpu_count']} cpus, "
        f"load {', '.join(f'{v:.2f}' for v in facts['load_average'] or [])}; "
        f"model {results.get('model', '-')}; threads {results.get('threads', '-')}; "
        f"warm figures in {results.get('clock', 'wall')} time"
    )
    rows: list[tuple[str, str, str, str]] = []
    text = results.get("text")
    if text:
        a, p = text["analyze"], text["peer_trafilatura_extract"]
        rows.append(
            (
                f"1. analyze, warm, {text['paragraphs']} paragraphs (median of {a['runs']})",
                _ms(a["median"]),
                f"trafilatura.extract same text {_ms(p['median'])}",
                _x(text["ratio_vs_peer"]),
            )
        )
        one = text["ratio_vs_one_thread"]
        rows.append(
            (
                "   ... same, native thread pools limited to 1",
                _ms(text["analyze_one_thread"]["median"]),
                "analyze with default thread pools",
                _x(1 / one if one else None),
            )
        )
        rows.append(
            (
                "   ... against the 1 s budget",
                _ms(a["median"]),
                "budget 1,000.0 ms",
                _x(text["ratio_vs_budget"]),
            )
        )
    cold = results.get("cold")
    if cold:
        d, p = cold["detector"], cold["peer_import_trafilatura"]
        inside = d["inside"]
        cli = cold.get("cli")
        if cli:
            peer_cli = cli["peer_import_trafilatura"]["median"]
            rows.append(
                (
                    f"1. `detector score {results['article']}`, whole process (median of "
                    f"{cli['detector_score']['runs']})",
                    _ms(cli["detector_score"]["median"]),
                    f"python -c 'import trafilatura' {_ms(peer_cli)}",
                    _x(cli["ratio"]),
                )
            )
        rows.append(
            (
                "1. cold: import detector + load model",
                _ms(inside["import"] + inside["load_model"]),
                f"import trafilatura {_ms(p['inside']['import'])}",
                _x(cold["ratio_startup_vs_peer_import"]),
            )
        )
        rows.append(
            (
                "   ... whole process incl. first article (wall)",
                _ms(d["wall"]["median"]),
                f"python -c 'import trafilatura' {_ms(p['wall']['median'])}",
                _x(cold["ratio_wall_vs_peer"]),
            )
        )
        rows.append(
            (
                "   ... of which import / load / first article",
                "/".join(
                    f"{inside[k] * 1000:.0f}" for k in ("import", "load_model", "first_article")
                )
                + " ms",
                f"bare python {_ms(cold['python_bare']['wall']['median'])}",
                "",
            )
        )
    pages = results.get("html")
    if pages:
        d, p = pages["detector"], pages["peer_trafilatura_extract"]
        rows.append(
            (
                f"2. html page, full analysis, median ({pages['pages']} pages)",
                _ms(d["median"]),
                f"trafilatura.extract(with_metadata) {_ms(p['median'])}",
                _x(pages["ratio_median"]),
            )
        )
        rows.append(
            (
                "   ... mean per page",
                _ms(d["mean"]),
                f"trafilatura.extract {_ms(p['mean'])}",
                _x(pages["ratio_mean"]),
            )
        )
        if "text_article" in pages:
            t = pages["text_article"]
            rows.append(
                (
                    "2b. the page as a plain-text article, median",
                    _ms(t["median"]),
                    f"trafilatura.extract of the page {_ms(p['median'])}",
                    _x(pages["text_ratio_median"]),
                )
            )
            rows.append(
                (
                    "   ... mean per page",
                    _ms(t["mean"]),
                    f"trafilatura.extract {_ms(p['mean'])}",
                    _x(pages["text_ratio_mean"]),
                )
            )
        for name, stage in pages["stages"].items():
            rows.append(
                (
                    f"   stage {name} (median / mean)",
                    _ms(stage["median"]),
                    f"mean {_ms(stage['mean'])}",
                    f"{stage['share_of_total']:.0%}" if stage["share_of_total"] else "-",
                )
            )
        rows.append(
            ("   checks vs model, summed over pages", "", "", _x(pages["ratio_checks_vs_model"]))
        )
    checks = results.get("checks")
    if checks:
        rows.append(
            (
                f"3. all checks, seed article ({len(checks['checks_run'])} checks)",
                _ms(checks["checks"]["median"]),
                f"model predict {_ms(checks['model_predict']['median'])}",
                _x(checks["ratio_checks_vs_predict"]),
            )
        )
    memory = results.get("memory")
    if memory:
        d, p = memory["detector"], memory["peer_trafilatura"]
        rows.append(
            (
                f"4. peak RSS, {d['pages']} pages in one process",
                f"{d['peak_mib']:.0f} MiB",
                f"trafilatura alone {p['peak_mib']:.0f} MiB",
                _x(memory["ratio_peak"]),
            )
        )
        growth = d["peak_mib"] - d["peak_after_setup_mib"]
        if d.get("peak_after_one_round_mib") and d["pages"] > d.get("distinct_pages", d["pages"]):
            rows.append(
                (
                    f"   ... peak after the first {d['distinct_pages']} pages",
                    f"{d['peak_after_one_round_mib']:.0f} MiB",
                    f"trafilatura {p['peak_after_one_round_mib']:.0f} MiB",
                    "",
                )
            )
        rows.append(
            (
                "   ... growth over start-up",
                f"{growth:.0f} MiB",
                f"trafilatura {p['peak_mib'] - p['peak_after_setup_mib']:.0f} MiB",
                _x(memory["ratio_growth"]),
            )
        )
        if d.get("rss_end_mib") and p.get("rss_end_mib"):
            rows.append(
                (
                    "   ... resident after start-up -> at end",
                    f"{d['rss_after_setup_mib']:.0f} -> {d['rss_end_mib']:.0f} MiB",
                    f"trafilatura {p['rss_after_setup_mib']:.0f} -> {p['rss_end_mib']:.0f} MiB",
                    "",
                )
            )
    widths = [max(len(r[i]) for r in rows) if rows else 0 for i in range(4)]
    header = ("figure", "detector", "peer", "ratio")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        lines.append(
            "  ".join(
                cell.ljust(w) if i != 1 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    for note in results.get("skipped", []):
        lines.append(f"skipped: {note}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Command line


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="shared folder (default: $DETECTOR_SHARED or ../shared)")
    parser.add_argument("--model", help="model file (default: the shipped model)")
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of {', '.join(SECTIONS)}",
    )
    parser.add_argument("--runs", type=int, default=30, help="timed runs for warm figures")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh processes per cold figure")
    parser.add_argument("--pages", type=int, help="only the first N corpus pages")
    parser.add_argument(
        "--memory-pages",
        type=int,
        default=1000,
        help="pages scored by the memory processes, going round the corpus (default 1000)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="limit OpenMP/BLAS thread pools to N (default: the libraries' own)",
    )
    parser.add_argument(
        "--output",
        default=str(REPO / "benchmarks" / "results.json"),
        help="where to write the JSON results ('-' for none)",
    )
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="cpu",
        help="clock of the warm figures: process CPU time (default) or wall time",
    )
    parser.add_argument("--worker", choices=("detector", "trafilatura"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.sections.split(",")) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected sections, print the table, and write the JSON results."""
    global clock
    args = _parse(argv)
    clock = CLOCKS[args.clock]
    shared = shared_root(args.shared)
    if args.worker:
        if shared is None:
            raise SystemExit("memory worker needs the shared folder")
        _memory_worker(args.worker, shared, args.model, args.pages, args.memory_pages)
        return 0
    if args.threads is not None:
        from threadpoolctl import threadpool_limits

        for name in THREAD_VARIABLES:  # for the cold-start and memory processes
            os.environ[name] = str(args.threads)
        with threadpool_limits(limits=args.threads):
            return _run(args, shared)
    return _run(args, shared)


def _run(args: argparse.Namespace, shared: Path | None) -> int:
    """Run the selected sections, print the table, and write the JSON results."""
    sections = args.sections.split(",")
    model = detector.load_model(args.model)
    article_path = seed_path(shared)
    [article] = read(article_path)
    results: dict[str, Any] = {
        "machine": machine_facts(),
        "model": model.name,
        "threads": args.threads or "library default",
        "clock": args.clock,
        "article": article_path.name,
        "skipped": [],
    }
    if shared is None:
        results["skipped"].append(
            f"shared folder not found (set DETECTOR_SHARED); using "
            f"{article_path.name}; html and memory sections skipped"
        )
    if "text" in sections:
        results["text"] = bench_text(article, model, args.runs)
        results["cold"] = bench_cold(article_path, args.model, args.cold_runs)
    if "checks" in sections:
        results["checks"] = bench_checks(article, model, args.runs)
    if "html" in sections and shared is not None:
        pages = load_pages(shared, args.pages)
        if pages:
            results["html"] = bench_pages(pages, model)
        else:
            results["skipped"].append(f"no pages match {shared / PAGES_GLOB}")
    if "memory" in sections and shared is not None and load_pages(shared, 1):
        results["memory"] = bench_memory(shared, args.model, args.pages, args.memory_pages)
    results["machine"]["load_average_end"] = (
        list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    )
    print(table(results))
    if args.output != "-":
        Path(args.output).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
