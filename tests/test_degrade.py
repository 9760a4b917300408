"""Every check error degrades, never crashes: generated from the declared schema.

The format's declaration (:mod:`generator.schema`) is walked, not copied: every field of every
registry record and of a source's front matter, nested records included (roles, mentions,
incidents, quotes, measures), and every "exactly one of" group. Each is broken in turn in an
otherwise valid entry — a required one removed or left empty, any one given a wrong type or an
invalid value (bad id, unknown reference, unknown enum value, impossible date, unknown country,
French text missing, empty text) — with, beside a broken registry entry, a source that refers to
it wherever a source can.

For each variant alone, ``briefing check`` exits 1 and names the file, the entry's lines and the
field; the source referring to an entry left out says so. The variants of one kind of break are
then built together, in one real MkDocs build (not strict: the errors are expected) and one
``briefing generate``, which complete with every page of the valid entries, every source (a
broken one is published with its notice), every registry entry with a stand-in or a broken
optional field published with a notice naming it, and no page for an entry left out
(docs/format.md, « Ce que devient une entrée en erreur »). The last test feeds dates outside the
plausible years and bounds the chronology.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml
from support import REPO, Site, entity_url

from generator import countries
from generator.cli import main
from generator.kinds import REGISTRY_FILES
from generator.schema import (
    SOURCE,
    Bool,
    CountryCode,
    Date,
    Enum,
    Id,
    Keywords,
    ListOf,
    Localized,
    Record,
    Records,
    Ref,
    Text,
    Type,
)

#: Registry file of each kind, and the field naming its entry.
FILES = {kind.name: name for name, kind in REGISTRY_FILES.items()}
KEY = {kind.name: kind.key for kind in REGISTRY_FILES.values()}
RECORDS = [kind.record for kind in REGISTRY_FILES.values()]
#: The phrase every verbatim text of a source (quotes, evidence, mentions) is taken from.
PHRASE = "Le sabotage du câble sous-marin"
BODY = f"{PHRASE} a été confirmé par les enquêteurs.\n\nUn second paragraphe, sans fait.\n"
EMPTY = "@@EMPTY@@"  # dumped as a key with nothing after it
BASE_COUNTRY = "FR"
#: What docs/format.md says a published registry entry shows in place of a broken required field;
#: an entry whose other required field is broken (its id, a meeting's start) is left out of the site.
STAND_INS = {("person", "name"), ("organisation", "name"), ("organisation", "kind"), ("meeting", "title"),
             ("meeting", "kind"), ("threat", "label"), ("threat", "description")}


@dataclass
class Ctx:
    uid: str
    refs: dict[str, str]
    country: str
    in_source: bool
    #: The kind of reference a dependant source points at the broken entry (a mention's target).
    prefer: str | None = None


def valid(t: Type, name: str, ctx: Ctx) -> Any:
    """A valid value of type ``t`` for field ``name``, derived from the type alone."""
    if isinstance(t, Records):
        return [record_value(t.record, ctx)]
    if isinstance(t, ListOf):
        return [valid(t.item, name, ctx)]
    if isinstance(t, Localized):
        return {"fr": f"Texte {ctx.uid}", "en": f"Text {ctx.uid}"}
    if isinstance(t, Keywords):
        return {"fr": [f"mot {ctx.uid}"], "en": [f"word {ctx.uid}"]}
    if isinstance(t, Bool):
        return "true"
    if isinstance(t, Enum):
        return t.values[0]
    if isinstance(t, Date):
        return "2024-05-12"
    if isinstance(t, CountryCode):
        return ctx.country
    if isinstance(t, Ref):
        return ctx.refs[t.kind]
    if isinstance(t, Id):
        return ctx.uid if name in ("id",) else f"old-{ctx.uid}"
    if isinstance(t, Text):
        if not ctx.in_source:
            return f"Texte {ctx.uid}"
        return f"https://example.org/{ctx.uid}" if name == "url" else PHRASE
    raise AssertionError(f"no valid value for {type(t).__name__}: add one")


def record_value(record: Record, ctx: Ctx) -> dict[str, Any]:
    """Every field of ``record`` given (of a one-of group, only the preferred or the first)."""
    chosen = ctx.prefer if ctx.prefer in record.one_of else (record.one_of[0] if record.one_of else None)
    out = {}
    for f in record.fields:
        if f.name in record.one_of and f.name != chosen:
            continue
        out[f.name] = valid(f.type, f.name, ctx)
    return out


def wrong_type(t: Type) -> Any:
    """A value of another YAML type than the field's."""
    if isinstance(t, (ListOf, Records, Localized, Keywords)):
        return ["une", "liste"] if isinstance(t, (Localized, Keywords)) else "un texte"
    return {"une": "table"}


