"""Machine-readable copies of the corpus: JSON with its JSON Schema, incidents as CSV, a STIX 2.1 bundle;
and the JSON Schemas of the files an analyst edits (``schemas/``: each registry, a source's front matter).

Published with the site under ``exports/`` and written by ``briefing export OUT``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...corpus import Corpus
from ...paths import DIRECTORY_URLS, Urls
from ...schema.json_schema import FOLDER as SCHEMAS
from ...schema.json_schema import schema_bytes, schemas
from ..asset import Asset, StreamedAsset, write_asset

FOLDER = "exports"
CORPUS_FILES = ("corpus.json", "corpus.schema.json", "incidents.csv", "stix-bundle.json")
#: The schemas of the edited files, for an editor: ``schemas/meetings.schema.json``, ``schemas/source.schema.json``…
SCHEMA_FILES = tuple(f"{SCHEMAS}/{name}" for name in schemas())
FILES = CORPUS_FILES + SCHEMA_FILES


def build_exports(corpus: Corpus, folder: str = FOLDER, urls: Urls = DIRECTORY_URLS) -> list[Asset]:
    return list(iter_exports(corpus, folder, urls))


def iter_exports(corpus: Corpus, folder: str = FOLDER, urls: Urls = DIRECTORY_URLS) -> Iterator[Asset]:
    """The exports one at a time, the two large ones made a piece at a time as they are
    written (:class:`StreamedAsset`): a large corpus never has an export whole in memory.
    ``urls``: where the pages they name (``page``) are built."""
    from .corpus_json import iter_corpus_json, schema_json
    from .incidents_csv import incidents_csv
    from .stix import iter_stix_json

    prefix = f"{folder}/" if folder else ""
    corpus_json, schema, csv, stix = (prefix + name for name in CORPUS_FILES)
    yield StreamedAsset(corpus_json, lambda: iter_corpus_json(corpus, urls))
    yield Asset(schema, schema_json())
    yield Asset(csv, incidents_csv(corpus, urls))
    yield StreamedAsset(stix, lambda: iter_stix_json(corpus))
    for name, document in schemas().items():
        yield Asset(f"{prefix}{SCHEMAS}/{name}", schema_bytes(document))


def write_exports(corpus: Corpus, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for asset in iter_exports(corpus, folder=""):
        target = out / asset.path
        write_asset(asset, target)
        written.append(target)
    return written
