"""The evaluation's arithmetic: per-page counts and the paired bootstrap against a baseline."""

from __future__ import annotations

import numpy as np
import pytest

from training.evaluate import Counts, map_blocks, paired_bootstrap


def _counts(pages: list[tuple[list[bool], list[bool]]], token_f1: list[float]) -> Counts:
    counts = Counts()
    for predicted, actual in pages:
        counts.add(predicted, actual)
    counts.token_f1.extend(token_f1)
    return counts


def test_counts_keep_each_page() -> None:
    counts = _counts([([True, True, False], [True, False, True]), ([False], [False])], [0.5, 1.0])
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)
    assert counts.per_page == [(1, 1, 1), (0, 0, 0)]
    assert counts.summary() == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "token_f1": 0.75,
        "pages": 2,
    }


def test_bootstrap_of_a_tool_against_itself_is_zero() -> None:
    pages = [([True, False, True], [True, True, True])] * 5
    a, b = _counts(pages, [0.8] * 5), _counts(pages, [0.8] * 5)
    result = paired_bootstrap(a, b, rounds=200)
    assert result["f1_diff"] == 0.0
    assert result["f1_diff_ci95"] == [0.0, 0.0]
    assert result["token_f1_diff_ci95"] == [0.0, 0.0]


def test_bootstrap_separates_a_clear_winner_from_a_one_page_lead() -> None:
    right = ([True, True, False, False], [True, True, False, False])
    wrong = ([False, False, True, True], [True, True, False, False])
    better = _counts([right] * 20, [1.0] * 20)
    worse = _counts([wrong] * 20, [0.0] * 20)
    clear = paired_bootstrap(better, worse, rounds=500)
    assert clear["f1_diff"] == 1.0 and clear["f1_diff_ci95"][0] > 0.5
    assert clear["token_f1_diff_ci95"][0] > 0.5

    one_page = _counts([wrong] * 19 + [right], [0.0] * 19 + [1.0])
    level = paired_bootstrap(one_page, worse, rounds=500)
    assert level["f1_diff"] > 0
    assert level["f1_diff_ci95"][0] == 0.0  # most resamples miss the one page that differs


def test_bootstrap_needs_the_same_pages() -> None:
    a = _counts([([True], [True])] * 2, [1.0, 1.0])
    b = _counts([([True], [True])] * 3, [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="same pages"):
        paired_bootstrap(a, b)


def test_map_blocks_follows_reference_order() -> None:
    blocks = ["Menu", "First paragraph of the story.", "Second one.", "Footer"]
    assert map_blocks(["First paragraph of the story.", "Second one.", "Absent"], blocks) == [
        1,
        2,
        None,
    ]


def test_per_extractor_figures_average_over_extractors() -> None:
    from training.evaluate import _per_extractor
    from training.text_bench import score_lines

    good = score_lines([True, False], ["boilerplate", "content"])
    poor = score_lines([False, True, False], ["boilerplate", "content", "content"])
    out = _per_extractor({"b": np.array(poor), "a": np.array(good)})
    assert list(out) == ["a", "b", "macro"]
    assert out["a"]["f1"] == 1.0 and out["a"]["content_recall"] == 1.0
    assert out["b"]["f1"] == 0.0 and out["b"]["content_recall"] == 0.5
    assert out["macro"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "content_recall": 0.75}


def test_training_on_extractor_text_needs_every_extractor(monkeypatch) -> None:
    from training import data, extractors

    monkeypatch.setattr(extractors, "available", lambda names=None: ["trafilatura"])
    with pytest.raises(SystemExit, match=r"not installed: pip install -e '\.\[train\]'"):
        data.extractors_frame(["scrapinghub"])


def test_extractor_lines_train_at_their_own_weight(monkeypatch, tmp_path) -> None:
    """The six extractors' text weighs EXTRACTOR_WEIGHT a line; every other source keeps its own."""
    import pandas as pd

    from training import corpora, data, train

    def frame(doc: str, weight: list[float] | None = None) -> pd.DataFrame:
        rows = pd.DataFrame({"doc": [doc, doc], "text": ["a", "b"], "role": ["content"] * 2})
        return rows if weight is None else rows.assign(weight=weight)

    monkeypatch.setattr(corpora, "shared_root", lambda: tmp_path)
    monkeypatch.setattr(data, "datasets_frame", lambda refresh=False: frame("own"))
    monkeypatch.setattr(data, "corpora_frame", lambda names, refresh=False: frame("page"))
    monkeypatch.setattr(
        data, "extractors_frame", lambda names, refresh=False: frame("page:x-goose", [1.0, 0.0])
    )
    table, sources = train.assemble()
    assert sources == {"datasets": 2, "corpora": 2, "extractors": 2}
    weights = dict(zip(table["doc"] + table["text"], data.weights(table), strict=True))
    assert weights["owna"] == weights["pagea"] == 1.0
    assert weights["page:x-goosea"] == train.EXTRACTOR_WEIGHT < 1.0
    assert weights["page:x-gooseb"] == 0.0  # context only stays context only
