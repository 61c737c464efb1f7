from __future__ import annotations

import pytest
from helpers import rows_analysis as analysed

from detector.checks import encoding


@pytest.mark.parametrize(
    ("text", "broken", "fixed"),
    [
        ("Fans in Ã…lesund waited three hours.", "Ã…lesund", "Ålesund"),
        ("The cafÃ© on the corner closed.", "cafÃ©", "café"),
        ("We donâ€™t know yet, she said.", "donâ€™t", "don’t"),
        ("Tickets cost Â£5 at the door.", "Â£5", "£5"),
        ("Bank UkrsotsbankвЂ™s rating was cut.", "UkrsotsbankвЂ™s", "Ukrsotsbank’s"),
        ("Dzieï¿½ dobry, he said.", "Dzieï¿½", None),
    ],
)
def test_mojibake_is_found_with_its_repair(text: str, broken: str, fixed: str | None) -> None:
    findings = [f for f in encoding.run(analysed((text, "content"))) if f.rule.code == "EN001"]
    (finding,) = findings
    (word,) = finding.evidence["words"]
    assert (word["text"], word["fixed"]) == (broken, fixed)
    assert finding.lines == (1,)
    assert f"“{broken}”" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "“Now we are at a stage,” she said — and Russia’s reply came fast.",
        "Naïve résumés from São Paulo and Zürich, 5×3 metres, SÓ…",
        "Plain ASCII text with nothing unusual.",
    ],
)
def test_clean_text_is_not_mojibake(text: str) -> None:
    assert encoding.mojibake(analysed((text, "content"))) == []


def test_boilerplate_is_left_to_bp001() -> None:
    analysis = analysed(("The cafÃ© <br> closed.", "boilerplate"))
    assert list(encoding.run(analysis)) == []


def test_each_broken_word_is_a_place_of_its_finding() -> None:
    (finding,) = encoding.run(analysed(("The cafÃ© in Ã…lesund closed.", "content")))
    assert finding.rule.code == "EN001"
    assert finding.places == len(finding.evidence[next(iter(finding.evidence))]) == 2


def test_leftover_markup_kinds() -> None:
    text = (
        "The mayor said:&nbsp;“We are proud.”<br> Posted by %s in {{category}} "
        '[caption id="x" align="c"]A photo[/caption] &amp;nbsp; <!-- ad --> ${author}'
    )
    found = encoding.leftover_markup(analysed((text, "content")))
    assert {(m["kind"], m["text"]) for m in found} == {
        ("html_comment", "<!-- ad -->"),
        ("html_tag", "<br>"),
        ("entity", "&nbsp;"),
        ("entity", "&amp;nbsp;"),
        ("placeholder", "%s"),
        ("placeholder", "{{category}}"),
        ("placeholder", "${author}"),
        ("shortcode", '[caption id="x" align="c"]'),
        ("shortcode", "[/caption]"),
    }
    (finding,) = encoding.run(analysed((text, "content")))
    assert finding.rule.code == "EN002"
    assert "“<br>” (line 1)" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Spending on R&D rose 50% while 5 < 6 and 7 > 3 held.",
        "The [sic] note and the [1] footnote stay; so does AT&T.",
        "Profits grew 20%, she said, and 100% of staff agreed.",
    ],
)
def test_ordinary_text_has_no_markup(text: str) -> None:
    assert encoding.leftover_markup(analysed((text, "content"))) == []


def test_markdown_keeps_its_tags_and_entities_but_not_placeholders() -> None:
    text = "A line break<br> and&nbsp;space, then {{title}}."
    found = encoding.leftover_markup(analysed((text, "content"), fmt="markdown"))
    assert [(m["kind"], m["text"]) for m in found] == [("placeholder", "{{title}}")]


def test_invisible_control_characters_are_spelled_out_in_the_message() -> None:
    """A Windows-1252 quote read as Latin-1 becomes an invisible C1 control ("\\x84"): the
    message spells it out, so that it says what is wrong with the word."""
    text = "\x84Elmentem a falumba\x94, mondta az asszony a piacon."
    findings = [f for f in encoding.run(analysed((text, "content"))) if f.rule.code == "EN001"]
    (finding,) = findings
    assert "\\x84" in finding.message
    assert "\x84" not in finding.message
