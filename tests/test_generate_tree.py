"""``briefing generate OUT --for mkdocs|plain``: a complete Markdown tree that plain MkDocs builds
(no briefing plugin) with every link and anchor resolving, under both URL styles; OUT made to
match exactly, a folder it did not write refused untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from beyond_support import copy_seeds
from support import REPO, SEEDS, Site

TIMEOUT = 600


def briefing(*args: object, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=TIMEOUT, env={**os.environ, "PYTHONPATH": str(REPO)})


def mkdocs_build(out: Path) -> Site:
    """``mkdocs build --strict`` in OUT, with the mkdocs.yml written there: its site."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=out, capture_output=True,
                            text=True, timeout=TIMEOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(out / "site")


def _in_svg(el) -> bool:  # type: ignore[no-untyped-def]
    parent = el.parent
    while parent is not None:
        if parent.tag == "svg":
            return True
        parent = parent.parent
    return False


@pytest.mark.parametrize("urls", ["directory", "file"])
def test_plain_mkdocs_builds_the_tree_with_no_dead_link(tmp_path: Path, urls: str) -> None:
    out = tmp_path / "out"
    result = briefing("--seeds", SEEDS, "generate", out, "--for", "mkdocs", "--urls", urls)
    assert result.returncode == 0, result.stderr
    assert f"(for mkdocs, {urls} URLs)" in result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "briefing" not in str(config["plugins"]) and config["use_directory_urls"] is (urls == "directory")
    for hand_written in ("help.md", "format.md", "stylesheets/briefing.css"):
        assert (out / "docs" / hand_written).is_file(), hand_written
    assert (out / "docs" / "feeds" / "sources.xml").is_file()
    site = mkdocs_build(out)
    home = "index.html" if urls == "file" else ""
    assert site.file(home) is not None and site.file("countries/pl.html" if urls == "file" else "countries/pl/")
    dead, checked = site.dead_links()
    assert len(checked) > len(site.urls()), "the pages hold (almost) no internal link: nothing was checked"
    svg = [el for el in checked if _in_svg(el)]
    assert svg, "no link inside an SVG figure was checked"
    if urls == "file":
        assert all(el.get("href").split("#")[0].endswith(".html") for el in svg)
    assert not dead, f"{len(dead)} dead internal links:\n" + "\n".join(dead[:40])


def test_plain_tree_has_file_urls_and_no_config(tmp_path: Path) -> None:
    out = tmp_path / "plain"
    result = briefing("--seeds", SEEDS, "generate", out, "--for", "plain")
    assert result.returncode == 0, result.stderr
    assert (out / "index.md").is_file() and (out / "help.md").is_file() and not (out / "mkdocs.yml").exists()
    assert not (out / "docs").exists()
    home = (out / "index.md").read_text(encoding="utf-8")
    assert 'href="countries/' in home and ".html" in home and 'href="countries/pl/"' not in home


