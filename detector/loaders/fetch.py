"""Download an article given as an http(s) URL, with trafilatura's downloader."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from detector.errors import LoadError

__all__ = ["Download", "fetch", "is_url"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Download:
    """What a server sent: the body, the URL after redirects, and the declared media type."""

    data: bytes
    url: str
    media_type: str


def is_url(source: str) -> bool:
    """Tell whether ``source`` names an http(s) URL rather than a path."""
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, *, max_bytes: int = 0) -> Download:
    """Download ``url``; raise LoadError on any failure.

    ``max_bytes`` (0: trafilatura's own cap of 20 MB) caps the body after decompression (a
    ``Content-Encoding`` of gzip, deflate, br or zstd, undone by urllib3 as the body streams in):
    the download stops there, so a compression bomb costs no more memory than the cap.
    """
    try:
        from trafilatura.downloads import fetch_response
        from trafilatura.settings import use_config
    except ImportError as err:
        reason = " ".join(str(err).split())
        raise LoadError(f"{url}: cannot download: trafilatura fails to import ({reason})") from None
    try:
        config = use_config()
        if max_bytes:
            config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
        response = fetch_response(url, config=config)
    except Exception as err:  # network stacks raise many kinds; every one means "not loaded"
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise LoadError(f"{url}: download failed ({reason})") from None
    if response is None:
        cap = int(config.get("DEFAULT", "MAX_FILE_SIZE"))
        # The cap holds after decompression (limits.max-input-bytes, max-decompressed-bytes).
        raise LoadError(f"{url}: download failed (no response, or a body over {cap:,} bytes)")
    status = getattr(response, "status", None)
    if status is not None and not 200 <= int(status) < 300:
        raise LoadError(f"{url}: download failed (HTTP {status})")
    if not response.data:
        raise LoadError(f"{url}: empty input (the server sent no data)")
    headers = getattr(response, "headers", None) or {}
    media_type = str(headers.get("content-type", "")).split(";")[0].strip().lower()
    logger.debug("%s: downloaded %d bytes (%s)", url, len(response.data), media_type or "no type")
    return Download(data=bytes(response.data), url=response.url or url, media_type=media_type)
