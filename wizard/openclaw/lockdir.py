"""OpenClaw's lock convention (proper-lockfile): the lock of a file is the folder ``<file>.lock``
next to the file's real path, created with mkdir and stale after 30 s."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from wizard.errors import FilesError

LOCK_STALE_S = 30.0
LOCK_WAIT_S = 10.0
_POLL_S = 0.1


def lock_path(path: Path) -> Path:
    """Where the lock of ``path`` lives: proper-lockfile locks the symlink's target."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + ".lock")


def _not_a_lock(lock: Path, st: os.stat_result) -> FilesError:
    if stat.S_ISLNK(st.st_mode):
        target = os.readlink(lock)
        what = f"a symbolic link (to {target}), not a lock folder"
    elif stat.S_ISREG(st.st_mode):
        what = "a regular file, not a lock folder"
    else:
        what = "not a lock folder"
    return FilesError(
        f"{lock} is {what}; OpenClaw and authwizard lock with a folder of that name, "
        "so nothing can write the credentials while it is there",
        f"if no OpenClaw process is running, remove it with: rm '{lock}'",
    )


def _held(lock: Path, wait_s: float) -> FilesError:
    return FilesError(
        f"{lock} is held by another process (OpenClaw or authwizard is writing "
        f"credentials); waited {wait_s:.0f} s",
        "try again in a moment; if no OpenClaw process is running, remove the stale lock "
        f"with: rmdir '{lock}'",
    )


def _acquire(lock: Path, wait_s: float, stale_s: float,
             sleep: Callable[[float], None]) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            os.mkdir(lock, 0o700)
            return
        except FileExistsError:
            pass
        except OSError as exc:
            raise FilesError(
                f"cannot write in {lock.parent} (to lock {lock.name[:-5]}): {exc.strerror}",
                f"check that {lock.parent} is writable by you and the disk is not full; "
                "nothing was changed",
            ) from None
        try:
            st = os.lstat(lock)
        except FileNotFoundError:
            st = None  # released between our mkdir and lstat: try again
        if st is not None:
            if not stat.S_ISDIR(st.st_mode):
                raise _not_a_lock(lock, st)
            if time.time() - st.st_mtime > stale_s:
                # Stale: take it over (touch, so no one else takes it over too).
                os.utime(lock)
                return
        if time.monotonic() >= deadline:
            raise _held(lock, wait_s)
        sleep(_POLL_S if st is not None else 0.01)


@contextlib.contextmanager
def hold(
    path: Path,
    wait_s: float = LOCK_WAIT_S,
    stale_s: float = LOCK_STALE_S,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Path]:
    """Hold the lock of ``path`` (waiting up to ``wait_s``); yields the lock folder."""
    lock = lock_path(path)
    _acquire(lock, wait_s, stale_s, sleep)
    try:
        yield lock
    finally:
        with contextlib.suppress(OSError):
            os.rmdir(lock)
