"""The paragraph-role classifier: a two-stage, context-aware scikit-learn estimator.

Stage 0 reads the words (hashed word and character n-grams, a linear model); stage 1 adds the
hand-built features of :mod:`detector.features`; stage 2 adds what stage 1 believes about the
neighbours, so that a short line between two content paragraphs can be read as content and a run
of link lines after the story as boilerplate (the "context pass" of jusText, learnt instead of
hand-tuned). Earlier stages feed later ones through out-of-fold predictions grouped by document,
as in stacked generalisation (Wolpert 1992), so no stage trains on its own fitted outputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import LabelEncoder

from detector.features import EXPLAINABLE, FRAME_COLUMNS, as_columns, compute_features
from detector.runtime import BODY_FALLBACK_CHARS, context_features, decide

__all__ = ["BODY_FALLBACK_CHARS", "ParagraphClassifier", "ParagraphFeatures", "lexical_pipeline"]


class ParagraphFeatures(TransformerMixin, BaseEstimator):
    """:func:`detector.features.compute_features` as a scikit-learn transformer.

    Parameters
    ----------
    dom : bool
        Add the DOM features of HTML paragraphs (plain-text models leave them out).
    """

    def __init__(self, dom: bool = False) -> None:
        self.dom = dom

    def fit(self, X: Any, y: Any = None) -> ParagraphFeatures:
        head = {name: list(values)[:2] for name, values in as_columns(X).items()}
        self.feature_names_out_ = np.asarray(compute_features(head, dom=self.dom)[1], dtype=object)
        self.n_features_in_ = len(FRAME_COLUMNS)
        return self

    def transform(self, X: Any) -> np.ndarray:
        return compute_features(as_columns(X), dom=self.dom)[0]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return self.feature_names_out_


def lexical_pipeline(random_state: int = 0, n_features: int = 2**17) -> Pipeline:
    """Return the bag-of-n-grams model of stage 0 (also the boilerplate-kind model)."""

    def hashed(analyzer: str, ngram_range: tuple[int, int]) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer=analyzer,
            ngram_range=ngram_range,
            n_features=n_features,
            alternate_sign=False,
            norm=None,
            lowercase=True,
        )

    words, chars = hashed("word", (1, 2)), hashed("char_wb", (2, 4))
    return Pipeline(
        [
            ("ngrams", FeatureUnion([("words", words), ("chars", chars)])),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
            # Five passes of SGD: as good as a converged fit for stacking, and ten times faster.
            (
                "linear",
                SGDClassifier(
                    loss="log_loss", alpha=1e-5, max_iter=5, tol=None, random_state=random_state
                ),
            ),
        ]
    )


class ParagraphClassifier(ClassifierMixin, BaseEstimator):
    """Classify the role of every paragraph of a paragraph frame.

    Parameters
    ----------
    dom : bool
        Use the DOM features of HTML rows.
    n_splits : int
        Folds (grouped by document) for the out-of-fold predictions that feed later stages.
    max_iter, learning_rate, max_leaf_nodes, l2_regularization :
        Passed to the gradient-boosting stages.
    min_boilerplate : float
        A paragraph is boilerplate only at this probability or above; below it takes the
        likeliest other role (:func:`detector.runtime.decide`). 0 takes the likeliest role.
    rare_weight_cap : float
        Headlines, bylines and datelines are rare next to content and boilerplate (one each per
        page); their rows weigh ``sqrt(n_majority / n_role)``, capped here, so the boosters do
        not trade them away. 1.0 turns the reweighting off.
    random_state : int
        Seed of every stochastic part.
    """

    def __init__(
        self,
        dom: bool = False,
        n_splits: int = 3,
        max_iter: int = 150,
        learning_rate: float = 0.1,
        max_leaf_nodes: int = 31,
        l2_regularization: float = 1.0,
        rare_weight_cap: float = 8.0,
        min_boilerplate: float = 0.0,
        random_state: int = 0,
    ) -> None:
        self.dom = dom
        self.n_splits = n_splits
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.l2_regularization = l2_regularization
        self.rare_weight_cap = rare_weight_cap
        self.min_boilerplate = min_boilerplate
        self.random_state = random_state

    def _booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            l2_regularization=self.l2_regularization,
            random_state=self.random_state,
        )

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> ParagraphClassifier:
        """Fit on a paragraph frame and its roles.

        ``sample_weight`` weighs the rows of the n-gram model and multiplies the rare-role weights
        of the boosters. A row of weight 0 teaches nothing but stays in its document, where it is
        a neighbour and a position like any other: the way to train on pages only partly labelled.
        """
        X = X.reset_index(drop=True)
        taught = (
            np.ones(len(X), dtype=bool) if sample_weight is None else np.asarray(sample_weight) > 0
        )
        self.encoder_ = LabelEncoder().fit(np.asarray(y)[taught])
        self.classes_ = self.encoder_.classes_
        # Rows that only give context may carry any role; give them a known one.
        y = np.where(taught, np.asarray(y, dtype=object), self.classes_[0])
        codes = self.encoder_.transform(y)
        given = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        weight = self._rare_weights(codes, taught) * given
        docs = X["doc"].to_numpy()
        texts = X["text"].astype(str).to_numpy()

        columns = as_columns(X)
        self.features_ = ParagraphFeatures(dom=self.dom).fit(columns)
        base = self.features_.transform(columns)

        def fitted(estimator: Any, rows: np.ndarray, inputs: Any, weights: tuple[str, Any]) -> Any:
            """``estimator`` fitted on the taught ones of ``rows``, weighted by ``weights``."""
            rows = rows[taught[rows]]
            name, values = weights
            params = {name: values[rows]}
            return clone(estimator).fit(inputs[rows], codes[rows], **params)

        def out_of_fold(estimator: Any, inputs: Any, weights: tuple[str, Any]) -> np.ndarray:
            """Predictions for every row by models that never saw its document."""
            out = np.zeros((len(X), len(self.classes_)))
            for train, test in GroupKFold(n_splits=self.n_splits).split(inputs, groups=docs):
                model = fitted(estimator, train, inputs, weights)
                out[np.ix_(test, model.classes_)] = model.predict_proba(inputs[test])
            return out

        every = np.arange(len(X))
        # The n-gram model takes the given weights only: the rare roles are reweighted where
        # the stages decide between roles, in the boosters.
        lexical, lexical_weights = (
            lexical_pipeline(self.random_state),
            ("linear__sample_weight", given),
        )
        booster_weights = ("sample_weight", weight)
        lex_oof = out_of_fold(lexical, texts, lexical_weights)
        self.lexical_ = fitted(lexical, every, texts, lexical_weights)

        stage1_in = np.hstack([base, lex_oof])
        p1_oof = out_of_fold(self._booster(), stage1_in, booster_weights)
        self.stage1_ = fitted(self._booster(), every, stage1_in, booster_weights)

        content = self._content_code()
        stage2_in = np.hstack([stage1_in, p1_oof, context_features(p1_oof, docs, content)])
        self.stage2_ = fitted(self._booster(), every, stage2_in, booster_weights)

        self.cue_weights_ = self._cue_weights(base[taught], codes[taught])
        self.n_features_in_ = X.shape[1]
        return self

    def _rare_weights(self, codes: np.ndarray, taught: np.ndarray) -> np.ndarray:
        counts = np.bincount(codes[taught], minlength=len(self.classes_)).astype(float)
        majority = counts.max()
        weights = np.ones(len(self.classes_))
        for i, role in enumerate(self.classes_):
            if role not in ("content", "boilerplate") and counts[i]:
                weights[i] = min(np.sqrt(majority / counts[i]), self.rare_weight_cap)
        return weights[codes]

    def _content_code(self) -> int:
        classes = list(self.classes_)
        return classes.index("content") if "content" in classes else 0

    def _cue_weights(self, base: np.ndarray, codes: np.ndarray) -> dict[str, float]:
        """Log-odds that each explainable cue, when present, marks boilerplate."""
        classes = list(self.classes_)
        if "boilerplate" not in classes:
            return {}
        is_bp = codes == classes.index("boilerplate")
        base_rate = (is_bp.sum() + 1.0) / (len(is_bp) + 2.0)
        weights: dict[str, float] = {}
        names = list(self.features_.get_feature_names_out())
        for name in EXPLAINABLE:
            if name not in names:
                continue
            on = base[:, names.index(name)] > 0.5
            if on.sum() < 5:
                continue
            rate = (is_bp[on].sum() + 1.0) / (on.sum() + 2.0)
            lift = float(np.log(rate / (1 - rate)) - np.log(base_rate / (1 - base_rate)))
            if lift > 0:
                weights[name] = round(lift, 4)
        return weights

    def predict_proba(self, X: Any) -> np.ndarray:
        X = as_columns(X)
        base = self.features_.transform(X)
        stage1_in = np.hstack([base, self.lexical_.predict_proba(X["text"])])
        p1 = self.stage1_.predict_proba(stage1_in)
        context = context_features(p1, X["doc"], self._content_code())
        return self.stage2_.predict_proba(np.hstack([stage1_in, p1, context]))

    def predict(self, X: Any) -> np.ndarray:
        X = as_columns(X)
        return self.classes_[self.decide(self.predict_proba(X), X)]

    def decide(self, proba: np.ndarray, X: Any) -> np.ndarray:
        """Turn probabilities into class indices (:func:`detector.runtime.decide`)."""
        X = as_columns(X)
        texts = [str(t) for t in X["text"]]
        # getattr: estimators saved before the setting existed took the likeliest role.
        return decide(proba, self.classes_, texts, X["doc"], getattr(self, "min_boilerplate", 0.0))