def test_a_second_run_removes_what_is_stale(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    out = tmp_path / "out"
    assert briefing("--seeds", seeds, "generate", out, "--for", "mkdocs").returncode in (0, 1)
    sources = sorted((seeds / "sources").glob("*.txt"))
    gone = sources[0]
    page = out / "docs" / "sources" / f"{gone.stem.lower()}.md"
    assert page.is_file(), f"no page {page} for {gone.name}"
    (out / "docs" / "old.md").write_text("left over\n", encoding="utf-8")
    (out / "docs" / "old-folder").mkdir()
    (out / "docs" / "old-folder" / "x.md").write_text("left over\n", encoding="utf-8")
    gone.unlink()
    again = briefing("--seeds", seeds, "generate", out, "--for", "mkdocs")
    assert again.returncode in (0, 1), again.stderr
    assert not page.exists(), "the page of a deleted source is still there"
    assert not (out / "docs" / "old.md").exists() and not (out / "docs" / "old-folder").exists()
    assert (out / "docs" / "index.md").is_file() and (out / "docs" / "help.md").is_file()
    assert list(out.rglob(".*.part")) == []


def test_a_folder_it_did_not_write_is_refused_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.md").write_text("mine\n", encoding="utf-8")
    result = briefing("--seeds", SEEDS, "generate", foreign, "--for", "mkdocs")
    assert result.returncode == 1
    error = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error == [f"error: {foreign} is not empty and holds no .briefing-generated: briefing generate --for "
                     "replaces only a folder it wrote, or fills a new or empty one"], result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.md"]
    assert (foreign / "notes.md").read_text(encoding="utf-8") == "mine\n"
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    refused = briefing("--seeds", SEEDS, "generate", a_file, "--for", "plain")
    assert refused.returncode == 1 and f"error: {a_file} exists and is not a folder" in refused.stderr
    assert a_file.read_text(encoding="utf-8") == "x"


ZENSICAL = Path(sys.executable).with_name("zensical")


@pytest.mark.skipif(not ZENSICAL.is_file(), reason="Zensical is not installed in this venv (it comes with the test extra: pip install -e '.[test]')")
@pytest.mark.parametrize("urls", ["directory", "file"])
def test_zensical_builds_the_tree_with_no_dead_link(tmp_path: Path, urls: str) -> None:
    out = tmp_path / "out"
    result = briefing("--seeds", SEEDS, "generate", out, "--for", "zensical", "--urls", urls)
    assert result.returncode == 0, result.stderr
    built = subprocess.run([str(ZENSICAL), "build", "--strict"], cwd=out, capture_output=True, text=True, timeout=TIMEOUT)
    assert built.returncode == 0, built.stdout + built.stderr
    site = Site(out / "site")
    assert site.file("countries/pl.html" if urls == "file" else "countries/pl/") is not None
    dead, checked = site.dead_links()
    assert len(checked) > len(site.urls()) and any(_in_svg(el) for el in checked)
    assert not dead, f"{len(dead)} dead internal links:\n" + "\n".join(dead[:40])


def test_the_tags_of_mkdocs_yml_are_kept(tmp_path: Path) -> None:
    """``!ENV`` and ``!!python/name:`` (Material's emoji) are copied as written, never run."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "help.md").write_text("# Aide\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        'site_name: !ENV [BRIEFING_TEST_NAME, "Essai"]\ntheme:\n  name: material\nplugins:\n  - briefing\n'
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n", encoding="utf-8")
    out = tmp_path / "out"
    result = briefing("--seeds", SEEDS, "generate", out, "--for", "mkdocs", "--config", tmp_path / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    written = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: !ENV [BRIEFING_TEST_NAME" in written
    assert "!!python/name:material.extensions.emoji.to_svg" in written and "briefing" not in written
    site = mkdocs_build(out)
    assert "<title>Essai</title>" in (out / "site" / "index.html").read_text(encoding="utf-8")
    assert not site.dead_links()[0]
    # the project's own help page; the starter's format page, which the generated pages link to
    assert (out / "docs" / "help.md").read_text(encoding="utf-8") == "# Aide\n"
    assert (out / "docs" / "format.md").read_bytes() == (REPO / "docs" / "format.md").read_bytes()


def test_an_unreadable_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = briefing("--seeds", SEEDS, "generate", tmp_path / "out", "--for", "mkdocs", "--config", tmp_path / "mkdocs.yml")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'mkdocs.yml'}:2:1: error: not YAML briefing generate can read" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_symbolic_link_in_out_leads_nowhere_outside(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    assert briefing("--seeds", SEEDS, "generate", out, "--for", "mkdocs").returncode == 0
    elsewhere.mkdir()
    (elsewhere / "keep.md").write_text("mine\n", encoding="utf-8")
    shutil.rmtree(out / "docs")
    (out / "docs").symlink_to(elsewhere)
    result = briefing("--seeds", SEEDS, "generate", out, "--for", "mkdocs")
    assert result.returncode == 1 and "leads out of" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.md"]
