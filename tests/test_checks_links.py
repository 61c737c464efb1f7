from __future__ import annotations

from helpers import rows_analysis as analysed

from detector.checks import links


def test_word_glued_to_a_url() -> None:
    analysis = analysed(
        ("The statement is on the ministry's websitehttps://example.org/statement.", "content"),
        (
            "Read it at www.example.org or https://example.org/a and see Deskwww.example.net.",
            "content",
        ),
    )
    (finding,) = links.run(analysis)
    assert [(g["word"], g["url"], g["line"]) for g in finding.evidence["links"]] == [
        ("website", "https://example.org/statement", 1),
        ("Desk", "www.example.net", 3),
    ]
    assert finding.lines == (1, 3)
    assert finding.places == 2  # two glued words: the score charges both
    assert "“website” + “https://example.org/statement”" in finding.message


def test_boilerplate_and_spaced_links_are_not_reported() -> None:
    analysis = analysed(
        ("World Nation News Deskhttps://worldnationnews.com/", "boilerplate"),
        ("Details: https://example.org/x and (https://example.org/y).", "content"),
    )
    assert list(links.run(analysis)) == []
