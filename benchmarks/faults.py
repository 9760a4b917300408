"""A scripted fault run: a 1,000-source site, rebuilt and hurt in every way a build can be.

    python benchmarks/faults.py [--sources 1000] [--work DIR] [--sigint 2,5,10,20] [--sigkill 5]

It writes a synthetic corpus (:mod:`synth`, seeded: the same sources each run), builds its site
once with ``mkdocs build`` (the previous site), edits one source and builds the new site once into
another folder (the reference of the new one). Then, each case starting from the previous site in
the target folder, it rebuilds the edited corpus into the target and:

- SIGINT (to the build's process group, as Ctrl-C does) after each of ``--sigint`` seconds, and
  once the build is in its last step (Pagefind writing the search index: the site's
  ``search/search_index.json`` is written just before);
- SIGTERM to the build after 10 s;
- SIGKILL to the build alone (its helper processes and Pagefind are left to notice) after each of
  ``--sigkill`` seconds and during Pagefind; the next case's build must remove what it left;
- a 3 MB tmpfs as the target's file system (``mount -t tmpfs -o size=3m``: needs root; skipped,
  saying so, where mounting is not permitted): the disk fills, the build says so in one line;
- two builds at once into the same target: the second is refused (the lock) or builds after;
- then one uninterrupted build, which must give the new site and leave nothing behind.

After each case the whole target tree is compared, file by file (SHA-256), with the previous and
the new site: it must be one or the other, never a mix; and no temporary folder of ours may be
left (``.briefing-build-<pid>-…`` beside the target, ``briefing-shards-<pid>-…`` in the system's
temporary folder), except after a SIGKILL, where they are counted and must be gone after the next
case. It prints a table, one row a case, then a last line::

    FAULTS cases=<n> kept=<previous site kept> new=<new site> mixed=<0> left=<folders left> skipped=<n>

Heavy (a dozen builds of a 1,000-source site): run it alone, on a quiet machine if timings matter
(they do not for its verdicts: the points are where a build is, not how fast it gets there).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synth import write_corpus  # noqa: E402

SCRATCH = re.compile(r"^\.?briefing-(?:build|old|old-site|shards|search)-(\d+)-")
TIMEOUT = 900


def digests(folder: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def scratch(*folders: Path) -> list[Path]:
    """Our temporary folders in ``folders`` and in the system's temporary folder."""
    found = []
    for folder in (*folders, Path(tempfile.gettempdir())):
        try:
            found += [p for p in folder.iterdir() if SCRATCH.match(p.name)]
        except OSError:
            pass
    return found


def mine(paths: list[Path], pids: set[int]) -> list[Path]:
    return [p for p in paths if (m := SCRATCH.match(p.name)) and int(m.group(1)) in pids]


@dataclass
class Case:
    name: str
    code: str = ""
    outcome: str = ""
    left: int = 0
    said: str = ""
    seconds: float = 0.0


