"""Files written whole or not at all: a 0600 temp file in the target's real folder, fsync,
rename. A symlink is written through (the link stays a link), and a file owned by someone else
keeps its owner and group (a run with sudo must not take the user's credentials away)."""


import contextlib
import os
from pathlib import Path
from typing import NamedTuple

from wizard.errors import FilesError


class Owner(NamedTuple):
    uid: int
    gid: int


def real_path(path: Path) -> Path:
    """The file a write must replace: the target of a symlink (OpenClaw follows them too)."""
    return Path(os.path.realpath(path))


def temp_name(path: Path, kind: str = "") -> Path:
    """Ours: ``.<name>[.bak].<pid>.<16 hex>.tmp`` (see tempfiles.py)."""
    return path.with_name(f".{path.name}{kind}.{os.getpid()}.{os.urandom(8).hex()}.tmp")


def owner_of(path: Path) -> Owner | None:
    """Who a new version of ``path`` must belong to when that is not the process itself: the
    existing file's owner, or for a new file (run as root) its folder's owner."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.geteuid() != 0:
            return None
        st = os.stat(_existing_ancestor(path.parent))
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return None
    return Owner(st.st_uid, st.st_gid)


def _existing_ancestor(directory: Path) -> Path:
    for d in (directory, *directory.parents):
        if d.exists():
            return d
    return Path("/")


def give(fd_or_path: int | Path, owner: Owner | None, shown: Path) -> None:
    """Hand a file or folder to ``owner``; refuse (nothing was changed yet) when we cannot."""
    if owner is None:
        return
    try:
        if isinstance(fd_or_path, int):
            os.fchown(fd_or_path, owner.uid, owner.gid)
        else:
            os.chown(fd_or_path, owner.uid, owner.gid, follow_symlinks=False)
    except PermissionError:
        if owner.uid != os.geteuid():
            raise FilesError(
                f"{shown} belongs to uid {owner.uid}, and authwizard cannot keep that owner "
                "(it would take the file away from its user)",
                "run authwizard as that user; nothing was changed",
            ) from None
        # Only the group differs and we are not in it: the user keeps the file.


def write_temp(path: Path, data: bytes, owner: Owner | None, kind: str = "") -> Path:
    """A complete, fsynced 0600 copy of ``data`` next to ``path`` (same folder, so the rename
    that publishes it is atomic). The caller renames or removes it."""
    tmp = temp_name(path, kind)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), 0o600)  # whatever the umask
            give(out.fileno(), owner, path)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace the real file behind ``path`` with ``text`` in one rename."""
    real = real_path(path)
    tmp = write_temp(real, text.encode("utf-8"), owner_of(real))
    try:
        if mode != 0o600:
            os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(real.parent)
