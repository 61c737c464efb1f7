"""The batch layer: inputs expanded, records streamed, failures kept in order, parallel runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import detector
import detector.loaders.streams as streams
import detector.model
from detector.article import Article, Failure, Origin
from detector.batch import ARTICLE_EXTENSIONS, analyze_many, iter_articles, iter_inputs
from detector.checks import title
from detector.cli import main
from detector.config import Config
from detector.context import RunContext
from detector.errors import ConfigError
from detector.loaders import EXTENSIONS

TITLES = (title.CHECK,)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    files = {
        "z.txt": "Ferry Times\nThe ferry runs late.\n",
        "a.md": "# Harbour Fees\n\nThe fees rise.\n",
        "notes.log": "not an article",
        ".hidden.txt": "hidden",
        "b/page.html": "<html><body><p>Bridge shut for repairs today.</p></body></html>",
        "b/deep/feed.jsonl": '{"text": "One record."}\n',
        "b/skip.txt": "Skipped by exclude.\n",
        ".git/HEAD.txt": "not read",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def rel(paths, root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_folders_are_walked_sorted_for_article_files(tree: Path) -> None:
    found = rel(iter_inputs([str(tree)]), tree)
    assert found == ["a.md", "z.txt", "b/page.html", "b/skip.txt", "b/deep/feed.jsonl"]
    assert rel(iter_inputs([str(tree)], exclude=["skip.*", "b/deep/*"]), tree) == [
        "a.md",
        "z.txt",
        "b/page.html",
    ]
    assert rel(iter_inputs([str(tree)], include=["*.txt"]), tree) == ["z.txt", "b/skip.txt"]
    assert set(EXTENSIONS) <= ARTICLE_EXTENSIONS and {".csv", ".parquet"} <= ARTICLE_EXTENSIONS


def test_globs_expand_and_other_inputs_pass_through(tree: Path) -> None:
    assert rel(iter_inputs([f"{tree}/**/*.jsonl", f"{tree}/*.md"]), tree) == [
        "b/deep/feed.jsonl",
        "a.md",
    ]
    url = "https://example.com/story"
    missing = f"{tree}/nothing-*.txt"
    assert list(iter_inputs(["-", url, missing, "plain.txt"])) == ["-", url, missing, "plain.txt"]


def test_a_folder_and_a_glob_are_scored(tree: Path, fake_model) -> None:
    reports = detector.analyze_path(tree, model=fake_model(), checks=TITLES)
    assert rel((r.origin.input for r in reports), tree) == [
        "a.md",
        "z.txt",
        "b/page.html",
        "b/skip.txt",
        "b/deep/feed.jsonl",
    ]
    assert all(r.error is None and r.verdict != "error" for r in reports)
    globbed = detector.analyze_path(f"{tree}/*.txt", model=fake_model(), checks=TITLES)
    assert [r.source for r in globbed] == [str(tree / "z.txt")]


def test_cli_scores_a_folder_and_a_glob(tree: Path, monkeypatch, fake_model, capsys) -> None:
    monkeypatch.setattr(detector.model, "load_model", lambda path=None: fake_model())
    assert main(["score", str(tree), "--format", "jsonl", "--exclude", "b/*"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rel((r["source"] for r in rows), tree) == ["a.md", "z.txt"]
    assert main(["score", f"{tree}/b/**/*.jsonl", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["paragraphs"][0]["text"] == "One record."


MIDDLE_BAD = (
    '{"title": "Ferry Times", "text": "Ferry Times\\nThe ferry runs late.\\nferry times"}\n'
    '{"text": "A second story."}\n'
    '{"text": "unterminated\n'
    "\n"
    '{"title": 3.5, "text": ["not", "text"]}\n'
    '{"id": "last", "text": "The last story."}\n'
)


def test_malformed_records_become_error_rows_in_order(tmp_path: Path, fake_model) -> None:
    path = tmp_path / "crawl.jsonl"
    path.write_text(MIDDLE_BAD, encoding="utf-8")
    reports = list(analyze_many([str(path)], model=fake_model(), checks=TITLES))
    assert [r.source for r in reports] == [f"{path}#{n}" for n in range(1, 6)]
    assert [r.verdict for r in reports][2:4] == ["error", "error"]
    assert [r.error is None for r in reports] == [True, True, False, False, True]
    assert reports[2].error == f"{path}: malformed JSON at line 3: Unterminated string starting at"
    assert reports[3].error == f"{path}: line 5: JSON field 'text' must be a string"
    assert [r.origin.line for r in reports] == [1, 2, 3, 5, 6]
    assert reports[4].origin.record_id == "last"
    assert [f.rule.code for f in reports[0].findings] == ["TI001"]
    assert reports[0].findings[0].location.line == 1
    assert reports[3].findings[0].location.line == 5


def test_jsonl_streams_its_first_report_before_reading_the_rest(
    tmp_path: Path, monkeypatch, fake_model
) -> None:
    path = tmp_path / "big.jsonl"
    record = json.dumps({"title": "Ferry Times", "text": "The ferry runs late. " * 20})
    with path.open("w", encoding="utf-8") as out:
        for _ in range(20_000):
            out.write(record + "\n")
    size = path.stat().st_size
    opened = []
    real_open = streams._open

    def tracking_open(source, data):
        handle = real_open(source, data)
        opened.append(handle)
        return handle

    monkeypatch.setattr(streams, "_open", tracking_open)
    reports = analyze_many([str(path)], model=fake_model(), checks=TITLES)
    first = next(reports)
    read_so_far = opened[0].raw.tell()
    assert first.source == f"{path}#1" and first.error is None
    assert size > 8_000_000 and read_so_far < 100_000  # a few buffers, not the file
    second = next(reports)
    assert second.origin.record == 2
    reports.close()
    assert opened[0].closed


def test_csv_rows_stream_with_renamed_columns(tmp_path: Path, fake_model) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        'headline,body,url\n"Ferry Times","Ferry Times\nferry times",https://a.example/1\n'
        ",,\n"
        '"Bridge","The bridge is shut.",https://a.example/2,extra\n'
        'Fees,"The fees rise.",\n',
        encoding="utf-8",
    )
    items = list(iter_articles([str(path)], columns={"title": "headline", "text": "body"}))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Article"]
    first, empty, wide, last = items
    assert (first.title, first.url, first.origin) == (
        "Ferry Times",
        "https://a.example/1",
        Origin(str(path), record=1, line=2, row=1),
    )
    assert [p.line for p in first.paragraphs] == [2, 2]
    assert empty.message == f"{path}: row 2: CSV record has no 'text' or 'html' field"
    assert wide.message == f"{path}: row 3: 4 cells, the header has 3"
    assert (last.origin.row, last.origin.line, last.url) == (4, 6, None)
    with pytest.raises(ConfigError, match="unknown field 'txt' \\(did you mean text\\?\\)"):
        list(iter_articles([str(path)], columns={"txt": "body"}))


def test_parquet_rows_stream_by_batch(tmp_path: Path) -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "rows.parquet"
    table = pa.table(
        {
            "content": ["Ferry Times\nThe ferry runs late.", None, "Fees rise."],
            "date": [dt.date(2024, 3, 1), dt.date(2024, 3, 2), None],
            "site": ["Harbour Post", "Harbour Post", None],
        }
    )
    pq.write_table(table, path, row_group_size=2)
    items = list(iter_articles([str(path)], columns={"text": "content"}))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]
    assert (items[0].date, items[0].site, items[0].origin.row) == ("2024-03-01", "Harbour Post", 1)
    assert items[1].message == f"{path}: row 2: Parquet record has no 'text' or 'html' field"
    assert items[2].source == f"{path}#3"
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    [failure] = iter_articles([str(broken)])
    assert isinstance(failure, Failure) and "cannot read Parquet" in failure.message


def test_unreadable_inputs_are_failures_and_the_batch_goes_on(tmp_path: Path, fake_model) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The ferry runs late.\n", encoding="utf-8")
    items = [str(tmp_path / "missing.txt"), str(good), str(tmp_path / "missing.jsonl")]
    reports = list(analyze_many(items, model=fake_model(), checks=TITLES))
    assert [r.verdict == "error" for r in reports] == [True, False, True]
    assert reports[0].error == f"{tmp_path / 'missing.txt'}: no such file"
    assert reports[2].error == f"{tmp_path / 'missing.jsonl'}: no such file"


def test_articles_and_failures_can_be_given_directly(make_article, fake_model) -> None:
    failure = Failure(Origin("x.warc", record=4, offset=1200, record_id="<urn:uuid:1>"), "bad")
    inputs = [make_article("The ferry runs late."), failure]
    ok, bad = analyze_many(inputs, model=fake_model(), checks=TITLES)
    assert ok.error is None and isinstance(make_article("x"), Article)
    assert (bad.verdict, bad.findings[0].location.record) == ("error", "<urn:uuid:1>")


def test_stdin_can_be_read_as_json_lines(fake_model) -> None:
    data = b'{"text": "One."}\n{"text": "Two."}\n'
    items = list(iter_articles(["-"], input_format="jsonl", data=data))
    assert [a.source for a in items] == ["<stdin>#1", "<stdin>#2"]


def test_one_context_for_the_whole_batch(tmp_path: Path, fake_model) -> None:
    path = tmp_path / "dated.jsonl"
    record = {"date": "2024-06-01", "text": "The council will vote next month."}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    from detector.checks import dates

    def codes(day):
        context = RunContext(today=day)
        [report] = analyze_many(
            [str(path)], model=fake_model(), checks=(dates.CHECK,), context=context
        )
        return [f.rule.code for f in report.findings]

    import datetime as dt

    assert codes(dt.date(2024, 5, 1)) == ["DT002"]
    assert codes(dt.date(2024, 7, 1)) == []


@pytest.fixture(scope="module")
def shipped_inputs(tmp_path_factory) -> list[str]:
    root = tmp_path_factory.mktemp("parallel")
    sample = Path(__file__).parent.parent / "examples" / "sample-article.txt"
    records = [
        {"title": "Ferry Times", "text": "Ferry Times\nThe ferry now runs late.\nShare this"},
        {"text": "unterminated"},
        {"title": "Harbour", "text": "The harbour council voted on Monday to add crossings."},
    ]
    feed = root / "feed.jsonl"
    lines = [json.dumps(r) for r in records]
    lines[1] = lines[1][:-2]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(sample), str(feed), str(root / "missing.txt")]


def test_parallel_reports_equal_serial_ones(shipped_inputs) -> None:
    context = RunContext(today=__import__("datetime").date(2026, 1, 1))
    serial = [r.to_dict() for r in analyze_many(shipped_inputs, context=context)]
    parallel = [
        r.to_dict()
        for r in analyze_many(
            shipped_inputs, context=context, n_jobs=2, batch_size=2, config=Config()
        )
    ]
    assert len(serial) == 5 and [r["verdict"] == "error" for r in serial].count(True) == 2
    assert parallel == serial


def test_cli_reads_columns_and_refuses_bad_flags(tmp_path, monkeypatch, fake_model, capsys):
    monkeypatch.setattr(detector.model, "load_model", lambda path=None: fake_model())
    path = tmp_path / "rows.csv"
    path.write_text("story,when\nThe ferry runs late.,2024-03-01\nThe fees rise.,\n", "utf-8")
    assert main(["score", str(path), "--column", "text=story", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["source"], r["origin"]["row"]) for r in rows] == [(f"{path}#1", 1), (f"{path}#2", 2)]
    assert main(["score", str(path), "--format", "jsonl"]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"detector: error: {path}: row 1: CSV record has no 'text' or 'html' field",
        f"detector: error: {path}: row 2: CSV record has no 'text' or 'html' field",
    ]
    assert len(out.splitlines()) == 2
    for flags, message in (
        (["--column", "text"], "--column: expected FIELD=NAME, got 'text'"),
        (["--column", "body=text"], "columns: unknown field 'body'"),
        (["--jobs", "0"], "--jobs: give 1 or more workers"),
    ):
        assert main(["score", str(path), *flags]) == 2
        assert capsys.readouterr().err.startswith(f"detector: error: {message}")


def test_read_hands_record_files_to_the_stream_readers(tmp_path: Path) -> None:
    from detector.errors import LoadError
    from detector.loaders import read

    path = tmp_path / "rows.csv"
    path.write_text('text,url\n"The ferry runs.",https://a.example/1\n,\n', encoding="utf-8")
    articles = read(str(path))
    first = next(articles)
    assert (first.paragraphs[0].text, first.url) == ("The ferry runs.", "https://a.example/1")
    with pytest.raises(LoadError, match="row 2: CSV record has no 'text' or 'html' field"):
        next(articles)
