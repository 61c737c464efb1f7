"""The compiled runtime predicts what the scikit-learn estimators it came from predict."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import detector
from detector.errors import ModelError
from detector.model import MODEL_FORMAT, load_model, save_model, shipped_model_path
from detector.runtime import compile_classifier, compile_lexical

REPO = Path(__file__).resolve().parents[1]

#: Texts that exercise the tokenisers: punctuation, accents, CJK, one-letter words, whitespace
#: runs, an empty string.
ODD_TEXTS = [
    "",
    "a",
    "I  am\tthe\n\nwalrus — goo goo g'joob!",
    "Über die Brücke: Straße, café, naïve façade.",
    "北京欢迎你。東京は晴れ。",
    "https://example.com/a?b=c  LEAVE A REPLY",
    "x" * 300,
]


@pytest.fixture(scope="module")
def models(small_models: dict) -> dict:
    return small_models


def test_compiled_classifier_gives_the_estimators_probabilities(
    models: dict, small_table: pd.DataFrame
) -> None:
    frame = small_table[small_table["format"] == "text"]
    compiled = compile_classifier(models["text"])
    expected = models["text"].predict_proba(frame)
    assert np.allclose(compiled.predict_proba(frame), expected, rtol=0, atol=1e-9)
    assert (compiled.predict(frame) == models["text"].predict(frame)).all()


def test_compiled_lexical_model_gives_the_pipelines_decisions(
    models: dict, small_table: pd.DataFrame
) -> None:
    pipeline = models["text"].lexical_
    texts = small_table["text"].head(200).tolist() + ODD_TEXTS
    compiled = compile_lexical(pipeline)
    assert np.allclose(
        compiled.decision(texts), pipeline.decision_function(texts), rtol=0, atol=1e-9
    )
    assert np.allclose(compiled.predict_proba(texts), pipeline.predict_proba(texts), atol=1e-9)
    kind = models["kind"]
    if kind is not None:
        assert (compile_lexical(kind).predict(texts) == kind.predict(texts)).all()


def test_a_lexical_row_is_the_same_whatever_it_is_read_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decision rows are kept by text: a row read again, or among other texts, in another order
    or after older rows were dropped, is bitwise the row of the text read alone."""
    import dataclasses

    from detector import runtime

    kind = dataclasses.replace(load_model().kind_model)  # a copy that has kept nothing yet
    texts = [*ODD_TEXTS, "Share on Facebook", "Sign up for our newsletter", "Share on Facebook"]
    alone = np.vstack([dataclasses.replace(kind).decision([text]) for text in texts])
    monkeypatch.setattr(runtime, "DECISIONS_KEPT", 4)
    assert kind.decision(texts).tobytes() == alone.tobytes()
    assert len(kind._kept) == 4
    assert kind.decision(texts[::-1]).tobytes() == alone[::-1].tobytes()
    assert kind.decision([]).shape == (0, len(kind.classes))


def test_compiled_forest_walks_missing_values_as_the_booster_does(models: dict) -> None:
    booster = models["text"].stage1_
    compiled = compile_classifier(models["text"]).stage1
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, booster.n_features_in_))
    X[rng.random(X.shape) < 0.2] = np.nan
    assert np.allclose(compiled.predict_proba(X), booster.predict_proba(X), rtol=0, atol=1e-12)


def test_a_forest_adds_each_outputs_trees_in_order_however_they_are_laid_out() -> None:
    """The trees of a compiled forest take turns over the outputs, and the walk sums them in one
    pass; the same trees grouped by output (any other layout) give bitwise the same sums."""
    import dataclasses

    forest = load_model().text_model.stage1
    grouped = np.argsort(forest.outputs, kind="stable")
    regrouped = dataclasses.replace(
        forest, roots=forest.roots[grouped], outputs=forest.outputs[grouped]
    )
    assert regrouped._walk[2] is not None and forest._walk[2] is None
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, int(forest.feature.max()) + 1))
    X[rng.random(X.shape) < 0.1] = np.nan
    for rows in (X, X[:1], X[:0]):
        assert forest.raw(rows).tobytes() == regrouped.raw(rows).tobytes()
        assert forest.raw(rows).shape == (len(rows), len(forest.baseline))


