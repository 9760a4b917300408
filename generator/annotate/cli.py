"""``briefing annotate PATH...``: propose annotations for sources, as drafts to review.

Exit status: 0 when every source was read (written, unchanged, or left alone
because it is reviewed), 1 when a source could not be annotated, 2 for a
usage error (no such path, no source in a folder, ``--nlp on`` without the
model).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..diagnostics import Report
from ..load import SOURCE_SUFFIXES, load_corpus
from ..progress import add_option as add_progress_option
from ..reader import read_problems, read_text, split_source
from .annotator import Annotator, new_annotator
from .draft import Draft
from .errors import WriteError
from .nlp import ModelMissing
from .writer import Plan, apply, plan_source

PROPOSALS_SUFFIX = ".proposals.yml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="source files (.txt, .md), or folders of them: raw texts or sources already partly annotated")
    parser.add_argument("--dry-run", action="store_true", help="show the changes as a unified diff; write nothing")
    parser.add_argument("--nlp", choices=("auto", "on", "off"), default="auto",
                        help="spaCy's French model for people and organisations the registries do not know: "
                             "'auto' uses it when installed (pip install '.[nlp]'), default auto")
    add_progress_option(parser, auto="for folders, when the error output is a terminal")


def _sources(paths: Iterable[Path], err: TextIO) -> tuple[list[Path], bool, bool]:
    """(files, a folder was given, every path exists)."""
    files: list[Path] = []
    folder = False
    ok = True
    for path in paths:
        if path.is_dir():
            folder = True
            files.extend(
                p for p in sorted(path.iterdir())
                if p.is_file() and not p.name.startswith(".") and p.suffix in SOURCE_SUFFIXES
                and not p.name.endswith(PROPOSALS_SUFFIX)
            )
        elif path.is_file():
            files.append(path)
        else:
            print(f"{path}: error: no such file or folder", file=err)
            ok = False
    seen: set[Path] = set()
    unique = []
    for f in files:
        resolved = f.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(f)
    return unique, folder, ok


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def annotate_file(annotator: Annotator, path: Path, max_bytes: int) -> tuple[Plan, Draft]:
    """The plan for one source (nothing written). Raises WriteError."""
    display = _display(path)
    report = Report()
    text = read_text(path, display, report, max_bytes)
    if text is None:
        raise WriteError(report.items[0].message if report.items else "cannot be read")
    altered = read_problems(report.items)  # bytes replaced, or UTF-16: a draft would be written over them
    if altered:
        raise WriteError(altered[0].message)
    raw = split_source(text, display, path.stem, report)
    if not raw.meta_ok and raw.has_front_matter and report.errors:
        problem = report.errors[0]
        if "never closed" in problem.message:
            raise WriteError(problem.message)
        raise WriteError(f"front matter cannot be read (line {problem.origin.line}: {problem.message}): fix it first")
    draft = annotator.annotate(raw.body, path.stem)
    return plan_source(path, draft, display), draft


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    try:
        return _run(args, out or sys.stdout, err or sys.stderr)
    except BrokenPipeError:  # the reader of the output went away ("| head"): stop quietly
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - left open: Python flushes stdout at exit
        return 1


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files, folder, ok = _sources(args.paths, err)
    if not ok:
        return 2
    if not files:
        print("error: no source file (.txt, .md) in " + ", ".join(str(p) for p in args.paths), file=err)
        return 2
    corpus = load_corpus(args.seeds, root=Path.cwd(), max_bytes=args.max_bytes)
    nlp = {"auto": None, "on": True, "off": False}[args.nlp]
    try:
        annotator = new_annotator(corpus, nlp)
    except ModelMissing as exc:
        print(f"error: {exc}", file=err)
        return 2
    show = args.progress == "on" or (args.progress == "auto" and folder and err.isatty())
    iterator: Iterable[Path] = files
    if show:
        from tqdm import tqdm

        iterator = tqdm(files, desc="annotate", unit="source", file=err, disable=False)
    summary = Summary(args.dry_run)
    started = time.perf_counter()
    for path in iterator:
        try:
            plan, draft = annotate_file(annotator, path, args.max_bytes)
        except (WriteError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"{_display(path)}: error: {message}", file=err)
            summary.failed.append(_display(path))
            continue
        if args.dry_run:
            diff = plan.diff()
            if diff and not plan.skipped:
                out.write(diff)
        else:
            try:
                apply(plan)
            except OSError as exc:
                print(f"{_display(path)}: error: cannot write: {exc.strerror or exc}", file=err)
                summary.failed.append(_display(path))
                continue
        summary.add(plan, draft)
    summary.seconds = time.perf_counter() - started
    summary.print(err if args.dry_run else out)
    return 1 if summary.failed else 0


class Summary:
    """What was proposed, per source and in all."""

    def __init__(self, dry_run: bool) -> None:
        self.dry_run = dry_run
        self.lines: list[str] = []
        self.totals: Counter[str] = Counter()
        self.written = self.unchanged = self.skipped = 0
        self.failed: list[str] = []
        self.new_people: list[str] = []
        self.new_meetings: list[str] = []
        self.unattributed = 0
        self.seconds = 0.0

    def add(self, plan: Plan, draft: Draft) -> None:
        name = _display(plan.path)
        if plan.skipped:
            self.skipped += 1
            self.lines.append(f"  {name}: left as is ({plan.skipped})")
            return
        if plan.changed:
            self.written += 1
        else:
            self.unchanged += 1
        parts = [f"+{n} {field}" for field, n in plan.added.items() if field != "reviewed"]
        if draft.date is not None:
            parts.append(f"date {draft.date.iso()} ({'from the text' if draft.date_origin == 'text' else 'from the file name'})")
        if draft.unattributed:
            parts.append(f"{len(draft.unattributed)} quote(s) without a named speaker, not proposed")
        self.lines.append(f"  {name}: " + (", ".join(parts) if parts else "nothing new"))
        for note in plan.notes:
            self.lines.append(f"    note: {note}")
        for field, n in plan.added.items():
            if field not in ("reviewed", "title", "date", "language", "publisher"):
                self.totals[field] += n
        sidecar = _display(plan.sidecar) if plan.sidecar else ""
        added_people = set(plan.additions.get("people", []))
        added_meetings = set(plan.additions.get("meetings", []))
        for pid, person in draft.new_people.items():
            if pid in added_people:
                role = f", {person.role}" if person.role else ""
                self.new_people.append(f"  {pid}: {person.name}{role} ({sidecar})")
        for mid, meeting in draft.new_meetings.items():
            if mid in added_meetings:
                place = f", {meeting.place}" if meeting.place else ""
                self.new_meetings.append(f"  {mid}: {meeting.kind}, {meeting.start.iso()}{place} ({sidecar})")
        self.unattributed += len(draft.unattributed)

    def print(self, stream: TextIO) -> None:
        verb = "would be written" if self.dry_run else "written"
        total = self.written + self.unchanged + self.skipped + len(self.failed)
        print(f"{total} source(s): {self.written} {verb}, {self.unchanged} unchanged, "
              f"{self.skipped} reviewed and left as is, {len(self.failed)} failed ({self.seconds:.2f} s)", file=stream)
        for line in self.lines:
            print(line, file=stream)
        if self.totals:
            print("proposed: " + ", ".join(f"{n} {field}" for field, n in self.totals.items()), file=stream)
        if self.new_people or self.new_meetings:
            print("new registry entries proposed (review, then copy from the .proposals.yml files):", file=stream)
            if self.new_people:
                print(" people.yml:", file=stream)
                for line in dict.fromkeys(self.new_people):
                    print(" " + line, file=stream)
            if self.new_meetings:
                print(" meetings.yml:", file=stream)
                for line in dict.fromkeys(self.new_meetings):
                    print(" " + line, file=stream)
        if not self.dry_run and self.written:
            print("drafts carry 'reviewed: false': review them, then set 'reviewed: true'.", file=stream)
