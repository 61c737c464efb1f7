"""Finish an audit: add up the site counters, apply the template evidence, merge the parts.

Runs once every shard has its done-marker. It streams the parts chunk by chunk in shard order
(so the merged tables have the same rows in the same order however many workers ran), never
holding more than one chunk of rows, plus the template set and the running totals.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from detector.audit import outputs, sites
from detector.audit.shards import Shard

__all__ = ["ARTICLE_OUT_SCHEMA", "PARAGRAPH_OUT_SCHEMA", "chunk_parts", "finalize"]

ARTICLE_OUT_SCHEMA = outputs.ARTICLE_SCHEMA.append(pa.field("site_template", pa.int32())).append(
    pa.field("site_template_content", pa.int32())
)
PARAGRAPH_OUT_SCHEMA = outputs.PARAGRAPH_SCHEMA.append(pa.field("site_role", pa.string()))


def chunk_parts(root: Path, shards: Sequence[Shard]) -> list[Path]:
    """The stems of every committed chunk, in shard and chunk order."""
    stems = []
    for shard in shards:
        path = root / "progress" / f"{shard.id}.json"
        chunks = json.loads(path.read_text(encoding="utf-8"))["chunks"] if path.exists() else 0
        stems.extend(root / "parts" / f"{shard.id}-{n:05d}" for n in range(chunks))
    return stems


def finalize(root: Path, shards: Sequence[Shard]) -> dict[str, Any]:
    """Write the merged tables, ``sites.parquet``, ``summary.json`` and ``report.html``."""
    stems = chunk_parts(root, shards)
    template = sites.merge_templates([s.with_suffix(".sites.parquet") for s in stems], root)
    _write(root / "sites.parquet", template)
    known = {
        (d, f): r
        for d, f, r in zip(
            template["domain"].to_pylist(),
            template["fingerprint"].to_pylist(),
            template.to_pylist(),
            strict=True,
        )
    }
    totals = _Totals()
    writers = {
        "articles": pq.ParquetWriter(
            _tmp(root / "articles.parquet"), ARTICLE_OUT_SCHEMA, compression="zstd"
        ),
        "findings": pq.ParquetWriter(
            _tmp(root / "findings.parquet"), outputs.FINDING_SCHEMA, compression="zstd"
        ),
        "paragraphs": pq.ParquetWriter(
            _tmp(root / "paragraphs.parquet"), PARAGRAPH_OUT_SCHEMA, compression="zstd"
        ),
    }
    try:
        for stem in stems:
            paragraphs = pq.read_table(
                stem.with_suffix(".paragraphs.parquet"), schema=outputs.PARAGRAPH_SCHEMA
            )
            roles, per_record = _site_roles(paragraphs, known)
            writers["paragraphs"].write_table(paragraphs.append_column("site_role", roles))
            articles = pq.read_table(
                stem.with_suffix(".articles.parquet"), schema=outputs.ARTICLE_SCHEMA
            )
            keys = articles["record_id"].to_pylist()
            articles = articles.append_column(
                "site_template", pa.array([per_record.get(k, (0, 0))[0] for k in keys], pa.int32())
            ).append_column(
                "site_template_content",
                pa.array([per_record.get(k, (0, 0))[1] for k in keys], pa.int32()),
            )
            writers["articles"].write_table(articles)
            totals.add(articles)
            findings = pq.read_table(
                stem.with_suffix(".findings.parquet"), schema=outputs.FINDING_SCHEMA
            )
            writers["findings"].write_table(findings)
    finally:
        for writer in writers.values():
            writer.close()
    for name in writers:
        os.replace(_tmp(root / f"{name}.parquet"), root / f"{name}.parquet")
    summary = totals.summary(root, shards, template)
    outputs.write_json_atomic(root / "summary.json", summary)
    from detector.audit.report import write_report

    write_report(root)
    return summary


def _tmp(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def _write(path: Path, table: pa.Table) -> None:
    pq.write_table(table, _tmp(path))
    os.replace(_tmp(path), path)


def _site_roles(
    paragraphs: pa.Table, known: dict[tuple[str, str], dict[str, Any]]
) -> tuple[pa.Array, dict[str, tuple[int, int]]]:
    """The role of each paragraph once the site evidence is in, and per record the counts."""
    roles = []
    per_record: dict[str, list[int]] = {}
    for domain, fp, role, key in zip(
        paragraphs["domain"].to_pylist(),
        paragraphs["fingerprint"].to_pylist(),
        paragraphs["role"].to_pylist(),
        paragraphs["record_id"].to_pylist(),
        strict=True,
    ):
        if (domain, fp) in known:
            counts = per_record.setdefault(key, [0, 0])
            counts[0] += 1
            if role == "content":
                counts[1] += 1
                role = "boilerplate"
        roles.append(role)
    return pa.array(roles, pa.string()), {k: (v[0], v[1]) for k, v in per_record.items()}


class _Totals:
    """Running headline numbers over the article rows."""

    def __init__(self) -> None:
        self.records = 0
        self.errors = 0
        self.score_sum = 0
        self.verdicts: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.domains: Counter[str] = Counter()
        self.template_content = 0

    def add(self, articles: pa.Table) -> None:
        self.records += articles.num_rows
        self.errors += pc.sum(pc.is_valid(articles["error"]).cast(pa.int64())).as_py() or 0
        self.score_sum += pc.sum(articles["score"]).as_py() or 0
        self.verdicts.update(articles["verdict"].to_pylist())
        self.domains.update(d for d in articles["domain"].to_pylist() if d)
        for kind in outputs.KINDS:
            self.kinds[kind] += pc.sum(articles[f"kind_{kind}"]).as_py() or 0
        self.template_content += pc.sum(articles["site_template_content"]).as_py() or 0

    def summary(self, root: Path, shards: Sequence[Shard], template: pa.Table) -> dict[str, Any]:
        skipped: Counter[str] = Counter()
        for shard in shards:
            path = root / "progress" / f"{shard.id}.json"
            if path.exists():
                skipped.update(json.loads(path.read_text(encoding="utf-8"))["skipped"])
        return {
            "records": self.records,
            "errors": self.errors,
            "skipped": sum(skipped.values()),
            "skipped_by_reason": dict(sorted(skipped.items())),
            "mean_score": round(self.score_sum / self.records, 1) if self.records else None,
            "verdicts": dict(sorted(self.verdicts.items())),
            "kinds": {k: v for k, v in self.kinds.most_common() if v},
            "domains": len(self.domains),
            "template_paragraphs": template.num_rows,
            "template_kept_as_content": self.template_content,
            "shards": len(shards),
        }
