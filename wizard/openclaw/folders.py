"""The folders a write needs: created 0700 when missing (and removed again if the write fails),
tightened to 0700 only when they are OpenClaw's own state folders. A parent such as a 1777
/tmp-like folder or a 0755 project folder is never chmod-ed."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from wizard.openclaw.atomic import give, owner_of


def openclaw_dirs(files: Iterable[Path]) -> set[Path]:
    """OpenClaw's own folders among those of ``files``: ``<state>/agents/<id>/agent`` and
    ``<state>``."""
    own: set[Path] = set()
    for f in files:
        d = f.parent
        if d.name == "agent" and d.parent.parent.name == "agents":
            own.update((d, d.parent.parent.parent))
    return own


def ensure_dir(directory: Path, own: set[Path], created: list[Path], tightened: list[str]
               ) -> None:
    """Create ``directory`` (and missing parents) 0700, appending each to ``created``; tighten
    an existing one only if it is in ``own``."""
    if not directory.exists():
        owner = owner_of(directory)
        missing = [directory, *(p for p in directory.parents if not p.exists())]
        for d in reversed(missing):
            try:
                d.mkdir(mode=0o700)
            except FileExistsError:
                continue
            created.append(d)
            os.chmod(d, 0o700)
            give(d, owner, d)
        return
    if directory not in own or shared(directory):
        return
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        try:
            os.chmod(directory, mode & 0o700)
        except OSError:
            return  # not ours to change: the write itself does not need it
        tightened.append(f"{directory}: {mode:04o} → {mode & 0o700:04o}")


def shared(directory: Path) -> bool:
    """A sticky (/tmp-like) folder, or another user's (unless run as root for its owner):
    never chmod-ed, whatever it holds."""
    st = directory.stat()
    return bool(st.st_mode & stat.S_ISVTX) or os.getuid() not in (0, st.st_uid)


def remove_created(created: list[Path]) -> None:
    """Take back the folders a failed run created (deepest first; only if still empty)."""
    for d in reversed(created):
        with contextlib.suppress(OSError):
            os.rmdir(d)
