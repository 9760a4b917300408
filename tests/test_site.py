"""The real site, built by ``mkdocs build --strict`` from seeds/, checked against the annotations.

Every expectation comes from the annotation files read as plain YAML (see
support.py), never from the generator, so these tests see what a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import pytest
from babel import Locale

from support import (
    FOLDERS,
    REPO,
    Annotations,
    Element,
    MONTHS_FR,
    Key,
    Site,
    build_site,
    entity_url,
    fold,
    fold_same_length,
    french_date,
    leaf_key,
    md_url,
    non_blank_lines,
)

PARA_ID = re.compile(r"p(\d+)")
ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def _fail_if(problems: list[str], what: str) -> None:
    shown = "\n  ".join(problems[:40])
    more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
    assert not problems, f"{len(problems)} {what}:\n  {shown}{more}"


def _h1(site: Site, url: str) -> str:
    h1 = site.article(url).find("h1")
    assert h1 is not None, f"{url}: no title"
    return h1.text().strip()


def _country_names(code: str) -> list[str]:
    return [Locale(lang).territories.get(code, code) for lang in ("fr", "en")]


# --- every kind of page -----------------------------------------------------------


def test_home_chronology_and_section_indexes_exist(site: Site) -> None:
    for url in ["", "chronologie/", *(f"{folder}/" for folder in FOLDERS.values())]:
        assert site.file(url) is not None, f"missing page /{url}"
        assert _h1(site, url), f"/{url} has an empty title"


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_one_page_per_entity(site: Site, annotations: Annotations, kind: str) -> None:
    expected = {entity_url(kind, i) for i in annotations.ids(kind)}
    assert expected, f"the annotations define no {kind}"
    built = {u for u in site.urls() if leaf_key(u) is not None and leaf_key(u)[0] == kind}
    assert built == expected, f"{kind} pages: missing {sorted(expected - built)}, unexpected {sorted(built - expected)}"
    index_links = {site.canonical(t) for _, t, _ in site.links(f"{FOLDERS[kind]}/", site.article(f"{FOLDERS[kind]}/"))}
    assert expected <= index_links, f"the {kind} index does not list {sorted(expected - index_links)}"


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_each_page_is_titled_after_its_annotation(site: Site, annotations: Annotations, kind: str) -> None:
    problems = []
    for entity_id in sorted(annotations.ids(kind)):
        if kind == "source":
            wanted = [annotations.sources[entity_id].meta.get("title") or ""]
        elif kind == "country":
            wanted = _country_names(entity_id)[:1]
        else:
            data = annotations.entries[kind][entity_id].data
            title = data.get({"meeting": "title", "threat": "label"}.get(kind, "name"))
            wanted = [title["fr"] if isinstance(title, dict) else title]
        got = _h1(site, entity_url(kind, entity_id))
        if fold(got) not in [fold(w) for w in wanted]:
            problems.append(f"{entity_url(kind, entity_id)}: title {got!r}, annotation says {wanted[0]!r}")
    _fail_if(problems, "pages titled otherwise than their annotation")


# --- links --------------------------------------------------------------------------


def test_cross_links_go_both_ways(site: Site, annotations: Annotations) -> None:
    leaves = {entity_url(*key) for key in annotations.keys()}
    outgoing = {
        url: {site.canonical(t) for _, t, _ in site.links(url, site.article(url))} & leaves - {url} for url in leaves
    }
    assert any(outgoing.values()), "no entity page links to another one"
    missing = [f"/{a} links to /{b}, which does not link back" for a in sorted(leaves) for b in sorted(outgoing[a])
               if a not in outgoing[b]]
    _fail_if(missing, "one-way links between entity pages")


def test_no_dead_internal_link_or_anchor(site: Site) -> None:
    dead, checked = site.dead_links()
    assert len(checked) > len(site.urls()), "the pages hold (almost) no internal link: nothing was checked"
    _fail_if(dead, "dead internal links")


def _nav_urls(items: object) -> set[str]:
    """Site URLs of the pages mkdocs.yml's nav names."""
    out: set[str] = set()
    if isinstance(items, list):
        for item in items:
            out |= _nav_urls(item)
    elif isinstance(items, dict):
        for value in items.values():
            out |= _nav_urls(value)
    elif isinstance(items, str) and items.endswith(".md"):
        out.add(md_url(items))
    return out


