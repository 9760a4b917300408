"""The annotation assistant's rules, field by field, on short texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import make_seeds

from generator.annotate.annotator import Annotator
from generator.annotate.draft import Draft
from generator.annotate.lexicon import french_demonym_forms
from generator.annotate.text import Doc, normalise
from generator.load import load_corpus
from generator.textmatch import find_verbatim, fold


@pytest.fixture(scope="module")
def annotator(tmp_path_factory: pytest.TempPathFactory) -> Annotator:
    seeds = make_seeds(tmp_path_factory.mktemp("registry"))
    corpus = load_corpus(seeds)
    assert not corpus.report.errors, corpus.report.errors
    return Annotator(corpus)


def run(annotator: Annotator, text: str, stem: str | None = None) -> Draft:
    return annotator.annotate(text, stem)


# --- normalisation -----------------------------------------------------------------


def test_normalisation_keeps_every_offset() -> None:
    text = "L’OTAN\u00a0: « Sprūds » a dit\u202fça\tici."
    norm = normalise(text)
    assert len(norm) == len(text)
    assert norm == "L'OTAN : \" Spruds \" a dit ca ici."


def test_evidence_and_quotes_are_verbatim_in_the_original(annotator: Annotator) -> None:
    text = ("Les services polonais ont arrêté un homme soupçonné d’espionnage\u00a0pour le compte de la Russie.\n"
            "« Nous le constatons en Lettonie, mais aussi ailleurs », a déclaré le ministre letton, Andris Sprūds.\n")
    draft = run(annotator, text)
    assert draft.incidents and draft.quotes
    folded = fold(text)
    for incident in draft.incidents:
        assert incident.evidence in text
        assert find_verbatim(incident.evidence, folded)
    assert draft.quotes[0].text == "Nous le constatons en Lettonie, mais aussi ailleurs"


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stem", "expected"),
    [
        ("Titre de l'article\n  • 12 Sep. 2024 -\n  • Mis à jour le: 13 Sep. 2024 14:08\nCorps.", None, "2024-09-12"),
        (" date 2024-06 Par euronews avec AP\n\nSelon le texte, rien.", None, "2024-06"),
        ("Titre\nPublié le 2024-06-13\nCorps.", None, "2024-06-13"),
        ("A headline here\n\nDecember 6, 2024\n\nBUCHAREST — Body.", None, "2024-12-06"),
        ("Un titre\n\nTallinn, 30 avril 2024\n\nCorps.", None, "2024-04-30"),
        ("Un titre\n\nfin mai 2024\n\nCorps.", None, "2024-05"),
        # The day and month are in the text, the year in the file name.
        ("Réunion des experts\n\nCe jeudi (12 septembre), les directeurs se sont réunis.", "2024-09-experts", "2024-09-12"),
        # The file name is the only date: kept at its own precision.
        ("Un titre\n\nJeudi, le chef de l'OTAN a parlé.", "2024-06-13-dw", "2024-06-13"),
        ("Un titre\n\nJeudi, le chef de l'OTAN a parlé.", "2024-02-bild", "2024-02"),
    ],
)
def test_publication_date_at_its_precision(annotator: Annotator, text: str, stem: str | None, expected: str) -> None:
    draft = run(annotator, text, stem)
    assert draft.date is not None and draft.date.iso() == expected


@pytest.mark.parametrize(
    "text",
    [
        "Un titre\n\nJeudi, le chef de l'OTAN a parlé.",  # a weekday is not a date
        "Un titre\n\nCe jeudi (12 septembre), les directeurs se sont réunis.",  # no year anywhere
        "A headline\n\nTAIPEI, Feb 25 (Staff) - The coast guard detained a ship.",  # a dateline without its year
        "A headline\n\n03/04/2024 — officials said.",  # day and month cannot be told apart in English
    ],
)
def test_never_a_day_the_text_does_not_give(annotator: Annotator, text: str) -> None:
    assert run(annotator, text).date is None


def test_numeric_date_reads_day_first_in_french(annotator: Annotator) -> None:
    assert run(annotator, "Un titre\n\n03/04/2024 — la police a annoncé.").date.iso() == "2024-04-03"


def test_incident_date_keeps_the_month_precision(annotator: Annotator) -> None:
    text = ("Titre\n\nPublié le 13 juin 2024\n\n"
            "Fin mai, les services de sécurité polonais ont arrêté un espion soupçonné de travailler pour la Russie.\n")
    incident = run(annotator, text).incidents[0]
    assert incident.date is not None and incident.date.iso() == "2024-05"


# --- language, title, publisher ----------------------------------------------------------


def test_language_title_and_publisher(annotator: Annotator) -> None:
    fr = run(annotator, "Stoltenberg alerte sur les sabotages russes\n\nPar DW\n\nLe chef de l'OTAN a parlé jeudi.")
    assert fr.language == "fr"
    assert fr.title == "Stoltenberg alerte sur les sabotages russes"
    assert fr.publisher == "deutsche-welle"
    en = run(annotator, "Poland shoots down drones\n\nThe government said on Wednesday that it was ready.")
    assert en.language == "en"


# --- countries ---------------------------------------------------------------------


def test_countries_from_names_demonyms_capitals_and_aliases(annotator: Annotator) -> None:
    text = ("Le ministre letton a parlé. Les enquêteuses polonaises ont agi. Vilnius a convoqué l'ambassadeur. "
            "Moscou a démenti. Les forces norvégiennes et le Royaume-Uni aussi.")
    assert set(run(annotator, text).countries) == {"LV", "PL", "LT", "RU", "NO", "GB"}


def test_reunion_is_a_meeting_not_a_country(annotator: Annotator) -> None:
    text = "Réunion des experts des pays de l'Alliance sur la Russie\n\nLa réunion a eu lieu à Bruxelles. La Réunion des ministres aussi."
    assert "RE" not in run(annotator, text).countries
    assert "RE" in run(annotator, "Un cyclone a frappé l'île de la Réunion.").countries


def test_a_capital_as_a_place_is_not_its_country(annotator: Annotator) -> None:
    # "Vilnius" is no registry alias: only its metonymic use counts.
    for text in ("La réunion s'est tenue à Vilnius.", "VILNIUS — The talks ended.", "The Vilnius Institute said so."):
        assert "LT" not in run(annotator, text).countries, text
    assert "LT" in run(annotator, "Vilnius has summoned the envoy.").countries


def test_whole_words_and_case(annotator: Annotator) -> None:
    draft = run(annotator, "Tell us what the Prussian archives say about trumpets, he said.")
    assert draft.countries == {}
    assert "US" in run(annotator, "The US has sanctioned the company.").countries


def test_the_nationality_of_a_news_outlet_is_not_a_country(annotator: Annotator) -> None:
    assert "DE" not in run(annotator, "Selon le journal allemand Bild, l'OTAN s'inquiète.").countries
    assert "DE" not in run(annotator, "The German newspaper Bild reported it.").countries
    assert "DE" in run(annotator, "Les services allemands ont enquêté.").countries


def test_english_compound_adjectives(annotator: Annotator) -> None:
    countries = run(annotator, "A Chinese-flagged ship and Russian-made drones were seen.").countries
    assert {"CN", "RU"} <= set(countries)
    assert "RU" not in run(annotator, "Les partis pro-russes ont manifesté.").countries


def test_french_demonym_forms() -> None:
    assert french_demonym_forms("russe") == ["russe", "russes"]
    assert french_demonym_forms("polonais") == ["polonais", "polonaise", "polonaises"]
    assert french_demonym_forms("letton") == ["letton", "lettonne", "lettons", "lettonnes"]
    assert french_demonym_forms("allemand") == ["allemand", "allemande", "allemands", "allemandes"]


# --- threats -----------------------------------------------------------------------


def test_threats_with_their_supporting_sentence(annotator: Annotator) -> None:
    text = ("Les Alliés ont évoqué les actes de sabotage et de cybermalveillance. "
            "Tusk told parliament that 19 violations of Polish airspace had been recorded. "
            "Trois hommes ont été inculpés d'incendies criminels.")
    draft = run(annotator, text)
    assert {"sabotage", "airspace-violation", "arson"} <= set(draft.threats)
    assert draft.threats["airspace-violation"].text.startswith("Tusk told parliament")
    assert "espionage" not in draft.threats


def test_threat_keyword_inflections_and_word_order(annotator: Annotator) -> None:
    assert "gps-jamming" in run(annotator, "Russia is accused of jamming GPS signals over the Baltic.").threats
    assert "cyberattack" in run(annotator, "Des cyberattaques visent les hôpitaux.").threats
    assert "sabotage" not in run(annotator, "Le saboteur? Non, un sabot de cheval.").threats


# --- people ------------------------------------------------------------------------


def test_registry_people_and_new_people_with_their_role(annotator: Annotator) -> None:
    text = ("Jens Stoltenberg a rencontré le ministre estonien des Affaires étrangères, Margus Tsahkna, à Tallinn. "
            "Kremlin spokesman Dmitry Peskov said it was absurd. La Commission européenne a réagi.")
    draft = run(annotator, text)
    assert set(draft.people) == {"jens-stoltenberg", "margus-tsahkna", "dmitry-peskov"}
    assert draft.new_people["margus-tsahkna"].role == "le ministre estonien des Affaires étrangères"
    assert draft.new_people["margus-tsahkna"].country == "EE"
    assert draft.new_people["dmitry-peskov"].role == "Kremlin spokesman"


def test_capitalised_words_without_a_person_context_are_not_people(annotator: Annotator) -> None:
    text = ("The new mission, called Baltic Sentry, began. Researchers at the Institute for National Defense and "
            "Security Research said so. The European Commission said it was concerned.")
    assert run(annotator, text).people == {}


def test_surname_alone_refers_to_the_full_name(annotator: Annotator) -> None:
    text = ("The runoff was to oppose the far-right candidate Calin Georgescu to centrist Elena Lasconi. "
            "Lasconi called the decision \"illegal and immoral\".")
    draft = run(annotator, text)
    assert "elena-lasconi" in draft.people
    assert [(q.speaker, q.text) for q in draft.quotes] == [("elena-lasconi", "illegal and immoral")]


# --- quotes ------------------------------------------------------------------------


def quotes(draft: Draft) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in draft.quotes]


def test_speaker_after_the_quote(annotator: Annotator) -> None:
    text = ("“Nous le constatons en Lettonie, mais aussi ailleurs”, a déclaré le ministre letton, Andris Spruds, à Bruxelles.\n"
            "“La Lettonie est bien sûr en première ligne”, a-t-il ajouté.\n")
    assert quotes(run(annotator, text)) == [
        ("andris-spruds", "Nous le constatons en Lettonie, mais aussi ailleurs"),
        ("andris-spruds", "La Lettonie est bien sûr en première ligne"),
    ]


def test_speaker_before_the_quote_and_after_a_colon(annotator: Annotator) -> None:
    text = ("Stoltenberg a assuré que l'OTAN serait confrontée à des « tentatives de sabotage » de la Russie.\n"
            "Mark Rutte, secrétaire général de l'OTAN, a déclaré:\n"
            "\"Nous répondrons aux provocations avec calme et mesure.\"\n")
    assert quotes(run(annotator, text)) == [
        ("jens-stoltenberg", "tentatives de sabotage"),
        ("mark-rutte", "Nous répondrons aux provocations avec calme et mesure."),
    ]


def test_english_quotes_and_pronouns_by_gender(annotator: Annotator) -> None:
    text = ("Lithuania's deputy transport minister, Agnė Vaiciukevičiūtė, told reporters that it was \"a daily threat to aviation\". "
            "She said the issue was raised.\n"
            "Estonian Foreign Minister Margus Tsahkna went further. \"Russia is using GPS jamming as a weapon,\" he wrote.\n"
            "\"This is about making our support predictable,\" said Mark Rutte.\n")
    assert quotes(run(annotator, text)) == [
        ("agne-vaiciukeviciute", "a daily threat to aviation"),
        ("margus-tsahkna", "Russia is using GPS jamming as a weapon"),
        ("mark-rutte", "This is about making our support predictable"),
    ]


def test_quote_of_an_institution_or_a_term_is_not_proposed(annotator: Annotator) -> None:
    text = ("\"The electoral process will be entirely redone,\" the court said in a statement.\n"
            "Les ministres ont visé la « flotte fantôme » russe.\n"
            "The Russian embassy rejected the accusations as \"absurd and unfounded\".\n")
    draft = run(annotator, text)
    assert draft.quotes == []
    assert "The electoral process will be entirely redone" in draft.unattributed


def test_badly_nested_and_unclosed_quotes(annotator: Annotator) -> None:
    text = ("Stoltenberg a mentionné l'Europe. L'OTAN vise « à « lier l'Europe et l'Amérique du Nord ensemble », a-t-il déclaré.\n"
            "« Nous sommes confrontés à un pays agresseur. Leurs activités ne nous surprennent pas.\n")
    assert quotes(run(annotator, text)) == [
        ("jens-stoltenberg", "lier l'Europe et l'Amérique du Nord ensemble"),
        ("jens-stoltenberg", "Nous sommes confrontés à un pays agresseur. Leurs activités ne nous surprennent pas."),
    ]


def test_role_title_resolved_by_the_date(annotator: Annotator) -> None:
    text = "Titre\n\nPublié le 13 juin 2024\n\nLe secrétaire général de l'OTAN a indiqué que les ministres veulent des « options de réponse rapides ».\n"
    draft = run(annotator, text)
    assert quotes(draft) == [("jens-stoltenberg", "options de réponse rapides")]
    assert {"text": "secrétaire général de l'OTAN", "person": "jens-stoltenberg"} in draft.mentions
    december = text.replace("13 juin 2024", "4 décembre 2024")
    assert quotes(run(annotator, december)) == [("mark-rutte", "options de réponse rapides")]


# --- incidents ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "status", "actor"),
    [
        ("La Pologne a signalé des actes de sabotage, les attribuant à l'ingérence russe.", "attributed", "RU"),
        ("Un homme soupçonné d'espionnage a été arrêté en Pologne.", "suspected", None),
        ("Les services ont indiqué que la Russie pourrait être à l'origine d'un tel sabotage.", "suspected", "RU"),
        ("Deux hommes ont été condamnés pour un incendie criminel commandité par Moscou.", "confirmed", "RU"),
        ("Des drones non identifiés ont été signalés au-dessus de la base.", "unknown", None),
        ("Three men were charged with arson on the orders of Russian intelligence.", "attributed", "RU"),
    ],
)
def test_incident_attribution_from_the_wording(annotator: Annotator, sentence: str, status: str, actor: str | None) -> None:
    incidents = run(annotator, "Titre sans point\n\n" + sentence + "\n").incidents
    assert incidents, sentence
    assert incidents[0].attribution == status
    assert incidents[0].actor == actor
    assert incidents[0].evidence == sentence


def test_a_general_statement_is_not_an_incident(annotator: Annotator) -> None:
    assert run(annotator, "Titre\n\nLe sabotage est une menace que l'OTAN prend au sérieux.\n").incidents == []


# --- meetings ----------------------------------------------------------------------


def test_meeting_matched_by_kind_and_date_or_proposed(annotator: Annotator) -> None:
    text = "Titre\n\nPublié le 13 juin 2024\n\nAvant une réunion des ministres de la Défense de l'OTAN à Bruxelles, Stoltenberg a parlé.\n"
    draft = run(annotator, text)
    assert list(draft.meetings) == ["defence-ministers-2024-06"]
    later = run(annotator, text.replace("13 juin 2024", "12 février 2025"))
    assert list(later.meetings) == ["defence-ministers-2025-02"]
    proposal = later.new_meetings["defence-ministers-2025-02"]
    assert proposal.kind == "defence-ministers" and proposal.start.iso() == "2025-02" and proposal.place == "Bruxelles"
    # Same kind and date, but in another country: not the registry's meeting.
    elsewhere = run(annotator, text.replace("à Bruxelles", "à Helsinki"))
    assert list(elsewhere.meetings) == ["defence-ministers-2024-06-helsinki"]
    assert elsewhere.new_meetings["defence-ministers-2024-06-helsinki"].country == "FI"


def test_a_meeting_still_to_come_or_of_another_body_is_not_proposed(annotator: Annotator) -> None:
    assert run(annotator, "Title\n\nJune 14, 2024\n\nThe talks prepared the alliance's summit in Washington next month.\n").meetings == {}
    assert run(annotator, "Titre\n\n25 septembre 2025\n\nCopenhague accueille un sommet des dirigeants de l'Union européenne.\n").meetings == {}


def test_doc_sentences_respect_abbreviations() -> None:
    doc = Doc.of("M. Rutte a parlé le 12 Sep. 2024 avec J. D. Vance. Puis il est parti.")
    assert [doc.raw[s.start : s.end] for s in doc.sentences] == [
        "M. Rutte a parlé le 12 Sep. 2024 avec J. D. Vance.", "Puis il est parti."]


def test_empty_and_odd_texts_do_not_fail(annotator: Annotator) -> None:
    for text in ("", "   \n\n", "«", "\"\"\"", "- - -", "2024", "A" * 10000, "é" * 5000, "« " * 300):
        draft = run(annotator, text)
        assert draft.title


def test_registry_file_is_not_needed_for_an_entity_kind(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "sources").mkdir(parents=True)
    draft = Annotator(load_corpus(seeds)).annotate("Moscou a démenti. « Nous n'avons rien fait du tout », a déclaré M. Ivan Petrov.")
    assert "RU" in draft.countries
    assert [(q.speaker, q.text) for q in draft.quotes] == [("ivan-petrov", "Nous n'avons rien fait du tout")]


def test_title_case_headline_gives_no_false_names(annotator: Annotator) -> None:
    text = ("Finnish President Stubb Warns of Undersea Sabotage\n\n"
            "HELSINKI, January 14, 2025 — Finnish President Alexander Stubb said the cables were a target.\n")
    assert set(run(annotator, text).people) == {"alexander-stubb"}


def test_date_in_a_byline(annotator: Annotator) -> None:
    text = "A headline about drones\n\nBy Jane Doe and John Roe, Staff | Published March 12, 2024 12:01 AM EST\n\nBody text here.\n"
    assert run(annotator, text).date.iso() == "2024-03-12"


def test_keyword_in_another_sense_does_not_count(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path)
    (seeds / "threats.yml").write_text(
        "- id: violence\n  label: {fr: Violence, en: Violence}\n  description: {fr: V., en: V.}\n"
        "  keywords: {fr: [agression], en: [assault]}\n", encoding="utf-8")
    annotator = Annotator(load_corpus(seeds))
    assert "violence" not in run(annotator, "La guerre d'agression de la Russie contre l'Ukraine continue.").threats
    assert "violence" not in run(annotator, "Soldiers carried assault rifles.").threats
    assert "violence" in run(annotator, "Un opposant a été victime d'une agression à Vilnius.").threats
