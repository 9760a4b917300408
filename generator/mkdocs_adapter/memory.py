"""Memory of the MkDocs adapter: garbage collection paused for a rebuild and resumed after it,
the freed heap handed back to the system, Jinja's compiled templates kept from one build to the next."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading

import jinja2
import jinja2.bccache

#: Serving: seconds after a rebuild before garbage collection resumes (see :meth:`Collections.resume`).
RESUME_GC_AFTER = 3.0


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory from one build to the next (MkDocs makes a new Jinja
    environment for each build: compiling Material's templates again takes about a second).
    Jinja checks each entry against its template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[bucket.key] = bucket.bytecode_to_string()


def release_memory() -> None:
    """Collect garbage and hand the freed heap back to the system (glibc's ``malloc_trim``):
    otherwise the process keeps the corpus's memory to the end of the build."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back by hand
        ctypes.CDLL(None).malloc_trim(0)


class Collections:
    """Garbage collection paused for a rebuild and resumed a few seconds after it."""

    def __init__(self) -> None:
        #: Rebuilding: garbage collection paused for the build (on_pre_build).
        self.paused = False
        self.lock = threading.Lock()
        #: Serving: the timer that resumes collections after the last rebuild.
        self.resuming: threading.Timer | None = None

    def pause(self) -> None:
        """Rebuilding, this process holds the last build's pages and readings (millions of objects):
        each full collection would go through them all, for the little garbage a rebuild leaves.
        Collections wait until the build is done."""
        with self.lock:
            if self.resuming is not None:  # still paused since the last build
                self.resuming.cancel()
                self.resuming = None
            elif gc.isenabled():
                gc.disable()
                self.paused = True

    def resume(self, at_once: bool = False) -> None:
        """Collections again, a few seconds after the build: at once, the first one would go through
        the hundreds of thousands of objects made since on_pre_build (half a second after every
        edit at 5,000 sources), before the site is shown again."""
        with self.lock:
            if not self.paused:
                return
            if at_once:
                if self.resuming is not None:
                    self.resuming.cancel()
                self.paused, self.resuming = False, None
                gc.enable()
                return
            timer = threading.Timer(RESUME_GC_AFTER, lambda: self._resume_after(timer))
            timer.daemon = True
            self.resuming = timer
        timer.start()

    def _resume_after(self, timer: threading.Timer) -> None:
        with self.lock:
            if self.resuming is not timer:  # a build began meanwhile: it keeps the pause
                return
            self.paused, self.resuming = False, None
            gc.enable()
