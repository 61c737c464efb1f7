"""Load, save and apply the paragraph model.

A model file is a NumPy ``.npz`` archive of plain numeric and string arrays (the compiled
estimators of :mod:`detector.runtime`) plus a JSON ``card`` (format version, labels,
scikit-learn version, training data digest, metrics). It is read with
``numpy.load(allow_pickle=False)``, which refuses object arrays, so a file cannot run code when
loaded; a file whose arrays do not form a model, or that was written for another
``MODEL_FORMAT``, is refused with :class:`~detector.errors.ModelError`. Loading it needs neither
scikit-learn nor pandas, which is most of why start-up is fast.

Training can also write the fitted scikit-learn estimators as a ``.skops`` file (give ``--out``
a ``.skops`` name); :func:`load_model` reads those too, trusting only the types in
:data:`TRUSTED`, and compiles them on load (slower: it imports scikit-learn).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from detector.article import Article
from detector.cues import TEXT_CUES
from detector.errors import ModelError
from detector.findings import Verdict

__all__ = ["MODEL_FORMAT", "ParagraphModel", "load_model", "save_model", "shipped_model_path"]

logger = logging.getLogger(__name__)

_WORDLIKE = re.compile(r"[^\W\d_]{3}")
_CUES = {cue.name: cue.pattern for cue in TEXT_CUES}

#: Version of the model file layout and of the feature code it expects; bump on any change
#: to :mod:`detector.features` or :mod:`detector.classifier` that alters what a model sees.
MODEL_FORMAT = 4

#: Every role a verdict may carry: the model's classes, and the article parts that
#: :func:`detector.parts.refine` gives back (``credit``, ``standfirst``).
ROLES = ("content", "title", "dateline", "byline", "credit", "standfirst", "boilerplate")
#: A boilerplate kind the kind model is less sure of than this is ``other``; a specific widget
#: kind (:data:`SPECIFIC_KINDS`) below :data:`SPECIFIC_CONFIDENCE` needs its cue in the text too.
#: In cross-validation by site on the datasets' kinds, kinds under 0.5 were right 27% of the time
#: (``python -m training.parts_bench --kinds``); on real pages most unsure ones are menu entries
#: in other languages, which navigation names rightly, hence the lower bar for the broad kinds.
KIND_CONFIDENCE = 0.3
SPECIFIC_CONFIDENCE = 0.5
#: Kinds that name one widget, and the text cue (detector.cues) that bears each out.
SPECIFIC_KINDS = {
    "share": "share",
    "newsletter": "newsletter",
    "cookie": "cookie",
    "comment_form": "comment_form",
    "ads": "ads",
    "caption": "credit",
    "bio": None,
}
#: The confidence of a verdict that :mod:`detector.parts` set (a rule, not a probability).
PART_CONFIDENCE = 0.9

#: Every type a detector model file may contain, beyond what skops trusts by default.
TRUSTED = [
    "detector.classifier.ParagraphClassifier",
    "detector.classifier.ParagraphFeatures",
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


@functools.lru_cache(maxsize=1)
def shipped_model_path() -> Path:
    """Return the path of the model bundled with the package (looked up once per process)."""
    return Path(str(resources.files("detector") / "models" / "paragraphs.npz"))


@dataclass(frozen=True, eq=False)
class ParagraphModel:
    """A loaded model: classifies every paragraph of an article and explains boilerplate.

    ``parts`` holds the HTML and boilerplate-kind models, or functions that build them: a
    plain-text run never reads the HTML model's arrays, and a clean article never needs the
    kind model.
    """

    text_model: Any
    card: dict[str, Any]
    digest: str
    parts: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def html_model(self) -> Any | None:
        """The classifier of HTML paragraphs (DOM features), or None."""
        return self._part("html")

    @functools.cached_property
    def kind_model(self) -> Any | None:
        """The model naming a boilerplate paragraph's kind, or None."""
        return self._part("kind")

    def _part(self, name: str) -> Any | None:
        part = self.parts.get(name)
        return part() if callable(part) else part

    @property
    def name(self) -> str:
        """Name, format and content digest, as shown in reports."""
        name = self.card.get("name", "detector-paragraphs")
        return f"{name}/{MODEL_FORMAT} sha256:{self.digest[:12]}"

    def predict(self, article: Article, *, parts: bool = True) -> tuple[Verdict, ...]:
        """Return one verdict per paragraph of ``article``.

        ``parts=False`` leaves out :func:`detector.parts.refine` (the model's roles alone).
        """
        from detector.features import article_columns
        from detector.parts import refine

        if not article.paragraphs:
            return ()
        columns = article_columns(article)
        # Formats first: a plain-text article never reads the HTML model's arrays.
        use_dom = all(f == "html" for f in columns["format"]) and self.html_model is not None
        estimator = self.html_model if use_dom else self.text_model
        proba, reasons = estimator.explain(columns)
        classes = list(estimator.classes_)
        best = estimator.decide(proba, columns)
        roles = [classes[i] for i in best]
        changed: dict[int, str] = {}
        if parts:
            link_chars = columns["link_chars"] if use_dom else None
            roles, changed = refine(columns["text"], roles, link_chars)
        kinds = self._kinds(columns["text"], roles)
        verdicts = []
        for i, role in enumerate(roles):
            if i in changed:
                verdicts.append(Verdict(role, PART_CONFIDENCE, None, (changed[i],)))
                continue
            confidence = round(float(proba[i, best[i]]), 3)
            why = reasons[i] if role == "boilerplate" else ()
            verdicts.append(Verdict(role, confidence, kinds[i], why))
        return tuple(verdicts)

    def _kinds(self, texts: list[str], roles: list[str]) -> list[str | None]:
        kinds: list[str | None] = [None] * len(roles)
        rows = [i for i, r in enumerate(roles) if r == "boilerplate"]
        if rows and self.kind_model is not None:
            model = self.kind_model
            proba = model.predict_proba([texts[i] for i in rows])
            for i, p in zip(rows, proba, strict=True):
                kinds[i] = kind_of(texts[i], str(model.classes[p.argmax()]), float(p.max()))
        return kinds


