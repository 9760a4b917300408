"""Work shared with forked helper processes: the build's other cores render pages too.

MkDocs renders every page's Markdown one after the other in one process, and that is most
of a build. Forked once every page is known, each helper process holds the same site as the
build (files, configuration, plugins) and renders its share of the pages, in the order the
build will ask for them; the build takes each result as it gets there, and renders its own
share meanwhile. Pickled results come back through a pipe, with the log records the helper's
work emitted, which the build emits again in its place: the log reads as a serial build's,
and ``--strict`` counts every warning.

A helper that fails, for whatever reason, only stops helping: the build renders the pages
it did not send itself. Only where ``os.fork`` is safe (not Windows, not macOS).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Most helper processes forked, whatever the number of cores.
MAX_HELPERS = 7


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "darwin"


class _Capture(logging.Handler):
    """In a helper: every record that reaches a handler, kept to be sent with the result."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info, record.exc_text = message, None, None, None
        self.records.append(record)


#: How much a helper's pipe holds before the helper waits (Linux).
PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    """Let a helper run well ahead of the build (Linux: up to a megabyte in the pipe, where 64 kB
    is the default). Otherwise each result of a few pages' size waits for the build's reader
    thread, which must first wait for its turn at the interpreter (every 5 ms)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # another system, or a lower limit: the default size
        pass


def _capture_logging() -> _Capture:
    capture = _Capture()
    loggers = [logging.getLogger(), *(x for x in logging.Logger.manager.loggerDict.values() if isinstance(x, logging.Logger))]
    for logger in loggers:
        if logger.handlers:
            logger.handlers = [capture]
    if not logging.getLogger().handlers:
        logging.getLogger().handlers = [capture]
    return capture


class Helpers(Generic[T, R]):
    """``work(item)`` for a share of ``items``, done in forked processes; :meth:`take` the results.

    Helper ``k`` of ``n`` does items ``k + 1``, ``k + 1 + (n + 1)``, ... (the build keeps the
    items ``0``, ``n + 1``, ...): shares of alike items stay alike, and results come in about
    the order they are needed.
    """

    def __init__(self, items: Sequence[T], key: Callable[[T], str], work: Callable[[T], R], helpers: int) -> None:
        self._key = key
        self._results: dict[str, tuple[R, list[logging.LogRecord]]] = {}
        self._owner: dict[str, int] = {}
        self._done: set[int] = set()
        self._cond = threading.Condition()
        self._pids: list[int] = []
        self._readers: list[threading.Thread] = []
        self.helped = 0
        stride = helpers + 1
        for k in range(helpers):
            share = list(items[k + 1 :: stride])
            if not share:
                continue
            read, write = os.pipe()
            _widen(write)
            with warnings.catch_warnings():  # 3.12+: "fork() of a multi-threaded process"; see the module's note
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
            if pid == 0:  # pragma: no cover (the helper: its coverage is not collected)
                os.close(read)
                _helper(write, share, key, work)
            os.close(write)
            self._pids.append(pid)
            for item in share:
                self._owner[key(item)] = k
            reader = threading.Thread(target=self._read, args=(k, read), name=f"briefing-helper-{k}", daemon=True)
            reader.start()
            self._readers.append(reader)

    def assigned(self, item_key: str) -> bool:
        return item_key in self._owner

    def take(self, item_key: str) -> R | None:
        """The helper's result for this item (its log records emitted now, here), once it is there;
        None if it is not a helper's or its helper stopped before it."""
        owner = self._owner.pop(item_key, None)
        if owner is None:
            return None
        with self._cond:
            while item_key not in self._results and owner not in self._done:
                self._cond.wait()
            found = self._results.pop(item_key, None)
        if found is None:
            return None
        result, records = found
        for record in records:
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        self.helped += 1
        return result

    def _read(self, k: int, fd: int) -> None:
        try:
            with os.fdopen(fd, "rb", buffering=PIPE_BYTES) as pipe:
                while True:
                    item_key, result, records = pickle.load(pipe)
                    with self._cond:
                        self._results[item_key] = (result, records)
                        self._cond.notify_all()
        except Exception:  # EOF (the helper is done or died), or a torn result: it stops helping
            pass
        finally:
            with self._cond:
                self._done.add(k)
                self._cond.notify_all()

    def close(self, kill: bool = False) -> None:
        """Wait for the helpers to end (``kill``: end them now)."""
        for pid in self._pids:
            if kill:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        self._pids = []
        for reader in self._readers:
            reader.join()
        self._readers = []
        self._results.clear()
        self._owner.clear()


def _helper(fd: int, share: Iterable[T], key: Callable[[T], str], work: Callable[[T], R]) -> None:  # pragma: no cover (runs in the helper)
    """The helper process: do the share, send each result, and leave without running anything
    of the build's (no atexit, no flushing of buffers it inherited)."""
    status = 0
    try:
        gc.freeze()  # the inherited objects stay out of collections: fewer pages copied from the build's
        capture = _capture_logging()
        with os.fdopen(fd, "wb", buffering=PIPE_BYTES) as pipe:
            for item in share:
                capture.records = []
                result = work(item)
                pickle.dump((key(item), result, capture.records), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()
    except BaseException:  # any failure, even an interrupt: the build renders the rest itself
        status = 1
    finally:
        os._exit(status)

