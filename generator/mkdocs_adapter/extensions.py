"""The Markdown extensions the generated pages are written for: enabled when ``mkdocs.yml`` lacks
them, with one log line naming them, so that a site started from scratch builds right."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..pages import MARKDOWN_EXTENSIONS

log = logging.getLogger("mkdocs.plugins.briefing")

def _name(extension: Any) -> str:
    """``attr_list`` for ``attr_list``, ``markdown.extensions.attr_list`` or an instance of its class."""
    if not isinstance(extension, str):
        extension = type(extension).__module__
    name: str = extension.split(":")[0]
    return name.removeprefix("markdown.extensions.")


def ensure_extensions(config: MkDocsConfig) -> list[str]:
    """Append to ``markdown_extensions`` each needed one it lacks; the names appended."""
    present = {_name(e) for e in config.markdown_extensions}
    missing = [name for name in MARKDOWN_EXTENSIONS if name not in present]
    for name in missing:
        try:
            importlib.import_module(f"markdown.extensions.{name}")
        except ImportError as exc:
            raise PluginError(f"briefing: the Markdown extension {name!r} is missing from markdown_extensions in "
                              f"mkdocs.yml and cannot be loaded ({exc}); the pages need it") from None
        config.markdown_extensions.append(name)
    if missing:
        log.info(f"Markdown extensions the pages need, not in mkdocs.yml, enabled: {', '.join(missing)} "
                 "(list them under markdown_extensions to say so yourself)")
    return missing
