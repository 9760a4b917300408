"""Throughput of the annotation assistant without a model (rules and registries).

The five seed sources, their front matter removed, repeated 200 times (1,000
documents), annotated one after the other in one process (one core); five
runs, the median printed in documents per second. Wall-clock time is the
figure that counts; CPU time is printed too, since a busy machine slows the
wall clock down without changing the work done.

    python benchmarks/annotate_speed.py [--seeds seeds] [--repeat 200] [--runs 5]

The second line adds the front matter rendering (the YAML written into the
file) to the annotation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load import load_corpus  # noqa: E402
from generator.diagnostics import Report  # noqa: E402
from generator.reader import split_source  # noqa: E402

from generator.annotate.annotator import Annotator  # noqa: E402
from generator.annotate.fields import block, draft_values  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    corpus = load_corpus(args.seeds)
    annotator = Annotator(corpus)  # no model
    bodies = []
    for path in sorted((args.seeds / "sources").glob("*.txt")):
        raw = split_source(path.read_text(encoding="utf-8"), path.name, path.stem, Report())
        bodies.append((raw.body, path.stem))
    docs = bodies * args.repeat
    annotator.annotate(bodies[0][0], bodies[0][1])  # warm the caches once

    def measure(render: bool) -> tuple[list[float], list[float]]:
        wall, cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            for body, stem in docs:
                draft = annotator.annotate(body, stem)
                if render:  # what the writer does for a raw text: one YAML block with its comments
                    values, comments = draft_values(draft, "x.proposals.yml")
                    block({**values, "reviewed": False}, comments, "\n")
            wall.append(len(docs) / (time.perf_counter() - t0))
            cpu.append(len(docs) / (time.process_time() - c0))
        return wall, cpu

    size = sum(len(b) for b, _ in bodies) / len(bodies)
    print(f"{len(docs)} documents ({len(bodies)} seeds x {args.repeat}, {size:.0f} characters on average), "
          f"{args.runs} runs, one process, no model")
    for label, render in (("annotate", False), ("annotate + front matter", True)):
        wall, cpu = measure(render)
        print(f"{label:<24} median {statistics.median(wall):7.0f} docs/s wall clock "
              f"(runs: {', '.join(f'{w:.0f}' for w in wall)}); median {statistics.median(cpu):.0f} docs/s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