def test_navigation_lists_section_pages_only(site: Site, annotations: Annotations) -> None:
    from mkdocs.config import load_config

    configured = _nav_urls(load_config(str(REPO / "mkdocs.yml")).nav)
    assert configured, "mkdocs.yml has no nav"
    sizes, problems = {}, []
    for url in site.urls():
        nav = site.page(url).find("nav", cls="md-nav--primary")
        if nav is None:
            problems.append(f"/{url}: no navigation")
            continue
        # Links to other pages: the active page's own table of contents may sit in the menu too.
        targets = {site.canonical(t) for _, t, _ in site.links(url, nav)} - {url}
        sizes[url] = len(targets)
        leaves = sorted({t for t in targets if leaf_key(t)})
        if leaves:
            problems.append(f"/{url}: the navigation lists entity pages {leaves[:5]}")
        if not targets <= configured:
            problems.append(f"/{url}: the navigation lists pages mkdocs.yml does not: {sorted(targets - configured)}")
    _fail_if(problems, "navigation problems")
    # The same menu everywhere (minus the page itself), whatever the number of sources or entities.
    assert max(sizes.values()) - min(sizes.values()) <= 1, f"navigation size varies by page: {sorted(set(sizes.values()))}"
    assert max(sizes.values()) <= len(configured)
    assert max(sizes.values()) < len(annotations.keys()), "the navigation is as long as the list of entities"


# --- nothing loaded from another host ---------------------------------------------------

