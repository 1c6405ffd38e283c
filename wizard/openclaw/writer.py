"""Write planned file contents: lock, check unchanged, rotate backups, atomic replace.

DESIGN §6: each file is written atomically (temp in the same directory, fsync, rename) after a
rotating backup (``.bak``, ``.bak.1`` … ``.bak.4``); the store is changed while holding
OpenClaw's lock (directory ``auth-profiles.json.lock``, stale after 30 s). A failure at any point
leaves each file wholly old or wholly new.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wizard.core.plan import CONFIG, FileChange, WritePlan
from wizard.errors import FilesError

BACKUPS = 5  # .bak + .bak.1 … .bak.4
LOCK_STALE_S = 30.0
LOCK_WAIT_S = 10.0

Fault = Callable[[str], None]


class ConcurrentChange(Exception):
    """A file changed on disk between read and write: re-read and re-plan."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed while authwizard was working")
        self.path = path


@dataclass
class WriteResult:
    written: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    tightened: list[str] = field(default_factory=list)  # "path: 0644 → 0600"
    old_modes: dict[Path, int] = field(default_factory=dict)


def _no_fault(_step: str) -> None:
    return None


def backup_names(path: Path) -> list[Path]:
    return [path.with_name(path.name + ".bak")] + [
        path.with_name(f"{path.name}.bak.{i}") for i in range(1, BACKUPS)
    ]


def _rotate_backups(path: Path) -> Path:
    names = backup_names(path)
    for older, newer in zip(reversed(names[1:]), reversed(names[:-1]), strict=True):
        if newer.exists():
            os.replace(newer, older)
    dest = names[0]
    tmp = dest.with_name(f".{dest.name}.{os.urandom(8).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(path, "rb") as src, os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return dest


def _ensure_dir(directory: Path, result: WriteResult) -> None:
    if not directory.exists():
        missing = [directory, *(p for p in directory.parents if not p.exists())]
        for d in reversed(missing):
            d.mkdir(mode=0o700, exist_ok=True)
            os.chmod(d, 0o700)
        return
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        os.chmod(directory, mode & 0o700)
        result.tightened.append(f"{directory}: {mode:04o} → {mode & 0o700:04o}")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return "\0unreadable"


def atomic_write(path: Path, text: str, fault: Fault = _no_fault) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(8).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        fault(f"before-rename:{path.name}")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


@contextlib.contextmanager
def store_lock(
    path: Path,
    wait_s: float = LOCK_WAIT_S,
    stale_s: float = LOCK_STALE_S,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[None]:
    """OpenClaw's proper-lockfile convention: the lock is the directory ``<file>.lock``."""
    lock = path.with_name(path.name + ".lock")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            os.mkdir(lock, 0o700)
            break
        except FileExistsError:
            try:
                age = time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                continue
            if age > stale_s:
                # Stale: take it over (touch, so no one else takes it over too).
                os.utime(lock)
                break
            if time.monotonic() >= deadline:
                raise FilesError(
                    f"{lock} is held by another process (OpenClaw or authwizard is "
                    f"writing credentials); waited {wait_s:.0f} s",
                    "try again in a moment; if no OpenClaw process is running, remove "
                    f"the stale lock with: rmdir '{lock}'",
                ) from None
            sleep(0.1)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError, OSError):
            os.rmdir(lock)


def _write_one(
    path: Path, change: FileChange, result: WriteResult, fault: Fault
) -> None:
    if _current(path) != change.old_text:
        raise ConcurrentChange(path)
    if change.old_text is not None:
        old_mode = result.old_modes[path] = stat.S_IMODE(path.stat().st_mode)
        if old_mode & 0o077:  # the new file is 0600: say so (DESIGN §4)
            result.tightened.append(f"{path}: {old_mode:04o} → 0600")
        result.backups.append(_rotate_backups(path))
        fault(f"after-backup:{path.name}")
    atomic_write(path, change.new_text, fault)
    result.written.append(path)


def apply_plan(
    plan: WritePlan,
    files: dict[str, Path],
    fault: Fault = _no_fault,
    lock_wait_s: float = LOCK_WAIT_S,
) -> WriteResult:
    """Write every change of ``plan``. Stores first, the config last, so that an interrupted
    run never leaves a config naming an id its store lacks."""
    result = WriteResult()
    stores = [c for c in plan.changes if c.target != CONFIG]
    configs = [c for c in plan.changes if c.target == CONFIG]
    # A file that changed since it was read: give up before touching anything.
    for change in plan.changes:
        if _current(files[change.target]) != change.old_text:
            raise ConcurrentChange(files[change.target])
    try:
        for change in stores:
            path = files[change.target]
            _ensure_dir(path.parent, result)
            with store_lock(path, wait_s=lock_wait_s):
                _write_one(path, change, result, fault)
            fault("between-files")
        for change in configs:
            path = files[change.target]
            _ensure_dir(path.parent, result)
            _write_one(path, change, result, fault)
    except ConcurrentChange:
        # Changed after the check above: put back what this run already replaced, so the
        # caller re-reads the files as the other writer left them (DESIGN §6).
        _roll_back(plan, files, result)
        raise
    except FilesError:
        _roll_back(plan, files, result)
        raise
    except OSError as exc:
        _roll_back(plan, files, result)
        raise FilesError(
            f"cannot write {exc.filename or 'a file'}: {exc.strerror}",
            "check that the folder is writable by you and the disk is not full; "
            "nothing was changed",
        ) from None
    for path in result.written:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode != 0o600:
            os.chmod(path, 0o600)
    return result


def _roll_back(plan: WritePlan, files: dict[str, Path], result: WriteResult) -> None:
    """Put back the files this run already replaced, so a failed run changes nothing."""
    for change in plan.changes:
        path = files[change.target]
        if path not in result.written:
            continue
        with contextlib.suppress(OSError):
            if change.old_text is None:
                os.unlink(path)
            else:
                atomic_write(path, change.old_text)
                os.chmod(path, result.old_modes.get(path, 0o600))


def tighten(path: Path) -> str | None:
    """Make an existing file 0600; say what changed."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
    if mode & 0o077:
        os.chmod(path, mode & 0o600)
        return f"{path}: {mode:04o} → {mode & 0o600:04o}"
    return None
