"""Fuzzing: whatever the annotation files hold, `briefing check` and a build never raise, never
write outside their output folder, and name every file they do not publish.

Hypothesis generates source files (front matter, body, file name) and registry documents:
random structures (mappings, lists, nesting), every YAML scalar type (text, int, float, bool,
null, dates, timestamps, binary), hostile unicode (bidi and C0/C1 controls, astral, combining,
RTL scripts, lone surrogates as YAML escapes), depths, sizes, and odd file names (dots, spaces,
unicode, leading dashes; never a path that leaves the folder). Each example is written into a
temporary copy of seeds/, then:

- ``briefing check --format json`` and ``briefing generate OUT`` run in this process
  (``generator.cli.main``): no exception, exit status 0 or 1;
- nothing outside ``OUT`` changes (the whole temporary folder is compared before and after);
- every source file that is not published (absent from OUT/exports/corpus.json) and every
  registry file none of whose entries is published is named by a problem;
- for a few examples, ``briefing check`` in a subprocess (no traceback) and a real MkDocs build
  (not strict: a build with annotation errors completes).

Profiles (``HYPOTHESIS_PROFILE``): ``default`` is brief and deterministic (``make test``, CI);
``long`` searches on demand, with a fresh seed each run:

    HYPOTHESIS_PROFILE=long nice -n 10 .venv/bin/python -m pytest tests/test_fuzz.py -q

Hypothesis keeps the failures it found in ``.hypothesis/`` (git-ignored) and tries them first
next time. Every failure it ever found is below as an explicit ``@example`` or regression test.
Options for a long run: ``FUZZ_COLLECT=found.jsonl`` writes every failure (one JSON line each:
its signature, the case, the traceback) and goes on instead of stopping at the first;
``FUZZ_FILES=sources`` generates source files only; ``FUZZ_PENDING=fail`` does not set aside
the failures listed in ``PENDING`` (classes being fixed on other branches).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from generator.chars import neutral

from support import REPO, SEEDS, Annotations

_DB = DirectoryBasedExampleDatabase(str(REPO / ".hypothesis" / "examples"))
settings.register_profile(
    "default",
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every machine: CI is deterministic
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile(
    "long",
    max_examples=5_000,
    deadline=None,
    database=_DB,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"

REGISTRY_FILES = ("meetings.yml", "people.yml", "threats.yml", "countries.yml", "organisations.yml")
_SEED = Annotations.read()
IDS = {kind: sorted(_SEED.entries[kind]) for kind in ("meeting", "person", "threat", "organisation")}
COUNTRIES = ["FR", "RU", "UA", "NO", "GB", "UK", "us", "XX", "EL", "Russie", "DE"]

# --- what Hypothesis generates ------------------------------------------------------

#: Characters that break things: bidi overrides and isolates, zero-width and format characters,
#: C0/C1 controls, astral and combining characters, RTL scripts, YAML and Markdown syntax, HTML.
HOSTILE = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x80\x85\x9b\x9f\u2028\u2029"
    "\U0001f600\U0001d518\U00010348\U0010ffff\U000e0041"
    "\u0301\u0336\u20dd\u0489"
    "مرحباשלוםދިވެހި"
    "ﬀﬁ\u00a0\u3000ÅÅ"
    ":-#&*!|>'\"%@`{}[],?\\/\t\r\n <>=()_~^$;"
)
_text_alphabet = st.one_of(
    st.sampled_from(HOSTILE),
    st.characters(codec="utf-8"),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates: written as YAML escapes
    st.sampled_from("abcdefghij klmno-0123456789"),
)
TEXT = st.text(_text_alphabet, max_size=40)
#: An id that passes the format: new entries that get past validation and into the pages.
NEW_ID = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
DATES = st.sampled_from(
    ["2024", "2024-05", "2024-09-12", "2024-13", "2024-02-30", "1000-01", "9999-12-31", "0000-01-01",
     "2024-5", "12/09/2024", "2024-09-12T10:00:00Z", "2024-06-14", "2023-12"]
)


def _scalars() -> st.SearchStrategy:
    return st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), TEXT, DATES,
        st.dates(), st.datetimes(), st.datetimes(timezones=st.timezones()) if _has_tz() else st.datetimes(),
        st.binary(max_size=16),
        st.sampled_from([""] + sum(IDS.values(), []) + COUNTRIES + ["confirmed", "summit", "media", "fr", "true"]),
    )


def _has_tz() -> bool:
    try:
        import zoneinfo

        return bool(zoneinfo.available_timezones())
    except Exception:
        return False


SCALARS = _scalars()
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.one_of(SCALARS, TEXT), children, max_size=4),
    max_leaves=12,
)


def _field_of(names: dict[str, st.SearchStrategy], required: tuple[str, ...] = ()) -> st.SearchStrategy:
    """A record: either a few of its real fields, each a plausible or a random value, and maybe an
    unknown one; or (to get past validation, into the pages) its required fields and some others,
    each a plausible value."""
    anything = st.fixed_dictionaries({}, optional={**{n: s | VALUES for n, s in names.items()}, "unknown-field": VALUES})
    plausible = st.fixed_dictionaries({n: names[n] for n in required},
                                      optional={n: s for n, s in names.items() if n not in required})
    return anything | plausible | plausible


def _ref(kind: str) -> st.SearchStrategy:
    return st.sampled_from(IDS[kind]) | TEXT


def _refs(kind: str) -> st.SearchStrategy:
    return st.lists(_ref(kind), max_size=3)


def _body_part(body: list[str]) -> st.SearchStrategy:
    """Text copied from the body, a paragraph or a piece of one (so that quotes and evidence can
    match), or anything."""
    if not body:
        return TEXT
    piece = st.sampled_from(body).flatmap(
        lambda p: st.integers(0, len(p)).flatmap(lambda i: st.integers(i, len(p)).map(lambda j: p[i:j])))
    return st.sampled_from(body) | piece | TEXT


@st.composite
def front_matter(draw: st.DrawFn, body: list[str]) -> dict:
    part = _body_part(body)
    mention = _field_of({"text": part, "person": _ref("person"), "country": st.sampled_from(COUNTRIES),
                         "meeting": _ref("meeting"), "threat": _ref("threat"), "organisation": _ref("organisation")}, ("text",))
    incident = _field_of({"summary": TEXT, "date": DATES, "country": st.sampled_from(COUNTRIES), "place": TEXT,
                          "threat": _ref("threat"), "actor": st.sampled_from(COUNTRIES),
                          "attribution": st.sampled_from(["confirmed", "suspected", "unknown", "sure"]),
                          "meeting": _ref("meeting"), "evidence": part}, ("summary", "threat", "attribution", "evidence"))
    quote = _field_of({"speaker": _ref("person"), "text": part, "meeting": _ref("meeting")}, ("speaker", "text"))
    measure = _field_of({"text": TEXT, "meeting": _ref("meeting"), "threats": _refs("threat"), "evidence": part}, ("text", "evidence"))
    return draw(_field_of({
        "id": NEW_ID | TEXT | st.sampled_from(["index", "x", "a-b"] + [s for s in _SEED.sources]),
        "title": TEXT, "date": DATES, "publisher": _ref("organisation"), "url": TEXT, "language": st.sampled_from(["fr", "en", "de"]),
        "summary": TEXT, "meetings": _refs("meeting"), "countries": st.lists(st.sampled_from(COUNTRIES), max_size=3),
        "threats": _refs("threat"), "people": _refs("person"), "organisations": _refs("organisation"),
        "mentions": st.lists(mention, max_size=3), "incidents": st.lists(incident, max_size=3),
        "quotes": st.lists(quote, max_size=3), "measures": st.lists(measure, max_size=3),
        "reviewed": st.booleans() | TEXT, "previous_ids": st.lists(TEXT | st.sampled_from(sum(IDS.values(), [])), max_size=2),
    }, ("title",)))


LOCALIZED = TEXT | st.fixed_dictionaries({}, optional={"fr": TEXT, "en": TEXT, "de": TEXT})
RECORDS = {
    "meetings.yml": _field_of({
        "id": NEW_ID | st.sampled_from(IDS["meeting"]), "title": TEXT,
        "kind": st.sampled_from(["summit", "expert", "medai"]), "start": DATES, "end": DATES, "place": TEXT,
        "country": st.sampled_from(COUNTRIES), "chair": _ref("person"), "participants": _refs("person"),
        "summary": TEXT, "previous_ids": _refs("meeting"),
    }, ("id", "title", "kind", "start")),
    "people.yml": _field_of({
        "id": NEW_ID | st.sampled_from(IDS["person"]), "name": TEXT, "aliases": st.lists(TEXT, max_size=3),
        "country": st.sampled_from(COUNTRIES),
        "roles": st.lists(_field_of({"title": LOCALIZED, "from": DATES, "to": DATES}, ("title",)), max_size=3),
        "previous_ids": _refs("person"),
    }, ("id", "name")),
    "threats.yml": _field_of({
        "id": NEW_ID | st.sampled_from(IDS["threat"]), "label": LOCALIZED, "description": LOCALIZED,
        "keywords": st.fixed_dictionaries({}, optional={"fr": st.lists(TEXT, max_size=3), "en": st.lists(TEXT, max_size=3)}),
        "previous_ids": _refs("threat"),
    }, ("id", "label", "description")),
    "countries.yml": _field_of({
        "code": st.sampled_from(COUNTRIES), "role": st.sampled_from(["member", "adversary", "enemy"]),
        "nato": DATES, "eu": DATES, "aliases": st.lists(TEXT, max_size=3), "adjectives": st.lists(TEXT, max_size=3),
        "note": TEXT,
    }, ("code",)),
    "organisations.yml": _field_of({
        "id": NEW_ID | st.sampled_from(IDS["organisation"]), "name": TEXT,
        "kind": st.sampled_from(["media", "agency", "medai"]), "country": st.sampled_from(COUNTRIES),
        "aliases": st.lists(TEXT, max_size=3), "previous_ids": _refs("organisation"),
    }, ("id", "name", "kind")),
}


def _dump(value: object, draw: st.DrawFn) -> str:
    """YAML for ``value``, as PyYAML writes it (escapes for what is not printable)."""
    try:
        return yaml.safe_dump(value, allow_unicode=draw(st.booleans()), sort_keys=False,
                              default_flow_style=draw(st.sampled_from([False, True, None])), width=draw(st.sampled_from([80, 10**6])))
    except (yaml.YAMLError, TypeError, ValueError, RecursionError):
        return "title: unrepresentable\n"


@st.composite
def yaml_text(draw: st.DrawFn, value: st.SearchStrategy) -> str:
    """A YAML document: a generated value as PyYAML writes it, raw YAML-like text, deep nesting, or an alias bomb."""
    how = draw(st.sampled_from(["dump"] * 6 + ["raw", "deep", "aliases", "tabs", "many"]))
    if how == "dump":
        return _dump(draw(value), draw)
    if how == "raw":
        lines = draw(st.lists(st.text(_text_alphabet, max_size=30), max_size=6))
        return "\n".join(lines) + "\n"
    if how == "deep":
        depth = draw(st.sampled_from([10, 100, 500, 1200]))
        shape = draw(st.sampled_from(["flow-list", "flow-map", "block-list", "block-map"]))
        return {
            "flow-list": "title: " + "[" * depth + "]" * depth + "\n",
            "flow-map": "title: " + "{a: " * depth + "x" + "}" * depth + "\n",
            "block-list": "".join("  " * i + "- " + ("\n" if i < depth - 1 else "x\n") for i in range(depth)),
            "block-map": "".join("  " * i + "a:" + ("\n" if i < depth - 1 else " x\n") for i in range(depth)),
        }[shape]
    if how == "aliases":
        return "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: &t t\nsummary: *t\n"
    if how == "tabs":
        return "title: x\nmeetings:\n\t- a\n"
    count = draw(st.sampled_from([1_000, 20_000]))
    return "countries: [" + ", ".join(["FR"] * count) + "]\ntitle: many\n"


NAME_ALPHABET = st.one_of(
    st.sampled_from("abc-019 ._"),
    st.sampled_from("éÅ\u0301\u200b\u202e\u00a0\U0001f600مש\"'<>&;`$*?![]{}#%~=+,"),
    st.characters(codec="utf-8", exclude_characters="/\x00"),
)


@st.composite
def file_name(draw: st.DrawFn) -> str:
    """A name for a file in seeds/sources: odd, but never a path (no '/', no NUL, never '.' or '..')."""
    stem = draw(st.one_of(
        st.text(NAME_ALPHABET, min_size=1, max_size=24),
        st.sampled_from(["", ".", "..", "-", "--help", "-x", " ", "x ", ".hidden", "index", "a..b", "CON",
                         'x"><img src=x onerror=alert(1)>', "2024-02-stoltenberg-bild-espionage"]),
    ))
    suffix = draw(st.sampled_from([".txt", ".txt", ".md", ".TXT", ".yml", "", ".txt.bak", ".proposals.yml", ".txt "]))
    name = stem + suffix
    if name in ("", ".", "..") or "/" in name or "\x00" in name or len(name.encode("utf-8", "surrogatepass")) > 200:
        name = "fallback.txt"
    return name


#: Words the annotation assistant and the pages look for: names and aliases, places, dates, quote marks.
WORDS = st.sampled_from([
    "Jens Stoltenberg", "Stoltenberg", "Mark Rutte", "M. Rutte", "OTAN", "l'OTAN", "Russie", "russe", "Moscou",
    "Kremlin", "sabotage", "incendie criminel", "cyberattaque", "désinformation", "12 septembre 2024", "fin mai 2024",
    "le 3 décembre", "2024", "« Nous répondrons »", "a déclaré", "selon", "attribué à la Russie", "présumé",
    "sommet de Washington", "ministres des Affaires étrangères", "Bruxelles", "Pologne", "Allemagne", "de", "e",
    "*", "**", "_", "#", "[x](javascript:alert(1))", "<script>alert(1)</script>", "&amp;", "|", "---", "> ", "    ",
])


@st.composite
def body_text(draw: st.DrawFn) -> list[str]:
    """Paragraphs: words the pages and the assistant react to, mixed with anything."""
    token = WORDS | st.text(_text_alphabet, min_size=1, max_size=20)
    paragraph = st.lists(token, min_size=1, max_size=12).map(" ".join) | st.text(_text_alphabet, min_size=1, max_size=80)
    return draw(st.lists(paragraph, max_size=5))


def _encode(text: str, draw: st.DrawFn) -> bytes:
    how = draw(st.sampled_from(["utf-8"] * 8 + ["bom", "crlf", "utf-16", "latin-1", "bad-byte", "nul"]))
    raw = text.encode("utf-8", "surrogatepass")
    if how == "bom":
        return b"\xef\xbb\xbf" + raw
    if how == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    if how == "bad-byte":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + b"\xff" + raw[at:]
    if how == "nul":
        return raw + b"\x00"
    return raw


@st.composite
def source_file(draw: st.DrawFn) -> tuple[str, bytes]:
    body = draw(body_text())
    shape = draw(st.sampled_from(["annotated"] * 5 + ["no-front-matter", "unclosed", "empty", "only-dashes"]))
    text_body = "\n\n".join(body) + "\n"
    if shape == "annotated":
        meta = draw(yaml_text(front_matter(body)))
        text = "---\n" + meta + "---\n" + text_body
    elif shape == "no-front-matter":
        text = text_body
    elif shape == "unclosed":
        text = "---\ntitle: x\n" + text_body
    elif shape == "empty":
        text = ""
    else:
        text = "---\n---\n"
    return "sources/" + draw(file_name()), _encode(text, draw)


@st.composite
def registry_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A registry: the seed's with generated entries appended, or a generated document instead."""
    name = draw(st.sampled_from(REGISTRY_FILES))
    seed = (SEEDS / name).read_text(encoding="utf-8")
    if draw(st.booleans()):
        entries = draw(st.lists(RECORDS[name] | VALUES, min_size=1, max_size=3))
        text = seed.rstrip("\n") + "\n\n" + _dump(entries, draw)
    else:
        text = draw(yaml_text(st.lists(RECORDS[name], max_size=3) | VALUES))
    return name, _encode(text, draw)


