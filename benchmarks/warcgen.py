"""Write test WARCs from the project's own articles and from real pages of ``../shared/corpora``.

    python benchmarks/warcgen.py out.warc.gz --records 1000             # project articles only
    python benchmarks/warcgen.py out.warc.gz --records 3000 --real 1000  # and real corpus pages
    python benchmarks/warcgen.py out.warc.gz --records 200 --bad         # with broken records

Archives are generated when a test or benchmark needs them and never committed (the corpus text
may not be copied into the project). Each archive holds, as a crawl does, a ``warcinfo`` record,
then per page a ``request`` and a ``response`` record; every tenth page also gets a ``metadata``
record and every twentieth a non-HTML ``response`` (an image), which the reader must skip and
count. Project articles (``datasets/articles/articles.jsonl``) are laid out on four made-up news
sites, each with its own template (navigation, a "latest news" box, a newsletter form, a
footer), so that site-level template evidence has something to find. ``--bad`` appends the
records a real crawl breaks on: undecodable bytes, a chunked transfer-encoded body, broken HTML,
an oversized page and, last, a truncated gzip member.

The records are written with warcio's writer, one gzip member per record, as the WARC standard
recommends and as Common Crawl does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import io
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "datasets" / "articles" / "articles.jsonl"

SITES = (
    ("lakeport-herald.example", "Lakeport Herald", ("Home", "Politics", "Business", "Sport")),
    ("valley-courier.example", "Valley Courier", ("News", "Farming", "Weather", "Opinion")),
    ("metro-ledger.example", "Metro Ledger", ("Front page", "City", "Culture", "Travel")),
    ("coast-gazette.example", "Coast Gazette", ("Latest", "Harbour", "Schools", "Letters")),
)


@dataclass(frozen=True, slots=True)
class Page:
    """One page to archive: its URL, HTML bytes, crawl date and, when known, the gold body."""

    url: str
    html: bytes
    crawled: dt.datetime
    body: str | None = None
    site: str = ""


def project_pages() -> list[Page]:
    """Render every project article as a page of one of the four made-up sites."""
    pages = []
    for number, line in enumerate(ARTICLES.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        host, name, sections = SITES[number % len(SITES)]
        pages.append(_render(record, host, name, sections))
    return pages


def _render(record: dict, host: str, name: str, sections: tuple[str, ...]) -> Page:
    esc = html.escape
    title = record.get("title") or record["id"]
    date = record.get("date")
    nav = "".join(f'<li><a href="/{s.lower()}">{esc(s)}</a></li>' for s in sections)
    body = "\n".join(f"<p>{esc(p)}</p>" for p in record["paragraphs"])
    byline = f'<p class="byline">{esc(record["byline"])}</p>' if record.get("byline") else ""
    stamp = f'<meta property="article:published_time" content="{date}">' if date else ""
    text = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(title)} | {esc(name)}</title>{stamp}</head>
<body><header><a class="logo" href="/">{esc(name)}</a><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{esc(title)}</h1>{byline}
{body}
</article>
<aside class="latest"><h2>Latest news</h2>
<ul><li><a href="/a">Read more stories from {esc(name)}</a></li></ul></aside>
<form class="newsletter"><p>Get the {esc(name)} morning briefing in your inbox every weekday.</p>
<button>Subscribe</button></form></main>
<footer><p>Copyright {esc(name)}. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>
"""
    day = dt.date.fromisoformat(date) if date else dt.date(2024, 6, 1)
    crawled = dt.datetime.combine(day + dt.timedelta(days=3), dt.time(12, 0), dt.timezone.utc)
    section = quote((record.get("section") or "news").lower())
    url = f"https://{host}/{section}/{quote(record['id'])}"
    return Page(url, text.encode("utf-8"), crawled, "\n\n".join(record["paragraphs"]), host)


def real_pages(shared: Path | None = None, corpora: Iterable[str] = ("scrapinghub",)) -> list[Page]:
    """Read real labelled pages of ``../shared/corpora`` (empty when the folder is absent)."""
    sys.path.insert(0, str(ROOT))
    from training.corpora import pages

    found = []
    try:
        for corpus in corpora:
            for page in pages(corpus):
                url = page.url or f"https://{page.site}/{page.id}"
                crawled = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.timezone.utc)
                raw = gzip.decompress(page.html_path.read_bytes())
                found.append(Page(url, raw, crawled, page.body, page.site))
    except FileNotFoundError:
        return []
    return found


