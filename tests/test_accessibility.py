"""axe-core in headless Chromium: no critical or serious violation on any kind of generated page.

axe-core's own script comes from the axe-playwright-python package (a test
dependency, which ships axe.min.js); nothing is downloaded at run time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import FOLDERS, Annotations, entity_url

pytestmark = pytest.mark.browser
BLOCKING = ("critical", "serious")


def _axe_script() -> Path:
    axe = pytest.importorskip("axe_playwright_python", reason="pip install -e '.[test]' installs axe-playwright-python")
    path = Path(axe.__file__).parent / "axe.min.js"
    assert path.is_file(), f"axe-playwright-python ships no axe.min.js at {path}"
    return path


def _pages(annotations: Annotations) -> list[str]:
    urls = ["", "chronologie/", "incidents/", "qualite/", "help/", "format/"]
    urls += [f"{folder}/" for folder in FOLDERS.values()]
    for kind in FOLDERS:
        ids = sorted(annotations.ids(kind))
        if ids:
            urls.append(entity_url(kind, ids[0]))
    return urls


def test_no_serious_accessibility_violation(browser, site_url: str, annotations: Annotations) -> None:  # type: ignore[no-untyped-def]
    script = _axe_script()
    page = browser.new_page()
    found = []
    try:
        for url in _pages(annotations):
            page.goto(site_url + url)
            page.add_script_tag(path=str(script))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                if v["impact"] in BLOCKING:
                    targets = [n["target"] for n in v["nodes"][:3]]
                    found.append(f"/{url}: {v['impact']} {v['id']} ({len(v['nodes'])}×) {targets}: {v['help']}")
    finally:
        page.close()
    assert not found, "\n".join(found)
