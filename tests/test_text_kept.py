"""Text is never dropped: bad bytes, NUL, UTF-16 and over-size files keep their page and say so.

Also the files the loader refuses or skips: a registry that is a symbolic link, hidden and
unknown files, a file name holding an invisible character; each is named by `briefing check`.
The site is built with MkDocs and the real HTML of each page is read.
"""

from __future__ import annotations

import html as htmllib
import os
import re
from pathlib import Path

import pytest

from test_input_bounds import build, check_lines, copy_project, page

FRONT = "---\ntitle: {title}\ndate: 2024-06\nreviewed: true\n---\n"
#: The default size limit (generator.reader.MAX_BYTES), as the README states it.
MAX_BYTES = 4 * 1024 * 1024
STATE = re.compile(r"<strong>État</strong>\s*:\s*(.*?)</li>", re.S)


def state(html: str) -> str:
    found = STATE.search(html)
    assert found, "no État row on the page"
    return htmllib.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def text_of(html: str) -> str:
    """The page's text (tags dropped, references decoded)."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    project = copy_project(tmp_path_factory.mktemp("kept"))
    sources = project / "seeds" / "sources"
    (sources / "bad-byte.txt").write_bytes(
        FRONT.format(title="Octet").encode() + "Premier paragraphe gardé.\nUn octet ".encode() + b"\xff"
        + " ici, et là : ".encode() + b"\xe9\xe9" + " encore.\nDernier paragraphe gardé.\n".encode()
    )
    (sources / "nul.txt").write_bytes(FRONT.format(title="Nul").encode() + b"Avant\x00apres le NUL.\nSuite gardee.\n")
    utf16 = FRONT.format(title="Seize") + "Texte en UTF-16 : l’OTAN et la Russie.\n"
    (sources / "utf16-bom.txt").write_bytes(utf16.encode("utf-16"))  # with its byte order mark
    (sources / "utf16-nobom.txt").write_bytes(utf16.encode("utf-16-le"))
    line = "Une ligne du trop grand fichier.\n"
    (sources / "oversize.txt").write_text(FRONT.format(title="Grand") + line * (MAX_BYTES // len(line) + 10), encoding="utf-8")
    (sources / "maybe-reviewed.txt").write_text(
        FRONT.format(title="Peut-être").replace("reviewed: true", "reviewed: peut-être") + "Un texte lisible.\n",
        encoding="utf-8")
    lines = check_lines(project)
    build(project)
    return project, lines


def test_a_bad_byte_keeps_the_text_with_a_notice(project: tuple[Path, list[str]]) -> None:
    root, lines = project
    assert [x for x in lines if "bad-byte.txt" in x] == [
        "seeds/sources/bad-byte.txt:7:10: error: not UTF-8: byte 0xff at offset 86 cannot be decoded; "
        "save the file as UTF-8 (3 bytes are not UTF-8)"
    ]
    html = page(root, "bad-byte")
    text = text_of(html)
    assert "Premier paragraphe gardé." in text and "Un octet \ufffd ici, et là : \ufffd encore." in text
    assert "Dernier paragraphe gardé." in text and "Texte vide" not in text
    assert "Texte mal lu" in text
    assert "3 octet(s) illisible(s) en UTF-8, remplacé(s) par « \ufffd » dans le texte ci-dessous (2 endroit(s)) : " \
           "ligne 7, colonne 10 ; ligne 7, colonne 25." in text
    assert state(html) == "texte mal lu : à corriger"


def test_a_nul_is_replaced_with_a_notice(project: tuple[Path, list[str]]) -> None:
    root, lines = project
    assert [x for x in lines if "nul.txt" in x] == [
        "seeds/sources/nul.txt:6:6: error: file contains NUL characters: is it a binary file?"
    ]
    html = page(root, "nul")
    text = text_of(html)
    assert "Avant\ufffdapres le NUL." in text and "Suite gardee." in text and "Texte vide" not in text
    assert "1 caractère(s) NUL (octet 0) remplacé(s) par « \ufffd » dans le texte ci-dessous : ligne 6, colonne 6." in text
    assert state(html) == "texte mal lu : à corriger"


@pytest.mark.parametrize("name, what", [
    ("utf16-bom", "UTF-16 (little-endian, with a byte order mark)"),
    ("utf16-nobom", "UTF-16 (little-endian, without a byte order mark)"),
])
def test_utf16_is_read_as_such_with_a_warning(project: tuple[Path, list[str]], name: str, what: str) -> None:
    root, lines = project
    assert [x for x in lines if f"{name}.txt" in x] == [
        f"seeds/sources/{name}.txt:1:1: warning: file is {what}: read as such; save it as UTF-8"
    ]
    html = page(root, name)
    text = text_of(html)
    assert "Texte en UTF-16 : l’OTAN et la Russie." in text and "<h1" in html and ">Seize</h1>" in html
    assert "il doit être enregistré en UTF-8" in text
    assert state(html) == "texte mal lu : à corriger"


def test_a_file_over_the_size_limit_says_so_on_its_page(project: tuple[Path, list[str]]) -> None:
    root, lines = project
    size = (root / "seeds" / "sources" / "oversize.txt").stat().st_size
    assert [x for x in lines if "oversize.txt" in x] == [
        f"seeds/sources/oversize.txt:1:1: error: file is {size} bytes, over the limit of {MAX_BYTES}: not read"
    ]
    html = page(root, "oversize")
    text = text_of(html)
    assert f"Fichier de {size} octets, au-delà de la limite de {MAX_BYTES} : texte non lu." in text
    assert "Texte vide" not in text
    assert state(html) == "texte non lu : à corriger"


def test_other_sources_keep_their_state(project: tuple[Path, list[str]]) -> None:
    root, _ = project
    html = page(root, "2024-06-13-dw-stoltenberg-sabotage")
    assert "Texte mal lu" not in html and state(html) in ("relue", "brouillon à relire")


def test_an_invalid_reviewed_is_not_reviewed(project: tuple[Path, list[str]]) -> None:
    root, lines = project
    assert [x for x in lines if "maybe-reviewed.txt" in x] == [
        "seeds/sources/maybe-reviewed.txt:4:11: error: source.reviewed: expected true or false, found 'peut-être'"
    ]
    assert state(page(root, "maybe-reviewed")) == "brouillon à relire"


def test_the_sources_index_gives_the_state_the_page_gives(project: tuple[Path, list[str]]) -> None:
    root, _ = project
    index = (root / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    for source_id in ("bad-byte", "nul", "oversize", "maybe-reviewed", "2024-06-13-dw-stoltenberg-sabotage"):
        row = re.search(rf'<tr>(?:(?!</tr>).)*href="{source_id}/"(?:(?!</tr>).)*</tr>', index, re.S)
        assert row, f"{source_id}: no row in the sources index"
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
        assert text_of(cells[-1]).strip() == state(page(root, source_id)), source_id


# --- refused and skipped files ---------------------------------------------------


def test_a_registry_symlink_is_refused(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "outside.yml"
    outside.write_text("- id: intrus\n  name: Intrus Dehors\n", encoding="utf-8")
    people = root / "seeds" / "people.yml"
    people.unlink()
    os.symlink(outside, people)
    lines = check_lines(root)
    assert "seeds/people.yml:1:1: error: is a symbolic link: not read (links are refused: copy the file here instead)" in lines
    assert not any("intrus" in x.lower() for x in lines)
    build(root)
    assert not (root / "site" / "people" / "intrus").exists()
    assert "Intrus Dehors" not in (root / "site" / "people" / "index.html").read_text(encoding="utf-8")


def test_a_dangling_registry_symlink_is_refused_as_a_link(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    people = root / "seeds" / "people.yml"
    people.unlink()
    os.symlink(tmp_path / "nowhere.yml", people)
    lines = check_lines(root)
    assert "seeds/people.yml:1:1: error: is a symbolic link: not read (links are refused: copy the file here instead)" in lines
    assert not any("people.yml is missing" in x for x in lines)


def test_every_skipped_file_is_reported(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    seeds = root / "seeds"
    for name in ("..txt", ".brouillon.txt", "notes.doc", ".gitkeep", "x.proposals.yml"):
        (seeds / "sources" / name).write_text("Texte.\n", encoding="utf-8")
    (seeds / "sources" / "dossier").mkdir()
    (seeds / "peoples.yml").write_text("- id: x\n", encoding="utf-8")
    lines = check_lines(root)
    assert sorted(x for x in lines if "warning" in x) == [
        "seeds/peoples.yml:1:1: warning: file 'peoples.yml' is not read: the annotations folder holds only the "
        "registries (countries.yml, meetings.yml, organisations.yml, people.yml, threats.yml) and the folder sources/",
        "seeds/sources/..txt:1:1: warning: hidden file '..txt' (its name starts with '.'): skipped; rename it to publish it",
        "seeds/sources/.brouillon.txt:1:1: warning: hidden file '.brouillon.txt' (its name starts with '.'): skipped; "
        "rename it to publish it",
        "seeds/sources/dossier:1:1: warning: not a regular file (link or folder): skipped",
        "seeds/sources/notes.doc:1:1: warning: not a source (.txt/.md): skipped",
    ]


def test_an_invisible_character_in_a_file_name_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    name = "rapport\u200b-otan.txt"
    (root / "seeds" / "sources" / name).write_text("---\ntitle: Rapport\n---\nTexte du rapport.\n", encoding="utf-8")
    lines = check_lines(root)
    mine = [x for x in lines if "rapport" in x]
    assert mine[0] == (
        f"seeds/sources/{name}:1:1: error: file name 'rapport\\u200b-otan.txt' holds invisible character(s) "
        "U+200B ZERO WIDTH SPACE: rename the file (its page id would not be its name)"
    )
    build(root)
    assert "Texte du rapport." in page(root, "rapport-otan")
