"""Measure the paragraph model on the shared corpora, beside trafilatura and jusText.

    python -m training.evaluate                 # cross-validation by site + the aside check
    python -m training.evaluate --unseen        # also the shipped model on sets it never saw

HTML input is scored on the scrapinghub paragraph table (every visible block of 131 pages,
labelled content when the gold body contains it): content precision/recall/F1 over those
paragraphs and bag-of-tokens F1 of the kept text against the gold body, averaged over pages.
Plain-text input is scored as boilerplate precision/recall/F1 of line roles, on the same pages
read as lines (a scrape that kept everything) and on trafilatura's output (a leaky extractor).

Scrapinghub sites are split in two: about 20% (:func:`training.corpora.is_aside`) are never used
while tuning and are measured once, by a model trained on the rest; the others are measured by
4-fold cross-validation grouped by site. Every fold's model also trains on ``datasets/`` and the
other licensed corpora, as the shipped model does.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from detector.classifier import ParagraphClassifier
from training import data
from training.align import normalise, token_prf
from training.corpora import is_aside, pages, scrapinghub_paragraphs
from training.text_bench import line_figures, score_lines
from training.train import TEXT_MIN_BOILERPLATE, assemble

__all__ = ["Counts", "map_blocks", "paired_bootstrap", "main"]

logger = logging.getLogger("training.evaluate")


@dataclass
class Counts:
    """Binary confusion counts for one class, kept per page, plus per-page token F1 values."""

    per_page: list[tuple[int, int, int]] = field(default_factory=list)
    token_f1: list[float] = field(default_factory=list)

    def add(self, predicted: Iterable[bool], actual: Iterable[bool]) -> None:
        """Count one page's verdicts."""
        tp = fp = fn = 0
        for p, a in zip(predicted, actual, strict=True):
            tp += p and a
            fp += p and not a
            fn += a and not p
        self.per_page.append((tp, fp, fn))

    @property
    def tp(self) -> int:
        return sum(page[0] for page in self.per_page)

    @property
    def fp(self) -> int:
        return sum(page[1] for page in self.per_page)

    @property
    def fn(self) -> int:
        return sum(page[2] for page in self.per_page)

    def summary(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
        if self.token_f1:
            out["token_f1"] = round(float(np.mean(self.token_f1)), 3)
            out["pages"] = len(self.token_f1)
        return out


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    return np.divide(2 * tp, 2 * tp + fp + fn, out=np.zeros(tp.shape), where=2 * tp + fp + fn > 0)


def paired_bootstrap(
    ours: Counts, theirs: Counts, *, rounds: int = 2000, seed: int = 0
) -> dict[str, Any]:
    """How far ``ours`` is above ``theirs`` on the same pages, with 95% intervals.

    Pages are resampled with replacement (both tools keep the same draw), so the interval says
    how much the difference owes to which pages happened to be in the set: an interval that
    straddles zero means the two are level on this evidence.
    """
    a = np.array(ours.per_page, dtype=float).reshape(-1, 3)
    b = np.array(theirs.per_page, dtype=float).reshape(-1, 3)
    if len(a) != len(b) or not len(a):
        raise ValueError("paired bootstrap needs the same pages for both tools")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(a), size=(rounds, len(a)))
    sa, sb = a[draws].sum(axis=1), b[draws].sum(axis=1)
    f1_diff = _f1(*sa.T) - _f1(*sb.T)
    out: dict[str, Any] = {
        "pages": len(a),
        "f1_diff": round(float(_f1(*a.sum(axis=0)) - _f1(*b.sum(axis=0))), 3),
        "f1_diff_ci95": [round(float(x), 3) for x in np.percentile(f1_diff, [2.5, 97.5])],
    }
    if len(ours.token_f1) == len(a) and len(theirs.token_f1) == len(a):
        ta, tb = np.array(ours.token_f1), np.array(theirs.token_f1)
        diff = (ta - tb)[draws].mean(axis=1)
        out["token_f1_diff"] = round(float((ta - tb).mean()), 3)
        out["token_f1_diff_ci95"] = [round(float(x), 3) for x in np.percentile(diff, [2.5, 97.5])]
    return out


def map_blocks(reference: list[str], blocks: list[str], window: int = 40) -> list[int | None]:
    """For each reference paragraph, the index of the loader block with the same text."""
    keys = [normalise(b) for b in blocks]
    out: list[int | None] = []
    j = 0
    for text in reference:
        key = normalise(text)
        hit = next((k for k in range(j, min(j + window, len(keys))) if keys[k] == key), None)
        if hit is None and key:
            hit = next(
                (k for k in range(max(j - 2, 0), min(j + window, len(keys))) if key in keys[k]),
                None,
            )
        out.append(hit)
        if hit is not None:
            j = hit + 1 if keys[hit] == key else hit
    return out


def _justext_good(html: str) -> list[str]:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return [p.text for p in paragraphs if not p.is_boilerplate]


