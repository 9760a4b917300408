"""Load the seeds into one corpus: registries, sources, checked references, indexes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import countries as cldr
from .dates import PartialDate, plausible_years
from .diagnostics import Diagnostic, Origin, Report, suggest
from .index import Lookups
from .kinds import KINDS, REGISTRY_FILES, registries
from .model import (
    Country,
    Incident,
    Key,
    Measure,
    Meeting,
    Mention,
    Organisation,
    Paragraph,
    Person,
    Quote,
    Role,
    Source,
    Threat,
)
from .reader import MAX_BYTES, RawSource, list_sources, read_text, split_source, unknown_files
from .schema import ID_PATTERN, ROLE, SOURCE, Checked, Record
from .textmatch import Folded, find_verbatim, fold, paragraph_at, paragraphs, slugify
from .yamlpos import LList, LMap, LStr, load

#: Ids that would collide with a section's index page.
RESERVED_IDS = {"index"}
SOURCE_SUFFIXES = (".txt", ".md")
#: The record of each kind of registry entry.
RECORDS: dict[str, Record] = {kind.name: kind.record for kind in registries()}


def _stand_in(value: Callable[[str], Any], text: Callable[[str], str]) -> Callable[[str], tuple[Any, str]]:
    return lambda entry_id: (value(entry_id), text(entry_id))


#: (kind, required field) -> what a published entry shows when that field is missing or invalid
#: (the value, and how the warning says it). A field absent here leaves the entry out of the site.
STAND_INS: dict[tuple[str, str], Callable[[str], tuple[Any, str]]] = {
    ("person", "name"): _stand_in(str, lambda i: f"its id '{i}' as its name"),
    ("organisation", "name"): _stand_in(str, lambda i: f"its id '{i}' as its name"),
    ("organisation", "kind"): _stand_in(lambda i: "other", lambda i: "the kind 'other'"),
    ("meeting", "title"): _stand_in(str, lambda i: f"its id '{i}' as its title"),
    ("meeting", "kind"): _stand_in(lambda i: "other", lambda i: "the kind 'other'"),
    ("threat", "label"): _stand_in(lambda i: {"fr": i}, lambda i: f"its id '{i}' as its label"),
    ("threat", "description"): _stand_in(lambda i: {"fr": ""}, lambda i: "no description"),
}


#: The message of a registry list item that is not a mapping (see ``Record.check``).
_NOT_AN_ENTRY = re.compile(r"[a-z]+ #\d+: expected an? [a-z]+ \(a mapping of fields\)")


def broken_fields(record: Record, checked: Checked) -> list[str]:
    """The required fields of ``checked`` that are missing or were invalid (the check reported each)."""
    return [f.name for f in record.fields if f.required and checked.values.get(f.name) is None]


@dataclass
class Corpus:
    """Everything the pages are made from, with the relations between entities."""

    seeds: Path
    report: Report
    sources: dict[str, Source] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    threats: dict[str, Threat] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    #: Undirected: a page that links to an entity is linked back from it.
    graph: dict[Key, set[Key]] = field(default_factory=lambda: defaultdict(set))
    #: (kind, former id) -> current id, for the redirect pages at old addresses.
    redirects: dict[Key, str] = field(default_factory=dict)
    #: Derived objects the renderers reuse across pages (name matchers).
    lookups: Lookups = field(default_factory=Lookups, repr=False, compare=False)

    def table(self, kind: str) -> dict[str, Any]:
        table: dict[str, Any] = getattr(self, KINDS[kind].table)
        return table

    def related(self, key: Key, kind: str) -> list[str]:
        return sorted(other for k, other in self.graph.get(key, ()) if k == kind)

    def incidents(self) -> list[Incident]:
        return [i for s in self.sources.values() for i in s.incidents]

    def quotes(self) -> list[Quote]:
        return [q for s in self.sources.values() for q in s.quotes]

    def measures(self) -> list[Measure]:
        return [m for s in self.sources.values() for m in s.measures]

    def link(self, a: Key, b: Key) -> None:
        if a != b:
            self.graph[a].add(b)
            self.graph[b].add(a)

    def link_all(self, keys: Iterable[Key | None]) -> None:
        present = [k for k in keys if k is not None and k[1]]
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                self.link(a, b)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class _References(NamedTuple):
    """The checks of references a loader's resolve step applies (see ``_Loader._references``)."""

    ok: Callable[[str, Any, str, Origin], bool]
    keep: Callable[[str, list[str], str], list[str]]
    one: Callable[[str, Any, str], Any]