def kind_of(text: str, kind: str, confidence: float) -> str:
    """The boilerplate kind to report: the kind model's, unless it is unsure or impossible.

    ``punctuation`` for a line without a letter or digit, and only for such a line; ``other``
    for a line without a word of three letters (a measurement, a phone number, a price), when
    the model is less sure than :data:`KIND_CONFIDENCE`, and for a specific widget kind below
    :data:`SPECIFIC_CONFIDENCE`; either way a widget kind whose cue is in the text stands
    ("Abonnez-vous dès 1 €" is a newsletter prompt however unsure the model).
    """
    if not any(ch.isalnum() for ch in text):
        return "punctuation"
    if kind == "punctuation" or not _WORDLIKE.search(text):
        return "other"
    cue = _CUES.get(SPECIFIC_KINDS.get(kind) or "")
    if cue is not None and cue.search(text):
        return kind  # the model and the wording agree
    if confidence < KIND_CONFIDENCE:
        return "other"
    if kind in SPECIFIC_KINDS and confidence < SPECIFIC_CONFIDENCE:
        return "other"
    return kind


def save_model(
    path: str | os.PathLike[str],
    *,
    text_model: Any,
    html_model: Any | None,
    kind_model: Any | None,
    card: dict[str, Any],
) -> str:
    """Write fitted estimators as a model file and return its sha256 digest.

    ``path`` ending in ``.skops`` keeps the scikit-learn objects; any other name gets the
    compiled arrays that detector ships (``.npz``).
    """
    card = {**card, "format": MODEL_FORMAT}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if Path(path).suffix == ".skops":
        import skops.io as sio

        payload = {"card": card, "text": text_model, "html": html_model, "kind": kind_model}
        sio.dump(payload, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    else:
        import numpy as np

        from detector import runtime

        arrays = {"card": np.asarray(json.dumps(card, sort_keys=True))}
        arrays.update(runtime.classifier_arrays(_compiled(text_model), "text."))
        if html_model is not None:
            arrays.update(runtime.classifier_arrays(_compiled(html_model), "html."))
        if kind_model is not None:
            kind = kind_model
            if not isinstance(kind, runtime.Lexical):
                kind = runtime.compile_lexical(kind)
            arrays.update(runtime.lexical_arrays(kind, "kind."))
        with open(path, "wb") as out:
            np.savez_compressed(out, **arrays)
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _compiled(model: Any) -> Any:
    from detector.runtime import CompiledClassifier, compile_classifier

    return model if isinstance(model, CompiledClassifier) else compile_classifier(model)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> ParagraphModel:
    file = Path(path)
    if not file.is_file():
        raise ModelError(f"{path}: model file not found")
    data = file.read_bytes()
    if file.suffix == ".skops":
        card, text, parts = _read_skops(path, data)
    else:
        card, text, parts = _read_arrays(path, data)
    if card.get("format") != MODEL_FORMAT:
        raise ModelError(
            f"{path}: model format {card.get('format')} does not match this detector "
            f"(expects {MODEL_FORMAT}); retrain it with `python -m training.train`"
        )
    return ParagraphModel(text, card, hashlib.sha256(data).hexdigest(), parts)


def _read_arrays(path: str, data: bytes) -> tuple[dict[str, Any], Any, dict[str, Any]]:
    """Read a compiled model file; refuse anything that is not one.

    The card and the text model are read at once; the HTML and kind models on first use, both
    together, from the file read again (and refused if it no longer has the digest it was loaded
    with), so that a process does not hold the file's 20 MB of bytes for as long as it runs.
    """
    import numpy as np

    from detector import runtime

    try:
        archive = np.load(io.BytesIO(data), allow_pickle=False)
        names = set(archive.files)
        card_text = str(archive["card"]) if "card" in names else None
    except Exception as exc:  # not a zip, a damaged member, an object array
        raise ModelError(f"{path}: not a detector model file ({exc.__class__.__name__})") from exc
    if card_text is None or "text.classes" not in names:
        raise ModelError(f"{path}: not a detector model file")

    def build(archive: Any, read: Any, prefix: str) -> Any:
        try:
            return read(archive, prefix)
        except (KeyError, ValueError, TypeError, OSError) as exc:  # object arrays: ValueError
            raise ModelError(f"{path}: damaged model file ({exc})") from exc

    try:
        card = json.loads(card_text)
    except ValueError as exc:
        raise ModelError(f"{path}: damaged model file ({exc})") from exc
    if not isinstance(card, dict):
        raise ModelError(f"{path}: damaged model file (the card is not a JSON object)")
    if card.get("format") != MODEL_FORMAT:
        return card, None, {}
    readers = {"html": runtime.classifier_from, "kind": runtime.lexical_from}
    lazy = [name for name in readers if f"{name}.classes" in names]
    digest = hashlib.sha256(data).hexdigest()
    built: dict[str, Any] = {}

    def part(name: str) -> Any:
        if not built:
            try:
                again = Path(path).read_bytes()
            except OSError as exc:
                raise ModelError(f"{path}: model file unreadable ({exc.strerror})") from exc
            if hashlib.sha256(again).hexdigest() != digest:
                raise ModelError(f"{path}: the model file changed after it was loaded")
            fresh = np.load(io.BytesIO(again), allow_pickle=False)
            built.update({n: build(fresh, readers[n], n + ".") for n in lazy})
        return built[name]

    text = build(archive, runtime.classifier_from, "text.")
    return card, text, {name: functools.partial(part, name) for name in lazy}


def _read_skops(path: str, data: bytes) -> tuple[dict[str, Any], Any, dict[str, Any]]:
    """Read a ``.skops`` file of scikit-learn estimators and compile them."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # ``trusted`` is the whole allow-list: loads refuses any other type before building it.
        payload = sio.loads(data, trusted=TRUSTED)
    except UntrustedTypesFoundException as exc:
        raise ModelError(f"{path}: model file contains untrusted types ({exc})") from exc
    except Exception as exc:  # skops raises several types on a corrupt archive
        raise ModelError(f"{path}: not a detector model file ({exc.__class__.__name__})") from exc
    if not isinstance(payload, dict) or "card" not in payload or "text" not in payload:
        raise ModelError(f"{path}: not a detector model file")
    card = dict(payload["card"])
    if card.get("format") != MODEL_FORMAT:
        return card, None, {}
    _warn_on_version_drift(path, card)
    from detector.runtime import compile_lexical

    kind = payload.get("kind")
    parts = {
        "html": _compiled(payload["html"]) if payload.get("html") is not None else None,
        "kind": compile_lexical(kind) if kind is not None else None,
    }
    return card, _compiled(payload["text"]), parts


def _warn_on_version_drift(path: str, card: dict[str, Any]) -> None:
    """Warn when estimators pickled by another scikit-learn are read (a compiled file holds
    only arrays, so it does not depend on the installed version)."""
    import sklearn

    trained = str(card.get("sklearn", ""))
    if trained.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        logger.warning(
            "%s was trained with scikit-learn %s, running %s", path, trained, sklearn.__version__
        )


@functools.lru_cache(maxsize=1)
def _shipped_real_path() -> str:
    return os.path.realpath(shipped_model_path())


def load_model(path: str | os.PathLike[str] | None = None) -> ParagraphModel:
    """Load a model file (the shipped one by default), once per process."""
    if path is None:
        return _load_cached(_shipped_real_path())
    # os.path.realpath, not Path.resolve: that raises on a symlink loop (3.11)
    return _load_cached(os.path.realpath(Path(path)))
