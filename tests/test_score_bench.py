"""The article-score benchmark on pages of our own: matching extraction, figures, targets."""

from __future__ import annotations

import gzip
from pathlib import Path

from training import score_bench as bench
from training.corpora import CorpusPage

STORY = (
    "The harbour council voted on Monday to add two evening crossings to the island ferry, "
    "after a winter in which the last boat left before most offices in the town had closed.",
    "Commuters had asked for the change for three years, and a petition last autumn gathered "
    "more than two thousand names from the island and the mainland villages around the bay.",
    "The first evening boat will leave the pier at half past six from April, the ferry company "
    "said, and the last one an hour later, with the fares of the daytime crossings unchanged.",
)
PAGE = f"""<!doctype html>
<html lang="en"><head><title>Harbour Council Adds Evening Ferries</title></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main><article><h1>Harbour Council Adds Evening Ferries</h1>
{"".join(f"<p>{text}</p>" for text in STORY)}
</article></main><footer><p>Island Gazette, 2024. All rights reserved.</p></footer>
</body></html>
"""


def _page(tmp_path: Path, body: str | None) -> CorpusPage:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    return CorpusPage("own", "p1", "example.org", path, url="https://example.org/a", body=body)


def test_a_page_whose_cleaned_text_is_its_gold_body_matches_and_is_publishable(
    tmp_path: Path,
) -> None:
    gold = "Harbour Council Adds Evening Ferries\n" + "\n".join(STORY)
    row = bench.measure_page(_page(tmp_path, gold))
    assert row is not None
    assert row["f1"] >= bench.MATCH_F1
    assert row["score"] >= 85 and row["verdict"] == "publishable"


def test_a_page_without_gold_body_is_not_measured(tmp_path: Path) -> None:
    assert bench.measure_page(_page(tmp_path, None)) is None


def test_summary_counts_only_matching_pages_against_the_target() -> None:
    rows = [
        {"corpus": "a", "f1": 0.99, "score": 100, "decided_by": None},
        {"corpus": "a", "f1": 0.97, "score": 70, "decided_by": "DT001"},
        {"corpus": "b", "f1": 0.96, "score": 95, "decided_by": "NM002"},
        {"corpus": "b", "f1": 0.40, "score": 20, "decided_by": "TR001"},  # extraction failed
    ]
    summary = bench.summarise(rows)
    assert summary["matching"]["pages"] == 3
    assert summary["matching"]["median_score"] == 95
    assert summary["matching"]["publishable"] == round(2 / 3, 3)
    low, high = summary["matching"]["publishable_ci"]
    assert low < 2 / 3 < high
    assert summary["every_page"]["pages"] == 4
    assert summary["not_publishable_matching_decided_by"] == {"DT001": 1}
    assert summary["targets"]["median_score"]["met"] is True
    assert summary["targets"]["publishable"]["met"] is False
    assert summary["by_corpus"]["b"]["matching"]["pages"] == 1