def test_saved_model_round_trips_as_arrays(
    models: dict, small_table: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "m.npz"
    digest = save_model(
        path,
        text_model=models["text"],
        html_model=models["html"],
        kind_model=models["kind"],
        card={"name": "t"},
    )
    loaded = load_model(path)
    assert loaded.digest == digest and loaded.card["format"] == MODEL_FORMAT
    frame = small_table[small_table["format"] == "text"]
    assert (loaded.text_model.predict(frame) == models["text"].predict(frame)).all()
    # A model file holds no pickled object: numpy reads it with pickling disabled.
    with np.load(path, allow_pickle=False) as archive:
        assert all(archive[name].dtype != object for name in archive.files)


def test_a_line_is_boilerplate_only_at_the_models_minimum() -> None:
    from detector.runtime import decide

    classes = ["boilerplate", "content", "title"]
    proba = np.array([[0.6, 0.3, 0.1], [0.9, 0.05, 0.05], [0.5, 0.1, 0.4], [0.2, 0.7, 0.1]])
    texts, docs = ["menu"] * 4, ["d"] * 4
    assert decide(proba, classes, texts, docs).tolist() == [0, 0, 0, 1]
    # Unsure boilerplate takes the likeliest other role; sure boilerplate stays.
    assert decide(proba, classes, texts, docs, min_boilerplate=0.8).tolist() == [1, 0, 2, 1]


def test_the_boilerplate_minimum_is_kept_in_the_model_file(
    models: dict, small_table: pd.DataFrame, tmp_path: Path
) -> None:
    from sklearn.base import clone

    frame = small_table[small_table["format"] == "text"]
    strict = clone(models["text"]).set_params(min_boilerplate=0.999)
    # The same fitted stages deciding with a minimum the confident training rows seldom reach.
    strict.__dict__.update({k: v for k, v in models["text"].__dict__.items() if k.endswith("_")})
    path = tmp_path / "m.npz"
    save_model(path, text_model=strict, html_model=None, kind_model=None, card={"name": "t"})
    loaded = load_model(path).text_model
    assert loaded.min_boilerplate == 0.999
    assert (loaded.predict(frame) == strict.predict(frame)).all()
    loose, sure = models["text"].predict(frame), strict.predict(frame)
    assert (sure == "boilerplate").sum() < (loose == "boilerplate").sum()
    assert set(np.flatnonzero(sure == "boilerplate")) <= set(np.flatnonzero(loose == "boilerplate"))
    # A file written before the setting existed takes the likeliest role.
    with np.load(path, allow_pickle=False) as archive:
        arrays = {n: archive[n] for n in archive.files if n != "text.min_boilerplate"}
    np.savez_compressed(tmp_path / "old.npz", **arrays)
    assert load_model(tmp_path / "old.npz").text_model.min_boilerplate == 0.0


def test_an_object_array_in_a_model_file_is_refused(tmp_path: Path) -> None:
    """A pickled object in place of an array is never unpickled: the file is refused."""
    with np.load(shipped_model_path(), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["text.classes"] = np.array([{}], dtype=object)
    path = tmp_path / "evil.npz"
    np.savez(path, **arrays)
    with pytest.raises(ModelError, match="damaged model file .*allow_pickle"):
        load_model(path)


def test_a_damaged_model_file_is_refused(tmp_path: Path) -> None:
    with np.load(shipped_model_path(), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["text.stage1.left"] = arrays["text.stage1.left"] + 10**6  # points outside the tree
    path = tmp_path / "damaged.npz"
    np.savez(path, **arrays)
    with pytest.raises(ModelError, match="damaged"):
        load_model(path)
    zipped = tmp_path / "not-a-model.npz"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ModelError, match="not a detector model"):
        load_model(zipped)


def test_scoring_imports_neither_scikit_learn_nor_pandas() -> None:
    """Start-up stays light: the shipped model is read and applied with numpy alone."""
    code = (
        "import sys, detector\n"
        "from detector.model import load_model\n"
        "[r] = detector.analyze_path(sys.argv[1], model=load_model())\n"
        "heavy = sorted(m for m in ('sklearn', 'pandas', 'scipy', 'skops') if m in sys.modules)\n"
        "print(r.verdict, heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "examples" / "sample-article.txt")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("[]"), done.stdout


def test_shipped_model_scores_the_sample_article() -> None:
    [report] = detector.analyze_path(REPO / "examples" / "sample-article.txt")
    roles = {p["line"]: p["role"] for p in report.to_dict()["paragraphs"]}
    assert roles[11] == "content"
    assert roles[41] == "boilerplate"
