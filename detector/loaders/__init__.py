"""Read inputs into Articles: plain text, HTML, Markdown with front matter, JSON records.

``read`` takes a path, ``-`` (standard input, whose bytes the caller passes as ``data``) or an
http(s) URL, picks the format (by extension, then by content, unless told), decodes the bytes and
yields one Article per record. Every input it cannot read raises LoadError with a one-line message
that names the source.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from detector.article import Article
from detector.errors import ConfigError, LoadError
from detector.limits import DEFAULT_LIMITS, Limits, check_size, open_regular, read_capped, timed

# Aliased so that the package's ``decode`` and ``fetch`` attributes stay the submodules.
from detector.loaders.compressed import gunzip, is_gzip, plain_name
from detector.loaders.decode import decode as _decode
from detector.loaders.fetch import fetch as _fetch
from detector.loaders.fetch import is_url as _is_url

__all__ = ["EXTENSIONS", "FORMATS", "STDIN_NAME", "read", "sniff_format"]

FORMATS = ("text", "html", "markdown", "json")
STDIN_NAME = "<stdin>"  # how articles read from standard input name their source

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
#: File name endings and the format each one means.
EXTENSIONS = _EXTENSIONS
_MEDIA_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "application/x-ndjson": "json",
    "application/jsonl": "json",
    "text/markdown": "markdown",
    "text/plain": "text",
}
_SNIFF_CHARS = 4096
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html[\s>]|\?xml[^>]*>\s*<(?:!doctype\s+)?html)", re.I
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|br|li|ul|ol|table|tr|td|h[1-6]|meta|link|script|style"
    r"|article|section|nav|header|footer|img|main|figure|blockquote)\b[^<>]*>",
    re.IGNORECASE,
)
_JSON_START = re.compile(r'(?:\{\s*["}]|\[\s*[{\]])')
_FRONT_MATTER_KEY = re.compile(r"[\w-]+\s*[:=]")


def read(
    source: str | os.PathLike[str],
    *,
    data: bytes | None = None,
    input_format: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Article]:
    """Yield the articles of ``source``: a path, ``-`` for standard input, or an http(s) URL.

    With ``data``, those bytes are read instead of the file and ``source`` only names them.
    ``input_format`` (one of FORMATS) overrides format detection. ``limits`` bound the bytes
    read and the time each article takes to read (:mod:`detector.limits`).
    """
    if input_format is not None and input_format not in FORMATS:
        raise ConfigError(
            f"unknown input format {input_format!r}; choose one of {', '.join(FORMATS)}"
        )
    name = os.fsdecode(source)
    if input_format is None and name.lower().endswith(_RECORD_FILES) and not _is_url(name):
        return _records_of(name, data, limits)
    return _articles(name, data, input_format, limits)


#: Record files that the batch layer's stream readers read (JSON Lines is read here).
_RECORD_FILES = (".csv", ".tsv", ".csv.gz", ".tsv.gz", ".parquet", ".pq", ".warc", ".warc.gz")


def _records_of(name: str, data: bytes | None, limits: Limits) -> Iterator[Article]:
    """Read a CSV, Parquet or WARC file through the batch layer; a bad record is a LoadError."""
    from detector.article import Failure
    from detector.batch import iter_articles

    for item in iter_articles([name], data=data, limits=limits):
        if isinstance(item, Failure):
            raise LoadError(item.message)
        yield item


def sniff_format(text: str) -> str:
    """Guess the format of ``text`` from how it begins."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head):
        return "html"
    if _has_front_matter(head):
        return "markdown"
    if _JSON_START.match(head):
        return "json"
    tags = len(_HTML_TAG.findall(head))
    if tags >= 5 or (head.startswith("<") and tags >= 2):
        return "html"
    return "text"


def _articles(
    name: str, data: bytes | None, input_format: str | None, limits: Limits
) -> Iterator[Article]:
    label = STDIN_NAME if name == "-" else name
    url = None
    media_format = None
    if data is None:
        if name == "-":
            data = read_capped(sys.stdin.buffer, label, limits.max_input_bytes)
        elif _is_url(name):
            download = _fetch(name, max_bytes=_download_cap(limits))
            data, url = download.data, download.url
            media_format = _MEDIA_TYPES.get(download.media_type)
        else:
            data = _read_file(name, limits)
    elif _is_url(name):
        url = name
    if is_gzip(data):  # page.html.gz, a gzip body served as it is
        data = gunzip(data, label, limits.max_decompressed_bytes)
    check_size(label, len(data), limits.max_input_bytes)
    fmt = input_format or _by_extension(plain_name(_path_of(name))) or media_format
    # The bytes are in; decoding and parsing each article gets the time limit.
    yield from timed(_parse(data, label, fmt, url, limits), limits.time_limit, label)


def _parse(
    data: bytes, label: str, fmt: str | None, url: str | None, limits: Limits
) -> Iterator[Article]:
    text = _decode(data, label, html=fmt in (None, "html"))
    if not text.strip():
        raise LoadError(f"{label}: empty input (no text)")
    fmt = fmt or sniff_format(text)
    if fmt == "json":
        from detector.loaders.records import parse_records

        yield from parse_records(text, label, limits=limits)
    elif fmt == "html":
        from detector.loaders.html import parse_html

        yield parse_html(text, label, url=url, limits=limits)
    elif fmt == "markdown":
        from detector.loaders.markdown import parse_markdown

        yield parse_markdown(text, label, limits=limits)
    else:
        from detector.loaders.text import parse_text

        yield parse_text(text, label, limits=limits)


def _download_cap(limits: Limits) -> int:
    """What a downloaded body may be after decompression: both size limits hold (0: none)."""
    return min((n for n in (limits.max_input_bytes, limits.max_decompressed_bytes) if n), default=0)


def _read_file(path: str, limits: Limits) -> bytes:
    """Read a regular file (special files refused from ``stat`` alone), at most the size limit."""
    with open_regular(path, limits) as handle:
        try:
            return read_capped(handle, path, limits.max_input_bytes)
        except OSError as err:
            reason = err.strerror or type(err).__name__
            raise LoadError(f"{path}: cannot read ({reason})") from None


def _path_of(name: str) -> str:
    """Return the part of a source whose extension tells the format: a URL's path, else itself."""
    return urlsplit(name).path if _is_url(name) else name


def _by_extension(name: str) -> str | None:
    return _EXTENSIONS.get(PurePosixPath(name.replace("\\", "/")).suffix.lower())


def _has_front_matter(head: str) -> bool:
    lines = head.split("\n")
    fence = lines[0].rstrip()
    if fence not in ("---", "+++") or len(lines) < 3:
        return False
    first = next((line for line in lines[1:] if line.strip()), "")
    closing = ("---", "...") if fence == "---" else ("+++",)
    has_end = any(line.rstrip() in closing for line in lines[1:])
    return has_end and bool(_FRONT_MATTER_KEY.match(first))
