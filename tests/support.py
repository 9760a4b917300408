"""Helpers the tests share: reading the annotations as plain YAML, a small HTML tree, text folding.

Nothing here imports the generator: expectations are derived from the annotation
files with PyYAML and compared with the HTML that MkDocs wrote, so a mistake in the
generator cannot hide itself by being repeated in the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from generator.kinds import KINDS, REGISTRY_FILES

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
#: The raw texts the sources were pasted from; CI keeps them beside the clone.
SHARED_SEEDS = REPO.parent / "shared" / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
#: Debian's Chromium, headless, never reaching another host: every name but 127.0.0.1 fails to resolve.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

#: The site's URL scheme: one folder per kind of page (generator/kinds.py).
FOLDERS = {name: kind.folder for name, kind in KINDS.items()}
KIND_OF_FOLDER = {folder: kind for kind, folder in FOLDERS.items()}
#: Registry file -> (kind, key naming the entry).
REGISTRIES = {name: (kind.name, kind.key) for name, kind in REGISTRY_FILES.items()}

Key = tuple[str, str]


# --- text ---------------------------------------------------------------------

_APOSTROPHES = "’‘ʼ´`′"
_QUOTES = "«»“”„‟″"
_ONE_FOR_ONE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): '"' for c in _QUOTES}


def fold(text: str) -> str:
    """Apostrophe and quote variants to one form, every run of white space (no-break included) to one space."""
    return " ".join(text.translate(_ONE_FOR_ONE).split())


def fold_same_length(text: str) -> str:
    """Like :func:`fold`, character for character, so offsets stay those of ``text``."""
    return "".join(" " if c.isspace() else c for c in text.translate(_ONE_FOR_ONE))


def non_blank_lines(body: str) -> list[str]:
    """The paragraphs of a source: one per line holding something other than white space."""
    return [line for line in body.split("\n") if line.strip()]


MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]


def french_date(iso: str) -> str:
    """'2024' -> '2024', '2024-05' -> 'mai 2024', '2024-09-12' -> '12 septembre 2024', day 1 -> '1er'."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = f"{MONTHS_FR[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return month
    return f"{'1er' if parts[2] == 1 else parts[2]} {month}"


# --- annotations, read as plain YAML -------------------------------------------


def load_yaml(text: str):  # type: ignore[no-untyped-def]
    """Every scalar a string, as the format says (``NO`` stays Norway, dates stay text)."""
    return yaml.load(text, Loader=yaml.BaseLoader)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line of the closing '---')."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text, 0
    for n, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "\n".join(lines[1:n]), "\n".join(lines[n + 1 :]), n + 1
    raise AssertionError("front matter is never closed")


def read_source_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8").replace("\r\n", "\n")


@dataclass
class Entry:
    kind: str
    id: str
    data: dict
    file: str
    line: int


@dataclass
class SourceFile:
    id: str
    file: str
    meta: dict
    body: str

    def items(self, name: str) -> list[dict]:
        return list(self.meta.get(name) or [])

    def listed(self, name: str) -> list[str]:
        return list(self.meta.get(name) or [])

    def related(self) -> set[Key]:
        """Every entity the annotation ties to this source, however it does so."""
        keys: set[Key] = set()
        for kind, name in (("meeting", "meetings"), ("country", "countries"), ("threat", "threats"),
                           ("person", "people"), ("organisation", "organisations")):
            keys |= {(kind, x) for x in self.listed(name)}
        if self.meta.get("publisher"):
            keys.add(("organisation", self.meta["publisher"]))
        for m in self.items("mentions"):
            keys |= {(kind, m[kind]) for kind in FOLDERS if kind != "source" and m.get(kind)}
        for i in self.items("incidents"):
            keys.add(("threat", i["threat"]))
            keys |= {("country", i[k]) for k in ("country", "actor") if i.get(k)}
            if i.get("meeting"):
                keys.add(("meeting", i["meeting"]))
        for q in self.items("quotes"):
            keys.add(("person", q["speaker"]))
            if q.get("meeting"):
                keys.add(("meeting", q["meeting"]))
        for m in self.items("measures"):
            keys |= {("threat", t) for t in m.get("threats") or []}
            if m.get("meeting"):
                keys.add(("meeting", m["meeting"]))
        return keys


@dataclass
class Annotations:
    """The seeds folder as a reader sees it: registries with line numbers, sources split."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @classmethod
    def read(cls, seeds: Path = SEEDS, root: Path = REPO) -> "Annotations":
        out = cls({kind: {} for kind in FOLDERS})
        for name, (kind, key) in REGISTRIES.items():
            path = seeds / name
            text = path.read_text(encoding="utf-8")
            items = load_yaml(text) or []
            nodes = yaml.compose(text, Loader=yaml.SafeLoader).value if items else []
            for item, node in zip(items, nodes, strict=True):
                rel = path.relative_to(root).as_posix()
                out.entries[kind][item[key]] = Entry(kind, item[key], item, rel, node.start_mark.line + 1)
        for path in sorted((seeds / "sources").glob("*")):
            if path.name.startswith(".") or path.suffix not in (".txt", ".md"):
                continue
            meta_text, body, _ = split_front_matter(read_source_text(path))
            meta = (load_yaml(meta_text) if meta_text else None) or {}
            source_id = meta.get("id") or path.stem
            out.sources[source_id] = SourceFile(source_id, path.relative_to(root).as_posix(), meta, body)
        return out

    def countries(self) -> set[str]:
        """Codes with a page: those of countries.yml and every code an annotation uses."""
        codes = set(self.entries["country"])
        for kind in ("meeting", "person", "organisation"):
            codes |= {e.data["country"] for e in self.entries[kind].values() if e.data.get("country")}
        for s in self.sources.values():
            codes |= {k[1] for k in s.related() if k[0] == "country"}
        return codes

    def ids(self, kind: str) -> set[str]:
        if kind == "country":
            return self.countries()
        if kind == "source":
            return set(self.sources)
        return set(self.entries[kind])

    def keys(self) -> list[Key]:
        return [(kind, i) for kind in FOLDERS for i in sorted(self.ids(kind))]


def md_url(md_path: str) -> str:
    """Site URL of a Markdown page, with MkDocs' directory URLs: 'index.md' -> '', 'a/index.md' -> 'a/', 'b.md' -> 'b/'."""
    stem = md_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def entity_url(kind: str, entity_id: str) -> str:
    """Site-relative URL of an entity's page: 'countries/ru/'."""
    return f"{FOLDERS[kind]}/{entity_id.lower()}/"


def leaf_key(url: str) -> Key | None:
    """The entity whose page ``url`` is, or None for any other page."""
    parts = url.strip("/").split("/")
    if len(parts) == 2 and parts[0] in KIND_OF_FOLDER and parts[1] != "index.html":
        return KIND_OF_FOLDER[parts[0]], parts[1]
    return None


# --- HTML -------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


class Element:
    __slots__ = ("tag", "attrs", "children", "parent", "_text")

    def __init__(self, tag: str, attrs: dict[str, str], parent: "Element | None") -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = []
        self.parent = parent
        self._text: str | None = None

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        """The text content; computed once (a parsed page is never changed)."""
        if self._text is None:
            self._text = "".join(c if isinstance(c, str) else c.text() for c in self.children)
        return self._text

    def iter(self) -> Iterator["Element"]:
        for c in self.children:
            if isinstance(c, Element):
                yield c
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Element"]:
        return [
            e for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
            and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Element | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def elements(self) -> list["Element"]:
        return [c for c in self.children if isinstance(c, Element)]

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}, self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


class Site:
    """A built site: its files, parsed pages, and links resolved as a browser would."""

    BASE = "http://site.invalid/"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pages: dict[str, Element] = {}

    def urls(self) -> list[str]:
        """Site-relative URL of every HTML page: '' for the home page, 'meetings/x/' ..."""
        out = []
        for path in sorted(self.root.rglob("*.html")):
            rel = path.relative_to(self.root).as_posix()
            out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return out

    def file(self, url: str) -> Path | None:
        """The file a site-relative URL serves, or None."""
        path = self.root / unquote(url)
        if url == "" or url.endswith("/") or path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def page(self, url: str) -> Element:
        if url not in self._pages:
            path = self.file(url)
            assert path is not None, f"no page at {url!r}"
            self._pages[url] = parse_html(path.read_text(encoding="utf-8"))
        return self._pages[url]

    def article(self, url: str) -> Element:
        article = self.page(url).find("article", cls="md-content__inner")
        assert article is not None, f"{url}: no article element"
        return article

    def ids(self, url: str) -> set[str]:
        return {e.attrs["id"] for e in self.page(url).iter() if "id" in e.attrs}

    def resolve(self, from_url: str, href: str) -> tuple[str, str] | None:
        """(site-relative URL, fragment) of a link, or None when it leaves the site."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        target = urlsplit(urljoin(self.BASE + from_url, href))  # resolves '..' and '.' as a browser does
        return unquote(target.path).lstrip("/"), unquote(target.fragment)

    def links(self, url: str, within: Element | None = None) -> list[tuple[Element, str, str]]:
        """(a element, target URL, fragment) of every internal link of a page (or part of it)."""
        out = []
        for a in (within or self.page(url)).find_all("a"):
            href = a.get("href")
            if href is None:
                continue
            target = self.resolve(url, href)
            if target is not None:
                out.append((a, *target))
        return out

    #: The elements that link to a file, and the attribute naming it.
    LINKING = {"a": "href", "link": "href", "script": "src", "img": "src"}

    def dead_links(self) -> tuple[list[str], list[Element]]:
        """Every internal link of every page (``a``, ``link``, ``script``, ``img``) checked: the
        dead ones, said as 'page: <element> -> what is missing', and every link element checked."""
        dead, checked = [], []
        for url in self.urls():
            for el in self.page(url).iter():
                attr = self.LINKING.get(el.tag)
                ref = el.get(attr) if attr else None
                target = self.resolve(url, ref) if ref is not None else None
                if target is None:
                    continue
                checked.append(el)
                path, fragment = target
                file = self.file(path)
                if file is None:
                    dead.append(f"/{url}: <{el.tag} {attr}={ref!r}> -> no file /{path}")
                elif fragment and file.suffix == ".html" and fragment not in self.ids(path):
                    dead.append(f"/{url}: <{el.tag} {attr}={ref!r}> -> /{path} has no id {fragment!r}")
        return dead, checked

    def canonical(self, url: str) -> str:
        """'meetings/x' and 'meetings/x/' name the same page; the form with a slash is kept."""
        if url and not url.endswith("/") and (self.root / url).is_dir():
            return url + "/"
        return url


# --- building -------------------------------------------------------------------------

BUILD_TIMEOUT = 300


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _check(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        pytest.fail(f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)


def build_site(out: Path, **overrides: str) -> Site:
    """``mkdocs build --strict`` of the repository's mkdocs.yml into ``out``.

    With ``overrides`` (e.g. repo_url), the same configuration is loaded with those
    settings replaced, as MkDocs' own ``load_config`` does, and built strictly.
    """
    if not overrides:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)]
    else:
        script = (
            "import json, sys\n"
            "from mkdocs.commands.build import build\n"
            "from mkdocs.config import load_config\n"
            "build(load_config(config_file=sys.argv[1], site_dir=sys.argv[2], strict=True, **json.loads(sys.argv[3])))\n"
        )
        cmd = [sys.executable, "-c", script, str(REPO / "mkdocs.yml"), str(out), json.dumps(overrides)]
    result = subprocess.run(cmd, cwd=REPO, env=_env(), capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    _check(result, " ".join(cmd[:4]) + " ...")
    assert (out / "index.html").is_file(), f"the build wrote no index.html into {out}"
    return Site(out)


def build_here(seeds: Path, root: Path, **briefing: object) -> Path:
    """Strict build, in this process, of the repository's docs and mkdocs.yml with the plugin on
    ``seeds`` (and ``briefing`` options) into ``root/site``: a test's monkeypatches apply."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.copytree(REPO / "docs", root / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "briefing" in item:
            item["briefing"] = dict(item["briefing"] or {}, seeds=str(seeds), **briefing)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True))
    return root / "site"


# --- annotation assistant ------------------------------------------------------

ANNOTATE_REGISTRY = Path(__file__).parent / "data" / "annotate" / "registry"


def make_seeds(root: Path) -> Path:
    """A seeds folder with the annotation tests' small registry and an empty sources folder."""
    seeds = root / "seeds"
    shutil.copytree(ANNOTATE_REGISTRY, seeds)
    (seeds / "sources").mkdir()
    return seeds
