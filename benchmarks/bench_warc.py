"""Measure the two well-kept WARC readers, fastwarc and warcio, on one generated archive.

    python benchmarks/bench_warc.py                  # 2,000 pages, 3 runs each
    python benchmarks/bench_warc.py --records 5000 --runs 5

Both read every record and every HTML response's payload, as the audit's reader must, in the
same run, alternating, on the same file (written by ``warcgen.py`` from the project's articles).
The figure is records per second (median of the runs) and the ratio fastwarc / warcio. A second
check reads an archive whose last gzip member is cut short, and one with a damaged member in
the middle, and reports what each library does: the audit must see the damage, not an early
end of file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import warcgen  # noqa: E402


def read_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator

    count = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle, parse_http=False, fsspec_args=False):
            record.reader.read()
            count += 1
    return count


def read_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            record.content_stream().read()
            count += 1
    return count


READERS = {"fastwarc": read_fastwarc, "warcio": read_warcio}


def damage(path: Path, folder: Path) -> dict[str, dict[str, str]]:
    """What each reader does with a damaged member in the middle of the file."""
    data = path.read_bytes()
    middle = len(data) // 2
    broken = folder / "broken.warc.gz"
    broken.write_bytes(data[:middle] + b"\x00" * 200 + data[middle + 200 :])
    found = {}
    for name, reader in READERS.items():
        try:
            found[name] = {"result": f"read {reader(broken)} records, no error"}
        except Exception as err:  # what the library raises is the finding
            found[name] = {"result": f"{type(err).__name__}: {str(err)[:80]}"}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.warc.gz"
        pages = list(warcgen._cycle(warcgen.project_pages(), args.records))
        warcgen.write_warc(path, pages)
        times: dict[str, list[float]] = {name: [] for name in READERS}
        counts = {}
        for _ in range(args.runs):
            for name, reader in READERS.items():
                start = time.perf_counter()
                counts[name] = reader(path)
                times[name].append(time.perf_counter() - start)
        result = {
            "records": counts,
            "archive_bytes": path.stat().st_size,
            "records_per_s": {n: round(counts[n] / statistics.median(t)) for n, t in times.items()},
            "damaged_member": damage(path, folder),
        }
        rate = result["records_per_s"]
        result["fastwarc_over_warcio"] = round(rate["fastwarc"] / rate["warcio"], 2)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
