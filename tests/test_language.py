"""Language identification for the checks that read only some languages."""

from __future__ import annotations

from detector.language import identify, reads_as

ENGLISH = (
    "The harbour council voted on Monday to add two evening crossings to the island ferry, "
    "after a winter in which the last boat left before most offices closed."
)
GERMAN = (
    "Der Gemeinderat hat am Montag beschlossen, zwei Abendfahrten der Fähre einzuführen. "
    "“The first story is about connecting the dots”, sagte der Bürgermeister und lachte."
)
CZECH = (
    "Vláda schválila nový zákon o dani z příjmu, řekl to ministr financí. Podle něj to "
    "pomůže rodinám s dětmi a on sám to považuje za úspěch."
)


def test_english_reads_as_english_and_others_do_not() -> None:
    assert reads_as(ENGLISH, "en")
    assert not reads_as(GERMAN, "en")  # simplemma knows many of its words; function words do not
    assert not reads_as(CZECH, "en")  # "to" and "on" are English words too
    assert not reads_as("Too short.", "en")


def test_identify_names_the_language() -> None:
    assert identify(CZECH) == "cs"
    assert identify("Short.") is None
