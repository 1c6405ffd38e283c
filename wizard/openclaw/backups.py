"""Rotating backups as OpenClaw keeps them (``.bak``, ``.bak.1`` … ``.bak.4``), done as renames
that a failed run can undo: the oldest backup is only moved aside until the run succeeds."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from wizard.openclaw.atomic import temp_name

BACKUPS = 5  # .bak + .bak.1 … .bak.4


def backup_names(path: Path) -> list[Path]:
    return [path.with_name(path.name + ".bak")] + [
        path.with_name(f"{path.name}.bak.{i}") for i in range(1, BACKUPS)
    ]


class Journal:
    """The renames done so far, to put everything back; and the files to drop on success."""

    def __init__(self) -> None:
        self.renames: list[tuple[Path, Path]] = []
        self.dropped: list[Path] = []

    def rename(self, src: Path, dst: Path) -> None:
        os.replace(src, dst)
        self.renames.append((src, dst))

    def undo(self) -> None:
        for src, dst in reversed(self.renames):
            with contextlib.suppress(OSError):
                os.replace(dst, src)
        self.renames.clear()
        self.dropped.clear()

    def commit(self) -> None:
        for path in self.dropped:
            with contextlib.suppress(OSError):
                os.unlink(path)
        self.renames.clear()
        self.dropped.clear()


def rotate(path: Path, copy: Path, journal: Journal) -> Path:
    """Shift the backups of ``path`` by one and publish ``copy`` (a temp file holding the
    current content) as ``.bak``."""
    names = backup_names(path)
    if names[-1].exists():
        drop = temp_name(path, ".bak.4")
        journal.rename(names[-1], drop)
        journal.dropped.append(drop)
    for older, newer in zip(reversed(names[1:]), reversed(names[:-1]), strict=True):
        if newer.exists():
            journal.rename(newer, older)
    journal.rename(copy, names[0])
    return names[0]
