"""Site search with Pagefind: an index in chunks, loaded a piece at a time by the browser.

Material's own search loads one JSON index of the whole site before the first result
(43 MB at 10,000 pages). Pagefind writes an index split by words and one fragment per
page; a search fetches the chunks holding its words and the fragments of the results
it shows. :mod:`generator.mkdocs_plugin` runs :func:`index_site` after the build and
points Material's search box at ``worker.js``, a web worker that answers Material's
search protocol from Pagefind: the box, the result list, the keyboard keys and the
highlighting stay Material's.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
#: The web worker, published at :data:`WORKER_PATH` in the site.
WORKER = HERE / "worker.js"
WORKER_PATH = "assets/briefing/search-worker.js"
#: The page script that lists the rest of the results as the list is scrolled.
MORE = HERE / "more.js"
MORE_PATH = "assets/briefing/search-more.js"
#: Where the index goes, relative to the site folder.
OUTPUT = "pagefind"


class SearchUnavailable(RuntimeError):
    """Pagefind's binary is missing or failed."""


def executable() -> str:
    """The Pagefind binary that the ``pagefind_bin`` wheel (``pagefind[bin]``) ships."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-not-found]
    except ImportError as exc:
        found = shutil.which("pagefind")
        if found:
            return found
        raise SearchUnavailable("Pagefind is not installed: pip install 'pagefind[bin]'") from exc
    return str(get_executable())


def index_site(site: Path, output: Path | None = None) -> Path:
    """Index the HTML pages of ``site`` (their ``data-pagefind-body`` parts) into ``output``."""
    output = output or site / OUTPUT
    cmd = [executable(), "--site", str(site), "--output-path", str(output), "--silent"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchUnavailable(f"pagefind failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return output


def index_is_complete(output: Path) -> bool:
    """Whether ``output`` holds a readable Pagefind index (its entry file names a language)."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(entry.get("languages"))


def material_index_stub(lang: list[str], results: int) -> str:
    """Material's ``search/search_index.json`` without documents: its search box starts the worker with it."""
    config = {"lang": lang, "separator": r"[\s\-]+", "pipeline": [], "briefing_results": results}
    return json.dumps({"config": config, "docs": []})


#: Marks the part of each page that Pagefind indexes: the article, not the navigation.
ARTICLE = '<article class="md-content__inner md-typeset">'
ARTICLE_INDEXED = '<article class="md-content__inner md-typeset" data-pagefind-body>'


def mark_article(html: str) -> str:
    return html.replace(ARTICLE, ARTICLE_INDEXED, 1)


class StreamingIndex:
    """Pagefind's indexing service (``pagefind --service``), fed each page as MkDocs writes it.

    The service is a process of its own: it indexes on the machine's other core while
    MkDocs renders the next pages, instead of reading the whole site once the build is
    over. It speaks base64-encoded JSON messages ending with a comma on its standard
    input and output (the protocol of Pagefind's Python API, whose client reads one
    answer per tenth of a second: too slow for thousands of pages). :meth:`finish`
    writes the index.
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
        answer = self._wait(self._send({"type": "NewIndex", "config": None}))
        if answer.get("type") != "NewIndex":
            raise SearchUnavailable(f"pagefind service: {answer}")
        self._index = answer["index_id"]
        self._added: list[int] = []

    def _send(self, payload: dict[str, Any]) -> int:
        assert self._process.stdin is not None
        self._next += 1
        message = {"message_id": self._next, "payload": payload}
        self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        self._process.stdin.flush()
        return self._next

    def _read(self) -> None:
        assert self._process.stdout is not None
        buffer = b""
        while True:
            chunk = self._process.stdout.read1(1 << 16)
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

    def add(self, html: str, url: str) -> None:
        """Queue one page (``url`` from the site's root, '/sources/x/'); returns once it is sent."""
        self._added.append(self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html,
                                       "file_path": None}))

    def finish(self, output: Path) -> None:
        """Wait for every page to be indexed, write the index into ``output``, stop the service."""
        try:
            for message_id in self._added:
                self._wait(message_id)
            if self._errors:
                raise SearchUnavailable(f"pagefind service: {self._errors[0]}")
            answer = self._wait(self._send({"type": "WriteFiles", "index_id": self._index, "output_path": str(output)}))
            if answer.get("type") == "Error":
                raise SearchUnavailable(f"pagefind service: {answer.get('message')}")
        finally:
            self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
