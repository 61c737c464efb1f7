"""Plain-text boilerplate benchmark: detector's text model beside C4's line rules, per extractor.

    python -m training.text_bench                         # every unseen set, every extractor
    python -m training.text_bench --limit 300 --sets l3s_gn1,cleaneval

Each page of the evaluation-only sets (never trained on) is run through the extractors of
:mod:`training.extractors`; each output line is labelled by alignment with the gold body. The
shipped model's text model and C4's line rules (:func:`c4_keep`) then say which lines are
boilerplate. Reported per set and extractor, and macro-averaged over extractors: boilerplate
precision, recall and F1, and content recall (the share of story lines kept). Intervals are 95%
bootstrap intervals over pages; ``model_minus_c4`` is the paired difference of macro F1.

The "clean" slice is every extractor output in which at most one line in ten is boilerplate
(text an accurate extractor already cleaned): there the target is content recall >= 0.98, with
the boilerplate recall reported beside it.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["c4_keep", "score_lines", "line_figures", "bench", "main"]

logger = logging.getLogger("training.text_bench")

#: C4 (Raffel et al. 2020, section 2.2; tensorflow_datasets c4_utils): lines must end in terminal
#: punctuation (period, exclamation mark, question mark, end quotation mark) ...
_C4_END = (".", "!", "?", '"', "\u201d")
#: ... have at least three words ...
_C4_MIN_WORDS = 3
#: ... and not mention Javascript or a site policy (the line-level policy substrings of c4_utils).
_C4_BAD_LINE = re.compile(
    r"javascript|terms of use|privacy policy|cookie policy|uses cookies|use of cookies|use cookies",
    re.IGNORECASE,
)
#: C4 drops the whole page for these; scored per line here, they drop the line.
_C4_BAD_PAGE = re.compile(r"lorem ipsum|\{", re.IGNORECASE)

TARGET_MARGIN = 0.15
TARGET_CONTENT_RECALL = 0.95
TARGET_CLEAN_CONTENT_RECALL = 0.98
CLEAN_SHARE = 0.1


def c4_keep(line: str) -> bool:
    """Whether C4's line rules keep this line (True = content, False = dropped)."""
    text = line.strip()
    if len(text.split()) < _C4_MIN_WORDS or not text.endswith(_C4_END):
        return False
    return not (_C4_BAD_LINE.search(text) or _C4_BAD_PAGE.search(text))


def score_lines(dropped: list[bool], roles: list[str]) -> tuple[int, int, int, int, int]:
    """One document's (boilerplate tp, fp, fn, content lines kept, content lines)."""
    tp = fp = fn = kept = content = 0
    for d, role in zip(dropped, roles, strict=True):
        bp = role == "boilerplate"
        tp += d and bp
        fp += d and not bp
        fn += bp and not d
        if role == "content":
            content += 1
            kept += not d
    return tp, fp, fn, kept, content


def line_figures(counts: np.ndarray) -> dict[str, np.ndarray]:
    """Precision, recall, F1 and content recall from summed counts (last axis of 5)."""
    tp, fp, fn, kept, content = np.moveaxis(counts, -1, 0)

    def div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        a, b = np.asarray(a, float), np.asarray(b, float)
        return np.divide(a, b, out=np.zeros(a.shape), where=b > 0)

    return {
        "precision": div(tp, tp + fp),
        "recall": div(tp, tp + fn),
        "f1": div(2 * tp, 2 * tp + fp + fn),
        "content_recall": div(kept, content),
    }


def _interval(values: np.ndarray) -> list[float]:
    return [round(float(x), 3) for x in np.percentile(values, [2.5, 97.5])]


def _summarise(
    cube: dict[str, np.ndarray], extractors: list[str], rounds: int, seed: int
) -> dict[str, Any]:
    """Per extractor and macro figures for each tool from page x extractor x 5 count cubes."""
    pages = next(iter(cube.values())).shape[0]
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, pages, size=(rounds, pages))
    out: dict[str, Any] = {"pages": int(pages)}
    macro_draws = {}
    for tool, counts in cube.items():
        total = line_figures(counts.sum(axis=0))  # extractors x figure
        boot = line_figures(counts[draws].sum(axis=1))  # rounds x extractors
        per = {}
        for j, name in enumerate(extractors):
            per[name] = {
                **{k: round(float(v[j]), 3) for k, v in total.items()},
                "f1_ci95": _interval(boot["f1"][:, j]),
                "content_recall_ci95": _interval(boot["content_recall"][:, j]),
            }
        macro = {k: round(float(v.mean()), 3) for k, v in total.items()}
        macro["f1_ci95"] = _interval(boot["f1"].mean(axis=1))
        macro["content_recall_ci95"] = _interval(boot["content_recall"].mean(axis=1))
        macro_draws[tool] = boot["f1"].mean(axis=1)
        out[tool] = {"per_extractor": per, "macro": macro}
    if {"model", "c4"} <= set(cube):
        diff = macro_draws["model"] - macro_draws["c4"]
        out["model_minus_c4_macro_f1"] = {
            "diff": round(out["model"]["macro"]["f1"] - out["c4"]["macro"]["f1"], 3),
            "ci95": _interval(diff),
        }
    return out


def _clean_slice(units: list[tuple[np.ndarray, np.ndarray]], rounds: int, seed: int) -> Any:
    """Content and boilerplate recall on outputs with <= 1 boilerplate line in 10."""
    if not units:
        return {"outputs": 0}
    model = np.array([u[0] for u in units], dtype=float)
    c4 = np.array([u[1] for u in units], dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(units), size=(rounds, len(units)))
    out: dict[str, Any] = {"outputs": len(units)}
    for tool, counts in (("model", model), ("c4", c4)):
        total = line_figures(counts.sum(axis=0))
        boot = line_figures(counts[draws].sum(axis=1))
        out[tool] = {
            "content_recall": round(float(total["content_recall"]), 3),
            "content_recall_ci95": _interval(boot["content_recall"]),
            "boilerplate_recall": round(float(total["recall"]), 3),
            "boilerplate_recall_ci95": _interval(boot["recall"]),
            "boilerplate_precision": round(float(total["precision"]), 3),
        }
    return out


