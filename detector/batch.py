"""The one path from inputs to reports, shared by ``score``, ``check`` and ``audit``.

    inputs (files, folders, globs, -, URLs) --iter_inputs--> names
    names --iter_articles--> Article | Failure   (lazily; streaming readers for big inputs)
    Article | Failure --analyze_many--> Report   (in input order; joblib fan-out on request)

An input or a record that cannot be read becomes a :class:`~detector.article.Failure`, then a
report with verdict ``error`` and one IN001 finding (:meth:`Report.unreadable`), and the batch
goes on. Nothing here prints or exits.

Formats: :data:`STREAM_FORMATS` is the table of readers that stream an input record by record
(JSON Lines, CSV, TSV, Parquet), chosen by extension or by name; a reader for another container
(a WARC archive) plugs in with one :class:`StreamFormat` entry. Every other input is read whole
by :func:`detector.loaders.read` (text, HTML, Markdown, JSON).

Parallel runs: with ``n_jobs > 1`` articles are sent in chunks of ``batch_size`` to joblib
workers (``return_as="generator"``, so reports come back in order as they are ready); each
worker process loads the model once from its path, which is what travels, not the model.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import glob
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from detector.article import Article, Failure, Origin
from detector.config import Config
from detector.context import RunContext
from detector.errors import ConfigError, LoadError
from detector.findings import Report
from detector.limits import DEFAULT_LIMITS, LimitError, Limits, read_capped
from detector.loaders import EXTENSIONS

if TYPE_CHECKING:
    from detector.checks.base import Check
    from detector.engine import Model

__all__ = [
    "ARTICLE_EXTENSIONS",
    "STREAM_FORMATS",
    "COLUMN_FIELDS",
    "Failure",
    "StreamFormat",
    "analyze_many",
    "input_formats",
    "iter_articles",
    "iter_inputs",
]

Reader = Callable[..., Iterator[Article | Failure]]
"""``reader(source, *, data=None, columns=None, max_bytes=0) -> Iterator[Article | Failure]``.

