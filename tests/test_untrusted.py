"""Untrusted text: invisible characters reported and shown as markers, words too short to link, passages too
short to find, a passage across paragraphs, and every output encoding them for its context."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from generator.cli import main
from generator.load import load_corpus
from generator.outputs.exports import build_exports
from generator.outputs.feeds import build_feeds
from generator.textmatch import TermIndex, TermMatcher

from test_check import project, write  # noqa: F401  (the same project fixture and writer)

ROOT = Path(__file__).resolve().parents[1]


def append(project: Path, registry: str, text: str) -> None:
    path = project / "seeds" / registry
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", *args])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line]


CONTROLS = '---\ntitle: "Titre \\e[31m rouge \\x01 \\x7f fin"\ndate: 2024-07\n---\nTexte de la source.\n'
BIDI = '---\ntitle: "Facture \\u202Efdp.exe"\ndate: 2024-07\n---\nTexte de la source.\n'


# --- check: controls and bidi characters ----------------------------------------


def test_controls_in_a_title_are_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", CONTROLS)
    code, lines = check(capsys)
    assert code == 1
    assert lines == [
        "seeds/sources/x.txt:2:8: error: source.title contains U+0001 START OF HEADING (control character): "
        "shown as « [U+0001] » on the site; remove it",
        "seeds/sources/x.txt:2:8: error: source.title contains U+001B ESCAPE (control character): "
        "shown as « [U+001B] » on the site; remove it",
        "seeds/sources/x.txt:2:8: error: source.title contains U+007F DELETE (control character): "
        "shown as « [U+007F] » on the site; remove it",
    ]


def test_bidi_override_in_a_title_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", BIDI)
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:2:8: error: source.title contains U+202E RIGHT-TO-LEFT OVERRIDE (bidi control): "
        "shown as « [U+202E] » on the site; remove it",
    ]


def test_every_bidi_control_is_an_error_and_marks_are_warnings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", '---\ntitle: "a\\u202Ab\\u2066c\\u2069d\\u200Fe\\u200Bf\\u202Ag"\n---\nTexte de la source.\n')
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:2:8: error: source.title contains U+202A LEFT-TO-RIGHT EMBEDDING (bidi control, 2 times): "
        "shown as « [U+202A] » on the site; remove it",
        "seeds/sources/x.txt:2:8: error: source.title contains U+2066 LEFT-TO-RIGHT ISOLATE (bidi control): "
        "shown as « [U+2066] » on the site; remove it",
        "seeds/sources/x.txt:2:8: error: source.title contains U+2069 POP DIRECTIONAL ISOLATE (bidi control): "
        "shown as « [U+2069] » on the site; remove it",
        "seeds/sources/x.txt:2:8: warning: source.title contains U+200B ZERO WIDTH SPACE (invisible format character): "
        "invisible, kept; remove it unless it is meant",
        "seeds/sources/x.txt:2:8: warning: source.title contains U+200F RIGHT-TO-LEFT MARK (bidi mark): "
        "invisible, kept; remove it unless it is meant",
    ]


def test_registry_names_and_nested_values_are_checked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(project, "people.yml", '- id: spoof\n  name: "Jens \\u202EgrebnetlotS"\n  roles:\n'
                                  '    - title: {fr: "Chef\\x1b[2J"}\n')
    append(project, "threats.yml", '- id: spoofed\n  label: {fr: "Menace"}\n  description: {fr: "Une menace\\u2067"}\n')
    lines = check(capsys)[1]
    assert lines == [
        "seeds/people.yml:" + lines[0].split(":")[1] + ":9: error: person #" + lines[0].split("#")[1].split(".")[0]
        + ".name contains U+202E RIGHT-TO-LEFT OVERRIDE (bidi control): shown as « [U+202E] » on the site; remove it",
        lines[1],
        lines[2],
    ]
    assert lines[1].endswith(".roles[0].title.fr contains U+001B ESCAPE (control character): "
                             "shown as « [U+001B] » on the site; remove it")
    assert lines[2].endswith(".description.fr contains U+2067 RIGHT-TO-LEFT ISOLATE (bidi control): "
                             "shown as « [U+2067] » on the site; remove it")
    assert lines[2].startswith("seeds/threats.yml:")


def test_controls_in_the_text_are_warnings_at_their_place(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: Un titre\n---\nPremière ligne.\nDeux \x1b[31m et \u202e, \u202e.\n")
    code, lines = check(capsys)
    assert code == 0
    assert lines == [
        "seeds/sources/x.txt:5:6: warning: the text contains U+001B ESCAPE (control character): "
        "shown as « [U+001B] » on the site",
        "seeds/sources/x.txt:5:15: warning: the text contains U+202E RIGHT-TO-LEFT OVERRIDE "
        "(bidi control, 2 times, first here): shown as « [U+202E] » on the site",
    ]


def test_a_message_never_carries_a_raw_control(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown field's name is quoted in its message: an escape sequence there would drive the terminal."""
    write(project, "x.txt", '---\ntitle: Un titre\n"\\e[2Jpwn": 1\n---\nTexte de la source.\n')
    code, lines = check(capsys)
    assert lines[0] == "seeds/sources/x.txt:3:1: warning: source: unknown field '[U+001B][2Jpwn' in a source: ignored"
    assert main(["check", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b" not in out
    assert json.loads(out)[0]["message"] == "source: unknown field '[U+001B][2Jpwn' in a source: ignored"


# --- the outputs ------------------------------------------------------------------


def _corpus(project: Path):  # type: ignore[no-untyped-def]
    return load_corpus(project / "seeds", root=project)


def test_feeds_are_well_formed_xml_with_controls_in_titles(project: Path) -> None:
    write(project, "x.txt", CONTROLS)
    write(project, "y.txt", "Premier \x01 paragraphe \u202e sans annotation.\n")  # title from the text
    feeds = build_feeds(_corpus(project))
    assert feeds
    for feed in feeds:
        ET.fromstring(feed.content)  # raises on a character XML 1.0 forbids
        parsed = feedparser.parse(feed.content)
        assert parsed.bozo == 0, (feed.path, parsed.get("bozo_exception"))
    whole = next(f for f in feeds if f.path == "feeds/sources.xml")
    titles = [e.title for e in feedparser.parse(whole.content).entries]
    assert "Titre [U+001B][31m rouge [U+0001] [U+007F] fin" in titles
    text = whole.content.decode("utf-8")
    assert "\x1b" not in text and "\x01" not in text and "\x7f" not in text and "\u202e" not in text


def test_exports_show_markers(project: Path) -> None:
    write(project, "x.txt", BIDI)
    write(project, "y.txt", "Premier \x01 paragraphe \u202e sans annotation.\n")
    exports = {a.path: a.content for a in build_exports(_corpus(project))}
    data = json.loads(exports["exports/corpus.json"])
    sources = {s["id"]: s for s in data["sources"]}
    assert sources["x"]["title"] == "Facture [U+202E]fdp.exe"
    assert sources["y"]["title"] == "Premier [U+0001] paragraphe [U+202E] sans annotation."
    assert sources["y"]["text"] == "Premier [U+0001] paragraphe [U+202E] sans annotation.\n"
    for name, content in exports.items():
        text = content.decode("utf-8")
        assert "\u202e" not in text and "\\u0001" not in text and "\x01" not in text, name
    stix = json.loads(exports["exports/stix-bundle.json"])
    assert "Facture [U+202E]fdp.exe" in [o.get("name") for o in stix["objects"]]


def test_csv_cells_show_markers(project: Path) -> None:
    write(project, "x.txt", "---\ntitle: \"Titre \\u202Einversé\"\ndate: 2024-07\nincidents:\n"
                            "  - summary: \"Incendie \\u202Ecriminel\"\n    threat: sabotage\n    attribution: suspected\n"
                            "    evidence: Un incendie criminel\n---\nUn incendie criminel a eu lieu.\n")
    exports = {a.path: a.content for a in build_exports(_corpus(project))}
    rows = list(csv.DictReader(io.StringIO(exports["exports/incidents.csv"].decode("utf-8"))))
    row = next(r for r in rows if r["source"] == "x")
    assert row["summary"] == "Incendie [U+202E]criminel"
    assert row["source_title"] == "Titre [U+202E]inversé"


# --- words too short to link, passages too short to find --------------------------


def test_one_and_two_letter_aliases_are_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(project, "people.yml", "- id: short-alias\n  name: Quelqu'un d'autre\n  aliases: [de, e, UE, G7, Xi Jinping]\n")
    lines = check(capsys)[1]
    assert len(lines) == 2
    assert lines[0].startswith("seeds/people.yml:") and lines[1].startswith("seeds/people.yml:")
    assert lines[0].split(": ", 1)[1] == (
        "error: person #" + lines[0].split("#")[1].split(".")[0] + ".aliases[0]: 'de' is too short to look for "
        "in the texts (it would link every word spelt so): expected a word of 3 letters or more, "
        "or an acronym in capitals (UE, G7); ignored"
    )
    assert "aliases[1]: 'e' is too short to look for in the texts" in lines[1]
    corpus = _corpus(project)
    assert corpus.people["short-alias"].aliases == ["UE", "G7", "Xi Jinping"]


def test_short_keywords_and_adjectives_are_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(project, "threats.yml", '- id: short-words\n  label: {fr: "Menace courte"}\n  description: {fr: "Une menace"}\n'
                                   "  keywords: {fr: [le, cyber], en: [EU]}\n")
    lines = check(capsys)[1]
    assert len(lines) == 1
    assert lines[0].endswith(".keywords.fr[0]: 'le' is too short to look for in the texts (it would link every word "
                             "spelt so): expected a word of 3 letters or more, or an acronym in capitals (UE, G7); ignored")


def test_a_two_letter_acronym_links_only_as_written() -> None:
    ue = ("organisation", "ue")
    index = TermIndex([("UE", ue), ("EU", ue), ("Union européenne", ue)])
    text = "Il a eu tort, dit l'UE ; l'EU et l'Union européenne, pas « ue »."
    found = [text[s.start:s.end] for s in index.spans(text, {ue})]
    assert found == ["UE", "EU", "Union européenne"]
    extra = TermMatcher([("EU", ue)])
    assert [text[s.start:s.end] for s in extra.spans(text)] == ["EU"]
    assert [text[s.start:s.end] for s in index.spans(text, set(), extra)] == ["EU"]


def test_a_one_letter_quote_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: Un titre\nquotes:\n  - speaker: mark-rutte\n    text: \"e\"\n"
                            "  - speaker: mark-rutte\n    text: Inacceptable\n---\nInacceptable, e.\n")
    code, lines = check(capsys)
    assert code == 1
    assert lines == [
        "seeds/sources/x.txt:5:11: error: source.quotes[0].text: expected a passage copied from the source text, "
        "2 words or 8 characters at least, found 'e'",
    ]
    assert [q.text for q in _corpus(project).sources["x"].quotes] == ["Inacceptable"]


def test_evidence_spanning_two_paragraphs_is_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: Un titre\nmeasures:\n  - text: Une mesure\n"
                            "    evidence: \"fin du premier. Début du second\"\n---\n"
                            "Un paragraphe, fin du premier.\nDébut du second paragraphe.\n")
    code, lines = check(capsys)
    assert code == 0
    assert lines == [
        "seeds/sources/x.txt:5:15: warning: measures[0].evidence spans paragraphs 1 to 2 of the source: "
        "cited as « § 1 »; copy a passage from one paragraph (or give one per paragraph)",
    ]


