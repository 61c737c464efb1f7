"""Speed and memory of ``detector audit`` beside trafilatura's ``extract``, in the same run.

    python benchmarks/bench_audit.py --records 2000 --real 500      # speed, writes audit.json
    python benchmarks/bench_audit.py --memory 1000,10000             # peak RSS per archive size

Speed: one generated WARC (project articles and, when ``../shared`` is present, real pages);
trafilatura's ``extract`` alone on every HTML payload of it, in this process; then ``detector
audit`` on the same archive with 1 and with 2 workers, each a fresh process. Two rates per
audit: ``wall`` (the whole command: start-up, model load, final merge and report) and
``steady`` (records between the first and the last committed chunk, over that time), which is
what a long audit runs at. Ratios: the audit's time per record over trafilatura's (target at
most 2), and 2 workers' steady rate over 1 worker's (target at least 1.8).

How far two processes scale is first a property of the machine: on a shared two-vCPU machine
a second CPU-bound process rarely gets a whole core. So the peer is also run in two processes
(each warmed up, the same records split between them), and its own two-over-one ratio is
reported beside the audit's: the audit's scaling is read against what the machine gave
trafilatura in the same run. ``--repeat N`` runs the whole sequence N times and reports the
median of each figure (every run is kept in ``runs``).

Memory: the peak resident set of the largest process of ``detector audit -j N`` on generated
archives of each size (each worker holds the model, one shard's reader and one chunk of rows;
the main process plans the shards and merges the parts chunk by chunk at the end).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import warcgen  # noqa: E402

#: Price of one core-hour used for the paper estimate (on-demand cloud vCPU, 2025 list prices).
CORE_HOUR_USD = 0.04
CRAWL_PAGES = 3_000_000_000


def build(path: Path, records: int, real: int) -> int:
    own = warcgen.project_pages()
    found = warcgen.real_pages()[:real] if real else []
    pages = list(warcgen._cycle(own, records - len(found))) + list(
        warcgen._cycle(found, len(found))
    )
    return warcgen.write_warc(path, pages)["html"]


def html_payloads(path: Path) -> list[str]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    payloads = []
    with open(path, "rb") as handle:
        for record in ArchiveIterator(
            handle, record_types=WarcRecordType.response, fsspec_args=False
        ):
            if (record.http_content_type or "") == "text/html":
                payloads.append(record.reader.read().decode("utf-8", "replace"))
    return payloads


def time_trafilatura(payloads: list[str]) -> float:
    """Seconds trafilatura's ``extract`` takes over the payloads in this process, warmed up."""
    return _extract_all(payloads)


def _extract_all(payloads: list[str]) -> float:
    import trafilatura

    trafilatura.extract(payloads[0])  # warm: imports and lazy tables outside the timing
    start = time.perf_counter()
    for html in payloads:
        trafilatura.extract(html)
    return time.perf_counter() - start


