"""The ``detector check`` settings: severity overrides, per-file ignores, min-score, globs."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.config import Config, check_codes, file_keys, load_config
from detector.errors import ConfigError
from detector.findings import Severity

CODES = ("BP001", "BP002", "DT001", "DT002", "TI001", "NM001")


def write(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text('[project]\nname = "news"\n\n[tool.detector]\n' + body, encoding="utf-8")
    return path


def test_check_keys_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'min-score = 70\ninclude = ["content/**/*.md"]\nexclude = "drafts/"\n'
        '[tool.detector.severity]\nTI001 = "error"\ndt = "info"\n'
        '[tool.detector.per-file-ignores]\n"archive/**" = ["DT", "nm001"]\n',
    )
    config = load_config(tmp_path)
    assert config.min_score == 70
    assert config.include == ("content/**/*.md",)
    assert config.exclude == ("drafts/",)
    assert config.severity == {"TI001": Severity.ERROR, "DT": Severity.INFO}
    assert config.per_file_ignores == {"archive/**": ("DT", "NM001")}
    assert config.root == tmp_path
    assert file_keys(path) == {"min-score", "include", "exclude", "severity", "per-file-ignores"}
    check_codes(config, CODES)


def test_severity_override_longest_prefix_wins() -> None:
    config = Config(severity={"DT": Severity.INFO, "DT002": Severity.ERROR})
    assert config.severity_for("DT001") is Severity.INFO
    assert config.severity_for("DT002") is Severity.ERROR
    assert config.severity_for("TI001") is None


def test_per_file_ignores_match_relative_to_the_config(tmp_path: Path) -> None:
    config = Config(
        per_file_ignores={"archive/**": ("DT",), "*.txt": ("NM001",)},
        source=str(tmp_path / "detector.toml"),
    )
    assert config.ignored_in(tmp_path / "archive" / "2019" / "a.md") == ("DT",)
    assert config.ignored_in(tmp_path / "news" / "b.txt") == ("NM001",)
    assert config.ignored_in(tmp_path / "archive" / "c.txt") == ("DT", "NM001")
    assert config.ignored_in(tmp_path / "news" / "d.md") == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("min_scor = 70\n", "unknown key 'min_scor' in [tool.detector] (did you mean 'min-score'"),
        ("per-file-ignore = {}\n", "(did you mean 'per-file-ignores'?)"),
        ("min-score = 170\n", "min-score: expected a whole number from 0 to 100, got 170"),
        ("min-score = true\n", "min-score: expected a whole number"),
        ('include = [""]\n', "include: expected a list of glob patterns"),
        ("exclude = 3\n", "exclude: expected a list of glob patterns"),
        ('severity = "error"\n', "severity: expected a table of rule code = severity"),
        ('[tool.detector.severity]\nTI001 = "fatal"\n', "severity.TI001: unknown severity 'fatal'"),
        ('[tool.detector.severity]\n"T1" = "error"\n', "'T1' is not a rule code or prefix"),
        ('[tool.detector.per-file-ignores]\n"a/**" = 3\n', "expected a list of rule codes"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, body: str, message: str) -> None:
    write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert message in str(info.value)
    assert str(tmp_path / "pyproject.toml") in str(info.value)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            Config(severity={"TI009": Severity.ERROR}, source="p.toml"),
            "p.toml: severity: no rule code starts with 'TI009' (did you mean TI001?)",
        ),
        (
            Config(per_file_ignores={"a/**": ("DT003",)}, source="p.toml"),
            "p.toml: per-file-ignores.'a/**': no rule code starts with 'DT003' (did you mean",
        ),
    ],
)
def test_unknown_codes_are_errors_with_a_suggestion(config: Config, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        check_codes(config, CODES)
    assert message in str(info.value)