@dataclass(frozen=True)
class Case:
    """Files written over a copy of seeds/: (path inside seeds/, content)."""

    files: tuple[tuple[str, bytes], ...]


#: FUZZ_FILES=sources: source files only (the seed registries stay whole), to search the pages of
#: sources and the assistant while registry failures are being fixed.
_FILES = st.one_of(source_file(), source_file(), registry_file()) if os.environ.get("FUZZ_FILES") != "sources" else source_file()
CASES = st.builds(
    lambda files: Case(tuple(files)),
    st.lists(_FILES, min_size=1, max_size=3, unique_by=lambda f: f[0].casefold()),
)

#: Failures the fuzzer found and that are fixed here (see the regression tests at the end).
UNDECODABLE_PROPOSALS = Case((("sources/a.txt", b"Jens Stoltenberg a d\xc3\xa9clar\xc3\xa9 : sabotage.\n"),
                              ("sources/a.proposals.yml", b"people:\n  x: \x86\xff\n")))
INCIDENTS_NOT_RECORDS = Case((("sources/a.txt", (
    "---\ntitle: T\nincidents: [x]\n---\n"
    "Les services allemands attribuent à la Russie l'incendie criminel d'un entrepôt à Berlin en mai 2024.\n"
).encode()),))

# --- what must hold -----------------------------------------------------------------


