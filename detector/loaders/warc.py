"""Read web archives: one Article per HTML ``response`` record of a WARC or WARC.gz file.

Records stream through fastwarc's ``ArchiveIterator`` (chosen over warcio after measuring both
on a generated archive: ``benchmarks/bench_warc.py``); nothing but the current record is held.
Each article's :class:`~detector.article.Origin` carries the WARC-Record-ID and the record's
byte offset in the file (the start of its gzip member), so an audit can name the record and
resume reading at it; ``meta`` keeps the target URI and the crawl date (``warc:date``), which
the date checks read as the day the page was fetched.

A record that is not an HTML response (``warcinfo``, ``request``, ``metadata``, images, PDFs,
redirects) is skipped and counted in :attr:`WarcReader.skipped`, with its offset, never dropped
silently. A record that is HTML but cannot be read becomes a ``Failure`` and the reading goes
on: a body shorter than its ``Content-Length`` (a truncated gzip member), bytes that decode to
no text, a body larger than ``max_bytes``, a broken chunked transfer encoding (a valid one is
decoded: some crawlers store the body as sent), a body stored with a gzip or deflate
``Content-Encoding`` that decompresses past ``max_decompressed_bytes`` (a valid one is
decompressed, never past that bound). A gzip member that does not decompress does not
end the file either: the reader reports it and resumes at the next gzip member.
"""

from __future__ import annotations

import http.client
import io
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from detector.article import Article, Failure, Origin
from detector.errors import LoadError
from detector.limits import DEFAULT_LIMITS, LimitError

__all__ = ["MAX_RECORD_BYTES", "Skipped", "WarcReader", "read_warc"]

logger = logging.getLogger(__name__)

#: Larger bodies become a Failure without being read (a 50 MB page would stall the parser).
MAX_RECORD_BYTES = 5_000_000
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record the reader passed over: where it starts and why (``request``, ``image/png``...)."""

    offset: int
    reason: str


@dataclass
class WarcReader:
    """Iterate the articles of one WARC file, from byte ``start`` up to (not including) ``end``.

    ``start`` must be the offset of a record (one a previous reading reported); ``after=True``
    skips the record at ``start`` itself, to resume after the last record written. Records
    skipped on the way are appended to ``skipped`` as they are met.
    """

    path: str
    start: int = 0
    end: int | None = None
    after: bool = False
    max_bytes: int = MAX_RECORD_BYTES
    """Larger records become Failures unread (0: no limit)."""
    max_decompressed_bytes: int = DEFAULT_LIMITS.max_decompressed_bytes
    """What a body sent with a ``Content-Encoding`` may expand to (and at most ``max_bytes``)."""
    data: bytes | None = None
    """The archive's bytes, when it is not a file (standard input); ``path`` then names it."""
    skipped: list[Skipped] = field(default_factory=list)
    failed_urls: dict[int, str] = field(default_factory=dict)
    """Target URI of each record that became a Failure, by offset (a Failure has no URL)."""
    current: tuple[int, str | None] | None = None
    """Offset and WARC-Record-ID of the response being read, for a caller that gives up on it."""

    def __iter__(self) -> Iterator[Article | Failure]:
        from fastwarc.warc import ArchiveIterator

        position = self.start
        first = True
        gap = False  # a failure was reported for the data just before ``position``
        source = io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")  # noqa: SIM115
        with source as handle:
            compressed = handle.read(2) == _GZIP_MAGIC[:2]
            while True:
                handle.seek(position)
                records = ArchiveIterator(handle, parse_http=False, fsspec_args=False)
                last = None  # offset of the record being read
                finished = True  # whether that record was fully handled
                try:
                    for record in records:
                        offset = int(record.stream_pos)
                        if self.end is not None and offset >= self.end:
                            return
                        last, finished = offset, False
                        if first and self.after and offset == self.start:
                            first, finished = False, True
                            continue
                        first = gap = False
                        yield from self._record(record, offset)
                        finished = True
                    return
                except OSError as err:
                    # Data that does not decompress: report it once (the record it cut, else
                    # the gap after the last good record) and go on at the next gzip member.
                    if last is None:
                        broken = None if gap else position
                    else:
                        broken = last if not finished else last + 1
                    if broken is not None and (self.end is None or broken < self.end):
                        message = f"{self.path}: unreadable WARC data at byte {broken} ({err})"
                        logger.warning("%s", message)
                        yield _failure(Origin(self.path, offset=broken), message)
                    gap = gap or broken is not None
                    resume = _next_member(
                        handle, (position if last is None else last) + 1, compressed
                    )
                    if resume is None:
                        return
                    position, first = resume, False

    def _record(self, record: object, offset: int) -> Iterator[Article | Failure]:
        kind = str(record.record_type)  # type: ignore[attr-defined]
        if kind != "response":
            self.skipped.append(Skipped(offset, kind))
            return
        headers = record.headers  # type: ignore[attr-defined]
        record_id = headers.get("WARC-Record-ID")
        self.current = (offset, record_id)
        url = headers.get("WARC-Target-URI")
        origin = Origin(self.path, record_id=record_id, offset=offset)
        if url:
            self.failed_urls[offset] = url  # dropped again below when the record reads
        length = int(record.content_length)  # type: ignore[attr-defined]
        if self.max_bytes and length > self.max_bytes:
            head = record.reader.read(4096)  # type: ignore[attr-defined]
            media = _media_type(head)
            if media is not None and media not in _HTML_TYPES:
                self.failed_urls.pop(offset, None)
                self.skipped.append(Skipped(offset, media))
                return
            yield _failure(
                origin, f"{url}: page too large ({length:,} bytes; limit {self.max_bytes:,})"
            )
            return
        block = record.reader.read()  # type: ignore[attr-defined]
        cap = min((n for n in (self.max_bytes, self.max_decompressed_bytes) if n), default=0)
        try:
            article = _article(block, length, url, headers, origin, cap)
        except LoadError as err:
            yield _failure(origin, str(err))
            return
        self.failed_urls.pop(offset, None)
        if isinstance(article, str):
            self.skipped.append(Skipped(offset, article))
            return
        yield article


