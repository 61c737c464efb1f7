from __future__ import annotations

from helpers import rows_analysis as analysed

from detector.checks import duplicates

PARA = "The council will vote on the budget on Thursday, its chair said after the meeting."


def test_exact_repeat_keeps_the_first() -> None:
    analysis = analysed(
        (PARA, "content"),
        ("Residents have until Friday to comment on the draft plan.", "content"),
        ("  " + PARA.upper() + " ", "content"),
    )
    (finding,) = duplicates.run(analysis)
    assert finding.remove == (2,)
    assert finding.lines == (1, 5)
    assert finding.evidence["match"] == "exact"
    assert finding.evidence["original_line"] == 1
    assert finding.message.startswith("Line 5 repeats line 1:")


def test_near_repeat() -> None:
    near = PARA.replace("Thursday", "Thurday")
    (finding,) = duplicates.run(analysed((PARA, "content"), (near, "content")))
    assert finding.evidence["match"] == "near"
    assert finding.evidence["similarity"][0] >= 95


def test_near_items_with_other_numbers_are_two_items() -> None:
    """Two references that differ in their numbers are two items of a list, not a copy; a copy
    that only lacks a number of the first is still one."""
    ref = "McLintock, Alexander, ed. (April 2009). Painted Designs. An Encyclopaedia. Retrieved {}."
    first, second = ref.format("15 February 2011"), ref.format("16 February 2011")
    assert list(duplicates.run(analysed((first, "content"), (second, "content")))) == []
    shorter = PARA.replace("Thursday", "Thursday 12")
    (finding,) = duplicates.run(analysed((shorter, "content"), (PARA, "content")))
    assert finding.evidence["match"] == "near"


def test_short_lines_titles_and_boilerplate_are_not_repeats() -> None:
    headline = "Council Will Vote On The Budget On Thursday Night"
    analysis = analysed(
        (headline, "title"),
        (headline.lower(), "content"),
        ("He declined.", "content"),
        ("He declined.", "content"),
        ("Sign up for our daily newsletter here", "boilerplate"),
        ("Sign up for our daily newsletter here", "boilerplate"),
        (PARA, "content"),
    )
    assert list(duplicates.run(analysis)) == []


def test_repeated_headings_are_not_reported() -> None:
    heading = "Part Two: How the Budget Was Drawn Up in Committee"
    analysis = analysed(
        (heading, "content"),
        (PARA, "content"),
        (heading, "content"),
        ("Posted by the newsroom on Thursday at 14:32", "content"),
        ("Residents have until Friday to comment on the draft plan.", "content"),
        ("Posted by the newsroom on Thursday at 14:32", "content"),
    )
    assert list(duplicates.run(analysis)) == []


def test_a_long_line_without_full_stop_is_still_compared() -> None:
    long = (
        "Residents who spoke at the hearing asked the council to delay the vote until the "
        "spring and to publish the costs"
    )
    analysis = analysed((long, "content"), (PARA, "content"), (long, "content"))
    (finding,) = duplicates.run(analysis)
    assert finding.remove == (2,)


def test_the_shortest_compared_paragraph_is_a_check_parameter() -> None:
    import dataclasses
    from datetime import date

    from detector.context import RunContext

    quote = "We will not give up, she said."  # 7 words: compared by default
    analysis = analysed((quote, "content"), (PARA, "content"), (quote, "content"))
    assert len(list(duplicates.run(analysis))) == 1
    context = RunContext(date(2024, 5, 1), {"repeat-min-words": 8})
    assert list(duplicates.run(dataclasses.replace(analysis, context=context))) == []


def test_each_copy_is_a_place_of_its_finding() -> None:
    analysis = analysed(
        (PARA, "content"),
        ("Residents have until Friday to comment on the draft plan.", "content"),
        (PARA, "content"),
        (PARA, "content"),
    )
    (finding,) = duplicates.run(analysis)
    assert finding.remove == (2, 3)
    assert finding.places == 2
