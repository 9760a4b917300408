"""The site folder: built beside the target, swapped in whole, never lost.

A build writes into a fresh folder next to the target site folder
(``.briefing-build-<pid>-<random>``), and only once the build is complete is that folder
swapped with the target, in one step where the system allows (Linux's
``renameat2(RENAME_EXCHANGE)``), otherwise by two renames with interruptions held back
between them. Until then the target is not touched: a failed, interrupted or killed build
leaves the previous site as it was, byte for byte. What a failed or interrupted build made
is removed at once; what a killed one left (its fresh folder, scratch folders of the search
index) carries its process id in its name, and the next build removes it once that process
is gone.

A lock file beside the target (``.briefing-lock-<name>``, ``flock``, removed by the build
holding it when done) keeps two builds from writing the same site: the second one fails at once
with a message naming the first one's process.

Errors of writing (a full disk, a read-only or forbidden folder) are :class:`SiteWriteError`,
one line: ``cannot write the site to site/: No space left on device; the previous site is kept``.

This module knows nothing of MkDocs (the plugin and the command line use it).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

BUILD_PREFIX = ".briefing-build-"
LOCK_PREFIX = ".briefing-lock-"
#: Folders a process of ours makes and removes when done, named ``<prefix><pid>-<random>``:
#: beside the target (fresh sites, the search index's scratch) and in the system's temporary folder.
LEFTOVER = re.compile(r"^\.?briefing-(?:build|old|old-site|shards|search)-(\d+)-")
#: The same scratch folders as named before they carried a process id (kept while younger than this).
OLD_STYLE = re.compile(r"^\.?briefing-(?:shards|search|old-site)-[a-z0-9_]{8}$")
OLD_STYLE_AGE = 3600.0
#: Errors of the file system that no retry mends: each gets one line, never a traceback.
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EMLINK}
#: Interruptions held back while the site folders are swapped.
_HELD = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
RENAME_EXCHANGE = 2
AT_FDCWD = -100


#: The lock files this process holds. A forked helper closes its copies at once: otherwise a helper
#: outliving a killed build would keep the site locked.
_LOCKS: set[int] = set()


def _close_locks() -> None:
    for fd in list(_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_locks)


class SiteWriteError(Exception):
    """The site cannot be written (or locked): one line for the user."""


class SiteLocked(SiteWriteError):
    """Another build holds the site's lock."""


def shown(path: Path) -> str:
    """A folder as the user named it: relative to the working folder when inside it, with a final slash."""
    try:
        text = os.path.relpath(path)
        if text.startswith(".."):
            text = str(path)
    except ValueError:
        text = str(path)
    return text.rstrip("/") + "/"


