"""The streaming totals behind the audit report: the same figures as a whole-table pass."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from detector.audit.outputs import ARTICLE_SCHEMA, KINDS
from detector.audit.tally import ArticleTally, tally_articles


def row(number: int, score: int | None, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {name: None for name in ARTICLE_SCHEMA.names}
    base.update({f"kind_{k}": 0 for k in KINDS})
    base.update(record_id=f"r{number}", score=score)
    base.update(fields)
    return base


def test_the_worst_articles_are_the_lowest_scores_earlier_rows_first_among_equals() -> None:
    tally = ArticleTally(worst_size=3)
    for number, score in enumerate([70, 40, 90, 40, 10, 40, 100]):
        tally.add(row(number, score))
    assert [(r["record_id"], r["score"]) for r in tally.worst()] == [
        ("r4", 10),
        ("r1", 40),
        ("r3", 40),
    ]


def test_scores_fall_in_five_point_bins_and_100_in_the_last() -> None:
    tally = ArticleTally()
    for number, score in enumerate([0, 4, 5, 99, 100]):
        tally.add(row(number, score))
    assert tally.histogram[0] == 2 and tally.histogram[1] == 1 and tally.histogram[-1] == 2
    assert sum(tally.histogram) == tally.scored == 5


def test_error_rows_count_for_their_domain_but_not_its_score() -> None:
    tally = ArticleTally(errors_kept=1)
    kind = KINDS[0]
    tally.add(row(1, 50, domain="a.example", section="news", **{f"kind_{kind}": 2}))
    tally.add(row(2, 0, domain="a.example", error="broken"))
    tally.add(row(3, 0, domain="a.example", error="broken too"))
    domain = tally.domains["a.example"]
    assert (domain.pages, domain.errors, domain.scored, domain.mean) == (3, 2, 1, 50)
    assert domain.damage() == [f"{kind} (2)"]
    assert tally.error_rows == [("r2", "broken")]
    assert tally.sections == {("a.example", "news"): [1, 50]}


def test_only_whole_iso_days_are_placed_in_a_month() -> None:
    tally = ArticleTally()
    for number, date in enumerate(["2024-05-31", "2024-05-01", "2024-02-30", "May 2024", None]):
        tally.add(row(number, 80, date=date))
    assert tally.months == {dt.date(2024, 5, 1): [2, 160]}


def test_a_file_is_read_in_batches_into_the_same_totals(tmp_path, monkeypatch) -> None:
    import detector.audit.tally as tally_module

    monkeypatch.setattr(tally_module, "BATCH_ROWS", 7)
    rows = [row(n, n % 101, domain=f"d{n % 5}.example") for n in range(50)]
    path = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA), path)
    whole = ArticleTally()
    for item in rows:
        whole.add(item)
    read = tally_articles(path)
    assert read.histogram == whole.histogram and read.scored == 50
    assert {d: (t.pages, t.score_sum) for d, t in read.domains.items()} == {
        d: (t.pages, t.score_sum) for d, t in whole.domains.items()
    }
    assert [r["record_id"] for r in read.worst()] == [r["record_id"] for r in whole.worst()]
