"""Write planned file contents: lock, check unchanged, prepare, rotate backups, atomic replace.

Every file of a plan is first written to a temp file next to its real path (so a full disk or
a read-only folder fails before anything visible changed); only then are the backups rotated
and the temp files renamed over the files, stores first and the config last. The config is
changed while holding ``openclaw.json.lock`` and each store while holding OpenClaw's
``auth-profiles.json.lock`` (folders, stale after 30 s), so concurrent runs never lose an edit.
A failure at any point leaves each file, and its backups, as they were.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from wizard.core.plan import CONFIG, WritePlan
from wizard.errors import FilesError
from wizard.openclaw import lockdir
from wizard.openclaw.atomic import (
    atomic_write,
    fsync_dir,
    owner_of,
    real_path,
    write_temp,
)
from wizard.openclaw.backups import BACKUPS, Journal, backup_names, rotate
from wizard.openclaw.folders import ensure_dir, openclaw_dirs, remove_created
from wizard.openclaw.lockdir import LOCK_STALE_S, LOCK_WAIT_S, hold
from wizard.openclaw.tempfiles import remove_stale_temp_files

__all__ = [
    "BACKUPS", "LOCK_STALE_S", "LOCK_WAIT_S", "ConcurrentChange", "Fault", "WriteResult",
    "apply_plan", "atomic_write", "backup_names", "store_lock", "tighten",
]

Fault = Callable[[str], None]
store_lock = lockdir.hold


class ConcurrentChange(Exception):
    """A file changed on disk between read and write: re-read and re-plan."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed while authwizard was working")
        self.path = path


class WriteResult:
    __slots__ = ("backups", "old_modes", "tightened", "written")

    def __init__(self) -> None:
        self.written: list[Path] = []
        self.backups: list[Path] = []
        self.tightened: list[str] = []  # "path: 0644 → 0600"
        self.old_modes: dict[Path, int] = {}


class _Write:
    """One file to replace: ``path`` as OpenClaw names it, ``real`` the file behind links."""

    __slots__ = ("copy_tmp", "is_config", "new_text", "new_tmp", "old_text", "path", "real")

    def __init__(self, path: Path, real: Path, old_text: str | None, new_text: str,
                 is_config: bool) -> None:
        self.path = path
        self.real = real
        self.old_text = old_text
        self.new_text = new_text
        self.is_config = is_config
        self.new_tmp: Path | None = None
        self.copy_tmp: Path | None = None


def _no_fault(_step: str) -> None:
    return None


def _current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return "\0unreadable"


def _writes(plan: WritePlan, files: dict[str, Path]) -> list[_Write]:
    """The plan's changes, stores first and the config last (an interrupted run never leaves
    a config naming an id its store lacks); agents sharing one file write it once."""
    ordered = [c for c in plan.changes if c.target != CONFIG] + [
        c for c in plan.changes if c.target == CONFIG
    ]
    by_real: dict[Path, _Write] = {}
    for change in ordered:
        path = files[change.target]
        real = real_path(path)
        seen = by_real.get(real)
        if seen is None:
            by_real[real] = _Write(path, real, change.old_text, change.new_text,
                                   change.target == CONFIG)
        elif (seen.old_text, seen.new_text) != (change.old_text, change.new_text):
            raise FilesError(
                f"{seen.path} and {path} are one file ({real}), but the agents that share it "
                "would need different contents",
                "write these agents one at a time (--agent ID); nothing was changed",
            )
    return list(by_real.values())


def _prepare(w: _Write, result: WriteResult) -> None:
    owner = owner_of(w.real)
    w.new_tmp = write_temp(w.real, w.new_text.encode("utf-8"), owner)
    if w.old_text is None:
        return
    old_mode = result.old_modes[w.path] = stat.S_IMODE(os.stat(w.real).st_mode)
    if old_mode & 0o077:  # the new file is 0600: say so
        result.tightened.append(f"{w.path}: {old_mode:04o} → 0600")
    w.copy_tmp = write_temp(w.real, w.old_text.encode("utf-8"), owner, kind=".bak")


