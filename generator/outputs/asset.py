"""A file published beside the pages, copied as is (a feed, an export, a redirect page), and
writing one so that a reader never sees half of it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Asset:
    """A non-Markdown file published with the site (feed, export, picture), copied as is."""

    path: str
    content: bytes

    def chunks(self) -> Iterator[bytes]:
        """The content a piece at a time (see :class:`StreamedAsset`)."""
        yield self.content


class StreamedAsset(Asset):
    """An asset made a piece at a time, when asked for: a large export never stands whole in memory.

    ``chunks()`` makes it again on each call; ``content`` joins the pieces.
    """

    def __init__(self, path: str, make: Callable[[], Iterable[bytes]]) -> None:
        self.path = path
        self._make = make

    @property
    def content(self) -> bytes:  # type: ignore[override]
        return b"".join(self.chunks())

    def chunks(self) -> Iterator[bytes]:
        yield from self._make()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Asset) and (self.path, self.content) == (other.path, other.content)

    def __repr__(self) -> str:
        return f"StreamedAsset({self.path!r})"


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
