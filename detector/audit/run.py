"""Run an audit: shards scored by workers, parts written with done-markers, a final merge.

The output folder holds, while the audit runs::

    plan.json                       the shards, the inputs and the options (a rerun must match)
    parts/<shard>-<chunk>.articles.parquet, .findings.parquet, .paragraphs.parquet, .sites.parquet
    progress/<shard>.json           chunks written, records, the offset to resume at, skip counts
    done/<shard>                    the done-marker: the shard is complete

and, once every shard is done, ``articles.parquet``, ``findings.parquet``,
``paragraphs.parquet``, ``sites.parquet`` (each domain's template paragraphs),
``summary.json`` and ``report.html``. A part is renamed into place only when complete and the
progress file is rewritten (atomically) only after the chunk's parts, so ``kill -9`` at any
moment loses at most the chunk in flight, and a rerun with the same arguments goes on from the
last chunk of each unfinished shard, inside a WARC by byte offset. Records are written once:
the parts of a chunk have fixed names, so a chunk redone after a kill replaces its own parts.

Workers are joblib processes on one machine or, with ``scheduler``, the workers of a Dask
cluster through joblib's dask backend: the same function runs on the same shards either way,
and each worker process loads the model once. Each record is scored by
:func:`detector.batch.analyze_many` under a per-record time limit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.audit import outputs
from detector.audit.shards import Shard, ShardReader, plan_shards
from detector.audit.sites import SiteCounts
from detector.config import Config
from detector.context import RunContext
from detector.errors import ConfigError
from detector.limits import TimeLimitError, time_limit

__all__ = ["AuditOptions", "Progress", "run_audit", "run_shard"]

logger = logging.getLogger(__name__)

TABLES = ("articles", "findings", "paragraphs", "sites")


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """What decides an audit's results (a rerun in the same folder must use the same)."""

    config: Config = field(default_factory=Config)
    time_limit: float | None = 30.0
    input_format: str | None = None
    columns: tuple[tuple[str, str], ...] = ()
    max_record_bytes: int = 5_000_000
    chunk_records: int = 500
    records_per_shard: int = 1000

    def digest(self) -> str:
        """A stable hash of the options, stored in the plan."""
        text = json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an audit is: records written, error rows and skipped records, shards done."""

    records: int
    errors: int
    skipped: int
    shards_done: int
    shards: int
    expected: int | None
    finished: bool = False


def run_audit(
    inputs: Sequence[str],
    out: str | os.PathLike[str],
    *,
    options: AuditOptions | None = None,
    n_jobs: int = 1,
    scheduler: str | None = None,
    poll: float = 0.5,
) -> Iterator[Progress]:
    """Audit ``inputs`` into folder ``out``, yielding progress now and then, the final one last."""
    from detector.batch import iter_inputs

    options = options or AuditOptions()
    root = Path(out)
    paths = list(iter_inputs(inputs))
    if not paths:
        raise ConfigError("no inputs to audit (the paths and globs matched no file)")
    # Before hours of work, not as an error row at the end: every input must be there.
    for path in paths:
        if not os.path.isfile(path):
            what = "no file matches" if set("*?[") & set(path) else "no such file"
            raise ConfigError(f"{path}: {what}")
    shards, today = _plan(root, paths, options, workers=_workers(n_jobs, scheduler))
    pending = [s for s in shards if not (root / "done" / s.id).exists()]
    failure: list[BaseException] = []
    worker = threading.Thread(
        target=_run_pending,
        args=(pending, root, options, today, n_jobs, scheduler, failure),
        daemon=True,
    )
    worker.start()
    while worker.is_alive():
        worker.join(poll)
        yield progress(root, shards)
    if failure:
        raise failure[0]
    if pending and scheduler is None and _workers(n_jobs, scheduler) == 1:
        _finalize_apart(root, shards)  # this process scored: it holds the model and the parsers
    else:
        from detector.audit.finalize import finalize

        finalize(root, shards)
    yield dataclasses.replace(progress(root, shards), finished=True)


def _finalize_apart(root: Path, shards: list[Shard]) -> None:
    """Merge the parts and draw the report in a fresh process.

    A process that scored records keeps the model, the HTML parsers and the language data
    (about 270 MB); the merge and matplotlib would add theirs on top. In a fresh process the
    largest process of the audit is the one that scores, not the sum.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from detector.audit.finalize import finalize

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(finalize, root, shards).result()


