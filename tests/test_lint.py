"""The code stays clean under the project's lint and type checks (pyproject.toml: [tool.ruff], [tool.mypy]).

Both tools run as a developer runs them, from the repository's root with the venv's own copies, so
a finding fails the suite with the tool's report in the message.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> None:
    exe = BIN / tool
    if not exe.is_file():
        pytest.skip(f"{tool} is not installed in {BIN} (it comes with the test extra: pip install -e '.[test]')")
    done = subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{tool} {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"


def test_ruff_finds_nothing_in_generator() -> None:
    _run("ruff", "check", "--no-cache", "generator")


def test_mypy_finds_nothing() -> None:
    # The files to check are mypy's own setting (files = ["generator"]).
    _run("mypy")
