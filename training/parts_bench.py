"""Measure the article-part roles (byline, credit, dateline, standfirst) and the kind fallback.

    python -m training.parts_bench             # every measure, written to parts_metrics.json
    python -m training.parts_bench --pages 40  # fewer held-out pages per corpus (quicker)
    python -m training.parts_bench --kinds     # the kind model's accuracy by confidence

1. **Held-out pages** (the evaluation-only corpora, never trained on): every block of a page read
   by the HTML loader, and the same blocks as plain-text lines, is labelled gold body when the
   gold body covers it (:mod:`training.align`, as the training tables do). The figure is the
   share of gold-body blocks called *boilerplate*, by the model alone (``parts=False``) and with
   :func:`detector.parts.refine` after it, with a 95% interval by resampling pages.
2. **The hand-labelled set** ``datasets/parts/parts.jsonl`` (the project's own text, documented in
   ``datasets/README.md``): precision and recall of each part role, and the share of the
   article's own paragraphs (content and parts) called boilerplate, before and after.
3. ``--kinds``: the boilerplate-kind model cross-validated by site on the datasets' kinds: its
   accuracy per confidence band, and what :func:`detector.model.kind_of` makes of it (the share
   turned ``other``, the precision of the kinds still named).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from detector.article import Article, Paragraph
from detector.model import kind_of, load_model

__all__ = ["held_out", "hand_labelled", "kinds", "main"]

ROOT = Path(__file__).resolve().parents[1]
PARTS_SET = ROOT / "datasets" / "parts" / "parts.jsonl"
METRICS = Path(__file__).with_name("parts_metrics.json")
HELD_OUT = ("l3s_gn1", "dragnet2012", "cleaneval")
PART_ROLES = ("byline", "credit", "dateline", "standfirst")
COVERAGE = 0.5


def _share_ci(pairs: list[tuple[int, int]], seed: int = 0) -> dict[str, Any]:
    """Pooled share hits/total over pages, with a 95% page-bootstrap interval."""
    a = np.array(pairs, dtype=float).reshape(-1, 2)
    total = a[:, 1].sum()
    if not total:
        return {"share": 0.0, "ci95": [0.0, 0.0], "blocks": 0}
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(a), size=(2000, len(a)))
    sums = a[draws].sum(axis=1)
    shares = np.divide(sums[:, 0], sums[:, 1], out=np.zeros(len(sums)), where=sums[:, 1] > 0)
    per_page = a[a[:, 1] > 0]
    return {
        "share": round(float(a[:, 0].sum() / total), 4),
        "ci95": [round(float(x), 4) for x in np.percentile(shares, [2.5, 97.5])],
        "blocks": int(total),
        # Pooled, a few pages of hundreds of blocks weigh most; the mean of the pages' shares not.
        "page_mean": round(float((per_page[:, 0] / per_page[:, 1]).mean()), 4),
    }


def _as_text(article: Article) -> Article:
    """The page's blocks as the lines of a plain-text scrape."""
    paragraphs = tuple(Paragraph(p.index, p.text, line=p.index + 1) for p in article.paragraphs)
    return Article(article.source, paragraphs, title=article.title)


def held_out(pages_per_corpus: int) -> dict[str, Any]:
    """Share of gold-body blocks called boilerplate on the evaluation-only corpora."""
    from detector.errors import LoadError
    from training.align import aligned_coverage
    from training.corpora import pages
    from training.tables import load_html

    model = load_model()
    out: dict[str, Any] = {}
    for corpus in HELD_OUT:
        chosen = [p for p in pages(corpus) if p.body][:pages_per_corpus]
        stats: dict[str, dict[str, list[tuple[int, int]]]] = {
            fmt: {"before": [], "after": []} for fmt in ("html", "text")
        }
        moved: dict[str, Counter[str]] = {"html": Counter(), "text": Counter()}
        for page in chosen:
            try:
                article = load_html(page.html(), f"{corpus}/{page.id}.html")
            except LoadError:
                continue
            if not article.paragraphs:
                continue
            gold = [
                c >= COVERAGE
                for c in aligned_coverage([p.text for p in article.paragraphs], page.body)
            ]
            for fmt, doc in (("html", article), ("text", _as_text(article))):
                before = [v.role for v in model.predict(doc, parts=False)]
                after = [v.role for v in model.predict(doc)]
                for name, roles in (("before", before), ("after", after)):
                    hits = sum(g and r == "boilerplate" for g, r in zip(gold, roles, strict=True))
                    stats[fmt][name].append((hits, sum(gold)))
                for g, b, a in zip(gold, before, after, strict=True):
                    if a != b:
                        moved[fmt][f"{b}->{a} ({'gold body' if g else 'not gold body'})"] += 1
        out[corpus] = {
            "pages": len(stats["html"]["before"]),
            **{
                fmt: {
                    "gold_body_called_boilerplate_before": _share_ci(stats[fmt]["before"]),
                    "gold_body_called_boilerplate_after": _share_ci(stats[fmt]["after"]),
                    "changed": dict(moved[fmt].most_common()),
                }
                for fmt in stats
            },
        }
    return out


