"""Language identification for the checks that read only some languages."""

from __future__ import annotations

import subprocess
import sys

from detector.language import identify, language_of, reads_as

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
    assert not reads_as(GERMAN, "en")  # the word list knows many of its words; function words not
    assert not reads_as(CZECH, "en")  # "to" and "on" are English words too
    assert not reads_as("Too short.", "en")


def test_identify_names_the_language() -> None:
    assert identify(CZECH) == "cs"
    assert identify("Short.") is None


FRENCH = (
    "Le conseil municipal a voté lundi pour ajouter deux traversées du soir, parce que le "
    "dernier bateau partait avant la fermeture des bureaux et que les habitants le demandaient."
)


def test_language_of_trusts_a_declaration_the_words_agree_with() -> None:
    assert language_of(GERMAN, "de-AT") == "de"
    assert language_of(CZECH, "cs") == "cs"  # words of none of the seven languages: declared


def test_language_of_overrules_a_template_declaration() -> None:
    # A CMS's default lang="en-US" on a French story: the function words say French.
    assert language_of(FRENCH, "en-US") == "fr"
    assert language_of(ENGLISH, "de") == "en"


def test_language_of_without_declaration_and_short_text() -> None:
    assert language_of(FRENCH) == "fr"
    assert language_of("Kurz.", "de") is None


def test_clear_function_words_do_not_load_the_statistical_model() -> None:
    # py3langid holds 70-120 MB: a declared page whose words agree must not load it.
    code = (
        "import sys; from detector.language import language_of; "
        f"assert language_of({GERMAN!r}, 'de') == 'de'; "
        f"assert language_of({FRENCH!r}) == 'fr'; "
        "print('py3langid' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reading_english_uses_the_spelling_list_not_simplemma() -> None:
    # simplemma's English dictionary is 20 MB and most of a second to load; the English word
    # list of the spelling checks answers the same question.
    code = (
        "import sys; from detector.language import reads_as; "
        f"assert reads_as({ENGLISH!r}, 'en'); assert not reads_as({GERMAN!r}, 'en'); "
        "print('simplemma' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_word_list_is_pyspellchecker_s_own() -> None:
    from spellchecker import SpellChecker

    from detector.checks.lexicon import count_known, known

    words = SpellChecker(language="en", distance=1).word_frequency.dictionary
    assert all(known(word) for word in words)
    assert known("Iceland") and known("IRELAND")
    assert not any(known(word) for word in ("chruchill", "irelandfor", "berbock", "zzqx", ""))
    assert count_known(["Iceland", "chruchill", "the", "zzqx"]) == 2
    assert count_known([]) == 0
