"""The check benchmark's injectors on texts of our own, and a small run over ../shared."""

from __future__ import annotations

import itertools
import os
import random
from datetime import date
from pathlib import Path

import pytest

from training import check_bench as bench
from training.check_bench import Case, Source

BODY = (
    "The Marlow Valley council met on Tuesday to decide the future of the old grain depot.",
    "Councillor Edwina Thackeray said the depot had stood empty since the mill closed in 2016.",
    "Residents asked Thackeray whether the building could become a covered market, and she "
    "promised a study.",
    "The study will be presented on March 14, 2024, before the council votes on the plan.",
    "Thackeray added that the depot's roof would need repairs before anyone could use it.",
    "A group of traders from Lindqvist Square backed the market idea at the meeting.",
)
TITLE = "Marlow Valley Council Weighs a Future for the Old Grain Depot"


def source(**fields: object) -> Source:
    values: dict[str, object] = {
        "corpus": "own",
        "id": "depot",
        "body": BODY,
        "title": TITLE,
        "day": date(2024, 2, 20),
        "url": "https://marlow-gazette.example/depot",
        "site": "Marlow Gazette",
    }
    values.update(fields)
    return Source(**values)  # type: ignore[arg-type]


def lines_of(src: Source) -> list[tuple[str, str]]:
    return bench._base(src, random.Random(0))


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("exact", TITLE),
        ("lower", TITLE.lower()),
        ("upper", TITLE.upper()),
        ("pipe_site", f"{TITLE} | Marlow Gazette"),
        ("site_dash", f"Marlow Gazette - {TITLE}"),
        ("ellipsis", "Marlow Valley Council Weighs a Future…"),
        ("dots", "Marlow Valley Council Weighs a Future..."),
    ],
)
def test_title_copies(style: str, expected: str) -> None:
    assert bench.title_copy(TITLE, style, "Marlow Gazette") == expected


def test_short_title_gets_no_affix_or_cut() -> None:
    assert bench.title_copy("Depot Vote", "pipe_site", "Gazette") is None
    assert bench.title_copy("Depot Vote", "ellipsis", "Gazette") is None


@pytest.mark.parametrize("style", ["exact", "lower", "pipe_site", "ellipsis"])
def test_title_copy_is_found_by_ti001(style: str) -> None:
    src = source()
    case = bench.inject_title_copy(src, random.Random(3), style, lines_of(src))
    assert case is not None
    (copy_text, _role) = case.lines[case.targets[0]]
    assert copy_text == bench.title_copy(TITLE, style, src.site)
    findings = bench.run_checks(case.analysis())
    assert any(f.rule.code == "TI001" and bench.hits(case, f) for f in findings)


@pytest.mark.parametrize("direction", [1, -1])
def test_moved_stamp(direction: int) -> None:
    src = source()
    case = None
    for seed in range(20):  # some draws would land in the future; any valid one will do
        case = bench.inject_date(src, random.Random(seed), direction, lines_of(src))
        if case is not None:
            break
    assert case is not None
    moved = date.fromisoformat(case.facts["stamp"])
    assert (moved > src.day) if direction > 0 else (moved < src.day)
    gap = abs((moved - src.day).days)
    assert gap >= 55 if case.facts["unit"] == "months" else gap >= 360
    assert case.lines[case.targets[0]][1] == "dateline"


def test_stamp_moved_past_a_future_date_is_found() -> None:
    """The story speaks of March 14, 2024 as to come: a stamp years later contradicts it."""
    src = source()
    lines = lines_of(src)
    stamp = next(i for i, (_t, r) in enumerate(lines) if r == "dateline")
    lines[stamp] = (
        bench.format_stamp(date(2026, 2, 20), "weekday_long", random.Random(0)),
        "dateline",
    )
    case = Case(
        src, "date_mismatch", "later_years", tuple(lines), (stamp,), {"stamp": "2026-02-20"}
    )
    findings = bench.run_checks(case.analysis())
    assert any(f.rule.code == "DT001" and bench.hits(case, f) for f in findings)
    clean = Case(src, "clean", "clean", tuple(lines_of(src)), facts={"gold": "2024-02-20"})
    assert not any(f.rule.code == "DT001" for f in bench.run_checks(clean.analysis()))
    assert bench.temporal_evidence(clean) == (date(2016, 1, 1), date(2024, 3, 14))


@pytest.mark.parametrize(
    ("style", "pattern"),
    [
        ("weekday_long", "Tuesday, February 20, 2024"),
        ("dotted", "20.02.2024"),
        ("iso", "2024-02-20"),
        ("day_month", "20 February 2024"),
    ],
)
def test_stamp_styles(style: str, pattern: str) -> None:
    assert bench.format_stamp(date(2024, 2, 20), style, random.Random(0)) == pattern


