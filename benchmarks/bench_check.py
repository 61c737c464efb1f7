"""Measure ``detector check`` over a tree of articles and on one article, against trafilatura.

Figures, each beside a peer measured in the same run (the machine is shared; ratios say more
than seconds):

* ``tree``  -- ``detector check DIR --no-cache -j N`` (a fresh process, as CI runs it) over
  ``--articles`` Markdown articles of seed size, for each N of ``--jobs``, against
  ``trafilatura.extract`` on the same number of HTML pages of the same stories, in one process
  and in N processes.
* ``one``   -- wall time of ``detector check one.md`` (a fresh process, as a pre-commit hook runs
  it), cold (``--no-cache``) and with a warm cache, and what its time goes to, measured inside a
  process: interpreter and imports, model load, analysis, the rest.

The articles are built from the stories the project wrote (``datasets/articles``), padded with
their own paragraphs to the seed article's size; half carry scraper debris. Nothing is asserted:
the script prints a table and writes ``benchmarks/check_results.json``.

    python benchmarks/bench_check.py                        # 1,000 articles, 1 and 2 workers
    python benchmarks/bench_check.py --articles 50 --output -   # a quick look, no JSON
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEED_CHARS = 6400  # ../shared/examples/seed-article.txt
sys.path.insert(0, str(REPO / "tests"))

from gate_articles import clean_markdown, scraped_markdown, stories  # noqa: E402

__all__ = ["build_tree", "html_page", "main", "one_file", "peer_extract", "time_check"]


def padded(story: dict[str, Any]) -> dict[str, Any]:
    """The story with its paragraphs repeated until it is about seed size."""
    paragraphs = list(story["paragraphs"])
    out = list(paragraphs)
    while sum(len(p) for p in out) < SEED_CHARS:
        out += [f"{p} ({len(out)})" for p in paragraphs]
    return {**story, "paragraphs": out}


def build_tree(folder: Path, count: int) -> tuple[list[Path], list[Path]]:
    """Write ``count`` Markdown articles and as many HTML pages of the same stories."""
    pool = [padded(s) for s in stories()]
    (folder / "md").mkdir(parents=True, exist_ok=True)
    (folder / "html").mkdir(parents=True, exist_ok=True)
    articles, pages = [], []
    for n in range(count):
        story = pool[n % len(pool)]
        markdown = scraped_markdown(story) if n % 2 else clean_markdown(story)
        path = folder / "md" / f"{n:04d}-{story['id']}.md"
        path.write_text(markdown, encoding="utf-8")
        page = folder / "html" / f"{n:04d}-{story['id']}.html"
        page.write_text(html_page(story), encoding="utf-8")
        articles.append(path)
        pages.append(page)
    (folder / ".git").mkdir(exist_ok=True)  # the tree is its own repository root
    return articles, pages


def html_page(story: dict[str, Any]) -> str:
    """A plain news page of the story: navigation, headline, paragraphs, footer."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in story["paragraphs"])
    title = html.escape(story["title"])
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><h1>{title}</h1><p>{html.escape(story['byline'])}</p>{body}</article>"
        "<footer>© Harbour Herald</footer></body></html>"
    )


def time_check(paths: list[str], *, jobs: int, cwd: Path, cache: bool = False) -> float:
    """Wall seconds of one ``detector check`` process."""
    argv = [sys.executable, "-m", "detector", "check", *paths, "-j", str(jobs)]
    argv += [] if cache else ["--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"detector check failed: {done.stderr.strip()}")
    return elapsed


def _extract(path: str) -> int:
    import trafilatura

    return len(trafilatura.extract(Path(path).read_text(encoding="utf-8")) or "")


def _extract_all(paths: list[str]) -> int:
    return sum(_extract(p) for p in paths)


def peer_extract(pages: list[Path], *, jobs: int) -> float:
    """Wall seconds of trafilatura extracting every page, in ``jobs`` fresh processes."""
    names = [str(p) for p in pages]
    chunks = [names[i::jobs] for i in range(jobs)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_extract_all, chunks))
    return time.perf_counter() - start


STAGES = """
import time
t0 = time.perf_counter()
from detector.cli import main
import detector.batch, detector.gate, detector.render
t1 = time.perf_counter()
from detector.model import load_model
load_model()
t2 = time.perf_counter()
from detector.batch import analyze_many
list(analyze_many([{path!r}]))
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def one_file(article: Path, cwd: Path) -> dict[str, float]:
    """Wall time of checking one article, cold and cached, and where the cold time goes."""
    figures = {
        "cold_wall": time_check([str(article)], jobs=1, cwd=cwd),
        "warm_cache_wall": 0.0,
    }
    time_check([str(article)], jobs=1, cwd=cwd, cache=True)  # fills the cache
    figures["warm_cache_wall"] = time_check([str(article)], jobs=1, cwd=cwd, cache=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    figures["python_startup"] = time.perf_counter() - start
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", STAGES.format(path=str(article))],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    imports, model, analysis = (float(x) for x in done.stdout.split())
    figures.update({"imports": imports, "model_load": model, "analysis": analysis})
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--output", default=str(REPO / "benchmarks" / "check_results.json"))
    args = parser.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",")]
    results: dict[str, Any] = {
        "articles": args.articles,
        "cpus": os.cpu_count(),
        "load_start": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        articles, pages = build_tree(folder, args.articles)
        results["mean_chars"] = round(
            sum(len(p.read_text(encoding="utf-8")) for p in articles) / len(articles)
        )
        rows = []
        for n in jobs:
            ours = time_check(["md"], jobs=n, cwd=folder)
            peer = peer_extract(pages, jobs=n)
            rows.append({"jobs": n, "detector_s": ours, "trafilatura_s": peer})
            print(
                f"{args.articles} articles, {n} worker(s): detector check {ours:.1f} s, "
                f"trafilatura {peer:.1f} s, ratio {ours / peer:.2f}x",
                flush=True,
            )
        results["tree"] = rows
        one = one_file(articles[1], folder)
        results["one"] = one
        print(
            f"check one.md: {one['cold_wall']:.2f} s cold, {one['warm_cache_wall']:.2f} s with "
            f"the cache; python start {one['python_startup']:.2f} s, imports "
            f"{one['imports']:.2f} s, model load {one['model_load']:.2f} s, analysis "
            f"{one['analysis']:.2f} s"
        )
    results["load_end"] = os.getloadavg()[0]
    if args.output != "-":
        Path(args.output).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
