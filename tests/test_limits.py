"""Hostile inputs end in a finding or a one-line error with exit code 2, within the limits.

Every input is generated here, cheaply, in tmp_path. The paragraph model is a fake: what is
tested is that reading stays bounded, not what the model says.
"""

from __future__ import annotations

import io
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

import detector.model
from detector.cli import main
from detector.config import load_config
from detector.engine import analyze
from detector.errors import ConfigError, LoadError
from detector.limits import (
    DEFAULT_LIMITS,
    LimitError,
    Limits,
    TimeLimitError,
    load_json,
    open_regular,
    read_capped,
    time_limit,
    timed,
)
from detector.loaders import read
from detector.loaders.flatten import flatten
from detector.loaders.html import BLOCK_TAGS

STORY = "The council approved the new ferry timetable after a long debate on Tuesday."


@pytest.fixture
def cli(monkeypatch, fake_model, tmp_path, capsys):
    """Run ``detector score`` in this process on a fake model, from an empty folder."""
    monkeypatch.setattr(detector.model, "load_model", lambda path=None: fake_model())
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["score", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def refused(result: tuple[int, str, str], *words: str) -> None:
    code, _, err = result
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("detector: error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err


def limits_file(tmp_path: Path, **limits: object) -> None:
    lines = ["[tool.detector.limits]"] + [f"{k.replace('_', '-')} = {v}" for k, v in limits.items()]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n", "utf-8")


# -- the inputs of the issue ---------------------------------------------------------------------


def test_a_single_30_mb_line_is_refused_by_its_size(cli, tmp_path: Path) -> None:
    (tmp_path / "line.txt").write_bytes(b"word " * 6_000_000)
    refused(cli("line.txt"), "line.txt", "10,000,000 bytes", "limits.max-input-bytes")


def test_a_million_line_file_is_refused_by_its_size(cli, tmp_path: Path) -> None:
    (tmp_path / "lines.txt").write_bytes(b"A short line of text.\n" * 1_000_000)
    refused(cli("lines.txt"), "lines.txt", "limits.max-input-bytes")


def test_a_20_mb_html_page_is_refused_by_its_size(cli, tmp_path: Path) -> None:
    row = b"<div class='c'><p>A paragraph with some words in it.</p><a href='/x'>link</a></div>\n"
    (tmp_path / "big.html").write_bytes(b"<html><body>" + row * 240_000 + b"</body></html>")
    refused(cli("big.html"), "big.html", "limits.max-input-bytes")


def test_many_paragraphs_under_the_size_limit_are_refused_by_count(cli, tmp_path: Path) -> None:
    (tmp_path / "lines.txt").write_text("A line.\n" * 300, "utf-8")
    limits_file(tmp_path, max_paragraphs=200)
    refused(cli("lines.txt"), "lines.txt", "300 paragraphs", "limits.max-paragraphs")


def test_a_long_line_under_the_size_limit_is_refused_by_its_length(cli, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY + "\n" + "word " * 5_000 + "\n", "utf-8")
    limits_file(tmp_path, max_paragraph_chars=10_000)
    refused(cli("story.txt"), "story.txt: line 2", "limits.max-paragraph-chars")


def test_paragraph_limits_hold_for_html_and_json_too(tmp_path: Path, fake_model) -> None:
    limits = Limits(max_paragraphs=50)
    page = "<html><body>" + "<p>A paragraph of a page.</p>" * 60 + "</body></html>"
    record = json.dumps({"text": "A line.\n" * 60})
    for name, data in (("page.html", page), ("record.json", record)):
        with pytest.raises(LimitError, match="60 paragraphs"):  # a page before trafilatura runs
            for article in read(name, data=data.encode(), limits=limits):
                analyze(article, model=fake_model(), config=_config(limits))


def _config(limits: Limits):
    from detector.config import Config

    return Config(limits=limits)


BILLION_LAUGHS = "---\nlol0: &a0 [lol]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def test_billion_laughs_front_matter_is_refused_before_it_expands(cli, tmp_path: Path) -> None:
    (tmp_path / "laughs.md").write_text(
        BILLION_LAUGHS + "title: Ferry\n---\n\n" + STORY + "\n", "utf-8"
    )
    refused(cli("laughs.md"), "laughs.md", "front matter expands to more than")


def test_front_matter_with_a_few_aliases_is_read(tmp_path: Path) -> None:
    text = "---\nbase: &b {site: Harbour News}\nother: *b\ntitle: Ferry\n---\n\n" + STORY + "\n"
    [article] = read("story.md", data=text.encode())
    assert article.title == "Ferry"
    assert article.meta["front_matter:other"] == '{"site": "Harbour News"}'


def test_front_matter_that_contains_itself_is_refused(tmp_path: Path) -> None:
    text = "---\nloop: &l [1, *l]\n---\n\n" + STORY + "\n"
    with pytest.raises(LoadError, match="contains itself"):
        list(read("story.md", data=text.encode()))


def test_deeply_nested_front_matter_is_refused(tmp_path: Path) -> None:
    text = "---\nx: " + "[" * 600 + "]" * 600 + "\n---\n\n" + STORY + "\n"
    with pytest.raises(LimitError, match="limits.max-depth"):
        list(read("story.md", data=text.encode()))


def test_a_deeply_nested_json_document_is_refused(cli, tmp_path: Path) -> None:
    deep = '{"text": "' + STORY + '", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "deep.json").write_text(deep, "utf-8")
    refused(cli("deep.json"), "deep.json", "nested deeper than")


def test_json_nested_past_max_depth_but_parseable_is_refused(cli, tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text(
        '{"text": "' + STORY + '", "x": ' + "[" * 30 + "]" * 30 + "}", "utf-8"
    )
    limits_file(tmp_path, max_depth=20)
    refused(cli("deep.json"), "nested deeper than 20 levels", "limits.max-depth")


def test_a_json_number_of_5000_digits_is_refused(cli, tmp_path: Path) -> None:
    (tmp_path / "number.json").write_text(
        '{"text": "' + STORY + '", "n": ' + "9" * 5000 + "}", "utf-8"
    )
    refused(cli("number.json"), "number.json: malformed JSON", "digits")


def test_a_bad_line_of_json_lines_names_its_line() -> None:
    data = (
        json.dumps({"text": STORY}) + "\n" + '{"text": "x", "n": ' + "9" * 5000 + "}\n"
    ).encode()
    with pytest.raises(LoadError, match=r"records.jsonl: line 2: malformed JSON"):
        list(read("records.jsonl", data=data))


@pytest.fixture
def guard():
    """Fail, rather than hang the suite, if opening a special file ever blocks again."""
    with time_limit(20, "the test itself"):
        yield


def test_a_fifo_is_refused_without_being_opened(cli, tmp_path: Path, guard) -> None:
    os.mkfifo(tmp_path / "pipe")
    refused(cli("pipe"), "pipe: a FIFO (named pipe), not a regular file")


def test_a_socket_and_a_device_are_refused(tmp_path: Path, guard) -> None:
    server = socket.socket(socket.AF_UNIX)
    path = tmp_path / "sock"
    try:
        server.bind(str(path))
        with pytest.raises(LoadError, match="a socket, not a regular file"):
            open_regular(str(path))
    finally:
        server.close()
    with pytest.raises(LoadError, match="a device, not a regular file"):
        open_regular(os.devnull)


def test_a_symlink_loop_is_one_line_error(cli, tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    refused(cli("a.txt"), "a.txt: cannot read", "symbolic links")


def test_the_other_inputs_are_still_scored_after_a_hostile_one(cli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "story.txt").write_text(STORY + "\n", "utf-8")
    code, out, err = cli("pipe", "story.txt", "--format", "jsonl")
    assert code == 2 and "pipe: a FIFO" in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["source"], row["verdict"]) for row in rows][1:] == [("story.txt", "publishable")]
    assert rows[0]["verdict"] == "error" and rows[0]["findings"][0]["rule"] == "IN001"


def test_standard_input_is_capped(cli, tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    limits_file(tmp_path, max_input_bytes=1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"word " * 1000)))
    refused(cli("-"), "<stdin>: input is larger than 1,000 bytes", "limits.max-input-bytes")


def test_a_url_download_is_capped_by_the_input_limit(monkeypatch) -> None:
    downloads = pytest.importorskip("trafilatura.downloads")
    caps = []

    def fetch_response(url, *, config):
        caps.append(config.getint("DEFAULT", "MAX_FILE_SIZE"))
        return None  # what trafilatura returns when the body passes the cap

    monkeypatch.setattr(downloads, "fetch_response", fetch_response)
    with pytest.raises(LoadError, match="a body over 5,000 bytes"):
        list(read("https://example.org/story", limits=Limits(max_input_bytes=5000)))
    assert caps == [5000]


def test_read_capped_refuses_a_decompression_bomb() -> None:
    import gzip
    import io

    bomb = gzip.compress(b"\0" * 2_000_000)
    with gzip.open(io.BytesIO(bomb)) as stream, pytest.raises(LimitError) as caught:
        read_capped(stream, "bomb.gz", 100_000, setting="max_decompressed_bytes")
    assert "decompresses to more than 100,000 bytes" in str(caught.value)
    assert "limits.max-decompressed-bytes" in str(caught.value)


# -- deep HTML -----------------------------------------------------------------------------------


def test_text_under_5000_nested_divs_is_read_as_a_browser_shows_it(tmp_path: Path) -> None:
    page = (
        "<html><body>\n" + "<div>" * 5000 + f"<p>{STORY}</p>" + "</div>" * 5000 + "\n</body></html>"
    )
    [article] = read("deep.html", data=page.encode())
    assert [p.text for p in article.paragraphs] == [STORY]
    assert article.paragraphs[0].line == 2


def test_flattening_keeps_text_lines_and_block_breaks() -> None:
    page = "<div><div><p>one</p>\n<p>two &amp; <b>three</b></p></div></div><!-- c -->"
    flat = flatten(page, 2, BLOCK_TAGS)
    assert flat == "<div><div><br>one<br>\ntwo &amp; three<br></div></div><!-- c -->"
    assert flatten(page, 10, BLOCK_TAGS) == page


def test_html_under_the_depth_limit_is_read_as_it_always_was() -> None:
    from detector.loaders.html import parse_document, segment

    page = "<html><body>" + "<div>" * 40 + f"<p>{STORY}</p><p>Second one.</p>" + "</div>" * 40
    [article] = read("page.html", data=page.encode())
    unlimited = segment(parse_document(page, "page.html"))
    assert [(p.text, p.block.path) for p in article.paragraphs] == [
        (s.text, s.path) for s in unlimited
    ]
    [flat] = read("page.html", data=page.encode(), limits=Limits(max_depth=10))
    assert [p.text for p in flat.paragraphs] == [STORY, "Second one."]
    assert flat.paragraphs[0].block.tag == "div"  # the <p> sat below the limit: flattened


# -- time ----------------------------------------------------------------------------------------


def spin(seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            pass
        except Exception:  # a check that swallows every Exception must not swallow the limit
            pass


def test_time_limit_stops_work_in_the_main_thread() -> None:
    started = time.monotonic()
    with pytest.raises(LimitError, match=r"slow\.txt: analysis took longer than 0\.05 s"):
        with time_limit(0.05, "slow.txt"):
            spin()
    assert time.monotonic() - started < 20  # stopped, not run to the end


def test_time_limit_is_not_swallowed_by_except_exception() -> None:
    def careless() -> str:
        try:
            spin()
        except Exception:
            return "swallowed"
        return "ran out"

    with pytest.raises(LimitError):
        with time_limit(0.05, "x"):
            careless()


def test_time_limit_stops_work_in_a_thread() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with time_limit(0.05, "threaded.txt"):
                spin()
        except LimitError as err:
            errors.append(err)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(25)
    assert not thread.is_alive()
    assert len(errors) == 1 and "threaded.txt" in str(errors[0])


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_swallowed_time_limit_fires_again(in_thread: bool) -> None:
    # An alarm that lands in a finalizer is swallowed there ("unraisable"): the next must come.
    swallowed: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with time_limit(0.05, "swallowed.txt"):
                try:
                    spin()
                except BaseException:
                    swallowed.append(1)
                spin()
        except TimeLimitError as err:
            errors.append(err)

    if in_thread:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(25)
        assert not thread.is_alive()
    else:
        work()
    assert swallowed == [1]
    assert len(errors) == 1 and "swallowed.txt" in str(errors[0])


def test_the_audit_and_the_engine_share_one_time_limit() -> None:
    import detector.audit.run
    import detector.audit.shards
    import detector.engine

    assert detector.audit.run.time_limit is time_limit
    assert detector.audit.shards.time_limit is time_limit
    assert detector.engine.time_limit is time_limit


def test_an_inner_limit_never_extends_an_outer_one() -> None:
    with pytest.raises(LimitError, match="outer"):
        with time_limit(0.05, "outer"):
            with time_limit(10, "inner"):
                spin()


def test_a_finished_block_leaves_no_timer_behind() -> None:
    import signal

    handler = signal.getsignal(signal.SIGALRM)
    with time_limit(5, "quick"):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == handler


def test_timed_limits_each_item_not_the_consumer() -> None:
    def slow_items():
        yield 1
        spin()
        yield 2

    items = timed(slow_items(), 0.05, "records.jsonl")
    assert next(items) == 1
    with pytest.raises(LimitError, match="records.jsonl: reading took longer"):
        next(items)


def test_analysis_past_the_time_limit_is_an_error(
    cli, tmp_path: Path, monkeypatch, fake_model
) -> None:
    class SlowModel(fake_model):
        def predict(self, article):
            spin()
            return super().predict(article)

    monkeypatch.setattr(detector.model, "load_model", lambda path=None: SlowModel())
    (tmp_path / "story.txt").write_text(STORY + "\n", "utf-8")
    limits_file(tmp_path, time_limit=0.05)
    refused(cli("story.txt"), "story.txt: analysis took longer than 0.05 s", "limits.time-limit")


# -- configuration -------------------------------------------------------------------------------


def test_limits_are_read_from_the_config(tmp_path: Path) -> None:
    limits_file(tmp_path, max_input_bytes=1000, time_limit=2.5, max_depth=0)
    limits = load_config(tmp_path).limits
    assert limits == Limits(max_input_bytes=1000, time_limit=2.5, max_depth=0)
    assert load_config(tmp_path / "elsewhere").limits == limits
    assert DEFAULT_LIMITS.max_input_bytes == 10_000_000


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "max-input-byte = 5",
            "unknown key 'max-input-byte' in limits (did you mean 'max-input-bytes'?)",
        ),
        ("max-depth = -1", "limits.max-depth must be a whole number, 0 or more"),
        ("max-depth = 2.5", "limits.max-depth must be a whole number"),
        ("time-limit = true", "limits.time-limit must be a number of seconds"),
    ],
)
def test_bad_limits_are_config_errors(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "detector.toml").write_text(f"[limits]\n{line}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert message in str(caught.value)


def test_zero_switches_a_limit_off(tmp_path: Path) -> None:
    data = b"word " * 3000
    with pytest.raises(LimitError):
        list(read("a.txt", data=data, limits=Limits(max_input_bytes=1000)))
    [article] = read("a.txt", data=data, limits=Limits(max_input_bytes=0))
    assert len(article.paragraphs[0].text) == len(data) - 1


def test_load_json_turns_every_failure_into_a_load_error() -> None:
    for text in ("[" * 50_000 + "]" * 50_000, '{"n": ' + "1" * 5000 + "}"):
        with pytest.raises(LoadError):
            load_json(text, "x.json")


def test_a_symlink_loop_as_model_is_one_line_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink(tmp_path / "b.skops", tmp_path / "a.skops")
    os.symlink(tmp_path / "a.skops", tmp_path / "b.skops")
    (tmp_path / "story.txt").write_text(STORY + "\n", "utf-8")
    result = (main(["score", "story.txt", "--model", "a.skops"]), *capsys.readouterr())
    refused(result, "skops: model file not found")


def test_streamed_json_lines_are_bounded_record_by_record(cli, tmp_path: Path) -> None:
    deep = '{"text": "' + STORY + '", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    number = '{"text": "' + STORY + '", "n": ' + "9" * 5000 + "}"
    good = json.dumps({"text": STORY})
    (tmp_path / "records.jsonl").write_text("\n".join([deep, number, good]) + "\n", "utf-8")
    code, out, err = cli("records.jsonl", "--format", "jsonl")
    assert code == 2 and "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3  # two error rows, then the good record scored
    assert "nested deeper than" in json.dumps(rows[0])
    assert "digits" in json.dumps(rows[1])


def test_a_fifo_named_as_a_stream_is_refused_unopened(cli, tmp_path: Path, guard) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")
    code, out, err = cli("pipe.jsonl", "--format", "jsonl")
    assert code == 2 and "a FIFO (named pipe)" in out + err


# -- records bigger than the limit are error rows, read no further than the limit ----------------


def _write_big(path: Path, head: bytes, fill: bytes, size: int, tail: bytes) -> None:
    """Write ``head``, ``size`` bytes of ``fill`` and ``tail`` without holding them in memory."""
    block = fill * (1 << 20)
    with open(path, "wb") as out:
        out.write(head)
        for _ in range(size // len(block)):
            out.write(block)
        out.write(tail)


def _traced(run):
    """Run ``run()`` under tracemalloc; return its result and the peak traced bytes."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


BIG = 40_000_000  # bytes of the hostile record: far past the 1 MB record limit below
RECORD_LIMIT = Limits(max_input_bytes=1_000_000)


def test_a_jsonl_line_longer_than_the_record_limit_is_an_error_row_read_no_further(tmp_path):
    from detector.batch import iter_articles

    path = tmp_path / "export.jsonl"
    good = json.dumps({"text": STORY}).encode() + b"\n"
    _write_big(path, good + b'{"text": "', b"a", BIG, b'"}\n' + good)
    items, peak = _traced(lambda: list(iter_articles([str(path)], limits=RECORD_LIMIT)))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["Article", "Failure", "Article"]
    assert items[1].message == (
        f"{path}: line 2 is longer than 1,000,000 bytes, the limit for one record; skipped unread"
    )
    assert items[2].origin.line == 3
    assert peak < 8_000_000  # the 40 MB line was never held


def test_a_utf16_jsonl_line_longer_than_the_limit_is_an_error_row(tmp_path):
    from detector.batch import iter_articles

    path = tmp_path / "wide.jsonl"
    good = json.dumps({"text": STORY}) + "\n"
    line = '{"text": "' + "a" * 3_000_000 + '"}\n'
    path.write_bytes((good + line + good).encode("utf-16"))
    items, peak = _traced(lambda: list(iter_articles([str(path)], limits=RECORD_LIMIT)))
    assert [type(item).__name__ for item in items] == ["Article", "Failure", "Article"]
    assert "line 2 is longer than 1,000,000 bytes" in items[1].message
    assert items[0].paragraphs[0].text == STORY
    assert peak < 12_000_000 + 8_000_000  # the file's own 12 MB of UTF-16 is never read whole


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_field_longer_than_the_record_limit_is_an_error_row_read_no_further(tmp_path, quoted):
    from detector.batch import iter_articles

    path = tmp_path / "export.csv"
    good = f'"{STORY}",https://news.example.net/a\n'.encode()
    quote = b'"' if quoted else b""
    _write_big(
        path, b"text,url\n" + good + quote, b"b", BIG, quote + b",https://x.example/b\n" + good
    )
    items, peak = _traced(lambda: list(iter_articles([str(path)], limits=RECORD_LIMIT)))
    assert [type(item).__name__ for item in items] == ["Article", "Failure", "Article"]
    assert items[1].message == (
        f"{path}: row 2 is longer than 1,000,000 characters, the limit for one record; "
        "skipped unread"
    )
    assert items[2].url == "https://news.example.net/a"
    assert peak < 8_000_000


def _warc_response(writer, url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *headers], "HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    )


def _gzip_stream(size: int) -> bytes:
    """A gzip stream of ``size`` zero bytes, compressed piece by piece (a compression bomb)."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


def test_a_warc_body_that_decompresses_past_the_limit_is_an_error_row(tmp_path):
    import gzip

    from warcio.warcwriter import WARCWriter

    from detector.batch import iter_articles

    page = f"<html><body><article><p>{STORY}</p></article></body></html>".encode()
    bomb = _gzip_stream(200_000_000)  # 200 MB of zeros in about 200 kB
    chunked = b"%x\r\n" % len(bomb) + bomb + b"\r\n0\r\n\r\n"
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        _warc_response(writer, "https://a.example/bomb", bomb, [("Content-Encoding", "gzip")])
        _warc_response(
            writer,
            "https://a.example/chunked-bomb",
            chunked,
            [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
        )
        _warc_response(
            writer, "https://a.example/fine", gzip.compress(page), [("Content-Encoding", "gzip")]
        )
        _warc_response(
            writer,
            "https://a.example/deflate",
            zlib_compress(page),
            [("Content-Encoding", "deflate")],
        )
    limits = Limits(max_decompressed_bytes=1_000_000)
    list(iter_articles([str(path)], limits=limits))  # imports the HTML loader before measuring
    items, peak = _traced(lambda: list(iter_articles([str(path)], limits=limits)))
    assert [type(item).__name__ for item in items] == ["Failure", "Failure", "Article", "Article"]
    for failure, name in zip(items[:2], ("bomb", "chunked-bomb"), strict=True):
        assert failure.message == (
            f"https://a.example/{name}: body decompresses to more than 1,000,000 bytes; "
            "raise limits.max-decompressed-bytes (or the record limit) to read it"
        )
    assert all(item.paragraphs[0].text == STORY for item in items[2:])
    assert peak < 10_000_000  # 200 MB never expanded


def zlib_compress(data: bytes) -> bytes:
    import zlib

    return zlib.compress(data)


def test_a_downloaded_body_is_capped_after_decompression(monkeypatch):
    import http.server

    bomb = _gzip_stream(50_000_000)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)

        def log_message(self, *args: object) -> None:
            pass

    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/bomb.html"
    try:
        limits = Limits(max_decompressed_bytes=1_000_000)
        with pytest.raises(LoadError) as caught:
            _traced(lambda: list(read(url, limits=limits)))
    finally:
        server.shutdown()
        server.server_close()
    assert str(caught.value) == (
        f"{url}: download failed (no response, or a body over 1,000,000 bytes)"
    )


# Hundreds of shots: one may land in a gc callback, which swallows it (and the limit fires again).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_limit_firing_while_an_inner_one_is_armed_never_hangs_the_thread() -> None:
    # Arming a limit must not start a thread: a shot that lands while a thread is being started
    # lands in the new thread too (CPython lends it the starter's id until it runs) and killed it
    # before it said it had started, leaving the guarded thread waiting for it for ever.
    fired: list[TimeLimitError] = []

    def work() -> None:
        for _ in range(300):
            try:
                with time_limit(1e-4, "outer.txt"):
                    for _ in range(500):
                        with time_limit(30, "inner.txt"):
                            pass
            except TimeLimitError as err:
                fired.append(err)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    assert fired and all("outer.txt" in str(err) for err in fired)


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_limit_left_without_its_exit_fires_into_nothing_after(in_thread: bool) -> None:
    # A shot landing as a block's __exit__ is called skips it: the limit is left armed. It must
    # not fire into the work that follows, wherever that runs.
    caught: list[BaseException] = []

    def left_without_exit() -> None:
        time_limit(0.05, "left.txt").__enter__()

    def work() -> None:
        try:
            left_without_exit()
            deadline = time.monotonic() + 1.5  # three repeats past the limit
            while time.monotonic() < deadline:
                sum(range(100))
        except BaseException as err:  # noqa: B036 (the shot is a BaseException)
            caught.append(err)

    if in_thread:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(25)
    else:
        work()
    assert caught == []