def _snapshot(root: Path, skip: Path) -> dict[str, str]:
    """Every file and folder under ``root`` except ``skip``: path -> content digest (or 'dir')."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d != skip]
        for d in dirnames:
            out[os.fsdecode(here / d)] = "dir"
        for f in filenames:
            path = here / f
            out[os.fsdecode(path)] = "link" if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _write(root: Path, case: Case) -> Path:
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    for rel, data in case.files:
        (seeds / rel).write_bytes(data)
    return seeds


def _cli(root: Path, *args: str) -> tuple[int, str, str]:
    """``briefing ARGS`` in this process, run from ``root``: (status, stdout, stderr)."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as exc:  # argparse; never expected here
                status = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(cwd)
    return status, out.getvalue(), err.getvalue()


def _published(out: Path) -> tuple[set[str], set[str]]:
    """(source files published, registry files with at least one entry published), from the export."""
    corpus = json.loads((out / "exports" / "corpus.json").read_text(encoding="utf-8"))
    files = {s["file"] for s in corpus["sources"]}
    registries = set()
    for kind, name in (("meetings", "meetings.yml"), ("people", "people.yml"), ("threats", "threats.yml"),
                       ("organisations", "organisations.yml")):
        if corpus[kind]:
            registries.add("seeds/" + name)
    if any(c.get("registered") for c in corpus["countries"]):
        registries.add("seeds/countries.yml")
    return files, registries


