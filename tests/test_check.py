"""`briefing check`: every problem named with its file, line, column and field; exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds in a fresh project folder, which is the working directory."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(project: Path, name: str, content: str | bytes) -> Path:
    path = project / "seeds" / "sources" / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", *args])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line]


def test_clean_seeds_exit_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys) == (0, [])


def test_every_problem_of_every_file_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "a.txt", "---\ntitle: A\nthreats: [sabotge]\n---\nTexte.\n")
    write(project, "b.txt", "---\ntitle: B\ndate: 2024-13\n---\nTexte.\n")
    code, lines = check(capsys)
    assert code == 1
    assert lines == [
        "seeds/sources/a.txt:3:11: error: source.threats: unknown threat 'sabotge' (did you mean sabotage?)",
        "seeds/sources/b.txt:3:7: error: source.date: '2024-13' has no month 13",
    ]


def test_yaml_syntax_error_has_its_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: x\ncountries: [RU\n---\nTexte.\n")
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:4:1: error: YAML syntax: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence)"
    ]


def test_front_matter_never_closed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: x\nTexte.\n")
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:1:1: error: front matter opened with '---' on line 1 is never closed: "
        "add a '---' line after the annotations"
    ]


def test_tab_indentation(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: x\nquotes:\n\t- speaker: mark-rutte\n---\nTexte.\n")
    assert check(capsys)[1] == ["seeds/sources/x.txt:4:1: error: tab used for indentation: YAML indents with spaces"]


def test_required_field_missing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ndate: 2024\nquotes:\n  - speaker: mark-rutte\n---\nTexte.\n")
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:2:1: error: source: required field 'title' is missing (expected text)",
        "seeds/sources/x.txt:4:5: error: source.quotes[0]: required field 'text' is missing (expected a passage copied from the source text, 2 words or 8 characters at least)",
    ]


def test_text_where_a_list_is_expected_is_not_read_letter_by_letter(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: x\nthreats: sabotage\n---\nTexte.\n")
    code, lines = check(capsys)
    assert lines == [
        "seeds/sources/x.txt:3:10: error: source.threats: expected a list (each item a threat id), "
        "found the text 'sabotage': write [sabotage]"
    ]
    corpus = load_corpus(project / "seeds", root=project)
    assert corpus.sources["x"].threats == []


def test_wrong_country_code_suggests_the_iso_one(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: x\ncountries: [UK, Russie]\n---\nTexte.\n")
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:3:13: error: source.countries[0]: unknown country code 'UK': "
        "expected an ISO 3166-1 alpha-2 country code (did you mean GB?)",
        "seeds/sources/x.txt:3:17: error: source.countries[1]: unknown country code 'Russie': "
        "expected an ISO 3166-1 alpha-2 country code (did you mean RU?)",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("20240613", "'20240613' is a number of 8 digits, not a date: write YYYY-MM-DD"),
        ("2024-02-30", "'2024-02-30' is not a real calendar date"),
        ("2024-13", "'2024-13' has no month 13"),
        ("13/06/2024", "'13/06/2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_dates(project: Path, capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    write(project, "x.txt", f"---\ntitle: x\ndate: {value}\n---\nTexte.\n")
    assert check(capsys)[1] == [f"seeds/sources/x.txt:3:7: error: source.date: {message}"]


def test_unknown_references_suggest_nearest(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        "x.txt",
        "---\ntitle: x\nmeetings: [defence-ministers-2024-6]\npeople: [jens-stoltenbrg]\n"
        "quotes:\n  - speaker: mark-rute\n    text: Un texte\n---\nUn texte.\n",
    )
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:3:12: error: source.meetings: unknown meeting 'defence-ministers-2024-6' "
        "(did you mean defence-ministers-2024-06?)",
        "seeds/sources/x.txt:4:10: error: source.people: unknown person 'jens-stoltenbrg' (did you mean jens-stoltenberg?)",
        "seeds/sources/x.txt:6:14: error: quotes[0].speaker: unknown person 'mark-rute' (did you mean mark-rutte?)",
    ]


def test_duplicate_and_unsafe_ids(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "people.yml").write_text(
        (project / "seeds" / "people.yml").read_text(encoding="utf-8")
        + "\n- id: mark-rutte\n  name: Autre\n- id: ../../etc\n  name: Evil\n",
        encoding="utf-8",
    )
    lines = [line for line in check(capsys)[1] if "people.yml" in line]
    n = len((project / "seeds" / "people.yml").read_text(encoding="utf-8").splitlines())
    assert lines[0].startswith(f"seeds/people.yml:{n - 3}:7: error: duplicate person id 'mark-rutte' (first defined at seeds/people.yml:")
    assert lines[1] == (
        f"seeds/people.yml:{n - 1}:7: error: person #{_count_people(project)}.id: expected an id made of a-z, 0-9 and '-' "
        "(no path, no '..', no '/'), found '../../etc'"
    )


def _count_people(project: Path) -> int:
    import yaml

    return len(yaml.safe_load((project / "seeds" / "people.yml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("order", [("Foo.txt", "foo.txt"), ("foo.txt", "Foo.txt")])
def test_ids_giving_the_same_url_valid_one_keeps_its_page(project: Path, capsys: pytest.CaptureFixture[str], order: tuple[str, str]) -> None:
    write(project, "Foo.txt", "---\ntitle: Mauvais nom\n---\nTexte A.\n")
    write(project, "foo.txt", "---\ntitle: Bon nom\n---\nTexte B.\n")
    corpus = load_corpus(project / "seeds", root=project)
    assert corpus.sources["foo"].title == "Bon nom"
    messages = [str(d) for d in corpus.report.sorted()]
    assert messages == [
        "seeds/sources/Foo.txt:1:1: error: file name 'Foo' is not a valid id ([a-z0-9-]): give an 'id:' field; "
        "'foo' is already used by seeds/sources/foo.txt: this file is not published",
    ]


def test_quote_not_verbatim_and_folding(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        "x.txt",
        "---\ntitle: x\nquotes:\n  - speaker: mark-rutte\n    text: \"l'OTAN  traiterait\"\n"
        "  - speaker: mark-rutte\n    text: des mots inventés\n---\nSelon lui, « l’OTAN\u00a0traiterait ces questions ».\n",
    )
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:7:11: error: quotes[1].text is not verbatim in the source text (compared after folding "
        "spaces, apostrophes and quotes): 'des mots inventés'"
    ]
    corpus = load_corpus(project / "seeds", root=project)
    assert [q.text for q in corpus.sources["x"].quotes] == ["l'OTAN  traiterait"]


def test_unknown_field_is_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: x\ncountry: [RU]\n---\nTexte.\n")
    assert check(capsys) == (
        0,
        ["seeds/sources/x.txt:3:1: warning: source: unknown field 'country' in a source: ignored (did you mean countries?)"],
    )


def test_not_utf8_gives_byte_offset(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: caf".encode() + b"\xe9\n---\nTexte.\n")
    assert check(capsys)[1] == [
        "seeds/sources/x.txt:2:11: error: not UTF-8: byte 0xe9 at offset 14 cannot be decoded; save the file as UTF-8"
    ]


def test_bom_and_crlf_give_the_same_pages(project: Path) -> None:
    from generator.site import build_pages

    text = "---\ntitle: Rutte\npeople: [mark-rutte]\n---\nMark Rutte a parlé.\nDeuxième ligne.\n"
    write(project, "clean.txt", text)
    clean = {p.path: p.markdown for p in build_pages(load_corpus(project / "seeds", root=project))}
    write(project, "clean.txt", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    corpus = load_corpus(project / "seeds", root=project)
    assert corpus.report.items == []
    assert {p.path: p.markdown for p in build_pages(corpus)} == clean


def test_empty_file_and_no_front_matter_are_unannotated_sources(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "empty.txt", "")
    write(project, "raw.txt", "Un article sans annotation.\n")
    assert check(capsys) == (
        0,
        [
            "seeds/sources/empty.txt:1:1: warning: empty file: published as an unannotated source",
            "seeds/sources/raw.txt:1:1: warning: no front matter: published as an unannotated source (non annoté)",
        ],
    )
    corpus = load_corpus(project / "seeds", root=project)
    assert not corpus.sources["raw"].annotated and corpus.sources["raw"].body == "Un article sans annotation.\n"


def test_yaml_11_traps(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: yes\ncountries: [NO, ON]\npeople: [no]\n---\nTexte.\n")
    code, lines = check(capsys)
    assert lines == [
        "seeds/sources/x.txt:3:17: error: source.countries[1]: unknown country code 'ON': "
        "expected an ISO 3166-1 alpha-2 country code",
        "seeds/sources/x.txt:4:10: error: source.people: unknown person 'no'",
    ]
    source = load_corpus(project / "seeds", root=project).sources["x"]
    assert source.title == "yes" and source.countries == ["NO"]


def test_alias_bomb_is_refused_fast(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    write(project, "bomb.txt", "---\n" + "\n".join(rows) + "\n---\nTexte.\n")
    tracemalloc.start()
    start = time.perf_counter()
    code, lines = check(capsys)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert lines == ["seeds/sources/bomb.txt:2:1: error: YAML aliases (*name) expand this document to more than 100000 values "
                     "(it holds 28 as written): refused"]
    assert elapsed < 10 and peak < 200 * 1024 * 1024


def test_oversized_file_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    size = write(project, "big.txt", "---\ntitle: big\n---\n" + "x" * 5000 + "\n").stat().st_size
    code = main(["--max-bytes", "4000", "check"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert f"seeds/sources/big.txt:1:1: error: file is {size} bytes, over the limit of 4000: not read" in out


def test_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "x.txt", "---\ntitle: x\nthreats: [sabotge]\n---\nTexte.\n")
    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "path": "seeds/sources/x.txt",
            "line": 3,
            "col": 11,
            "severity": "error",
            "message": "source.threats: unknown threat 'sabotge' (did you mean sabotage?)",
        }
    ]


def test_cli_exit_codes(project: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, capture_output=True, text=True)

    assert run("check").returncode == 0
    usage = run("check", "--no-such-option")
    assert usage.returncode == 2 and "unrecognized arguments: --no-such-option" in usage.stderr
    assert run("--seeds", "missing", "check").returncode == 2
    write(project, "x.txt", "---\ntitle: x\ndate: 2024-99\n---\nTexte.\n")
    bad = run("check")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stdout == "seeds/sources/x.txt:3:7: error: source.date: '2024-99' has no month 99\n"


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "pure-python"])
def test_an_empty_or_null_value_is_no_value_whichever_yaml_parser_reads_it(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """`end:`, `end: ~` and `end: null` say "not given", as YAML means; `end: ''` is an empty text.
    libyaml's parser marks a plain scalar with the style '' where PyYAML's own gives None."""
    import yaml

    from generator import yamlpos
    from generator.diagnostics import Report

    if fast and getattr(yaml, "CBaseLoader", None) is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamlpos, "_FAST_LOADER", yaml.CBaseLoader if fast else None)
    ok, value = yamlpos.load("a:\nb: ~\nc: null\nd: ''\ne: x\n", "x.yml", Report())
    assert ok
    assert {k: value[k] for k in "abcde"} == {"a": None, "b": None, "c": None, "d": "", "e": "x"}
