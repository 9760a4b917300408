"""Helpers for the tests of the chronology figure, matrix, map, feeds, exports, print and quality pages.

Like support.py, nothing here imports the generator: expectations come from the
annotation files and from the parsers of the formats (feedparser, jsonschema,
stix2, pypdf), never from the code under test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from support import CHROMIUM_ARGS, REPO, SEEDS, Annotations, Element, Site

FIRM = ("confirmed", "attributed")


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def lum(h: str) -> float:
        h = h.lstrip("#")
        chans = []
        for i in (0, 2, 4):
            s = int(h[i : i + 2], 16) / 255
            chans.append(s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4)
        return 0.2126 * chans[0] + 0.7152 * chans[1] + 0.0722 * chans[2]

    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def incidents(annotations: Annotations) -> list[dict]:
    return [dict(i, source=s.id) for s in annotations.sources.values() for i in s.items("incidents")]


def cell_counts(annotations: Annotations) -> dict[tuple[str | None, str], tuple[int, int]]:
    """(country or None, threat) -> (attributed or confirmed, suspected/alleged/unknown)."""
    firm: Counter = Counter()
    loose: Counter = Counter()
    for i in incidents(annotations):
        key = (i.get("country"), i["threat"])
        (firm if i["attribution"] in FIRM else loose)[key] += 1
    return {k: (firm[k], loose[k]) for k in set(firm) | set(loose)}


def figure_svg(site: Site, url: str, cls: str) -> Element:
    svg = site.article(url).find("svg", cls=cls)
    assert svg is not None, f"{url}: no <svg class={cls}>"
    return svg


def assert_link_resolves(site: Site, from_url: str, href: str) -> tuple[str, str]:
    target = site.resolve(from_url, href)
    assert target is not None, f"{from_url}: {href} leaves the site"
    url, fragment = target
    url = site.canonical(url)
    assert site.file(url) is not None, f"{from_url}: {href} -> {url!r}, which does not exist"
    if fragment and site.file(url).suffix == ".html":
        assert fragment in site.ids(url), f"{from_url}: {href} -> no element #{fragment} on {url!r}"
    return url, fragment


def colour_attrs(svg: Element, name: str) -> list[str]:
    return [e.attrs[name] for e in svg.iter() if re.fullmatch(r"#[0-9a-fA-F]{6}", e.attrs.get(name, ""))]


# --- a build of other annotations ---------------------------------------------


def copy_seeds(dest: Path) -> Path:
    seeds = dest / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


def build_with_seeds(root: Path, strict: bool = False, settings: str = "") -> Site:
    """Build the repository's site from ``root/seeds`` (same docs, theme and plugin) into ``root/site``;
    ``settings``: lines of YAML added to the copy of mkdocs.yml (``use_directory_urls: false``)."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = f"docs_dir: {(REPO / 'docs').as_posix()}\n{settings}" + config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = root / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)]
    if strict:
        cmd.insert(4, "--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return Site(out)


# --- headless Chromium -------------------------------------------------------



def launch_chromium():  # type: ignore[no-untyped-def]
    """(playwright, browser) on Debian's chromium; the caller closes both. Skips when it is missing."""
    import pytest
    from support import CHROMIUM

    if not CHROMIUM.is_file():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (`make test` installs it)")
    from playwright.sync_api import sync_playwright

    p = sync_playwright().start()
    return p, p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