class _Loader:
    def __init__(self, seeds: Path, root: Path, max_bytes: int) -> None:
        self.seeds = seeds
        self.root = root
        self.max_bytes = max_bytes
        self.report = Report()
        self.corpus = Corpus(seeds, self.report)
        #: kind -> id -> where: registry entries left out of the site for a broken required field.
        self.left_out: dict[str, dict[str, Origin]] = defaultdict(dict)
        #: Where each registry entry starts, and what it became (None: not published).
        self.entries: list[tuple[Origin, Any]] = []
        self.years = plausible_years()

    def text_index(self, path: str, text: str) -> tuple[list[Paragraph], Folded]:
        """A source's paragraphs, and its text folded for verbatim search (a cache may keep
        both from one load to the next: they are the slowest steps of loading a source)."""
        return paragraphs(text), fold(text)

    # --- registries --------------------------------------------------------

    def registries(self) -> None:
        for kind in registries():
            name, record = str(kind.registry), kind.record
            file = self.seeds / name
            rel = _rel(file, self.root)
            if not file.exists() and not file.is_symlink():  # a dangling link is refused as a link
                self.report.warning(Origin(rel), f"registry {name} is missing: no {record.name} is defined")
                continue
            text = read_text(file, rel, self.report, self.max_bytes)
            if text is None:
                continue
            ok, value = load(text, rel, self.report)
            if not ok or value is None:
                continue
            if not isinstance(value, LList):
                self.report.error(value.origin, f"{name} must be a list of {record.name} entries ('- id: ...')")
                continue
            for index, item in enumerate(value):
                checked = record.check(item, self.report, f"{record.name} #{index + 1}", value.origin)
                if checked is not None:
                    self.add_entry(record.name, checked)

    def _new_id(self, kind: str, checked: Checked, name: str = "id") -> str | None:
        entry_id = checked.get(name)
        if entry_id is None:
            return None
        table = self.corpus.table(kind)
        if entry_id in RESERVED_IDS:
            self.report.error(checked.at(name), f"{kind} id '{entry_id}' is reserved (it names the section's index page)")
            return None
        if entry_id in table:
            first = table[entry_id].origin
            self.report.error(checked.at(name), f"duplicate {kind} id '{entry_id}' (first defined at {first}): ignored")
            return None
        return entry_id

    def add_entry(self, kind: str, c: Checked) -> None:
        """Add a checked registry entry. One whose required field is missing or invalid (the check
        said why) is published with a stand-in for that field and a notice on its page
        (:data:`STAND_INS`); one that has no stand-in (no id, a meeting without a date) is left out
        of the site, and every reference to it is reported, never followed."""
        key = "code" if kind == "country" else "id"
        entry_id = self._new_id(kind, c, key)
        self.entries.append((c.origin, None))
        if entry_id is None:
            return
        broken = broken_fields(RECORDS[kind], c)
        values = dict(c.values)
        missing = [name for name in broken if (kind, name) not in STAND_INS]
        fields = ", ".join(f"'{name}'" for name in broken)
        said = f"field {fields} is" if len(broken) == 1 else f"fields {fields} are"
        if missing:
            self.left_out[kind].setdefault(entry_id, c.origin)
            self.report.warning(c.origin, f"{kind} '{entry_id}' is left out of the site: its required "
                                          f"{said} missing or invalid (the error on that field says why)")
            return
        if broken:
            shown = []
            for name in broken:
                values[name], text = STAND_INS[(kind, name)](entry_id)
                shown.append(text)
            self.report.warning(c.origin, f"{kind} '{entry_id}' is published with a notice: its required {said} "
                                          f"missing or invalid; its page shows {' and '.join(shown)}")
        def v(name: str) -> Any:
            return values.get(name)

        if kind == "country":
            entity: Any = Country(entry_id, v("role"), v("nato"), v("eu"), v("aliases"), v("adjectives"), v("note"), c.origin)
        elif kind == "organisation":
            entity = Organisation(entry_id, v("name"), v("kind"), v("country"), v("aliases"), c.origin)
        elif kind == "person":
            # A role whose title is missing or invalid is left out (the person's notice says so).
            roles = [Role(r.get("title"), r.get("from"), r.get("to")) for r in v("roles") if not broken_fields(ROLE, r)]
            entity = Person(entry_id, v("name"), v("aliases"), v("country"), roles, c.origin)
        elif kind == "threat":
            entity = Threat(entry_id, v("label"), v("description"), v("keywords"), c.origin)
        else:
            for name in ("start", "end"):
                self.plausible(v(name), c.at(name), f"meeting '{entry_id}'.{name}")
            entity = Meeting(entry_id, v("title"), v("kind"), v("start"), v("end"), v("place"), v("country"),
                             v("chair"), v("participants"), v("summary"), c.origin)
        if kind != "country":
            entity.previous_ids = list(v("previous_ids"))
        self.corpus.table(kind)[entry_id] = entity
        self.entries[-1] = (c.origin, entity)

    def entry_problems(self) -> None:
        """Give each published registry entry the problems reported between its first line and the
        next entry's: its notice. (A list item that is not an entry at all is no one's.)"""
        by_path: dict[str, list[tuple[Origin, Any]]] = defaultdict(list)
        for origin, entity in self.entries:
            by_path[origin.path].append((origin, entity))
        found: dict[str, list[Diagnostic]] = defaultdict(list)
        for d in self.report.items:
            if d.origin.path in by_path and not _NOT_AN_ENTRY.match(d.message):
                found[d.origin.path].append(d)
        for path, entries in by_path.items():
            entries.sort(key=lambda item: item[0].line)
            starts = [origin.line for origin, _ in entries]
            for n, (origin, entity) in enumerate(entries):
                if entity is None:
                    continue
                end = starts[n + 1] if n + 1 < len(starts) else None
                entity.problems = sorted((d for d in found.get(path, ()) if origin.line <= d.origin.line
                                          and (end is None or d.origin.line < end)), key=lambda d: (d.origin, d.message))

    def plausible(self, date: PartialDate | None, origin: Origin, where: str) -> None:
        """Warn about a date on the time axis outside :func:`~generator.dates.plausible_years`."""
        first, last = self.years
        if date is not None and not first <= date.year <= last:
            self.report.warning(origin, f"{where}: {date} is outside the plausible years {first} to {last} "
                                        f"(a typo?): kept, but left out of the chronology's figure")

    # --- sources -----------------------------------------------------------

    def source_files(self) -> list[Path]:
        folder = self.seeds / "sources"
        unknown_files(self.seeds, lambda f: _rel(f, self.root), self.report, REGISTRY_FILES)
        if not folder.is_dir():
            self.report.warning(Origin(_rel(folder, self.root)), "no sources folder: the briefing has no source")
            return []
        # the proposals `briefing annotate` leaves beside a draft are not sources
        return list_sources(folder, lambda f: _rel(f, self.root), self.report, SOURCE_SUFFIXES,
                            skip=lambda name: name.endswith(".proposals.yml"))

    def sources(self) -> None:
        # Valid files claim their ids first, so a broken duplicate never takes a good page. Files
        # come in path order: a valid one is built at once (its parsed annotations are dropped
        # then), the others after them.
        later: list[tuple[RawSource, Checked | None]] = []
        for file in self.source_files():
            rel = _rel(file, self.root)
            text = read_text(file, rel, self.report, self.max_bytes)
            if text is None:
                later.append((RawSource(rel, file.stem, None, False, False, ""), None))
                continue
            raw = split_source(text, rel, file.stem, self.report)
            checked = self.check_source(raw)
            if _valid(raw, checked):
                self.build_source(raw, checked)
            else:
                later.append((raw, checked))
        for raw, checked in sorted(later, key=lambda item: item[0].path):
            self.build_source(raw, checked)

    def check_source(self, raw: RawSource) -> Checked | None:
        origin = Origin(raw.path)
        if not raw.has_front_matter:
            if not raw.body.strip():
                self.report.warning(origin, "empty file: published as an unannotated source")
            else:
                self.report.warning(origin, "no front matter: published as an unannotated source (non annoté)")
            return None
        if not raw.meta_ok:
            return None
        if raw.meta is None:
            self.report.warning(Origin(raw.path, 2, 1), "empty front matter: published as an unannotated source")
            return None
        return SOURCE.check(raw.meta, self.report, "source", origin)

    def build_source(self, raw: RawSource, c: Checked | None) -> None:
        source_id = c.get("id") if c else None
        id_origin = c.at("id") if c else Origin(raw.path)
        repaired = False
        if source_id is None:
            source_id = raw.stem
            if not ID_PATTERN.fullmatch(source_id):
                source_id, repaired = slugify(source_id), True
        if source_id in RESERVED_IDS:
            self.report.error(id_origin, f"source id '{source_id}' is reserved: give another 'id:'")
            source_id = f"{source_id}-source"
        bad_name = f"file name '{raw.stem}' is not a valid id ([a-z0-9-]): give an 'id:' field"
        if source_id in self.corpus.sources:
            first = self.corpus.sources[source_id].origin.path
            if repaired:
                self.report.error(Origin(raw.path), f"{bad_name}; '{source_id}' is already used by {first}: this file is not published")
            else:
                self.report.error(id_origin, f"duplicate source id '{source_id}' (already used by {first}): this file is not published")
            return
        if repaired:
            self.report.error(Origin(raw.path), f"{bad_name}; published as '{source_id}'")
        body = raw.body
        title = (c.get("title") if c else None) or _first_line(body) or source_id
        paras, folded = self.text_index(raw.path, body)
        source = Source(source_id, raw.path, title, body.encode("utf-8"), paras, Origin(raw.path), annotated=c is not None)
        self.corpus.sources[source_id] = source
        if c is not None:
            self.fill_source(source, c, folded)

    def fill_source(self, s: Source, c: Checked, folded: Folded) -> None:
        v = c.get
        s.date, s.url, s.language, s.summary, s.reviewed = v("date"), v("url"), v("language"), v("summary"), v("reviewed")
        s.publisher = v("publisher")
        s.meetings, s.countries, s.threats = list(v("meetings")), list(v("countries")), list(v("threats"))
        s.people, s.organisations = list(v("people")), list(v("organisations"))
        s.previous_ids = list(v("previous_ids"))
        self.plausible(s.date, c.at("date"), "source.date")

        def locate(item: Checked, name: str, where: str) -> int | None:
            text = item.get(name)
            if text is None:
                return None
            span = find_verbatim(text, folded)
            if span is None:
                self.report.error(
                    item.at(name),
                    f"{where}.{name} is not verbatim in the source text (compared after folding spaces, "
                    f"apostrophes and quotes): '{_short(text)}'",
                )
                return None
            first, last = paragraph_at(s.paragraphs, span[0]), paragraph_at(s.paragraphs, span[1] - 1)
            if last != first:
                self.report.warning(
                    item.at(name),
                    f"{where}.{name} spans paragraphs {first} to {last} of the source: cited as « § {first} »; "
                    "copy a passage from one paragraph (or give one per paragraph)",
                )
            return first

        for n, m in enumerate(v("mentions")):
            if locate(m, "text", f"mentions[{n}]") is None:
                continue
            kind = next(k for k in ("person", "country", "meeting", "threat", "organisation") if m.get(k))
            s.mentions.append(Mention(m.get("text"), (kind, m.get(kind)), m.origin, n))
        for n, i in enumerate(v("incidents")):
            para = locate(i, "evidence", f"incidents[{n}]")
            if para is None or i.get("threat") is None or i.get("attribution") is None or i.get("summary") is None:
                continue
            self.plausible(i.get("date"), i.at("date"), f"incidents[{n}].date")
            s.incidents.append(Incident(
                s.id, len(s.incidents) + 1, i.get("summary"), i.get("date"), i.get("country"), i.get("place"),
                i.get("threat"), i.get("actor"), i.get("attribution"), i.get("meeting"), i.get("evidence"), para, i.origin,
            ))
        for n, q in enumerate(v("quotes")):
            para = locate(q, "text", f"quotes[{n}]")
            if para is None or q.get("speaker") is None:
                continue
            s.quotes.append(Quote(s.id, len(s.quotes) + 1, q.get("speaker"), q.get("text"), q.get("meeting"), para, q.origin))
        for n, m in enumerate(v("measures")):
            para = locate(m, "evidence", f"measures[{n}]")
            if para is None or m.get("text") is None:
                continue
            s.measures.append(Measure(s.id, len(s.measures) + 1, m.get("text"), m.get("meeting"), list(m.get("threats")), m.get("evidence"),
                                      para, m.origin))

    # --- references --------------------------------------------------------

    def resolve(self) -> None:
        """Check every reference; an unknown one is reported and left out of the pages."""
        corpus = self.corpus
        refs = self._references()
        one, keep = refs.one, refs.keep
        for m in corpus.meetings.values():
            m.chair = one("person", m.chair, f"meeting {m.id}.chair")
            m.participants = keep("person", m.participants, f"meeting {m.id}.participants")
            m.country = one("country", m.country, f"meeting {m.id}.country")
        for p in corpus.people.values():
            p.country = one("country", p.country, f"person {p.id}.country")
        for o in corpus.organisations.values():
            o.country = one("country", o.country, f"organisation {o.id}.country")
        for s in corpus.sources.values():
            self.resolve_source(s, refs)
        for c in corpus.countries.values():
            if not cldr.is_code(c.code):  # unreachable through the schema; kept as a guard
                self.report.error(c.origin or Origin(str(self.seeds)), f"unknown country code '{c.code}'")

    def _references(self) -> _References:
        corpus = self.corpus
        known = {kind: corpus.table(kind) for kind in ("meeting", "person", "threat", "organisation")}

        def ok(kind: str, value: str | None, where: str, origin: Origin) -> bool:
            if value is None:
                return False
            if kind == "country":
                if value not in corpus.countries:
                    corpus.countries[value] = Country(value)
                return True
            if value in known[kind]:
                return True
            left_out = self.left_out[kind].get(value)
            if left_out is not None:
                self.report.error(origin, f"{where}: {kind} '{value}' is left out of the site (its entry at "
                                          f"{left_out} has an error): not linked")
                return False
            self.report.error(origin, f"{where}: unknown {kind} '{value}'{suggest(value, known[kind])}")
            return False

        def keep(kind: str, values: list[str], where: str) -> list[str]:
            out = []
            for value in values:
                if ok(kind, value, where, getattr(value, "origin", Origin(where))) and value not in out:
                    out.append(value)
            return out

        def one(kind: str, value: str | None, where: str) -> str | None:
            if value is None:
                return None
            return value if ok(kind, value, where, getattr(value, "origin", Origin(where))) else None

        return _References(ok, keep, one)

    def resolve_source(self, s: Source, refs: _References) -> None:
        ok, keep, one = refs
        s.publisher = one("organisation", s.publisher, "source.publisher")
        s.meetings = keep("meeting", s.meetings, "source.meetings")
        s.countries = keep("country", s.countries, "source.countries")
        s.threats = keep("threat", s.threats, "source.threats")
        s.people = keep("person", s.people, "source.people")
        s.organisations = keep("organisation", s.organisations, "source.organisations")
        s.mentions = [m for m in s.mentions
                      if ok(m.target[0], m.target[1], f"mentions[{m.index}].{m.target[0]}", getattr(m.target[1], "origin", m.origin))]
        kept_incidents = []
        for i in s.incidents:
            if not ok("threat", i.threat, f"incidents[{i.number - 1}].threat", getattr(i.threat, "origin", i.origin)):
                continue
            i.country = one("country", i.country, f"incidents[{i.number - 1}].country")
            i.actor = one("country", i.actor, f"incidents[{i.number - 1}].actor")
            i.meeting = one("meeting", i.meeting, f"incidents[{i.number - 1}].meeting")
            kept_incidents.append(i)
        s.incidents = kept_incidents
        s.quotes = [q for q in s.quotes
                    if ok("person", q.speaker, f"quotes[{q.number - 1}].speaker", getattr(q.speaker, "origin", q.origin))]
        for q in s.quotes:
            q.meeting = one("meeting", q.meeting, f"quotes[{q.number - 1}].meeting")
        for m in s.measures:
            m.meeting = one("meeting", m.meeting, f"measures[{m.number - 1}].meeting")
            m.threats = keep("threat", m.threats, f"measures[{m.number - 1}].threats")

    def previous_ids(self) -> None:
        """Old ids get a redirect unless that would hide a live page or be ambiguous."""
        for kind in ("meeting", "person", "threat", "organisation", "source"):
            table = self.corpus.table(kind)
            for new_id, entity in sorted(table.items()):
                for old in entity.previous_ids:
                    where = getattr(old, "origin", entity.origin)
                    claimed = self.corpus.redirects.get((kind, old))
                    if old == new_id:
                        self.report.warning(where, f"{kind} '{new_id}': previous_ids lists its own id: ignored")
                    elif old in table:
                        self.report.error(where, f"{kind} '{new_id}': previous id '{old}' is the id of another {kind} "
                                                 f"({table[old].origin}): no redirect, the live page is kept")
                    elif old in RESERVED_IDS:
                        self.report.error(where, f"{kind} '{new_id}': previous id '{old}' is reserved: no redirect")
                    elif claimed is not None:
                        self.report.error(where, f"{kind} '{new_id}': previous id '{old}' is also claimed by "
                                                 f"'{claimed}': no redirect for the second one")
                    else:
                        self.corpus.redirects[(kind, old)] = new_id

    # --- relations ---------------------------------------------------------

    def finish(self) -> None:
        """After reading every file: check references and former ids, then relate what is left."""
        self.resolve()
        self.previous_ids()
        self.entry_problems()
        self.plain()
        self.relate()

    def plain(self) -> None:
        """Once references are checked, values no longer need where they were written: keep them
        as plain strings, each short one (ids, codes, names) once. At 20,000 sources this drops
        about half a million origins and their strings."""
        plain = _plainer({})
        c = self.corpus
        for name in ("sources", "meetings", "people", "threats", "countries", "organisations"):
            table = getattr(c, name)
            setattr(c, name, {plain(k): v for k, v in table.items()})
            for entity in table.values():
                if name == "sources" and self.finished(entity):
                    continue
                _plain_fields(entity, plain)
                for item in getattr(entity, "roles", ()):
                    _plain_fields(item, plain)
        for s in c.sources.values():
            if self.finished(s):
                continue
            for items in (s.mentions, s.incidents, s.quotes, s.measures):
                for item in items:
                    _plain_fields(item, plain)
        c.redirects = {plain(k): plain(v) for k, v in c.redirects.items()}

    def finished(self, source: Source) -> bool:
        """Whether ``source`` was resolved and made plain by an earlier load (see incremental)."""
        return False

    def relate(self) -> None:
        """Link every pair of entities that one fact or one listing puts on the same page."""
        c = self.corpus
        for m in c.meetings.values():
            me = ("meeting", m.id)
            c.link_all([me, ("person", m.chair or ""), ("country", m.country or "")])
            for p in m.participants:
                c.link(me, ("person", p))
        for person in c.people.values():
            if person.country:
                c.link(("person", person.id), ("country", person.country))
        for o in c.organisations.values():
            if o.country:
                c.link(("organisation", o.id), ("country", o.country))
        for s in c.sources.values():
            se = ("source", s.id)
            listed: list[Key] = [("meeting", x) for x in s.meetings] + [("country", x) for x in s.countries]
            listed += [("threat", x) for x in s.threats] + [("person", x) for x in s.people]
            listed += [("organisation", x) for x in s.organisations] + [m.target for m in s.mentions]
            if s.publisher:
                listed.append(("organisation", s.publisher))
            for key in listed:
                c.link(se, key)
            for meeting in s.meetings:  # threats a source lists were discussed at the meetings it reports
                for threat in s.threats:
                    c.link(("meeting", meeting), ("threat", threat))
            for i in s.incidents:
                c.link_all([se, ("threat", i.threat), _opt("country", i.country), _opt("country", i.actor), _opt("meeting", i.meeting)])
            for q in s.quotes:
                c.link_all([se, ("person", q.speaker), _opt("meeting", q.meeting)])
            for measure in s.measures:
                c.link_all([se, _opt("meeting", measure.meeting)] + [("threat", t) for t in measure.threats])


