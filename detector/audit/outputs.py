"""Turn reports into table rows and write them as Parquet parts that never look done half-written.

Three tables, one row per record, finding and paragraph. Their schemas are fixed here (a column
per finding kind and per paragraph role), so the parts of every shard concatenate into one
table. A part is written to ``<name>.tmp`` and renamed when complete: a reader, or a rerun after
``kill -9``, sees whole parts or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq

from detector.model import ROLES

if TYPE_CHECKING:
    from detector.article import Origin
    from detector.findings import Report

__all__ = [
    "ARTICLE_SCHEMA",
    "FINDING_SCHEMA",
    "KINDS",
    "PARAGRAPH_SCHEMA",
    "article_row",
    "domain_of",
    "finding_rows",
    "fingerprint",
    "paragraph_rows",
    "origin_key",
    "record_key",
    "section_of",
    "write_atomic",
    "write_json_atomic",
]

#: Paragraph text kept in the paragraph table for non-content paragraphs (furniture samples).
SAMPLE_CHARS = 300


def _kinds() -> tuple[str, ...]:
    from detector.checks import CHECKS

    return tuple(
        sorted({rule.kind for check in CHECKS for rule in check.rules} | {"unreadable_input"})
    )


KINDS = _kinds()

ARTICLE_SCHEMA = pa.schema(
    [
        ("input", pa.string()),
        ("record_id", pa.string()),
        ("offset", pa.int64()),
        ("url", pa.string()),
        ("domain", pa.string()),
        ("section", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("crawl_date", pa.string()),
        ("score", pa.int32()),
        ("verdict", pa.string()),
        ("decided_by", pa.string()),
        ("findings", pa.int32()),
        *((f"kind_{kind}", pa.int32()) for kind in KINDS),
        ("paragraphs", pa.int32()),
        *((f"role_{role}", pa.int32()) for role in ROLES),
        ("model", pa.string()),
        ("error", pa.string()),
    ]
)
FINDING_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("domain", pa.string()),
        ("rule", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("severity", pa.string()),
        ("lines", pa.list_(pa.int32())),
        ("paragraphs", pa.list_(pa.int32())),
        ("message", pa.string()),
        ("evidence", pa.string()),
    ]
)
PARAGRAPH_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("domain", pa.string()),
        ("index", pa.int32()),
        ("fingerprint", pa.string()),
        ("chars", pa.int32()),
        ("role", pa.string()),
        ("kind", pa.string()),
        ("reasons", pa.string()),
        ("text", pa.string()),
    ]
)

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def record_key(report: Report) -> str:
    """A stable id for the record: its WARC-Record-ID or own id, else input and position."""
    return origin_key(report.origin, report.source)


def origin_key(origin: Origin | None, source: str) -> str:
    """The :func:`record_key` of whatever came from ``origin`` (a record read from ``source``)."""
    if origin is None:
        return source
    if origin.record_id:
        return origin.record_id
    place = origin.record or origin.row or origin.line or origin.offset
    return origin.input if place is None else f"{origin.input}#{place}"


def domain_of(url: str | None) -> str | None:
    """The host of ``url``, lower-cased, without a leading ``www.``."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def section_of(url: str | None) -> str | None:
    """The first folder of ``url``'s path (``/politics/...`` -> ``politics``), when it has one."""
    if not url:
        return None
    parts = [p for p in urlsplit(url).path.split("/") if p]
    return parts[0].lower() if len(parts) > 1 else None


def fingerprint(text: str) -> str:
    """Hash a paragraph's normalised text: NFKC, case-folded, spaces collapsed, digits as 0.

    Digits are folded so that "© 2023" and "© 2024", or "3 comments" and "5 comments", count as
    the same template paragraph of a site.
    """
    normal = _DIGITS.sub("0", _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()))
    return hashlib.blake2b(normal.strip().encode("utf-8"), digest_size=8).hexdigest()


def _crawl_date(report: Report, meta: Mapping[str, str] | None) -> str | None:
    value = (meta or {}).get("warc:date")
    return value[:10] if value else None


def article_row(report: Report, meta: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One row of ``articles.parquet`` for ``report``."""
    origin = report.origin
    kinds = dict.fromkeys(KINDS, 0)
    for finding in report.findings:
        kinds[finding.rule.kind] = kinds.get(finding.rule.kind, 0) + 1
    roles = dict.fromkeys(ROLES, 0)
    for paragraph in report.paragraphs:
        roles[paragraph["role"]] = roles.get(paragraph["role"], 0) + 1
    worst = max(
        report.findings,
        key=lambda f: (f.effective_severity, -report.findings.index(f)),
        default=None,
    )
    return {
        "input": origin.input if origin is not None else report.source,
        "record_id": record_key(report),
        "offset": origin.offset if origin is not None else None,
        "url": report.url,
        "domain": domain_of(report.url),
        "section": section_of(report.url),
        "title": report.title,
        "date": report.date,
        "crawl_date": _crawl_date(report, meta),
        "score": report.score,
        "verdict": report.verdict,
        "decided_by": worst.rule.code if worst is not None else None,
        "findings": len(report.findings),
        **{f"kind_{kind}": kinds[kind] for kind in KINDS},
        "paragraphs": len(report.paragraphs),
        **{f"role_{role}": roles.get(role, 0) for role in ROLES},
        "model": report.model or None,
        "error": report.error,
    }


def finding_rows(report: Report) -> list[dict[str, Any]]:
    """The rows of ``findings.parquet`` for ``report``."""
    key, domain = record_key(report), domain_of(report.url)
    return [
        {
            "record_id": key,
            "domain": domain,
            "rule": f.rule.code,
            "name": f.rule.name,
            "kind": f.rule.kind,
            "severity": str(f.effective_severity),
            "lines": list(f.lines),
            "paragraphs": list(f.paragraphs),
            "message": f.message,
            "evidence": json.dumps(
                dict(f.evidence), ensure_ascii=False, sort_keys=True, default=str
            ),
        }
        for f in report.findings
    ]


def paragraph_rows(report: Report) -> list[dict[str, Any]]:
    """The rows of the paragraph table: fingerprint, role and, for furniture, why and a sample."""
    key, domain = record_key(report), domain_of(report.url)
    return [
        {
            "record_id": key,
            "domain": domain,
            "index": p["index"],
            "fingerprint": fingerprint(p["text"]),
            "chars": len(p["text"]),
            "role": p["role"],
            "kind": p.get("kind"),
            "reasons": "; ".join(p.get("reasons") or ()) or None,
            "text": p["text"][:SAMPLE_CHARS],
        }
        for p in report.paragraphs
    ]


def write_atomic(path: Path, rows: Sequence[Mapping[str, Any]], schema: pa.Schema) -> None:
    """Write ``rows`` as one Parquet file at ``path``: to a temporary name, then renamed."""
    table = pa.Table.from_pylist(list(rows), schema=schema)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def write_json_atomic(path: Path, value: Any) -> None:
    """Write ``value`` as JSON at ``path``: to a temporary name, flushed, then renamed."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(value, handle, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def concat_parts(parts: Iterable[Path], target: Path, schema: pa.Schema) -> int:
    """Stream the Parquet ``parts`` into one file ``target`` (atomically); return its rows."""
    tmp = target.with_name(target.name + ".tmp")
    rows = 0
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for part in parts:
            table = pq.read_table(part, schema=schema)
            rows += table.num_rows
            writer.write_table(table)
    os.replace(tmp, target)
    return rows
