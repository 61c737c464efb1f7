"""Source locations: paragraph spans from each loader, finding locations and fingerprints from
the engine, ``Analysis.where`` for messages, and the run context's pinned date."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

import detector.checks.dates
import detector.context
from detector.article import Origin
from detector.checks import dates, title
from detector.checks.base import Analysis
from detector.context import RunContext
from detector.engine import analyze
from detector.loaders import read


def test_jsonl_findings_point_at_the_lines_of_the_file(tmp_path, fake_model) -> None:
    records = [
        {"title": "Ferry Times", "text": "The ferry runs late.\nIt is winter."},
        {"title": "Harbour Fees Rise", "text": "The fees rise in May.\nHarbour Fees Rise"},
        {"id": "s-3", "title": "Bridge Shut", "text": "The bridge is shut.\nbridge shut"},
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records[:2]) + "\n\n" + json.dumps(records[2]))
    reports = [analyze(a, model=fake_model(), checks=(title.CHECK,)) for a in read(path)]
    assert [[f.rule.code for f in r.findings] for r in reports] == [[], ["TI001"], ["TI001"]]
    second, third = reports[1].findings[0], reports[2].findings[0]
    assert (second.location.path, second.location.line, second.location.record) == (
        str(path),
        2,
        "2",
    )
    assert (third.location.line, third.location.end_line, third.location.record) == (4, 4, "s-3")
    assert third.location.paragraph == 1
    # every paragraph of a record sits on one line, so messages name paragraphs
    assert "on paragraph 2 " in third.message and not re.search(r"\bline \d", third.message)
    assert reports[2].origin == Origin(str(path), record=3, line=4, record_id="s-3")


def test_text_paragraphs_carry_lines_and_offsets(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title\r\n\r\n  Body line.  \nLast")
    article = next(read(path))
    text = path.read_bytes().decode()
    assert [(p.line, p.end_line) for p in article.paragraphs] == [(1, 1), (3, 3), (4, 4)]
    assert [text[p.start : p.end] for p in article.paragraphs] == ["Title", "Body line.", "Last"]
    assert article.origin == Origin(str(path))


def test_markdown_paragraphs_span_their_source_lines(tmp_path) -> None:
    path = tmp_path / "a.md"
    text = "---\ntitle: T\n---\n# Head\n\nOne paragraph\nwrapped here.\n"
    path.write_text(text, encoding="utf-8")
    article = next(read(path))
    assert [(p.line, p.end_line) for p in article.paragraphs] == [(4, 4), (6, 7)]
    body = article.paragraphs[1]
    assert text[body.start : body.end] == "One paragraph\nwrapped here."


def test_html_blocks_have_first_and_last_source_lines(tmp_path) -> None:
    path = tmp_path / "a.html"
    path.write_text(
        "<html><body>\n<h1>Ferry\nTimes</h1>\n<p>The ferry\nruns late\ntoday.</p>\n</body></html>",
        encoding="utf-8",
    )
    article = next(read(path))
    assert [(p.text, p.line, p.end_line) for p in article.paragraphs] == [
        ("Ferry Times", 2, 3),
        ("The ferry runs late today.", 4, 6),
    ]


def test_whole_article_finding_points_at_the_first_line(make_article, fake_model) -> None:
    from detector.checks.base import Check
    from detector.findings import Finding, Rule, Severity

    rule = Rule("SZ001", "body-too-short", "short_body", Severity.WARNING, "Short.")
    check = Check("size", (rule,), lambda analysis: [Finding(rule, "short")], "")
    report = analyze(make_article("\n\nOnly line\n"), model=fake_model(), checks=(check,))
    location = report.findings[0].location
    assert (location.path, location.line, location.paragraph) == ("story.txt", 3, None)


def test_fingerprint_ignores_line_numbers_but_not_the_document(make_article, fake_model) -> None:
    def fingerprints(text: str, source: str = "story.txt") -> list[str]:
        article = make_article(text, source=source, title="Ferry Times")
        report = analyze(article, model=fake_model(), checks=(title.CHECK,), config=None)
        return [f.fingerprint for f in report.findings]

    story = "Ferry Times\nThe ferry runs late.\nferry  TIMES\n"
    first = fingerprints(story, source="a.txt")
    assert len(first) == 1 and len(first[0]) == 20
    assert fingerprints("\n\nAn added line.\n" + story, source="a.txt") == first
    assert fingerprints(story, source="b.txt") != first


def test_where_names_lines_or_paragraphs(make_article) -> None:
    from detector.findings import Verdict

    def analysis(article):
        return Analysis(article, tuple(Verdict("content", 1.0) for _ in article.paragraphs))

    lined = analysis(make_article("A\n\nB\nC\n"))
    assert (lined.where(0), lined.where([2, 0])) == ("line 1", "lines 1, 4")
    record = next(read("r.jsonl", data=b'{"text": "A\\nB\\nC"}\n'))
    assert analysis(record).where(2) == "paragraph 3"
    assert analysis(record).where([0, 2]) == "paragraphs 1, 3"


STAMPED = "The council will vote on the ferry timetable next month.\nIt meets on Monday.\n"


@pytest.mark.parametrize("clock", [dt.date(2024, 5, 1), dt.date(2031, 1, 1)])
def test_same_report_on_two_days_with_the_date_pinned(
    monkeypatch, make_article, fake_model, clock
) -> None:
    class Clock(dt.date):
        @classmethod
        def today(cls):  # noqa: ANN206
            return clock

    monkeypatch.setattr(detector.context, "date", Clock)
    monkeypatch.setattr(detector.checks.dates, "date", Clock)
    article = make_article(STAMPED, date="2024-06-01")
    pinned = RunContext(today=dt.date(2024, 5, 1))
    report = analyze(article, model=fake_model(), checks=(dates.CHECK,), context=pinned)
    assert [f.rule.code for f in report.findings] == ["DT002"]
    assert "today (2024-05-01)" in report.findings[0].message or report.findings[0].evidence
    later = RunContext(today=dt.date(2024, 7, 1))
    assert analyze(article, model=fake_model(), checks=(dates.CHECK,), context=later).findings == ()
    # unpinned, the clock decides
    unpinned = analyze(article, model=fake_model(), checks=(dates.CHECK,))
    assert bool(unpinned.findings) is (clock < dt.date(2024, 5, 31))


def test_where_names_a_paragraph_whose_line_holds_others() -> None:
    """A page minified in parts: a line that holds several paragraphs does not tell them apart,
    so messages name the paragraph with its line ("paragraph 3 (line 4)"), never "line 4 repeats
    line 4"; a paragraph alone on its line is still named by the line, and a run by its lines."""
    from detector.findings import Verdict
    from detector.loaders.html import parse_html

    page = (
        "<html><body>\n<h1>Ferry timetable approved</h1>\n"
        "<p>The council approved the timetable.</p>\n"
        "<p>Boats run hourly.</p><p>Boats run hourly.</p>\n</body></html>\n"
    )
    article = parse_html(page, source="page.html")
    texts = [p.text for p in article.paragraphs]
    first, second = texts.index("Boats run hourly."), len(texts) - 1
    analysis = Analysis(article, tuple(Verdict("content", 1.0) for _ in article.paragraphs))
    line = article.paragraphs[second].line
    assert analysis.where(second) == f"paragraph {second + 1} (line {line})"
    assert analysis.where([first, second]) == f"paragraphs {first + 1}, {second + 1} (line {line})"
    assert analysis.where(i for i in (first, second)) == analysis.where([first, second])
    assert analysis.where(texts.index("The council approved the timetable.")) == f"line {line - 1}"
    assert analysis.place([0, first, second], span=True)[0] == "line"
