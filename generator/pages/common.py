"""What every page renderer shares: the Writer, which makes a page's links, entity names, shared lines and sections."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterable, Sequence

from .. import chars
from ..corpus import Corpus
from ..dates import by_date_desc, newest_first
from ..diagnostics import Diagnostic, Origin
from ..kinds import KINDS
from ..markup import bullets, esc, esc_first, link
from ..memo import NO_MEMO, Memo
from ..model import Incident, Key, Measure, Quote, Source
from ..paths import FEED_FOLDERS, feed_path, page_path, para_anchor, relative_from
from ..textmatch import RestrictedMatcher
from ..vocabulary import ATTRIBUTION_FR, DRAFT, NEWEST, counted, date_fr, short_label
from . import lists, mentions
from .lists import T, paginate
from .page import Page


class Writer:
    """Builds the Markdown of one page: links are relative to that page."""

    def __init__(self, corpus: Corpus, path: str, key: Key | None = None, memo: Memo = NO_MEMO) -> None:
        self.corpus = corpus
        #: Where the pages of its complete lists may come from (see :func:`paginate`).
        self.memo = memo
        self.path = path
        #: The entity the page is about, if any.
        self.key = key
        self.parts: list[str] = []
        #: The page's front matter, if any (see :meth:`feed`).
        self.front = ""
        #: Pages of the complete lists this page links to.
        self.children: list[Page] = []
        self._dir = posixpath.dirname(path)
        self._hrefs: dict[tuple[str, str, str], str] = {}

    # --- text --------------------------------------------------------------

    def add(self, *blocks: str) -> None:
        self.parts.extend(b for b in blocks if b)

    def section(self, title: str, body: str, anchor: str = "") -> None:
        """'## title' and its body (nothing when the body is empty); ``anchor`` sets the heading's id."""
        if body:
            self.parts.append(f"## {title}{f' {{: #{anchor} }}' if anchor else ''}\n\n{body}")

    def markdown(self) -> str:
        return self.front + "\n\n".join(self.parts) + "\n"

    def feed(self) -> None:
        """The page's entity has a feed (a country, a threat type): the page names it in its front matter,
        for the theme's <link rel="alternate"> (templates/main.html), and visibly, here (under the title)."""
        assert self.key is not None and self.key[0] in FEED_FOLDERS, self.key
        feed = feed_path(*self.key)
        title = "Briefing — " + chars.neutral(self.label(*self.key))
        self.front = f"---\nfeed: {json.dumps(feed)}\nfeed_title: {json.dumps(title)}\n---\n\n"
        self.add(f"[Flux Atom des sources de cette page]({self.to(feed)}){{: .briefing-feed type=\"application/atom+xml\" }}")

    def page(self, origin: Origin | None = None, in_nav: bool = False) -> Page:
        """The page written so far, with the pages of its complete lists."""
        if self.children:
            # Also noted in the corpus: a step that rebuilds the Page (feed links) keeps them findable.
            self.corpus.lookups.children[self.path] = self.children
        return Page(self.path, self.markdown(), origin, in_nav, self.children)

    # --- labels and links --------------------------------------------------

    def label(self, kind: str, entity_id: str) -> str:
        return KINDS[kind].label(self.corpus.table(kind)[entity_id])

    def href(self, kind: str, entity_id: str, anchor: str = "") -> str:
        key = (kind, entity_id, anchor)
        found = self._hrefs.get(key)
        if found is None:
            found = self._hrefs[key] = relative_from(self._dir, page_path(kind, entity_id), anchor)
        return found

    def to(self, path: str, anchor: str = "") -> str:
        """Link target of another generated page, by its path."""
        return relative_from(self._dir, path, anchor)

    def linked(self, text: str, key: Key | None = None) -> str:
        """Analyst text on one line, escaped, with the entities related to ``key`` (the page's
        entity by default) made links where it names them: those pages link back here."""
        key = key or self.key
        if key is None:
            return esc(text)
        flat = " ".join(text.split())
        spans = self._names(key).spans(flat)
        return esc_first(mentions.linked(flat, spans, self.href))

    def _names(self, key: Key) -> RestrictedMatcher:
        """The matcher of the names of the entities related to ``key``, made once per key."""
        cache = self.corpus.lookups.matchers
        found = cache.get(key)
        if found is None:
            found = cache[key] = mentions.matcher(self.corpus, self.corpus.graph.get(key, ()))
        return found

    def ref(self, kind: str, entity_id: str | None) -> str:
        if not entity_id:
            return ""
        return link(esc(self.label(kind, entity_id)), self.href(kind, entity_id))

    def ref_if_related(self, kind: str, entity_id: str) -> str:
        """A link when that entity's page links back here (or this page is about no entity), else the name."""
        if self.key is None or (kind, entity_id) in self.corpus.graph.get(self.key, ()):
            return self.ref(kind, entity_id)
        return esc(self.label(kind, entity_id))

    def para(self, source_id: str, number: int) -> str:
        """Link to a paragraph of a source: '[§ 3](../sources/x.md#p3)'."""
        return link(f"§&#160;{number}", self.href("source", source_id, para_anchor(number)))

    def cite(self, source_id: str, number: int) -> str:
        """The source (short label) and its paragraph; on the source's own page, the paragraph alone."""
        if self.path == page_path("source", source_id):
            return self.para(source_id, number)
        label = link(esc(short_label(self.corpus, source_id)), self.href("source", source_id))
        return f"{label}, {self.para(source_id, number)}"

    def source_line(self, s: Source) -> str:
        bits = [self.ref("source", s.id), date_fr(s.date)]
        if s.publisher:
            bits.append(self.ref_if_related("organisation", s.publisher))
        if not s.reviewed:
            bits.append(f"*{DRAFT}*")
        return " — ".join(bits)

    def speaker(self, q: Quote) -> str:
        person = self.corpus.people[q.speaker]
        role = person.role_on(self.corpus.sources[q.source].date)
        out = self.ref("person", q.speaker)
        return f"{out}, {esc(role.title['fr'])}" if role else out

    # --- shared sections ---------------------------------------------------

    def related(self, key: Key, kind: str, title: str, exclude: Iterable[str] = ()) -> None:
        """List every entity of ``kind`` linked to ``key``: the back links of the page."""
        skip = set(exclude)
        ids = [i for i in self.corpus.related(key, kind) if i not in skip]
        if kind == "source":
            sources = newest_first(self.corpus.sources[i] for i in ids)
            self.long_section(title, sources, Writer.source_line, "sources")
        else:
            self.section(title, bullets(self.ref(kind, i) for i in sorted(ids, key=lambda i: self.label(kind, i).casefold())))

    def incidents_list(self, incidents: Iterable[Incident], hide: Iterable[str] = ()) -> str:
        """Incidents newest first: what, where, which threat, who and how firmly, and the paragraph."""
        hidden = set(hide)
        return bullets(self.incident_line(i, hidden) for i in by_date_desc(incidents))

    def incident_line(self, i: Incident, hidden: set[str] | frozenset[str] = frozenset()) -> str:
        country = self.ref("country", i.country) if "country" not in hidden else ""
        where = ", ".join(x for x in (esc(i.place) if i.place else "", country) if x)
        bits = [f"**{date_fr(i.date)}** — {self.linked(i.summary)}"]
        if where:
            bits.append(f"lieu : {where}")
        if "threat" not in hidden:
            bits.append(self.ref("threat", i.threat))
        actor = f"auteur présumé : {self.ref('country', i.actor)} " if i.actor and "actor" not in hidden else ""
        bits.append(f"{actor}({ATTRIBUTION_FR[i.attribution]})")
        if i.meeting and "meeting" not in hidden:
            bits.append(f"cité à : {self.ref('meeting', i.meeting)}")
        bits.append(self.cite(i.source, i.paragraph))
        return " · ".join(bits)

    def incidents_section(self, title: str, incidents: Iterable[Incident], hide: Iterable[str] = (), slug: str = "incidents") -> None:
        """Incidents newest first; a long list is paginated (see :meth:`long_section`)."""
        hidden = frozenset(hide)
        self.long_section(title, by_date_desc(incidents), lambda w, i: w.incident_line(i, hidden), slug)

    def quotes_block(self, quotes: Iterable[Quote], show_speaker: bool = True, show_meeting: bool = True) -> str:
        return bullets(self.quote_line(q, show_speaker, show_meeting) for q in quotes)

    def quote_line(self, q: Quote, show_speaker: bool = True, show_meeting: bool = True) -> str:
        who = [self.speaker(q)] if show_speaker else []
        if show_meeting and q.meeting:
            who.append(self.ref("meeting", q.meeting))
        who.append(self.cite(q.source, q.paragraph))
        return f"« {esc(q.text)} »  \n  — {' · '.join(who)}"

    def quotes_section(self, title: str, quotes: Iterable[Quote], show_speaker: bool = True, show_meeting: bool = True) -> None:
        """Quotes, newest source first; a long list is paginated (see :meth:`long_section`)."""
        ordered = by_date_desc(quotes, key=lambda q: self.corpus.sources[q.source].date)
        self.long_section(title, ordered, lambda w, q: w.quote_line(q, show_speaker, show_meeting), "citations")

    def measures_list(self, measures: Iterable[Measure], show_meeting: bool = True) -> str:
        return bullets(self.measure_line(m, show_meeting) for m in measures)

    def measure_line(self, m: Measure, show_meeting: bool = True) -> str:
        bits = [self.linked(m.text)]
        if show_meeting and m.meeting:
            bits.append(self.ref("meeting", m.meeting))
        if m.threats:
            bits.append("contre " + ", ".join(self.ref("threat", t) for t in m.threats))
        bits.append(self.cite(m.source, m.paragraph))
        return " — ".join(bits)

    def measures_section(self, title: str, measures: Iterable[Measure], show_meeting: bool = True) -> None:
        """Measures, newest source first; a long list is paginated (see :meth:`long_section`)."""
        ordered = by_date_desc(measures, key=lambda m: self.corpus.sources[m.source].date)
        self.long_section(title, ordered, lambda w, m: w.measure_line(m, show_meeting), "mesures")

    # --- long lists --------------------------------------------------------

    def long_section(self, title: str, items: Sequence[T], line: Callable[[Writer, T], str], slug: str,
                     anchor: str = "", order: str = NEWEST, lead: Callable[[Writer], str] | None = None) -> None:
        """A section of ``items`` (already newest first), one list item each by ``line(writer, item)``.

        Up to :data:`~generator.pages.lists.LONG` items are all listed. A longer list keeps the page bounded: it shows
        the newest :data:`~generator.pages.lists.TEASER` and links to the complete list, :data:`PAGE_SIZE` items a page,
        published as ``<this page>/<slug>/<n>.md`` (children of this page). A list in another
        ``order`` (:data:`OLDEST`) shows its first items; ``anchor`` and ``lead`` go to
        :meth:`section` and :func:`paginate`.
        """
        if len(items) <= lists.LONG:
            self.section(title, bullets(line(self, x) for x in items), anchor)
            return
        pages = paginate(self, title, items, line, slug, order, lead)
        shown = f"Les {lists.TEASER} plus récents" if order == NEWEST else f"Les {lists.TEASER} premiers"
        more = (f"{shown} sur {len(items)}. "
                f"[Liste complète, {order}]({self.to(pages[0].path)}) "
                f"({counted(len(pages), 'page')}).")
        self.section(title, bullets(line(self, x) for x in items[:lists.TEASER]) + "\n\n" + more, anchor)
        self.children.extend(pages)

    def heading(self) -> str:
        """The page's title as written in its first line (Markdown, already escaped)."""
        first = self.parts[0] if self.parts else ""
        return first[2:] if first.startswith("# ") else ""

    def notice(self, problems: Sequence[Diagnostic], what: str) -> None:
        """The problems found in the entry the page is made from, as a source's page shows its own."""
        if not problems:
            return
        lines = "\n".join(f"    - {esc(str(d))}" for d in problems)
        kind = "danger" if any(d.severity == "error" for d in problems) else "warning"
        self.add(f'!!! {kind} "{what} à corriger"\n\n    Ce qui suit a été signalé dans cette fiche :\n\n{lines}')

    def origin_note(self, origin: Origin | None, what: str) -> None:
        """Tells the reader which annotation to edit to correct the page."""
        if origin is None:
            return
        self.add(
            f"{what} : *{esc(origin.path)}*, ligne {origin.line}. "
            "Pour corriger cette page, modifiez ce fichier puis reconstruisez le site.\n"
            "{: .briefing-origin }"
        )


def facts(rows: Iterable[Sequence[str]]) -> str:
    """Key facts of an entity as 'Label : value' lines (values already Markdown)."""
    return bullets(f"**{label}** : {value}" for label, value in rows if value)


def section_title(kind: str) -> str:
    return KINDS[kind].section
