"""Machine-readable copies of the corpus: JSON with its JSON Schema, incidents as CSV, a STIX 2.1 bundle.

Published with the site under ``exports/`` and written by ``briefing export OUT``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..corpus import Corpus
from ..render.common import Asset

FOLDER = "exports"
FILES = ("corpus.json", "corpus.schema.json", "incidents.csv", "stix-bundle.json")


def build_exports(corpus: Corpus, folder: str = FOLDER) -> list[Asset]:
    return list(iter_exports(corpus, folder))


def iter_exports(corpus: Corpus, folder: str = FOLDER) -> Iterator[Asset]:
    """The exports one at a time: a large corpus never has two of them in memory at once."""
    from .corpus_json import corpus_json, schema_json
    from .incidents_csv import incidents_csv
    from .stix import stix_json

    prefix = f"{folder}/" if folder else ""
    makers = (lambda: corpus_json(corpus), schema_json, lambda: incidents_csv(corpus), lambda: stix_json(corpus))
    for name, make in zip(FILES, makers):
        yield Asset(prefix + name, make())


def write_exports(corpus: Corpus, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for asset in iter_exports(corpus, folder=""):
        target = out / asset.path
        target.write_bytes(asset.content)
        written.append(target)
    return written
