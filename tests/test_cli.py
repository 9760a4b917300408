"""The ``briefing`` command's conventions: ``--version``, the shared options before or after the
command, progress bars only where asked or on a terminal; and the wheel's licence metadata.

Every test runs the installed entry point in a real process, from an empty folder (so that the
default ``seeds`` is not there: an option that is not taken shows as an error).
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
import threading
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from support import REPO, SEEDS

BRIEFING = Path(sys.executable).parent / "briefing"
SOURCE = SEEDS / "sources" / "2024-09-12-nato-russia-experts.txt"


def briefing(*args: str | Path, cwd: Path, stderr: int = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """The installed entry point (``python -m generator.cli`` where there is none) in a process of its own."""
    command = [str(BRIEFING)] if BRIEFING.exists() else [sys.executable, "-m", "generator.cli"]
    return subprocess.run([*command, *map(str, args)], cwd=cwd, stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=600)


def same_tree(a: Path, b: Path) -> None:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    _, mismatch, errors = filecmp.cmpfiles(a, b, files_a, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)


def test_version_is_the_installed_one(tmp_path: Path) -> None:
    result = briefing("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"briefing {version('briefing')}"


def test_check_options_before_or_after_the_command(tmp_path: Path) -> None:
    for extra in ([], ["--format", "json"]):
        before = briefing("--seeds", SEEDS, "check", *extra, cwd=tmp_path)
        after = briefing("check", *extra, "--seeds", SEEDS, cwd=tmp_path)
        assert before.returncode == 0, before.stderr
        assert (after.returncode, after.stdout, after.stderr) == (before.returncode, before.stdout, before.stderr)
    # --max-bytes after the command is taken too: every source is too large, and said so alike
    before = briefing("--seeds", SEEDS, "--max-bytes", "100", "check", cwd=tmp_path)
    after = briefing("check", "--max-bytes", "100", "--seeds", SEEDS, cwd=tmp_path)
    assert before.returncode == 1 and "over the limit of 100: not read" in before.stdout
    assert (after.returncode, after.stdout, after.stderr) == (before.returncode, before.stdout, before.stderr)


def test_the_value_after_the_command_wins(tmp_path: Path) -> None:
    result = briefing("--seeds", tmp_path / "nowhere", "check", "--seeds", SEEDS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = briefing("--seeds", SEEDS, "check", "--seeds", tmp_path / "nowhere", cwd=tmp_path)
    assert result.returncode == 2 and "annotations folder not found" in result.stderr and "nowhere" in result.stderr
    # without the option anywhere, the default (seeds, absent from this folder) is the one read
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 2 and "annotations folder not found: seeds" in result.stderr


def test_generate_and_export_options_after_the_command(tmp_path: Path) -> None:
    for command in ("generate", "export"):
        first, second = tmp_path / f"{command}-before", tmp_path / f"{command}-after"
        before = briefing("--seeds", SEEDS, command, first, cwd=tmp_path)
        after = briefing(command, second, "--seeds", SEEDS, cwd=tmp_path)
        assert before.returncode == 0, before.stderr
        assert after.returncode == 0, after.stderr
        assert after.stderr.replace(str(second), str(first)) == before.stderr
        same_tree(first, second)
    small = briefing("export", tmp_path / "small", "--seeds", SEEDS, "--max-bytes", "100", cwd=tmp_path)
    assert small.returncode == 1 and "over the limit of 100: not read" in small.stderr


def test_annotate_options_after_the_command(tmp_path: Path) -> None:
    before = briefing("--seeds", SEEDS, "annotate", "--dry-run", SOURCE, cwd=tmp_path)
    after = briefing("annotate", "--seeds", SEEDS, "--dry-run", SOURCE, cwd=tmp_path)
    assert before.returncode == 0, before.stderr
    assert (after.returncode, after.stdout) == (before.returncode, before.stdout)


@pytest.mark.parametrize("command", ["check", "generate", "export"])
def test_progress_on_and_off(tmp_path: Path, command: str) -> None:
    out = [tmp_path / "out"] if command != "check" else []
    on = briefing(command, *out, "--seeds", SEEDS, "--progress", "on", cwd=tmp_path)
    assert on.returncode == 0, on.stderr
    assert "sources: 100%" in on.stderr and f"{len(list((SEEDS / 'sources').glob('*.txt')))}/" in on.stderr
    if command == "generate":
        assert "pages: " in on.stderr and "files: " in on.stderr
    plain = {briefing(command, *out, "--seeds", SEEDS, *choice, cwd=tmp_path).stderr for choice in (["--progress", "off"], [])}
    assert len(plain) == 1  # off, and auto when the error output is a pipe: the same, with no bar
    assert "%|" not in plain.pop()


def test_progress_auto_on_a_terminal(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    # a terminal 0 columns wide gets an empty bar: give it a width, as a real one has
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the other side closed
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        result = briefing("check", "--seeds", SEEDS, cwd=tmp_path, stderr=follower)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    assert result.returncode == 0
    assert "sources: 100%" in seen.decode("utf-8", "replace")


def test_wheel_metadata_has_the_licence(tmp_path: Path) -> None:
    project = tmp_path / "project"  # a copy: building in the repository would leave build/ there
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, project / name)
    shutil.copytree(REPO / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    # Build isolation fetches the bounded setuptools from the package index (a local one works offline).
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(project)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and "No matching distribution found for setuptools" in result.stderr + result.stdout:
        pytest.skip("no package index reachable to fetch setuptools for the build: " + result.stderr.strip().splitlines()[-1])
    assert result.returncode == 0, result.stderr
    [wheel] = wheels.glob("briefing-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = f"briefing-{version('briefing')}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode()
        licence = archive.read(f"{info}/licenses/LICENSE").decode()
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()
    assert licence == (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Copyright (c) 2026 The briefing contributors" in licence