def _empty(data: bytes) -> bool:
    """Whether a registry document is valid YAML defining no entry (nothing to refuse)."""
    try:
        return yaml.load(data, Loader=yaml.BaseLoader) in (None, [], "")
    except (yaml.YAMLError, RecursionError, ValueError):
        return False


def _assert_every_file_published_or_named(root: Path, published: set[str], problems: list[dict]) -> None:
    """Every file in seeds/sources is published, or a problem names it (as its path or in its message).
    Not required: what `briefing annotate` writes beside a draft (NAME.proposals.yml), and hidden
    files that are not sources by their name (.gitkeep, .DS_Store)."""
    for path in sorted((root / "seeds" / "sources").iterdir()):
        rel = path.relative_to(root).as_posix()
        name = path.name
        if name.endswith(".proposals.yml") or (name.startswith(".") and not name.endswith((".txt", ".md"))):
            continue
        if rel not in published:
            # Messages show a name's control and bidi characters as markers (« [U+001F] »).
            names = {rel, neutral(rel)}
            assert any(p["path"] in names or any(n in p["message"] for n in names) for p in problems), \
                f"{rel!r} is not published and no problem names it"


def _check_annotate(root: Path, case: Case, problems: list[dict]) -> None:
    """`briefing annotate` on the sources the case wrote: --dry-run writes nothing; then the drafts
    it writes never make a front matter that `briefing check` cannot read."""
    paths = sorted({"seeds/" + rel for rel, _ in case.files if rel.startswith("sources/")})
    if not paths:
        return
    out = root / "out"
    before = _snapshot(root, out)
    options = ("--nlp", "off", "--progress", "off")
    status, _, stderr = _cli(root, "annotate", "--dry-run", *options, *paths)
    assert status in (0, 1), f"annotate --dry-run exit status {status}\n{stderr}"
    assert _snapshot(root, out) == before, "annotate --dry-run changed files"
    status, _, stderr = _cli(root, "annotate", *options, *paths)
    assert status in (0, 1), f"annotate exit status {status}\n{stderr}"
    status, stdout, stderr = _cli(root, "check", "--format", "json")
    assert status in (0, 1), f"check after annotate: exit status {status}\n{stderr}"
    unreadable = lambda ps: {(p["path"], p["message"]) for p in ps if p["path"] in paths  # noqa: E731
                             and ("YAML syntax" in p["message"] or "never closed" in p["message"])}
    new = unreadable(json.loads(stdout)) - unreadable(problems)
    assert not new, f"annotate wrote drafts that check cannot read: {sorted(new)}"


