"""Paragraph features, computed with numpy alone (no pandas or scikit-learn at inference).

The classifier reads a *paragraph frame*: one row per paragraph, rows of one document contiguous
and in order, with the columns of the labelled paragraph table (see ``datasets/README.md``), as
a mapping of column to values (:func:`article_columns`) or a pandas DataFrame (training).
:func:`compute_features` turns it into numbers from three sources:

- the text itself: length, punctuation, casing, function-word density, named cues
  (``detector.cues``);
- its place in the document: position, distance to the run of long sentence-like paragraphs that
  forms the body (Kohlschütter et al. 2010 and jusText both found that context decides short
  blocks);
- for HTML, the DOM: tag, path, class/id words, link density, and whether trafilatura kept it.

Binary features that an editor can read are listed in :data:`EXPLAINABLE` with their phrase; the
model uses them to say *why* a paragraph is boilerplate.
"""

from __future__ import annotations

import functools
import math
import re
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from detector.article import Article
from detector.cues import (
    ATTR_CUES,
    BYLINE,
    DATE_RE,
    GLUED_URL_RE,
    STOPWORDS,
    TEXT_CUES,
    URL_RE,
    WEEKDAY,
    ascii_lower,
)

__all__ = [
    "EXPLAINABLE",
    "FRAME_COLUMNS",
    "article_columns",
    "as_columns",
    "compute_features",
    "doc_slices",
]

