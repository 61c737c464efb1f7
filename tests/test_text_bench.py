"""C4's line rules, the extractor text variants and their labelling (hand-written pages only)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from training import extractors as xt
from training.text_bench import _clean_slice, _summarise, c4_keep, score_lines

PAGE = """<html><head><title>Harbour bridge reopens after repairs</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday morning after eight months of repairs to
its steel deck, the city council said in a statement.</p>
<p>Engineers replaced more than four hundred rusted plates and repainted the main arch, work
that cost the city far more than it had planned when the project began last spring.</p>
<p>Commuters who had taken the long route around the bay for most of the year welcomed the
news, and the first buses crossed shortly after six o'clock. Drivers said that the traffic
was lighter than they had feared and that they were happy to be back on the old road again.</p>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Ferry fares rise again this winter</a></li>
<li><a href="/b">New cycle lane opens on the quay</a></li></ul></aside>
<footer>Sign up for our newsletter. Privacy policy. Terms of use.</footer>
</body></html>"""

BODY = (
    "The harbour bridge reopened to traffic on Monday morning after eight months of repairs to "
    "its steel deck, the city council said in a statement. Engineers replaced more than four "
    "hundred rusted plates and repainted the main arch, work that cost the city far more than "
    "it had planned when the project began last spring. Commuters who had taken the long route "
    "around the bay for most of the year welcomed the news, and the first buses crossed shortly "
    "after six o'clock. Drivers said that the traffic was lighter than they had feared and that "
    "they were happy to be back on the old road again."
)


def test_c4_keeps_sentences_and_drops_what_its_rules_name():
    assert c4_keep("The bridge reopened on Monday after eight months.")
    assert c4_keep('"We are glad it is over," she said.')
    assert c4_keep("Was it worth the cost?")
    assert not c4_keep("Home News Sport")  # no terminal punctuation
    assert not c4_keep("Read more.")  # fewer than three words
    assert not c4_keep("Please enable JavaScript to view the comments.")
    assert not c4_keep("This site uses cookies to improve your experience.")
    assert not c4_keep("Read our privacy policy before you sign up.")
    assert not c4_keep("Lorem ipsum dolor sit amet, consectetur.")
    assert not c4_keep("var x = {a: 1}; return it.")


def test_score_lines_counts_boilerplate_and_kept_story():
    roles = ["title", "content", "boilerplate", "boilerplate", "content"]
    dropped = [False, True, True, False, False]
    assert score_lines(dropped, roles) == (1, 1, 1, 1, 2)


def test_summaries_macro_average_extractors_and_give_intervals():
    # two pages, two extractors: the second extractor is perfectly judged, the first is not
    counts = np.array([[[1, 1, 1, 1, 2], [2, 0, 0, 3, 3]], [[1, 0, 1, 2, 2], [1, 0, 0, 1, 1]]])
    out = _summarise({"model": counts, "c4": counts * 0}, ["a", "b"], rounds=50, seed=0)
    a, b = out["model"]["per_extractor"]["a"], out["model"]["per_extractor"]["b"]
    assert b["f1"] == 1.0 and b["content_recall"] == 1.0
    assert a["precision"] == 0.667 and a["recall"] == 0.5
    assert out["model"]["macro"]["f1"] == pytest.approx((a["f1"] + b["f1"]) / 2, abs=0.001)
    lo, hi = out["model"]["macro"]["f1_ci95"]
    assert lo <= out["model"]["macro"]["f1"] <= hi
    assert out["model_minus_c4_macro_f1"]["diff"] == out["model"]["macro"]["f1"]
    clean = _clean_slice([(counts[0, 1], counts[0, 0])], rounds=20, seed=0)
    assert clean["model"]["content_recall"] == 1.0 and clean["c4"]["content_recall"] == 0.5


def test_lines_are_labelled_by_alignment_with_the_gold_body():
    lines = [
        "Home News Sport",
        "Harbour bridge reopens after repairs",
        "The harbour bridge reopened to traffic on Monday morning after eight months of "
        "repairs to its steel deck, the city council said in a statement.",
        "Ferry fares rise again this winter",
        "Commuters who had taken the long route around the bay for most of the year welcomed "
        "the news, and the first buses crossed shortly after six o'clock.",
    ]
    rows = xt.labelled_rows(
        "t:1:x-test",
        "example.org",
        lines,
        BODY,
        title="Harbour bridge reopens after repairs",
        byline=None,
    )
    assert [r["role"] for r in rows] == [
        "boilerplate",
        "title",
        "content",
        "boilerplate",
        "content",
    ]
    assert all(r["format"] == "text" and r["doc"] == "t:1:x-test" for r in rows)
    assert [r["index"] for r in rows] == list(range(5))


@pytest.mark.parametrize("name", list(xt.EXTRACTORS))
def test_each_extractor_leaves_the_story_of_a_small_page(name):
    if name not in xt.available([name]):
        pytest.skip(f"{name} is not installed")
    text = xt.extract(name, PAGE)
    assert text is not None, f"{name} failed on a plain page"
    lines = xt.lines_of(text)
    rows = xt.labelled_rows("t:1:x-" + name, "example.org", lines, BODY, title=None, byline=None)
    content = " ".join(r["text"] for r in rows if r["role"] == "content")
    assert "first buses crossed" in content


def test_a_crashing_or_hanging_extractor_is_skipped_not_fatal(monkeypatch):
    def crash(html: str) -> str:
        raise RuntimeError("broken page")

    def hang(html: str) -> str:
        time.sleep(30)
        return "never"

    monkeypatch.setitem(xt.EXTRACTORS, "crash", (("json",), crash))
    monkeypatch.setitem(xt.EXTRACTORS, "hang", (("json",), hang))
    assert xt.extract("crash", PAGE) is None
    started = time.monotonic()
    assert xt.extract("hang", PAGE, time_limit=1) is None
    assert time.monotonic() - started < 5
    assert xt.extract("crash", "x" * (xt.MAX_HTML_CHARS + 1)) is None


def test_unknown_extractor_names_are_refused():
    with pytest.raises(ValueError, match="unknown extractor"):
        xt.available(["nosuch"])


def test_bench_refuses_training_sets(capsys):
    from training.text_bench import main

    assert main(["--sets", "scrapinghub"]) == 2
    assert "not evaluation-only" in capsys.readouterr().out
