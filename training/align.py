"""Label page blocks by aligning them with a gold article body.

A block is content when most of it is covered by the gold body: its normalised text occurs in the
body, or at least ``threshold`` of its word trigrams (bigrams, unigrams for short blocks) do. This
is the labelling the scrapinghub paragraph table was made with (coverage >= 0.8), so the same
function labels the other corpora consistently.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["normalise", "tokens", "Gold", "token_prf"]

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case, NFKC, with every run of whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def tokens(text: str) -> list[str]:
    """Word tokens of the normalised text."""
    return _TOKEN_RE.findall(normalise(text))


class Gold:
    """A gold body, indexed for fast coverage queries."""

    def __init__(self, body: str) -> None:
        self.text = " ".join(tokens(body))
        toks = self.text.split()
        self.ngrams = {n: set(zip(*(toks[i:] for i in range(n)), strict=False)) for n in (1, 2, 3)}

    def coverage(self, block: str) -> float:
        """Fraction of the block found in the gold body."""
        toks = tokens(block)
        if not toks:
            return 0.0
        if f" {' '.join(toks)} " in f" {self.text} ":
            return 1.0
        n = 3 if len(toks) >= 6 else 2 if len(toks) >= 3 else 1
        grams = list(zip(*(toks[i:] for i in range(n)), strict=False))
        if not grams:
            return 0.0
        hits = sum(1 for g in grams if g in self.ngrams[n])
        return hits / len(grams)

    def is_content(self, block: str, threshold: float = 0.8) -> bool:
        """Whether the block belongs to the gold body."""
        return self.coverage(block) >= threshold


def token_prf(predicted: Iterable[str], gold: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of predicted text against a gold body."""
    pred = Counter(t for text in predicted for t in tokens(text))
    ref = Counter(tokens(gold))
    overlap = sum((pred & ref).values())
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(ref.values()) if ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def aligned_coverage(blocks: list[str], body: str) -> list[float]:
    """Coverage of each block in one monotonic alignment of the page with the gold body.

    Unlike :meth:`Gold.coverage`, a short block ("Home", "Markets") counts only where it sits in
    the order of the body, so navigation words that also occur in the story are not content.
    """
    from difflib import SequenceMatcher

    page: list[str] = []
    owner: list[int] = []
    for i, block in enumerate(blocks):
        toks = tokens(block)
        page.extend(toks)
        owner.extend([i] * len(toks))
    ref = tokens(body)
    matched = [0] * len(blocks)
    matcher = SequenceMatcher(None, page, ref, autojunk=False)
    for a, _, size in matcher.get_matching_blocks():
        for k in range(a, a + size):
            matched[owner[k]] += 1
    sizes = Counter(owner)
    return [matched[i] / sizes[i] if sizes[i] else 0.0 for i in range(len(blocks))]
