"""The site's own furniture, listed in the settings: boilerplate whatever the model says."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import text_article

from detector.config import Config, load_config
from detector.engine import LISTED_REASON, analyze, listed_furniture
from detector.errors import ConfigError

STORY = (
    "The harbour council approved a new ferry timetable on Tuesday after a long debate.\n"
    "Sign up for   THE MORNING newsletter: the day's news before breakfast\n"
    "Boats will leave every twenty minutes from May, the council's chair said.\n"
    "Sign up for the evening edition\n"
)


def test_listed_paragraphs_are_boilerplate_case_and_spacing_aside(fake_model) -> None:
    article = text_article(STORY)
    verdicts = fake_model().predict(article)  # every paragraph content
    listed = listed_furniture(article, verdicts, ["sign up for the morning*"])
    assert [v.role for v in listed] == ["content", "boilerplate", "content", "content"]
    assert listed[1].reasons == (LISTED_REASON,) and listed[1].confidence == 1.0
    whole = listed_furniture(article, verdicts, ["Sign up for the EVENING edition"])
    assert [v.role for v in whole] == ["content", "content", "content", "boilerplate"]
    assert listed_furniture(article, verdicts, ["Sign up for the evening"]) == verdicts  # whole


def test_the_report_drops_listed_furniture_from_the_cleaned_text(fake_model) -> None:
    config = Config(furniture=("Sign up for*",))
    report = analyze(text_article(STORY), model=fake_model(), config=config)
    assert "Sign up" not in report.cleaned_text
    assert "BP001" in {f.rule.code for f in report.findings}
    plain = analyze(text_article(STORY), model=fake_model())
    assert "Sign up for the evening" in plain.cleaned_text


def test_furniture_is_a_setting(tmp_path: Path) -> None:
    (tmp_path / "detector.toml").write_text('furniture = ["Follow us on *"]\n', encoding="utf-8")
    assert load_config(tmp_path).furniture == ("Follow us on *",)
    (tmp_path / "detector.toml").write_text("furniture = [3]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="furniture: expected a list of paragraph patterns"):
        load_config(tmp_path)


def test_check_fix_removes_listed_furniture(tmp_path: Path, monkeypatch, capsys) -> None:
    from gate_articles import clean_markdown, stories

    from detector.cli import main

    monkeypatch.chdir(tmp_path)
    story = stories()[0]
    line = "Our reporters are on the harbour every morning, and so are our readers"
    text = clean_markdown(story).rstrip("\n") + "\n\n" + line + "\n"
    (tmp_path / "story.md").write_text(text, encoding="utf-8")
    (tmp_path / "detector.toml").write_text(f'furniture = ["{line[:30]}*"]\n', "utf-8")
    assert main(["check", "--fix", "--no-cache", "--fail-on", "never", "story.md"]) == 0
    assert line not in (tmp_path / "story.md").read_text(encoding="utf-8")
    assert story["paragraphs"][-1] in (tmp_path / "story.md").read_text(encoding="utf-8")
