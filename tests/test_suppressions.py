"""Suppression directives: read by each loader as data, applied by the engine."""

from __future__ import annotations

import pytest

from detector.checks.base import Check
from detector.engine import analyze
from detector.errors import LoadError
from detector.findings import Finding, Rule, Severity
from detector.loaders import read
from detector.suppressions import Directive, apply, parse_line

TITLE = Rule("TI001", "duplicated-title", "duplicate_title", Severity.WARNING, "Repeated.")
STRAY = Rule("LY002", "stray-word-line", "stray_word", Severity.WARNING, "A stray word.")


def _repeats(analysis):
    seen: dict[str, int] = {}
    for p in analysis.article.paragraphs:
        first = seen.setdefault(p.text.lower(), p.index)
        if first != p.index:
            yield Finding(TITLE, "repeated", (first, p.index), remove=(p.index,))


def _strays(analysis):
    for p in analysis.article.paragraphs:
        if " " not in p.text:
            yield Finding(STRAY, "stray", (p.index,))


CHECKS = (Check("titles", (TITLE,), _repeats, ""), Check("strays", (STRAY,), _strays, ""))


def codes(report) -> list[str]:
    return [f.rule.code for f in report.findings]


def score(tmp_path, name: str, text: str, fake_model):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [analyze(a, model=fake_model(), checks=CHECKS) for a in read(path)]


def test_text_directive_line_silences_the_next_paragraph(tmp_path, fake_model) -> None:
    text = "Ferry Times\ndetector: ignore TI001\nferry times\nLate\n"
    [report] = score(tmp_path, "a.txt", text, fake_model)
    assert codes(report) == ["LY002"]
    assert [p["line"] for p in report.paragraphs] == [1, 3, 4]
    assert report.unused_directives == ()


def test_markdown_comment_silences_the_next_paragraph(tmp_path, fake_model) -> None:
    text = "# Ferry Times\n\n<!-- detector: ignore TI001 -->\n\nferry times\n\nLate\n"
    [report] = score(tmp_path, "a.md", text, fake_model)
    assert codes(report) == ["LY002"]
    assert "detector" not in report.cleaned_text


def test_markdown_ignore_file_and_unused_directive(tmp_path, fake_model) -> None:
    text = "<!-- detector: ignore-file LY -->\n\nFerry\n\n<!-- detector: ignore TI001 -->\n\nOne\n"
    [report] = score(tmp_path, "a.md", text, fake_model)
    assert codes(report) == []
    [unused] = report.unused_directives
    assert (unused.codes, unused.scope, unused.line, unused.origin) == (
        frozenset({"TI001"}),
        "next",
        5,
        "comment",
    )


def test_markdown_front_matter_key_silences_the_file(tmp_path, fake_model) -> None:
    text = "---\ntitle: Ferry\ndetector:\n  ignore: [TI001]\n---\nFerry Times\n\nferry times\n"
    [report] = score(tmp_path, "a.md", text, fake_model)
    assert codes(report) == []
    article = next(read(tmp_path / "a.md"))
    assert article.directives == (Directive(frozenset({"TI001"}), "file", 3, None, "front_matter"),)


def test_bad_front_matter_key_is_a_load_error(tmp_path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ndetector:\n  ignore: 7\n---\nBody text\n", encoding="utf-8")
    with pytest.raises(LoadError, match="a.md: bad front matter: 'detector.ignore' must be a list"):
        list(read(path))


def test_jsonl_record_text_directive(tmp_path, fake_model) -> None:
    text = (
        '{"text": "Ferry Times\\ndetector: ignore TI001\\nferry times"}\n'
        '{"text": "Ferry Times\\nferry times"}\n'
    )
    first, second = score(tmp_path, "a.jsonl", text, fake_model)
    assert (codes(first), codes(second)) == ([], ["TI001"])
    assert first.findings == () and second.findings[0].location.line == 2


def test_html_comments_are_not_directives(tmp_path, fake_model) -> None:
    html = "<html><body><p>Ferry Times</p><!-- detector: ignore TI001 --><p>ferry times</p>"
    [report] = score(tmp_path, "a.html", html + "</body></html>", fake_model)
    assert codes(report) == ["TI001"]


def test_parse_line_and_apply() -> None:
    assert parse_line("detector: ignore everything", line=1, paragraph=0) is None
    only_comment = parse_line("detector: ignore TI", line=1, paragraph=0, comment_only=True)
    assert only_comment is None
    directive = parse_line("<!-- Detector: IGNORE ti001, nm -->", line=4, paragraph=2)
    assert directive == Directive(frozenset({"TI001", "NM"}), "next", 4, 2, "comment")
    hit = Finding(TITLE, "x", (2,))
    miss = Finding(TITLE, "x", (3,))
    kept, used = apply([directive], [hit, miss])
    assert (kept, used) == ([miss], {directive})


RECORD = "Ferry Times\ndetector: ignore TI001\nferry times\nLate"


def _records_file(tmp_path, suffix: str, texts: list[str]):
    """One file of ``suffix``'s format whose records have ``texts`` (a ``text`` column)."""
    import json

    path = tmp_path / f"records{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps([{"text": t} for t in texts]), encoding="utf-8")
    elif suffix == ".csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text"])
            writer.writerows([t] for t in texts)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({"text": texts}), path)
    return path


@pytest.mark.parametrize("suffix", [".json", ".csv", ".parquet"])
def test_a_record_directive_silences_its_own_record_only(tmp_path, fake_model, suffix) -> None:
    """In every record format, a directive line in a record's text works as in a text file, and
    only for that record."""
    path = _records_file(tmp_path, suffix, [RECORD, RECORD.replace("detector: ignore TI001\n", "")])
    silenced, loud = (analyze(a, model=fake_model(), checks=CHECKS) for a in read(path))
    assert codes(silenced) == ["LY002"] and silenced.unused_directives == ()
    assert sorted(codes(loud)) == ["LY002", "TI001"]
