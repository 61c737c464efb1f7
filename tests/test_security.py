"""Security: model files cannot run code, markup cannot reach files or the network.

Each hostile file would do something observable (create a marker file, read a secret, open a
connection) if the defence failed; the tests assert the refusal and that nothing happened.
"""

from __future__ import annotations

import io
import json
import pickle
import socket
import zipfile
from pathlib import Path

import numpy as np
import pytest

import detector.model
from detector.cli import main
from detector.engine import analyze
from detector.errors import ModelError
from detector.loaders import read
from detector.model import MODEL_FORMAT, load_model

STORY = "The council approved the new ferry timetable after a long debate on Tuesday evening."


class _RunsCode:
    """Unpickling this creates the marker file: what a malicious model would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _small_model(path: Path, **payload: object) -> None:
    import skops.io as sio

    sio.dump({"card": {"format": MODEL_FORMAT}, **payload}, path)


def _rewrite(path: Path, change) -> None:
    """Rewrite every member of a zip archive through ``change(name, data) -> data``."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            archive.writestr(info, change(info.filename, data))


def _cli_refuses_model(path: Path, tmp_path: Path, capsys, monkeypatch) -> str:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(STORY + "\n", "utf-8")
    detector.model._load_cached.cache_clear()
    code = main(["score", "story.txt", "--model", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("detector: error: ") and err.count("\n") == 1, err
    return err


def test_a_tampered_model_naming_a_dangerous_type_is_refused(tmp_path, capsys, monkeypatch):
    from sklearn.feature_extraction.text import HashingVectorizer

    path = tmp_path / "tampered.skops"
    _small_model(path, text=HashingVectorizer())

    def swap(name: str, data: bytes) -> bytes:
        if name != "schema.json":
            return data
        schema = data.decode("utf-8")
        assert '"HashingVectorizer"' in schema
        return (
            schema.replace('"HashingVectorizer"', '"Popen"')
            .replace('"sklearn.feature_extraction.text"', '"subprocess"')
            .encode("utf-8")
        )

    _rewrite(path, swap)
    with pytest.raises(ModelError, match=r"subprocess\.Popen"):
        load_model(path)
    err = _cli_refuses_model(path, tmp_path, capsys, monkeypatch)
    assert "subprocess.Popen" in err


def test_a_model_array_that_would_run_code_when_unpickled_is_refused(tmp_path, capsys, monkeypatch):
    marker = tmp_path / "code-ran"
    path = tmp_path / "pickled.skops"
    _small_model(path, text=np.arange(3))
    evil = io.BytesIO()
    np.save(evil, np.array([_RunsCode(marker)], dtype=object), allow_pickle=True)
    _rewrite(path, lambda name, data: evil.getvalue() if name.endswith(".npy") else data)

    with pytest.raises(ModelError, match="cannot load model|not a detector model file"):
        load_model(path)
    _cli_refuses_model(path, tmp_path, capsys, monkeypatch)
    assert not marker.exists()


def test_a_plain_pickle_given_as_model_is_refused_without_running(tmp_path, capsys, monkeypatch):
    marker = tmp_path / "code-ran"
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(_RunsCode(marker)))
    with pytest.raises(ModelError, match="not a detector model file"):
        load_model(path)
    _cli_refuses_model(path, tmp_path, capsys, monkeypatch)
    assert not marker.exists()


# -- external entities, DTDs and the network ------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET-a81f\n", "utf-8")
    return path


def _xxe_page(secret: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file://' + str(secret) + '">\n'
        '<!ENTITY remote SYSTEM "http://dtd.invalid/x.ent">\n'
        '<!ENTITY % ext SYSTEM "http://dtd.invalid/evil.dtd"> %ext;\n]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>&xxe;</title>'
        '<link rel="stylesheet" href="http://css.invalid/a.css"/>'
        '<script src="http://js.invalid/a.js"></script></head>'
        f"<body><p>{STORY} &xxe; &remote;</p>"
        '<img src="http://img.invalid/a.png"/><iframe src="http://frame.invalid/"></iframe>'
        "</body></html>"
    )


@pytest.fixture
def no_network(monkeypatch) -> list[object]:
    """Record (and refuse) every attempt to resolve a name or open a connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def _everything(article) -> str:
    return json.dumps(
        [
            article.title,
            article.main_text,
            dict(article.meta),
            [p.text for p in article.paragraphs],
        ]
    )


@pytest.mark.parametrize("name", ["page.html", "page.xhtml", "page.md", "record.json"])
def test_external_entities_are_not_resolved_and_nothing_is_fetched(
    name, secret, no_network, fake_model
):
    page = _xxe_page(secret)
    if name.endswith(".md"):
        data = f"# Ferry\n\n{STORY}\n\n<div>\n{page}\n</div>\n"
    elif name.endswith(".json"):
        data = json.dumps({"html": page, "url": "https://news.example.org/story"})
    else:
        data = page
    (path := secret.parent / name).write_text(data, "utf-8")
    articles = list(read(str(path)))
    assert articles
    for article in articles:
        assert "TOPSECRET" not in _everything(article)
        assert STORY in _everything(article)
        report = analyze(article, model=fake_model())
        assert "TOPSECRET" not in json.dumps(report.cleaned_text)
    assert no_network == []


def test_a_page_with_a_url_is_scored_without_network(secret, no_network, fake_model):
    page = _xxe_page(secret).encode("utf-8")
    [article] = read("https://news.example.org/2024/05/01/story", data=page)
    analyze(article, model=fake_model())
    assert no_network == []


def test_a_model_file_changed_after_loading_is_refused_when_read_again(tmp_path):
    # The HTML and kind models are read on first use from the file read again: a file swapped
    # in between must not be mixed with the text model already loaded.
    import shutil

    from detector.model import shipped_model_path

    path = tmp_path / "model.npz"
    shutil.copyfile(shipped_model_path(), path)
    detector.model._load_cached.cache_clear()
    try:
        model = load_model(path)
        path.write_bytes(path.read_bytes() + b"\0")
        with pytest.raises(ModelError, match="changed after it was loaded"):
            _ = model.html_model
        path.unlink()
        fresh = load_model(shipped_model_path())
        assert fresh.html_model is not None and fresh.kind_model is not None
    finally:
        detector.model._load_cached.cache_clear()