def write_warc(
    target: str | Path | io.BufferedIOBase, pages: Iterable[Page], *, bad: bool = False
) -> dict[str, int]:
    """Write ``pages`` as a gzipped WARC; return how many records of each sort were written."""
    counts = {"html": 0, "skipped": 1, "bad": 0}
    own = not hasattr(target, "write")
    out = open(target, "wb") if own else target  # noqa: SIM115
    try:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record("detector-test.warc.gz", {"software": "warcgen"})
        writer.write_record(info)
        for number, page in enumerate(pages):
            _write_page(writer, page)
            counts["html"] += 1
            if number % 10 == 9:
                meta = writer.create_warc_record(
                    page.url,
                    "metadata",
                    payload=io.BytesIO(b"fetchTimeMs: 12\n"),
                    warc_content_type="application/warc-fields",
                )
                writer.write_record(meta)
                counts["skipped"] += 1
            if number % 20 == 19:
                image = Page(page.url + ".png", b"\x89PNG\r\n\x1a\n" + bytes(64), page.crawled)
                _write_page(writer, image, content_type="image/png")
                counts["skipped"] += 2  # the image and its request
        if bad:
            counts["bad"] += _write_bad(writer, out)
    finally:
        if own:
            out.close()
    counts["skipped"] += counts["html"] + counts["bad"]  # a request record before each page
    return counts


def _write_page(
    writer: WARCWriter,
    page: Page,
    *,
    content_type: str = "text/html; charset=utf-8",
    chunked: bool = False,
    payload: bytes | None = None,
) -> None:
    date = page.crawled.strftime("%Y-%m-%dT%H:%M:%SZ")
    request = writer.create_warc_record(
        page.url,
        "request",
        payload=io.BytesIO(f"GET {page.url} HTTP/1.1\r\n\r\n".encode()),
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(request)
    headers = [("Content-Type", content_type)]
    if chunked:
        headers.append(("Transfer-Encoding", "chunked"))
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    data = page.html if payload is None else payload
    response = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(data),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(response)


def _chunked(data: bytes, size: int = 500) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size])
        for i in range(0, len(data), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def _write_bad(writer: WARCWriter, out: io.BufferedIOBase) -> int:
    """Append the broken records of a real crawl; return how many (the truncated one included)."""
    when = dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc)
    story = project_pages()[0].html
    garbage = Page("https://broken.example/undecodable", b"\xff\xfe\x00\xd8" * 400, when)
    _write_page(writer, garbage, content_type="text/html; charset=utf-8")
    chunked = Page("https://broken.example/chunked", story, when)
    _write_page(writer, chunked, chunked=True, payload=_chunked(story))
    broken = Page("https://broken.example/bad-chunks", story, when)
    _write_page(writer, broken, chunked=True, payload=b"zz\r\n" + story)
    tags = Page("https://broken.example/tags", b"<html><body><div><p>" + b"<b>" * 5000, when)
    _write_page(writer, tags)
    # Larger than the reader's default limit (5 MB): an error row, never parsed.
    huge = b"<html><body>" + b"<p>All work and no play makes a dull page.</p>\n" * 130_000
    _write_page(writer, Page("https://broken.example/huge", huge, when))
    # The last record is cut in the middle of its gzip member, as an interrupted download is.
    member = io.BytesIO()
    tail = WARCWriter(member, gzip=True)
    _write_page(tail, Page("https://broken.example/truncated", story, when))
    data = member.getvalue()
    out.write(data[: len(data) * 2 // 3])
    return 6


def _cycle(pages: list[Page], count: int) -> Iterator[Page]:
    """``count`` pages, repeating ``pages`` under new URLs when there are fewer."""
    for number, page in enumerate(itertools.islice(itertools.cycle(pages), count)):
        lap = number // len(pages)
        yield (
            page
            if lap == 0
            else Page(f"{page.url}?copy={lap}", page.html, page.crawled, page.body, page.site)
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output")
    parser.add_argument("--records", type=int, default=500, help="HTML pages in all")
    parser.add_argument("--real", type=int, default=0, help="of which real corpus pages")
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--bad", action="store_true", help="append broken records")
    args = parser.parse_args(argv)
    own = project_pages()
    real = real_pages(args.shared)[: args.real] if args.real else []
    mixed = list(_cycle(real, args.real)) if real else []
    pages = list(_cycle(own, args.records - len(mixed))) + mixed
    counts = write_warc(args.output, pages, bad=args.bad)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
