"""Cut an audit's inputs into shards, and read one shard's records again from where it stopped.

A shard is the unit a worker takes: a byte range of a WARC (whole records, ``records_per_shard``
HTML responses each, found by a scan of the record headers), or one export file or a group of
page files. Shards are listed once, in ``plan.json`` of the output folder, so a rerun reads the
same plan whatever the worker count.

Reading a shard goes on after every failure: a record whose reading exceeds the time limit
becomes a Failure and the reader restarts just after it (by byte offset in a WARC, by record
count elsewhere).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from detector.article import Article, Failure, Origin
from detector.batch import STREAM_FORMATS
from detector.limits import DEFAULT_LIMITS, TimeLimitError, time_limit
from detector.loaders.warc import MAX_RECORD_BYTES, Skipped, WarcReader

__all__ = ["Shard", "ShardReader", "is_export", "is_warc", "plan_shards"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
#: Plain page files (HTML, text, Markdown) grouped into one shard.
FILES_PER_SHARD = 200
#: A small WARC is not cut into shards smaller than this.
MIN_SHARD_RECORDS = 50


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of work: ``inputs`` (one WARC or export, or several page files) and a byte range."""

    id: str
    inputs: tuple[str, ...]
    kind: str  # "warc" or "records"
    start: int = 0
    end: int | None = None
    records: int | None = None  # HTML responses in the range, when a scan counted them

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "inputs": list(self.inputs)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Shard:
        return cls(**{**data, "inputs": tuple(data["inputs"])})


#: Exports of records, each read as one stream: the batch layer's record formats (JSON Lines,
#: CSV, TSV, Parquet; the text ones also gzipped) and JSON files of records.
EXPORT_SUFFIXES = (
    *(ext for fmt in STREAM_FORMATS if fmt.name != "warc" for ext in fmt.extensions),
    ".json",
    ".json.gz",
)


def is_export(path: str) -> bool:
    """Whether ``path`` names an export of records (plain, or gzipped text)."""
    return path.lower().endswith(EXPORT_SUFFIXES)


def is_warc(path: str) -> bool:
    """Whether ``path`` names a web archive."""
    return path.lower().endswith(WARC_SUFFIXES)


def plan_shards(
    inputs: Sequence[str], *, records_per_shard: int = 1000, workers: int = 1
) -> list[Shard]:
    """Cut ``inputs`` (already expanded) into shards, in input order.

    A WARC is cut into ranges of at most ``records_per_shard`` HTML responses, and into at
    least ``4 * workers`` ranges when it is small (never below :data:`MIN_SHARD_RECORDS`
    records), of about equal cost (:func:`_balanced_cuts`), so that every worker has work and a
    slow shard does not leave the others idle.
    """
    shards: list[Shard] = []
    pages: list[str] = []

    def flush_pages() -> None:
        for first in range(0, len(pages), FILES_PER_SHARD):
            group = tuple(pages[first : first + FILES_PER_SHARD])
            shards.append(Shard(f"{len(shards):05d}", group, "records"))
        pages.clear()

    for path in inputs:
        if is_warc(path):
            flush_pages()
            for start, end, count in _warc_ranges(path, records_per_shard, 4 * workers):
                shards.append(Shard(f"{len(shards):05d}", (path,), "warc", start, end, count))
        elif is_export(path):
            flush_pages()
            shards.append(Shard(f"{len(shards):05d}", (path,), "records"))
        else:
            pages.append(path)
    flush_pages()
    return shards


