"""Gzipped inputs read as what they hold: a page, an article, a JSON Lines or CSV export."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from detector.article import Failure
from detector.audit.shards import is_export
from detector.batch import iter_articles, iter_inputs
from detector.engine import analyze
from detector.errors import LoadError
from detector.limits import Limits
from detector.loaders import read

STORY = (
    "Harbour Council Approves New Ferry Timetable\n\n"
    "The harbour council approved a new ferry timetable on Tuesday after a long debate.\n\n"
    "Boats will leave every twenty minutes from May, the council's chair said.\n\n"
    "Share this article\n"
)
PAGE = (
    "<html><head><title>Ferry timetable</title></head><body><h1>Ferry timetable</h1>"
    "<p>The harbour council approved a new ferry timetable on Tuesday after a long debate "
    "that lasted well into the evening.</p></body></html>"
)


def _gz(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


@pytest.mark.parametrize(("name", "text"), [("story.txt", STORY), ("page.html", PAGE)])
def test_a_gzipped_file_reads_as_the_file_it_holds(tmp_path, fake_model, name, text) -> None:
    plain = tmp_path / name
    plain.write_text(text, encoding="utf-8")
    packed = _gz(tmp_path / f"{name}.gz", text)
    [a], [b] = list(read(plain)), list(read(packed))
    assert (a.format, [p.text for p in a.paragraphs]) == (b.format, [p.text for p in b.paragraphs])
    assert [p.line for p in a.paragraphs] == [p.line for p in b.paragraphs]
    first, second = (analyze(x, model=fake_model()) for x in (a, b))
    assert [f.rule.code for f in first.findings] == [f.rule.code for f in second.findings]
    assert first.cleaned_text == second.cleaned_text


def test_gzipped_exports_stream_with_the_lines_and_rows_of_their_file(tmp_path) -> None:
    records = [{"text": f"Record {i} tells its own short story of the harbour."} for i in range(3)]
    jsonl = _gz(tmp_path / "export.jsonl.gz", "\n".join(json.dumps(r) for r in records) + "\n")
    csv = _gz(tmp_path / "export.csv.gz", "text\n" + "\n".join(r["text"] for r in records) + "\n")
    from_jsonl = list(iter_articles([str(jsonl)]))
    from_csv = list(iter_articles([str(csv)]))
    assert [a.origin.line for a in from_jsonl] == [1, 2, 3]
    assert [a.origin.row for a in from_csv] == [1, 2, 3]
    assert [a.paragraphs[0].text for a in from_csv] == [r["text"] for r in records]


def test_a_truncated_export_keeps_its_records_and_ends_in_an_error_row(tmp_path) -> None:
    lines = "".join(json.dumps({"text": f"Story {i} " + "word " * 40}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_articles([str(path)]))
    *good, last = items
    assert good and not any(isinstance(i, Failure) for i in good)
    assert isinstance(last, Failure) and "reading stopped" in last.message
    assert last.origin.line == len(good) + 1


def test_a_bomb_or_a_broken_file_is_a_one_line_error(tmp_path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 2_000_000))
    with pytest.raises(LoadError, match=r"decompresses to more than 1,000,000 bytes.*decompressed"):
        list(read(bomb, limits=Limits(max_decompressed_bytes=1_000_000)))
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(gzip.compress(PAGE.encode())[:40])
    with pytest.raises(LoadError, match="not a readable gzip file") as caught:
        list(read(broken))
    assert "\n" not in str(caught.value)


def test_folders_and_audits_pick_up_gzipped_inputs(tmp_path) -> None:
    _gz(tmp_path / "page.html.gz", PAGE)
    _gz(tmp_path / "export.jsonl.gz", json.dumps({"text": "x"}) + "\n")
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"not an article name"))
    found = sorted(Path(p).name for p in iter_inputs([str(tmp_path)]))
    assert found == ["export.jsonl.gz", "page.html.gz"]
    assert is_export("export.jsonl.gz") and is_export("rows.csv.gz")
    assert not is_export("page.html.gz") and not is_export("table.parquet.gz")


def test_check_fix_leaves_a_compressed_file_alone(tmp_path, monkeypatch, capsys) -> None:
    from detector.cli import main

    monkeypatch.chdir(tmp_path)
    packed = _gz(tmp_path / "story.txt.gz", STORY + "\n.\n")
    before = packed.read_bytes()
    assert main(["check", "--fix", "--fail-on", "never", "--no-cache", "story.txt.gz"]) == 0
    err = capsys.readouterr().err
    assert "story.txt.gz: --fix rewrites plain-text and Markdown files only, not compressed" in err
    assert packed.read_bytes() == before


def test_clean_refuses_a_compressed_file_in_one_line(tmp_path, capsys) -> None:
    from detector.cli import main

    packed = _gz(tmp_path / "story.txt.gz", STORY)
    assert main(["clean", str(packed)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("story.txt.gz: compressed; --fix and clean work on the uncompressed file")
    assert "\n" not in err


@pytest.mark.parametrize("cut", [slice(0, 15), slice(0, -12), slice(0, 4)])
def test_a_damaged_gzip_stream_is_a_failure_not_a_traceback(cut) -> None:
    """Found by fuzzing: a header cut short, a member without its end, an unknown method."""
    from detector.loaders.streams import read_csv, read_jsonl

    data = gzip.compress(b'{"text": "a story of the harbour"}\n' * 5)
    for damaged in (data[cut], b"\x1f\x8b\x09\x00" + b"x" * 20):
        for reader in (read_jsonl, read_csv):
            items = list(reader("x.gz", data=damaged))
            assert items and isinstance(items[-1], Failure), (reader.__name__, damaged)


def test_closing_a_decompressing_stream_closes_its_file(tmp_path) -> None:
    from detector.loaders.compressed import open_gzip

    path = _gz(tmp_path / "export.jsonl.gz", '{"text": "x"}\n')
    handle = path.open("rb")
    stream = open_gzip(handle)
    assert stream.read() == b'{"text": "x"}\n'
    stream.close()
    assert handle.closed
    plain = (tmp_path / "plain.jsonl").open("wb+")
    assert open_gzip(plain) is plain  # not gzip: the handle itself
    plain.close()


def test_check_walks_past_compressed_files_unless_named(tmp_path, monkeypatch, capsys) -> None:
    """A static site's build keeps page.html.gz beside page.html: check's folder walk skips it."""
    from detector.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    _gz(tmp_path / "story.txt.gz", STORY)
    main(["check", "--no-cache", "--fail-on", "never", "."])
    out = capsys.readouterr().out
    assert "Checked 1 file" in out and "story.txt.gz" not in out
    main(["check", "--no-cache", "--fail-on", "never", "story.txt.gz"])
    assert "story.txt.gz:" in capsys.readouterr().out


def test_gzipped_standard_input_is_read_as_what_it_holds() -> None:
    [article] = list(read("-", data=gzip.compress(STORY.encode("utf-8"))))
    assert article.format == "text" and article.paragraphs[0].text.startswith("Harbour Council")
