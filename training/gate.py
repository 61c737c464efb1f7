"""The model's quality gate: F1 floors on pages the shipped model never trained on.

    python -m training.gate                  # measure and compare with training/gate_baseline.json
    python -m training.gate --update         # raise the floors to what the model now reaches
    python -m training.gate --update --allow-lower   # lower them (say why in the commit)

The gate reads a fixed sample of L3S-GN1 pages (evaluation-only licence, so never in training),
labels their blocks by alignment with the gold body, and measures the shipped model: HTML
content F1, and boilerplate F1 of the plain-text model on the same pages read as lines. The
baseline pins the floors and the digest of the sample, so a changed corpus is noticed rather
than silently compared. ``tests/test_model_gate.py`` runs it in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from training.evaluate import Counts

__all__ = ["BASELINE", "measure", "compare", "main"]

BASELINE = Path(__file__).with_name("gate_baseline.json")
SAMPLE_CORPUS = "l3s_gn1"
SAMPLE_SIZE = 60
#: How far below its floor a figure may fall before the gate fails (model training noise).
TOLERANCE = 0.01


def _sample() -> list[Any]:
    from training.corpora import pages

    chosen = sorted(pages(SAMPLE_CORPUS), key=lambda p: hashlib.sha256(p.id.encode()).hexdigest())
    return chosen[:SAMPLE_SIZE]


def measure(model_path: str | None = None) -> dict[str, Any]:
    """Measure the model on the gate sample; return the figures and the sample's digest."""
    import pandas as pd

    from detector.errors import LoadError
    from detector.model import load_model
    from training import data
    from training.tables import corpus_rows

    model = load_model(model_path)
    sample = _sample()
    digest = hashlib.sha256()
    html, text = Counts(), Counts()
    for page in sample:
        try:
            rows = list(corpus_rows(page, variants=("html", "visible")))
        except LoadError:  # a page with no visible text: not part of the sample
            continue
        if not rows:
            continue
        frame = data.validate(pd.DataFrame(rows), page.id)
        for doc, group in frame.groupby("doc", sort=False):
            group = group.reset_index(drop=True)
            digest.update("\x1f".join(group["text"] + "\x1e" + group["role"]).encode())
            if doc.endswith(":html"):
                roles = model.html_model.predict(group)
                html.add((r == "content" for r in roles), (group["role"] == "content").tolist())
            else:
                roles = model.text_model.predict(group)
                text.add(
                    (r == "boilerplate" for r in roles), (group["role"] == "boilerplate").tolist()
                )
    return {
        "sample": f"{SAMPLE_CORPUS} x{len(sample)}",
        "digest": digest.hexdigest(),
        "html_content_f1": html.summary()["f1"],
        "text_boilerplate_f1": text.summary()["f1"],
    }


def compare(measured: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Return the failures of ``measured`` against the floors of ``baseline``."""
    failures = []
    if measured["digest"] != baseline["digest"]:
        failures.append("the gate sample changed (digest differs): re-run with --update")
    for key, floor in baseline["floors"].items():
        if measured[key] < floor - TOLERANCE:
            failures.append(f"{key} fell to {measured[key]:.3f} (floor {floor:.3f})")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.gate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model")
    parser.add_argument("--update", action="store_true", help="write the measured floors")
    parser.add_argument("--allow-lower", action="store_true", help="let --update lower a floor")
    args = parser.parse_args(argv)
    measured = measure(args.model)
    print(json.dumps(measured, indent=2))
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else None
    if args.update:
        floors = {k: measured[k] for k in ("html_content_f1", "text_boilerplate_f1")}
        if baseline and not args.allow_lower:
            lower = [k for k, v in floors.items() if v < baseline["floors"].get(k, 0.0)]
            if lower:
                print(f"refusing to lower {', '.join(lower)} without --allow-lower")
                return 1
        BASELINE.write_text(
            json.dumps(
                {"digest": measured["digest"], "sample": measured["sample"], "floors": floors},
                indent=2,
            )
            + "\n"
        )
        print(f"wrote {BASELINE}")
        return 0
    if baseline is None:
        print("no baseline yet: run with --update")
        return 1
    failures = compare(measured, baseline)
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
