"""Kept for old imports: the MkDocs adapter is the package :mod:`generator.mkdocs_adapter`."""

from .mkdocs_adapter.plugin import BriefingPlugin as BriefingPlugin