def check_case(case: Case) -> None:
    """Write ``case`` into a copy of seeds/, then check and generate; assert the properties."""
    with tempfile.TemporaryDirectory(prefix="briefing-fuzz-") as tmp:
        root = Path(tmp)
        seeds = _write(root, case)
        out = root / "out"
        before = _snapshot(root, out)

        status, stdout, stderr = _cli(root, "check", "--format", "json")
        assert status in (0, 1), f"check exit status {status}\n{stderr}"
        problems = json.loads(stdout)
        assert _snapshot(root, out) == before, "check changed files"
        assert not out.exists(), "check wrote the output folder"

        status, _, stderr = _cli(root, "generate", "out")
        assert status in (0, 1), f"generate exit status {status}\n{stderr}"
        assert (out / "index.md").is_file(), "generate wrote no home page"
        assert _snapshot(root, out) == before, "generate wrote outside its output folder"
        for feed in sorted(out.rglob("*.xml")):
            try:
                ElementTree.parse(feed)
            except ElementTree.ParseError as exc:
                raise AssertionError(f"feed {feed.relative_to(out)} is not well-formed XML: {exc}") from None

        published, registries = _published(out)
        _check_annotate(root, case, problems)
        _assert_every_file_published_or_named(root, published, problems)
        for name in REGISTRY_FILES:
            rel = f"seeds/{name}"
            if rel not in registries and any(f == name and not _empty(data) for f, data in case.files):
                assert any(p["path"] == rel for p in problems), f"{rel}: no entry published and no problem names it"


