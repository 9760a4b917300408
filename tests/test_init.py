"""`briefing init DIR` writes a briefing that builds at once; the plugin enables the Markdown
extensions the pages need when mkdocs.yml lacks them, and says which.

The kit's mkdocs.yml, docs/ and the threat and country registries are the repository's own
files (links in generator/starter/): checked here byte for byte, so that a link replaced by a
copy cannot drift. The wheel install of the same kit is tests/test_wheel.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from support import REPO, Site, _check, _env

BRIEFING = [sys.executable, "-m", "generator.cli"]
KIT = REPO / "generator" / "starter"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300)


def mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], root)
    _check(result, f"mkdocs build --strict in {root}")
    return result


def test_the_kit_is_the_repository_files() -> None:
    assert (KIT / "mkdocs.yml").read_bytes() == (REPO / "mkdocs.yml").read_bytes()
    for name in ("threats.yml", "countries.yml"):
        assert (KIT / "seeds" / name).read_bytes() == (REPO / "seeds" / name).read_bytes()
    docs = sorted(p.relative_to(REPO / "docs") for p in (REPO / "docs").rglob("*") if p.is_file())
    assert docs == sorted(p.relative_to(KIT / "docs") for p in (KIT / "docs").rglob("*") if p.is_file())
    for rel in docs:
        assert (KIT / "docs" / rel).read_bytes() == (REPO / "docs" / rel).read_bytes(), rel
    for link in ("mkdocs.yml", "docs", "seeds/threats.yml", "seeds/countries.yml"):
        assert (KIT / link).is_symlink(), f"generator/starter/{link} should link to the repository's own, not copy it"


def test_init_writes_a_briefing_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "new" / "briefing"
    result = run([*BRIEFING, "init", str(target)], tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    for rel in written:
        assert f"  {rel}\n" in result.stdout, rel
        assert not (target / rel).is_symlink()  # a registry that is a link is not read
    assert {"mkdocs.yml", "docs/help.md", "docs/format.md", "docs/stylesheets/briefing.css", "seeds/threats.yml",
            "seeds/countries.yml", "seeds/meetings.yml", "seeds/people.yml", "seeds/organisations.yml"} <= set(written)
    assert [r for r in written if r.startswith("seeds/sources/")] == ["seeds/sources/exemple.txt"]
    assert "mkdocs build --strict" in result.stdout and "briefing check" in result.stdout
    check = run([*BRIEFING, "check"], target)
    assert check.returncode == 0 and check.stdout == "", check.stdout + check.stderr
    mkdocs_build(target)
    site = Site(target / "site")
    assert site.file("sources/exemple/") and site.file("help/") and site.file("format/")
    dead, checked = site.dead_links()
    assert checked and dead == []


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    result = run([*BRIEFING, "init", str(tmp_path)], tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path} is not empty: briefing init writes only into a new or empty folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"
    result = run([*BRIEFING, "init", str(tmp_path / "mkdocs.yml")], tmp_path)
    assert (result.returncode, result.stderr) == (1, f"error: {tmp_path / 'mkdocs.yml'} exists and is not a folder\n")


def test_missing_markdown_extensions_are_enabled(tmp_path: Path) -> None:
    """A mkdocs.yml without attr_list and admonition: the plugin adds them and says so, once."""
    assert run([*BRIEFING, "init", str(tmp_path)], tmp_path).returncode == 0
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["markdown_extensions"]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # A source whose annotation is broken: its page says so in an admonition.
    (tmp_path / "seeds" / "sources" / "broken.txt").write_text("---\ntitle: Cassée\ndate: 2024-13\n---\nUn texte.\n",
                                                              encoding="utf-8")
    result = run([sys.executable, "-m", "mkdocs", "build"], tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "Markdown extensions" in line]
    assert len(lines) == 1 and lines[0].startswith("INFO"), result.stderr
    assert "enabled: attr_list, admonition " in lines[0]
    site = Site(tmp_path / "site")
    assert {"p1", "p2", "p3"} <= site.ids("sources/exemple/")
    assert site.article("sources/broken/").find("div", cls="admonition") is not None
    for url in site.urls():
        assert not re.search(r"\{: ?[.#]", site.page(url).text()), f"/{url}: attribute list shown as text"
    assert site.dead_links()[0] == []
    # With them listed, nothing is said.
    (tmp_path / "seeds" / "sources" / "broken.txt").unlink()
    config["markdown_extensions"] = ["markdown.extensions.attr_list", "admonition"]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert "Markdown extensions" not in mkdocs_build(tmp_path).stderr
