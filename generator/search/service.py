"""Streaming pages to Pagefind's indexing service as MkDocs writes them, each shard written and
freed as soon as its last page is indexed."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..sitefolder import scratch_prefix
from .indexer import SearchUnavailable, executable
from .manifest import write_manifest
from .shards import Shards, shard_folder


class StreamingIndex:
    """Pagefind's indexing service (``pagefind --service``), fed each page as MkDocs writes it.

    The service is a process of its own: it indexes on the machine's other core while
    MkDocs renders the next pages, instead of reading the whole site once the build is
    over. It speaks base64-encoded JSON messages ending with a comma on its standard
    input and output (the protocol of Pagefind's Python API, whose client reads one
    answer per tenth of a second: too slow for thousands of pages). It holds one index
    per shard, made when the shard's first page comes. Once told how many pages each
    shard has (:meth:`expect`), it writes a shard as soon as its last page is indexed and
    drops it from memory (the indexer holds about 400 kB a page): the plugin has MkDocs
    write the pages shard by shard, so only a shard or two are held at a time.
    :meth:`finish` writes the others.
    """

    def __init__(self) -> None:
        self._process = subprocess.Popen([executable(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        self._answers: dict[int, Any] = {}
        self._errors: list[str] = []
        self._done = threading.Condition()
        self._next = 0
        self._reader = threading.Thread(target=self._read, name="pagefind-service", daemon=True)
        self._reader.start()
        self._lock = threading.Lock()  # one message at a time on the service's input
        self._indexes: dict[int, int] = {}
        self._index(0)
        self._added: list[int] = []
        self._expected: dict[int, int] = {}
        self._by_shard: dict[int, list[int]] = {}
        self._scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix("shards")))
        self._retiring: dict[int, threading.Thread] = {}
        self._retired: set[int] = set()

    def expect(self, shards: Shards, first: int | None = None) -> None:
        """How many pages shards 1 and later will get (every page of theirs is a source page),
        and shard 0 (``first``, if known: every other searched page)."""
        counts: dict[int, int] = {}
        for shard in shards.pages.values():
            counts[shard] = counts.get(shard, 0) + 1
        if first:
            counts[0] = first
        self._expected = counts

    @property
    def retired(self) -> frozenset[int]:
        """The shards written and freed before :meth:`finish`, as soon as their last page came."""
        return frozenset(self._retired)

    def _retire(self, shard: int) -> None:
        """Write a shard whose pages are all added, then free it in the service."""
        try:
            for message_id in self._by_shard.pop(shard, []):
                self._wait(message_id)
            index = self._indexes[shard]
            answer = self._wait(self._send({"type": "WriteFiles", "index_id": index,
                                            "output_path": str(self._scratch / f"shard-{shard}")}))
            if answer.get("type") == "Error":
                self._errors.append(str(answer.get("message")))
                return
            self._wait(self._send({"type": "DeleteIndex", "index_id": index}))
            self._retired.add(shard)
        except Exception as exc:  # finish() reports it
            self._errors.append(str(exc))

    def _index(self, shard: int) -> int:
        """The service's index for ``shard``, made on first use."""
        found = self._indexes.get(shard)
        if found is None:
            answer = self._wait(self._send({"type": "NewIndex", "config": None}))
            if answer.get("type") != "NewIndex":
                raise SearchUnavailable(f"pagefind service: {answer}")
            found = self._indexes[shard] = answer["index_id"]
        return found

    def _send(self, payload: dict[str, Any]) -> int:
        assert self._process.stdin is not None
        with self._lock:
            self._next += 1
            message = {"message_id": self._next, "payload": payload}
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            self._process.stdin.flush()
            return self._next

    def _read(self) -> None:
        assert self._process.stdout is not None
        buffer = b""
        while True:
            chunk = self._process.stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                if not raw.strip():
                    continue
                answer = json.loads(base64.b64decode(raw))
                with self._done:
                    payload = answer.get("payload") or {}
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    self._answers[answer.get("message_id", -1)] = payload
                    self._done.notify_all()
        with self._done:
            self._answers[-2] = {"type": "Error", "message": "pagefind service stopped"}
            self._done.notify_all()

    def _wait(self, message_id: int) -> Any:
        with self._done:
            while message_id not in self._answers and -2 not in self._answers:
                self._done.wait()
            return self._answers.pop(message_id, None) or self._answers[-2]

    def add(self, html: str, url: str, shard: int = 0) -> None:
        """Queue one page (``url`` from the site's root, '/sources/x/') for ``shard``; returns once it is sent."""
        message_id = self._send({"type": "AddFile", "index_id": self._index(shard), "url": url,
                                 "file_contents": html, "file_path": None})
        if shard not in self._expected:
            self._added.append(message_id)
            return
        sent = self._by_shard.setdefault(shard, [])
        sent.append(message_id)
        if len(sent) == self._expected[shard]:
            self._retiring[shard] = threading.Thread(target=self._retire, args=(shard,), daemon=True)
            self._retiring[shard].start()

    def finish(self, output: Path, shards: Shards | None = None) -> None:
        """Wait for every page to be indexed, write each shard under ``output``, stop the service."""
        shards = shards or Shards()
        try:
            for thread in self._retiring.values():
                thread.join()
            for message_id in self._added + [m for sent in self._by_shard.values() for m in sent]:
                self._wait(message_id)
            if self._errors:
                raise SearchUnavailable(f"pagefind service: {self._errors[0]}")
            for number in range(shards.count):
                if number and number not in self._indexes:
                    continue  # no page of this shard was indexed
                folder = output / shard_folder(number)
                if number in self._retired:
                    folder.mkdir(parents=True, exist_ok=True)
                    for entry in (self._scratch / f"shard-{number}").iterdir():
                        there = folder / entry.name
                        if there.is_dir() and not there.is_symlink():  # never moved into an older one
                            shutil.rmtree(there)
                        elif there.exists() or there.is_symlink():
                            there.unlink()
                        shutil.move(str(entry), str(there))
                    continue
                answer = self._wait(self._send({"type": "WriteFiles", "index_id": self._index(number),
                                                "output_path": str(folder)}))
                if answer.get("type") == "Error":
                    raise SearchUnavailable(f"pagefind service: {answer.get('message')}")
            write_manifest(output, shards)
        finally:
            self.close()

    def close(self) -> None:
        shutil.rmtree(self._scratch, ignore_errors=True)
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