def read_warc(
    source: str | os.PathLike[str],
    *,
    data: bytes | None = None,
    columns: object = None,
    max_bytes: int = MAX_RECORD_BYTES,
    max_decompressed_bytes: int = DEFAULT_LIMITS.max_decompressed_bytes,
) -> Iterator[Article | Failure]:
    """Yield an Article, or a Failure, per HTML response record of the WARC ``source``.

    The reader of the batch layer's format table: ``data`` holds the bytes when ``source`` is
    standard input; ``columns`` is accepted for the table's signature and means nothing here.
    """
    name = os.fsdecode(source)
    if data is None and not os.path.isfile(name):
        message = (
            f"{name}: is a directory, not a file"
            if os.path.isdir(name)
            else f"{name}: no such file"
        )
        return iter([_failure(Origin(name), message)])
    return iter(
        WarcReader(
            name, data=data, max_bytes=max_bytes, max_decompressed_bytes=max_decompressed_bytes
        )
    )


def _failure(origin: Origin, message: str) -> Failure:
    return Failure(origin, message)


def _media_type(block: bytes) -> str | None:
    head, sep, _ = block.partition(b"\r\n\r\n")
    if not sep:
        return None
    stream = io.BytesIO(head + b"\r\n\r\n")
    stream.readline()
    return http.client.parse_headers(stream).get_content_type()


