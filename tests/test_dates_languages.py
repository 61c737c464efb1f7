"""Dates across languages: tense cues, update/print datelines, teaser dates, offered dates.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import text_analysis as analysed

from detector.checks import dates as date_checks
from detector.dates import date_label, find_dates, parse_declared, tense_of
from detector.tense import TENSE_CUES, sentence_language

TODAY = date(2025, 1, 1)


def _tense(sentence: str, mention: str) -> str | None:
    start = sentence.index(mention)
    return tense_of(sentence, start, start + len(mention))


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Der Markt ist am Sonntag geschlossen und die Stadt plant ein Fest.", "de"),
        ("Le marché est fermé le dimanche et la ville prépare une fête.", "fr"),
        ("El mercado está cerrado el domingo y la ciudad prepara una fiesta.", "es"),
        ("Il mercato è chiuso la domenica e la città prepara una festa per tutti.", "it"),
        ("O mercado fica fechado no domingo e a cidade prepara uma festa.", "pt"),
        ("De markt is op zondag gesloten en de stad bereidt een feest voor.", "nl"),
        ("The market is closed on Sunday and the town is planning a party.", "en"),
        ("2023", None),
    ],
)
def test_sentence_language_by_function_words(sentence: str, lang: str | None) -> None:
    assert sentence_language(sentence) == lang


@pytest.mark.parametrize(
    ("sentence", "mention", "tense"),
    [
        # German: adverbs and adjectives of time, past auxiliaries; "wird" is not a future cue
        (
            "Die Messe findet voraussichtlich am 12. März 2026 in der neuen Halle statt.",
            "12. März 2026",
            "future",
        ),
        (
            "Die kommende Sitzung des Rates ist für den 4. Mai 2026 geplant.",
            "4. Mai 2026",
            "future",
        ),
        ("Die Brücke wurde am 3. Juni 1998 für den Verkehr freigegeben.", "3. Juni 1998", "past"),
        ("Seit dem 1. Januar 2020 wird die Gebühr jeden Monat erhoben.", "1. Januar 2020", "past"),
        ("Der Preis wird am 5. Mai 2024 verliehen.", "5. Mai 2024", None),
        # French: synthetic future, "prochain", imparfait and passé composé
        (
            "Le concert aura lieu le 14 juillet 2026 sur la place du marché.",
            "14 juillet 2026",
            "future",
        ),
        (
            "La prochaine réunion du conseil est prévue pour le 3 mars 2026.",
            "3 mars 2026",
            "future",
        ),
        ("Le pont était fermé depuis le 2 février 2019 pour travaux.", "2 février 2019", "past"),
        (
            "Le maire a inauguré la bibliothèque le 9 octobre 2018 devant les habitants.",
            "9 octobre 2018",
            "past",
        ),
        # Spanish
        (
            "La feria se celebrará el 20 de abril de 2026 en el puerto.",
            "20 de abril de 2026",
            "future",
        ),
        (
            "El puente fue inaugurado el 3 de junio de 1998 por el alcalde.",
            "3 de junio de 1998",
            "past",
        ),
        (
            "El museo abrió sus puertas el 8 de mayo de 2015 con una gran fiesta.",
            "8 de mayo de 2015",
            "past",
        ),
        # Italian, Portuguese, Dutch
        (
            "La mostra sarà inaugurata il 3 giugno 2026 nel palazzo comunale.",
            "3 giugno 2026",
            "future",
        ),
        ("Il ponte fu aperto il 3 giugno 1998 dopo due anni di lavori.", "3 giugno 1998", "past"),
        (
            "A feira será realizada em 20 de abril de 2026 no porto da cidade.",
            "20 de abril de 2026",
            "future",
        ),
        (
            "A ponte foi inaugurada em 3 de junho de 1998 pelo prefeito.",
            "3 de junho de 1998",
            "past",
        ),
        (
            "De nieuwe brug zal op 3 juni 2026 worden geopend voor het verkeer.",
            "3 juni 2026",
            "future",
        ),
        ("De brug werd op 3 juni 1998 geopend voor het verkeer.", "3 juni 1998", "past"),
    ],
)
def test_tense_cues_per_language(sentence: str, mention: str, tense: str | None) -> None:
    assert _tense(sentence, mention) == tense


def test_every_language_has_each_kind_of_cue() -> None:
    for cues in TENSE_CUES.values():
        assert cues.function_words and cues.attribution
        for pattern in (cues.future, cues.past, cues.present, cues.intent, cues.deadline):
            assert pattern.pattern


def test_a_deadline_is_never_past_in_any_language() -> None:
    assert (
        _tense("Die Anträge mussten bis zum 9. Februar 2022 eingereicht werden.", "9. Februar 2022")
        != "past"
    )
    assert (
        _tense("Les dossiers étaient à déposer avant le 9 février 2022.", "9 février 2022")
        != "past"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "In a letter of May 2006, the late author’s unsigned will left the house to a niece.",
        "The lawyers read her will in March 2006 to the family.",
    ],
)
def test_the_noun_will_is_not_a_future(sentence: str) -> None:
    mention = "May 2006" if "May" in sentence else "March 2006"
    assert _tense(sentence, mention) != "future"
    assert _tense("The council will vote in March 2026.", "March 2026") == "future"


def test_no_cue_is_read_across_a_verb_of_saying() -> None:
    sentence = (
        "The bank had raised its forecast on March 22, said the report, and the slump will be the "
        "deepest in decades."
    )
    assert _tense(sentence, "March 22") != "future"


@pytest.mark.parametrize(
    ("prefix", "label"),
    [
        ("Updated ", "updated"),
        ("Aktualisiert am ", "updated"),
        ("Mis à jour le ", "updated"),
        ("Actualizado el ", "updated"),
        ("Aggiornato il ", "updated"),
        ("Atualizado em ", "updated"),
        ("Bijgewerkt op ", "updated"),
        ("Correction added ", "updated"),
        ("Korrektur vom ", "updated"),
        ("Rectificatif du ", "updated"),
        ("Printed ", "other"),
        ("Published in print ", "other"),
        ("Ausdruck vom ", "other"),
        ("Erschienen in der Printausgabe vom ", "other"),
        ("Abgerufen am ", "other"),
        ("Registriert: ", "other"),
        ("Aktuelle Zeit: ", "other"),
        ("Édition papier du ", "other"),
        ("Edición impresa del ", "other"),
        ("Member since ", "other"),
        ("Published ", "published"),
        ("Veröffentlicht am ", "published"),
        ("Stand: ", "published"),
        ("", "published"),
    ],
)
def test_date_labels_in_several_languages(prefix: str, label: str) -> None:
    assert date_label(prefix) == label
    assert parse_declared(f"{prefix}3 June 2023") == [(date(2023, 6, 3), label)]


def test_a_correction_note_sets_no_bound() -> None:
    text = (
        "November 15, 2023\n"
        "Correction added Nov. 18, 2023: The caption below the photograph was changed."
    )
    analysis = analysed(text, {1: "dateline"}, date="2023-11-15")
    assert not date_checks.content_support(analysis, date(2023, 11, 15), TODAY)
    assert not date_checks.check_dates(analysis, today=TODAY)


def test_a_short_dotted_date_is_day_first() -> None:
    from detector.dates import parse_date

    assert parse_date("6.11.22", fallback=True) == date(2022, 11, 6)
    assert parse_date("Version 6.11.224", fallback=True) is None


def test_a_dotted_dateline_beats_a_swapped_extractor_date() -> None:
    from detector.stamp import Candidate, reconcile

    text = "Erstellt am: 01.11.2023\nDer Gemeinderat warnt vor dem Leitungswasser."
    analysis = analysed(text, {1: "dateline"}, date="2023-01-11")
    declared = date_checks.declared_dates(analysis)
    assert declared[0].unambiguous and not declared[1].unambiguous
    assert reconcile([d.candidate() for d in declared], headline=None) == date(2023, 11, 1)
    (finding,) = date_checks.check_dates(analysis, today=TODAY)
    assert finding.rule.code == "DT003"
    numeric = [Candidate("dateline", date(2023, 11, 1), paragraph=0), declared[1].candidate()]
    assert reconcile(numeric, headline=None) == date(2023, 1, 11)  # 01/11/2023: either way


def test_more_month_names_are_read() -> None:
    for text in ("3 giugno 2023", "3 de junho de 2023", "3 juni 2023", "3 mei 2023"):
        (mention,) = find_dates(text)
        assert (mention.year, mention.day) == (2023, 3)


# --- declared dates ------------------------------------------------------------------------


def _declared(text: str, roles: dict[int, str], **fields: object) -> list[tuple[date, str]]:
    return [(d.day, d.label) for d in date_checks.declared_dates(analysed(text, roles, **fields))]


def test_a_printout_or_registration_date_is_not_declared() -> None:
    text = "Ausdruck vom 11.02.2024\nVeröffentlicht am 23.01.2024\nDer Rat tagte lange."
    assert _declared(text, {1: "dateline", 2: "dateline"}) == [(date(2024, 1, 23), "published")]
    text = "Registered: 18.09.2008\nPosted 21.01.2009\nThe thread starts here."
    assert _declared(text, {1: "dateline", 2: "dateline"}) == [(date(2009, 1, 21), "published")]


def test_a_list_of_teasers_with_dates_is_not_a_dateline() -> None:
    text = (
        "Published 23.01.2024\n"
        "11.02.2024 What the new app does 09.02.2024 A short guide 05.02.2024 Backing up contacts\n"
        "The story itself."
    )
    assert _declared(text, {1: "dateline", 2: "dateline"}) == [(date(2024, 1, 23), "published")]


def test_a_printout_does_not_contradict_the_publication_date() -> None:
    text = "Ausdruck vom 11.02.2024\nVeröffentlicht am 23.01.2024\nDer Rat tagte lange am Abend."
    analysis = analysed(text, {1: "dateline", 2: "dateline"}, date="2024-01-23")
    assert not date_checks.check_dates(analysis, today=TODAY)


def test_an_unlabelled_update_far_from_the_headline_does_not_contradict() -> None:
    lines = ["How to choose a good winter coat", "Published 12 April 2017"]
    lines += [f"Paragraph {i} of the guide talks about wool and down." for i in range(12)]
    lines.append("| 19 February 2020")
    roles = {1: "title", 2: "dateline", len(lines): "dateline"}
    meta = {"htmldate:original": "2017-04-12", "htmldate:updated": "2020-02-19"}
    analysis = analysed("\n".join(lines), roles, date="2017-04-12", meta=meta)
    assert not [f for f in date_checks.check_dates(analysis, today=TODAY) if f.rule.code == "DT003"]


@pytest.mark.parametrize(
    "sentence",
    [
        "07.06.2016: Germany will not win the cup, the bank says",
        "(21 November 2022) Prices will rise again next year.",
        "See https://news.example.com/2016/06/07/the-cup-will-be-lost for more.",
    ],
)
def test_a_date_that_labels_an_item_sets_no_bound(sentence: str) -> None:
    text = f"Published 9 July 2016\n{sentence}"
    analysis = analysed(text, {1: "dateline"})
    assert not date_checks.content_support(analysis, date(2016, 7, 9), TODAY)


# --- the date the content supports -----------------------------------------------------------


def test_dt003_offers_the_date_the_content_supports() -> None:
    text = (
        "Harbour bridge opens\n"
        "January 18, 2022\n"
        "The new bridge is expected to open to traffic on February 10, 2022, the council said.\n"
        "It was approved in 2017."
    )
    analysis = analysed(
        text,
        {1: "title", 2: "dateline"},
        date="2023-06-03",
        meta={"url_date": "2023-06-03", "htmldate:original": "2023-06-03"},
    )
    (finding,) = [
        f for f in date_checks.check_dates(analysis, today=TODAY) if f.rule.code == "DT003"
    ]
    assert finding.evidence["suggested_date"] == "2022-01-18"
    assert finding.evidence["suggested_source"] == "dateline"
    assert finding.evidence["supported"]["not_after"] == "2022-02-10"
    assert "The content supports 2022-01-18" in finding.message
    assert date_checks.ruled_out(date(2023, 6, 3), finding.evidence)
    assert not date_checks.ruled_out(date(2022, 1, 18), finding.evidence)


def test_no_date_is_offered_when_the_stamp_fits() -> None:
    text = "Harbour bridge opens\nJanuary 18, 2022\nThe bridge will open on February 10, 2022."
    analysis = analysed(text, {1: "title", 2: "dateline"}, date="2022-01-18")
    findings = date_checks.check_dates(analysis, today=TODAY)
    assert all(f.evidence.get("suggested_date") is None for f in findings)


def test_dt001_offers_a_body_dateline_when_no_declared_date_fits() -> None:
    text = (
        "Festival opens\n"
        "Saturday, June 3, 2023\n"
        "OSLO, January 18, 2022 — The festival will open on February 10, 2022 in the old harbour."
    )
    analysis = analysed(text, {1: "title", 2: "dateline"}, date="2023-06-03")
    (finding,) = [
        f for f in date_checks.check_dates(analysis, today=TODAY) if f.rule.code == "DT001"
    ]
    assert finding.evidence["suggested_date"] == "2022-01-18"
    assert finding.evidence["suggested_source"] == "body_dateline"


def test_the_report_stamp_takes_the_offered_date() -> None:
    from detector.engine import analyze
    from detector.loaders.html import parse_html

    page = (
        "<html><head><title>Harbour bridge opens to traffic</title>"
        '<meta property="article:published_time" content="2023-06-03T08:00:00Z"></head><body>'
        '<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
        "<article><h1>Harbour bridge opens to traffic</h1>"
        '<p class="dateline"><time datetime="2022-01-18">January 18, 2022</time></p>'
        "<p>The new harbour bridge is expected to open to traffic on February 10, 2022, the city "
        "council said in a statement on Tuesday.</p>"
        "<p>Engineers finished the last load tests in December, and the council will hold a small "
        "ceremony at the southern ramp before the first cars cross.</p>"
        "<p>The project was approved in 2017 and cost more than the original estimate, mostly "
        "because of steel prices, according to the council's own report.</p>"
        "</article><footer>Copyright 2023 Example News</footer></body></html>"
    )
    article = parse_html(page, "bridge.html", url="https://news.example.com/2023/06/03/bridge")
    report = analyze(article)
    offered = [f for f in report.findings if f.evidence.get("suggested_date")]
    assert offered and offered[0].evidence["suggested_date"] == "2022-01-18"
    assert report.date == "2022-01-18"
