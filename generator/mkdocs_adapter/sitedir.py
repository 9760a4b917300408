"""The site folder under the MkDocs adapter: the last good site is never lost.

``mkdocs build`` (:mod:`generator.sitefolder`): MkDocs is pointed at a fresh folder beside the
target (on_config, before it cleans anything), swapped in once every page, the exports and the
search index are written (on_post_build, last); a failed build (on_build_error), an interrupted
one (SIGINT, SIGTERM: on_shutdown, or at exit) leaves the previous site whole and removes its
fresh folder. A lock keeps two builds of one site apart; a full disk or a read-only folder is one
line. Under ``mkdocs serve`` MkDocs builds in a temporary folder already: there the site folder is
emptied at once (its entries moved aside), taken back when the pages are unchanged, and what was
moved aside is deleted in the background once the build is done.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from .. import search, sitefolder

log = logging.getLogger("mkdocs.plugins.briefing")


class _OneLine(logging.Filter):
    """During a build into a fresh folder: MkDocs' "Error building page 'x': [Errno 28] ..." is
    said once, by the build's end, as one line naming the site folder."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        return not (message.startswith("Error building page")
                    and any(f"[Errno {number}]" in message for number in sitefolder.WRITE_ERRNOS))


#: Fresh site folders not yet swapped in or removed, by the process that made them (see _at_exit).
_OPEN: list[tuple[int, sitefolder.SiteFolder]] = []


def _at_exit() -> None:
    """A build interrupted where no plugin event follows (an in-process build, a signal): its fresh
    folder goes, the previous site stays."""
    for pid, folder in list(_OPEN):
        if pid == os.getpid():
            folder.abandon()
    _OPEN.clear()


atexit.register(_at_exit)


class _Terminated(SystemExit):
    """SIGTERM or SIGHUP during a build: unwinds it like an interruption (the previous site kept)."""


def _terminate(number: int, frame: Any) -> None:
    raise _Terminated(128 + number)