def invalid(t: Type, name: str, ctx: Ctx) -> Any:
    """A value of the right YAML type that the field refuses."""
    if isinstance(t, Records):
        return ["pas un enregistrement"]
    if isinstance(t, ListOf):
        return [invalid(t.item, name, ctx)]
    if isinstance(t, Localized):
        return {"en": f"English only {ctx.uid}"}
    if isinstance(t, Keywords):
        return {"fr": "pas une liste"}
    if isinstance(t, Bool):
        return "peut-être"
    if isinstance(t, Enum):
        return "medai"
    if isinstance(t, Date):
        return "2024-13"
    if isinstance(t, CountryCode):
        return "UK"
    if isinstance(t, Ref):
        return f"no-such-{t.kind}"
    if isinstance(t, Id):
        return "Pas Un Id"
    if isinstance(t, Text):
        return ""
    raise AssertionError(f"no invalid value for {type(t).__name__}: add one")


# --- the variants, from the schema -------------------------------------------------------

MODES = ("missing", "empty", "wrong-type", "invalid")


@dataclass(frozen=True)
class Target:
    """A field (or one-of group) at ``path`` inside a registry record or a source."""

    top: Record
    path: tuple[str, ...]  # list fields down to the record holding the field, then the field
    record: Record
    field: str | None  # None: the one-of group
    type: Type | None
    required: bool = True


def targets() -> Iterator[Target]:
    def walk(top: Record, record: Record, path: tuple[str, ...]) -> Iterator[Target]:
        for f in record.fields:
            yield Target(top, path + (f.name,), record, f.name, f.type, f.required)
            if isinstance(f.type, Records):
                yield from walk(top, f.type.record, path + (f.name,))
        if record.one_of:
            yield Target(top, path + ("|".join(record.one_of),), record, None, None)

    for top in (*RECORDS, SOURCE):
        yield from walk(top, top, ())


@dataclass
class Variant:
    n: int
    target: Target
    mode: str
    uid: str = ""
    #: The kind and id of a registry entry this variant breaks (and that a dependant refers to).
    entry: tuple[str, str] | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.target.top.name}.{'.'.join(self.target.path)}-{self.mode}"

    @property
    def is_source(self) -> bool:
        return self.target.top is SOURCE

    @property
    def file(self) -> str:
        return f"seeds/sources/{self.uid}.txt" if self.is_source else f"seeds/{FILES[self.target.top.name]}"

    @property
    def left_out(self) -> bool:
        """A registry entry whose own required field is broken and has no stand-in."""
        return (not self.is_source and len(self.target.path) == 1 and self.target.required
                and (self.target.top.name, self.target.field) not in STAND_INS)


def variants() -> list[Variant]:
    out = []
    codes = iter(sorted(c for c in countries.codes() if c not in (BASE_COUNTRY, "RU", "UA")))
    for target in targets():
        # A missing or empty optional field is no error; a wrong or invalid one is.
        # (of a one-of group: none of its fields given, or all of them)
        modes = ("missing", "invalid") if target.field is None else MODES if target.required else MODES[2:]
        for mode in modes:
            v = Variant(len(out), target, mode)
            v.uid = f"v{v.n:03d}-{target.top.name}"
            country = next(codes) if target.top.name == "country" else BASE_COUNTRY
            ctx = Ctx(v.uid, BASE_REFS, country, target.top is SOURCE)
            v.data = record_value(target.top, ctx)
            if not v.is_source:
                key = KEY[target.top.name]
                v.entry = (target.top.name, v.data[key])
            _break(v.data, target, mode, ctx)
            out.append(v)
    return out


