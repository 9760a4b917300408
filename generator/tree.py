"""``briefing generate OUT --for mkdocs|zensical|plain``: a complete, self-contained Markdown tree in OUT.

The MkDocs plugin builds the site straight from the annotations; this tree is the way out of
it. ``--for mkdocs`` writes ``OUT/docs/`` (the generated pages, the hand-written pages and
stylesheets, the feeds, exports and redirect pages) and ``OUT/mkdocs.yml`` (the project's,
without the ``briefing`` plugin: its pages are already there), so that ``mkdocs build --strict``
in OUT builds the whole site (``--for zensical``: the same tree, for ``zensical build``, which
reads that mkdocs.yml). ``--for plain`` writes the same Markdown tree alone, at OUT's top.

Links MkDocs does not rewrite (raw HTML, feeds, redirects) name built URLs: they are made for the
URL style the tree is for (``--urls``; plain: file URLs, ``countries/pl.html``).

OUT is made to match exactly: every file this run did not write is removed from it (nothing
outside OUT is touched). A marker file, :data:`MARKER`, says a folder is such a tree; a
non-empty folder without it is refused, untouched.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from .corpus import Corpus
from .outputs.asset import Asset, write_asset
from .pages import MARKDOWN_EXTENSIONS
from .pages.page import Page
from .parallel import usable_cpus
from .paths import Urls
from .progress import Progress
from .site import iter_assets, iter_pages
from .starter import KIT, kit_files

MARKER = ".briefing-generated"
#: What the tree is for: MkDocs, Zensical (which reads the same mkdocs.yml), or any builder of Markdown.
TARGETS = ("mkdocs", "zensical", "plain")
#: The plugin's templates (page titles escaped, the search dialog named): the tree's theme overrides.
TEMPLATES = Path(__file__).parent / "templates"
OVERRIDES = "overrides"


class TreeError(Exception):
    """OUT cannot take the tree, or the project's mkdocs.yml cannot be read: the one line to print."""