class SiteDir:
    """The site folder of a build: the fresh folder it writes into and, serving, the last site set aside.

    ``stop_work`` stops whatever still writes into a fresh folder about to go (helpers, the
    search service); ``release`` undoes the rest of a build's set-up at its end, whatever it was.
    """

    def __init__(self, stop_work: Callable[[], None], release: Callable[[], None]) -> None:
        self._stop_work, self._on_release = stop_work, release
        #: Building (not serving): the fresh folder MkDocs writes into, swapped in at the end
        #: (see on_config and on_post_build), and the site folder it stands for.
        self._folder: sitefolder.SiteFolder | None = None
        self._config: MkDocsConfig | None = None
        self.target: str | None = None
        self._signals: dict[int, Any] = {}
        self._one_line = _OneLine()
        #: Rebuilding: every file (site-relative) of the last build.
        self.last_outputs: set[str] = set()
        #: Serving: whether the last build ran to its end (its site folder is whole), whether this
        #: build may take that folder back, and whether it did (see :meth:`take_back`).
        self.complete = False
        self.restorable = False
        self.restored = False
        #: Serving: the last build's pages, moved out of the site folder (see :meth:`clear`),
        #: and the thread deleting them once this build is done.
        self.trash: Path | None = None
        self.clearing: threading.Thread | None = None

    # --- the fresh folder of `mkdocs build` ---------------------------------------

    def redirect(self, config: MkDocsConfig, keep: bool) -> None:
        """Point MkDocs at a fresh folder beside the site folder: it cleans and writes that one, and
        on_post_build swaps it in. ``keep`` (``--dirty``, and an incremental build after a complete
        one in this process) starts it as a copy of the site, for the pages MkDocs does not write again."""
        folder = sitefolder.SiteFolder(config.site_dir)
        try:
            fresh = folder.open(keep=keep)
        except sitefolder.SiteWriteError as exc:
            raise Abort(f"error: {exc}") from None
        self._folder, self.target = folder, config.site_dir
        _OPEN.append((os.getpid(), folder))
        config.site_dir = str(fresh)
        logging.getLogger("mkdocs.commands.build").addFilter(self._one_line)
        if threading.current_thread() is threading.main_thread():
            for number in (getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)):
                if signal.getsignal(number) is signal.SIG_DFL:
                    self._signals[number] = signal.signal(number, _terminate)

    def start(self, config: MkDocsConfig) -> None:
        """A build begins (on_config): an earlier build of this process that never reached its end goes."""
        self.drop()
        self._config = config

    def begin(self, dirty: bool) -> None:
        """The build's pages begin (on_pre_build): the last site may be taken back if it was whole."""
        self.restorable, self.complete, self.restored = self.complete and not dirty, False, False

    def release(self) -> None:
        """The end of a build, whatever it was: signals, counters and filters as they were."""
        for number, handler in self._signals.items():
            signal.signal(number, handler)
        self._signals = {}
        self._on_release()
        logging.getLogger("mkdocs.commands.build").removeFilter(self._one_line)
        if self._config is not None and self.target is not None:
            self._config.site_dir = self.target
        self.target = None

    def drop(self) -> bool:
        """Remove the fresh folder of a build that did not complete; whether there was one."""
        folder, self._folder = self._folder, None
        if folder is not None:
            self._stop_work()
            folder.abandon()
            _OPEN[:] = [(pid, f) for pid, f in _OPEN if f is not folder]
        self.release()
        return folder is not None

    def kept(self) -> str:
        """What the user is told of the site folder when a build does not complete."""
        target = Path(self.target) if self.target is not None else None
        if target is None:
            return ""
        return (f"; the previous site in {sitefolder.shown(target)} is kept" if target.is_dir()
                else f"; nothing was written to {sitefolder.shown(target)}")

    def interrupted(self) -> None:
        kept = self.kept()
        if self.drop():
            print(f"Interrupted: the build did not complete{kept}", file=sys.stderr)

    def commit(self, writers: tuple[threading.Thread | None, ...]) -> None:
        """The build is complete: its folder takes the site folder's place, once ``writers`` are done."""
        folder = self._folder
        if folder is None:
            self.release()
            return
        for thread in writers:
            if thread is not None and thread.is_alive():  # an incremental build: they write into it
                thread.join()
        try:
            folder.commit()
        except OSError as exc:
            error = sitefolder.write_error(exc)
            if error is None:
                raise
            target = Path(cast(str, self.target))
            message = sitefolder.write_message(target, error, kept=target.is_dir())
            self.drop()
            raise Abort(f"error: {message}") from None
        self._folder = None
        _OPEN[:] = [(pid, f) for pid, f in _OPEN if f is not folder]
        self.release()

    def failed(self, error: Exception) -> None:
        """The build failed: its fresh folder goes; an error writing the site is said in one line."""
        target = Path(self.target) if self.target is not None else None
        kept = self.kept()
        fresh, real = (self._folder.fresh, self._folder.target) if self._folder is not None else (None, None)
        if not self.drop() or target is None or isinstance(error, Abort):
            return
        # Where the build writes: an error reading a file elsewhere (a source) is not the site's.
        ours = tuple(p for p in (fresh, real, Path(tempfile.gettempdir()).resolve()) if p is not None)
        written = sitefolder.write_error(error, ours)
        if written is not None:
            raise Abort(f"error: {sitefolder.write_message(target, written, kept=target.is_dir())}") from None
        log.error(f"the build failed{kept}")

    # --- serving: the last site set aside -----------------------------------------

    def clear(self, site: Path) -> None:
        """Serving, empty the site folder as MkDocs is about to, but at once: its entries move to a
        folder beside it (thousands of pages take seconds to delete), taken back by on_files
        (:meth:`take_back`) or deleted once the build is done (:meth:`empty_trash`).
        Hidden entries stay, as MkDocs leaves them."""
        index = site / search.OUTPUT
        if index.is_symlink():  # the search cache's index, shown (MkDocs would delete through it)
            index.unlink()
        try:
            entries = [e for e in site.iterdir() if not e.name.startswith(".")]
            if not entries:
                return
            trash = Path(tempfile.mkdtemp(prefix=sitefolder.scratch_prefix("old-site", hidden=True), dir=site.parent))
            for entry in entries:
                entry.rename(trash / entry.name)
        except OSError as exc:  # another file system, or no site yet: MkDocs cleans it itself
            log.debug(f"site folder left to MkDocs to clean: {exc}")
            return
        self.trash = trash

    def remove_gone(self, site: Path, outputs: set[str]) -> None:
        """The site folder kept (`--dirty`, or taken back): the files of the last build that are no
        more (the page of a source deleted or renamed, a redirect...) go, or they would still be
        served and searched."""
        for dest_uri in sorted(self.last_outputs - outputs):
            dest = site / dest_uri
            dest.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                dest.parent.rmdir()  # its folder, if nothing else is in it

    def take_back(self, site: Path, outputs: set[str]) -> None:
        """Serving, with the same configuration, templates and list of pages as the last build: its
        site folder, moved out by on_pre_build, comes back, and MkDocs writes only the pages that
        changed (on_post_page hands it nothing for the others: their file is already the one it
        would write). Writing thousands of unchanged pages again is most of a rebuild."""
        if self.trash is None:
            return
        try:
            for entry in sorted(self.trash.iterdir()):
                target = site / entry.name
                if not (target.exists() or target.is_symlink()):
                    entry.rename(target)
        except OSError as exc:  # MkDocs writes every page
            log.debug(f"last site not taken back: {exc}")
            return
        finally:
            self.remove_gone(site, outputs)
        self.restored = True

    def empty_trash(self) -> None:
        """Delete the last build's pages, now that this build is done: deleting thousands of files
        while the build writes as many slows it down. Out of this process where ``rm`` is at hand
        (no share of its interpreter taken), on the lowest priority."""
        trash, self.trash = self.trash, None
        if trash is None:
            return
        remove, idle = shutil.which("rm"), shutil.which("ionice")

        def delete() -> None:
            if remove is not None:
                nice = (lambda: os.nice(19)) if hasattr(os, "nice") else None
                command = [remove, "-rf", "--", str(trash)]
                if idle is not None:  # the disk's idle time only, where Linux's ionice is at hand
                    command = [idle, "-c", "3", *command]
                subprocess.run(command, check=False, preexec_fn=nice, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.rmtree(trash, ignore_errors=True)  # whatever rm left, or all without rm

        self.clearing = threading.Thread(target=delete, name="briefing-clear-site", daemon=True)
        self.clearing.start()
