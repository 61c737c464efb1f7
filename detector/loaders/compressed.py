"""Read gzip-compressed inputs as what they hold: ``page.html.gz``, ``export.jsonl.gz``.

Crawls store pages gzipped and corpus tools (datatrove, NeMo Curator) write ``.jsonl.gz`` by
default, so a compressed input is read wherever its plain form is: a whole-file input is
decompressed in memory, never past ``max_decompressed_bytes``; a JSON Lines or CSV export is
decompressed as it streams, its records bounded one by one as in a plain file. An input is
known by its first two bytes (the gzip magic), not by its name, and its name without ``.gz``
tells the format. A damaged or truncated stream is a one-line error, never a silent end.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import IO

from detector.errors import LoadError
from detector.limits import read_capped

__all__ = [
    "GZIP_MAGIC",
    "STREAM_ERRORS",
    "gunzip",
    "is_gzip",
    "is_gzip_name",
    "open_gzip",
    "plain_name",
]

GZIP_MAGIC = b"\x1f\x8b"
#: What reading a damaged gzip stream raises (a bad header, a truncated member, corrupt data).
STREAM_ERRORS = (OSError, EOFError, zlib.error)


def is_gzip(head: bytes) -> bool:
    """Whether bytes that begin an input begin a gzip stream."""
    return head[:2] == GZIP_MAGIC


def is_gzip_name(name: str) -> bool:
    """Whether a file name says gzip (``page.html.gz``): what ``--fix`` and check's walk go by."""
    return name.lower().endswith(".gz")


def plain_name(name: str) -> str:
    """``name`` without a trailing ``.gz``, whose extension then tells the format."""
    return name[:-3] if is_gzip_name(name) else name


def gunzip(data: bytes, source: str, limit: int) -> bytes:
    """Decompress a whole gzip input (every member), refusing it past ``limit`` bytes (0: none)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return read_capped(stream, source, limit, setting="max_decompressed_bytes")
    except STREAM_ERRORS as err:
        raise LoadError(f"{source}: not a readable gzip file ({_reason(err)})") from None


def open_gzip(handle: IO[bytes]) -> IO[bytes]:
    """``handle`` itself, or a stream decompressing it when it holds gzip (peeked, not consumed)."""
    peek = getattr(handle, "peek", None)
    if peek is not None:
        head = peek(2)[:2]
    else:
        head = handle.read(2)
        handle.seek(0)
    return _Gunzipping(fileobj=handle) if is_gzip(head) else handle


class _Gunzipping(gzip.GzipFile):
    """A GzipFile that closes the file it reads when it is closed (GzipFile leaves it open)."""

    def close(self) -> None:
        source = self.fileobj
        try:
            super().close()
        finally:
            if source is not None:
                source.close()


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