def _covered(text: str, kept: str) -> bool:
    key = normalise(text)
    return bool(key) and key in kept


class HtmlScore:
    """Content metrics on the scrapinghub paragraphs for detector and the two baselines."""

    def __init__(self, baselines: bool) -> None:
        self.tools = {"detector": Counts()}
        if baselines:
            self.tools.update(trafilatura=Counts(), justext=Counts())

    def page(
        self, page: Any, reference: list[dict], blocks: pd.DataFrame, roles: np.ndarray
    ) -> None:
        refs = [r["text"] for r in reference]
        gold = [bool(r["label"]) for r in reference]
        mapping = map_blocks(refs, blocks["text"].tolist())
        verdicts = {
            "detector": [m is not None and roles[m] == "content" for m in mapping],
        }
        if "trafilatura" in self.tools:
            extracted = blocks["extracted"].to_numpy()
            verdicts["trafilatura"] = [m is not None and bool(extracted[m]) for m in mapping]
            kept = normalise(" ".join(_justext_good(page.html())))
            verdicts["justext"] = [_covered(t, kept) for t in refs]
        for tool, predicted in verdicts.items():
            counts = self.tools[tool]
            counts.add(predicted, gold)
            text = [t for t, keep in zip(refs, predicted, strict=True) if keep]
            counts.token_f1.append(token_prf(text, page.body)[2])

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {tool: c.summary() for tool, c in self.tools.items()}
        if "trafilatura" in self.tools:
            out["detector_vs_trafilatura"] = paired_bootstrap(
                self.tools["detector"], self.tools["trafilatura"]
            )
        return out


def _text_score(counts: Counts, roles: np.ndarray, actual: Iterable[str]) -> None:
    counts.add((r == "boilerplate" for r in roles), (a == "boilerplate" for a in actual))


def _reference_frame(page_id: str, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "doc": f"ref:{page_id}",
            "index": range(len(rows)),
            "text": [r["text"] for r in rows],
            "format": "text",
            "meta_title": "",
        }
    )
    return data.validate(frame.assign(role="content"), page_id)


def evaluate_scrapinghub(
    table: pd.DataFrame,
    *,
    folds: int = 4,
    baselines: bool = True,
    include_datasets_only: bool = True,
    html: bool = True,
    seed: int = 0,
) -> dict[str, Any]:
    """Cross-validate by site on scrapinghub, check the aside sites once, and score a model
    trained on ``datasets/`` alone on every page.

    ``html=False`` fits and scores the text models only (the HTML model learns from HTML rows
    alone, so a change to the text rows leaves its figures as they were); the results then have
    no ``html_content``.
    """
    reference = scrapinghub_paragraphs()
    shub = {p.id: p for p in pages("scrapinghub")}
    is_shub = table["doc"].str.startswith("scrapinghub:")
    other = table[~is_shub]
    shub_rows = table[is_shub].assign(page=lambda f: f["doc"].str.split(":").str[1])
    sites = {pid: p.site for pid, p in shub.items()}
    dev = sorted(pid for pid in shub if not is_aside(sites[pid]))
    aside = sorted(pid for pid in shub if is_aside(sites[pid]))
    results: dict[str, Any] = {}
    splits = []
    groups = [sites[p] for p in dev]
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(dev, groups=groups):
        splits.append(([dev[i] for i in train_idx], [dev[i] for i in test_idx]))
    datasets_only = table[table["doc"].str.startswith("synth-")]
    plans = {
        "cross_validation": [
            (pd.concat([other, _pages(shub_rows, train)]), test) for train, test in splits
        ],
        "aside": [(pd.concat([other, _pages(shub_rows, dev)]), aside)],
    }
    if include_datasets_only:
        plans["datasets_only"] = [(datasets_only, sorted(shub))]
    for name, plan in plans.items():
        html_score = HtmlScore(baselines)
        text_visible, text_extracted = Counts(), Counts()
        by_extractor: dict[str, np.ndarray] = {}
        for train, test_ids in plan:
            test = _pages(shub_rows, test_ids)
            html_train = train[train["format"] == "html"]
            text_train = train[train["format"] == "text"]
            html_model = (
                ParagraphClassifier(dom=True, random_state=seed).fit(
                    html_train, html_train["role"], sample_weight=data.weights(html_train)
                )
                if html
                else None
            )
            text_model = ParagraphClassifier(
                dom=False, min_boilerplate=TEXT_MIN_BOILERPLATE, random_state=seed
            ).fit(text_train, text_train["role"], sample_weight=data.weights(text_train))
            for pid in test_ids:
                page = shub[pid]
                blocks = test[test["doc"] == f"scrapinghub:{pid}:html"]
                if html_model is not None and len(blocks):
                    roles = html_model.predict(blocks)
                    html_score.page(page, reference[pid], blocks.reset_index(drop=True), roles)
                ref_frame = _reference_frame(pid, reference[pid])
                _text_score(
                    text_visible,
                    text_model.predict(ref_frame),
                    ["content" if r["label"] else "boilerplate" for r in reference[pid]],
                )
                extracted = test[test["doc"] == f"scrapinghub:{pid}:extracted"]
                if len(extracted):
                    _text_score(text_extracted, text_model.predict(extracted), extracted["role"])
            outputs = test[test["doc"].str.contains(":x-", regex=False)]
            for doc, lines in outputs.groupby("doc", sort=False):
                roles = text_model.predict(lines.reset_index(drop=True))
                counts = score_lines(list(roles == "boilerplate"), lines["role"].tolist())
                extractor = doc.rsplit(":x-", 1)[1]
                by_extractor[extractor] = by_extractor.get(extractor, 0) + np.array(counts)
            logger.info("%s: fold done (%d test pages)", name, len(test_ids))
        extractors = (
            {"text_boilerplate_extractors": _per_extractor(by_extractor)} if by_extractor else {}
        )
        results[name] = {
            "pages": sum(len(t) for _, t in plan),
            **({"html_content": html_score.summary()} if html else {}),
            "text_boilerplate_visible": text_visible.summary(),
            "text_boilerplate_extracted": text_extracted.summary(),
            **extractors,
        }
    return results


