"""The renderer registry and the start / add / finish life cycle."""

from __future__ import annotations

import io
import json

import pytest

from detector.article import Origin
from detector.errors import ConfigError
from detector.findings import Report
from detector.render import FORMATS, RENDERERS, Renderer, get_renderer


def reports() -> list[Report]:
    return [
        Report.unreadable(Origin("a.jsonl", record=1, line=1), "a.jsonl: line 1: bad"),
        Report.unreadable(Origin("a.jsonl", record=2, line=2), "a.jsonl: line 2: bad"),
    ]


def test_formats_come_from_the_registry() -> None:
    assert FORMATS == tuple(RENDERERS) and {"text", "json", "jsonl"} <= set(FORMATS)
    for name, renderer in RENDERERS.items():
        assert issubclass(renderer, Renderer) and renderer.name == name


def test_unknown_format_suggests_a_close_one() -> None:
    with pytest.raises(ConfigError, match=r"unknown output format 'jsnl' \(did you mean jsonl\?\)"):
        get_renderer("jsnl")


def test_jsonl_streams_and_json_collects() -> None:
    out = io.StringIO()
    jsonl = get_renderer("jsonl")(out)
    jsonl.start()
    jsonl.add(reports()[0])
    assert json.loads(out.getvalue())["origin"]["line"] == 1  # written before the run ends
    jsonl.add(reports()[1])
    jsonl.finish()
    assert [json.loads(line)["source"] for line in out.getvalue().splitlines()] == [
        "a.jsonl#1",
        "a.jsonl#2",
    ]
    out = io.StringIO()
    whole = get_renderer("json")(out)
    whole.start()
    for report in reports():
        whole.add(report)
    assert out.getvalue() == ""
    whole.finish()
    assert [r["verdict"] for r in json.loads(out.getvalue())] == ["error", "error"]


@pytest.mark.parametrize(("array", "expected"), [(None, dict), (True, list)])
def test_json_of_one_report(array, expected) -> None:
    out = io.StringIO()
    renderer = get_renderer("json")(out, array=array)
    renderer.add(reports()[0])
    renderer.finish()
    assert isinstance(json.loads(out.getvalue()), expected)


def test_text_renders_an_unreadable_report_given_one() -> None:
    assert get_renderer("jsonl").rows_for_errors and not get_renderer("text").rows_for_errors
    out = io.StringIO()
    renderer = get_renderer("text")(out, width=80)
    for report in reports():
        renderer.add(report)
    renderer.finish()
    text = out.getvalue()
    assert "IN001" in text and "a.jsonl: line 2: bad" in text