# --- in a real build: a refused alias links nothing, an acronym links only as written ---


def test_short_aliases_link_nothing_in_the_built_site(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from support import Site

    for name in ("docs", "seeds"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    people = tmp_path / "seeds" / "people.yml"
    text = people.read_text(encoding="utf-8")
    assert "aliases: [Stoltenberg, Jen Stoltenberg]" in text
    people.write_text(text.replace("aliases: [Stoltenberg, Jen Stoltenberg]", "aliases: [Stoltenberg, Jen Stoltenberg, de, e]"),
                      encoding="utf-8")
    write(tmp_path, "eu-texte.txt", "---\ntitle: Un texte sur l'UE\norganisations: [union-europeenne]\n---\n"
                                    "L'UE a réagi ; l'EU aussi. Il a eu raison, dit-on à Bruxelles.\n")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml"), "-d",
                             str(tmp_path / "site")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = Site(tmp_path / "site")
    to_jens, by_short = 0, []
    for url in site.urls():
        for element, target, _ in site.links(url):
            if target == "people/jens-stoltenberg/":
                to_jens += 1
                if element.text().strip().casefold() in ("de", "e"):
                    by_short.append((url, element.text()))
    assert to_jens > 0
    assert by_short == []
    page = "sources/eu-texte/"
    linked = [e.text() for e, target, _ in site.links(page, site.article(page)) if target == "organisations/union-europeenne/"]
    assert "UE" in linked and "EU" in linked
    assert [t for t in linked if t.strip() == "eu"] == []
    assert "aliases[2]: 'de' is too short to look for in the texts" in result.stderr


# --- addresses -----------------------------------------------------------------------


def test_a_source_address_that_is_not_http_is_reported_and_never_a_stix_link(project: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: Un titre\nurl: \"javascript:alert('x')\"\n---\nTexte de la source.\n")
    write(project, "y.txt", "---\ntitle: Un autre titre\nurl: https://example.org/article\n---\nTexte de la source.\n")
    code, lines = check(capsys)
    assert (code, lines) == (0, [
        "seeds/sources/x.txt:3:6: warning: source.url: 'javascript:alert('x')' is not an http(s) address: "
        "shown as text, and left out of the STIX export's links",
    ])
    exports = {a.path: a.content for a in build_exports(_corpus(project))}
    stix = json.loads(exports["exports/stix-bundle.json"])
    refs = {o["name"]: o.get("external_references") for o in stix["objects"] if o["type"] == "report"}
    assert refs["Un titre"] == [{"source_name": "source",
                                 "description": "Adresse d'origine (pas un lien http) : javascript:alert('x')"}]
    assert refs["Un autre titre"] == [{"source_name": "source", "url": "https://example.org/article"}]


def test_a_quote_holding_the_texts_bidi_character_is_found_and_shown_as_a_marker(project: Path,
                                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: Un titre\nquotes:\n  - speaker: mark-rutte\n    text: \"Nous \\u202Erefusons cela\"\n"
                            "---\nIl a dit : Nous \u202erefusons cela.\n")
    code, lines = check(capsys)
    assert lines == [
        "seeds/sources/x.txt:5:11: error: source.quotes[0].text contains U+202E RIGHT-TO-LEFT OVERRIDE (bidi control): "
        "shown as « [U+202E] » on the site; remove it",
        "seeds/sources/x.txt:7:17: warning: the text contains U+202E RIGHT-TO-LEFT OVERRIDE (bidi control): "
        "shown as « [U+202E] » on the site",
    ]
    corpus = _corpus(project)
    assert [q.paragraph for q in corpus.sources["x"].quotes] == [1]
    exports = {a.path: a.content for a in build_exports(corpus)}
    data = json.loads(exports["exports/corpus.json"])
    quote = next(s for s in data["sources"] if s["id"] == "x")["quotes"][0]
    assert quote["text"] == "Nous [U+202E]refusons cela"


def test_a_name_too_short_to_look_for_is_shown_but_never_linked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(project, "people.yml", "- id: short-name\n  name: de\n")
    lines = check(capsys)[1]
    assert len(lines) == 1
    assert lines[0].startswith("seeds/people.yml:")
    assert lines[0].endswith(".name: 'de' is too short to look for in the texts (3 letters or more, or an acronym "
                             "in capitals): shown, never linked")
    assert " warning: person #" in lines[0]
    index = TermIndex([("de", ("person", "short-name")), ("DW", ("organisation", "dw"))])
    text = "Le chef de la DW, de Bonn."
    assert [text[s.start:s.end] for s in index.spans(text, {("person", "short-name"), ("organisation", "dw")})] == ["DW"]
