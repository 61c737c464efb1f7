from __future__ import annotations

import pytest
from helpers import rows_analysis as analysed

from detector.checks import truncation

START = "The bakery on Mill Street reopened on Friday, three months after a fire."


def test_mid_sentence_ending() -> None:
    last = "The council said inspectors were expected to visit small food businesses and"
    (finding,) = truncation.run(analysed((START, "content"), (last, "content")))
    (sign,) = finding.evidence["signs"]
    assert sign["sign"] == "mid_sentence"
    assert sign["dangling"] is True
    assert finding.lines == (3,)
    assert finding.remove == ()
    assert "stops mid-sentence" in finding.message


def test_ellipsis_ending_and_cue_only_paragraph() -> None:
    analysis = analysed(
        (START, "content"),
        ("The owner said the neighbours had raised money for new ovens, and that…", "content"),
        ("Continue reading", "content"),
    )
    (finding,) = truncation.run(analysis)
    assert [(s["sign"], s["line"]) for s in finding.evidence["signs"]] == [
        ("cue", 5),
        ("ellipsis", 3),
    ]
    assert finding.remove == (2,)


def test_ellipsis_on_the_last_story_paragraph() -> None:
    last = "The owner said the neighbours had raised money for new ovens, and that…"
    (finding,) = truncation.run(analysed((START, "content"), (last, "content")))
    assert [s["sign"] for s in finding.evidence["signs"]] == ["ellipsis"]


@pytest.mark.parametrize(
    "last",
    [
        "The bakery opens at seven every morning except Sunday.",
        "(Reporting by Jane Doe; editing by Tom Roe)",
        "Reporting by Jane Doe in Lisbon; editing by Tom Roe",
        "“We could not have done it alone,” she said",
        "I continue reading his books every winter, she said.",
        "Short closing line",
    ],
)
def test_complete_endings(last: str) -> None:
    assert list(truncation.run(analysed((START, "content"), (last, "content")))) == []


def test_cue_in_boilerplate_is_left_to_bp001() -> None:
    analysis = analysed((START, "content"), ("Read more…", "boilerplate"))
    assert list(truncation.run(analysis)) == []


@pytest.mark.parametrize(
    "last",
    [
        # a sign-off of capitalised words after the last full stop
        "The bakery will sell its first loaves on Saturday morning, the owner said. TNS",
        "Freedom is found where duty and courage meet on the long road home. Ada Merriweather",
        # a handle, a web address, a phone number
        "Write to the author about the bakery and the fire, and follow her on Twitter: @crumbdesk",
        "Read about the rebuilding of the bakery and its new ovens at millbakery.org/",
        "Mehr Infos zur neuen Bäckerei und zum Ofen auch auf der Seite der Stadt: muehle.de",
        # a copyright line or a disclaimer, a note on the author, a licence in capitals
        "Copyright 2008 Valley Post. This material may not be published, broadcast, rewritten "
        "or redistributed",
        "The Valley Post is not responsible for the content of external internet sites",
        "Ana Ruiz es periodista. Tomás Vidal es abogado administrativista y analista internacional",
        "Wenn nicht anders ausgewiesen, stehen die Inhalte dieser Seite unter CC-BY",
        "For copies of this article please contact Valley Post Reprints at 555-0100 or visit",
        # an emote in asterisks, a credit in brackets
        "Den Beweis konnte er nicht erbringen, den gibt es ja auch gar nicht *ggg*",
        "(Quelle: Bäckerei an der Mühle, Rezept der Woche…)",
        # a sign-off decorated with dashes
        'Our search for better bread never ends, and never will." - Tomás Vidal -',
        "For orders and questions about the bakery call the shop on 0161 496 0000",
        # a list item and a rule line
        "* Flour, salt, water and a starter that the owner has kept alive for ten years",
        "The bakery reopened with the same recipes and a new oven ______________",
        # a German closing quote after the full stop, a Japanese full stop
        "Die Bäckerei öffnet wieder, sagte die Inhaberin: „Wir backen weiter wie bisher.“",
        "パン屋は火事から三か月後の金曜日に営業を再開したと店主は話した。",
        # a lead-in to embedded media, a DOI, text set with spaced letters
        "The owner shows how the new oven bakes forty loaves at once in the video below",
        "Bread and health were surveyed by Moss and Lind in Food Research 12: 40-51. doi: "
        "10.1234/fr.2012.0040",
        "t h e   b a k e r y   i s   o p e n   a g a i n   o n   M o n d a y",
        # a caption or a link title: a short line of names and nouns
        "A ferry passes the old lighthouse near Harbour Point",
        "Analysis: Mill Bakery wins the town's bread award again",
        # lead-ins, also in other languages, and a dotted rule
        "If you are on the Coastline app, click here to watch live",
        "Lesen Sie die vollständigen Regeln für Kommentare hier",
        "................................................",
        # an end mark, an emoji, a credit line after the story
        "The bakery opened its doors again on Monday, and the queue was long. ❖",
        "Ich backe jetzt jeden Sonntag mein eigenes Brot und das gefällt mir 😉",
        "Ten loaves were sold in the first hour. – Additional reporting from Valley Post",
        # a run of link titles left after the story
        "Sourdough Starter Guide New Oven Arrives At Mill Bakery Best Loaves of the Year "
        "Winter Menu announced",
    ],
)
def test_endings_that_are_not_cuts(last: str) -> None:
    assert list(truncation.run(analysed((START, "content"), (last, "content")))) == []


