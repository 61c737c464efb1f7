"""Stream the records of large inputs: JSON Lines line by line, CSV row by row, Parquet by batch.

Each reader yields an :class:`~detector.article.Article` per record, or a
:class:`~detector.article.Failure` for a record it cannot read (a malformed line, a row with no
text), and goes on; an input that cannot be opened at all gives one Failure. Memory stays
bounded: a reader holds one record (and one Parquet batch) at a time, looking one record ahead
only to know whether the input has several (a lone record is named after its input, as the
whole-file loaders name it).

Records are read as :func:`detector.loaders.records.record_article` reads a JSON record.
``columns`` maps detector's fields (``text``, ``html``, ``url``, ``title``, ``date``, ``site``,
``id``) to the names the input uses, e.g. ``{"text": "body_text"}``.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import functools
import io
import json
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, Protocol

from detector.article import Article, Failure, Origin
from detector.errors import LoadError
from detector.limits import Limits, load_json, open_regular
from detector.loaders.compressed import STREAM_ERRORS, open_gzip
from detector.loaders.records import record_article

__all__ = ["read_csv", "read_jsonl", "read_parquet", "remap"]

PARQUET_BATCH_ROWS = 256
_STREAM_LIMITS = Limits(max_input_bytes=0)
# csv's default cap (128 KiB a field) is smaller than many pages' HTML.
CSV_FIELD_LIMIT = 1 << 27
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_WIDE_BOMS = (*_UTF32_BOMS, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: What is read at a time while skipping the rest of an over-long line.
_SKIP_BLOCK = 1 << 20

Item = Article | Failure
Build = Callable[[Origin], Item]


def remap(record: Any, columns: Mapping[str, str] | None) -> Any:
    """Rename the input's columns to detector's fields, per ``columns`` (field -> column)."""
    if not columns or not isinstance(record, dict):
        return record
    renamed = dict(record)
    for field, column in columns.items():
        if column != field and column in renamed:
            renamed[field] = renamed.pop(column)
    return renamed


def read_jsonl(
    source: str,
    *,
    data: bytes | None = None,
    columns: Mapping[str, str] | None = None,
    max_bytes: int = 0,
) -> Iterator[Item]:
    """Yield the records of a JSON Lines input, one line at a time.

    A line longer than ``max_bytes`` (0: no limit) is a Failure read no further than the limit:
    the rest of it is skipped block by block up to the next newline. A UTF-16 or UTF-32 file
    (it starts with such a byte-order mark) is decoded as it is read, line by line, the same way.
    """
    handle = _open(source, data)
    if isinstance(handle, Failure):
        yield handle
        return
    with handle:
        try:
            head = handle.read(4)
            handle.seek(0)
        except STREAM_ERRORS as err:  # a gzip stream broken from its header on
            origin, build = _broken(source, Origin(source), err)
            yield build(origin)
            return
        lines: _Lines = (
            _WideLines(handle, "utf-32" if head.startswith(_UTF32_BOMS) else "utf-16")
            if head.startswith(_WIDE_BOMS)
            else handle
        )
        yield from _numbered(_jsonl_lines(source, lines, columns, max_bytes))


class _Lines(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


class _WideLines:
    """UTF-8 lines of a UTF-16/32 input, decoded as they are read (``readline`` of bytes)."""

    def __init__(self, handle: IO[bytes], encoding: str) -> None:
        self.text = io.TextIOWrapper(handle, encoding=encoding, newline="\n")

    def readline(self, size: int = -1, /) -> bytes:
        # At most ``size`` characters, hence at most 4 * size bytes: still bounded.
        return self.text.readline(size).encode("utf-8", "surrogatepass")


def _jsonl_lines(
    source: str, handle: _Lines, columns: Mapping[str, str] | None, max_bytes: int
) -> Iterator[tuple[Origin, Build]]:
    found = False
    number = 0
    while True:
        try:
            raw = handle.readline(max_bytes + 1 if max_bytes else -1)
        except UnicodeDecodeError as err:
            origin = Origin(source, line=number + 1)
            message = f"{source}: line {number + 1}: not UTF-16/32 text (reading stopped)"
            yield origin, lambda origin, message=message, err=err: Failure(origin, message, err)
            return
        except STREAM_ERRORS as err:
            yield _broken(source, Origin(source, line=number + 1), err)
            return
        if not raw:
            break
        number += 1
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if max_bytes and len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_line(handle)
            found = True
            message = (
                f"{source}: line {number} is longer than {max_bytes:,} bytes, the limit for "
                "one record; skipped unread"
            )
            yield Origin(source, line=number), lambda origin, m=message: Failure(origin, m)
            continue
        if not raw.strip():
            continue
        found = True
        origin = Origin(source, line=number)
        yield origin, lambda origin, raw=raw: _jsonl_record(raw, origin, columns)
    if not found:
        yield Origin(source), lambda origin: Failure(origin, f"{source}: empty input (no JSON)")


def _skip_line(handle: _Lines) -> None:
    """Read on, a block at a time, past the end of the current line."""
    while True:
        block = handle.readline(_SKIP_BLOCK)
        if not block or block.endswith(b"\n"):
            return


def _jsonl_record(raw: bytes, origin: Origin, columns: Mapping[str, str] | None) -> Item:
    where = f"{origin.input}: line {origin.line}"
    try:
        text = raw.strip().decode("utf-8")
    except UnicodeDecodeError as err:
        return Failure(origin, f"{where}: not UTF-8 text", err)
    try:
        value = load_json(text, where)  # bounded: nesting, huge numbers are LoadErrors
    except json.JSONDecodeError as err:
        message = f"{origin.input}: malformed JSON at line {origin.line}: {err.msg}"
        return Failure(origin, message, err)
    except LoadError as err:
        return Failure(origin, str(err), err)
    return _article(remap(value, columns), origin, "JSON")


def read_csv(
    source: str,
    *,
    data: bytes | None = None,
    columns: Mapping[str, str] | None = None,
    delimiter: str = ",",
    max_bytes: int = 0,
) -> Iterator[Item]:
    """Yield the rows of a CSV (or, with ``delimiter="\\t"``, TSV) input with a header row.

    Empty cells count as missing. A row with more cells than the header is a Failure; decoding
    stops with a Failure at the first byte that is not UTF-8. A row (a field) longer than
    ``max_bytes`` characters (0: no limit) is a Failure read no further than the limit: the rest
    of its line is skipped block by block.
    """
    handle = _open(source, data)
    if isinstance(handle, Failure):
        yield handle
        return
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    with io.TextIOWrapper(handle, encoding="utf-8-sig", newline="") as text:
        yield from _numbered(_csv_rows(source, _RowLines(text, max_bytes), columns, delimiter))


class _RowTooLong(Exception):
    """The lines of one CSV row passed the limit."""


class _RowLines:
    """The lines of a text stream as csv.reader takes them, each row held to ``limit`` characters.

    The lines are read with ``readline(size)``, so a line is never read past the limit; once a
    row passes it, the rest of its line is skipped and :class:`_RowTooLong` raised. csv.reader
    passes the error on and starts afresh at the next line.
    """

    def __init__(self, text: IO[str], limit: int) -> None:
        self.text = text
        self.limit = limit
        self.used = 0  # characters of the current row; the caller resets it per row
        self.lines = 0

    def __iter__(self) -> _RowLines:
        return self

    def __next__(self) -> str:
        if not self.limit:
            line = self.text.readline()
        else:
            line = self.text.readline(self.limit - self.used + 1)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.limit and self.used > self.limit:
            while line and not line.endswith(("\n", "\r")):
                line = self.text.readline(_SKIP_BLOCK)
            self.lines += 1
            raise _RowTooLong
        self.lines += 1
        return line


def _csv_rows(
    source: str, lines: _RowLines, columns: Mapping[str, str] | None, delimiter: str
) -> Iterator[tuple[Origin, Build]]:
    reader = csv.reader(lines, delimiter=delimiter)
    row = 0
    header: list[str] | None = None
    while True:
        start = lines.lines + 1
        lines.used = 0
        try:
            cells = next(reader)
        except StopIteration:
            break
        except UnicodeDecodeError as err:
            origin = Origin(source, row=row + 1, line=start)
            message = f"{source}: line {start}: not UTF-8 text (reading stopped)"
            yield origin, lambda origin, message=message, err=err: Failure(origin, message, err)
            return
        except STREAM_ERRORS as err:
            yield _broken(source, Origin(source, row=row + 1, line=start), err)
            return
        except _RowTooLong:
            row += 1
            origin = Origin(source, row=row, line=start)
            message = (
                f"{source}: row {row} is longer than {lines.limit:,} characters, the limit for "
                "one record; skipped unread"
            )
            yield origin, lambda origin, message=message: Failure(origin, message)
            continue
        except csv.Error as err:
            row += 1
            origin = Origin(source, row=row, line=start)
            message = f"{source}: row {row}: malformed CSV ({err})"
            yield origin, lambda origin, message=message, err=err: Failure(origin, message, err)
            continue
        if not cells:
            continue
        if header is None:
            header = [name.strip() for name in cells]
            continue
        row += 1
        origin = Origin(source, row=row, line=start)
        yield origin, functools.partial(_csv_record, header, cells, columns=columns)
    if row == 0:
        message = f"{source}: empty input (no CSV rows after the header)"
        yield Origin(source), lambda origin: Failure(origin, message)


def _csv_record(
    header: list[str], cells: list[str], origin: Origin, *, columns: Mapping[str, str] | None
) -> Item:
    if len(cells) > len(header):
        message = (
            f"{origin.input}: row {origin.row}: {len(cells)} cells, the header has {len(header)}"
        )
        return Failure(origin, message)
    cells = cells + [""] * (len(header) - len(cells))
    record = {
        name: (cell if cell != "" else None) for name, cell in zip(header, cells, strict=True)
    }
    return _article(remap(record, columns), origin, "CSV")


def read_parquet(
    source: str,
    *,
    data: bytes | None = None,
    columns: Mapping[str, str] | None = None,
    batch_rows: int = PARQUET_BATCH_ROWS,
    max_bytes: int = 0,
) -> Iterator[Item]:
    """Yield the rows of a Parquet file, reading ``batch_rows`` rows at a time with pyarrow.

    A row whose text cells hold more than ``max_bytes`` characters (0: no limit) is a Failure.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(pa.BufferReader(data) if data is not None else source)
    except FileNotFoundError:
        yield Failure(Origin(source), f"{source}: no such file")
        return
    except (pa.ArrowException, OSError) as err:
        yield Failure(Origin(source), f"{source}: cannot read Parquet ({_first_line(err)})", err)
        return
    several = parquet.metadata.num_rows > 1
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=batch_rows):
            for record in batch.to_pylist():
                row += 1
                origin = Origin(source, record=row if several else None, row=row)
                size = sum(len(v) for v in record.values() if isinstance(v, (str, bytes)))
                if max_bytes and size > max_bytes:
                    message = (
                        f"{source}: row {row} holds {size:,} characters, more than {max_bytes:,}, "
                        "the limit for one record"
                    )
                    yield Failure(origin, message)
                    continue
                values = {key: _plain(value) for key, value in record.items()}
                yield _article(remap(values, columns), origin, "Parquet")
    except (pa.ArrowException, OSError) as err:
        message = f"{source}: cannot read Parquet from row {row + 1} ({_first_line(err)})"
        yield Failure(Origin(source, row=row + 1), message, err)
    if parquet.metadata.num_rows == 0:
        yield Failure(Origin(source), f"{source}: empty input (no rows in the Parquet file)")