``max_bytes`` bounds one record (0: no limit); a longer one is a Failure, read no further.
"""


def _jsonl(source: str, **options: Any) -> Iterator[Article | Failure]:
    from detector.loaders.streams import read_jsonl

    return read_jsonl(source, **options)


def _csv(source: str, **options: Any) -> Iterator[Article | Failure]:
    from detector.loaders.streams import read_csv

    return read_csv(source, **options)


def _tsv(source: str, **options: Any) -> Iterator[Article | Failure]:
    from detector.loaders.streams import read_csv

    return read_csv(source, delimiter="\t", **options)


def _warc(source: str, **options: Any) -> Iterator[Article | Failure]:
    from detector.loaders.warc import read_warc

    return read_warc(source, **options)


def _parquet(source: str, **options: Any) -> Iterator[Article | Failure]:
    from detector.loaders.streams import read_parquet

    return read_parquet(source, **options)


@dataclass(frozen=True, slots=True)
class StreamFormat:
    """A multi-record format read as a stream: its name, file name endings and reader."""

    name: str
    extensions: tuple[str, ...]
    reader: Reader


#: Formats read record by record; the first whose extension ends an input's name reads it.
STREAM_FORMATS: tuple[StreamFormat, ...] = (
    StreamFormat("jsonl", (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"), _jsonl),
    StreamFormat("csv", (".csv", ".csv.gz"), _csv),
    StreamFormat("tsv", (".tsv", ".tsv.gz"), _tsv),
    StreamFormat("parquet", (".parquet", ".pq"), _parquet),
    StreamFormat("warc", (".warc", ".warc.gz"), _warc),
)

#: Fields a ``columns`` mapping may rename (detector's field -> the input's column).
COLUMN_FIELDS = ("text", "html", "url", "title", "date", "site", "id")


#: File name endings that a folder walk picks up (a gzipped page too: ``page.html.gz``).
ARTICLE_EXTENSIONS: frozenset[str] = (
    frozenset(EXTENSIONS)
    | {ext + ".gz" for ext in EXTENSIONS}
    | {ext for fmt in STREAM_FORMATS for ext in fmt.extensions}
)

_GLOB_CHARS = frozenset("*?[")


def input_formats() -> tuple[str, ...]:
    """Every name ``input_format`` accepts: the whole-file loaders' and the stream formats'."""
    from detector.loaders import FORMATS

    return (*FORMATS, *(fmt.name for fmt in STREAM_FORMATS))


def iter_inputs(
    paths: Iterable[str], *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[str]:
    """Expand inputs to the names of what to read, lazily, in order.

    A file is given as it is (a missing one too: reading it reports the error); a folder is
    walked recursively for files with an article extension (:data:`ARTICLE_EXTENSIONS`), hidden
    files and folders skipped, sorted; a glob (``*``, ``?``, ``[``; ``**`` crosses folders) is
    expanded, sorted, and matching folders are walked; ``-`` and URLs pass through. ``include``
    and ``exclude`` are glob patterns matched against the path below the folder or glob root,
    and against the file name, for the files a walk or glob finds.
    """
    from detector.loaders.fetch import is_url

    for path in paths:
        if path == "-" or is_url(path):
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, include, exclude)
        elif not os.path.exists(path) and _GLOB_CHARS & set(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield path  # reported as missing when read
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match, include, exclude)
                elif _wanted(match, os.path.basename(match), include, exclude):
                    yield match
        else:
            yield path


def _walk(root: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[str]:
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not _has_article_extension(name):
                continue
            path = os.path.join(folder, name)
            relative = PurePosixPath(os.path.relpath(path, root).replace(os.sep, "/"))
            if _wanted(str(relative), name, include, exclude):
                yield path


def _has_article_extension(name: str) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(ext) for ext in ARTICLE_EXTENSIONS)


def _wanted(path: str, name: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    def hit(patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(name, p) for p in patterns)

    return (not include or hit(include)) and not hit(exclude)


def iter_articles(
    inputs: Iterable[str],
    *,
    input_format: str | None = None,
    columns: Mapping[str, str] | None = None,
    data: bytes | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Article | Failure]:
    """Yield the articles of each input in order, and a Failure for what cannot be read.

    ``input_format`` (one of :func:`input_formats`) overrides detection for every input;
    ``columns`` renames fields of record formats (``{"text": "body"}``); ``data`` holds the bytes
    of standard input (``-``), which is otherwise read when its turn comes; ``limits`` bound what
    one input may cost (:mod:`detector.limits`).
    """
    if input_format is not None and input_format not in input_formats():
        raise ConfigError(
            f"unknown input format {input_format!r}; choose one of {', '.join(input_formats())}"
        )
    columns = _checked_columns(columns)
    for source in inputs:
        yield from _articles_of(
            source, input_format, columns, data if source == "-" else None, limits
        )


def _articles_of(
    source: str,
    input_format: str | None,
    columns: Mapping[str, str] | None,
    data: bytes | None,
    limits: Limits,
) -> Iterator[Article | Failure]:
    from detector import loaders

    label = loaders.STDIN_NAME if source == "-" else source
    stream = _stream_format(source, input_format)
    if stream is not None:
        if source == "-" and data is None:
            import sys

            data = read_capped(sys.stdin.buffer, label, limits.max_input_bytes)
        # One record is one article: held to the size of one input.
        extra = (
            {"max_decompressed_bytes": limits.max_decompressed_bytes}
            if stream.name == "warc"
            else {}
        )
        yield from stream.reader(
            label, data=data, columns=columns, max_bytes=limits.max_input_bytes, **extra
        )
        return
    try:
        # loaders.read is looked up now, so that a replaced loader (tests) is the one used
        yield from loaders.read(source, data=data, input_format=input_format, limits=limits)
    except LoadError as err:
        yield Failure(Origin(label), str(err), err)


def _stream_format(source: str, input_format: str | None) -> StreamFormat | None:
    if input_format is not None:
        return next((fmt for fmt in STREAM_FORMATS if fmt.name == input_format), None)
    from detector.loaders.fetch import is_url

    if source == "-" or is_url(source):
        return None
    lowered = source.lower()
    return next(
        (fmt for fmt in STREAM_FORMATS if any(lowered.endswith(e) for e in fmt.extensions)),
        None,
    )


def _checked_columns(columns: Mapping[str, str] | None) -> Mapping[str, str] | None:
    if not columns:
        return None
    for field, column in columns.items():
        if field not in COLUMN_FIELDS:
            close = difflib.get_close_matches(field, COLUMN_FIELDS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(
                f"columns: unknown field {field!r}{hint}; map one of {', '.join(COLUMN_FIELDS)}"
            )
        if not isinstance(column, str) or not column:
            raise ConfigError(f"columns: the column for {field!r} must be a name")
    return dict(columns)


def analyze_many(
    inputs: Iterable[str | Article | Failure],
    *,
    config: Config | None = None,
    model: Model | None = None,
    context: RunContext | None = None,
    n_jobs: int = 1,
    batch_size: int = 32,
    backend: str | None = None,
    checks: Sequence[Check] | None = None,
) -> Iterator[Report]:
    """Analyse inputs (names, read articles, failures) lazily and yield their reports in order.

    Names are read with :func:`iter_articles` (``config.input_format``); a Failure becomes
    :meth:`Report.unreadable`. One run context serves the whole batch (today's date once, unless
    ``context`` pins it). ``n_jobs > 1`` fans out over joblib workers (``backend`` as joblib
    names it: ``"loky"``, or ``"dask"`` inside ``joblib.parallel_config``); each loads the model
    of ``config.model`` once. A ``model`` object given with ``n_jobs > 1`` is sent with every
    chunk instead: pass its path in ``config.model`` to avoid that.
    """
    config = config if config is not None else Config()
    context = context if context is not None else RunContext.default()
    items = _items(inputs, config.input_format, config.limits)
    if n_jobs == 1:
        if model is None:
            from detector.model import load_model

            model = load_model(config.model)
        for item in items:
            yield _report(item, model, config, checks, context)
        return
    yield from _parallel(items, config, model, context, checks, n_jobs, batch_size, backend)


def _items(
    inputs: Iterable[str | Article | Failure], input_format: str | None, limits: Limits
) -> Iterator[Article | Failure]:
    for item in inputs:
        if isinstance(item, str):
            yield from iter_articles([item], input_format=input_format, limits=limits)
        else:
            yield item


def _report(
    item: Article | Failure,
    model: Model,
    config: Config,
    checks: Sequence[Check] | None,
    context: RunContext,
) -> Report:
    if isinstance(item, Failure):
        return Report.unreadable(item.origin, item.message)
    from detector.engine import analyze

    try:
        return analyze(item, model=model, config=config, checks=checks, context=context)
    except LimitError as err:  # too big or too slow: an error row, and the batch goes on
        return Report.unreadable(item.origin or Origin(item.source), str(err))


def _parallel(
    items: Iterator[Article | Failure],
    config: Config,
    model: Model | None,
    context: RunContext,
    checks: Sequence[Check] | None,
    n_jobs: int,
    batch_size: int,
    backend: str | None,
) -> Iterator[Report]:
    from joblib import Parallel, delayed

    if batch_size < 1:
        raise ConfigError(f"batch_size must be 1 or more, not {batch_size}")
    chunks = iter(lambda: list(itertools.islice(items, batch_size)), [])
    work = delayed(_analyze_chunk)
    parallel = Parallel(n_jobs=n_jobs, backend=backend, return_as="generator")
    for reports in parallel(work(chunk, config, model, context, checks) for chunk in chunks):
        yield from reports


def _analyze_chunk(
    chunk: list[Article | Failure],
    config: Config,
    model: Model | None,
    context: RunContext,
    checks: Sequence[Check] | None,
) -> list[Report]:
    """Analyse one chunk in a worker; the worker's model is loaded once, on its first chunk."""
    model = model if model is not None else _worker_model(config.model)
    return [_report(item, model, config, checks, context) for item in chunk]


@functools.cache
def _worker_model(path: str | None) -> Model:
    from detector.model import load_model

    return load_model(path)
