"""The paragraph model file: safe loading, version checks, and training from a user's own table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import skops.io as sio

import detector
from detector.errors import ModelError
from detector.model import MODEL_FORMAT, load_model, save_model
from training.data import validate
from training.train import fit_models

REPO = Path(__file__).resolve().parents[1]


def test_shipped_model_loads_with_a_card() -> None:
    model = load_model()
    assert model.card["format"] == MODEL_FORMAT
    assert set(model.card["roles"]) >= {"content", "title", "dateline", "byline", "boilerplate"}
    assert model.card["data_digest"] and model.card["sklearn"]
    assert model.name.startswith(model.card["name"])
    assert model.html_model is not None and model.kind_model is not None


def test_missing_model_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nope.skops")


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.skops"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(ModelError, match="not a detector model"):
        load_model(path)


def test_untrusted_types_are_refused_before_anything_runs(tmp_path: Path) -> None:
    path = tmp_path / "evil.skops"
    sio.dump({"card": {"format": MODEL_FORMAT}, "text": subprocess.Popen}, path)
    with pytest.raises(ModelError, match="untrusted"):
        load_model(path)


def test_a_model_for_another_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.skops"
    sio.dump({"card": {"format": MODEL_FORMAT + 99}, "text": None}, path)
    with pytest.raises(ModelError, match="retrain"):
        load_model(path)


def test_train_from_own_table_alone_and_score_with_it(
    tmp_path: Path, small_table: pd.DataFrame
) -> None:
    table_path = tmp_path / "mine.jsonl"
    small_table.to_json(table_path, orient="records", lines=True)
    out = tmp_path / "mine.npz"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "training.train",
            "--data",
            str(table_path),
            "--no-shipped-data",
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    model = load_model(out)
    assert model.card["sources"] == {"mine.jsonl": len(small_table)}
    article_path = REPO / "examples" / "sample-article.txt"
    [report] = detector.analyze_path(article_path, model=model)
    roles = {p["line"]: p["role"] for p in report.to_dict()["paragraphs"]}
    assert roles[11] == "content"  # the story's first paragraph
    assert roles[41] == "boilerplate"  # "Please enter your comment!"


def test_fit_models_is_deterministic(small_table: pd.DataFrame, small_models: dict) -> None:
    a = small_models["text"]
    b = fit_models(small_table[small_table["format"] == "text"])["text"]
    frame = small_table[small_table["format"] == "text"]
    assert (a.predict_proba(frame) == b.predict_proba(frame)).all()


def test_saved_model_round_trips(
    small_table: pd.DataFrame, small_models: dict, tmp_path: Path
) -> None:
    """A ``.skops`` file keeps the estimators; loading compiles them."""
    models = small_models
    path = tmp_path / "m.skops"
    digest = save_model(
        path, text_model=models["text"], html_model=None, kind_model=None, card={"name": "t"}
    )
    loaded = load_model(path)
    assert loaded.digest == digest
    frame = small_table[small_table["format"] == "text"]
    assert (loaded.text_model.predict(frame) == models["text"].predict(frame)).all()
    assert json.dumps(loaded.card)


def test_weight_zero_rows_give_context_and_teach_nothing(
    small_table: pd.DataFrame, small_models: dict
) -> None:
    frame = small_table[small_table["format"] == "text"].reset_index(drop=True)
    plain = small_models["text"]
    # The same table with every dateline turned into an unlabelled row of another role: the
    # role disappears from what the model knows, and the rows are still read as neighbours.
    hidden = frame["role"] == "dateline"
    partial = frame.assign(
        role=frame["role"].where(~hidden, "title"), weight=(~hidden).astype(float)
    )
    model = fit_models(partial)["text"]
    assert "dateline" in plain.classes_
    assert "dateline" not in model.classes_
    assert model.predict_proba(frame).shape == (len(frame), len(model.classes_))
    # The weighted-out rows were not learnt as titles.
    assert (model.predict(frame[hidden]) != "title").mean() > 0.9


def test_table_weights_default_to_one_and_keep_the_digest(small_table: pd.DataFrame) -> None:
    from training.data import digest, weights

    assert (weights(small_table) == 1).all()
    unweighted = small_table.drop(columns=["weight"])
    assert digest(unweighted) == digest(small_table)
    assert digest(small_table.assign(weight=0.5)) != digest(small_table)
    with pytest.raises(ValueError, match="negative weight"):
        validate(small_table.assign(weight=-1.0), "bad table")


def test_a_document_with_prose_always_keeps_a_body() -> None:
    import numpy as np

    from detector.classifier import BODY_FALLBACK_CHARS, ParagraphClassifier

    model = ParagraphClassifier()
    model.classes_ = np.array(["boilerplate", "content", "title"])
    prose = "x" * BODY_FALLBACK_CHARS
    frame = pd.DataFrame(
        {
            "doc": ["a", "a", "a", "b", "b", "c", "c"],
            "text": ["Menu", prose, prose + "!", "Home", "About us", prose, prose],
        }
    )
    proba = np.array(
        [
            [0.9, 0.05, 0.05],
            [0.8, 0.15, 0.05],  # doc a: no content judged; the likelier prose row becomes it
            [0.6, 0.35, 0.05],
            [0.9, 0.1, 0.0],  # doc b: no prose at all, so no body is invented
            [0.9, 0.1, 0.0],
            [0.2, 0.7, 0.1],  # doc c: already has content, left alone
            [0.9, 0.05, 0.05],
        ]
    )
    assert model.decide(proba, frame).tolist() == [0, 0, 1, 0, 0, 1, 0]
    assert model.classes_[model.decide(proba, frame)].tolist()[2] == "content"


def test_row_weights_reach_the_ngram_stage_and_ones_change_nothing(
    small_table: pd.DataFrame,
) -> None:
    import numpy as np

    from detector.classifier import ParagraphClassifier

    frame = small_table[small_table["format"] == "text"].reset_index(drop=True)
    frame = frame[frame["doc"].isin(frame["doc"].drop_duplicates().head(12))]
    frame = frame.reset_index(drop=True)

    def lexical_coef(weight: np.ndarray | None) -> np.ndarray:
        model = ParagraphClassifier(max_iter=5, random_state=0)
        model.fit(frame, frame["role"], sample_weight=weight)
        return model.lexical_[-1].coef_

    unweighted = lexical_coef(None)
    assert np.array_equal(lexical_coef(np.ones(len(frame))), unweighted)
    # Down-weighting half the documents (as the training does for extractor text) moves the
    # n-gram model too, not only the boosters.
    light = frame["doc"].isin(frame["doc"].drop_duplicates().iloc[::2]).to_numpy()
    assert not np.allclose(lexical_coef(np.where(light, 0.2, 1.0)), unweighted)
