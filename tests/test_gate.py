"""The gate: under strict (`--strict`, or `strict: true` in mkdocs.yml), annotation problems abort
the build, whatever MkDocs' log level. MkDocs drops warnings below its level before it counts them
(`-q` keeps errors only: mkdocs/mkdocs#4126), so the plugin counts its problems itself. The abort
keeps the previous site byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from support import REPO, SEEDS
from test_site_folder import digests, scratch

BAD_REF = "---\ntitle: Référence inconnue\nthreats: [sabotge]\n---\nUn sabotage.\n"
BAD_COUNTRY = "---\ntitle: Pays inconnu\ncountries: [UK]\n---\nAu Royaume-Uni.\n"
TIMEOUT = 300


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=TIMEOUT)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository's site with two broken sources, built once without strict (it publishes them)."""
    project = tmp_path_factory.mktemp("gate")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(SEEDS, project / "seeds")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "seeds" / "sources" / "bad-ref.txt").write_text(BAD_REF, encoding="utf-8")
    (project / "seeds" / "sources" / "bad-country.txt").write_text(BAD_COUNTRY, encoding="utf-8")
    built = run(project)
    assert built.returncode == 0, built.stderr
    yield project


def _errors(project: Path) -> int:
    check = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=project, capture_output=True, text=True)
    return sum(1 for line in check.stdout.splitlines() if ": error: " in line)


@pytest.mark.parametrize("level", ["-q", "-v", None], ids=["quiet", "verbose", "default"])
def test_strict_aborts_on_annotation_errors_whatever_the_log_level(project: Path, level: str | None) -> None:
    before = digests(project / "site")
    errors = _errors(project)
    assert errors == 2
    result = run(project, "--strict", *([level] if level else []))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Aborted: {errors} annotation errors (strict); the previous site in site/ is kept" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert digests(project / "site") == before
    assert scratch(project) == []


def test_strict_in_mkdocs_yml_aborts_a_quiet_build(project: Path) -> None:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    strict = project / "strict.yml"
    strict.write_text(yaml.safe_dump(dict(config, strict=True), allow_unicode=True), encoding="utf-8")
    before = digests(project / "site")
    result = run(project, "-q", "-f", str(strict), "-d", str(project / "site"))
    assert result.returncode == 1
    assert "Aborted: 2 annotation errors (strict); the previous site in site/ is kept" in result.stdout
    assert digests(project / "site") == before


def test_without_strict_the_quiet_build_publishes_the_broken_sources(project: Path, tmp_path: Path) -> None:
    result = run(project, "-q", "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "sources" / "bad-ref" / "index.html").is_file()


def test_mkdocs_own_strict_abort_keeps_the_previous_site(tmp_path: Path) -> None:
    """MkDocs aborts a strict build on its own warnings (a broken link) only after the build's last
    event: the plugin counts them as MkDocs does and does not swap the site in."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(SEEDS, project / "seeds")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    assert run(project, "--strict").returncode == 0
    before = digests(project / "site")
    (project / "docs" / "help.md").write_text((project / "docs" / "help.md").read_text(encoding="utf-8")
                                              + "\n[Perdu](nulle-part.md)\n", encoding="utf-8")
    result = run(project, "--strict")
    assert result.returncode == 1
    assert "Aborted with 1 warning in strict mode; the previous site in site/ is kept" in result.stdout
    assert digests(project / "site") == before
    assert scratch(project) == []
