"""Inside `mkdocs build`: each problem is a warning with the text `briefing check` prints; nothing is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

BROKEN = "---\ntitle: [pas fermé\n---\nTexte de la source cassée.\nDeuxième paragraphe.\n"
BAD_REF = "---\ntitle: Référence inconnue\nthreats: [sabotge]\n---\nUn sabotage.\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("problems")
    for name in ("mkdocs.yml", "docs", "seeds"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    (project / "seeds" / "sources" / "broken.txt").write_text(BROKEN, encoding="utf-8")
    (project / "seeds" / "sources" / "bad-ref.txt").write_text(BAD_REF, encoding="utf-8")
    return project


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True, env=env)


def test_warnings_are_the_check_messages_and_strict_fails(project: Path) -> None:
    check = run(project, "generator.cli", "check")
    expected = check.stdout.splitlines()
    assert len(expected) == 2
    build = run(project, "mkdocs", "build", "-d", str(project / "site"))
    assert build.returncode == 0
    warnings = [line.split("-  ", 1)[1] for line in build.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == expected
    strict = run(project, "mkdocs", "build", "--strict", "-d", str(project / "site-strict"))
    assert strict.returncode == 1 and "Aborted: 2 annotation errors (strict)" in strict.stdout + strict.stderr


def test_every_source_is_published_and_the_broken_one_says_why(project: Path) -> None:
    site = project / "site"
    if not (site / "index.html").exists():
        run(project, "mkdocs", "build", "-d", str(site))
    for source in (project / "seeds" / "sources").glob("*.txt"):
        assert (site / "sources" / source.stem / "index.html").exists(), source.name
    html = (site / "sources" / "broken" / "index.html").read_text(encoding="utf-8")
    assert "Annotation à corriger" in html and "Non annoté" in html
    assert "seeds/sources/broken.txt:3:1: error: YAML syntax" in html
    assert "Texte de la source cassée." in html and 'id="p2"' in html
    bad_ref = (site / "sources" / "bad-ref" / "index.html").read_text(encoding="utf-8")
    assert "unknown threat &#39;sabotge&#39; (did you mean sabotage?)" in bad_ref or "unknown threat 'sabotge'" in bad_ref