_LOADS = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "embed": ("src",), "object": ("data",), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}
_CSS_REF = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)|url\(\s*['"]?([^'")]+)""", re.IGNORECASE)
_REFRESH = re.compile(r"url\s*=\s*(\S+)", re.IGNORECASE)


def _remote(ref: str) -> bool:
    ref = ref.strip().lower()
    if ref.startswith("//"):
        return True
    return bool(re.match(r"[a-z][a-z0-9+.-]*:", ref)) and not ref.startswith(("data:", "blob:", "about:", "javascript:"))


def _css_refs(css: str) -> list[str]:
    return [a or b for a, b in _CSS_REF.findall(css)]


def test_no_url_of_another_host_is_loaded(site: Site) -> None:
    remote, checked = [], 0
    for url in site.urls():
        for el in site.page(url).iter():
            refs = []
            for attr in _LOADS.get(el.tag, ()):
                value = el.get(attr)
                if value is None or (el.tag == "link" and "canonical" in (el.get("rel") or "").split()):
                    continue  # a canonical link names the page's address; nothing is fetched
                refs += [c.split()[0] for c in value.split(",") if c.strip()] if attr == "srcset" else [value]
            if el.get("style"):
                refs += _css_refs(el.get("style") or "")
            if el.tag == "style":
                refs += _css_refs(el.text())
            if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
                refs += _REFRESH.findall(el.get("content") or "")
            checked += len(refs)
            remote += [f"/{url}: <{el.tag}> loads {r}" for r in refs if _remote(r)]
    stylesheets = sorted(site.root.rglob("*.css"))
    assert stylesheets, "the site has no stylesheet"
    for css in stylesheets:
        refs = _css_refs(css.read_text(encoding="utf-8", errors="replace"))
        checked += len(refs)
        remote += [f"{css.relative_to(site.root)}: loads {r}" for r in refs if _remote(r)]
    assert checked > len(site.urls()), "no script, stylesheet or image reference found: nothing was checked"
    _fail_if(remote, "resources loaded from another host")


# --- dates ----------------------------------------------------------------------------------


def _field(article: Element, label: str) -> str | None:
    """The value shown after ``label`` in a list item ('Date : ...') or a table row."""
    pattern = re.compile(rf"{re.escape(label)}\s*:?\s+(.+)")
    for el in article.iter():
        if el.tag in ("li", "tr", "dd", "p"):
            match = pattern.fullmatch(fold(el.text()))
            if match:
                return match.group(1)
    return None


def test_dates_are_shown_in_french(site: Site, annotations: Annotations) -> None:
    problems, checked = [], 0
    for s in annotations.sources.values():
        if s.meta.get("date"):
            got = _field(site.article(entity_url("source", s.id)), "Date")
            checked += 1
            if got != french_date(s.meta["date"]):
                problems.append(f"source {s.id}: date {got!r}, expected {french_date(s.meta['date'])!r}")
    for m in annotations.entries["meeting"].values():
        got = _field(site.article(entity_url("meeting", m.id)), "Date") or ""
        checked += 1
        wanted = [french_date(m.data["start"])] + ([french_date(m.data["end"])] if m.data.get("end") else [])
        if not got.startswith(wanted[0]) or not all(w in got for w in wanted):
            problems.append(f"meeting {m.id}: date {got!r}, expected {' – '.join(wanted)!r}")
    for s in annotations.sources.values():
        for i in s.items("incidents"):
            if i.get("date"):
                checked += 1
                shown = [fold(e.text()) for e in _citing_elements(site, entity_url("source", s.id), i["summary"], s.id)]
                if not shown or not all(french_date(i["date"]) in text for text in shown):
                    problems.append(f"source {s.id}: incident {i['summary'][:40]!r} not dated {french_date(i['date'])!r}")
    assert checked, "no dated source or meeting in the annotations"
    _fail_if(problems, "dates not shown in French")


def test_chronology_has_one_french_heading_per_month(site: Site, annotations: Annotations) -> None:
    def heading(iso: str) -> str:
        text = french_date(iso[:7])
        return text[:1].upper() + text[1:]

    dates = [m.data["start"] for m in annotations.entries["meeting"].values()]
    dates += [s.meta["date"] for s in annotations.sources.values() if s.meta.get("date")]
    dates += [i["date"] for s in annotations.sources.values() for i in s.items("incidents") if i.get("date")]
    undated = any(not s.meta.get("date") for s in annotations.sources.values()) or any(
        not i.get("date") for s in annotations.sources.values() for i in s.items("incidents"))
    expected = {heading(d) for d in dates} | ({"Sans date"} if undated else set())
    headings = {h.text().strip() for h in site.article("chronologie/").iter() if h.tag in ("h2", "h3", "h4")}
    months = "|".join(m.capitalize() for m in MONTHS_FR)
    dated = {h for h in headings if re.fullmatch(rf"(?:(?:{months}) )?\d{{4}}|Sans date", h)}
    assert expected <= headings, f"missing month headings: {sorted(expected - headings)}"
    assert dated <= expected, f"month headings with nothing dated in them: {sorted(dated - expected)}"


def _handwritten() -> set[str]:
    """URLs of the pages written by hand in docs/ (the format reference quotes ISO dates on purpose)."""
    docs = REPO / "docs"
    return {md_url(md.relative_to(docs).as_posix()) for md in docs.rglob("*.md")}


def test_no_generated_date_is_shown_as_iso(site: Site) -> None:
    handwritten = _handwritten()
    generated = [url for url in site.urls() if url not in handwritten and url != "404.html"]
    found = [f"/{url}: <{el.tag}> {el.text().strip()!r}" for url in generated for el in site.article(url).iter()
             if el.tag in ("td", "th", "li", "strong", "em", "span", "time", "dd", "h2", "h3")
             and ISO_DATE.fullmatch(el.text().strip())]
    _fail_if(found, "dates shown as YYYY-MM-DD")


# --- source pages ----------------------------------------------------------------------------------


def _paragraphs(site: Site, source_id: str) -> list[Element]:
    return [p for p in site.article(entity_url("source", source_id)).find_all("p") if PARA_ID.fullmatch(p.get("id") or "")]


def _paragraph_parts(p: Element) -> tuple[Element | None, list[Element | str]]:
    """The paragraph's number link and what follows it."""
    for n, child in enumerate(p.children):
        if isinstance(child, Element):
            before = "".join(c for c in p.children[:n] if isinstance(c, str))
            return (child, p.children[n + 1 :]) if not before else (None, p.children)
    return None, p.children


def _text(parts: list[Element | str]) -> str:
    return "".join(c if isinstance(c, str) else c.text() for c in parts)


def test_source_page_shows_the_text_verbatim(site: Site, annotations: Annotations) -> None:
    problems = []
    for s in annotations.sources.values():
        lines = non_blank_lines(s.body)
        paras = _paragraphs(site, s.id)
        ids = [p.get("id") for p in paras]
        if ids != [f"p{n}" for n in range(1, len(lines) + 1)]:
            problems.append(f"{s.id}: {len(lines)} non-blank lines but paragraphs {ids}")
            continue
        for n, (p, line) in enumerate(zip(paras, lines, strict=True), start=1):
            number, rest = _paragraph_parts(p)
            here = entity_url("source", s.id)
            if number is None or number.tag != "a" or site.resolve(here, number.get("href") or "") != (here, f"p{n}"):
                problems.append(f"{s.id} p{n}: does not start with a link to itself")
            elif _text(rest) != line:
                problems.append(f"{s.id} p{n}: shows {_text(rest)!r}\n    file has {line!r}")
    _fail_if(problems, "source paragraphs that differ from the file")


def _entity_terms(annotations: Annotations, key: Key, language: str) -> list[str]:
    """The words by which a text names an entity, according to the registries."""
    kind, entity_id = key
    if kind == "country":
        data = getattr(annotations.entries["country"].get(entity_id), "data", {})
        return _country_names(entity_id) + list(data.get("aliases") or []) + list(data.get("adjectives") or [])
    data = annotations.entries[kind][entity_id].data
    if kind in ("person", "organisation"):
        return [data["name"], *(data.get("aliases") or [])]
    if kind == "threat":
        label = data["label"] if isinstance(data["label"], dict) else {"fr": data["label"]}
        return [*label.values(), *((data.get("keywords") or {}).get(language) or [])]
    return [data["title"]]


def _occurrences(term: str, text: str) -> list[tuple[int, int]]:
    needle = fold_same_length(term.strip())
    if len(needle) < 2:
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(fold_same_length(text))]


