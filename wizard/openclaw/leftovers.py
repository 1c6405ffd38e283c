"""Old copies of credentials that outlive their use: authwizard's own store backups
(``auth-profiles.json.bak``, ``.bak.1`` … ``.bak.4``) and the archives OpenClaw's import leaves
(``auth-profiles.json.migrated-*`` from 2026.8.1, ``auth-profiles.json.sqlite-import.*.bak``
from 2026.6.10). After a rotation or a removal they hold a secret nothing uses any more."""


import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

Kind = Literal["backup", "import-archive"]
STORE = "auth-profiles.json"
# What follows "auth-profiles.json." in a copy's name: (start, end, kind), in the order listed.
SUFFIXES: tuple[tuple[str, str, Kind], ...] = (
    ("bak", "bak", "backup"),  # the name itself: start and end are the whole suffix
    ("bak.", "", "backup"),
    ("migrated-", "", "import-archive"),
    ("sqlite-import.", ".bak", "import-archive"),
)
SECRET_FIELDS = ("key", "token", "access", "refresh", "apiKey", "accessToken", "refreshToken")
MAX_BYTES = 4 << 20


class Leftover(NamedTuple):
    path: Path
    kind: Kind
    stale: int  # how many secrets in it are no longer in use
    profile_ids: tuple[str, ...]  # the profiles those secrets belonged to


def secrets_by_profile(data: Any) -> dict[str, set[str]]:
    """Every secret value a store document holds, by profile id."""
    found: dict[str, set[str]] = {}
    profiles = data.get("profiles") if isinstance(data, Mapping) else None
    if not isinstance(profiles, Mapping):
        return found
    for pid, entry in profiles.items():
        if isinstance(entry, Mapping):
            values = {v for f in SECRET_FIELDS if isinstance(v := entry.get(f), str) and v.strip()}
            if values:
                found[str(pid)] = values
    return found


def live_secrets(stores: Iterable[Any]) -> set[str]:
    return {s for data in stores for values in secrets_by_profile(data).values() for s in values}


def _read(path: Path) -> Any:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None


def copy_kind(name: str) -> tuple[int, Kind] | None:
    """Which kind of copy of the store a file name is (and its rank in ``SUFFIXES``)."""
    if not name.startswith(STORE + ".") or name.endswith(".tmp"):
        return None
    rest = name[len(STORE) + 1:]
    for rank, (start, end, kind) in enumerate(SUFFIXES):
        if start == end:
            if rest == start:
                return rank, kind
        elif rest.startswith(start) and rest.endswith(end) and len(rest) >= len(start + end):
            return rank, kind
    return None


def candidates(agent_dir: Path) -> list[tuple[Path, Kind]]:
    """The copies of the store in ``agent_dir``: the backups first, then the archives."""
    try:
        names = os.listdir(agent_dir)
    except OSError:
        return []
    found = sorted((hit[0], name, hit[1]) for name in names if (hit := copy_kind(name)))
    return [(agent_dir / name, kind) for _, name, kind in found]


def find(agent_dirs: Iterable[Path], live: set[str]) -> list[Leftover]:
    """The backup and archive files that hold at least one secret not in ``live``."""
    out: list[Leftover] = []
    for folder in dict.fromkeys(agent_dirs):
        for path, kind in candidates(folder):
            held = secrets_by_profile(_read(path))
            stale_ids = tuple(pid for pid, values in held.items() if values - live)
            stale = sum(len(values - live) for values in held.values())
            if stale:
                out.append(Leftover(path, kind, stale, stale_ids))
    return out


def shred(path: Path) -> None:
    """Overwrite the file's bytes with zeros, flush them to disk, then unlink it."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        size = os.fstat(fd).st_size
        os.write(fd, b"\0" * size)
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()
