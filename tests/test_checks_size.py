from __future__ import annotations

import dataclasses
from datetime import date

from helpers import rows_analysis as analysed

from detector.article import Article
from detector.checks import size
from detector.checks.base import Analysis
from detector.findings import Severity


def test_short_story_is_a_warning() -> None:
    analysis = analysed(
        ("Photos: the harbour festival in pictures", "title"),
        ("Crowds filled the quay on Saturday.", "content"),
        ("Share this gallery", "boilerplate"),
    )
    (finding,) = size.run(analysis)
    assert finding.effective_severity is Severity.WARNING
    assert finding.evidence["words"] == 6
    assert finding.evidence["minimum"] == size.MIN_WORDS
    assert finding.lines == (3,)
    assert "only 6 words" in finding.message


def test_no_story_is_an_error() -> None:
    (finding,) = size.run(analysed(("Menu", "boilerplate"), ("Login", "boilerplate")))
    assert finding.effective_severity is Severity.ERROR
    assert finding.evidence["words"] == 0


def test_long_enough_story() -> None:
    text = " ".join(["word"] * size.MIN_WORDS)
    assert list(size.run(analysed((text, "content")))) == []


def test_a_page_with_no_visible_text_is_one_sz002_error_quoting_its_metadata() -> None:
    meta = {"meta:description": "The council keeps the night bus running."}
    article = Article("shell.html", (), format="html", title="Night bus stays", meta=meta)
    (finding,) = size.run(Analysis(article, ()))
    assert finding.rule is size.NO_VISIBLE_TEXT
    assert finding.effective_severity is Severity.ERROR
    assert finding.evidence["title"] == "Night bus stays"
    assert finding.evidence["description"] == meta["meta:description"]
    assert "date" not in finding.evidence
    assert "no text" in finding.message and "“Night bus stays”" in finding.message


def test_sz002_is_for_pages_only() -> None:
    # A plain-text article judged all boilerplate has text: SZ001 speaks, not SZ002.
    (finding,) = size.run(analysed(("Menu", "boilerplate"), fmt="text"))
    assert finding.rule is size.BODY_TOO_SHORT


def test_the_minimum_is_a_check_parameter() -> None:
    """A team whose briefs are short sets ``body-min-words``; the run context carries it."""
    from detector.context import RunContext

    brief = analysed(("Crowds filled the quay on Saturday for the harbour festival.", "content"))
    assert list(size.run(brief))  # 10 words: short by default
    lowered = dataclasses.replace(
        brief, context=RunContext(date(2024, 5, 1), {"body-min-words": 8})
    )
    assert list(size.run(lowered)) == []
    raised = dataclasses.replace(
        brief, context=RunContext(date(2024, 5, 1), {"body-min-words": 11})
    )
    (finding,) = size.run(raised)
    assert finding.evidence["minimum"] == 11 and "(minimum 11)" in finding.message


def test_chinese_and_japanese_words_are_counted_without_spaces() -> None:
    """Chinese and Japanese put no spaces between words: a paragraph of a hundred characters is
    fifty words, not one, and a story of such paragraphs is no stub."""
    from detector.language import word_count

    assert word_count("日本に前からある法律では") == 6
    assert word_count("图为 Sydney 的近影。") == 1 + 3
    story = "法律では親に子どもを叱る権利があると決めています。" * 5
    assert list(size.run(analysed((story, "content"), (story, "content")))) == []