def _linked_spans(site: Site, url: str, parts: list[Element | str]) -> tuple[str, list[tuple[int, int, str]]]:
    """A paragraph's text and the (start, end, target URL) of each link in it."""
    text, spans = "", []
    for part in parts:
        if isinstance(part, str):
            text += part
            continue
        for a in [part] if part.tag == "a" else part.find_all("a"):
            target = site.resolve(url, a.get("href") or "")
            spans.append((len(text), len(text) + len(a.text()), site.canonical(target[0]) if target else "?"))
        text += part.text()
    return text, spans


def test_entity_names_in_source_text_are_links(site: Site, annotations: Annotations) -> None:
    problems, checked = [], 0
    for s in annotations.sources.values():
        url = entity_url("source", s.id)
        related = s.related()
        allowed = {entity_url(*k) for k in related}
        terms = [(t, k) for k in related for t in _entity_terms(annotations, k, s.meta.get("language", "fr"))]
        mentions = s.items("mentions")
        found_mentions: set[int] = set()
        for p in _paragraphs(site, s.id):
            text, spans = _linked_spans(site, url, _paragraph_parts(p)[1])
            for start, end, target in spans:
                if target not in allowed:
                    problems.append(f"{s.id} {p.get('id')}: {text[start:end]!r} links to /{target}, "
                                    "an entity the annotation does not tie to this source")
            for term, key in terms:
                for start, end in _occurrences(term, text):
                    checked += 1
                    if not any(a < end and start < b for a, b, _ in spans):
                        problems.append(f"{s.id} {p.get('id')}: {text[start:end]!r} ({key[0]} {key[1]}) is not a link")
            for n, m in enumerate(mentions):
                target = entity_url(*next((k, m[k]) for k in FOLDERS if k != "source" and m.get(k)))
                needle = fold(m["text"]).casefold()
                if any(t == target and needle in fold(text[a:b]).casefold() for a, b, t in spans):
                    found_mentions.add(n)
        problems += [f"{s.id}: mention {m['text']!r} is not linked to its entity" for n, m in enumerate(mentions)
                     if n not in found_mentions]
    assert checked, "no registry name occurs in any source text: nothing was checked"
    _fail_if(problems, "entity names in source texts that are not (the right) links")


# --- quotes, incidents and measures point at their paragraph ------------------------------------------------


