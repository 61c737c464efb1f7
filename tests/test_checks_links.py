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


def test_an_address_glued_to_the_end_of_a_sentence() -> None:
    """After a full stop, a closing quote or bracket, or a number, an address with no space is
    glued too; an address inside an address (a web archive's links) or after an opening quote
    (in prose, or code's f-string) is not."""
    analysis = analysed(
        ('He said: "We will build it."https://example.org/', "content"),
        ("Prices rose 0.2% in 2011https://example.org/prices", "content"),
        ("(Photo by Lou Jacobs)https://example.org/photo", "content"),
        ("Archived at https://web.archive.org/web/2013/https://example.org/a today.", "content"),
        ('Visit "https://example.org/b" for more.', "content"),
        (
            'The code builds the address as url = f"https://example.org/search?q={query}".',
            "content",
        ),
    )
    (finding,) = links.run(analysis)
    assert [(g["word"], g["url"]) for g in finding.evidence["links"]] == [
        ('it."', "https://example.org/"),
        ("2011", "https://example.org/prices"),
        ("Jacobs)", "https://example.org/photo"),
    ]