#: Columns of a paragraph frame. DOM columns are empty (NaN) for plain-text rows.
FRAME_COLUMNS = (
    "doc",
    "index",
    "text",
    "format",
    "tag",
    "path",
    "attrs",
    "link_chars",
    "links",
    "extracted",
    "meta_title",
)

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
#: Chinese, Japanese and Korean script: written without spaces, so a "word" of the regex above is
#: a whole clause. Two such characters count as one word (a rough mean for all three).
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(]?[A-ZÀ-Ý])|[。！？](?=.)")
_TERMINAL = tuple('.!?…"”’»)。！？」』')
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-–—*•·▪►✓]\s|\d{1,2}[.)]\s|\(?[a-z]\)\s)")
_PUNCT_ONLY_RE = re.compile(r"^[\W_]+$", re.UNICODE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_NUMBER_RE = re.compile(r"\d")
_SEPARATOR_RE = re.compile(r"\s[|•·/»›>–-]\s")
_LONG_WORDS = 20

_TAGS = ("p", "div", "li", "a", "span", "h1", "h2", "h3", "td", "blockquote", "figcaption")
_HEADINGS = frozenset({"h4", "h5", "h6"})
_FORM_TAGS = frozenset(
    {"label", "button", "option", "select", "textarea", "input", "form", "legend"}
)
_PATH_PARTS = (
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "article",
    "main",
    "ul",
    "table",
    "figure",
    "section",
)

#: Binary features an editor can read, with the phrase shown in a verdict's reasons.
EXPLAINABLE: dict[str, str] = {
    **{f"cue_{c.name}": c.phrase for c in TEXT_CUES},
    **{c.name: c.phrase for c in ATTR_CUES if c.name == "attr_boilerplate"},
    "punct_only": "punctuation only",
    "glued_url": "text run together with a URL",
    "has_url": "contains a bare URL",
    "repeated": "repeated on the page",
    "after_body": "after the article's end",
    "before_body": "before the article starts",
    "short_fragment": "short fragment without sentence punctuation",
    "link_heavy": "link-heavy",
    "not_extracted": "outside the main text found by the extractor",
    "in_nav_path": "inside a nav, header, footer or aside element",
}


def article_columns(article: Article) -> dict[str, list[Any]]:
    """Return the paragraph frame of one article, as a mapping of column to values.

    DOM columns are ``None`` for paragraphs without a block.
    """
    html = article.format == "html"
    paragraphs = article.paragraphs
    blocks = [p.block for p in paragraphs]
    columns: dict[str, list[Any]] = {
        "doc": [article.source] * len(paragraphs),
        "index": [p.index for p in paragraphs],
        "text": [p.text for p in paragraphs],
        "format": ["html" if html and b is not None else "text" for b in blocks],
        "meta_title": [article.title or ""] * len(paragraphs),
    }
    for name in ("tag", "path", "attrs", "link_chars", "links"):
        columns[name] = [None if b is None else getattr(b, name) for b in blocks]
    columns["extracted"] = [None if b is None else float(b.extracted) for b in blocks]
    return columns


def as_columns(frame: Any) -> Mapping[str, Sequence[Any]]:
    """Return a paragraph frame as a mapping of column to values, missing values as ``None``.

    ``frame`` is such a mapping already (returned as it is) or a pandas DataFrame.
    """
    if isinstance(frame, Mapping):
        return frame
    out: dict[str, Sequence[Any]] = {}
    for name in FRAME_COLUMNS:
        if name not in frame.columns:
            out[name] = [None] * len(frame)
            continue
        column = frame[name]
        values = column.astype(object).where(column.notna(), None).tolist()
        if name == "text":
            values = [str(v) for v in values]
        out[name] = values
    return out


def _strings(values: Sequence[Any]) -> list[str]:
    return ["" if v is None else str(v) for v in values]


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    number = float(value)
    return 0.0 if math.isnan(number) else number


def doc_slices(docs: Sequence[Any]) -> list[slice]:
    """Return the slices of consecutive rows that share a document id."""
    slices: list[slice] = []
    start = 0
    for i in range(1, len(docs) + 1):
        if i == len(docs) or docs[i] != docs[start]:
            slices.append(slice(start, i))
            start = i
    return slices


#: Names of the text features, in the order :func:`_text_features` returns them.
TEXT_FEATURES = (
    "log_chars",
    "log_words",
    "mean_word_len",
    "upper_ratio",
    "alpha_ratio",
    "digit_ratio",
    "punct_ratio",
    "capitalised_ratio",
    "stopword_ratio",
    "ends_sentence",
    "ends_colon",
    "starts_upper",
    "starts_quote",
    "all_caps",
    "n_sentences",
    "separators",
    "has_url",
    "glued_url",
    "has_email",
    "punct_only",
    "has_date",
    "has_weekday",
    "byline_like",
    "short_fragment",
    "list_item",
    "cjk_ratio",
    *(f"cue_{cue.name}" for cue in TEXT_CUES),
)


@functools.lru_cache(maxsize=2**12)
def _text_features(text: str) -> array[float]:
    """Features of one paragraph's text, named by :data:`TEXT_FEATURES` (cached, as menus and
    footers recur page after page; as an array of doubles, a third of a tuple's memory)."""
    stripped = text.strip()
    n_chars = len(stripped)
    words = _WORD_RE.findall(stripped)
    cjk = len(_CJK_RE.findall(stripped))
    if cjk:
        words = [w for w in words if not _CJK_RE.search(w)]
    n_words = len(words) + (cjk + 1) // 2
    if stripped.isascii():
        letters, upper, digits, alnum, space = _ascii_counts(stripped)
    else:
        letters = sum(map(str.isalpha, stripped))
        upper = sum(map(str.isupper, stripped))
        digits = len(_NUMBER_RE.findall(stripped))
        alnum = sum(map(str.isalnum, stripped))
        space = sum(map(str.isspace, stripped))
    # Neither alphanumeric nor space (no character is both).
    punct = n_chars - alnum - space
    capitalised = sum(1 for w in words if w[0].isupper())
    stop = sum(1 for w in words if w.lower() in STOPWORDS)
    ends = stripped.endswith(_TERMINAL)
    # Cheap tests first where a pattern cannot match without them (a date needs a digit, a URL
    # "://" or "www.", an e-mail address "@"): most paragraphs skip those searches.
    slashes = "://" in stripped
    lower = ascii_lower(stripped)
    url = (slashes or "www." in (lower or stripped.lower())) and bool(URL_RE.search(stripped))
    row = (
        math.log1p(n_chars),
        math.log1p(n_words),
        (sum(map(len, words)) / n_words) if n_words else 0.0,
        upper / letters if letters else 0.0,
        letters / n_chars if n_chars else 0.0,
        digits / n_chars if n_chars else 0.0,
        punct / n_chars if n_chars else 0.0,
        capitalised / n_words if n_words else 0.0,
        stop / n_words if n_words else 0.0,
        float(ends),
        float(stripped.endswith(":")),
        float(bool(stripped) and stripped[0].isupper()),
        float(stripped[:1] in "\"'“‘«„—–-"),
        float(letters > 3 and upper == letters),
        float(len(_SENTENCE_END_RE.findall(stripped)) + (1 if ends else 0)),
        float(len(_SEPARATOR_RE.findall(stripped))),
        float(url),
        float(slashes and bool(GLUED_URL_RE.search(stripped))),
        float("@" in stripped and bool(_EMAIL_RE.search(stripped))),
        float(bool(stripped) and bool(_PUNCT_ONLY_RE.match(stripped))),
        float(digits > 0 and bool(DATE_RE.search(stripped))),
        float(WEEKDAY.found(stripped, lower)),
        float(n_words <= 12 and BYLINE.found(stripped, lower)),
        float(n_words <= 4 and not ends),
        float(bool(_LIST_ITEM_RE.match(stripped))),
        cjk / n_chars if n_chars else 0.0,
        *(float(cue.caseless.found(stripped, lower)) for cue in TEXT_CUES),
    )
    return array("d", row)


#: The ASCII characters of each class that :func:`_text_features` counts, from the same ``str``
#: methods (and ``\\d``) that count them in other text.
_ASCII_CLASSES = tuple(
    bytes(c for c in range(128) if test(chr(c)))
    for test in (
        str.isalpha,
        str.isupper,
        lambda ch: bool(_NUMBER_RE.match(ch)),
        str.isalnum,
        str.isspace,
    )
)


def _ascii_counts(text: str) -> tuple[int, ...]:
    """Letters, capitals, digits, alphanumerics and spaces of an ASCII ``text``, counted by
    deleting each class with ``bytes.translate`` (a C loop, not a call per character)."""
    data = text.encode("ascii")
    return tuple(len(data) - len(data.translate(None, chars)) for chars in _ASCII_CLASSES)


#: Names of the DOM features, in the order :func:`_dom_features` returns them.
DOM_FEATURES = (
    *(f"tag_{t}" for t in _TAGS),
    "tag_heading_other",
    "tag_form",
    "depth",
    "link_density",
    "link_heavy",
    "log_links",
    *(f"path_{part}" for part in _PATH_PARTS),
    "in_nav_path",
    *(cue.name for cue in ATTR_CUES),
    "extracted",
    "not_extracted",
)
_NAV_PARTS = frozenset({"nav", "header", "footer", "aside"})


#: The two values of a yes/no feature, shared: a cached row then holds pointers to these two
#: objects instead of a new float object per feature.
_FLAGS = (0.0, 1.0)


@functools.lru_cache(maxsize=2**12)
def _element_features(tag: str, path: Any, attrs: Any) -> tuple[tuple[float, ...], ...]:
    """Features of a block's element (tag, path, attributes), in two groups that sit either side
    of the link features; cached, as a page repeats its elements."""
    path = path if isinstance(path, str) else ""
    attrs = attrs if isinstance(attrs, str) else ""
    parts = set(path.split(">"))
    lower = ascii_lower(attrs)
    flag = _FLAGS.__getitem__
    head = (
        *(flag(tag == t) for t in _TAGS),
        flag(tag in _HEADINGS),
        flag(tag in _FORM_TAGS or bool(parts & _FORM_TAGS)),
        float(path.count(">") + 1 if path else 0),
    )
    tail = (
        *(flag(part in parts) for part in _PATH_PARTS),
        flag(bool(parts & _NAV_PARTS)),
        *(flag(cue.caseless.found(attrs, lower)) for cue in ATTR_CUES),
    )
    return head, tail


def _dom_features(
    text: str, tag: Any, path: Any, attrs: Any, link_chars: Any, links: Any, extracted: Any
) -> tuple[float, ...]:
    """DOM features of one block, named by :data:`DOM_FEATURES`."""
    n_chars = max(len(text.strip()), 1)
    link_chars = _number(link_chars)
    head, tail = _element_features(tag if isinstance(tag, str) else "", path, attrs)
    extracted = _number(extracted)
    return (
        *head,
        min(link_chars / n_chars, 1.0),
        float(link_chars / n_chars > 0.5),
        math.log1p(_number(links)),
        *tail,
        extracted,
        1.0 - extracted,
    )


def _similarities(texts: Sequence[str], others: Sequence[str]) -> np.ndarray:
    """Case-blind similarity (0-1, rapidfuzz's ratio) of each text to the other at its index; 0
    where either is empty. ``texts`` and ``others`` are already casefolded."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cpdist

    if not len(texts):
        return np.zeros(0)
    scores = cpdist(texts, others, scorer=fuzz.ratio, dtype=np.float64) / 100.0
    empty = [not a or not b for a, b in zip(texts, others, strict=True)]
    scores[np.array(empty, dtype=bool)] = 0.0
    return scores


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean of each value's neighbours within ``radius`` (excluding itself)."""
    n = len(values)
    if n <= 1:
        return np.zeros(n)
    padded = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    total = padded[hi] - padded[lo] - values
    count = (hi - lo - 1).clip(min=1)
    return total / count


def _shift(values: np.ndarray, by: int, fill: float) -> np.ndarray:
    out = np.full(len(values), fill, dtype=float)
    if by > 0:
        out[by:] = values[:-by]
    elif by < 0:
        out[:by] = values[-by:]
    else:
        out[:] = values
    return out


def _doc_features(
    texts: list[str], meta_titles: list[str], docs: Sequence[Any], base: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Position and neighbourhood features, computed per document."""
    cols: dict[str, np.ndarray] = {}
    n_rows = len(texts)
    names = (
        "pos_rel",
        "log_idx_start",
        "log_idx_end",
        "log_doc_len",
        "chars_before_share",
        "before_body",
        "after_body",
        "body_distance",
        "long_density",
        "repeated",
        "title_similarity",
        "prev_similarity",
        "first_line_like",
        "prev_log_words",
        "next_log_words",
        "prev_ends",
        "next_ends",
        "window_log_words",
        "window_stopwords",
        "headline_like",
        "first_headline",
        "headline_rank",
        "headline_neighbours",
        "copy_nearby",
        "headline_similarity",
        "list_run",
        "inside_body",
    )
    for name in names:
        cols[name] = np.zeros(n_rows)
    texts = np.array(texts, dtype=object)
    meta_titles = np.array(meta_titles, dtype=object)
    log_words = base["log_words"]
    ends = base["ends_sentence"]
    stop = base["stopword_ratio"]
    chars = np.array([len(t) for t in texts], dtype=float)
    long_ = (log_words >= math.log1p(_LONG_WORDS)) & (ends > 0)
    items = base["list_item"]
    # A headline: a few capitalised words that do not end like a sentence. The first one above
    # the body, standing alone, is the title; a cluster of them is a teaser list.
    words = np.expm1(log_words)
    headline = (
        (words >= 4)
        & (words <= 25)
        & (ends == 0)
        & (base["capitalised_ratio"] >= 0.3)
        & (base["starts_upper"] > 0)
    ).astype(float)
    for sl in doc_slices(docs):
        n = sl.stop - sl.start
        idx = np.arange(n, dtype=float)
        cols["pos_rel"][sl] = idx / max(n - 1, 1)
        cols["log_idx_start"][sl] = np.log1p(idx)
        cols["log_idx_end"][sl] = np.log1p(n - 1 - idx)
        cols["log_doc_len"][sl] = math.log1p(n)
        c = chars[sl]
        total = c.sum() or 1.0
        cols["chars_before_share"][sl] = (np.cumsum(c) - c) / total
        lg = long_[sl]
        hits = np.flatnonzero(lg)
        if len(hits):
            first, last = hits[0], hits[-1]
            cols["before_body"][sl] = (idx < first).astype(float)
            cols["after_body"][sl] = (idx > last).astype(float)
            dist = np.where(idx < first, first - idx, np.where(idx > last, idx - last, 0.0))
            cols["body_distance"][sl] = np.log1p(dist)
            # A list between two stretches of prose is part of the story (ingredients, tour
            # dates); the same list after the last long paragraph is usually related links.
            cols["inside_body"][sl] = ((idx > first) & (idx < last)).astype(float)
        else:
            cols["body_distance"][sl] = math.log1p(n)
        cols["long_density"][sl] = _window_mean(lg.astype(float), 3)
        cols["list_run"][sl] = _window_mean(items[sl], 2)
        hl = headline[sl]
        body_start = hits[0] if len(hits) else n
        rank = np.cumsum(hl) - hl
        cols["headline_like"][sl] = hl
        cols["first_headline"][sl] = ((hl > 0) & (rank == 0) & (idx < body_start)).astype(float)
        cols["headline_rank"][sl] = np.where(hl > 0, np.minimum(rank, 5), -1.0)
        cols["headline_neighbours"][sl] = _window_mean(hl, 2) * 4
        firsts = np.flatnonzero(cols["first_headline"][sl])
        folded = [t.casefold() for t in texts[sl]]
        if len(firsts):
            top = folded[firsts[0]]
            cols["headline_similarity"][sl] = _similarities(folded, [top] * n)
        keys = [t.strip().casefold() for t in texts[sl]]
        counts = Counter(keys)
        cols["repeated"][sl] = [float(counts[k] > 1 and len(k) > 0) for k in keys]
        cols["copy_nearby"][sl] = [
            float(any(keys[j] == k for j in range(max(i - 3, 0), min(i + 4, n)) if j != i))
            if len(k) > 15
            else 0.0
            for i, k in enumerate(keys)
        ]
        titles = meta_titles[sl]
        cols["title_similarity"][sl] = _similarities(folded, [m.casefold() for m in titles])
        cols["prev_similarity"][sl] = _similarities(folded, [""] + folded[:-1])
        cols["first_line_like"][sl] = _similarities(folded, [folded[0] if n else ""] * n)
        lw = log_words[sl]
        cols["prev_log_words"][sl] = _shift(lw, 1, 0.0)
        cols["next_log_words"][sl] = _shift(lw, -1, 0.0)
        cols["prev_ends"][sl] = _shift(ends[sl], 1, 0.0)
        cols["next_ends"][sl] = _shift(ends[sl], -1, 0.0)
        cols["window_log_words"][sl] = _window_mean(lw, 2)
        cols["window_stopwords"][sl] = _window_mean(stop[sl], 2)
    return cols


def _dom_context(
    paths: list[str], docs: Sequence[Any], dom: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    extracted = dom["extracted"]
    density = dom["link_density"]
    paths = np.array(paths, dtype=object)
    w_ext = np.zeros(len(paths))
    w_link = np.zeros(len(paths))
    same_path = np.zeros(len(paths))
    for sl in doc_slices(docs):
        w_ext[sl] = _window_mean(extracted[sl], 2)
        w_link[sl] = _window_mean(density[sl], 2)
        counts = Counter(paths[sl])
        same_path[sl] = [math.log1p(counts[p]) for p in paths[sl]]
    return {
        "window_extracted": w_ext,
        "window_link_density": w_link,
        "log_same_path": same_path,
    }


def _table(rows: list[Sequence[float]], names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Columns (views of one matrix) of feature rows named by ``names``."""
    matrix = np.array(rows, dtype=np.float64).reshape(len(rows), len(names))
    return {name: matrix[:, j] for j, name in enumerate(names)}


def compute_features(
    frame: Mapping[str, Sequence[Any]], *, dom: bool = False
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Return the feature matrix (float64, one row per paragraph) and the column names.

    ``frame`` maps the columns of :data:`FRAME_COLUMNS` to values (:func:`as_columns`), rows of
    one document contiguous and in order. ``dom`` adds the DOM features of HTML paragraphs.
    """
    texts = [str(t) for t in frame["text"]]
    docs = frame["doc"]
    base = _table([_text_features(t) for t in texts], TEXT_FEATURES)
    parts = [base, _doc_features(texts, _strings(frame["meta_title"]), docs, base)]
    if dom:
        rows = zip(
            texts,
            *(frame[c] for c in ("tag", "path", "attrs", "link_chars", "links", "extracted")),
            strict=True,
        )
        dom_feats = _table([_dom_features(*row) for row in rows], DOM_FEATURES)
        parts += [dom_feats, _dom_context(_strings(frame["path"]), docs, dom_feats)]
    names = tuple(name for part in parts for name in part)
    matrix = np.empty((len(texts), len(names)), dtype=np.float64)
    j = 0
    for part in parts:
        for values in part.values():
            matrix[:, j] = values
            j += 1
    return matrix, names
