"""Build, serve and search a synthetic briefing of N sources; print what it costs.

    python benchmarks/run.py --sizes 1000,5000,20000 [--runs 1] [--warm] [--work DIR] [--query sabotage]

For each N, a corpus written by :mod:`synth` (seeded, so every run builds the same
sources) is measured five ways:

- generator: reading, checking and rendering every page as Markdown (sources/s);
- plugin build: ``mkdocs build`` of the repository's mkdocs.yml on that corpus, with
  our plugin (wall time, and CPU time: user + system seconds of the build and of every
  process it started — helpers, the search indexer — so that a second core or a loaded
  machine cannot make a build look cheaper than it is; peak memory: the largest single process, and the build with
  every process it started added up, sampled twice a second — the search indexer and the
  forked helpers run beside MkDocs; each process counts its proportional set size, so
  that the pages a helper shares with the build are not counted twice);
- bare build: the same Markdown, written out first, built by Material alone with the
  same mkdocs.yml minus our plugin (Material's own search index included, as a stock
  site would have it): our overhead is the ratio of the two, in wall time and in CPU time;
- with ``--warm``, the build after one edit: after each plugin build, one source gains a
  sentence and the site is built again into the same folder (the source is put back after);
- output: bytes of the site, mean and largest HTML page;
- first search: the site served on 127.0.0.1, a query typed in headless Chromium
  (Debian's /usr/bin/chromium, through Playwright, 60 ms between keys): bytes the browser
  fetched from the moment the search box opened (Material's index, fetched with the page,
  is counted too), and the time from the last key to the first result shown (timed in the
  page for our search; from outside, by Playwright's polling, for Material's). The bare
  site's (Material's search) is measured as well, for comparison.

Builds run in subprocesses, one at a time. The last line is machine-readable:

    RESULT n=<N> overhead=<plugin build / bare build, wall> overhead_cpu=<the same in CPU seconds>
           warm_s=<wall seconds of the build after one edit, nan without --warm>
           page_growth=<mean page at N / at smallest N> peak_mb=<MB> gen_per_s=<sources/s>
           first_search_kb=<kB>

This is a benchmark, not a test: on a shared machine, quote medians (``--runs``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synth import write_corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]

GENERATE = r"""
import json, sys, time
from pathlib import Path
from generator.load import load_corpus
from generator.site import build_assets, build_pages, write_site
seeds, out = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
corpus = load_corpus(seeds)
try:
    from generator.pages.lists import expand
except ImportError:
    expand = lambda corpus, pages: pages
try:  # as a build does: forked helpers share the work, one per further usable CPU
    from generator.parallel import usable_cpus
    pages = expand(corpus, build_pages(corpus, helpers=usable_cpus() - 1))
except ImportError:
    pages = expand(corpus, build_pages(corpus))
elapsed = time.perf_counter() - start
assets = build_assets(corpus)
seen, unique = set(), []
for p in pages:
    if p.path not in seen:
        seen.add(p.path)
        unique.append(p)
if out != "-":
    write_site(unique, assets, Path(out))
print(json.dumps({"seconds": elapsed, "sources": len(corpus.sources), "pages": len(unique),
                  "errors": len(corpus.report.errors)}))