# Failures of a known class being fixed, set aside (not counted) so that a long run goes on
# looking for other failures; each also gets an explicit regression test below. Empty once fixed.
PENDING: list[tuple[str, str]] = []


def _pending(exc: BaseException) -> str | None:
    text = "".join(traceback.format_exception(exc))
    for branch, pattern in PENDING:
        if re.search(pattern, text):
            return branch
    return None


def _signature(exc: BaseException) -> str:
    """What tells one failure from another: the exception and the innermost frame of the project."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/generator/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "tests"
    first = str(exc).split("\n", 1)[0]
    return f"{type(exc).__name__} at {where}: {re.sub(r'seeds/sources/[^ ]*', 'seeds/sources/…', first)[:160]}"


def _collect(case: Case, exc: BaseException) -> None:
    """With FUZZ_COLLECT=FILE, a failure is written to FILE (one JSON line) and the run goes on,
    so that a long run lists every kind of failure instead of stopping at the first one."""
    record = {"signature": _signature(exc), "pending": _pending(exc), "size": sum(len(d) for _, d in case.files),
              "case": repr(case), "traceback": "".join(traceback.format_exception(exc))[-3000:]}
    with open(os.environ["FUZZ_COLLECT"], "a", encoding="utf-8") as log:
        log.write(json.dumps(record, ensure_ascii=False) + "\n")


def _run(check: Callable[[Case], None], case: Case) -> None:
    """``check(case)``; with FUZZ_COLLECT a failure is logged and the run goes on, and a failure
    of a class listed in PENDING is set aside (unless FUZZ_PENDING=fail)."""
    try:
        check(case)
    except Exception as exc:
        if os.environ.get("FUZZ_COLLECT"):
            _collect(case, exc)
            return
        if os.environ.get("FUZZ_PENDING", "skip") == "skip" and _pending(exc):
            reject()
        raise


@given(CASES)
@example(UNDECODABLE_PROPOSALS)
@example(INCIDENTS_NOT_RECORDS)
def test_check_and_generate_never_raise_nor_lose_a_file(case: Case) -> None:
    _run(check_case, case)


def mkdocs_project(seeds: Path, root: Path) -> Path:
    """The repository's docs and mkdocs.yml under ``root``, with the plugin on ``seeds``; the config file."""
    shutil.copytree(REPO / "docs", root / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "briefing" in item:
            item["briefing"] = dict(item["briefing"] or {}, seeds=str(seeds), workers=1)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root / "mkdocs.yml"


def check_case_with_mkdocs(case: Case) -> None:
    """``briefing check`` in a subprocess, then a real MkDocs build, in this process and not strict
    (a build with annotation errors completes): no traceback, nothing written outside the site
    folder, every file not published named by a problem."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix="briefing-fuzz-") as tmp:
        root = Path(tmp)
        seeds = _write(root, case)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
        result = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--format", "json"],
                                cwd=root, env=env, capture_output=True, timeout=300)
        stderr = result.stderr.decode("utf-8", "replace")
        assert result.returncode in (0, 1), f"check exit status {result.returncode}\n{stderr}"
        assert "Traceback" not in stderr, stderr
        problems = json.loads(result.stdout)
        config = mkdocs_project(seeds, root)
        site = root / "site"
        before = _snapshot(root, site)
        build(load_config(config_file=str(config), site_dir=str(site), strict=False))
        assert (site / "index.html").is_file(), "the build wrote no home page"
        assert _snapshot(root, site) == before, "the build wrote outside its site folder"
        _assert_every_file_published_or_named(root, _published(site)[0], problems)


@settings(max_examples=40 if LONG else 3)
@given(CASES)
def test_a_real_mkdocs_build_completes_whatever_the_files(case: Case) -> None:
    _run(check_case_with_mkdocs, case)


# --- every failure the fuzzer found, as an explicit case ----------------------------------


def _append(registry: str, text: str) -> tuple[str, bytes]:
    """The seed registry with ``text`` (YAML list items) appended."""
    return registry, (SEEDS / registry).read_bytes().rstrip(b"\n") + b"\n\n" + text.encode("utf-8")


FOUND = [
    pytest.param(Case((("sources/..txt", b"---\ntitle: x\n---\nText.\n"),)), id="hidden-source-file-not-reported"),
    pytest.param(Case((("sources/.txt", b"Text.\n"),)), id="dot-txt-not-reported"),
    pytest.param(Case((("meetings.yml", ("title: " + "[" * 1200 + "]" * 1200 + "\n").encode()),)),
                 id="registry-nested-1200-deep"),
    pytest.param(Case((("sources/deep.txt", ("---\ntitle: " + "{a: " * 1200 + "x" + "}" * 1200 + "\n---\nText.\n").encode()),)),
                 id="front-matter-nested-1200-deep"),
    pytest.param(Case((_append("people.yml", "- id: nobody\n"),)), id="person-without-name"),
    pytest.param(Case((_append("threats.yml", "- id: nothing\n  label: Rien\n"),)), id="threat-without-description"),
    pytest.param(Case((_append("threats.yml", "- id: t1\n  label: {en: T}\n  description: {fr: D}\n"),)),
                 id="threat-label-without-fr"),
    pytest.param(Case((_append("meetings.yml", "- id: m1\n  title: T\n  kind: summit\n  start: 2024-06-13 10:00:00\n"),)),
                 id="meeting-start-a-timestamp"),
    pytest.param(Case((_append("meetings.yml", "- id: m1\n  title: T\n  kind: summit\n  start: 2024-13\n"),)),
                 id="meeting-start-2024-13"),
    pytest.param(Case((_append("organisations.yml", "- id: o1\n  name: O\n  kind: medai\n"),)),
                 id="organisation-kind-medai"),
    pytest.param(Case((_append("people.yml", "- id: p1\n  name: P\n  roles:\n    - from: 2024\n"),)),
                 id="role-without-title"),
    pytest.param(Case((("sources/\x1f.txt", b"---\n{}\n---\n\n"),)), id="control-character-in-file-name"),
    pytest.param(Case((("sources/c.txt", b"---\n\x1f\n---\n\n"),)), id="control-character-alone-in-front-matter"),
    pytest.param(Case((("sources/bell.txt", b'---\ntitle: "Bell \\x07 here"\ndate: 2024-05\n---\nText.\n'),)),
                 id="control-character-in-feed"),
]


@pytest.mark.parametrize("case", FOUND)
def test_failure_the_fuzzer_found(case: Case) -> None:
    check_case(case)


# Fixed here (classes no other branch owns), each also an @example of the property above.

def test_annotate_names_an_undecodable_proposals_file(tmp_path: Path) -> None:
    """Found by the fuzzer: a NAME.proposals.yml that is not UTF-8 made `briefing annotate` raise
    UnicodeDecodeError. It now says which file, and leaves the source and the proposals as they are."""
    seeds = _write(tmp_path, UNDECODABLE_PROPOSALS)
    before = _snapshot(tmp_path, tmp_path / "out")
    for dry in ((), ("--dry-run",)):
        status, _, stderr = _cli(tmp_path, "annotate", *dry, "--nlp", "off", "--progress", "off", "seeds/sources/a.txt")
        assert status == 1, stderr
        assert "seeds/sources/a.txt: error: a.proposals.yml is not UTF-8 (byte 0x86 at offset 13)" in stderr, stderr
    assert _snapshot(tmp_path, tmp_path / "out") == before
    assert (seeds / "sources" / "a.proposals.yml").read_bytes() == UNDECODABLE_PROPOSALS.files[1][1]


def test_annotate_proposes_incidents_beside_items_that_are_not_records(tmp_path: Path) -> None:
    """Found by the fuzzer: `incidents: [x]` (items that are not mappings) made `briefing annotate`
    raise IndexError while comparing its proposals with them. The draft now keeps them and adds
    its proposal; `briefing check` reports the bad item as before."""
    seeds = _write(tmp_path, INCIDENTS_NOT_RECORDS)
    status, _, stderr = _cli(tmp_path, "annotate", "--nlp", "off", "--progress", "off", "seeds/sources/a.txt")
    assert status == 0, stderr
    meta = yaml.load((seeds / "sources" / "a.txt").read_text(encoding="utf-8").split("---\n")[1], Loader=yaml.BaseLoader)
    assert meta["incidents"][0] == "x"
    assert any(isinstance(i, dict) and i.get("threat") == "arson" for i in meta["incidents"][1:]), meta["incidents"]
    status, stdout, _ = _cli(tmp_path, "check", "--format", "json")
    assert any(p["path"] == "seeds/sources/a.txt" and "incidents[0]" in p["message"] for p in json.loads(stdout))
