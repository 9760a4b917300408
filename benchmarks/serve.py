"""How long `mkdocs serve` takes to show an edit: one annotation changed, then the rebuild.

    python benchmarks/serve.py --sources 5000 [--edits 3] [--work DIR]

MkDocs' own build runs in this process as `mkdocs serve` runs it: a fresh
configuration for each build, the plugin instance kept by MkDocs between builds.
After a first, full build, one source's incident is edited and the site rebuilt,
``--edits`` times; the table gives the full build and the median rebuild, the pages
rendered again and the pages reused. Search indexing runs after the build in the
background under `mkdocs serve` and is not waited for.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from synth import write_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--dirty", action="store_true", help="as `mkdocs serve --dirty`: the site folder is kept")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the rebuilds (not the first build) to this file")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    seeds = write_corpus(work / "seeds", args.sources, seed=1)
    shutil.rmtree(work / "docs", ignore_errors=True)
    shutil.copytree(REPO / "docs", work / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "briefing" in item:
            item["briefing"] = dict(item["briefing"] or {}, seeds=str(seeds))
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = work / "site"

    def serve_build() -> tuple[float, object]:
        start = time.perf_counter()
        cfg = load_config(config_file=str(work / "mkdocs.yml"), site_dir=str(site))
        cfg.plugins.on_startup(command="serve", dirty=args.dirty)
        build(cfg, serve_url="http://127.0.0.1:8000/", dirty=args.dirty)
        return time.perf_counter() - start, cfg.plugins["briefing"]

    first, plugin = serve_build()
    files = sorted((seeds / "sources").iterdir())
    times, rendered, reused = [], [], []
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    for n in range(args.edits):
        # As an analyst does, the edit comes once the last build has settled: its search index
        # and exports, written in the background, are done, the pages before it deleted.
        for thread in (plugin.search_thread, plugin.exports_thread, plugin._clearing):  # type: ignore[attr-defined]
            if thread is not None:
                thread.join()
        target = files[(n + 1) * len(files) // (args.edits + 1)]
        text = target.read_text(encoding="utf-8")
        marker = "  - summary: \""
        if marker not in text:
            text = text.replace("summary: >-\n", f"summary: >-\n  Modifié {n}.\n", 1)
        else:
            text = text.replace(marker, marker + f"Modifié {n} : ", 1)
        target.write_text(text, encoding="utf-8")
        if profiler:
            profiler.enable()
        seconds, plugin = serve_build()
        if profiler:
            profiler.disable()
        times.append(seconds)
        rendered.append(len(plugin.pages.rendered))  # type: ignore[attr-defined]
        reused.append(len(plugin.pages.reused))  # type: ignore[attr-defined]
        print(f"edit {n + 1}: {seconds:.1f} s, {rendered[-1]} pages rendered, {reused[-1]} reused", file=sys.stderr)
    if profiler:
        profiler.dump_stats(args.profile)
    mode = "mkdocs serve --dirty" if args.dirty else "mkdocs serve"
    print(f"python benchmarks/serve.py --sources {args.sources} --edits {args.edits}{' --dirty' if args.dirty else ''}")
    print()
    print("| sources | as | first build (s) | rebuild after one edit (s, median) | pages rendered again | pages reused |")
    print("|---:|---|---:|---:|---:|---:|")
    print(f"| {args.sources} | {mode} | {first:.1f} | {statistics.median(times):.1f} | {statistics.median(rendered):.0f} | {statistics.median(reused):.0f} |")
    plugin.on_shutdown()  # type: ignore[attr-defined]
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
