"""The thin adapter between the generator's core and MkDocs: the only module importing MkDocs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from .corpus import load_corpus
from .diagnostics import Origin
from .reader import MAX_BYTES
from .site import build_assets, build_pages

log = logging.getLogger("mkdocs.plugins.briefing")
TEMPLATES = Path(__file__).parent / "templates"


class BriefingConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    """Annotations folder, relative to mkdocs.yml."""
    max_bytes = c.Type(int, default=MAX_BYTES)
    """Largest annotation file read, in bytes."""
    edit_uri = c.Optional(c.Type(str))
    """Path from ``repo_url`` to the repository root for edit links (default: ``edit_uri`` without its docs folder)."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent.resolve()
        self.seeds = (self.root / self.config.seeds).resolve()
        self.origins: dict[str, Origin] = {}
        # Our template fixes how Material writes page titles; a custom_dir of the site still comes first.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        corpus = load_corpus(self.seeds, root=self.root, max_bytes=self.config.max_bytes)
        for problem in corpus.report.sorted():
            log.warning(str(problem))
        self.origins = {}
        for page in build_pages(corpus):
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            file = File.generated(
                config,
                page.path,
                content=page.markdown,
                inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV,
            )
            files.append(file)
            if page.origin is not None:
                self.origins[page.path] = page.origin
        for asset in build_assets(corpus, site_url=config.site_url or None):
            existing = files.get_file_from_path(asset.path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, asset.path, content=asset.content))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        origin = self.origins.get(page.file.src_uri)
        if origin is not None and config.repo_url:
            page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", self._edit_root(config) + origin.path)
        return markdown

    def _edit_root(self, config: MkDocsConfig) -> str:
        if self.config.edit_uri is not None:
            return self.config.edit_uri.strip("/") + "/"
        edit_uri = (config.edit_uri or "").strip("/")
        docs = Path(config.docs_dir).name
        if edit_uri.endswith("/" + docs):
            edit_uri = edit_uri[: -len(docs) - 1]
        return edit_uri + "/" if edit_uri else ""

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.seeds))
        return server
