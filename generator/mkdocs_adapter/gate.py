"""The gate of the MkDocs adapter: under ``strict``, annotation problems abort the build whatever
MkDocs' log level (``-q`` drops warnings before MkDocs counts them), and so do MkDocs' warnings,
before the site is swapped in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.utils import CountHandler

if TYPE_CHECKING:
    from ..corpus import Corpus

log = logging.getLogger("mkdocs.plugins.briefing")


class Gate:
    """A build's annotation problems (errors, warnings) and, strict, MkDocs' warnings counted."""

    def __init__(self) -> None:
        self.problems = (0, 0)
        #: Strict: MkDocs' own counter of warnings, as its build command attaches one.
        self._counter: CountHandler | None = None

    def start(self, config: MkDocsConfig) -> None:
        """A build begins (on_config): nothing counted yet."""
        self.problems = (0, 0)
        if config.strict:
            self._counter = CountHandler()
            self._counter.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self._counter)

    def report(self, corpus: Corpus) -> None:
        """The corpus's annotation problems, said and counted."""
        problems = corpus.report.sorted()
        errors = len(corpus.report.errors)
        self.problems = (errors, len(problems) - errors)
        for problem in problems:
            log.warning(str(problem))

    @property
    def warned(self) -> bool:
        """Whether MkDocs has counted a warning in this strict build."""
        return self._counter is not None and bool(self._counter.counts)

    def check(self, config: MkDocsConfig, kept: Callable[[], str]) -> None:
        """Strict: annotation problems abort the build, whatever MkDocs' log level (``-q`` drops
        warnings before MkDocs counts them), and so do the warnings MkDocs counts, before the site
        is swapped in (MkDocs aborts only after the build's last event). ``kept`` says what
        becomes of the site folder then."""
        if not config.strict:
            return
        errors, warnings = self.problems
        if errors or warnings:
            said = [f"{n} annotation {word}{'s' if n != 1 else ''}"
                    for n, word in ((errors, "error"), (warnings, "warning")) if n]
            raise Abort(f"Aborted: {' and '.join(said)} (strict){kept()}")
        if self._counter is not None and self._counter.counts:
            n = sum(self._counter.counts.values())
            raise Abort(f"Aborted with {n} warning{'s' if n != 1 else ''} in strict mode{kept()}")

    def release(self) -> None:
        """The end of a build, whatever it was: MkDocs' logger as it was."""
        if self._counter is not None:
            logging.getLogger("mkdocs").removeHandler(self._counter)
            self._counter = None