def _plain(value: Any) -> Any:
    """Give Parquet's dates and timestamps as ISO strings, as a JSON or CSV record has them."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _article(record: Any, origin: Origin, kind: str) -> Item:
    try:
        return record_article(record, origin, kind=kind)
    except LoadError as err:
        return Failure(origin, str(err), err)


def _numbered(items: Iterator[tuple[Origin, Build]]) -> Iterator[Item]:
    """Number the records 1, 2, ... when there are several, looking one record ahead."""
    previous: tuple[Origin, Build] | None = None
    count = 0
    for item in items:
        if previous is not None:
            yield _build(previous, count)
        previous = item
        count += 1
    if previous is not None:
        yield _build(previous, count if count > 1 else None)


def _build(item: tuple[Origin, Build], number: int | None) -> Item:
    origin, build = item
    return build(dataclasses.replace(origin, record=number))


def _open(source: str, data: bytes | None) -> IO[bytes] | Failure:
    """Open an input for streaming; a gzip-compressed one decompresses as it is read."""
    if data is not None:
        return open_gzip(io.BytesIO(data))
    try:
        # stat first: a FIFO, device or socket is refused unopened. A stream may be large: its
        # records, not its size, are bounded.
        return open_gzip(open_regular(source, _STREAM_LIMITS))
    except LoadError as err:
        return Failure(Origin(source), str(err), err)
    except FileNotFoundError:
        return Failure(Origin(source), f"{source}: no such file")
    except IsADirectoryError:
        return Failure(Origin(source), f"{source}: is a directory, not a file")
    except PermissionError:
        return Failure(Origin(source), f"{source}: permission denied")
    except OSError as err:
        reason = err.strerror or type(err).__name__
        return Failure(Origin(source), f"{source}: cannot read ({reason})", err)


def _broken(source: str, origin: Origin, err: BaseException) -> tuple[Origin, Build]:
    """The Failure that ends a stream whose bytes stop making sense (a damaged gzip member)."""
    where = f"line {origin.line}" if origin.line else "the start"
    message = f"{source}: cannot read on from {where} ({_first_line(err)}; reading stopped)"
    return origin, lambda origin, message=message, err=err: Failure(origin, message, err)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
