"""The built wheel, installed (not editable) into a fresh venv, starts a briefing that builds.

SLOW (a minute or two): it builds the wheel from a copy of the repository, makes a venv in a
temporary folder and installs the wheel there with its dependencies, from the package index
pip is configured with (as `make` does: pip.conf / PIP_* variables; offline, a local index).
Nothing is installed outside the temporary folder. Then `briefing init`, `briefing check` and
`mkdocs build --strict` in an empty folder, and the site is checked: pages, search index, links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import FOLDERS, REPO, Site

#: What a copy of the repository to build the wheel from leaves out: it builds into its own
#: folder (setuptools writes build/ and *.egg-info beside pyproject.toml).
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", "build", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".briefing-*", "tests", "benchmarks")


def _run(args: list[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel built from this repository and its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    src, wheels, env = root / "src", root / "wheels", root / "venv"
    shutil.copytree(REPO, src, symlinks=True, ignore=NOT_COPIED)
    _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(wheels)], src)
    [wheel] = wheels.glob("briefing-*.whl")
    _run([sys.executable, "-m", "venv", str(env)], root)
    _run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], root)
    return env


def test_wheel_install_starts_a_briefing(venv: Path, tmp_path: Path) -> None:
    bin_ = venv / "bin"
    where = _run([str(bin_ / "python"), "-c", "import generator; print(generator.__file__)"], tmp_path).stdout
    assert Path(where.strip()).is_relative_to(venv), f"generator imported from {where}, not from the wheel"
    folder = tmp_path / "site-dir"
    folder.mkdir()
    _run([str(bin_ / "briefing"), "init", "site-dir"], tmp_path)
    assert _run([str(bin_ / "briefing"), "check"], folder).stdout == ""
    _run([str(bin_ / "mkdocs"), "build", "--strict"], folder)

    site = Site(folder / "site")
    leaves = {"country": "countries/pl/", "threat": "threats/sabotage/", "source": "sources/exemple/"}
    for url in ["", "chronologie/", "incidents/", "help/", "format/", "qualite/",
                *(f"{folder}/" for folder in FOLDERS.values()), *leaves.values()]:
        assert site.file(url) is not None, f"no page /{url}"
    assert "Sabotage d'une voie ferrée" in site.article("sources/exemple/").text()
    for css in ("briefing.css", "figures.css", "accessibility.css", "print.css"):
        assert (site.root / "stylesheets" / css).is_file(), css
    assert (site.root / "pagefind" / "pagefind-entry.json").is_file()
    assert list((site.root / "pagefind" / "index").glob("*.pf_index")), "the Pagefind index holds no chunk"
    dead, checked = site.dead_links()
    assert len(checked) > 100 and dead == [], "\n".join(dead[:20])