def _warc_ranges(path: str, most: int, pieces: int) -> list[tuple[int, int | None, int | None]]:
    """Byte ranges of whole response records, from a scan of the record headers.

    The scan reads no payload. Where the archive stops decompressing, the last range runs to the
    end of the file (its count unknown) and the reader reports the damage.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    offsets: list[int] = []
    complete = True
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(
                handle, parse_http=False, record_types=WarcRecordType.response, fsspec_args=False
            )
            offsets.extend(int(record.stream_pos) for record in records)
    except FileNotFoundError:
        return [(0, None, None)]
    except OSError:
        complete = False
    if not offsets:
        return [(0, None, None)]
    firsts = _balanced_cuts(offsets, os.path.getsize(path), most, pieces)
    starts = [0, *(offsets[i] for i in firsts[1:])]
    ends_at = [*firsts[1:], len(offsets)]
    counts: list[int | None] = [b - a for a, b in zip(firsts, ends_at, strict=True)]
    if not complete:
        counts[-1] = None
    ends: list[int | None] = [*starts[1:], None]
    return list(zip(starts, ends, counts, strict=True))


def _balanced_cuts(offsets: list[int], file_size: int, most: int, pieces: int) -> list[int]:
    """Index of the first record of each range: ranges of about equal cost, in order.

    A record costs its stored bytes plus the archive's median record size (a fixed cost per
    record, as the model and the checks take one on any page, and a cost that grows with the
    page), so a stretch of large real pages is cut finer than one of small ones, and the last
    range no longer holds a worker alone long after the others finished. At most ``most``
    records a range; at least ``pieces`` ranges where every range keeps
    :data:`MIN_SHARD_RECORDS` records.
    """
    n = len(offsets)
    after = [*offsets[1:], max(file_size, offsets[-1])]
    sizes = [b - a for a, b in zip(offsets, after, strict=True)]
    typical = sorted(sizes)[n // 2]
    costs = [size + typical for size in sizes]
    wanted = max(-(-n // most), min(pieces, max(1, n // MIN_SHARD_RECORDS)))
    floor = min(MIN_SHARD_RECORDS, most, max(1, n // wanted))
    target = sum(costs) / wanted
    firsts = [0]
    spent = 0.0
    for i, cost in enumerate(costs):
        taken = i - firsts[-1]
        if taken >= most or (taken >= floor and spent + cost / 2 > target):
            firsts.append(i)
            spent = 0.0
        spent += cost
    small = n - firsts[-1] < floor or spent < target / 4
    if len(firsts) > 1 and small and n - firsts[-2] <= most:
        firsts.pop()  # a remainder of a few records joins the range before it
    return firsts


@dataclass
class ShardReader:
    """Yield a shard's records (Articles or Failures), each read under ``time_limit`` seconds.

    ``resume_offset`` restarts a WARC shard after the record at that offset; ``resume_count``
    restarts any other shard after that many records. ``skipped`` collects the WARC records
    passed over.
    """

    shard: Shard
    time_limit: float | None = None
    input_format: str | None = None
    columns: Mapping[str, str] | None = None
    max_bytes: int = MAX_RECORD_BYTES
    """Larger records (a WARC record, a JSONL line, a CSV row, a page file) become Failures."""
    max_decompressed_bytes: int = DEFAULT_LIMITS.max_decompressed_bytes
    resume_offset: int | None = None
    resume_count: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed_urls: dict[int, str] = field(default_factory=dict)
    """Target URIs of WARC records that became Failures, by offset."""

    def __iter__(self) -> Iterator[Article | Failure]:
        if self.shard.kind == "warc":
            return self._warc()
        return self._records()

    def _warc(self) -> Iterator[Article | Failure]:
        path = self.shard.inputs[0]
        start, after = (
            (self.shard.start, False) if self.resume_offset is None else (self.resume_offset, True)
        )
        if not os.path.isfile(path):
            yield Failure(Origin(path), f"{path}: no such file")
            return
        initial = (start, after)
        yielded = None  # offset of the last record handed on
        limit = self.time_limit
        while True:
            reader = WarcReader(
                path,
                start=start,
                end=self.shard.end,
                after=after,
                max_bytes=self.max_bytes,
                max_decompressed_bytes=self.max_decompressed_bytes,
            )
            reader.skipped = self.skipped
            reader.failed_urls = self.failed_urls
            items = iter(reader)
            try:
                while True:
                    with time_limit(limit, path, what="reading a record"):
                        item = next(items, None)
                    if item is None:
                        return
                    yielded = getattr(item.origin, "offset", None)  # type: ignore[attr-defined]
                    limit = self.time_limit
                    yield item
            except TimeLimitError:
                if reader.current is None or reader.current[0] == yielded:
                    # Out of time between two records (in the headers of skipped ones): no record
                    # to blame; read on from the last one with more time.
                    start, after = initial if yielded is None else (yielded, True)
                    limit = (limit or 1.0) * 2
                else:
                    offset, record_id = reader.current
                    message = f"{path}: reading the record took longer than {self.time_limit:g} s"
                    yield Failure(Origin(path, record_id=record_id, offset=offset), message)
                    start, after, yielded = offset, True, offset
                # The records skipped after the restart point are met, and counted, again.
                self.skipped[:] = [s for s in self.skipped if s.offset < start]

    def _records(self) -> Iterator[Article | Failure]:
        from detector.batch import iter_articles

        done = self.resume_count
        while True:
            items = iter_articles(
                list(self.shard.inputs),
                input_format=self.input_format,
                columns=self.columns,
                limits=dataclasses.replace(
                    DEFAULT_LIMITS,
                    max_input_bytes=self.max_bytes,
                    max_decompressed_bytes=self.max_decompressed_bytes,
                    time_limit=0,  # the shard's own limit, below, stops a slow record
                ),
            )
            items = itertools.islice(items, done, None)
            try:
                while True:
                    with time_limit(self.time_limit, self.shard.id, what="reading a record"):
                        item = next(items, None)
                    if item is None:
                        return
                    done += 1
                    yield item
            except TimeLimitError:
                name = self.shard.inputs[0] if len(self.shard.inputs) == 1 else self.shard.id
                message = (
                    f"{name}: reading record {done + 1} took longer than {self.time_limit:g} s"
                )
                yield Failure(Origin(name, record=done + 1), message)
                done += 1
