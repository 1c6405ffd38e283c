"""Temp files authwizard left behind when it was killed mid-write. They hold a whole config or
store (tokens included), so the next write removes them and the doctor names them."""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

from wizard.openclaw.lockdir import LOCK_STALE_S

# .<file>[.bak[.N]][.<pid>].<16 hex>.tmp, as written by atomic.temp_name (older releases wrote
# backup copies without the pid).
_OURS = re.compile(
    r"^\.(?P<file>.+\.json5?)(?:\.bak(?:\.\d)?)?(?:\.(?P<pid>\d+))?\.[0-9a-f]{16}\.tmp$"
)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    return True


def is_stale(path: Path, now: float, stale_s: float = LOCK_STALE_S) -> bool:
    match = _OURS.match(path.name)
    if match is None:
        return False
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if now - st.st_mtime > stale_s:
        return True
    pid = match.group("pid")
    return pid is not None and not _pid_alive(int(pid))


def stale_temp_files(directory: Path, now: float | None = None,
                     stale_s: float = LOCK_STALE_S) -> list[Path]:
    """authwizard's temp files in ``directory`` whose writer is gone (its pid is dead) or
    that are older than a stale lock; sorted."""
    at = time.time() if now is None else now
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(directory / n for n in names if is_stale(directory / n, at, stale_s))


def remove_stale_temp_files(directory: Path) -> list[Path]:
    removed: list[Path] = []
    for path in stale_temp_files(directory):
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed.append(path)
    return removed