def _article(
    block: bytes, length: int, url: str | None, headers: object, origin: Origin, cap: int = 0
) -> Article | str:
    """Build the article of one response block, or return why it is skipped."""
    name = url or f"{origin.input}@{origin.offset}"
    if len(block) < length:
        raise LoadError(
            f"{name}: truncated record ({len(block):,} of {length:,} bytes; "
            "the gzip member ends early)"
        )
    stream = io.BytesIO(block)
    status = stream.readline().split(None, 2)
    if len(status) < 2 or not status[0].startswith(b"HTTP/"):
        return "not-http"
    try:
        http_headers = http.client.parse_headers(stream)
    except http.client.HTTPException as err:
        raise LoadError(f"{name}: unreadable HTTP headers ({err})") from None
    media = http_headers.get_content_type()
    if media not in _HTML_TYPES:
        return media
    if not status[1].startswith(b"2"):
        return f"status {status[1].decode('ascii', 'replace')}"
    body = stream.read()
    if "chunked" in (http_headers.get("Transfer-Encoding") or "").lower():
        body = _dechunk(body, name)  # never longer than the record: bounded by max_bytes
    body = _content_decoded(body, http_headers.get("Content-Encoding"), name, cap)
    from detector.loaders.decode import decode
    from detector.loaders.html import parse_html

    text = _decode_declared(body, http_headers.get_content_charset(), name) or decode(
        body, name, html=True
    )
    page = parse_html(text, name, url=url, lines=False)
    meta = dict(page.meta)
    meta["warc:target_uri"] = url or ""
    date = headers.get("WARC-Date")  # type: ignore[attr-defined]
    if date:
        meta["warc:date"] = date
    return Article(
        source=name,
        paragraphs=page.paragraphs,
        format="html",
        title=page.title,
        date=page.date,
        url=page.url or url,
        site=page.site,
        meta=meta,
        main_text=page.main_text,
        origin=origin,
    )


def _decode_declared(body: bytes, charset: str | None, name: str) -> str | None:
    """Decode with the charset the HTTP header names, when it decodes cleanly."""
    if not charset:
        return None
    from detector.loaders.decode import decode

    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None
    # Let the shared decoder judge control characters, BOMs and NULs the same way everywhere.
    return decode(text.encode("utf-8"), name, html=True) if text else None


def _content_decoded(body: bytes, encoding: str | None, name: str, cap: int) -> bytes:
    """Undo a gzip or deflate ``Content-Encoding``, reading no more than ``cap`` bytes out."""
    coding = (encoding or "").strip().lower()
    if coding in ("", "identity"):
        return body
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise LoadError(f"{name}: body sent with Content-Encoding {coding[:40]!r}, not read")
    # wbits 47 reads gzip and zlib streams alike; -15 a raw deflate stream (some servers send it)
    wbits = 47 if coding != "deflate" or body[:1] == b"\x78" else -15
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(body, cap + 1 if cap else 0)
    except zlib.error as err:
        raise LoadError(f"{name}: body does not decompress ({coding}: {err})") from None
    if cap and len(out) > cap:
        raise LimitError(
            f"{name}: body decompresses to more than {cap:,} bytes; "
            "raise limits.max-decompressed-bytes (or the record limit) to read it"
        )
    return out


def _dechunk(body: bytes, name: str) -> bytes:
    """Undo HTTP chunked transfer encoding; LoadError when the chunks do not add up."""
    out = bytearray()
    stream = io.BytesIO(body)
    while True:
        line = stream.readline()
        size_text = line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise LoadError(
                f"{name}: broken chunked transfer encoding (chunk size {size_text[:20]!r})"
            ) from None
        if size == 0:
            return bytes(out)
        chunk = stream.read(size)
        if len(chunk) < size:
            raise LoadError(f"{name}: broken chunked transfer encoding (a chunk is cut short)")
        out += chunk
        stream.readline()


def _next_member(handle: io.BufferedReader, start: int, compressed: bool) -> int | None:
    """Find where the next gzip member (or, uncompressed, the next WARC record) begins."""
    magic = _GZIP_MAGIC if compressed else _WARC_MAGIC
    handle.seek(start)
    position = start
    carry = b""
    while True:
        block = handle.read(_SCAN_BLOCK)
        if not block:
            return None
        data = carry + block
        found = data.find(magic)
        if found >= 0:
            return position - len(carry) + found
        carry = data[-(len(magic) - 1) :]
        position += len(block)