def _prf(predicted: list[str], gold: list[str], role: str) -> dict[str, Any]:
    tp = sum(p == role and g == role for p, g in zip(predicted, gold, strict=True))
    fp = sum(p == role and g != role for p, g in zip(predicted, gold, strict=True))
    fn = sum(g == role and p != role for p, g in zip(predicted, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "gold": tp + fn}


def hand_labelled(path: Path = PARTS_SET) -> dict[str, Any]:
    """Precision and recall of the part roles on the project's hand-labelled articles."""
    model = load_model()
    gold: list[str] = []
    predicted: dict[str, list[str]] = {"before": [], "after": []}
    languages: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rows = record["paragraphs"]
        title = next((text for text, role in rows if role == "title"), None)
        paragraphs = tuple(Paragraph(i, text, line=i + 1) for i, (text, _) in enumerate(rows))
        article = Article(record["id"], paragraphs, title=title)
        gold.extend(role for _, role in rows)
        predicted["before"].extend(v.role for v in model.predict(article, parts=False))
        predicted["after"].extend(v.role for v in model.predict(article))
        languages[record["lang"]] += 1
    own = [g != "boilerplate" for g in gold]
    out: dict[str, Any] = {"articles": sum(languages.values()), "languages": dict(languages)}
    for name, roles in predicted.items():
        called = sum(o and r == "boilerplate" for o, r in zip(own, roles, strict=True))
        out[name] = {
            "article_paragraphs_called_boilerplate": round(called / sum(own), 3),
            **{role: _prf(roles, gold, role) for role in PART_ROLES},
        }
    return out


def kinds(folds: int = 4) -> dict[str, Any]:
    """Cross-validate the kind model by site; accuracy per confidence band."""
    import pandas as pd
    from sklearn.model_selection import GroupKFold

    from detector.classifier import lexical_pipeline

    table = pd.read_json(ROOT / "datasets" / "paragraphs.jsonl", lines=True)
    rows = table[(table["role"] == "boilerplate") & (table["kind"] != "")]
    rows = rows.drop_duplicates(["text", "kind"]).reset_index(drop=True)
    confidence = np.zeros(len(rows))
    predicted = np.empty(len(rows), dtype=object)
    for train, test in GroupKFold(folds).split(rows, groups=rows["site"]):
        model = lexical_pipeline(0, n_features=2**16).fit(rows["text"][train], rows["kind"][train])
        proba = model.predict_proba(rows["text"][test])
        confidence[test] = proba.max(axis=1)
        predicted[test] = model.classes_[proba.argmax(axis=1)]
    right = predicted == rows["kind"].to_numpy()
    bands = {}
    for lo, hi in ((0.0, 0.5), (0.5, 0.8), (0.8, 1.01)):
        inside = (confidence >= lo) & (confidence < hi)
        bands[f"{lo:.1f}-{min(hi, 1.0):.1f}"] = {
            "rows": int(inside.sum()),
            "accuracy": round(float(right[inside].mean()), 3) if inside.any() else None,
        }
    triples = zip(rows["text"], predicted, confidence, strict=True)
    final = np.array([kind_of(t, str(k), float(c)) for t, k, c in triples])
    gold = rows["kind"].to_numpy()
    named = final != "other"
    return {
        "rows": len(rows),
        "accuracy": round(float(right.mean()), 3),
        "by_confidence": bands,
        # With detector.model.kind_of: how many become "other", and how right the named ones are.
        "kind_of": {
            "other_share": round(float((~named).mean()), 3),
            "named_precision": round(float((final[named] == gold[named]).mean()), 3),
            "named_precision_before": round(float(right[predicted != "other"].mean()), 3),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.parts_bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--pages", type=int, default=100, help="held-out pages per corpus")
    parser.add_argument("--kinds", action="store_true", help="only the kind-model measure")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {METRICS.name}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if args.kinds:
        print(json.dumps(kinds(), indent=2))
        return 0
    result = {
        "hand_labelled": hand_labelled(),
        "held_out": held_out(args.pages),
        "kinds": kinds(),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if not args.no_write:
        METRICS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
