"""The last good site is never lost: `mkdocs build` writes a fresh folder beside the site folder and
swaps it in only once complete. A failed, interrupted or killed build, a full disk or a read-only
folder leave the previous site byte for byte; nothing half-built stays; two builds never mix.

Real builds of the repository's site (its seeds) in subprocesses. Faults come from MkDocs hooks
(a Python file named in mkdocs.yml, a feature of MkDocs) that raise, or signal their own process,
at a given page: the same point every run, whatever the machine's speed.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from support import REPO, SEEDS

TIMEOUT = 300
#: What our builds leave beside the site or in the temporary folder while they run.
SCRATCH = re.compile(r"^\.?briefing-(build|old|old-site|shards|search)-")


def digests(folder: Path) -> dict[str, str]:
    """Every file of a tree (links as their target), by path: two trees are the same site byte for byte."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def scratch(folder: Path, pid: int | None = None) -> list[str]:
    """Our temporary folders in ``folder`` and, for process ``pid``, in the system's temporary folder."""
    left = [p.name for p in folder.iterdir() if SCRATCH.match(p.name)]
    if pid is not None:
        left += [p.name for p in Path(tempfile.gettempdir()).iterdir() if SCRATCH.match(p.name) and f"-{pid}-" in p.name]
    return left


def env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def mkdocs(project: Path, *args: str, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", *args, "-d", str(site or project / "site")]
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env(), timeout=TIMEOUT)


def make_project(root: Path, hook: str | None = None) -> Path:
    """The repository's site (mkdocs.yml, docs/, seeds/) in ``root``; ``hook``: a hooks file's code."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(SEEDS, root / "seeds")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    if hook is not None:
        (root / "hook.py").write_text(hook, encoding="utf-8")
        config["hooks"] = ["hook.py"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def set_hook(project: Path, hook: str | None) -> None:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    if hook is not None:
        (project / "hook.py").write_text(hook, encoding="utf-8")
        config["hooks"] = ["hook.py"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A project whose site is built, and that site's digests."""
    project = make_project(tmp_path_factory.mktemp("sitefolder") / "project")
    result = mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    yield project, digests(project / "site")


@pytest.fixture
def project(built: tuple[Path, dict[str, str]]) -> Iterator[tuple[Path, dict[str, str]]]:
    project, before = built
    yield project, before
    set_hook(project, None)
    if digests(project / "site") != before:  # a test that failed: the next ones start from the built site
        shutil.rmtree(project / "site")
        assert mkdocs(project).returncode == 0


AT_PAGE = """\
import os, signal
count = 0

def on_post_page(output, page, config):
    global count
    count += 1
    if count == 40:
        {action}
    return output
"""

AFTER_PAGES = """\
def on_post_build(config):
    raise RuntimeError("a plugin failed after every page was written")
"""


@pytest.mark.parametrize("hook", [AT_PAGE.format(action='raise RuntimeError("a page could not be built")'), AFTER_PAGES],
                         ids=["during-pages", "after-pages"])
def test_an_exception_keeps_the_previous_site_and_leaves_no_folder(project: tuple[Path, dict[str, str]], hook: str) -> None:
    path, before = project
    set_hook(path, hook)
    result = mkdocs(path)
    assert result.returncode != 0
    assert "the build failed; the previous site in site/ is kept" in result.stderr
    assert digests(path / "site") == before
    assert scratch(path) == []


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_build_keeps_the_previous_site(project: tuple[Path, dict[str, str]], number: int) -> None:
    path, before = project
    set_hook(path, AT_PAGE.format(action=f"os.kill(os.getpid(), {int(number)})"))
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-d", str(path / "site")], cwd=path, env=env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode != 0
    assert "Interrupted: the build did not complete; the previous site in site/ is kept" in err
    assert digests(path / "site") == before
    assert scratch(path, process.pid) == []


def test_sigint_from_outside_once_the_fresh_folder_is_written_keeps_the_previous_site(
        project: tuple[Path, dict[str, str]]) -> None:
    """SIGINT sent to the build (as Ctrl-C does) once its fresh folder holds pages."""
    path, before = project
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-d", str(path / "site")], cwd=path, env=env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        if any((fresh / "assets").is_dir() for fresh in path.glob(".briefing-build-*")):
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before its fresh folder was seen"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode != 0
    assert digests(path / "site") == before
    assert scratch(path, process.pid) == []


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_removes_its_folders(
        project: tuple[Path, dict[str, str]]) -> None:
    path, before = project
    set_hook(path, AT_PAGE.format(action="os.kill(os.getpid(), signal.SIGKILL)"))
    process = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(path / "site")], cwd=path, env=env(),
                             capture_output=True, text=True, timeout=TIMEOUT)
    assert process.returncode == -signal.SIGKILL
    assert digests(path / "site") == before
    assert any(name.startswith(".briefing-build-") for name in scratch(path)), "the killed build left nothing to clean"
    set_hook(path, None)
    again = mkdocs(path)
    assert again.returncode == 0, again.stderr
    assert scratch(path) == []
    after = digests(path / "site")
    assert after == before, (path / "site" / "pagefind" / "shards.json").read_text()  # same sources: the same site
    stale = [p.name for p in Path(tempfile.gettempdir()).iterdir() if SCRATCH.match(p.name) and
             (m := re.search(r"-(\d+)-", p.name)) and not Path(f"/proc/{m.group(1)}").exists()]
    assert stale == []


