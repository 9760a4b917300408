"""Machine-readable copies of the corpus: JSON with its JSON Schema, incidents as CSV, a STIX 2.1 bundle.

Published with the site under ``exports/`` and written by ``briefing export OUT``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..corpus import Corpus
from ..render.common import Asset, StreamedAsset

FOLDER = "exports"
FILES = ("corpus.json", "corpus.schema.json", "incidents.csv", "stix-bundle.json")


def build_exports(corpus: Corpus, folder: str = FOLDER) -> list[Asset]:
    return list(iter_exports(corpus, folder))


def iter_exports(corpus: Corpus, folder: str = FOLDER) -> Iterator[Asset]:
    """The exports one at a time, the two large ones made a piece at a time as they are
    written (:class:`StreamedAsset`): a large corpus never has an export whole in memory."""
    from .corpus_json import iter_corpus_json, schema_json
    from .incidents_csv import incidents_csv
    from .stix import iter_stix_json

    prefix = f"{folder}/" if folder else ""
    corpus_json, schema, csv, stix = (prefix + name for name in FILES)
    yield StreamedAsset(corpus_json, lambda: iter_corpus_json(corpus))
    yield Asset(schema, schema_json())
    yield Asset(csv, incidents_csv(corpus))
    yield StreamedAsset(stix, lambda: iter_stix_json(corpus))


def write_asset(asset: Asset, target: Path, stop: Callable[[], bool] | None = None) -> bool:
    """Write ``asset`` to ``target`` a piece at a time, through a file beside it renamed at the end
    (a reader never sees half an export); its folder is made if missing. If ``stop()`` turns true
    between two pieces, nothing is written and False is returned."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    stopped = False
    with partial.open("wb") as out:
        for chunk in asset.chunks():
            stopped = stop is not None and stop()
            if stopped:
                break
            out.write(chunk)
    if stopped:
        partial.unlink(missing_ok=True)
        return False
    partial.replace(target)
    return True


def write_exports(corpus: Corpus, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for asset in iter_exports(corpus, folder=""):
        target = out / asset.path
        write_asset(asset, target)
        written.append(target)
    return written
