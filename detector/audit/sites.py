"""Site-level template evidence: paragraphs that recur across many pages of one domain.

A single-page extractor cannot know that "Get the morning briefing in your inbox" stands on
every page of a site; an audit can. Each worker counts, per domain, on how many pages each
normalised paragraph fingerprint occurs (:class:`SiteCounts`, a counter that adds up across
chunks, shards and workers). Once every shard is done, a fingerprint on at least
:data:`MIN_SHARE` of a domain's pages (and on :data:`MIN_PAGES` of them) is that domain's
template.

Why a second pass rather than a statistic applied while the records are scored: a running
statistic would judge a site's first pages with no evidence and its last with all of it, and
its verdicts would depend on how records fall into shards and in which order workers finish, so
a run on two workers or on a Dask cluster would not equal a run on one. The second pass reads
only the compact paragraph table the first pass wrote (fingerprint, role per paragraph), never
the archive, so it costs a small fraction of the scoring.

The evidence changes paragraph verdicts, not the first pass's findings: a template paragraph
the model kept as content is marked ``boilerplate`` (kind ``site_template``) with the
recurrence as its reason, and each article row gains the counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["MIN_PAGES", "MIN_SHARE", "SITE_SCHEMA", "SiteCounts", "merge_templates", "templates"]

#: A fingerprint is a template when it stands on this share of a domain's pages...
MIN_SHARE = 0.3
#: ... and on at least this many of them.
MIN_PAGES = 3

SITE_SCHEMA = pa.schema(
    [
        ("domain", pa.string()),
        ("fingerprint", pa.string()),
        ("pages", pa.int64()),
        ("as_content", pa.int64()),
        ("text", pa.string()),
    ]
)
DOMAIN_PAGES = "__pages__"  # the fingerprint row that counts a domain's pages
_TEMPLATE_SCHEMA = SITE_SCHEMA.append(pa.field("site_pages", pa.int64())).append(
    pa.field("share", pa.float64())
)
#: Count rows merged in memory at once; more are spread over bucket files first.
MERGE_ROWS = 500_000


@dataclass
class SiteCounts:
    """Per domain: pages seen, and for each fingerprint the pages it is on (mergeable)."""

    pages: dict[tuple[str, str], int] = field(default_factory=dict)
    as_content: dict[tuple[str, str], int] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)

    def add_page(self, domain: str | None, rows: Iterable[Mapping[str, Any]]) -> None:
        """Count one page's paragraph rows (each fingerprint once per page)."""
        if not domain:
            return
        key = (domain, DOMAIN_PAGES)
        self.pages[key] = self.pages.get(key, 0) + 1
        seen: set[str] = set()
        for row in rows:
            fp = row["fingerprint"]
            if fp in seen:
                continue
            seen.add(fp)
            key = (domain, fp)
            self.pages[key] = self.pages.get(key, 0) + 1
            if row["role"] == "content":
                self.as_content[key] = self.as_content.get(key, 0) + 1
            self.texts.setdefault(key, row["text"])

    def __add__(self, other: SiteCounts) -> SiteCounts:
        merged = SiteCounts(dict(self.pages), dict(self.as_content), dict(self.texts))
        for key, count in other.pages.items():
            merged.pages[key] = merged.pages.get(key, 0) + count
        for key, count in other.as_content.items():
            merged.as_content[key] = merged.as_content.get(key, 0) + count
        for key, text in other.texts.items():
            merged.texts.setdefault(key, text)
        return merged

    def table(self) -> pa.Table:
        """The counts as rows of :data:`SITE_SCHEMA`."""
        keys = sorted(self.pages)
        return pa.Table.from_pydict(
            {
                "domain": [k[0] for k in keys],
                "fingerprint": [k[1] for k in keys],
                "pages": [self.pages[k] for k in keys],
                "as_content": [self.as_content.get(k, 0) for k in keys],
                "text": [self.texts.get(k) for k in keys],
            },
            schema=SITE_SCHEMA,
        )