def test_a_locked_site_is_refused_with_one_message(project: tuple[Path, dict[str, str]]) -> None:
    path, before = project
    lock = os.open(path / ".briefing-lock-site", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.ftruncate(lock, 0)
        os.pwrite(lock, b"4242", 0)
        result = mkdocs(path)
    finally:
        os.close(lock)
        (path / ".briefing-lock-site").unlink()
    assert result.returncode == 1
    assert "error: another build is writing the site to site/ (process 4242); wait for it to end, then build again" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert digests(path / "site") == before
    assert scratch(path) == []


def test_two_builds_into_one_folder_never_mix_nor_nest_the_search_index(project: tuple[Path, dict[str, str]]) -> None:
    """Two builds at once: one builds, the other is refused or builds after it; `--dirty` builds into
    a site that has an index: never a `pagefind/fragment/fragment/`."""
    path, before = project
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(path / "site")]
    first = subprocess.Popen(cmd, cwd=path, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(cmd, cwd=path, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=TIMEOUT), *p.communicate()) for p in (first, second)]
    assert any(code == 0 for code, _, _ in results)
    for code, out, err in results:
        assert code == 0 or "another build is writing the site to site/" in out, out + err
    assert digests(path / "site") == before
    dirty = mkdocs(path, "--dirty")
    assert dirty.returncode == 0, dirty.stderr
    nested = [p for p in (path / "site" / "pagefind").rglob("*") if p.name == p.parent.name]
    assert nested == []
    # The pages, and the index of every one of them (made by Pagefind's program from the site this time).
    after = digests(path / "site")
    assert {k: v for k, v in after.items() if not k.startswith("pagefind/")} == \
        {k: v for k, v in before.items() if not k.startswith("pagefind/")}
    assert after["pagefind/shards.json"] == before["pagefind/shards.json"]
    assert scratch(path) == []
    assert not (path / ".briefing-lock-site").exists(), "the lock file stays beside the site"


def test_hidden_entries_of_the_site_folder_stay(project: tuple[Path, dict[str, str]]) -> None:
    """MkDocs never deletes hidden entries of the site folder (a `.git` of a published branch): nor
    does the swap."""
    path, before = project
    (path / "site" / ".nojekyll").write_text("", encoding="utf-8")
    (path / "site" / ".git").mkdir()
    (path / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    try:
        result = mkdocs(path)
        assert result.returncode == 0, result.stderr
        assert (path / "site" / ".nojekyll").is_file()
        assert (path / "site" / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    finally:
        (path / "site" / ".nojekyll").unlink()
        shutil.rmtree(path / "site" / ".git")
    assert digests(path / "site") == before


# --- full disk, read-only folder (a tmpfs: needs the right to mount) ------------------------------


def _mount(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here ({done.stderr.strip()}): full disk and read-only cases not run")


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    if shutil.which("mount") is None:
        pytest.skip("no mount command: full disk and read-only cases not run")
    folder = tmp_path / "mnt"
    yield folder
    _umount(folder)


PLACEHOLDER = {"index.html": "<p>le site d’avant</p>\n", "sources/a/index.html": "<p>a</p>\n"}


def _placeholder(site: Path) -> dict[str, str]:
    for rel, text in PLACEHOLDER.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return digests(site)


def test_a_full_disk_is_one_line_and_keeps_the_previous_site(built: tuple[Path, dict[str, str]], mounted: Path) -> None:
    path, _ = built
    _mount(mounted, "size=3m")  # the site needs about 6 MB
    site = mounted / "site"
    before = _placeholder(site)
    result = mkdocs(path, site=site)
    assert result.returncode == 1
    said = (result.stdout + result.stderr).strip().splitlines()
    assert f"error: cannot write the site to {site}/: No space left on device; the previous site is kept" in said
    assert "Traceback" not in result.stdout + result.stderr
    assert not any("Errno" in line for line in said)
    assert digests(site) == before
    assert scratch(mounted) == []


def test_a_read_only_folder_is_one_line_and_keeps_the_previous_site(built: tuple[Path, dict[str, str]], mounted: Path) -> None:
    path, _ = built
    _mount(mounted, "size=3m")
    site = mounted / "site"
    before = _placeholder(site)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    result = mkdocs(path, site=site)
    assert result.returncode == 1
    assert f"error: cannot write the site to {site}/: Read-only file system; the previous site is kept" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert digests(site) == before


@pytest.mark.parametrize("command", ["generate", "export"])
def test_the_command_line_says_a_full_disk_or_read_only_folder_in_one_line(mounted: Path, command: str) -> None:
    _mount(mounted, "size=64k")
    out = mounted / "out"
    full = subprocess.run([sys.executable, "-m", "generator.cli", "--seeds", str(SEEDS), command, str(out)],
                          cwd=REPO, capture_output=True, text=True, env=env(), timeout=TIMEOUT)
    assert full.returncode == 1
    assert f"error: cannot write to {out}/: No space left on device" in full.stderr
    assert "Traceback" not in full.stderr
    assert list(out.rglob(".*.part")) == []
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    ro = subprocess.run([sys.executable, "-m", "generator.cli", "--seeds", str(SEEDS), command, str(mounted / "other")],
                        cwd=REPO, capture_output=True, text=True, env=env(), timeout=TIMEOUT)
    assert ro.returncode == 1
    assert f"error: cannot write to {mounted}/other/: Read-only file system" in ro.stderr
    assert "Traceback" not in ro.stderr