def test_a_cut_after_a_full_stop_is_still_a_cut() -> None:
    last = "The owner thanked the neighbours who had helped after the fire. The"
    (finding,) = truncation.run(analysed((START, "content"), (last, "content")))
    assert finding.evidence["signs"][0]["sign"] == "mid_sentence"


@pytest.mark.parametrize(
    "last",
    [
        "The owners said the new oven had arrived and that the bakers",
        "The council will publish the full budget next week, and members said they expected",
    ],
)
def test_a_short_cut_of_prose_is_still_a_cut(last: str) -> None:
    (finding,) = truncation.run(analysed((START, "content"), (last, "content")))
    assert finding.evidence["signs"][0]["sign"] == "mid_sentence"


def test_a_story_that_drops_its_full_stops_is_not_cut_off() -> None:
    casual = "we went to the new bakery on the corner and the bread was still warm"
    analysis = analysed(
        (casual, "content"),
        ("the owner told us the oven came all the way from Lyon last winter", "content"),
        ("next time we will get there before the croissants run out for sure", "content"),
    )
    assert list(truncation.run(analysis)) == []


def test_a_capitalised_function_word_after_a_full_stop_dangles() -> None:
    last = "The owner thanked the neighbours who had helped after the fire. And"
    (finding,) = truncation.run(analysed((START, "content"), (last, "content")))
    assert finding.evidence["signs"][0]["dangling"] is True


def test_a_teaser_link_after_the_story_is_not_its_last_paragraph() -> None:
    """On a page, links left after the story ("ALSO" and a few headlines) are link titles: the
    story's last paragraph is the one before them."""
    from helpers import page_analysis

    page = (
        f"<html><body><p>{START}</p><p>The oven was delivered on Monday.</p>"
        '<p><a href="/utah">Utah is the land of ski runs, parks and a really bad smog '
        "problem</a></p></body></html>"
    )
    assert list(truncation.run(page_analysis(page, lambda p: "content"))) == []
    cut = page.replace("delivered on Monday.", "delivered on Monday, and the bakers said that")
    (finding,) = truncation.run(page_analysis(cut, lambda p: "content"))
    assert finding.evidence["signs"][0]["paragraph"] == 1


def test_a_cue_with_the_story_going_on_after_it_is_no_cut() -> None:
    """A skip link past an advertisement ("Continue reading the main story") is followed by the
    rest of the story: nothing was cut."""
    rest = "The bank said it would buy more bonds every month until prices rise again."
    analysis = analysed(
        (START, "content"),
        ("Global shift? Continue reading the main story", "content"),
        (rest, "content"),
    )
    assert list(truncation.run(analysis)) == []