def test_name_candidates() -> None:
    vocabulary = bench.lower_vocabulary([BODY])
    # Thackeray: three times inside sentences; Marlow: once; Tuesday: a calendar word;
    # Lindqvist: once; "The", "Residents": sentence starts only
    assert bench.name_candidates(BODY, vocabulary) == ["Thackeray"]


@pytest.mark.parametrize("kind", bench.TYPO_KINDS)
def test_typo_is_one_edit_inside_the_word(kind: str) -> None:
    from rapidfuzz.distance import OSA

    for seed in range(10):
        typo = bench.make_typo("Thackeray", kind, random.Random(seed))
        assert typo is not None and typo != "Thackeray"
        assert typo[0] == "T"
        assert OSA.distance(typo, "Thackeray") == 1


def test_name_typo_changes_one_occurrence_and_is_found() -> None:
    src = source()
    vocabulary = bench.lower_vocabulary([BODY])
    case = None
    for seed in range(10):
        case = bench.inject_name_typo(src, random.Random(seed), vocabulary, lines_of(src))
        if case is not None:
            break
    assert case is not None
    text = "\n".join(t for t, _r in case.lines)
    assert text.count(case.facts["typo"]) == 1
    assert text.count("Thackeray") == 2
    findings = bench.run_checks(case.analysis())
    assert any(f.rule.code == "NM001" and bench.hits(case, f) for f in findings)


@pytest.mark.parametrize(
    ("artifact", "rule"),
    [
        ("repeated_paragraph", "DU001"),
        ("stray_punctuation", "LY001"),
        ("stray_word", "LY002"),
        ("glued_link", "LK001"),
        ("mojibake", "EN001"),
        ("markup", "EN002"),
        ("truncated", "TR001"),
    ],
)
def test_other_artifacts_are_found(artifact: str, rule: str) -> None:
    src = source()
    for seed in range(6):
        case = bench.inject_other(src, random.Random(seed), artifact, lines_of(src))
        if case is None:
            continue
        assert bench.ARTIFACT_RULES[case.artifact] == rule
        findings = bench.run_checks(case.analysis())
        assert any(f.rule.code == rule and bench.hits(case, f) for f in findings), case.style


def test_clean_copy_is_quiet_and_scored() -> None:
    src = source()
    metrics = bench.evaluate([bench.build_cases(src, bench.lower_vocabulary([BODY]))])
    rules = metrics["rules"]
    assert all(row["clean_rate"] == 0.0 for row in rules.values())
    assert rules["TI001"]["recall"] == 1.0 and rules["TI001"]["precision"] == 1.0
    assert metrics["dates"]["dated_articles"] == 1


def _shared() -> Path:
    configured = os.environ.get("DETECTOR_SHARED")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared"


def test_small_sample_of_real_pages() -> None:
    root = _shared()
    if not (root / "corpora").is_dir():
        pytest.skip("../shared/corpora not present")
    pages = list(
        itertools.islice(bench.sources(root, dates=False, corpora_names=("msv_extraction",)), 40)
    )
    assert len(pages) == 40
    vocabulary = bench.lower_vocabulary(p.body for p in pages)
    metrics = bench.evaluate(bench.build_cases(p, vocabulary) for p in pages)
    rules = metrics["rules"]
    assert rules["TI001"]["injected"] >= 40
    for code in ("TI001", "EN002", "LY001", "DU001"):
        assert rules[code]["recall"] >= 0.9, code
    assert rules["TI001"]["precision"] >= 0.9


def test_weekday_beside_a_yearless_date_bounds_the_writing_year() -> None:
    """ "Tuesday, March 12" is a Tuesday in 2024: the story was written within half a year."""
    body = BODY[:3] + ("The market study is due on Tuesday, March 12, the clerk said.",)
    clean = Case(
        source(body=body),
        "clean",
        "clean",
        tuple((t, "content") for t in body),
        facts={"gold": "2024-02-20"},
    )
    low, high = bench.temporal_evidence(clean)
    assert low == date(2024, 3, 12) - bench.WEEKDAY_WINDOW
    assert high == date(2024, 3, 12) + bench.WEEKDAY_WINDOW


def test_judged_false_alarm_rate(tmp_path: Path) -> None:
    path = tmp_path / "judged.json"
    path.write_text(
        '{"_about": "x", "TR001": [{"page": "a/1", "real": true, "note": ""},'
        ' {"page": "a/2", "real": false, "note": ""}], "XX001": []}',
        encoding="utf-8",
    )
    metrics = {"rules": {"TR001": {"clean_rate": 0.06}}}
    assert bench.judged(metrics, path) == {
        "TR001": {"sample": 2, "real": 1, "false_alarm_rate": 0.03}
    }