def bench(
    sets: list[str],
    *,
    model_path: str | None = None,
    limit: int | None = None,
    jobs: int = 2,
    rounds: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """Measure the model's text model and C4 on every set; see the module docstring."""
    from detector.model import load_model
    from training import extractors as xt

    model = load_model(model_path).text_model
    names = xt.available()
    results: dict[str, Any] = {"extractors": names, "sets": {}}
    all_cube: dict[str, list[np.ndarray]] = {"model": [], "c4": []}
    clean: list[tuple[np.ndarray, np.ndarray]] = []
    for corpus in sets:
        frame = xt.extractor_frame(corpus, limit=limit, jobs=jobs)
        if frame.empty:
            continue
        parts = frame["doc"].str.rsplit(":", n=1)
        frame = frame.assign(page=parts.str[0], extractor=parts.str[1].str[2:])
        page_ids = sorted(frame["page"].unique())
        where = {p: i for i, p in enumerate(page_ids)}
        cube = {t: np.zeros((len(page_ids), len(names), 5)) for t in all_cube}
        for _, group in frame.groupby("doc", sort=False):
            group = group.reset_index(drop=True)
            roles = group["role"].tolist()
            i, j = where[group["page"].iat[0]], names.index(group["extractor"].iat[0])
            model_scores = score_lines(list(model.predict(group) == "boilerplate"), roles)
            c4_scores = score_lines([not c4_keep(t) for t in group["text"]], roles)
            cube["model"][i, j] = model_scores
            cube["c4"][i, j] = c4_scores
            share = roles.count("boilerplate") / len(roles)
            if share <= CLEAN_SHARE and roles.count("content"):
                clean.append((np.array(model_scores), np.array(c4_scores)))
        for tool in all_cube:
            all_cube[tool].append(cube[tool])
        results["sets"][corpus] = {
            **_summarise(cube, names, rounds, seed),
            "failed_pages": frame.attrs.get("failed", {}),
        }
        logger.info("%s: %d pages", corpus, len(page_ids))
    if all_cube["model"]:
        pooled = {t: np.concatenate(v) for t, v in all_cube.items()}
        results["all"] = _summarise(pooled, names, rounds, seed)
        results["clean_slice"] = _clean_slice(clean, rounds, seed)
        results["targets"] = _targets(results)
    return results


def _targets(results: dict[str, Any]) -> dict[str, Any]:
    allsets = results["all"]
    model, c4 = allsets["model"]["macro"], allsets["c4"]["macro"]
    clean = results["clean_slice"].get("model", {})
    return {
        "macro_f1_vs_c4": {
            "need": round(c4["f1"] + TARGET_MARGIN, 3),
            "have": model["f1"],
            "met": model["f1"] >= c4["f1"] + TARGET_MARGIN,
        },
        "macro_content_recall": {
            "need": TARGET_CONTENT_RECALL,
            "have": model["content_recall"],
            "met": model["content_recall"] >= TARGET_CONTENT_RECALL,
        },
        "clean_content_recall": {
            "need": TARGET_CLEAN_CONTENT_RECALL,
            "have": clean.get("content_recall"),
            "met": clean.get("content_recall", 0) >= TARGET_CLEAN_CONTENT_RECALL,
        },
    }


def markdown(results: dict[str, Any]) -> str:
    """The README table: boilerplate P / R / F1 and content recall per extractor and macro."""
    names = results["extractors"]
    columns = [*names, "macro"]
    lines = [
        "| set | tool | " + " | ".join(columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    blocks = [(s, r) for s, r in results["sets"].items()] + [("all unseen", results["all"])]
    for name, block in blocks:
        for tool in ("model", "c4"):
            cells = []
            for col in columns:
                f = block[tool]["macro"] if col == "macro" else block[tool]["per_extractor"][col]
                cells.append(
                    f"{f['precision']:.2f} / {f['recall']:.2f} / **{f['f1']:.2f}**, "
                    f"cr {f['content_recall']:.2f}"
                )
            label = "detector" if tool == "model" else "C4 rules"
            lines.append(f"| {name} ({block['pages']}) | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.text_bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sets", default="l3s_gn1,dragnet2012,cleaneval")
    parser.add_argument("--model", help="model file (default: the shipped one)")
    parser.add_argument("--limit", type=int, help="pages per set, in a fixed hash order")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="training/text_bench.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    from training.corpora import EVALUATION_ONLY, shared_root

    sets = [s for s in args.sets.split(",") if s]
    bad = [s for s in sets if s not in EVALUATION_ONLY]
    if bad:
        print(f"error: {', '.join(bad)} not evaluation-only sets; use {EVALUATION_ONLY}")
        return 2
    if shared_root() is None:
        print("error: ../shared/corpora is not present (set DETECTOR_SHARED)")
        return 2
    try:
        results = bench(sets, model_path=args.model, limit=args.limit, jobs=args.jobs)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    results["command"] = "python -m training.text_bench " + " ".join(argv or sys.argv[1:])
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: results[k] for k in ("targets", "clean_slice") if k in results}, indent=2))
    if "all" in results:
        for tool in ("model", "c4"):
            print(tool, json.dumps(results["all"][tool]["macro"]))
        print(json.dumps(results["all"]["model_minus_c4_macro_f1"]))
        print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
