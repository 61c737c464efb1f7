"""Turn the bytes of an input into text, or refuse them as binary.

The order follows what browsers and scrapers meet in practice: a byte-order mark wins, then strict
UTF-8 (most of the web, and what the corpora re-encode to even when an inner ``<meta charset>`` is
stale), then for HTML the charset the page declares, and last charset-normalizer's best guess.
"""

from __future__ import annotations

import codecs
import logging
import re

from detector.errors import LoadError

__all__ = ["decode"]

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="..."> and <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_SNIFF_BYTES = 4096
# C0/C1 controls other than whitespace, replacement and private-use characters: what binary
# bytes turn into when a single-byte codec accepts them.
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
# NUL bytes up to this share are strays in a text file; more mean binary (or UTF-16/32).
_MAX_STRAY_NUL = 0.001
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})
_TIE = 0.01
# Share of such characters above which decoded text is taken for binary.
_MAX_JUNK = 0.02


def decode(data: bytes, source: str, *, html: bool = False) -> str:
    """Decode ``data`` read from ``source``; raise LoadError when it is binary or undecodable."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, encoding, source), source, encoding)
    nuls = data.count(0)
    if nuls:
        encoding = _utf16_without_bom(data)
        if encoding is not None:
            return _checked(_strict(data, encoding, source), source, encoding)
        if nuls > len(data) * _MAX_STRAY_NUL:
            return _guess(data, source, wide_only=True)
        data = data.replace(b"\x00", b"")  # a few stray NULs (padding at the end): drop them
    try:
        return _checked(data.decode("utf-8"), source, "utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        declared = declared_charset(data)
        if declared is not None:
            try:
                return _checked(data.decode(declared), source, declared)
            except (UnicodeDecodeError, LookupError, LoadError):
                logger.debug("%s: declared charset %s does not decode", source, declared)
    return _guess(data, source)


def declared_charset(data: bytes) -> str | None:
    """Return the Python codec name of the charset an HTML page declares near its start."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # The WHATWG Encoding Standard reads pages labelled latin-1 or ASCII as windows-1252.
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise LoadError(
            f"{source}: binary or undecodable input (bad {encoding}: {err.reason})"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Name UTF-16 text written without a BOM: NUL in every other byte, on one side only."""
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _guess(data: bytes, source: str, *, wide_only: bool = False) -> str:
    """Decode with charset-normalizer's best guess; with ``wide_only`` accept only UTF-16/32."""
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is not None and not wide_only and not _ascii_compatible(best.encoding):
        # EBCDIC and the like read a few random bytes as text with line breaks (0x25 is a line
        # feed in cp500) where an editor shows one line: take the likeliest ASCII-based guess.
        best = next((m for m in results if _ascii_compatible(m.encoding)), None)
    if best is None or (wide_only and not best.encoding.startswith(("utf_16", "utf_32"))):
        reason = "NUL bytes" if wide_only else "no plausible text encoding"
        raise LoadError(f"{source}: binary or undecodable input ({reason})")
    encoding = best.encoding
    # Single-byte code pages often tie (cp1250, cp1252 and cp1257 decode French alike); prefer
    # windows-1252, which the WHATWG Encoding Standard substitutes for latin-1 and which is the
    # most common legacy encoding on the web.
    tied = {
        match.encoding
        for match in results
        if abs(match.chaos - best.chaos) <= _TIE and match.coherence >= best.coherence - _TIE
    }
    if encoding != "cp1252" and tied & _WESTERN:
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            text = str(best)
    else:
        text = str(best)
    logger.debug("%s: decoded as %s (charset-normalizer guess)", source, encoding)
    return _checked(text, source, encoding)


_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_ASCII_TEXT = _ASCII.decode("ascii")


def _ascii_compatible(encoding: str) -> bool:
    """Whether ``encoding`` reads printable ASCII, tabs and line breaks as ASCII does (UTF-16
    and UTF-32 are not, and are only taken with a BOM or their NUL pattern)."""
    try:
        return _ASCII.decode(encoding) == _ASCII_TEXT
    except (UnicodeDecodeError, LookupError):
        return False


def _checked(text: str, source: str, encoding: str) -> str:
    """Refuse text full of control characters: bytes that only happened to decode."""
    sample = text[:20_000]
    if sample and len(_JUNK.findall(sample)) / len(sample) > _MAX_JUNK:
        raise LoadError(f"{source}: binary or undecodable input (control characters as {encoding})")
    return text