def _citing_elements(site: Site, url: str, text: str, source_id: str) -> list[Element]:
    """The smallest elements of a page showing ``text`` with a link to a paragraph of the source.

    The source's own paragraphs are left out: they hold the words, not a citation of them.
    """
    want, source = fold(text), entity_url("source", source_id)
    out: list[Element] = []

    def walk(el: Element) -> bool:
        if "briefing-para" in el.classes:
            return False
        if any([walk(child) for child in el.elements()]):
            return True
        if want in fold(el.text()) and any(
            site.canonical(t) == source and PARA_ID.fullmatch(f) for _, t, f in site.links(url, el)
        ):
            out.append(el)
            return True
        return False

    walk(site.article(url))
    return out


def test_quotes_incidents_and_measures_link_to_their_paragraph(site: Site, annotations: Annotations) -> None:
    """Wherever a quote, incident or measure is shown, its § link opens the paragraph holding its words."""
    problems, checked = [], 0
    for s in annotations.sources.values():
        source = entity_url("source", s.id)
        shown: list[tuple[str, list[str], str, str]] = []  # (what, pages, text shown, words of the source)
        for q in s.items("quotes"):
            pages = [source, entity_url("person", q["speaker"])]
            pages += [entity_url("meeting", q["meeting"])] if q.get("meeting") else []
            shown.append(("quote", pages, q["text"], q["text"]))
        for i in s.items("incidents"):
            pages = [source, entity_url("threat", i["threat"])]
            pages += [entity_url("meeting", i["meeting"])] if i.get("meeting") else []
            pages += [entity_url("country", i[k]) for k in ("country", "actor") if i.get(k)]
            shown.append(("incident", pages, i["summary"], i["evidence"]))
        for m in s.items("measures"):
            pages = [source] + ([entity_url("meeting", m["meeting"])] if m.get("meeting") else [])
            pages += [entity_url("threat", t) for t in m.get("threats") or []]
            shown.append(("measure", pages, m["text"], m["evidence"]))
        for what, pages, text, words in shown:
            for url in dict.fromkeys(pages):
                where = f"/{url} {what} {text[:40]!r}"
                elements = _citing_elements(site, url, text, s.id)
                if not elements:
                    problems.append(f"{where}: not shown with a link to its paragraph in {s.id}")
                for el in elements:
                    checked += 1
                    links = [(t, f) for _, t, f in site.links(url, el) if site.canonical(t) == source and PARA_ID.fullmatch(f)]
                    if len(links) != 1:
                        problems.append(f"{where}: {len(links)} paragraph links instead of one")
                        continue
                    para = site.page(links[0][0]).find(id=links[0][1])
                    if para is None or "briefing-para" not in para.classes:
                        problems.append(f"{where}: #{links[0][1]} is not a paragraph of the source")
                    elif fold(words) not in fold(para.text()):
                        problems.append(f"{where}: #{links[0][1]} does not contain {words[:60]!r}")
    assert checked, "the annotations hold no quote, incident or measure"
    _fail_if(problems, "quotes, incidents or measures whose paragraph link is wrong")


# --- meetings, origins, edit links ------------------------------------------------------------


def test_meeting_reported_by_two_sources_is_one_page_citing_both(site: Site, annotations: Annotations) -> None:
    reporters: dict[str, set[str]] = defaultdict(set)
    for s in annotations.sources.values():
        for meeting in s.listed("meetings"):
            reporters[meeting].add(s.id)
    shared = {m: ids for m, ids in reporters.items() if len(ids) >= 2}
    assert shared, "no meeting is reported by two sources in the seeds"
    titles = [_h1(site, entity_url("meeting", m)) for m in annotations.ids("meeting")]
    for meeting, sources in shared.items():
        url = entity_url("meeting", meeting)
        assert titles.count(_h1(site, url)) == 1, f"several meeting pages are titled {_h1(site, url)!r}"
        cited = {site.canonical(t) for _, t, _ in site.links(url, site.article(url))}
        for source_id in sources:
            assert entity_url("source", source_id) in cited, f"/{url} does not cite source {source_id}"
            back = {site.canonical(t) for _, t, _ in site.links(entity_url("source", source_id))}
            assert url in back, f"source {source_id} does not link to /{url}"


def _origin_note(site: Site, url: str) -> str:
    notes = site.article(url).find_all(cls="briefing-origin")
    assert len(notes) == 1, f"/{url}: {len(notes)} notes naming the annotation"
    return notes[0].text()


