"""The paragraph model at inference time: plain arrays and numpy, no scikit-learn.

Training fits scikit-learn estimators (:mod:`detector.classifier`); :func:`compile_classifier`
copies what they learnt into the arrays of this module, and a model file holds only those arrays.
Importing scikit-learn costs about 2 s of CPU and 180 MB before the first article (pandas, scipy
and the ensemble modules come with it), more than everything else detector does for one article;
these classes predict the same probabilities from numpy alone:

- :class:`Lexical` is ``HashingVectorizer`` (word 1-2-grams and ``char_wb`` 2-4-grams, hashed
  with MurmurHash3 through ``mmh3``, as scikit-learn hashes them) followed by
  ``TfidfTransformer(sublinear_tf=True)`` and a one-vs-rest logistic ``SGDClassifier``;
- :class:`Forest` is the predictors of a ``HistGradientBoostingClassifier``, every tree of a
  stage in one set of node arrays, walked for all trees and rows at once instead of one tree at a
  time (about 750 trees a stage);
- :class:`CompiledClassifier` is the stacked :class:`~detector.classifier.ParagraphClassifier`.

``tests/test_runtime.py`` checks that each one predicts what the estimator it came from predicts.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detector.features import EXPLAINABLE, as_columns, compute_features, doc_slices

__all__ = [
    "BODY_FALLBACK_CHARS",
    "CompiledClassifier",
    "Forest",
    "Lexical",
    "classifier_arrays",
    "classifier_from",
    "compile_classifier",
    "compile_forest",
    "compile_lexical",
    "context_features",
    "decide",
    "lexical_arrays",
    "lexical_from",
]

#: An article has a body. When no paragraph of a document is judged content but one is prose of
#: at least this many characters, the likeliest such paragraph is taken as content (a short
#: story on a page thick with boilerplate, or in a language the model reads poorly). A page with
#: no such paragraph (a menu, an error page) keeps no content.
BODY_FALLBACK_CHARS = 100

#: Steps of the tree walk between two removals of the pairs that reached a leaf (removing costs
#: a pass of its own; every fourth step was fastest on the benchmark pages).
_COMPACT_EVERY = 4
#: Decision rows a :class:`Lexical` keeps, by text: page furniture recurs from page to page of a
#: site, and a page read as HTML and then as plain text has the same texts.
DECISIONS_KEPT = 2**10
_TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")


def _murmur(grams: Sequence[str]) -> np.ndarray:
    """The absolute MurmurHash3 (seed 0) of each n-gram, as ``HashingVectorizer`` hashes them.

    In int64, ``abs(-2**31)`` is defined; modulo a power-of-two ``n_features`` it lands in the
    column scikit-learn assigns to that hash.
    """
    import mmh3

    return np.abs(np.array(list(map(mmh3.hash, grams)), dtype=np.int64))


@functools.lru_cache(maxsize=2**15)
def _word_hashes(word: str, lo: int, hi: int) -> bytes:
    """Hashes of the ``char_wb`` n-grams of one word: words repeat, within a page and across
    pages, so each is cut and hashed once (kept as the bytes of uint32s, which hold every
    absolute 32-bit hash: a quarter of the memory of an int64 array object per word)."""
    w = " " + word + " "
    size = len(w)
    grams: list[str] = []
    for n in range(lo, hi + 1):
        if size <= n:  # a short word is counted once, whole
            grams.append(w)
            break
        grams += [w[i : i + n] for i in range(size - n + 1)]
    return _murmur(grams).astype(np.uint32).tobytes()


@functools.lru_cache(maxsize=2**10)
def _text_hashes(text: str, word_range: tuple[int, int], char_range: tuple[int, int]) -> tuple:
    """Hashes of the word n-grams and of the ``char_wb`` n-grams of ``text``, as scikit-learn
    cuts them (lowercased; tokens of two or more word characters). Cached: boilerplate lines
    recur from page to page, and the kind model reads the same texts as stage 0. Both kept as
    uint32 (every absolute 32-bit hash fits), at half the memory of int64."""
    lower = text.lower()
    lo, hi = word_range
    original = _TOKEN_RE.findall(lower)
    tokens = list(original) if lo == 1 else []
    for n in range(max(lo, 2), min(hi + 1, len(original) + 1)):
        tokens += [" ".join(original[i : i + n]) for i in range(len(original) - n + 1)]
    words = _WHITE_SPACES.sub(" ", lower).split()
    pieces = [_word_hashes(w, *char_range) for w in words]
    chars = np.frombuffer(b"".join(pieces), dtype=np.uint32)
    return _murmur(tokens).astype(np.uint32), chars


@dataclass(frozen=True, eq=False)
class Lexical:
    """Hashed n-grams, tf-idf and a one-vs-rest logistic model (stage 0; the kind model).

    Only the hashed columns with a coefficient are kept: ``columns`` (sorted) and ``weights``,
    one row per such column and a last row of zeros, which the others' :attr:`slot` points at
    (the kind model uses 18,000 of its 131,000 columns; a dense matrix held 11 MB of zeros).
    """

    n_features: int
    word_range: tuple[int, int]
    char_range: tuple[int, int]
    idf: np.ndarray  # (2 * n_features,)
    columns: np.ndarray  # (n_used,) sorted column numbers with a coefficient
    weights: np.ndarray  # (n_used + 1, n_outputs): their coefficients, then zeros
    intercept: np.ndarray  # (n_outputs,)
    classes: np.ndarray

    @classmethod
    def from_dense(cls, coef: np.ndarray, **fields: Any) -> Lexical:
        """Build from a dense ``(n_outputs, 2 * n_features)`` coefficient matrix; ``fields`` are
        the other fields, as :meth:`from_columns` takes them."""
        coef = np.asarray(coef, dtype=np.float64)
        used = np.flatnonzero(np.any(coef != 0, axis=0))
        return cls.from_columns(used, coef[:, used], **fields)

    @classmethod
    def from_columns(
        cls, columns: np.ndarray, values: np.ndarray, *, intercept: np.ndarray, **fields: Any
    ) -> Lexical:
        """Build from the used columns and their ``(n_outputs, n_used)`` coefficients."""
        weights = np.zeros((len(columns) + 1, len(intercept)))
        weights[:-1] = np.asarray(values, dtype=np.float64).T
        columns = np.asarray(columns, dtype=np.int64)
        return cls(columns=columns, weights=weights, intercept=intercept, **fields)

    @functools.cached_property
    def slot(self) -> np.ndarray:
        """Row of :attr:`weights` for each hashed column (the zero row when it has none)."""
        slot = np.full(2 * self.n_features, len(self.columns), dtype=np.int32)
        slot[self.columns] = np.arange(len(self.columns), dtype=np.int32)
        return slot

    @property
    def coef(self) -> np.ndarray:
        """The dense ``(n_outputs, 2 * n_features)`` coefficients (built on each call)."""
        dense = np.zeros((len(self.intercept), 2 * self.n_features))
        dense[:, self.columns] = self.weights[:-1].T
        return dense

    @functools.cached_property
    def _kept(self) -> OrderedDict[str, bytes]:
        """Decision rows of the last :data:`DECISIONS_KEPT` texts read, oldest first."""
        return OrderedDict()

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Return the linear model's decision values, one row per text.

        A row depends on its text alone, so the rows of texts read before are taken from
        :attr:`_kept` and only the others computed (:meth:`_decision`), each text once.
        """
        if not len(texts):
            return np.zeros((0, len(self.intercept)))
        keys = [str(text) for text in texts]
        kept = self._kept
        rows = [kept.get(key) for key in keys]
        fresh = list(dict.fromkeys(key for key, row in zip(keys, rows, strict=True) if row is None))
        if fresh:
            found = dict(zip(fresh, self._decision(fresh), strict=True))
            kept.update(found)
            while len(kept) > DECISIONS_KEPT:
                try:
                    kept.popitem(last=False)
                except KeyError:  # another thread sharing the model emptied it first
                    break
            rows = [found[key] if row is None else row for key, row in zip(keys, rows, strict=True)]
        values = np.frombuffer(b"".join(rows), dtype=np.float64)  # type: ignore[arg-type]
        return values.reshape(len(keys), len(self.intercept)).copy()

    def _decision(self, texts: Sequence[str]) -> list[bytes]:
        """Compute the decision rows of ``texts``, each as the bytes of its float64 values (a
        kept row then costs half the memory of an array of its own).

        All texts go through at once: (row, column) keys of every hashed n-gram, counted with
        one ``unique``, then tf-idf, the row norms and each class's dot product as sums over
        rows; entries are summed in column order within a row, as the sparse product does, so a
        row does not depend on the other texts read with it.
        """
        n, width = self.n_features, 2 * self.n_features
        m = len(texts)
        hashes = [_text_hashes(str(text), self.word_range, self.char_range) for text in texts]
        # One array per kind of n-gram for all texts; the word columns come first, then the
        # character columns (the order of the keys does not matter: ``unique`` sorts them).
        index = np.arange(m, dtype=np.int64)
        words = np.concatenate([h[0] for h in hashes]).astype(np.int64)
        chars = np.concatenate([h[1] for h in hashes]).astype(np.int64)
        word_rows = np.repeat(index, [len(h[0]) for h in hashes])
        char_rows = np.repeat(index, [len(h[1]) for h in hashes])
        keys = np.concatenate([word_rows * width + words % n, char_rows * width + chars % n + n])
        keys, counts = np.unique(keys, return_counts=True)
        row, col = keys // width, keys % width
        values = (np.log(counts) + 1.0) * self.idf[col]
        norms = np.sqrt(np.bincount(row, weights=values * values, minlength=m))
        values /= norms[row]
        # Every class's products in one bincount over (row, class) cells: within a cell the
        # entries still add in column order. ``take`` gathers rows at a quarter of the cost of
        # fancy indexing.
        k = len(self.intercept)
        products = self.weights.take(self.slot.take(col), axis=0) * values[:, None]
        cells = (row * k)[:, None] + np.arange(k)
        sums = np.bincount(cells.ravel(), weights=products.ravel(), minlength=m * k)
        out = sums.reshape(m, k) + self.intercept  # (bincount of nothing is int64 zeros)
        return [values.tobytes() for values in out]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities of :attr:`classes` (``SGDClassifier(loss="log_loss")``)."""
        prob = 1.0 / (1.0 + np.exp(-self.decision(texts)))
        if prob.shape[1] == 1:
            return np.hstack([1 - prob, prob])
        total = prob.sum(axis=1, keepdims=True)
        return np.divide(prob, total, out=np.full_like(prob, 1 / prob.shape[1]), where=total > 0)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """The likeliest class of each text."""
        scores = self.decision(texts)
        if scores.shape[1] == 1:
            return self.classes[(scores[:, 0] > 0).astype(int)]
        return self.classes[scores.argmax(axis=1)]


@dataclass(frozen=True, eq=False)
class Forest:
    """Every tree of one gradient-boosting stage, in flat node arrays.

    A leaf's ``left`` and ``right`` point at itself, so walking all trees in step needs no test
    for leaves; ``roots[t]`` is tree ``t``'s first node and ``outputs[t]`` the column it adds to.
    """

    baseline: np.ndarray  # (n_outputs,)
    roots: np.ndarray
    outputs: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    is_leaf: np.ndarray
    value: np.ndarray
    depth: int

    @functools.cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, list[np.ndarray] | None]:
        """What the walk reads at every step: the children interleaved (``right, left``, so that
        ``kids[2 * node + go_left]`` is the next node in one lookup), the features as int64
        (no conversion per step), and, unless the trees take turns over the outputs (one tree
        per output and iteration, as :func:`compile_forest` lays them out), the trees of each
        output in order."""
        kids = np.empty(2 * len(self.left), dtype=np.int64)
        kids[0::2], kids[1::2] = self.right, self.left
        k = len(self.baseline)
        turns = np.tile(np.arange(k), len(self.roots) // k)
        by_output = None
        if not np.array_equal(self.outputs, turns):
            by_output = [np.flatnonzero(self.outputs == j) for j in range(k)]
        return kids, self.feature.astype(np.int64), by_output

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Sum of the baseline and every tree's leaf, per row and output.

        The walk costs a few numpy passes per step over every (tree, row) pair, so each pass is
        the cheapest one: ``take`` rather than fancy indexing (no bounds-check copy of the
        index), the walking pairs kept by one list of positions, and one running sum for all
        outputs at the end.
        """
        X = np.ascontiguousarray(X, dtype=np.float64)
        n, width = X.shape
        n_trees = len(self.roots)
        kids, feature, by_output = self._walk
        flat = X.ravel()
        nan = bool(np.isnan(flat).any())  # rare: the missing-value test only when needed
        # Walk every (tree, row) pair in step (a leaf's children are itself, so a pair that
        # reached one stays); every few steps, pairs at a leaf leave the walk.
        node = np.repeat(self.roots.astype(np.int64), n)
        offset = np.tile(np.arange(n, dtype=np.int64) * width, n_trees)
        slot: np.ndarray | None = None  # where the walking pairs' leaves go; None: all, in order
        leaf = np.empty(n_trees * n, dtype=np.int64)
        for step in range(self.depth + 1):
            if step % _COMPACT_EVERY == _COMPACT_EVERY - 1 or step == self.depth:
                done = self.is_leaf.take(node)
                if done.all():
                    if slot is None:
                        leaf = node
                    else:
                        leaf[slot] = node
                    break
                if done.any():
                    walking = np.flatnonzero(~done)
                    if slot is None:
                        leaf[done] = node[done]
                        slot = walking
                    else:
                        leaf[slot[done]] = node[done]
                        slot = slot.take(walking)
                    node, offset = node.take(walking), offset.take(walking)
            x = flat.take(feature.take(node) + offset)
            go_left = x <= self.threshold.take(node)
            if nan:
                go_left |= np.isnan(x) & self.missing_left.take(node)
            node = kids.take(2 * node + go_left)
        leaves = self.value.take(leaf).reshape(n_trees, n)
        k = len(self.baseline)
        if by_output is not None:
            out = np.empty((n, k))
            for j, trees in enumerate(by_output):
                # In tree order, after the baseline: the order in which scikit-learn adds them.
                mine = np.vstack([np.full((1, n), self.baseline[j]), leaves[trees]])
                out[:, j] = np.cumsum(mine, axis=0)[-1]
            return out
        # Trees take turns over the outputs: one running sum over the iterations adds each
        # output's trees in tree order, after the baseline, as scikit-learn adds them.
        mine = np.empty((n_trees // k + 1, k, n))
        mine[0] = self.baseline[:, None]
        mine[1:] = leaves.reshape(n_trees // k, k, n)
        return np.ascontiguousarray(np.cumsum(mine, axis=0)[-1].T)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        raw = self.raw(X)
        if raw.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-raw))
            return np.hstack([1 - p, p])
        e = np.exp(raw - raw.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


def context_features(proba: np.ndarray, docs: Sequence[Any], content: int) -> np.ndarray:
    """Neighbourhood summaries of stage-1 probabilities, per document."""
    n, k = proba.shape
    out = np.zeros((n, 4 * k + 3))
    for sl in doc_slices(docs):
        p = proba[sl]
        m = len(p)
        prev = np.vstack([np.zeros((1, k)), p[:-1]]) if m > 1 else np.zeros((m, k))
        nxt = np.vstack([p[1:], np.zeros((1, k))]) if m > 1 else np.zeros((m, k))
        csum = np.vstack([np.zeros((1, k)), np.cumsum(p, axis=0)])
        idx = np.arange(m)
        feats = [prev, nxt]
        for radius in (2, 6):
            lo = np.maximum(idx - radius, 0)
            hi = np.minimum(idx + radius + 1, m)
            count = np.maximum(hi - lo - 1, 1)[:, None]
            feats.append((csum[hi] - csum[lo] - p) / count)
        body = np.flatnonzero(p[:, content] > 0.5)
        if len(body):
            before = (idx < body[0]).astype(float)
            after = (idx > body[-1]).astype(float)
        else:
            before = after = np.zeros(m)
        share = p[:, content].sum() / max(m, 1)
        out[sl] = np.hstack(feats + [before[:, None], after[:, None], np.full((m, 1), share)])
    return out


def decide(
    proba: np.ndarray,
    classes: Sequence[str],
    texts: Sequence[str],
    docs: Sequence[Any],
    min_boilerplate: float = 0.0,
) -> np.ndarray:
    """Turn probabilities into class indices: the likeliest role, and a body for every document
    that has prose (:data:`BODY_FALLBACK_CHARS`).

    A paragraph is boilerplate only when the model gives it at least ``min_boilerplate``; below
    that it takes the likeliest other role (dropping a line of the story costs the reader more
    than keeping a line of furniture, which a check still reports).
    """
    best = proba.argmax(axis=1)
    classes = list(classes)
    if "content" not in classes:
        return best
    if min_boilerplate > 0 and "boilerplate" in classes:
        boilerplate = classes.index("boilerplate")
        unsure = (best == boilerplate) & (proba[:, boilerplate] < min_boilerplate)
        if unsure.any():
            others = proba[unsure].copy()
            others[:, boilerplate] = -1.0
            best[unsure] = others.argmax(axis=1)
    content = classes.index("content")
    chars = np.array([len(t) for t in texts])
    for sl in doc_slices(docs):
        if (best[sl] == content).any():
            continue
        prose = np.flatnonzero(chars[sl] >= BODY_FALLBACK_CHARS)
        if len(prose):
            best[sl.start + prose[proba[sl][prose, content].argmax()]] = content
    return best


@dataclass(frozen=True, eq=False)
class CompiledClassifier:
    """The stacked paragraph classifier, predicting from arrays.

    ``frame`` arguments are paragraph frames: a mapping of column name to values
    (:func:`detector.features.article_columns`) or a pandas DataFrame with those columns.
    """

    classes_: np.ndarray
    dom: bool
    feature_names: tuple[str, ...]
    lexical: Lexical
    stage1: Forest
    stage2: Forest
    cue_weights: dict[str, float]
    #: See :func:`decide`; 0 takes the likeliest role.
    min_boilerplate: float = 0.0

    @property
    def content_code(self) -> int:
        classes = list(self.classes_)
        return classes.index("content") if "content" in classes else 0

    def _predict(self, columns: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        base, names = compute_features(columns, dom=self.dom)
        if names != self.feature_names:
            from detector.errors import ModelError

            raise ModelError("the model was trained on other features than this detector computes")
        stage1_in = np.hstack([base, self.lexical.predict_proba(columns["text"])])
        p1 = self.stage1.predict_proba(stage1_in)
        context = context_features(p1, columns["doc"], self.content_code)
        proba = self.stage2.predict_proba(np.hstack([stage1_in, p1, context]))
        return proba, base

    def predict_proba(self, frame: Any) -> np.ndarray:
        return self._predict(as_columns(frame))[0]

    def decide(self, proba: np.ndarray, frame: Any) -> np.ndarray:
        columns = as_columns(frame)
        return decide(proba, self.classes_, columns["text"], columns["doc"], self.min_boilerplate)

    def predict(self, frame: Any) -> np.ndarray:
        columns = as_columns(frame)
        proba = self._predict(columns)[0]
        return self.classes_[self.decide(proba, columns)]

    def explain(self, frame: Any) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Return probabilities and, per row, the boilerplate cues present, strongest first."""
        proba, base = self._predict(as_columns(frame))
        index = {name: j for j, name in enumerate(self.feature_names)}
        names = [n for n in self.cue_weights if n in index]
        values = base[:, [index[n] for n in names]] > 0.5
        weights = np.array([self.cue_weights[n] for n in names])
        reasons: list[tuple[str, ...]] = []
        for row in values:
            active = sorted(((weights[j], names[j]) for j in np.flatnonzero(row)), reverse=True)
            reasons.append(tuple(EXPLAINABLE[n] for _, n in active[:3]))
        return proba, reasons


# --------------------------------------------------------------------------------------------
# From fitted scikit-learn estimators (training side: these import nothing from scikit-learn
# themselves, they only read fitted attributes).


def compile_lexical(pipeline: Any) -> Lexical:
    """Copy a fitted :func:`~detector.classifier.lexical_pipeline`."""
    union = pipeline.named_steps["ngrams"]
    words, chars = (dict(union.transformer_list)[k] for k in ("words", "chars"))
    if words.n_features != chars.n_features or words.alternate_sign or chars.alternate_sign:
        raise ValueError("unexpected hashing parameters")
    linear = pipeline.named_steps["linear"]
    return Lexical.from_dense(
        n_features=int(words.n_features),
        word_range=tuple(words.ngram_range),
        char_range=tuple(chars.ngram_range),
        idf=np.asarray(pipeline.named_steps["tfidf"].idf_, dtype=np.float64),
        coef=np.asarray(linear.coef_, dtype=np.float64),
        intercept=np.asarray(linear.intercept_, dtype=np.float64),
        classes=np.asarray(linear.classes_),
    )


def compile_forest(booster: Any) -> Forest:
    """Copy the trees of a fitted ``HistGradientBoostingClassifier`` (numeric features only)."""
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("f", "t", "m", "l", "r", "leaf", "v")}
    roots, outputs = [], []
    offset = depth = 0
    for iteration in booster._predictors:
        for k, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            own = np.arange(len(nodes)) + offset
            leaf = nodes["is_leaf"].astype(bool)
            parts["f"].append(np.where(leaf, 0, nodes["feature_idx"]))
            parts["t"].append(nodes["num_threshold"])
            parts["m"].append(nodes["missing_go_to_left"].astype(bool))
            parts["l"].append(np.where(leaf, own, nodes["left"].astype(np.int64) + offset))
            parts["r"].append(np.where(leaf, own, nodes["right"].astype(np.int64) + offset))
            parts["leaf"].append(leaf)
            parts["v"].append(nodes["value"])
            roots.append(offset)
            outputs.append(k)
            offset += len(nodes)
            depth = max(depth, int(nodes["depth"].max()))
    cat = {k: np.concatenate(v) for k, v in parts.items()}
    index = np.int32 if offset < 2**31 else np.int64
    return Forest(
        baseline=np.asarray(booster._baseline_prediction, dtype=np.float64).ravel(),
        roots=np.asarray(roots, dtype=index),
        outputs=np.asarray(outputs, dtype=np.int32),
        feature=cat["f"].astype(np.int32),
        threshold=cat["t"].astype(np.float64),
        missing_left=cat["m"],
        left=cat["l"].astype(index),
        right=cat["r"].astype(index),
        is_leaf=cat["leaf"],
        value=cat["v"].astype(np.float64),
        depth=depth,
    )


def compile_classifier(model: Any) -> CompiledClassifier:
    """Copy a fitted :class:`~detector.classifier.ParagraphClassifier`."""
    return CompiledClassifier(
        classes_=np.asarray(model.classes_),
        dom=bool(model.dom),
        feature_names=tuple(str(n) for n in model.features_.get_feature_names_out()),
        lexical=compile_lexical(model.lexical_),
        stage1=compile_forest(model.stage1_),
        stage2=compile_forest(model.stage2_),
        cue_weights=dict(model.cue_weights_),
        min_boilerplate=float(getattr(model, "min_boilerplate", 0.0)),
    )


# --------------------------------------------------------------------------------------------
# To and from the flat, named arrays of a model file (numeric and string arrays only, so that a
# file can be read with ``numpy.load(allow_pickle=False)``, which runs no code).

_FOREST_ARRAYS = (
    "baseline",
    "roots",
    "outputs",
    "feature",
    "threshold",
    "missing_left",
    "left",
    "right",
    "is_leaf",
    "value",
)


def _forest_arrays(forest: Forest, prefix: str) -> dict[str, np.ndarray]:
    out = {f"{prefix}{name}": getattr(forest, name) for name in _FOREST_ARRAYS}
    out[f"{prefix}depth"] = np.asarray(forest.depth)
    return out


def _forest_from(arrays: Mapping[str, np.ndarray], prefix: str) -> Forest:
    values = {name: arrays[f"{prefix}{name}"] for name in _FOREST_ARRAYS}
    forest = Forest(**values, depth=int(arrays[f"{prefix}depth"]))
    n = len(forest.feature)
    for name in ("threshold", "missing_left", "left", "right", "is_leaf", "value"):
        if len(values[name]) != n:
            raise ValueError(f"{prefix}{name} has the wrong length")
    for name in ("left", "right", "roots"):
        if len(values[name]) and (values[name].min() < 0 or values[name].max() >= n):
            raise ValueError(f"{prefix}{name} points outside the tree")
    if len(forest.outputs) != len(forest.roots) or (
        len(forest.outputs) and forest.outputs.max() >= len(forest.baseline)
    ):
        raise ValueError(f"{prefix}outputs does not match the baseline")
    return forest


def lexical_arrays(lexical: Lexical, prefix: str) -> dict[str, np.ndarray]:
    """The arrays of ``lexical``, named under ``prefix``; zero coefficient columns left out."""
    return {
        f"{prefix}n_features": np.asarray(lexical.n_features),
        f"{prefix}ranges": np.asarray([*lexical.word_range, *lexical.char_range]),
        f"{prefix}idf": lexical.idf,
        f"{prefix}coef_columns": lexical.columns.astype(np.int32),
        f"{prefix}coef_values": np.ascontiguousarray(lexical.weights[:-1].T),
        f"{prefix}intercept": lexical.intercept,
        f"{prefix}classes": lexical.classes.astype(str),
    }


def lexical_from(arrays: Mapping[str, np.ndarray], prefix: str) -> Lexical:
    """Rebuild a :class:`Lexical` written by :func:`lexical_arrays`."""
    n_features = int(arrays[f"{prefix}n_features"])
    idf = arrays[f"{prefix}idf"]
    intercept = arrays[f"{prefix}intercept"]
    columns = arrays[f"{prefix}coef_columns"]
    values = arrays[f"{prefix}coef_values"]
    if idf.shape != (2 * n_features,) or values.shape != (len(intercept), len(columns)):
        raise ValueError(f"{prefix}: arrays of inconsistent shapes")
    if len(columns) and (columns.min() < 0 or columns.max() >= 2 * n_features):
        raise ValueError(f"{prefix}coef_columns points outside the hashed features")
    if len(columns) > 1 and (np.diff(columns) <= 0).any():
        raise ValueError(f"{prefix}coef_columns is not sorted")
    lo_w, hi_w, lo_c, hi_c = (int(x) for x in arrays[f"{prefix}ranges"])
    return Lexical.from_columns(
        columns,
        values,
        n_features=n_features,
        word_range=(lo_w, hi_w),
        char_range=(lo_c, hi_c),
        idf=idf,
        intercept=intercept,
        classes=arrays[f"{prefix}classes"],
    )


def classifier_arrays(model: CompiledClassifier, prefix: str) -> dict[str, np.ndarray]:
    """The arrays of ``model``, named under ``prefix``."""
    return {
        f"{prefix}classes": model.classes_.astype(str),
        f"{prefix}dom": np.asarray(model.dom),
        f"{prefix}feature_names": np.asarray(model.feature_names, dtype=str),
        f"{prefix}cue_names": np.asarray(list(model.cue_weights), dtype=str),
        f"{prefix}cue_weights": np.asarray(list(model.cue_weights.values()), dtype=np.float64),
        f"{prefix}min_boilerplate": np.asarray(model.min_boilerplate, dtype=np.float64),
        **lexical_arrays(model.lexical, f"{prefix}lexical."),
        **_forest_arrays(model.stage1, f"{prefix}stage1."),
        **_forest_arrays(model.stage2, f"{prefix}stage2."),
    }


def classifier_from(arrays: Mapping[str, np.ndarray], prefix: str) -> CompiledClassifier:
    """Rebuild a :class:`CompiledClassifier` written by :func:`classifier_arrays`."""
    names = [str(n) for n in arrays[f"{prefix}cue_names"]]
    weights = [float(w) for w in arrays[f"{prefix}cue_weights"]]
    return CompiledClassifier(
        classes_=arrays[f"{prefix}classes"].astype(object),
        dom=bool(arrays[f"{prefix}dom"]),
        feature_names=tuple(str(n) for n in arrays[f"{prefix}feature_names"]),
        lexical=lexical_from(arrays, f"{prefix}lexical."),
        stage1=_forest_from(arrays, f"{prefix}stage1."),
        stage2=_forest_from(arrays, f"{prefix}stage2."),
        cue_weights=dict(zip(names, weights, strict=True)),
        # Files written before the setting existed took the likeliest role.
        min_boilerplate=float(arrays.get(f"{prefix}min_boilerplate", 0.0)),
    )