def _per_extractor(counts: dict[str, np.ndarray]) -> dict[str, Any]:
    """Boilerplate precision/recall/F1 and content recall (the share of story lines kept) on each
    extractor's plain text, from its summed :func:`~training.text_bench.score_lines` counts, and
    their means over extractors (``macro``)."""
    out: dict[str, Any] = {}
    for name in sorted(counts):
        out[name] = {k: round(float(v), 3) for k, v in line_figures(counts[name]).items()}
    keys = ("precision", "recall", "f1", "content_recall")
    out["macro"] = {k: round(float(np.mean([out[n][k] for n in counts])), 3) for k in keys}
    return out


def _pages(rows: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    return rows[rows["page"].isin(set(ids))]


def evaluate_unseen(model_path: str | None, corpora: Iterable[str]) -> dict[str, Any]:
    """Score a trained model on corpora it was not trained on (body-aligned labels)."""
    from detector.model import load_model

    model = load_model(model_path)
    frame = data.corpora_frame(corpora)
    out: dict[str, Any] = {}
    for corpus in corpora:
        rows = frame[frame["doc"].str.startswith(f"{corpus}:")]
        content = {"detector": Counts(), "trafilatura": Counts()}
        visible, extracted = Counts(), Counts()
        for doc, group in rows.groupby("doc", sort=False):
            group = group.reset_index(drop=True)
            actual_content = (group["role"] == "content").tolist()
            if doc.endswith(":html"):
                roles = model.html_model.predict(group)
                content["detector"].add((r == "content" for r in roles), actual_content)
                content["trafilatura"].add((bool(x) for x in group["extracted"]), actual_content)
            elif doc.endswith(":visible"):
                _text_score(visible, model.text_model.predict(group), group["role"])
            elif doc.endswith(":extracted"):
                _text_score(extracted, model.text_model.predict(group), group["role"])
        out[corpus] = {
            "pages": int(rows.loc[rows["doc"].str.endswith(":html"), "doc"].nunique()),
            "html_content": {
                **{k: c.summary() for k, c in content.items()},
                "detector_vs_trafilatura": paired_bootstrap(
                    content["detector"], content["trafilatura"]
                ),
            },
            "text_boilerplate_visible": visible.summary(),
            "text_boilerplate_extracted": extracted.summary(),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.evaluate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", default="training/metrics.json")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument(
        "--unseen",
        action="store_true",
        help="also score the shipped (or --model) model on evaluation-only sets",
    )
    parser.add_argument("--skip-cv", action="store_true", help="only the --unseen part")
    parser.add_argument(
        "--no-extractors",
        action="store_true",
        help="train the folds without the extractors' plain text (as training.train does with it)",
    )
    parser.add_argument(
        "--text-only",
        action="store_true",
        help="cross-validate the text model only; keep the HTML figures of --out as they are",
    )
    parser.add_argument("--model", help="model file for --unseen (default: shipped)")
    parser.add_argument("--unseen-sets", default="l3s_gn1,dragnet2012,cleaneval")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")

    out_path = Path(args.out)
    results = json.loads(out_path.read_text()) if out_path.exists() else {}
    if not args.skip_cv:
        table, _ = assemble(extractors=not args.no_extractors)
        measured = evaluate_scrapinghub(
            table, folds=args.folds, baselines=not args.no_baselines, html=not args.text_only
        )
        if args.text_only:
            before = results.get("scrapinghub", {})
            measured = {plan: {**before.get(plan, {}), **new} for plan, new in measured.items()}
        results["scrapinghub"] = measured
    if args.unseen:
        results["unseen"] = evaluate_unseen(args.model, args.unseen_sets.split(","))
    out_path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
