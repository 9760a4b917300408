"""Session fixtures: the real site built once by MkDocs, the annotations, and an HTTP server."""

from __future__ import annotations

import functools
import http.server
import threading
from typing import Iterator

import pytest

from beyond_support import launch_chromium
from support import SEEDS, Annotations, Site, build_site


@pytest.fixture(scope="session")
def annotations() -> Annotations:
    """The seeds as plain YAML; an empty sources folder is a failure, never a skip."""
    data = Annotations.read()
    assert data.sources, f"no source in {SEEDS / 'sources'}: the briefing has nothing to show"
    return data


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real site, built once per session into a temporary folder."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_url(site: Site) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (random port), for the browser."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium, once per test module (skips when it is not installed)."""
    p, chromium = launch_chromium()
    yield chromium
    chromium.close()
    p.stop()