def _workers(n_jobs: int, scheduler: str | None) -> int:
    if scheduler is not None:
        return 8  # a cluster's size is not known before connecting; cut finely
    return n_jobs if n_jobs > 0 else os.cpu_count() or 1


def _plan(
    root: Path, paths: list[str], options: AuditOptions, *, workers: int
) -> tuple[list[Shard], str]:
    """Read the folder's plan, or write one: the shards and the audit's date ("today").

    The date is fixed when the audit starts, so that a resumed run (tomorrow) or every worker
    of a cluster judges "in the future" against the same day.
    """
    plan_path = root / "plan.json"
    if plan_path.exists():
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        if plan["inputs"] != paths or plan["options"] != options.digest():
            raise ConfigError(
                f"{root} holds an audit of other inputs or options; "
                "rerun with the same arguments to resume, or choose another --out"
            )
        shards = [_checked(Shard.from_dict(s), root, plan_path) for s in plan["shards"]]
        return shards, plan["today"]
    for sub in ("parts", "progress", "done"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    shards = plan_shards(paths, records_per_shard=options.records_per_shard, workers=workers)
    today = RunContext.default().today.isoformat()
    plan = {"inputs": paths, "options": options.digest(), "today": today}
    outputs.write_json_atomic(plan_path, {**plan, "shards": [s.to_dict() for s in shards]})
    return shards, today


def _checked(shard: Shard, root: Path, plan_path: Path) -> Shard:
    """Refuse a shard id read back from ``plan.json`` that would name a file outside ``root``.

    Every file an audit writes is named after a shard id (``parts/<id>-<chunk>.*``,
    ``progress/<id>.json``, ``done/<id>``) or is one of the fixed names; the ids are numbers
    this module made, but a resumed audit reads them back from the folder, which may have been
    edited or handed over. Names inside the archives (record ids, URLs, file names) only ever
    become values in the tables, never file names.
    """
    from detector.paths import UnsafePathError, safe_child

    try:
        for sub in ("parts", "progress", "done"):
            safe_child(root / sub, f"{shard.id}-00000.articles.parquet")
    except UnsafePathError as err:
        raise ConfigError(f"{plan_path}: damaged plan ({err})") from None
    return shard


def _run_pending(
    pending: list[Shard],
    root: Path,
    options: AuditOptions,
    today: str,
    n_jobs: int,
    scheduler: str | None,
    failure: list[BaseException],
) -> None:
    from joblib import Parallel, delayed, parallel_config

    try:
        if scheduler is not None:
            client = _dask_client(scheduler)
            context: Any = parallel_config(backend="dask")
        else:
            client = None
            context = parallel_config(backend="loky")
        with context, client if client is not None else contextlib.nullcontext():
            jobs = -1 if scheduler is not None else n_jobs
            tasks = (delayed(run_shard)(s, str(root), options, today) for s in pending)
            for _ in Parallel(n_jobs=jobs, return_as="generator_unordered")(tasks):
                pass
    except BaseException as err:  # handed to the caller's thread
        failure.append(err)


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(
            "--scheduler needs Dask: pip install 'detector[dask]' (dask[distributed])"
        ) from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as err:
        raise ConfigError(f"cannot reach the Dask scheduler at {address} ({err})") from None


def progress(root: Path, shards: Sequence[Shard]) -> Progress:
    """Read how far the audit in ``root`` is from its progress files."""
    records = errors = skipped = done = 0
    for shard in shards:
        state = _load_state(root, shard.id)
        records += state["records"]
        errors += state["errors"]
        skipped += sum(state["skipped"].values())
        done += (root / "done" / shard.id).exists()
    counts = [s.records for s in shards]
    expected = sum(counts) if all(c is not None for c in counts) else None  # type: ignore[misc]
    return Progress(records, errors, skipped, done, len(shards), expected)


def _load_state(root: Path, shard_id: str) -> dict[str, Any]:
    path = root / "progress" / f"{shard_id}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"chunks": 0, "records": 0, "errors": 0, "offset": None, "tail": [], "skipped": {}}


def run_shard(shard: Shard, out: str, options: AuditOptions, today: str) -> dict[str, Any]:
    """Score one shard (in a worker), resuming after its last written chunk; return its state."""
    from detector.batch import analyze_many
    from detector.findings import Report
    from detector.model import load_model

    root = Path(out)
    state = _load_state(root, shard.id)
    reader = ShardReader(
        shard,
        time_limit=options.time_limit,
        input_format=options.input_format,
        columns=dict(options.columns) or None,
        max_bytes=options.max_record_bytes,
        max_decompressed_bytes=options.config.limits.max_decompressed_bytes,
        resume_offset=state["offset"] if shard.kind == "warc" else None,
        resume_count=state["records"] if shard.kind == "records" else 0,
    )
    model = load_model(options.config.model)
    context = RunContext(dt.date.fromisoformat(today))
    tail = set(state["tail"])
    chunk = _Chunk()
    for item in reader:
        origin = getattr(item, "origin", None)
        key = outputs.origin_key(origin, str(getattr(item, "source", "")))
        if key in tail:
            continue  # written before the interruption
        try:
            with time_limit(options.time_limit, key):
                reports = analyze_many([item], model=model, config=options.config, context=context)
                report = next(reports)
        except TimeLimitError:
            message = f"analysing the record took longer than {options.time_limit:g} s"
            report = Report.unreadable(origin, message)
        url = getattr(item, "url", None) or (
            reader.failed_urls.pop(origin.offset, None) if origin is not None else None
        )
        chunk.add(report, getattr(item, "meta", None), origin, url)
        if len(chunk) >= options.chunk_records:
            state = _flush(root, shard, state, chunk, reader.skipped, final=False)
            chunk, tail = _Chunk(), set()
    state = _flush(root, shard, state, chunk, reader.skipped, final=True)
    (root / "done" / shard.id).write_text("done\n", encoding="utf-8")
    return state


@dataclass
class _Chunk:
    articles: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    sites: SiteCounts = field(default_factory=SiteCounts)
    keys: list[str] = field(default_factory=list)
    offsets: list[int | None] = field(default_factory=list)
    errors: int = 0

    def add(
        self, report: Any, meta: Mapping[str, str] | None, origin: Any, url: str | None
    ) -> None:
        row = outputs.article_row(report, meta)
        if url is not None and row["url"] is None:  # an error row of a record with a known URL
            row.update(url=url, domain=outputs.domain_of(url), section=outputs.section_of(url))
        self.articles.append(row)
        self.findings.extend(outputs.finding_rows(report))
        paragraphs = outputs.paragraph_rows(report)
        self.paragraphs.extend(paragraphs)
        self.sites.add_page(row["domain"], paragraphs)
        self.keys.append(row["record_id"])
        # Only a record's own offset is a place to resume at (a damaged stretch has none).
        at_record = origin is not None and origin.offset is not None and origin.record_id
        self.offsets.append(origin.offset if at_record else None)
        self.errors += report.error is not None

    def __len__(self) -> int:
        return len(self.articles)


def _flush(
    root: Path,
    shard: Shard,
    state: dict[str, Any],
    chunk: _Chunk,
    skipped: list[Any],
    *,
    final: bool,
) -> dict[str, Any]:
    """Write a chunk's parts, then (the commit point) the shard's progress."""
    number = state["chunks"]
    stem = root / "parts" / f"{shard.id}-{number:05d}"
    if chunk.articles or final:
        outputs.write_atomic(
            stem.with_suffix(".articles.parquet"), chunk.articles, outputs.ARTICLE_SCHEMA
        )
        outputs.write_atomic(
            stem.with_suffix(".findings.parquet"), chunk.findings, outputs.FINDING_SCHEMA
        )
        outputs.write_atomic(
            stem.with_suffix(".paragraphs.parquet"), chunk.paragraphs, outputs.PARAGRAPH_SCHEMA
        )
        table = chunk.sites.table()
        import pyarrow.parquet as pq

        tmp = stem.with_suffix(".sites.parquet.tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, stem.with_suffix(".sites.parquet"))
    offset, tail = state["offset"], list(state["tail"])
    if shard.kind == "warc":  # other shards resume by record count
        for key, record_offset in zip(chunk.keys, chunk.offsets, strict=True):
            if record_offset is not None:
                offset, tail = record_offset, []
            else:
                tail.append(key)
    # Skipped records before the resume offset are counted now; later ones are met again.
    counted = Counter(state["skipped"])
    keep = []
    for entry in skipped:
        if final or offset is None or entry.offset < offset:
            counted[entry.reason] += 1
        else:
            keep.append(entry)
    skipped[:] = keep
    new = {
        "chunks": number + 1,
        "records": state["records"] + len(chunk),
        "errors": state["errors"] + chunk.errors,
        "offset": offset,
        "tail": tail,
        "skipped": dict(counted),
        "updated": time.time(),
        "first": state.get("first") or time.time(),
        "first_records": state.get("first_records", len(chunk)),
    }
    outputs.write_json_atomic(root / "progress" / f"{shard.id}.json", new)
    return new