def _plainer(memo: dict[str, str]) -> Callable[[Any], Any]:
    """A function giving a value with every ``LStr`` in it (a string with its origin) as a plain
    ``str``, the short ones (ids, codes, names) shared through ``memo``."""
    share = memo.setdefault

    def plain(value: Any) -> Any:
        kind = type(value)
        if kind is LStr:
            text = str.__str__(value)
            return share(text, text) if len(text) <= 64 else text
        if kind is list or kind is LList:
            return [plain(v) for v in value]
        if kind is tuple:
            return tuple(plain(v) for v in value)
        if kind is dict or kind is LMap:
            return {plain(k): plain(v) for k, v in value.items()}
        return value

    return plain


def _plain_fields(obj: Any, plain: Callable[[Any], Any]) -> None:
    values = obj.__dict__
    for name, value in values.items():
        # Former ids (a few) keep where they were written: a later load checks them again.
        if type(value) in _CONTAINERS and value and name != "previous_ids":
            values[name] = plain(value)


_CONTAINERS = frozenset({LStr, list, LList, tuple, dict, LMap})


def _valid(raw: RawSource, checked: Checked | None) -> bool:
    """A file whose annotation checked and whose id is its own (not repaired from its name)."""
    return checked is not None and (checked.get("id") is not None or bool(ID_PATTERN.fullmatch(raw.stem)))


def _opt(kind: str, value: str | None) -> Key | None:
    return (kind, value) if value else None


def _first_line(body: str) -> str:
    return next((line.strip() for line in body.split("\n") if line.strip()), "")


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_corpus(seeds: Path, root: Path | None = None, max_bytes: int = MAX_BYTES) -> Corpus:
    """Read and check every annotation file under ``seeds``; never raises for bad input."""
    seeds = Path(seeds)
    loader = _Loader(seeds, Path(root) if root else seeds.parent, max_bytes)
    loader.registries()
    loader.sources()
    loader.finish()
    for s in loader.corpus.sources.values():
        s.problems = loader.report.for_path(s.path)
    return loader.corpus
