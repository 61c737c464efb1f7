"""Measure how closely the HTML loader reproduces the scrapinghub block segmentation.

    python -m training.check_segmentation                # agreement + per-page time
    python -m training.check_segmentation --extracted    # also the `extracted` flag vs the labels
    python -m training.check_segmentation --min 0.95     # exit 1 when agreement falls below 0.95

``shared/corpora/scrapinghub/paragraphs.jsonl`` lists every visible block of 131 pages. A page's
reference blocks are matched in order against the loader's (difflib's longest matching runs);
"paragraphs" is the share of reference blocks reproduced exactly (whitespace-normalised), "extra"
the share of the loader's blocks with no counterpart, "pages" the share of pages whose block
sequences are identical. Timing covers the whole loader (decode, parse, segment, trafilatura,
htmldate) per page.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from detector.loaders import read
from detector.loaders.decode import decode
from detector.loaders.html import parse_document, segment
from training.corpora import scrapinghub_paragraphs, shared_root


@dataclass(frozen=True, slots=True)
class Agreement:
    """Segmentation agreement over a set of pages."""

    reference: int
    produced: int
    matched: int
    pages: int
    identical: int

    @property
    def paragraphs(self) -> float:
        """Share of reference blocks reproduced exactly, in order."""
        return self.matched / self.reference if self.reference else 0.0

    @property
    def extra(self) -> float:
        """Share of produced blocks the reference does not have."""
        return (self.produced - self.matched) / self.produced if self.produced else 0.0

    @property
    def identical_pages(self) -> float:
        """Share of pages whose block sequences are identical."""
        return self.identical / self.pages if self.pages else 0.0


def measure(limit: int | None = None) -> Agreement:
    """Compare the loader's blocks with the reference blocks of the scrapinghub pages."""
    root = _root()
    grouped = scrapinghub_paragraphs()
    reference = produced = matched = identical = pages = 0
    for page_id, rows in list(grouped.items())[:limit]:
        expected = [" ".join(row["text"].split()) for row in rows]
        got = [s.text for s in segment(parse_document(_page_text(root, page_id), page_id))]
        runs = difflib.SequenceMatcher(None, expected, got, autojunk=False).get_matching_blocks()
        matched += sum(run.size for run in runs)
        reference += len(expected)
        produced += len(got)
        identical += expected == got
        pages += 1
    return Agreement(reference, produced, matched, pages, identical)


def extracted_scores(limit: int | None = None) -> tuple[float, float, float, float]:
    """Score Block.extracted against the gold content labels; also return ms per page read."""
    root = _root()
    grouped = scrapinghub_paragraphs()
    tp = fp = fn = 0
    elapsed = 0.0
    items = list(grouped.items())[:limit]
    for page_id, rows in items:
        path = root / "corpora" / "scrapinghub" / "html" / f"{page_id}.html.gz"
        data = gzip.decompress(path.read_bytes())
        start = time.perf_counter()
        article = next(read(f"{page_id}.html", data=data))
        elapsed += time.perf_counter() - start
        labels = {" ".join(row["text"].split()): row["label"] for row in rows}
        for paragraph in article.paragraphs:
            label = labels.get(paragraph.text)
            if label is None or paragraph.block is None:
                continue
            flag = paragraph.block.extracted
            tp += flag and label == 1
            fp += flag and label == 0
            fn += (not flag) and label == 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, 1000 * elapsed / max(len(items), 1)


def _root() -> Path:
    root = shared_root()
    if root is None:
        raise FileNotFoundError("../shared/corpora is not present (set DETECTOR_SHARED)")
    return root


def _page_text(root: Path, page_id: str) -> str:
    path = root / "corpora" / "scrapinghub" / "html" / f"{page_id}.html.gz"
    return decode(gzip.decompress(path.read_bytes()), page_id, html=True)


def main(argv: list[str] | None = None) -> int:
    """Print the agreement figures; return 1 when below ``--min``."""
    parser = argparse.ArgumentParser(
        prog="python -m training.check_segmentation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--extracted",
        action="store_true",
        help="also score Block.extracted against the gold labels and time the loader",
    )
    parser.add_argument(
        "--min", type=float, default=0.0, help="fail below this paragraph agreement"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    try:
        start = time.perf_counter()
        agreement = measure(args.limit)
    except FileNotFoundError as err:
        print(err, file=sys.stderr)
        return 2
    segment_ms = 1000 * (time.perf_counter() - start) / max(agreement.pages, 1)
    print(
        f"pages: {agreement.pages}, reference blocks: {agreement.reference}, "
        f"produced: {agreement.produced}"
    )
    print(f"paragraphs reproduced: {agreement.paragraphs:.2%}")
    print(f"extra blocks: {agreement.extra:.2%}")
    print(f"identical pages: {agreement.identical_pages:.2%}")
    print(f"decode + parse + segment: {segment_ms:.1f} ms/page")
    if args.extracted:
        precision, recall, f1, read_ms = extracted_scores(args.limit)
        print(f"extracted vs label: precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}")
        print(f"whole HTML loader (read): {read_ms:.1f} ms/page")
    return 1 if agreement.paragraphs < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