def time_trafilatura_processes(payloads: list[str], processes: int) -> float:
    """Wall time of ``processes`` warmed-up processes sharing the records out between them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        list(pool.map(_extract_all, [payloads[:5]] * processes))  # start and warm every worker
        start = time.perf_counter()
        list(pool.map(_extract_all, [payloads[i::processes] for i in range(processes)]))
        return time.perf_counter() - start


def run_audit(path: Path, out: Path, jobs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "detector",
        "audit",
        str(path),
        "--out",
        str(out),
        "-j",
        str(jobs),
    ]
    start = time.time()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.time() - start
    states = [json.loads(p.read_text()) for p in (out / "progress").glob("*.json")]
    records = sum(s["records"] for s in states)
    first = min(s["first"] for s in states)
    last = max(s["updated"] for s in states)
    steady_records = records - sum(s["first_records"] for s in states if s["first"] == first)
    return {
        "records": records,
        "wall_s": round(wall, 1),
        "wall_records_per_s": round(records / wall, 2),
        "steady_records_per_s": round(steady_records / (last - first), 2) if last > first else None,
    }


def peak_rss(path: Path, out: Path, jobs: int = 2) -> dict[str, float]:
    """Peak RSS (MB) of the largest process of one ``detector audit -j JOBS`` run.

    ``largest_mb`` is the kernel's figure (``ru_maxrss`` of the largest descendant). The run is
    also sampled every 0.2 s with psutil to tell the two phases apart: ``scoring_mb`` is the
    largest process while shards are scored, ``finish_mb`` while the parts are merged and the
    report is drawn (from the moment every shard has its done-marker).
    """
    import psutil

    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [
        sys.executable, "-m", "detector", "audit", str(path), "--out", str(out), "-j", str(jobs)
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.time()
    child = subprocess.Popen(
        [sys.executable, "-c", probe, *command], env=env, stdout=subprocess.PIPE, text=True
    )
    phases = {"scoring": 0, "finish": 0}
    finishing = False
    while child.poll() is None:
        finishing = finishing or _scored(out)
        try:
            tree = psutil.Process(child.pid).children(recursive=True)
            largest = max((p.memory_info().rss for p in tree), default=0)
        except psutil.Error:
            largest = 0
        phase = "finish" if finishing else "scoring"
        phases[phase] = max(phases[phase], largest)
        time.sleep(0.2)
    stdout, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"the audit failed (exit code {child.returncode})")
    return {
        "largest_mb": round(int(stdout.strip()) / 1024, 1),
        "scoring_mb": round(phases["scoring"] / 2**20, 1),
        "finish_mb": round(phases["finish"] / 2**20, 1),
        "wall_s": round(time.time() - start, 1),
    }


def _scored(out: Path) -> bool:
    """Whether every shard of the audit in ``out`` has its done-marker."""
    try:
        shards = json.loads((out / "plan.json").read_text(encoding="utf-8"))["shards"]
    except (OSError, ValueError):
        return False
    return all((out / "done" / shard["id"]).exists() for shard in shards)


def speed_run(path: Path, folder: Path, payloads: list[str]) -> dict:
    """One sequence: the peer in one process, the audit with 1 and 2 workers, the peer in two."""
    run: dict = {}
    seconds = time_trafilatura(payloads)
    run["trafilatura_extract"] = {
        "records": len(payloads),
        "seconds": round(seconds, 1),
        "records_per_s": round(len(payloads) / seconds, 2),
    }
    for jobs in (1, 2):
        out = folder / f"out{jobs}"
        subprocess.run(["rm", "-rf", str(out)], check=True)
        run[f"audit_j{jobs}"] = run_audit(path, out, jobs)
        print(jobs, run[f"audit_j{jobs}"], file=sys.stderr)
    two_seconds = time_trafilatura_processes(payloads, 2)
    run["trafilatura_extract_2_processes"] = {
        "records": len(payloads),
        "seconds": round(two_seconds, 1),
        "records_per_s": round(len(payloads) / two_seconds, 2),
    }
    one, two = run["audit_j1"], run["audit_j2"]
    peer = run["trafilatura_extract"]["records_per_s"]
    peer_two = run["trafilatura_extract_2_processes"]["records_per_s"]
    run["ratios"] = {
        "audit_time_per_record_over_trafilatura": round(peer / one["steady_records_per_s"], 2),
        "two_workers_over_one": round(two["steady_records_per_s"] / one["steady_records_per_s"], 2),
        "two_workers_over_one_wall": round(
            two["wall_records_per_s"] / one["wall_records_per_s"], 2
        ),
        "trafilatura_two_processes_over_one": round(peer_two / peer, 2),
    }
    print(run["ratios"], file=sys.stderr)
    return run


def _medians(runs: list[dict]) -> dict:
    """Each numeric figure of the runs, as the median over the runs (same nesting)."""
    import statistics

    def merge(values: list) -> object:
        if isinstance(values[0], dict):
            return {key: merge([v[key] for v in values]) for key in values[0]}
        if isinstance(values[0], (int, float)) and None not in values:
            return round(statistics.median(values), 2)
        return values[0]

    return merge(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--real", type=int, default=500)
    parser.add_argument("--memory", help="comma-separated archive sizes: measure peak RSS only")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the --memory runs")
    parser.add_argument("--repeat", type=int, default=1, help="speed runs; medians reported")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "audit.json"))
    args = parser.parse_args(argv)
    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "usable_cpus": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "load_at_start": os.getloadavg(),
        }
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.memory:
            memory: dict = {"jobs": args.jobs}
            for size in (int(s) for s in args.memory.split(",")):
                path = folder / f"m{size}.warc.gz"
                build(path, size, 0)
                memory[str(size)] = peak_rss(path, folder / f"m{size}", args.jobs)
                print(size, memory[str(size)], file=sys.stderr)
        else:
            path = folder / "bench.warc.gz"
            html = build(path, args.records, args.real)
            payloads = html_payloads(path)
            result["html_records"] = html
            runs = [speed_run(path, folder, payloads) for _ in range(args.repeat)]
            result.update(_medians(runs))
            if args.repeat > 1:
                result["runs"] = runs
            core_hours = CRAWL_PAGES / result["audit_j1"]["steady_records_per_s"] / 3600
            result["crawl_3e9_pages"] = {
                "core_hours": round(core_hours),
                "usd_at_core_hour": CORE_HOUR_USD,
                "usd": round(core_hours * CORE_HOUR_USD),
            }
    result["machine"]["load_at_end"] = os.getloadavg()
    target = Path(args.output) if args.output != "-" else None
    old = json.loads(target.read_text()) if target is not None and target.exists() else {}
    if args.memory:  # one entry per worker count; the machine entry of the file is the speed run's
        result = {
            "peak_rss_mb": {
                **old.get("peak_rss_mb", {}),
                f"j{args.jobs}": {**memory, "machine": result["machine"]},
            }
        }
    text = json.dumps(result, indent=2)
    print(text)
    if target is not None:
        target.write_text(json.dumps({**old, **result}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