class Run:
    def __init__(self, work: Path, sources: int) -> None:
        self.work = work
        self.sources = sources
        self.env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO))
        self.cases: list[Case] = []
        self.killed: set[int] = set()

    # --- set up -------------------------------------------------------------------------------

    def config(self, seeds: Path) -> Path:
        base = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        docs = self.work / "docs"
        if not docs.exists():
            shutil.copytree(REPO / "docs", docs)
        base["docs_dir"] = str(docs)
        plugins = []
        for item in base.get("plugins", []):
            if isinstance(item, dict) and "briefing" in item:
                item = {"briefing": dict(item["briefing"] or {}, seeds=str(seeds))}
            plugins.append(item)
        base["plugins"] = plugins
        base.pop("repo_url", None)
        path = self.work / f"{seeds.name}.yml"
        path.write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
        return path

    def command(self, config: Path, site: Path) -> list[str]:
        return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]

    def build(self, config: Path, site: Path) -> float:
        start = time.monotonic()
        done = subprocess.run(self.command(config, site), cwd=self.work, env=self.env, capture_output=True, text=True,
                              timeout=TIMEOUT)
        if done.returncode != 0:
            raise SystemExit(f"the build of {site} failed:\n{done.stdout}\n{done.stderr}")
        return time.monotonic() - start

    def prepare(self) -> None:
        old, new = self.work / "seeds-old", self.work / "seeds-new"
        for seeds in (old, new):
            if seeds.exists():
                shutil.rmtree(seeds)
        write_corpus(old, self.sources)
        shutil.copytree(old, new)
        first = sorted((new / "sources").glob("*.txt"))[0]
        text = first.read_text(encoding="utf-8")
        first.write_text(re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1).rstrip()[:-1]} (corrigé)\"" if
                                m.group(1).rstrip().endswith('"') else f"title: {m.group(1)} (corrigé)", text, count=1,
                                flags=re.M), encoding="utf-8")
        self.old_config, self.new_config = self.config(old), self.config(new)
        self.target = self.work / "site"
        self.pristine = self.work / "previous"
        for folder in (self.target, self.pristine, self.work / "reference"):
            shutil.rmtree(folder, ignore_errors=True)
        seconds = self.build(self.old_config, self.pristine)
        print(f"previous site: {len(digests(self.pristine))} files, built in {seconds:.1f} s", file=sys.stderr)
        seconds = self.build(self.new_config, self.work / "reference")
        self.full = seconds
        print(f"new site (reference): built in {seconds:.1f} s", file=sys.stderr)
        self.previous = digests(self.pristine)
        self.new = digests(self.work / "reference")
        shutil.rmtree(self.work / "reference")
        if self.previous == self.new:
            raise SystemExit("the edit changed nothing in the site: the run could not tell the sites apart")

    def reset(self) -> None:
        """The target holds the previous site again."""
        if digests(self.target) != self.previous:
            shutil.rmtree(self.target, ignore_errors=True)
            shutil.copytree(self.pristine, self.target, symlinks=True)

    # --- verdicts ----------------------------------------------------------------------------

    def judge(self, case: Case, target: Path | None = None, previous: dict[str, str] | None = None) -> None:
        found = digests(target or self.target)
        before = self.previous if previous is None else previous
        if found == before:
            case.outcome = "previous site"
        elif found == self.new:
            case.outcome = "new site"
        else:
            extra = len(set(found) - set(before))
            changed = sum(1 for k in found if k in before and found[k] != before[k])
            case.outcome = f"MIXED ({len(found)} files, {changed} changed, {extra} new)"

    def record(self, case: Case, pids: set[int], killed: bool = False) -> None:
        left = mine(scratch(self.work), pids | (set() if killed else self.killed))
        if killed:
            self.killed |= pids
            case.left = len(left)
        else:
            # What earlier killed builds left must be gone now that a build has started since.
            stale = mine(scratch(self.work), self.killed)
            case.left = len(mine(scratch(self.work), pids)) + len(stale)
            if stale:
                case.said += f" [{len(stale)} left by a killed build]"
            self.killed = set()
        self.cases.append(case)
        print(f"  {case.name}: {case.outcome}, exit {case.code}, {case.left} folders left", file=sys.stderr)

    # --- cases -------------------------------------------------------------------------------

    def signalled(self, name: str, number: int, when: float | str, group: bool) -> None:
        self.reset()
        case = Case(name)
        start = time.monotonic()
        process = subprocess.Popen(self.command(self.new_config, self.target), cwd=self.work, env=self.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        if when == "pagefind":
            # on_post_build writes Material's search stub, then Pagefind's index: the build's last step.
            while process.poll() is None:
                if any((f / "search" / "search_index.json").exists() for f in self.work.glob(".briefing-build-*")):
                    break
                time.sleep(0.005)
        else:
            try:
                process.wait(timeout=float(when))
            except subprocess.TimeoutExpired:
                pass
        finished = process.poll() is not None
        if not finished:
            if group:
                os.killpg(process.pid, number)
            else:
                os.kill(process.pid, number)
        out, err = process.communicate(timeout=TIMEOUT)
        case.seconds = time.monotonic() - start
        case.code = str(process.returncode) + (" (done first)" if finished else "")
        lines = [line for line in (out + err).splitlines() if line.strip() and "│" not in line and "NO_MKDOCS" not in line]
        case.said = lines[-1] if lines else ""
        self.judge(case)
        pids = {process.pid, *self.group_pids(process.pid)}
        if number == signal.SIGKILL:
            time.sleep(1.0)  # its helpers and Pagefind notice their build is gone
        self.record(case, pids, killed=number == signal.SIGKILL)

    @staticmethod
    def group_pids(pgid: int) -> set[int]:
        found = set()
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    if os.getpgid(int(proc.name)) == pgid:
                        found.add(int(proc.name))
                except OSError:
                    pass
        return found

    def complete(self) -> None:
        self.reset()
        case = Case("no fault (after the others)")
        start = time.monotonic()
        done = subprocess.run(self.command(self.new_config, self.target), cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=TIMEOUT)
        case.seconds = time.monotonic() - start
        case.code = str(done.returncode)
        self.judge(case)
        self.record(case, set())

    def concurrent(self) -> None:
        self.reset()
        case = Case("two builds at once")
        start = time.monotonic()
        processes = [subprocess.Popen(self.command(self.new_config, self.target), cwd=self.work, env=self.env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        said = [p.communicate(timeout=TIMEOUT) for p in processes]
        results = [(p.returncode, out, err) for p, (out, err) in zip(processes, said)]
        case.seconds = time.monotonic() - start
        case.code = ", ".join(str(code) for code, _, _ in results)
        refused = [out.strip().splitlines()[-1] for code, out, _ in results if code != 0 and out.strip()]
        case.said = refused[0] if refused else "both built, one after the other"
        self.judge(case)
        self.record(case, {p.pid for p in processes})

    def full_disk(self) -> None:
        case = Case("3 MB tmpfs as target")
        mount = self.work / "mnt"
        mount.mkdir(exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True, text=True)
        if done.returncode != 0:
            case.outcome = "skipped"
            case.said = f"mount not permitted: {done.stderr.strip() or done.returncode}"
            self.cases.append(case)
            print(f"  {case.name}: skipped ({case.said})", file=sys.stderr)
            return
        try:
            target = mount / "site"
            (target / "sources" / "a").mkdir(parents=True)
            (target / "index.html").write_text("<p>le site d’avant</p>\n", encoding="utf-8")
            (target / "sources" / "a" / "index.html").write_text("<p>a</p>\n", encoding="utf-8")
            previous = digests(target)
            start = time.monotonic()
            result = subprocess.run(self.command(self.new_config, target), cwd=self.work, env=self.env,
                                    capture_output=True, text=True, timeout=TIMEOUT)
            case.seconds = time.monotonic() - start
            case.code = str(result.returncode)
            said = [line for line in (result.stdout + result.stderr).splitlines() if line.strip() and "│" not in line]
            case.said = said[-1] if said else ""
            if "Traceback" in result.stdout + result.stderr:
                case.said += " [a traceback was printed]"
            self.judge(case, target, previous)
            case.left = len(scratch(mount)) - len(scratch())  # beside the target, in the tmpfs
            case.left += len(mine(scratch(), {os.getpid()}))
            self.cases.append(case)
            print(f"  {case.name}: {case.outcome}, exit {case.code}, {case.left} folders left", file=sys.stderr)
        finally:
            subprocess.run(["umount", "-l", str(mount)], check=False)

    # --- report ------------------------------------------------------------------------------

    def report(self) -> int:
        rows = [("case", "exit", "target after", "temp folders left", "s", "last line said")]
        rows += [(c.name, c.code, c.outcome, str(c.left), f"{c.seconds:.1f}", c.said[:110]) for c in self.cases]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        for n, row in enumerate(rows):
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
            if n == 0:
                print("  ".join("-" * w for w in widths) + "  " + "-" * 14)
        run = [c for c in self.cases if c.outcome != "skipped"]
        kept = sum(1 for c in run if c.outcome == "previous site")
        new = sum(1 for c in run if c.outcome == "new site")
        mixed = len(run) - kept - new
        # After a SIGKILL, folders are expected; they count when the next case still finds them.
        left = sum(c.left for c in run if "SIGKILL" not in c.name)
        print(f"FAULTS cases={len(run)} kept={kept} new={new} mixed={mixed} left={left} "
              f"skipped={len(self.cases) - len(run)} sources={self.sources} full_build_s={self.full:.1f}")
        return 0 if mixed == 0 and left == 0 and self.cases[-1].outcome == "new site" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--work", type=Path, help="working folder (default: a new temporary one, removed after)")
    parser.add_argument("--sigint", default="2,5,10,20", help="seconds after which SIGINT is sent (comma-separated)")
    parser.add_argument("--sigkill", default="5", help="seconds after which SIGKILL is sent (comma-separated)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="faults-"))
    work.mkdir(parents=True, exist_ok=True)
    run = Run(work.resolve(), args.sources)
    try:
        run.prepare()
        for seconds in [s for s in args.sigint.split(",") if s]:
            run.signalled(f"SIGINT after {seconds} s", signal.SIGINT, seconds, group=True)
        run.signalled("SIGINT during Pagefind", signal.SIGINT, "pagefind", group=True)
        run.signalled("SIGTERM after 10 s", signal.SIGTERM, 10, group=False)
        for seconds in [s for s in args.sigkill.split(",") if s]:
            run.signalled(f"SIGKILL after {seconds} s", signal.SIGKILL, seconds, group=False)
        run.signalled("SIGKILL during Pagefind", signal.SIGKILL, "pagefind", group=False)
        run.concurrent()  # its builds remove what the killed ones left
        run.full_disk()
        run.complete()
        return run.report()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