def merge_templates(
    parts: Sequence[Path],
    spill: Path,
    *,
    min_share: float = MIN_SHARE,
    min_pages: int = MIN_PAGES,
    budget: int = MERGE_ROWS,
) -> pa.Table:
    """Add up the count parts of every shard and return each domain's template paragraphs.

    The parts hold a row per (domain, fingerprint) and chunk, so together they grow with the
    archive (about one row per distinct paragraph of each chunk). Memory holds the domains'
    page totals and about ``budget`` count rows at a time: when the parts hold more, their rows
    are first spread over 16 or 256 bucket files in ``spill`` by the fingerprint's first hex
    digits (a fingerprint is a hash, so the buckets are even), and each bucket is added up
    alone. The result is the same either way, row for row.
    """
    per_domain: dict[str, int] = {}
    total = 0
    for part in parts:
        table = pq.read_table(part, schema=SITE_SCHEMA, columns=["domain", "fingerprint", "pages"])
        is_total = pc.equal(table["fingerprint"], DOMAIN_PAGES)
        pages = table.filter(is_total)
        for domain, count in zip(
            pages["domain"].to_pylist(), pages["pages"].to_pylist(), strict=True
        ):
            per_domain[domain] = per_domain.get(domain, 0) + count
        total += table.num_rows - pages.num_rows
    digits = 0 if total <= budget else 1 if total <= 16 * budget else 2
    if digits == 0:
        kept = [_kept(_summed([_counts(p) for p in parts]), per_domain, min_share, min_pages)]
    else:
        kept = list(_bucketed(parts, spill, digits, per_domain, min_share, min_pages))
    table = pa.concat_tables(kept) if kept else _TEMPLATE_SCHEMA.empty_table()
    return table.sort_by(
        [("domain", "ascending"), ("pages", "descending"), ("fingerprint", "ascending")]
    )


def _counts(part: Path) -> pa.Table:
    table = pq.read_table(part, schema=SITE_SCHEMA)
    return table.filter(pc.not_equal(table["fingerprint"], DOMAIN_PAGES))


def _bucketed(
    parts: Sequence[Path],
    spill: Path,
    digits: int,
    per_domain: Mapping[str, int],
    min_share: float,
    min_pages: int,
) -> Iterator[pa.Table]:
    import tempfile

    with tempfile.TemporaryDirectory(dir=spill, prefix=".merge-") as folder:
        writers: dict[str, pq.ParquetWriter] = {}
        try:
            for part in parts:
                table = _counts(part)
                prefix = pc.utf8_slice_codeunits(table["fingerprint"], 0, digits)
                for value in pc.unique(prefix).to_pylist():
                    if value not in writers:
                        # Safe by construction: ``value`` is hex digits of a hash.
                        path = Path(folder) / f"{value}.parquet"
                        writers[value] = pq.ParquetWriter(path, SITE_SCHEMA)
                    writers[value].write_table(table.filter(pc.equal(prefix, value)))
        finally:
            for writer in writers.values():
                writer.close()
        for value in sorted(writers):
            counts = pq.read_table(Path(folder) / f"{value}.parquet", schema=SITE_SCHEMA)
            yield _kept(_summed([counts]), per_domain, min_share, min_pages)


def _summed(tables: Sequence[pa.Table]) -> pa.Table:
    """One row per (domain, fingerprint): pages and as_content added, the first text kept."""
    if not tables:
        return SITE_SCHEMA.empty_table()
    summed = (
        pa.concat_tables(tables)
        .group_by(["domain", "fingerprint"])
        .aggregate([("pages", "sum"), ("as_content", "sum"), ("text", "min")])
    )
    return pa.table(
        {
            "domain": summed["domain"],
            "fingerprint": summed["fingerprint"],
            "pages": summed["pages_sum"],
            "as_content": summed["as_content_sum"],
            "text": summed["text_min"],
        },
        schema=SITE_SCHEMA,
    )


def _kept(
    counts: pa.Table, per_domain: Mapping[str, int], min_share: float, min_pages: int
) -> pa.Table:
    """The rows of ``counts`` that are template, with ``site_pages`` and ``share`` columns."""
    site_pages = pa.array([per_domain.get(d, 0) for d in counts["domain"].to_pylist()], pa.int64())
    pages = counts["pages"]
    keep = pc.and_(
        pc.greater_equal(pages, min_pages),
        pc.greater_equal(pc.cast(pages, pa.float64()), pc.multiply(site_pages, min_share)),
    )
    keep = pc.and_(keep, pc.greater(site_pages, 0))
    table = counts.append_column("site_pages", site_pages)
    table = table.append_column(
        "share", pc.divide(pc.cast(pages, pa.float64()), pc.cast(site_pages, pa.float64()))
    )
    return table.filter(keep).cast(_TEMPLATE_SCHEMA)


def templates(
    counts: pa.Table, *, min_share: float = MIN_SHARE, min_pages: int = MIN_PAGES
) -> pa.Table:
    """The template paragraphs of each domain of one count table (its ``__pages__`` rows give
    the domains' page totals), with ``site_pages`` and ``share`` columns."""
    totals = counts.filter(pc.equal(counts["fingerprint"], DOMAIN_PAGES))
    per_domain = dict(zip(totals["domain"].to_pylist(), totals["pages"].to_pylist(), strict=True))
    rows = counts.filter(pc.not_equal(counts["fingerprint"], DOMAIN_PAGES))
    return _kept(rows, per_domain, min_share, min_pages)


def template_reason(row: Mapping[str, Any]) -> str:
    """Why a paragraph is template, in words."""
    return f"recurs on {row['pages']} of {row['site_pages']} pages of {row['domain']}"