def test_each_page_names_its_annotation_file_and_line(site: Site, annotations: Annotations) -> None:
    problems = []
    for kind in FOLDERS:
        for entity_id in sorted(annotations.ids(kind)):
            url = entity_url(kind, entity_id)
            entry = annotations.entries.get(kind, {}).get(entity_id)
            if kind == "source":
                file, line = annotations.sources[entity_id].file, 1
            elif entry is not None:
                file, line = entry.file, entry.line
            else:  # a country known from CLDR only: the note says where to add it
                file, line = "seeds/countries.yml", None
            note = _origin_note(site, url)
            if file not in note or (line is not None and not re.search(rf"\bligne {line}\b", note)):
                problems.append(f"/{url}: {note.strip()!r} should name {file}" + (f", ligne {line}" if line else ""))
    _fail_if(problems, "pages not naming their annotation")


REPO_URL = "https://forge.example/owner/briefing/"
EDIT_URI = "edit/main/docs/"
EDIT_ROOT = urljoin(REPO_URL, EDIT_URI.removesuffix("docs/"))


@pytest.fixture(scope="module")
def site_with_repo(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("site-repo"), repo_url=REPO_URL, edit_uri=EDIT_URI)


def _edit_link(site: Site, url: str) -> str | None:
    links = site.page(url).find_all("a")
    buttons = [a for a in links if a.get("rel") == "edit"] or [a for a in links if "md-content__button" in a.classes]
    return buttons[0].get("href") if buttons else None


def test_edit_button_opens_the_annotation(site_with_repo: Site, annotations: Annotations) -> None:
    expected = {entity_url("meeting", e.id): e.file for e in annotations.entries["meeting"].values()}
    expected |= {entity_url("source", s.id): s.file for s in annotations.sources.values()}
    for kind in ("person", "threat", "organisation", "country"):
        expected |= {entity_url(kind, e.id): e.file for e in annotations.entries[kind].values()}
    wrong = [f"/{url}: edit button {_edit_link(site_with_repo, url)!r}, expected {urljoin(EDIT_ROOT, file)!r}"
             for url, file in sorted(expected.items()) if _edit_link(site_with_repo, url) != urljoin(EDIT_ROOT, file)]
    _fail_if(wrong, "edit buttons not opening the page's annotation")
    meeting = entity_url("meeting", min(annotations.ids("meeting")))
    assert (_edit_link(site_with_repo, meeting) or "").endswith("/seeds/meetings.yml")


def test_edit_buttons_never_open_a_missing_file(site_with_repo: Site) -> None:
    broken, seen = [], 0
    for url in site_with_repo.urls():
        href = _edit_link(site_with_repo, url)
        if href is None:
            continue
        seen += 1
        path = href[len(EDIT_ROOT):] if href.startswith(EDIT_ROOT) else None
        if path is None or not (REPO / urlsplit(path).path).is_file():
            broken.append(f"/{url}: edit button {href!r} opens no file of the repository")
    assert seen, "with repo_url set, no page has an edit button"
    _fail_if(broken, "edit buttons opening a file that does not exist")


def test_material_search_still_indexes_every_page_text(tmp_path: Path) -> None:
    """With ``search: material``, Material's index gets each page's HTML (the plugin keeps it
    compressed between MkDocs' passes and hands it back before any other plugin reads it)."""
    import json

    from support import SEEDS, build_here

    site = build_here(SEEDS, tmp_path, search="material")
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {d["location"] for d in docs if d["location"].startswith("sources/") and "#" not in d["location"]}
    sources = {f"sources/{p.stem}/" for p in (SEEDS / "sources").iterdir()}
    assert sources <= pages
    texts = {d["location"]: "".join(x["text"] for x in docs if x["location"].split("#")[0] == d["location"]) for d in docs}
    assert all(len(texts[s]) > 500 for s in sources), {s: len(texts[s]) for s in sources}


def test_the_url_scheme_is_one_folder_per_kind() -> None:
    """Readers' links and bookmarks rely on these folders: the kinds table keeps them."""
    from generator.kinds import KINDS

    assert {name: kind.folder for name, kind in KINDS.items()} == {
        "meeting": "meetings", "country": "countries", "threat": "threats", "person": "people",
        "organisation": "organisations", "source": "sources",
    }
