"""The ``briefing`` command: start a briefing, check its annotations, generate its pages as Markdown, export its corpus."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .load import load_corpus
from .parallel import usable_cpus
from .progress import Progress
from .progress import add_option as add_progress_option
from .reader import MAX_BYTES
from .site import iter_assets, iter_pages, write_site
from .sitefolder import shown, write_error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Briefing pages from annotated sources.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _shared_options(parser, Path("seeds"), MAX_BYTES)
    # The same options after the command: defaults SUPPRESSed there, so that a value given before
    # the command stays unless the command's own is given (the last one given wins, as with any option).
    shared = argparse.ArgumentParser(add_help=False)
    _shared_options(shared, argparse.SUPPRESS, argparse.SUPPRESS)
    progress = argparse.ArgumentParser(add_help=False)
    add_progress_option(progress)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    gen = sub.add_parser("generate", help="write every page as Markdown into OUT", parents=[shared, progress])
    gen.add_argument("out", type=Path, metavar="OUT")
    gen.add_argument("--for", dest="target", choices=("mkdocs", "zensical", "plain"), default=None,
                     help="a complete tree in OUT, made to match exactly: mkdocs or zensical (OUT/mkdocs.yml and OUT/docs/) "
                          "or plain (the Markdown tree alone, file URLs); without it, the pages alone")
    gen.add_argument("--urls", choices=("directory", "file"), default=None,
                     help="the URL style links in raw HTML are made for (default: the mkdocs.yml's)")
    gen.add_argument("--config", type=Path, default=None, metavar="FILE",
                     help="the project's mkdocs.yml (default: mkdocs.yml here, else the starter's)")
    export = sub.add_parser("export", help="write the corpus as JSON (with its schema), CSV and STIX 2.1 into OUT",
                            parents=[shared, progress])
    export.add_argument("out", type=Path, metavar="OUT")
    check = sub.add_parser("check", help="list every problem in the annotations", parents=[shared, progress])
    check.add_argument("--format", choices=("text", "json"), default="text")
    from .annotate.cli import add_arguments as annotate_arguments

    annotate_arguments(sub.add_parser("annotate", help="propose annotations for raw sources: drafts to review", parents=[shared]))
    init = sub.add_parser("init", help="start a new briefing in DIR (new or empty): mkdocs.yml, docs/, seeds/")
    init.add_argument("dir", type=Path, metavar="DIR")
    return parser


def _shared_options(parser: argparse.ArgumentParser, seeds: object, max_bytes: object) -> None:
    """The options every command reads: before the command, or after it."""
    parser.add_argument("--seeds", type=Path, default=seeds, metavar="DIR", help="annotations folder (default: seeds)")
    parser.add_argument("--max-bytes", type=int, default=max_bytes, metavar="N", help=f"largest file read, in bytes (default: {MAX_BYTES})")


def _version() -> str:
    try:
        return version("briefing")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "init":  # before the annotations folder is looked for: it is made here
        from .starter import run as init

        return init(args.dir)
    if not args.seeds.is_dir():
        parser.error(f"annotations folder not found: {args.seeds}")
    if args.command == "annotate":
        from .annotate.cli import run as annotate

        return annotate(args)
    progress = Progress.chosen(getattr(args, "progress", "off"))
    counting = progress.reading(args.seeds)
    corpus = load_corpus(args.seeds, root=Path.cwd(), max_bytes=args.max_bytes, cache=counting)
    if counting is not None:
        counting.close()
    problems = corpus.report.sorted()
    if args.command == "check" and args.format == "json":
        json.dump([d.as_dict() for d in problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for d in problems:
            print(d, file=sys.stderr if args.command in ("generate", "export") else sys.stdout)
    try:
        if args.command == "generate" and args.target is not None:
            from .tree import generate_tree

            if generate_tree(args, corpus, progress) != 0:
                return 1
        elif args.command == "generate":
            pages = progress.over(iter_pages(corpus, helpers=usable_cpus() - 1), "pages", "page")
            count = write_site(pages, progress.over(iter_assets(corpus), "files", "file"), args.out)
            print(f"{count} files written to {args.out}", file=sys.stderr)
        if args.command == "export":
            from .outputs.exports import write_exports

            written = write_exports(corpus, args.out)
            print(f"{len(written)} files written to {args.out}: {', '.join(p.name for p in written)}", file=sys.stderr)
    except OSError as exc:
        error = write_error(exc)
        if error is None:
            raise
        _drop_partial(args.out)
        print(f"error: cannot write to {shown(args.out)}: {error.strerror or error}; "
              "each file there is whole, as it was or as generated", file=sys.stderr)
        return 1
    errors = len(corpus.report.errors)
    if args.command == "check" and args.format == "text":
        print(f"{errors} error(s), {len(problems) - errors} warning(s) in {len(corpus.sources)} source(s)", file=sys.stderr)
    return 1 if errors else 0


def _drop_partial(out: Path) -> None:
    """The file being written when the disk filled (written beside its target, renamed once whole)."""
    try:
        partial = list(out.rglob(".*.part"))
    except OSError:
        return
    for path in partial:
        with contextlib.suppress(OSError):
            path.unlink()


if __name__ == "__main__":
    sys.exit(main())
