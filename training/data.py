"""Assemble the training table from every source, with a cache and a content digest.

Sources, each a frame in the labelled paragraph schema (``datasets/README.md``):

- ``datasets``: the project's own data — ``datasets/paragraphs.jsonl`` (plain-text layouts) and the
  same synthetic pages rendered as HTML and read back through the loader;
- ``corpora``: the licence-cleared corpora of ``../shared`` (:data:`training.corpora.TRAINABLE`);
- user tables given with ``--data`` (JSONL, CSV or Parquet).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from detector.features import FRAME_COLUMNS
from detector.model import ROLES

__all__ = [
    "REPO",
    "read_table",
    "datasets_frame",
    "corpora_frame",
    "digest",
    "validate",
    "weights",
]

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "build" / "tables"
REQUIRED = ("doc", "index", "text", "role")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a labelled paragraph table from JSONL, CSV or Parquet and check its schema."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        frame = pd.read_json(path, lines=suffix != ".json", dtype={"doc": str, "site": str})
    elif suffix == ".csv":
        frame = pd.read_csv(path, dtype={"doc": str, "site": str})
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        raise ValueError(f"{path}: unknown table format {suffix!r} (use .jsonl, .csv or .parquet)")
    return validate(frame, str(path))


def validate(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Fill optional columns and reject rows with unknown roles."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
    bad = sorted(set(frame["role"]) - set(ROLES))
    if bad:
        raise ValueError(
            f"{name}: unknown role(s) {', '.join(map(str, bad))}; use {', '.join(ROLES)}"
        )
    frame = frame.copy()
    defaults = {"site": frame["doc"], "kind": "", "format": "text", "meta_title": "", "weight": 1.0}
    for column, default in defaults.items():
        if column not in frame.columns:
            frame[column] = default
    for column in FRAME_COLUMNS:
        if column not in frame.columns:
            frame[column] = float("nan")
    frame["weight"] = pd.to_numeric(frame["weight"], errors="coerce").fillna(1.0)
    if (frame["weight"] < 0).any():
        raise ValueError(f"{name}: negative weight(s); use 0 for rows that only give context")
    frame["kind"] = frame["kind"].fillna("").astype(str)
    frame["meta_title"] = frame["meta_title"].fillna("").astype(str)
    frame["text"] = frame["text"].astype(str)
    frame = frame.sort_values(["doc", "index"], kind="stable").reset_index(drop=True)
    return frame


def _cached(name: str, build: callable, refresh: bool) -> pd.DataFrame:
    path = CACHE / f"{name}.parquet"
    if path.exists() and not refresh:
        return pd.read_parquet(path)
    frame = validate(pd.DataFrame(list(build())), name)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    return frame


def datasets_frame(refresh: bool = False) -> pd.DataFrame:
    """The project's own labelled data: text layouts plus their HTML renderings."""
    from training.tables import synth_rows

    return _cached("datasets", synth_rows, refresh)


def corpora_frame(corpora: Iterable[str], refresh: bool = False) -> pd.DataFrame:
    """Labelled rows from the given shared corpora (html, visible and extracted variants)."""
    from training.corpora import SNIPPET_LABELLED, pages
    from training.tables import corpus_rows, snippet_rows

    frames = []
    for corpus in corpora:

        def build(corpus: str = corpus) -> Iterable[dict]:
            rows = snippet_rows if corpus in SNIPPET_LABELLED else corpus_rows
            for page in pages(corpus):
                try:
                    yield from rows(page)
                except Exception as exc:  # one unreadable page must not stop the build
                    logger.warning("%s/%s skipped: %s", corpus, page.id, exc)

        frames.append(_cached(f"corpus-{corpus}", build, refresh))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def extractors_frame(corpora: Iterable[str], refresh: bool = False) -> pd.DataFrame:
    """Labelled lines of every extractor's plain text for the given corpora's pages with a gold
    body (:mod:`training.extractors`; cached in build/tables).

    Every extractor of :data:`training.extractors.EXTRACTORS` must be installed (the ``train``
    extra), so that the table, and the model trained on it, is the same on every machine.
    """
    from training import extractors
    from training.corpora import SNIPPET_LABELLED

    missing = sorted(set(extractors.EXTRACTORS) - set(extractors.available()))
    if missing:
        raise SystemExit(
            f"extractor(s) {', '.join(missing)} not installed: pip install -e '.[train]' "
            "(or train with --no-extractors)"
        )
    frames = [
        extractors.extractor_frame(corpus, refresh=refresh)
        for corpus in corpora
        if corpus not in SNIPPET_LABELLED  # snippet gold has no body to align lines with
    ]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def digest(frame: pd.DataFrame) -> str:
    """A content digest of a training table (documents, texts, labels and weights, in order)."""
    h = hashlib.sha256()
    columns = frame[["doc", "text", "role", "kind"]].assign(weight=weights(frame))
    for doc, text, role, kind, weight in columns.itertuples(index=False):
        # A weight of 1 (the default) leaves the row's digest as it was before weights existed.
        extra = "" if weight == 1 else f"\x1f{weight:g}"
        h.update(f"{doc}\x1f{text}\x1f{role}\x1f{kind}{extra}\x1e".encode())
    return h.hexdigest()


def weights(frame: pd.DataFrame) -> np.ndarray:
    """Each row's training weight (1 unless the table says otherwise; 0 = context only)."""
    if "weight" not in frame.columns:
        return np.ones(len(frame))
    return frame["weight"].fillna(1.0).to_numpy(dtype=float)