def write_error(exc: BaseException, within: tuple[Path, ...] = ()) -> OSError | None:
    """The file-system error (a full disk, a read-only or forbidden folder) behind ``exc``, if any;
    with ``within``, an error naming a file elsewhere (a source that cannot be read) is not one."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, OSError) and current.errno in WRITE_ERRNOS:
            named = current.filename
            if not within or not isinstance(named, (str, bytes, os.PathLike)):
                return current
            where = os.path.realpath(os.fsdecode(named))
            if any(where == str(w) or where.startswith(str(w).rstrip("/") + "/") for w in within):
                return current
            return None
        current = current.__cause__ or current.__context__
        seen += 1
    # Pagefind (a separate program) says it in words.
    text = str(exc)
    for number in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT):
        if os.strerror(number) in text:
            return OSError(number, os.strerror(number))
    return None


def write_message(target: Path, error: OSError, kept: bool = True) -> str:
    reason = error.strerror or str(error)
    tail = "; the previous site is kept" if kept else ""
    return f"cannot write the site to {shown(target)}: {reason}{tail}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def remove_leftovers(*folders: Path) -> list[Path]:
    """Remove what builds killed before their end left in ``folders`` (by default beside nothing:
    the system's temporary folder is always looked at): folders named with the id of a process that
    is gone, and scratch folders named as before they carried one, once an hour old."""
    removed = []
    now = time.time()
    for folder in (*folders, Path(tempfile.gettempdir())):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = LEFTOVER.match(entry.name)
            if match is not None:
                if _alive(int(match.group(1))):
                    continue
            elif OLD_STYLE.match(entry.name):
                try:
                    if now - entry.stat(follow_symlinks=False).st_mtime < OLD_STYLE_AGE:
                        continue
                except OSError:
                    continue
            else:
                continue
            path = Path(entry.path)
            _remove(path)
            removed.append(path)
    return removed


def scratch_prefix(kind: str, hidden: bool = False) -> str:
    """The name prefix of a scratch folder of this process (see :data:`LEFTOVER`)."""
    return f"{'.' if hidden else ''}briefing-{kind}-{os.getpid()}-"


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux 3.15+, glibc 2.28+); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):  # not glibc (or not Linux)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(number, os.strerror(number), str(b))


class _Held:
    """SIGINT, SIGTERM and SIGHUP held back while the folders are swapped, then delivered."""

    def __enter__(self) -> None:
        self._caught: list[int] = []
        self._previous: dict[int, object] = {}
        try:
            for number in _HELD:
                self._previous[number] = signal.signal(number, lambda n, _frame: self._caught.append(n))
        except ValueError:  # not the main thread: Python's handlers run there anyway
            pass

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
        for number in dict.fromkeys(self._caught):
            signal.raise_signal(number)


class SiteFolder:
    """One build of the site at ``target``: :meth:`open` (lock, leftovers removed, fresh folder
    made), then the build writes into :attr:`fresh`, then :meth:`commit` (swapped in) or
    :meth:`abandon` (removed; the target untouched). ``keep`` starts the fresh folder as a copy of
    the target (``--dirty``: the pages MkDocs does not write again stay); otherwise it holds only the
    target's hidden entries (MkDocs never deletes those: a ``.git``, a ``.nojekyll``), linked."""

    def __init__(self, target: Path | str) -> None:
        self.target = Path(os.path.realpath(os.path.abspath(target)))
        self.fresh: Path | None = None
        self._lock_fd: int | None = None
        #: The target is a mount point (it cannot be renamed): the fresh folder is made in it, hidden,
        #: and entries are moved one by one.
        self._inside = False
        self.done = False

    @property
    def lock_path(self) -> Path:
        return self.target.parent / f"{LOCK_PREFIX}{self.target.name}"

    def open(self, keep: bool = False) -> Path:
        target = self.target
        if target.exists() and not target.is_dir():
            raise SiteWriteError(f"cannot write the site to {shown(target)}: it is a file, not a folder")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._lock()
            remove_leftovers(target.parent, *( [target] if target.is_dir() else []))
            if target.is_dir() and not os.access(target, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
            self._inside = target.is_dir() and os.path.ismount(target)
            where = target if self._inside else target.parent
            self.fresh = Path(tempfile.mkdtemp(prefix=f"{BUILD_PREFIX}{os.getpid()}-", dir=where))
            if target.is_dir():
                self._seed(keep)
        except SiteWriteError:
            self.abandon()
            raise
        except OSError as exc:
            self.abandon()
            error = write_error(exc)
            if error is None:
                raise
            raise SiteWriteError(write_message(target, error, kept=target.is_dir())) from None
        return self.fresh

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # not a POSIX system: no lock
            return
        while True:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (process {holder})" if holder.isdigit() else ""
                raise SiteLocked(f"another build is writing the site to {shown(self.target)}{who}; "
                                 f"wait for it to end, then build again") from None
            # The holder removes the file when done (nothing stays beside the site): the file
            # locked must still be the one at that path, or another build may lock a newer one.
            mine = os.fstat(fd)
            try:
                there = os.stat(self.lock_path)
            except FileNotFoundError:
                there = None
            if there is not None and (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino):
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._lock_fd = fd
        _LOCKS.add(fd)

    def _unlock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            _LOCKS.discard(fd)
            with contextlib.suppress(OSError):
                self.lock_path.unlink()  # still locked: a build waiting on it tries again
            os.close(fd)  # closing releases the lock

    def _entries(self, folder: Path) -> Iterator[os.DirEntry[str]]:
        for entry in os.scandir(folder):
            if self.fresh is not None and entry.path == str(self.fresh):
                continue
            if LEFTOVER.match(entry.name):
                continue
            yield entry

    def _seed(self, keep: bool) -> None:
        assert self.fresh is not None
        for entry in self._entries(self.target):
            hidden = entry.name.startswith(".")
            if not (hidden or keep):
                continue
            # Hidden entries are never written by MkDocs: linked. Others are written in place
            # (a file opened and truncated): copied, so that the previous site stays as it is.
            copy = _link_or_copy if hidden else shutil.copy2
            there = self.fresh / entry.name
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, there, symlinks=True, copy_function=copy)
            else:
                copy(entry.path, str(there))

    def commit(self) -> None:
        """Put the fresh folder in the target's place, then remove the previous site."""
        assert self.fresh is not None and not self.done
        fresh, target = self.fresh, self.target
        with _Held():
            if self._inside:
                old = self._commit_inside()
            elif not target.exists():
                os.rename(fresh, target)
                old = None
            elif _exchange(fresh, target):
                old = fresh  # now holds the previous site
            else:
                old = target.with_name(f".briefing-old-{os.getpid()}-{fresh.name[-8:]}")
                os.rename(target, old)
                os.rename(fresh, target)
            self.done = True
            self.fresh = None
        if old is not None:
            _remove(old)
        self._unlock()

    def _commit_inside(self) -> Path:
        """The target is a mount point: its entries go into a hidden folder in it, the fresh ones come out."""
        assert self.fresh is not None
        old = Path(tempfile.mkdtemp(prefix=f".briefing-old-{os.getpid()}-", dir=self.target))
        for entry in list(self._entries(self.target)):
            if entry.path != str(old):
                os.rename(entry.path, old / entry.name)
        for entry in list(os.scandir(self.fresh)):
            os.rename(entry.path, self.target / entry.name)
        self.fresh.rmdir()
        return old

    def abandon(self) -> None:
        """Remove the fresh folder; the target stays as it was."""
        fresh, self.fresh = self.fresh, None
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        self._unlock()
