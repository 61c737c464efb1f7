"""Load, save and apply the paragraph model: skops files that cannot run code when loaded.

A model file holds one plain dict: ``card`` (format version, labels, scikit-learn version, training
data digest, metrics), ``text`` and ``html`` (:class:`~detector.classifier.ParagraphClassifier`
for plain-text and DOM input) and ``kind`` (the boilerplate-kind model). Loading refuses any type
outside :data:`TRUSTED`, so a tampered file fails with :class:`~detector.errors.ModelError` instead
of executing code, and refuses a file written for another ``MODEL_FORMAT``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from detector.article import Article
from detector.errors import ModelError
from detector.findings import Verdict

__all__ = ["MODEL_FORMAT", "ParagraphModel", "load_model", "save_model", "shipped_model_path"]

logger = logging.getLogger(__name__)

#: Version of the model file layout and of the feature code it expects; bump on any change
#: to :mod:`detector.features` or :mod:`detector.classifier` that alters what a model sees.
MODEL_FORMAT = 3

ROLES = ("content", "title", "dateline", "byline", "boilerplate")

#: Every type a detector model file may contain, beyond what skops trusts by default.
TRUSTED = [
    "detector.classifier.ParagraphClassifier",
    "detector.features.ParagraphFeatures",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn._loss.loss.HalfMultinomialLoss",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn._loss.link.MultinomialLogit",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.link.Interval",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._stochastic_gradient.SGDClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.utils._bunch.Bunch",
    "numpy.dtype",
    "numpy.ndarray",
    "builtins.slice",
]


def shipped_model_path() -> Path:
    """Return the path of the model bundled with the package."""
    return Path(str(resources.files("detector") / "models" / "paragraphs.skops"))


@dataclass(frozen=True)
class ParagraphModel:
    """A loaded model: classifies every paragraph of an article and explains boilerplate."""

    text_model: Any
    html_model: Any | None
    kind_model: Any | None
    card: dict[str, Any]
    digest: str

    @property
    def name(self) -> str:
        """Name, format and content digest, as shown in reports."""
        name = self.card.get("name", "detector-paragraphs")
        return f"{name}/{MODEL_FORMAT} sha256:{self.digest[:12]}"

    def predict(self, article: Article) -> tuple[Verdict, ...]:
        """Return one verdict per paragraph of ``article``."""
        from detector.features import article_frame

        if not article.paragraphs:
            return ()
        frame = article_frame(article)
        use_dom = self.html_model is not None and bool((frame["format"] == "html").all())
        estimator = self.html_model if use_dom else self.text_model
        # One article is too small to gain from parallel trees, and OpenMP threads stall on a
        # busy machine (40x slower measured with two jobs on two cores): predict single-threaded.
        with threadpool_limits(limits=1):
            proba, reasons = estimator.explain(frame)
        classes = list(estimator.classes_)
        best = estimator.decide(proba, frame)
        roles = [classes[i] for i in best]
        kinds = self._kinds(frame, roles)
        verdicts = []
        for i, role in enumerate(roles):
            confidence = round(float(proba[i, best[i]]), 3)
            why = reasons[i] if role == "boilerplate" else ()
            verdicts.append(Verdict(role, confidence, kinds[i], why))
        return tuple(verdicts)

    def _kinds(self, frame: Any, roles: list[str]) -> list[str | None]:
        kinds: list[str | None] = [None] * len(roles)
        rows = [i for i, r in enumerate(roles) if r == "boilerplate"]
        if rows and self.kind_model is not None:
            texts = frame["text"].astype(str).to_numpy()[rows]
            for i, kind in zip(rows, self.kind_model.predict(texts), strict=True):
                kinds[i] = str(kind)
        return kinds


def save_model(
    path: str | os.PathLike[str],
    *,
    text_model: Any,
    html_model: Any | None,
    kind_model: Any | None,
    card: dict[str, Any],
) -> str:
    """Write a model file and return its sha256 digest."""
    import skops.io as sio

    payload = {
        "card": {**card, "format": MODEL_FORMAT},
        "text": text_model,
        "html": html_model,
        "kind": kind_model,
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # Hashed n-gram weights are mostly zeros: deflate shrinks the file about twentyfold.
    sio.dump(payload, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> ParagraphModel:
    import skops.io as sio

    file = Path(path)
    if not file.is_file():
        raise ModelError(f"{path}: model file not found")
    data = file.read_bytes()
    try:
        untrusted = [t for t in sio.get_untrusted_types(data=data) if t not in TRUSTED]
    except Exception as exc:  # skops raises several types on a corrupt archive
        raise ModelError(f"{path}: not a detector model file ({exc.__class__.__name__})") from exc
    if untrusted:
        raise ModelError(f"{path}: model file contains untrusted types: {', '.join(untrusted[:3])}")
    try:
        payload = sio.loads(data, trusted=TRUSTED)
    except Exception as exc:
        raise ModelError(f"{path}: cannot load model ({exc})") from exc
    if not isinstance(payload, dict) or "card" not in payload or "text" not in payload:
        raise ModelError(f"{path}: not a detector model file")
    card = dict(payload["card"])
    if card.get("format") != MODEL_FORMAT:
        raise ModelError(
            f"{path}: model format {card.get('format')} does not match this detector "
            f"(expects {MODEL_FORMAT}); retrain it with `python -m training.train`"
        )
    _warn_on_version_drift(path, card)
    return ParagraphModel(
        payload["text"],
        payload.get("html"),
        payload.get("kind"),
        card,
        hashlib.sha256(data).hexdigest(),
    )


def _warn_on_version_drift(path: str, card: dict[str, Any]) -> None:
    import sklearn

    trained = str(card.get("sklearn", ""))
    if trained.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        logger.warning(
            "%s was trained with scikit-learn %s, running %s", path, trained, sklearn.__version__
        )


def load_model(path: str | os.PathLike[str] | None = None) -> ParagraphModel:
    """Load a model file (the shipped one by default), once per process."""
    target = Path(path) if path is not None else shipped_model_path()
    return _load_cached(os.path.realpath(target))  # Path.resolve raises on a symlink loop (3.11)
