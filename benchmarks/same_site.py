"""Build the same sites with the code of another revision and with this one; say whether they are equal.

    python benchmarks/same_site.py --base REV [--sources 1000] [--work DIR]

A change that is meant to keep behaviour (a redesign, a speed-up) shows here that it did: the
site built from ``seeds/`` and the site built from a synthetic corpus (:mod:`synth`, seeded)
are built twice with ``mkdocs build`` — once with the ``generator`` package of ``REV`` (taken
with ``git archive``), once with the working tree's — and compared file by file (SHA-256), as
is the Markdown ``briefing generate`` writes. Both builds use this checkout's ``mkdocs.yml``,
``docs/`` and virtual environment; only the package differs.

The last line is machine-readable:

    SAME_SITE base=<REV> seeds=<files>/<differing> synth=<files>/<differing> markdown=<files>/<differing>

Exit status 0 when nothing differs, 1 otherwise (the differing paths are listed).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from run import site_config  # noqa: E402
from synth import write_corpus  # noqa: E402

#: Runs a command of ours with the ``generator`` package of CODE, not the installed (editable) one.
BOOT = """
import sys
code, what, *argv = sys.argv[1:]
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, code)
for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
    del sys.modules[name]
import generator
assert generator.__file__.startswith(code), generator.__file__
sys.argv = [what, *argv]
if what == "mkdocs":
    from mkdocs.__main__ import cli
    cli()
else:
    from generator.cli import main
    sys.exit(main(argv))
"""


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(code: Path, what: str, *argv: str) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-c", BOOT, str(code), what, *argv], cwd=REPO, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{what} {' '.join(argv)} failed with {code}:\n{proc.stderr[-3000:]}")


def compare(name: str, old: Path, new: Path) -> tuple[int, list[str]]:
    a, b = digests(old), digests(new)
    differing = sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))
    print(f"{name}: {len(b)} files with this code, {len(a)} with the base; {len(differing)} differing")
    for path in differing[:40]:
        state = "only in base" if path not in b else "only here" if path not in a else "differs"
        print(f"  {state}: {path}")
    return len(b), differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the revision to compare with (a commit, a branch)")
    parser.add_argument("--sources", type=int, default=1000, help="sources of the synthetic corpus")
    parser.add_argument("--work", type=Path, help="folder for the builds (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="same-site-"))
    work.mkdir(parents=True, exist_ok=True)
    base_code = work / "base"
    archive = subprocess.run(["git", "archive", args.base, "generator"], cwd=REPO, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(base_code, filter="data")
    codes = {"base": base_code, "here": REPO}

    synth = write_corpus(work / "synth-seeds", args.sources, seed=1)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    synth_yml = work / "synth.yml"
    synth_yml.write_text(yaml.safe_dump(site_config(config, synth, REPO / "docs"), allow_unicode=True), encoding="utf-8")

    results = {}
    for name, cfg, seeds in (("seeds", REPO / "mkdocs.yml", REPO / "seeds"), ("synth", synth_yml, synth)):
        for label, code in codes.items():
            run(code, "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(work / f"{name}-{label}"))
        results[name] = compare(f"{name} site", work / f"{name}-base", work / f"{name}-here")
        if name == "seeds":
            for label, code in codes.items():
                run(code, "briefing", "--seeds", str(seeds), "generate", str(work / f"markdown-{label}"))
            results["markdown"] = compare("seeds Markdown", work / "markdown-base", work / "markdown-here")
    print("SAME_SITE base=" + args.base + "".join(f" {k}={n}/{len(d)}" for k, (n, d) in results.items()))
    return 0 if all(not d for _, d in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
