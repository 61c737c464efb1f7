from __future__ import annotations

from pathlib import Path

import pytest

from detector.config import Config, find_config, load_config, parse_codes, parse_fail_on
from detector.errors import ConfigError
from detector.findings import Severity


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "news"\n\n[tool.detector]\nselect = ["BP", "TI001"]\n'
        'fail-on = "warning"\nformat = "jsonl"\nmodel = "models/mine.skops"\n',
        encoding="utf-8",
    )
    (tmp_path / "articles" / "2024").mkdir(parents=True)
    return tmp_path


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()
    assert Config().select == () and Config().fail_on is None and Config().format == "text"


def test_pyproject_found_by_walking_up(project: Path) -> None:
    start = project / "articles" / "2024"
    assert find_config(start) == project / "pyproject.toml"
    config = load_config(start)
    assert config == Config(
        select=("BP", "TI001"),
        fail_on=Severity.WARNING,
        format="jsonl",
        model=str(project / "models" / "mine.skops"),
        source=str(project / "pyproject.toml"),
    )


def test_walk_starts_from_a_file_path(project: Path) -> None:
    story = project / "articles" / "2024" / "story.txt"
    story.write_text("text", encoding="utf-8")
    assert find_config(story) == project / "pyproject.toml"


def test_walk_starts_from_the_cwd_by_default(project: Path, monkeypatch) -> None:
    monkeypatch.chdir(project / "articles")
    assert load_config().select == ("BP", "TI001")


def test_pyproject_without_table_is_passed_over(project: Path) -> None:
    inner = project / "articles"
    (inner / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")
    assert find_config(inner / "2024") == project / "pyproject.toml"


def test_detector_toml_comes_first_and_uses_top_level_keys(project: Path) -> None:
    (project / "articles" / "detector.toml").write_text(
        'ignore = "DU, nm001"\ninput_format = "Markdown"\nfail-on = "never"\n', encoding="utf-8"
    )
    config = load_config(project / "articles" / "2024")
    assert config.ignore == ("DU", "NM001")
    assert config.input_format == "markdown"
    assert config.fail_on is None and config.select == ()
    (project / "detector.toml").write_text('format = "json"\n', encoding="utf-8")
    assert find_config(project) == project / "detector.toml"


def test_explicit_path(project: Path, tmp_path_factory) -> None:
    other = tmp_path_factory.mktemp("elsewhere") / "ci.toml"
    other.write_text('select = ["DT"]\n', encoding="utf-8")
    assert load_config(project, path=other).select == ("DT",)


def test_explicit_pyproject_must_have_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \[tool.detector\] table"):
        load_config(path=tmp_path / "pyproject.toml")


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("slect", "select"), ("fail_no", "fail-on"), ("input-fromat", "input-format")],
)
def test_unknown_key_suggests_the_closest(tmp_path: Path, key: str, suggestion: str) -> None:
    (tmp_path / "detector.toml").write_text(f'{key} = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert f"unknown key {key!r} in detector.toml (did you mean {suggestion!r}?)" in message
    assert "\n" not in message


def test_unknown_key_without_a_close_match(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.detector]\nzzz = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'zzz' in \[tool.detector\]$"):
        load_config(project)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("select = 3", "expected a list of rule codes"),
        ('select = ["B-P"]', "'B-P' is not a rule code or prefix"),
        ('fail-on = "fatal"', "'fatal' is not one of info, warning, error, never"),
        ('format = "yaml"', "'yaml' is not one of text, json, jsonl"),
        ("model = 5", "expected a string, got 5"),
        ("select = [", "not valid TOML"),
        ("[params]\nbody-min-word = 30", "unknown parameter 'body-min-word' .*'body-min-words'"),
        ('[params]\nbody-min-words = "30"', r"params.body-min-words: expected a whole number"),
        ("[params]\nbody-min-words = 0", "expected a value from 1 to 100000, got 0"),
        ("params = 30", "expected a table of parameter = value"),
    ],
)
def test_bad_values_are_config_errors(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "detector.toml").write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("BP,ti001", ("BP", "TI001")),
        (" DT , ,DT ", ("DT",)),
        (["NM001", "EN"], ("NM001", "EN")),
        ("", ()),
        ("T", ("T",)),
        ("TI0", ("TI0",)),
    ],
)
def test_parse_codes(value, expected) -> None:
    assert parse_codes(value) == expected


@pytest.mark.parametrize("value", ["TI0001", "T1", "TIX", "1"])
def test_parse_codes_rejects_malformed(value: str) -> None:
    with pytest.raises(ConfigError, match="--select"):
        parse_codes(value, where="--select")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("never", None),
        ("INFO", Severity.INFO),
        ("warning", Severity.WARNING),
        ("error", Severity.ERROR),
    ],
)
def test_parse_fail_on(value: str, expected: Severity | None) -> None:
    assert parse_fail_on(value) is expected


def test_check_parameters_are_read_by_name(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.detector.params]\nbody_min_words = 30\nrepeat-min-words = 4\n", encoding="utf-8"
    )
    assert load_config(tmp_path).params == {"body-min-words": 30, "repeat-min-words": 4}
    assert Config().params == {}