def _break(data: dict[str, Any], target: Target, mode: str, ctx: Ctx) -> None:
    holder = data
    for name in target.path[:-1]:
        holder = holder[name][0]
    if target.field is None:  # the one-of group: none of its fields given, or every one
        for f in target.record.fields:
            if f.name in target.record.one_of:
                holder.pop(f.name, None)
                if mode == "invalid":
                    holder[f.name] = valid(f.type, f.name, ctx)
        return
    assert target.type is not None
    if mode == "missing":
        del holder[target.field]
    elif mode == "empty":
        holder[target.field] = EMPTY
    elif mode == "wrong-type":
        holder[target.field] = wrong_type(target.type)
    else:
        holder[target.field] = invalid(target.type, target.field, ctx)


BASE_REFS = {"person": "base-person", "meeting": "base-meeting", "threat": "base-threat", "organisation": "base-organisation"}


def base_entries() -> dict[str, dict[str, Any]]:
    """One valid entry of each registry kind, every field given, referring to each other."""
    out = {}
    for record in RECORDS:
        ctx = Ctx(f"base-{record.name}", BASE_REFS, BASE_COUNTRY, False)
        out[record.name] = record_value(record, ctx)
    out["country"][KEY["country"]] = BASE_COUNTRY
    return out


def dependant(v: Variant) -> dict[str, Any] | None:
    """A source referring to the broken entry wherever a source can refer to its kind."""
    if v.entry is None or v.entry[0] == "country" or not isinstance(v.entry[1], str):
        return None
    kind, entry_id = v.entry
    if not re.fullmatch(r"[a-z0-9-]+", entry_id):
        return None
    ctx = Ctx(f"dep-{v.uid}", {**BASE_REFS, kind: entry_id}, BASE_COUNTRY, True, prefer=kind)
    return record_value(SOURCE, ctx)


# --- writing a corpus, with the lines of each entry ---------------------------------------------


def _dump(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000)
    return text.replace(f"'{EMPTY}'", "").replace(EMPTY, "")


def write_corpus(root: Path, chosen: list[Variant]) -> dict[int, tuple[int, int]]:
    """Base entries, the variants' entries and sources under ``root/seeds``; the lines (first, last)
    of each registry variant's entry."""
    seeds = root / "seeds"
    (seeds / "sources").mkdir(parents=True)
    base = base_entries()
    lines: dict[int, tuple[int, int]] = {}
    for kind, name in FILES.items():
        text = _dump([base[kind]])
        for v in chosen:
            if not v.is_source and v.target.top.name == kind:
                first = text.count("\n") + 1
                text += _dump([v.data])
                lines[v.n] = (first, text.count("\n"))
        (seeds / name).write_text(text, encoding="utf-8")
    sources = {"base": record_value(SOURCE, Ctx("base", BASE_REFS, BASE_COUNTRY, True))}
    for v in chosen:
        if v.is_source:
            sources[v.uid] = v.data
        elif (dep := dependant(v)) is not None:
            sources[f"dep-{v.uid}"] = dep
    for stem, meta in sources.items():
        (seeds / "sources" / f"{stem}.txt").write_text(f"---\n{_dump(meta)}---\n{BODY}", encoding="utf-8")
    return lines


_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.*)$")


