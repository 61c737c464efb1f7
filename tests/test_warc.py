"""The WARC reader on archives generated from the project's articles, broken records included."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from detector.article import Article
from detector.batch import Failure
from detector.loaders.warc import WarcReader

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "warcgen.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("warcgen", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules["warcgen"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def warcgen():
    return load_generator()


@pytest.fixture(scope="module")
def archive(tmp_path_factory, warcgen):
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    counts = warcgen.write_warc(path, warcgen.project_pages()[:20], bad=True)
    assert counts["bad"] == 6
    return path, counts


@pytest.fixture(scope="module")
def read(archive):
    reader = WarcReader(str(archive[0]))
    return list(reader), reader


def test_every_record_is_an_article_a_failure_or_counted_as_skipped(archive, read):
    _, counts = archive
    items, reader = read
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(articles) == counts["html"] + 1  # the chunked page is read fine
    assert len(failures) == counts["bad"] - 1
    skipped = Counter(s.reason for s in reader.skipped)
    assert skipped == {"warcinfo": 1, "request": counts["html"] + 7, "metadata": 2, "image/png": 1}
    assert len(reader.skipped) == counts["skipped"]


def test_articles_carry_record_id_offset_url_and_crawl_date(read):
    article = next(i for i in read[0] if isinstance(i, Article))
    assert article.origin.record_id.startswith("<urn:uuid:")
    assert article.origin.offset > 0
    assert article.url == article.meta["warc:target_uri"]
    assert article.url.startswith("https://lakeport-herald.example/")
    assert article.meta["warc:date"] == "2024-03-15T12:00:00Z"
    assert article.date == "2024-03-12"


def test_broken_records_name_their_cause(read):
    items = read[0]
    messages = {i.message.split(":", 2)[-1].strip() for i in items if isinstance(i, Failure)}
    assert any("undecodable" in m for m in messages)
    assert any("broken chunked transfer encoding" in m for m in messages)
    assert any("truncated record" in m and "gzip member ends early" in m for m in messages)
    assert any("no visible text" in m for m in messages)
    chunked = [i for i in items if isinstance(i, Article) and i.url.endswith("/chunked")]
    assert chunked and chunked[0].title  # a valid chunked body is decoded, not refused


def test_an_oversized_record_is_an_error_without_being_read(archive, read):
    path, _ = archive
    items = read[0]
    huge = [i for i in items if isinstance(i, Failure) and "page too large" in i.message]
    assert len(huge) == 1 and "limit 5,000,000" in huge[0].message
    small = [i for i in WarcReader(str(path), max_bytes=1000) if isinstance(i, Failure)]
    assert sum("page too large" in i.message for i in small) > 20


def test_a_member_that_does_not_decompress_is_reported_and_reading_goes_on(archive, read, tmp_path):
    path, _ = archive
    data = path.read_bytes()
    good = [i for i in read[0] if isinstance(i, Article)]
    # Cut the middle out of the gzip member of the fifth page's response.
    start = good[4].origin.offset
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[: start + 40] + data[start + 400 :])
    items = list(WarcReader(str(damaged)))
    failures = [i for i in items if isinstance(i, Failure) and "unreadable WARC data" in i.message]
    assert len(failures) == 1
    urls = [i.url for i in items if isinstance(i, Article)]
    assert good[4].url not in urls
    assert urls[-1] == good[-1].url  # the rest of the file was read
    assert len(urls) == len(good) - 1


def test_reading_resumes_after_a_record_by_offset(archive, read):
    path, _ = archive
    articles = [i for i in read[0] if isinstance(i, Article)]
    resumed = WarcReader(
        str(path), start=articles[6].origin.offset, after=True, end=articles[10].origin.offset
    )
    assert [i.url for i in resumed if isinstance(i, Article)] == [a.url for a in articles[7:10]]
