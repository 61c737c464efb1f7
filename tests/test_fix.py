"""Fixing articles the project wrote: what goes, what stays, and that a second run is a no-op."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gate_articles import NEWSLETTER, SHARE, scraped_markdown, stories

from detector.batch import analyze_many
from detector.fix import Edit, apply, fix_file, plan, unified_diff, write_atomic
from detector.model import load_model

STORIES = stories()[:3]


@pytest.fixture(scope="module")
def model():
    return load_model()


def analyse(path: Path, model):
    (report,) = list(analyze_many([str(path)], model=model))
    return report


@pytest.mark.parametrize(
    ("story", "newline"),
    [(STORIES[0], "\n"), (STORIES[1], "\r\n"), (STORIES[2], "\r\n")],
    ids=lambda value: value["id"] if isinstance(value, dict) else repr(value),
)
def test_fix_removes_the_debris_and_keeps_the_story(tmp_path, model, story, newline) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(scraped_markdown(story, newline=newline).encode("utf-8"))
    before = path.read_bytes().decode("utf-8")
    report = analyse(path, model)
    result = fix_file(path, report)
    after = result.after
    # The front matter is kept byte for byte, and every line keeps the file's line ending.
    front_end = before.index("---", 3) + 3 + len(newline)
    assert after[:front_end] == before[:front_end]
    assert re.findall(r"\r\n|\r|\n", after) == [newline] * after.count("\n")
    # The scraper's debris is gone: the second headline, the share line, the dot, the box.
    lines = after.split(newline)
    assert lines.count(story["title"]) == 0 and f"# {story['title']}" in lines
    assert SHARE not in lines and "." not in lines and NEWSLETTER not in lines
    # Nothing the model called content is removed, and no blank lines pile up.
    content = [row["text"] for row in report.paragraphs if row.get("model_role") == "content"]
    assert content and all(text in after for text in content)
    assert newline * 3 not in after and after.endswith(newline)
    # A second run changes nothing.
    write_atomic(path, after, result.encoding)
    assert fix_file(path, analyse(path, model)).after == after


def test_diff_and_unsafe_fixes(tmp_path, model) -> None:
    story = STORIES[0]
    first = story["paragraphs"][0]
    path = tmp_path / "a.md"
    text = scraped_markdown(story).replace(first, first + " {{newsletter_signup}}")
    path.write_text(text, encoding="utf-8")
    report = analyse(path, model)
    safe = {report.findings[i].rule.code for i in plan(report)}
    unsafe = {report.findings[i].rule.code for i in plan(report, unsafe=True)}
    assert unsafe - safe == {"EN002"}  # leftover markup goes only when asked
    diff = unified_diff(fix_file(path, report), label="a.md")
    assert diff.startswith("--- a/a.md\n+++ b/a.md\n")
    assert f"-{SHARE}\n" in diff and f"+{first}\n" not in diff
    unsafe_diff = unified_diff(fix_file(path, report, unsafe=True))
    assert f"-{first} {{{{newsletter_signup}}}}\n+{first}\n" in unsafe_diff
    assert path.read_text(encoding="utf-8") == text  # planning and diffing write nothing


def test_plain_text_repairs_mojibake_and_keeps_the_encoding(tmp_path, model) -> None:
    path = tmp_path / "story.txt"
    story = STORIES[1]
    broken = story["paragraphs"][0].replace("a", "Ã¤", 1)
    lines = [story["title"], "", broken, "", *story["paragraphs"][1:], ""]
    path.write_bytes("\n".join(lines).encode("utf-8"))
    report = analyse(path, model)
    result = fix_file(path, report)
    assert "Ã¤" not in result.after and story["paragraphs"][0].replace("a", "ä", 1) in result.after


def test_apply_deletes_whole_lines_and_their_separator() -> None:
    text = "---\ntitle: x\n---\n\nOne.\n\nDrop me\nstill me\n\nTwo.\n\nLast drop\n"
    edits = [Edit("BP001", "delete", 7, 8, True, ""), Edit("BP001", "delete", 12, 12, True, "")]
    assert apply(text, edits) == "---\ntitle: x\n---\n\nOne.\n\nTwo.\n"


def test_write_atomic_replaces_in_one_step(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", crash)
    with pytest.raises(OSError):
        write_atomic(path, "new\n", "utf-8")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left
    monkeypatch.undo()
    write_atomic(path, "new\n", "latin-1")
    assert path.read_text(encoding="utf-8") == "new\n" and path.stat().st_mode & 0o777 == 0o640
