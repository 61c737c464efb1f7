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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["MIN_PAGES", "MIN_SHARE", "SITE_SCHEMA", "SiteCounts", "templates"]

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


def merge_tables(parts: Iterable[Path]) -> pa.Table:
    """Add up the count parts of every shard: one row per (domain, fingerprint)."""
    tables = [pq.read_table(p, schema=SITE_SCHEMA) for p in parts]
    if not tables:
        return SITE_SCHEMA.empty_table()
    table = pa.concat_tables(tables)
    summed = table.group_by(["domain", "fingerprint"]).aggregate(
        [("pages", "sum"), ("as_content", "sum"), ("text", "min")]
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
    ).sort_by([("domain", "ascending"), ("pages", "descending"), ("fingerprint", "ascending")])


def templates(
    counts: pa.Table, *, min_share: float = MIN_SHARE, min_pages: int = MIN_PAGES
) -> pa.Table:
    """The template paragraphs of each domain, with ``site_pages`` and ``share`` columns."""
    totals = counts.filter(pc.equal(counts["fingerprint"], DOMAIN_PAGES))
    per_domain = dict(zip(totals["domain"].to_pylist(), totals["pages"].to_pylist(), strict=True))
    rows = counts.filter(pc.not_equal(counts["fingerprint"], DOMAIN_PAGES)).to_pylist()
    kept = []
    for row in rows:
        site_pages = per_domain.get(row["domain"], 0)
        if row["pages"] >= min_pages and row["pages"] >= min_share * site_pages:
            kept.append({**row, "site_pages": site_pages, "share": row["pages"] / site_pages})
    schema = SITE_SCHEMA.append(pa.field("site_pages", pa.int64())).append(
        pa.field("share", pa.float64())
    )
    return pa.Table.from_pylist(kept, schema=schema)


def template_reason(row: Mapping[str, Any]) -> str:
    """Why a paragraph is template, in words."""
    return f"recurs on {row['pages']} of {row['site_pages']} pages of {row['domain']}"