def project_config(path: Path | None) -> tuple[Path, dict[str, Any]]:
    """The project's mkdocs.yml (``path``, else ``mkdocs.yml`` here, else the starter kit's) and its settings."""
    if path is None:
        path = Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else KIT / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TreeError(f"{path}: error: cannot read the configuration: {exc.strerror or exc}") from None
    try:
        config = yaml.load(text, Loader=_Loader)  # a SafeLoader: tags are kept, never run
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        raise TreeError(f"{where}: error: not YAML briefing generate can read: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise TreeError(f"{path}: error: not YAML briefing generate can read: {exc}") from None
    if not isinstance(config, dict):
        raise TreeError(f"{path}:1:1: error: the configuration is not a mapping")
    return path, config


def directory_urls(config: dict[str, Any], urls: str | None, target: str) -> bool:
    """The URL style the tree is for: ``--urls``, else the config's (MkDocs' default: directory URLs)."""
    if urls is not None:
        return urls == "directory"
    if target == "plain":
        return False
    return bool(config.get("use_directory_urls", True))


def site_config(config: dict[str, Any], directory: bool, in_nav: dict[str, bool]) -> dict[str, Any]:
    """The project's settings for building the tree: no ``briefing`` plugin, the pages' extensions,
    the generated pages left out of the navigation said so (``in_nav``: each page's choice)."""
    out = dict(config)
    patterns = [str(config["not_in_nav"]).rstrip("\n")] if config.get("not_in_nav") else []
    out["not_in_nav"] = "\n".join(patterns + not_in_nav(in_nav)) + "\n"
    plugins = out.get("plugins", ["search"])
    if isinstance(plugins, dict):
        plugins = [{name: value} if value else name for name, value in plugins.items()]
    kept = [p for p in plugins or [] if _plugin_name(p) != "briefing"]
    if not any(_plugin_name(p) == "search" for p in kept):
        kept.insert(0, "search")  # the plugin's Pagefind search is gone: Material's own instead
    out["plugins"] = kept
    out["docs_dir"] = "docs"
    out.pop("site_dir", None)
    out["use_directory_urls"] = directory
    extensions = list(out.get("markdown_extensions") or [])
    present = {_plugin_name(e).removeprefix("markdown.extensions.") for e in extensions}
    extensions += [name for name in MARKDOWN_EXTENSIONS if name not in present]
    out["markdown_extensions"] = extensions
    theme = out.get("theme")
    if isinstance(theme, dict) and theme.get("name") == "material" and not theme.get("custom_dir"):
        out["theme"] = {**theme, "custom_dir": OVERRIDES}
    return out


def not_in_nav(in_nav: dict[str, bool]) -> list[str]:
    """MkDocs' ``not_in_nav`` patterns for the pages out of the navigation: a folder whose pages all
    are, as one pattern (20,000 sources make one line, not 20,000), else page by page."""
    folders: dict[str, list[tuple[str, bool]]] = {}
    for path, listed in in_nav.items():
        folders.setdefault(path.rpartition("/")[0], []).append((path, listed))
    patterns: list[str] = []
    for folder, pages in sorted(folders.items()):
        if folder and not any(listed for _, listed in pages):
            patterns.append(f"/{folder}/*.md")
        else:
            patterns += sorted(f"/{path}" for path, listed in pages if not listed)
    return patterns


class _Tagged:
    """A value under a tag of mkdocs.yml (``!ENV``, ``!!python/name:...``): kept as written, never made."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps the tags MkDocs reads (``!ENV``, ``!relative``, ``!!python/name:``) for the copy."""


for _prefix in ("!", "tag:yaml.org,2002:python/"):
    _Loader.add_multi_constructor(_prefix, lambda loader, suffix, node: _Tagged(node))


class _Dumper(yaml.SafeDumper):
    """YAML as a person writes it: text of several lines as a block (``not_in_nav: |``); tags as read."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Tagged, lambda dumper, data: data.node)


def _plugin_name(entry: object) -> str:
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)


def _hand_written(config_path: Path, config: dict[str, Any]) -> Iterator[tuple[str, Path]]:
    """The project's own files under its docs_dir (help pages, stylesheets), relative to it; then
    those of the starter kit's docs/ it lacks (the generated pages link to its help pages)."""
    docs = (config_path.parent / str(config.get("docs_dir", "docs"))).resolve()
    seen: set[str] = set()
    for folder, dirs, files in os.walk(docs, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = Path(folder) / name
                seen.add(path.relative_to(docs).as_posix())
                yield path.relative_to(docs).as_posix(), path
    for rel in kit_files():
        if rel.parts[0] == "docs" and rel.relative_to("docs").as_posix() not in seen:
            yield rel.relative_to("docs").as_posix(), KIT / rel


def _templates() -> Iterator[tuple[str, Path]]:
    for path in sorted(TEMPLATES.rglob("*.html")):
        yield path.relative_to(TEMPLATES).as_posix(), path


def check_out(out: Path) -> None:
    """OUT may take the tree: missing, empty, or a tree written before (it holds the marker)."""
    if out.exists() and not out.is_dir():
        raise TreeError(f"error: {out} exists and is not a folder")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise TreeError(f"error: {out} is not empty and holds no {MARKER}: briefing generate --for replaces only "
                        "a folder it wrote, or fills a new or empty one")


def write_tree(out: Path, target: str, pages: Iterable[Page], assets: Iterable[Asset],
               config_path: Path, config: dict[str, Any], directory: bool) -> int:
    """Write the tree into ``out`` (checked by :func:`check_out`) and remove what it held besides; files written."""
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    (root / MARKER).write_text("Written by briefing generate: replaced whole by the next run.\n", encoding="utf-8")
    docs = root if target == "plain" else root / "docs"
    written: set[Path] = {root / MARKER}

    def put(asset: Asset, base: Path) -> None:
        path = (base / asset.path).resolve()
        if root not in path.parents:  # ids are validated: only a symbolic link in OUT leads out of it
            raise TreeError(f"error: {out / asset.path} leads out of {out} (a symbolic link?): nothing written there")
        if path in written:  # a generated page takes the place of a hand-written one of the same path
            path.unlink()
        written.add(path)
        write_asset(asset, path)

    generated: list[Asset] = []
    in_nav: dict[str, bool] = {}
    for page in pages:
        generated.append(Asset(page.path, page.markdown.encode("utf-8")))
        in_nav[page.path] = page.in_nav
    generated += assets
    names = {a.path for a in generated}
    for rel, path in _hand_written(config_path, config):
        if rel not in names:
            put(Asset(rel, path.read_bytes()), docs)
    for asset in generated:
        put(asset, docs)
    if target != "plain":
        settings = site_config(config, directory, in_nav)
        text = yaml.dump(settings, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)
        put(Asset("mkdocs.yml", text.encode("utf-8")), root)
        if settings.get("theme", {}).get("custom_dir") == OVERRIDES:
            for rel, path in _templates():
                put(Asset(rel, path.read_bytes()), root / OVERRIDES)
    _remove_others(root, written)
    return len(written) - 1


def _remove_others(root: Path, written: set[Path]) -> None:
    """Every file under ``root`` this run did not write, and the folders left empty."""
    for folder, dirs, files in os.walk(root, topdown=False):
        here = Path(folder)
        for name in files:
            if here / name not in written:
                (here / name).unlink()
        for name in dirs:
            sub = here / name
            if sub.is_symlink():
                sub.unlink()
            elif not any(sub.iterdir()):
                sub.rmdir()


def generate_tree(args: Any, corpus: Corpus, progress: Progress) -> int:
    """The command's part: the tree for ``args.target`` into ``args.out``; 1 with a one-line error if refused."""
    try:
        check_out(args.out)
        config_path, config = project_config(args.config)
    except TreeError as exc:
        print(exc, file=sys.stderr)
        return 1
    directory = directory_urls(config, args.urls, args.target)
    urls = Urls(directory_urls=directory)
    pages = progress.over(iter_pages(corpus, helpers=usable_cpus() - 1, urls=urls), "pages", "page")
    assets = progress.over(iter_assets(corpus, site_url=config.get("site_url") or None, urls=urls), "files", "file")
    try:
        count = write_tree(args.out, args.target, pages, assets, config_path, config, directory)
    except TreeError as exc:
        print(exc, file=sys.stderr)
        return 1
    style = "directory" if directory else "file"
    print(f"{count} files written to {args.out} (for {args.target}, {style} URLs)", file=sys.stderr)
    return 0