def _commit(w: _Write, journal: Journal, result: WriteResult, fault: Fault) -> None:
    assert w.new_tmp is not None
    if _current(w.real) != w.old_text:  # OpenClaw writes its config without a lock
        raise ConcurrentChange(w.path)
    if w.copy_tmp is not None:
        result.backups.append(rotate(w.real, w.copy_tmp, journal))
        fault(f"after-backup:{w.path.name}")
    fault(f"before-rename:{w.path.name}")
    os.replace(w.new_tmp, w.real)
    result.written.append(w.path)
    fsync_dir(w.real.parent)


def _roll_back(writes: list[_Write], result: WriteResult, journal: Journal) -> None:
    """Put back the files and backups this run already replaced, and drop its temp files. A
    file someone changed since (its lock was released) keeps their version."""
    for w in reversed(writes):
        if w.path not in result.written or _current(w.real) != w.new_text:
            continue
        with contextlib.suppress(OSError):
            if w.old_text is None:
                os.unlink(w.real)
            else:
                atomic_write(w.real, w.old_text, result.old_modes.get(w.path, 0o600))
    journal.undo()
    for w in writes:
        for tmp in (w.new_tmp, w.copy_tmp):
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


class _Locks:
    """The locks of one run: all taken before anything is compared; a store's is released as
    soon as that store is written (OpenClaw's gateway waits on it), the config's at the end."""

    def __init__(self, writes: list[_Write], wait_s: float) -> None:
        self._held: dict[Path, contextlib.ExitStack] = {}
        self._order = [w.real for w in writes if w.is_config] + sorted(
            w.real for w in writes if not w.is_config
        )
        self._wait_s = wait_s

    def __enter__(self) -> _Locks:
        try:
            for path in self._order:
                stack = contextlib.ExitStack()
                stack.enter_context(hold(path, wait_s=self._wait_s))
                self._held[path] = stack
        except BaseException:
            self.__exit__()
            raise
        return self

    def release(self, path: Path) -> None:
        stack = self._held.pop(path, None)
        if stack is not None:
            stack.close()

    def __exit__(self, *_exc: object) -> None:
        for path in reversed(list(self._held)):
            self.release(path)


def _write_locked(writes: list[_Write], result: WriteResult, fault: Fault, locks: _Locks
                  ) -> None:
    for w in writes:
        if _current(w.real) != w.old_text:
            raise ConcurrentChange(w.path)
    for folder in dict.fromkeys(w.real.parent for w in writes):
        remove_stale_temp_files(folder)
    journal = Journal()
    try:
        for w in writes:
            _prepare(w, result)
        for w in writes:
            _commit(w, journal, result, fault)
            if not w.is_config:
                locks.release(w.real)
                fault("between-files")
    except BaseException:
        _roll_back(writes, result, journal)
        raise
    journal.commit()


def apply_plan(
    plan: WritePlan,
    files: dict[str, Path],
    fault: Fault = _no_fault,
    lock_wait_s: float = LOCK_WAIT_S,
) -> WriteResult:
    """Write every change of ``plan``, or raise with nothing changed: ``ConcurrentChange``
    when a file is no longer what the plan was made from, ``FilesError`` otherwise."""
    result = WriteResult()
    if not plan.changes:
        return result
    writes = _writes(plan, files)
    own = openclaw_dirs(w.real for w in writes)
    created: list[Path] = []
    try:
        for w in writes:
            ensure_dir(w.real.parent, own, created, result.tightened)
        with _Locks(writes, lock_wait_s) as locks:
            _write_locked(writes, result, fault, locks)
        _tighten_around(writes, files.get(CONFIG), own, result)
    except (ConcurrentChange, FilesError):
        remove_created(created)
        raise
    except OSError as exc:
        remove_created(created)
        raise FilesError(
            f"cannot write {exc.filename or 'a file'}: {exc.strerror}",
            "check that the folder is writable by you and the disk is not full; "
            "nothing was changed",
        ) from None
    except BaseException:
        remove_created(created)
        raise
    return result


def _tighten_around(writes: list[_Write], config: Path | None, own: set[Path],
                    result: WriteResult) -> None:
    """After a write: OpenClaw's state folder 0700 too (not only the folder written into), and
    openclaw.json 0600 even when this write left it as it was. Best effort: the write is done."""
    for d in sorted(own):
        if d.is_dir():
            with contextlib.suppress(OSError):
                ensure_dir(d, own, [], result.tightened)
    if config is not None and all(w.path != config for w in writes):
        with contextlib.suppress(OSError):
            line = tighten(config)
            if line:
                result.tightened.append(line)


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