def names_field(v: Variant, lines: dict[int, tuple[int, int]], problems: list[dict[str, Any]]) -> bool:
    """Whether an error names the variant's file, its entry's lines and the broken field."""
    *parents, last = v.target.path
    wanted = [f"{p}[0]" for p in parents] + (last.split("|") if v.target.field is None else [last])
    for p in problems:
        if p["severity"] != "error" or p["path"] != v.file:
            continue
        if not v.is_source and not lines[v.n][0] <= p["line"] <= lines[v.n][1]:
            continue
        if all(w in p["message"] for w in wanted):
            return True
    return False


def run_check(seeds: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    code = main(["--seeds", str(seeds), "check"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    problems = []
    for line in captured.out.splitlines():
        m = _LINE.match(line)
        assert m, f"not a diagnostic line: {line!r}"
        problems.append({**m.groupdict(), "line": int(m["line"])})
    return code, problems


ALL = variants()


def test_the_variants_cover_every_field_of_the_schema() -> None:
    """The variants walked the declaration: every field of every record, nested ones included."""
    covered = {(v.target.record.name, v.target.field) for v in ALL}
    for record in {t.record.name: t.record for t in targets()}.values():
        for f in record.fields:
            assert (record.name, f.name) in covered
    assert {v.target.record.name for v in ALL} >= {"meeting", "person", "role", "threat", "country", "organisation",
                                                      "source", "mention", "incident", "quote", "measure"}
    assert len(ALL) >= 200, len(ALL)


def test_the_base_corpus_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Without a variant, nothing is reported: each error below comes from the variant."""
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path, [])
    code, problems = run_check(Path("seeds"), capsys)
    assert (code, problems) == (0, [])


@pytest.mark.parametrize("v", ALL, ids=lambda v: v.name)
def test_check_names_each_broken_field(v: Variant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    lines = write_corpus(tmp_path, [v])
    code, problems = run_check(Path("seeds"), capsys)
    assert code == 1
    assert names_field(v, lines, problems), "\n".join(f"{p['path']}:{p['line']}: {p['message']}" for p in problems)
    if dependant(v) is None:
        return
    kind = v.target.top.name
    of_dependant = [p for p in problems if p["path"] == f"seeds/sources/dep-{v.uid}.txt"]
    if v.left_out:  # the source referring to it says so
        said = f"unknown {kind}" if v.target.path == (KEY[kind],) else f"{kind} '{v.entry[1]}' is left out of the site"
        assert any(said in p["message"] for p in of_dependant), problems
    else:  # published (with a notice): the references to it hold
        assert of_dependant == [], of_dependant


def _build(root: Path, caplog: pytest.LogCaptureFixture) -> Site:
    """A real MkDocs build (not strict: the corpus has errors) of the repository's docs and
    configuration, with the plugin on ``root/seeds``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.copytree(REPO / "docs", root / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "briefing" in item:
            item["briefing"] = dict(item["briefing"] or {}, seeds=str(root / "seeds"))
    config.pop("strict", None)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with caplog.at_level(logging.INFO):
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=False))
    for record in caplog.records:
        assert record.exc_info is None and "Traceback" not in record.getMessage(), record.getMessage()
        # every link the pages make goes to a page that is there (none to an entry left out)
        assert not record.name.startswith("mkdocs.structure"), record.getMessage()
    return Site(root / "site")


@pytest.mark.parametrize("mode", MODES)
def test_a_build_of_every_broken_field_completes_with_every_other_page(
        mode: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    chosen = [v for v in ALL if v.mode == mode]
    assert chosen
    write_corpus(tmp_path, chosen)
    site = _build(tmp_path, caplog)
    urls = set(site.urls())
    expected = {"", "chronologie/", "qualite/"} | {entity_url(kind, BASE_COUNTRY if kind == "country" else f"base-{kind}")
                                                 for kind in FILES}
    stems = [p.stem for p in (tmp_path / "seeds" / "sources").iterdir()]
    expected |= {entity_url("source", stem) for stem in stems}
    assert expected <= urls, sorted(expected - urls)
    for v in chosen:
        if v.is_source:  # published with its text and a notice naming the problem
            article = site.article(entity_url("source", v.uid))
            assert "Annotation à corriger" in article.text(), v.name
            assert "Le sabotage du câble sous-marin a été confirmé" in article.text(), v.name
        elif v.left_out:
            if isinstance(v.entry[1], str) and re.fullmatch(r"[a-z0-9-]+|[A-Z]{2}", v.entry[1]):
                assert entity_url(*v.entry) not in urls, f"{v.name}: a left-out entry has a page"
        elif not v.is_source:  # published with a notice naming the broken field
            url = entity_url(*v.entry)
            assert url in urls, f"{v.name}: an entry with a stand-in or a broken optional field has no page"
            notice = site.article(url).find("div", cls="admonition")
            assert notice is not None and "à corriger" in notice.text(), v.name
            assert v.target.path[-1] in notice.text() and v.file in notice.text(), (v.name, notice.text())
    # what was left out and why is listed on the data-quality page
    quality = site.article("qualite/").text()
    assert "left out of the site" in quality
    # and `briefing generate` writes every page too, exit 1 for the errors
    assert main(["--seeds", str(tmp_path / "seeds"), "generate", str(tmp_path / "md")]) == 1
    assert {f"{p}.md" for p in ("index", "chronologie", "qualite")} <= {p.name for p in (tmp_path / "md").iterdir()}
    assert len(list((tmp_path / "md").rglob("*.md"))) >= len(expected)


# --- dates outside the plausible years ------------------------------------------------------


def test_implausible_dates_are_warned_and_the_chronology_stays_bounded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path, [])
    seeds = tmp_path / "seeds"
    meetings = yaml.safe_load((seeds / "meetings.yml").read_text(encoding="utf-8"))
    from generator.dates import plausible_years

    first, last = plausible_years()
    # far outside the plausible years, and at both ends of it (the widest axis the figure may take)
    for n, start in enumerate(("1000-01", "9999-12-31", "1900-06", f"{first}-01", f"{last}-12")):
        meetings.append({**meetings[0], "id": f"far-{n}", "start": start, "end": start, "previous_ids": [f"old-far-{n}"]})
    (seeds / "meetings.yml").write_text(_dump(meetings), encoding="utf-8")
    source = seeds / "sources" / "far.txt"
    meta = record_value(SOURCE, Ctx("far", BASE_REFS, BASE_COUNTRY, True))
    meta["date"] = "9999-12"
    meta["incidents"][0]["date"] = "1000-01-01"
    source.write_text(f"---\n{_dump(meta)}---\n{BODY}", encoding="utf-8")

    code, problems = run_check(Path("seeds"), capsys)
    warned = {(p["path"], p["message"].split(":")[0]) for p in problems if p["severity"] == "warning"
              and "outside the plausible years" in p["message"]}
    assert warned == {
        ("seeds/meetings.yml", "meeting 'far-0'.start"), ("seeds/meetings.yml", "meeting 'far-0'.end"),
        ("seeds/meetings.yml", "meeting 'far-1'.start"), ("seeds/meetings.yml", "meeting 'far-1'.end"),
        ("seeds/meetings.yml", "meeting 'far-2'.start"), ("seeds/meetings.yml", "meeting 'far-2'.end"),
        ("seeds/sources/far.txt", "source.date"), ("seeds/sources/far.txt", "incidents[0].date"),
    }, problems
    assert code == 0  # warnings only

    site = _build(tmp_path, caplog)
    page = site.file("chronologie/")
    assert page is not None
    size = page.stat().st_size
    print(f"chronology page: {size} bytes")
    assert size < 400_000, f"chronology page is {size} bytes"
    text = site.article("chronologie/").text()
    assert "hors des années plausibles" in text
    for meeting in ("far-0", "far-1", "far-2"):  # named under the figure, and in the list at their date
        assert site.page("meetings/" + meeting + "/") is not None
    svg = site.article("chronologie/").find("svg")
    assert svg is not None and float(svg.get("width")) < 20_000, svg.get("width")
