"""The headline benchmark on a page of our own: furniture copies, injected copies, the title."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from detector.engine import analyze
from detector.loaders.html import parse_html
from training import headline_bench as bench
from training.corpora import CorpusPage

HEADLINE = "Harbour Council Adds Two Evening Ferry Crossings"
PARAGRAPH = (
    "<p>The harbour council voted on Monday to add two evening crossings to the island ferry, "
    "after a winter in which the last boat left before most offices in the town had closed.</p>"
)
PAGE = f"""<!doctype html>
<html lang="en"><head><title>{HEADLINE} | Island Gazette</title>
<meta property="og:site_name" content="Island Gazette"></head>
<body>
<title>{HEADLINE} | Island Gazette</title>
<header class="site-header"><nav><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="sticky-bar now-reading">{HEADLINE}</div></header>
<ol class="breadcrumb"><li><a href="/">Home</a></li><li>{HEADLINE}</li></ol>
<main><article>
<h1 class="entry-title">{HEADLINE}</h1>
<p class="byline">By Mara Lindqvist</p>
{PARAGRAPH * 6}
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">{HEADLINE}</a></li></ul></aside>
</main>
<footer><p>Island Gazette, 2024</p></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> CorpusPage:
    path = Path(tmp_path_factory.mktemp("page")) / "own.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode()))
    return CorpusPage("own", "own-1", "example.org", path, title=HEADLINE)


def test_furniture_copies_are_not_duplicates_and_the_h1_is_kept(page: CorpusPage) -> None:
    article = parse_html(PAGE, "own.html")
    report = analyze(article)
    assert [f for f in report.findings if f.rule.code == "TI001"] == []
    assert report.title == HEADLINE
    h1 = next(p.index for p in article.paragraphs if p.block and p.block.tag == "h1")
    assert report.paragraphs[h1]["role"] != "duplicate_title"
    assert HEADLINE in report.cleaned_text


@pytest.mark.parametrize("style", bench.STYLES)
def test_injected_copy_right_under_the_h1_is_found(page: CorpusPage, style: str) -> None:
    article = parse_html(PAGE, "own.html")
    h1 = next(p for p in article.paragraphs if p.block and p.block.tag == "h1")
    copy = bench.copy_text(HEADLINE, style, "Island Gazette")
    changed = bench.inject(PAGE, h1, copy)
    assert changed is not None and changed.count(f"<p>{copy}</p>") == 1
    injected = parse_html(changed, "own.html")
    report = analyze(injected)
    (finding,) = [f for f in report.findings if f.rule.code == "TI001"]
    assert finding.remove == (h1.index + 1,)
    assert finding.evidence["title_paragraph"] == h1.index
    if style != "exact":
        assert "word for word" not in finding.message


def test_measure_page_summary(page: CorpusPage) -> None:
    row = bench.measure_page(page)
    assert row is not None
    assert row["headline_ok"] and row["title_ok"] and not row["ti001_clean"]
    assert all(result["found"] for result in row["injected"].values())
    summary = bench.summarise([row])
    assert summary["headline_correct"] == 1.0 and summary["headline_kept"] == 1.0
    assert summary["ti001_injected_precision"] == 1.0