"""


@dataclass
class Run:
    seconds: float
    #: The largest resident size of the build or of any process it started (getrusage).
    peak_mb: float
    #: The most memory the build and every process it started occupied together (sampled; PSS).
    tree_mb: float = 0.0
    #: CPU seconds (user + system) of the build and of every process it started and waited for:
    #: helpers and the search indexer included, so a second core cannot hide work.
    cpu_s: float = 0.0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _resident_kb(pid: int) -> int:
    """The memory ``pid`` occupies: its proportional set size (a page shared by n processes counts
    1/n in each: a forked helper shares most of the build's pages), or its resident size where the
    kernel does not say."""
    for name, field_ in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(name).read_text().splitlines():
                if line.startswith(field_):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_rss_mb(pid: int) -> float:
    """Memory of ``pid`` and all its descendants, added up, in MB (Linux /proc; see _resident_kb)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _resident_kb(p)
        todo += _children(p)
    return total / 1024


@dataclass
class Row:
    n: int
    gen_seconds: list[float] = field(default_factory=list)
    plugin: list[Run] = field(default_factory=list)
    bare: list[Run] = field(default_factory=list)
    #: Builds after one edit (``--warm``): the plugin build again, one source changed.
    warm: list[Run] = field(default_factory=list)
    pages: int = 0
    site_bytes: int = 0
    html_pages: int = 0
    mean_page: float = 0.0
    largest_page: int = 0
    largest_path: str = ""
    search_kb: float | None = None
    search_ms: float | None = None
    bare_search_kb: float | None = None
    bare_search_ms: float | None = None

    @property
    def gen_per_s(self) -> float:
        return self.n / statistics.median(self.gen_seconds)

    @property
    def plugin_s(self) -> float:
        return statistics.median(r.seconds for r in self.plugin)

    @property
    def bare_s(self) -> float:
        return statistics.median(r.seconds for r in self.bare)

    @property
    def plugin_cpu(self) -> float:
        return statistics.median(r.cpu_s for r in self.plugin)

    @property
    def bare_cpu(self) -> float:
        return statistics.median(r.cpu_s for r in self.bare)

    @property
    def warm_s(self) -> float | None:
        return statistics.median(r.seconds for r in self.warm) if self.warm else None

    @property
    def warm_cpu(self) -> float | None:
        return statistics.median(r.cpu_s for r in self.warm) if self.warm else None

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.plugin)

    @property
    def tree_mb(self) -> float:
        return max(r.tree_mb for r in self.plugin)


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run ``cmd``; wall time, CPU time and the peak resident memory of it and of the children it
    waited for (``wait4`` counts those in the process's own usage)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    tree = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            tree[0] = max(tree[0], tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read()
    done.set()
    sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{output[-4000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, tree[0], usage.ru_utime + usage.ru_stime)


def site_config(base: dict, seeds: Path | None, docs: Path) -> dict:
    """The repository's mkdocs.yml for a benchmark site: our plugin on ``seeds``, or no plugin."""
    config = json.loads(json.dumps(base))
    config["docs_dir"] = str(docs)
    plugins = []
    for item in config.get("plugins", []):
        name = next(iter(item)) if isinstance(item, dict) else item
        if name == "briefing":
            if seeds is None:
                continue
            options = dict(item["briefing"] or {}) if isinstance(item, dict) else {}
            options["seeds"] = str(seeds)
            item = {"briefing": options}
        plugins.append(item)
    config["plugins"] = plugins
    config.pop("repo_url", None)
    return config


IN_PAGE_TIMER = """() => {
  window.__briefingShown = {};
  document.addEventListener("keydown", () => { window.__briefingKey = performance.now(); }, true);
  new MutationObserver(() => {
    const q = document.body.dataset.briefingSearched;
    if (q !== undefined && !(q in window.__briefingShown)) window.__briefingShown[q] = performance.now();
  }).observe(document.body, { attributes: true, attributeFilter: ["data-briefing-searched"] });
}"""


def measure_search(site: Path, query: str) -> tuple[float, float] | None:
    """(kB fetched from opening the search box to the first result, ms from typing to that result)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            page.set_default_timeout(120_000)
            # The page and whatever Material loads with it (its search index included) come first.
            page.goto(base, wait_until="networkidle")
            responses = []
            page.on("response", lambda r: responses.append(r))
            pagefind = (site / "pagefind").is_dir()
            if pagefind:
                # Timed in the page: from the last key down to the moment the results of the whole
                # query are in the list (the site marks <body> then). Polling from outside the page
                # would add its own delay.
                page.evaluate(IN_PAGE_TIMER)
            page.keyboard.press("/")
            box = page.locator("input.md-search__input")
            box.press_sequentially(query, delay=60)  # a fast typist
            start = time.perf_counter()  # the query is complete: the wait for its results starts
            page.wait_for_selector("li.md-search-result__item")
            if pagefind:  # results shown while typing are for a shorter query
                page.wait_for_function("q => document.body.dataset.briefingSearched === q", arg=query)
                ms = page.evaluate("q => window.__briefingShown[q] - window.__briefingKey", query)
            else:
                ms = (time.perf_counter() - start) * 1000
            page.wait_for_timeout(300)
            fetched = 0
            for r in list(responses):
                try:
                    fetched += len(r.body())
                except Exception:  # a redirect or an aborted request has no body
                    pass
            # Material's search downloads its index at page load, before the box is opened: count it.
            index = site / "search" / "search_index.json"
            if index.exists() and not any(r.url.endswith("search_index.json") for r in responses):
                fetched += index.stat().st_size
            browser.close()
            return fetched / 1024, ms
    finally:
        server.shutdown()
        server.server_close()


def html_stats(site: Path) -> tuple[int, int, float, int, str]:
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    pages = [(f.stat().st_size, f) for f in site.rglob("*.html") if f.name != "404.html"]
    largest = max(pages)
    return total, len(pages), sum(s for s, _ in pages) / len(pages), largest[0], str(largest[1].relative_to(site))


def edit_one_source(seeds: Path) -> tuple[Path, bytes]:
    """Change one source as an analyst would (a sentence added to its text); returns what to restore."""
    sources = sorted((seeds / "sources").glob("*.txt"))
    source = sources[len(sources) // 2]
    before = source.read_bytes()
    source.write_bytes(before + "\nUn paragraphe ajouté pour mesurer une reconstruction.\n".encode())
    return source, before


def bench(n: int, work: Path, runs: int, query: str, base_config: dict, env: dict[str, str], warm: bool = False) -> Row:
    row = Row(n)
    root = work / f"n{n}"
    seeds = root / "seeds"
    print(f"[{n}] writing the corpus", file=sys.stderr, flush=True)
    write_corpus(seeds, n, seed=1)
    docs_plugin = root / "docs-plugin"
    docs_bare = root / "docs-bare"
    for docs in (docs_plugin, docs_bare):
        shutil.rmtree(docs, ignore_errors=True)
        shutil.copytree(REPO / "docs", docs)
    (root / "plugin.yml").write_text(yaml.safe_dump(site_config(base_config, seeds, docs_plugin), allow_unicode=True), encoding="utf-8")
    (root / "bare.yml").write_text(yaml.safe_dump(site_config(base_config, None, docs_bare), allow_unicode=True), encoding="utf-8")
    for run in range(runs):
        print(f"[{n}] generator, run {run + 1}", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, "-c", GENERATE, str(seeds), str(docs_bare) if run == 0 else "-"],
                             cwd=REPO, env=env, capture_output=True, text=True, check=True)
        info = json.loads(out.stdout.strip().splitlines()[-1])
        row.gen_seconds.append(info["seconds"])
        row.pages = info["pages"]
        if info["errors"]:
            print(f"[{n}] warning: the synthetic corpus has {info['errors']} errors", file=sys.stderr)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    for run in range(runs):
        print(f"[{n}] plugin build, run {run + 1}", file=sys.stderr, flush=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)  # a cold build: no build cache of an earlier run
        row.plugin.append(timed(mkdocs + ["-f", str(root / "plugin.yml"), "-d", str(root / "site-plugin")], REPO, env))
        if warm:
            print(f"[{n}] plugin build after one edit, run {run + 1}", file=sys.stderr, flush=True)
            source, before = edit_one_source(seeds)
            try:
                row.warm.append(timed(mkdocs + ["-f", str(root / "plugin.yml"), "-d", str(root / "site-plugin")], REPO, env))
            finally:
                source.write_bytes(before)
        print(f"[{n}] bare Material build, run {run + 1}", file=sys.stderr, flush=True)
        row.bare.append(timed(mkdocs + ["-f", str(root / "bare.yml"), "-d", str(root / "site-bare")], REPO, env))
    row.site_bytes, row.html_pages, row.mean_page, row.largest_page, row.largest_path = html_stats(root / "site-plugin")
    print(f"[{n}] first search", file=sys.stderr, flush=True)
    found = measure_search(root / "site-plugin", query)
    if found:
        row.search_kb, row.search_ms = found
    try:
        found = measure_search(root / "site-bare", query)
    except Exception as exc:  # Material's single index at 20,000 sources: hundreds of MB, it may never answer
        print(f"[{n}] Material's search gave no result: {str(exc).splitlines()[0]}", file=sys.stderr, flush=True)
        found = None
    if found:
        row.bare_search_kb, row.bare_search_ms = found
    return row


def table(rows: list[Row], runs: int) -> str:
    def num(x: float | None, fmt: str) -> str:
        return "n/a" if x is None else format(x, fmt)

    head = ["sources", "pages", "generator (sources/s)", "plugin build (s)", "bare build (s)", "overhead (wall)",
            "plugin build CPU (s)", "bare build CPU (s)", "overhead (CPU)", "after one edit (s)", "after one edit CPU (s)",
            "peak memory (MB)", "all processes (MB, PSS)", "site (MB)", "mean page (kB)", "largest page (kB)",
            "first search (kB)", "first result (ms)", "Material search: first search (kB)", "Material: first result (ms)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in rows:
        lines.append("| " + " | ".join([
            str(r.n), str(r.html_pages), f"{r.gen_per_s:,.0f}", f"{r.plugin_s:.1f}", f"{r.bare_s:.1f}",
            f"{r.plugin_s / r.bare_s:.2f}", f"{r.plugin_cpu:.1f}", f"{r.bare_cpu:.1f}", f"{r.plugin_cpu / r.bare_cpu:.2f}",
            num(r.warm_s, ".1f"), num(r.warm_cpu, ".1f"), f"{r.peak_mb:.0f}", f"{r.tree_mb:.0f}", f"{r.site_bytes / 1e6:.0f}", f"{r.mean_page / 1024:.1f}",
            f"{r.largest_page / 1024:.0f}", num(r.search_kb, ".0f"), num(r.search_ms, ".0f"),
            num(r.bare_search_kb, ",.0f"), num(r.bare_search_ms, ".0f"),
        ]) + " |")
    note = f"Medians of {runs} run(s); largest page: " + ", ".join(f"{r.n}: {r.largest_path}" for r in rows)
    return "\n".join(lines) + "\n\n" + note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="numbers of sources, comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="builds per size; medians are shown")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed after)")
    parser.add_argument("--query", default="sabotage", help="the query typed for the first search")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--warm", action="store_true",
                        help="after each plugin build, change one source and build again (the build after one edit)")
    parser.add_argument("--search-only", action="store_true",
                        help="measure the first search again on the sites already built in --work")
    args = parser.parse_args(argv)
    sizes = sorted(int(x) for x in args.sizes.split(",") if x.strip())
    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    base_config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO))
    if args.search_only:
        for n in sizes:
            for name in ("site-plugin", "site-bare"):
                found = measure_search(work / f"n{n}" / name, args.query)
                print(f"n={n} {name}: " + ("n/a" if found is None else f"{found[0]:.0f} kB, {found[1]:.0f} ms"))
        return 0
    rows = []
    try:
        for n in sizes:
            rows.append(bench(n, work, args.runs, args.query, base_config, env, args.warm))
            print(table(rows, args.runs), file=sys.stderr, flush=True)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"python benchmarks/run.py --sizes {','.join(map(str, sizes))} --runs {args.runs}{' --warm' if args.warm else ''}")
    print()
    print(table(rows, args.runs))
    print()
    big, small = rows[-1], rows[0]
    print(f"RESULT n={big.n} overhead={big.plugin_s / big.bare_s:.3f} overhead_cpu={big.plugin_cpu / big.bare_cpu:.3f} "
          f"warm_s={'nan' if big.warm_s is None else format(big.warm_s, '.1f')} "
          f"page_growth={big.mean_page / small.mean_page:.3f} peak_mb={big.tree_mb:.0f} gen_per_s={big.gen_per_s:.0f} "
          f"first_search_kb={'nan' if big.search_kb is None else format(big.search_kb, '.0f')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
