"""``doctor --fix`` (and the TUI's repair key): apply the doctor's single-right-answer repairs
through the wizard's atomic, backed-up, locked write, then diagnose again. Prints nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

from wizard.doctor.model import Finding
from wizard.errors import FilesError
from wizard.gather import doctor_input
from wizard.options import Environment

MAX_REPLANS = 3


class FixOutcome(NamedTuple):
    """What ``doctor --fix`` (or the TUI's repair button) did."""

    before: tuple[Finding, ...]
    after: tuple[Finding, ...]  # a fresh diagnosis of the files as now on disk
    written: tuple[Path, ...]
    backups: tuple[Path, ...]
    tightened: tuple[str, ...]
    conflicts: tuple[str, ...]
    shredded: tuple[Path, ...] = ()  # old copies of secrets overwritten and deleted

    @property
    def fixed(self) -> tuple[Finding, ...]:
        from wizard.doctor.fixes import repaired

        return repaired(self.before, self.after)


def apply_fixes(environment: Environment, agents: tuple[str, ...] | None = None) -> FixOutcome:
    """Apply the repairs; re-read and re-plan when a file changes underneath."""
    from wizard.doctor.engine import diagnose
    from wizard.doctor.fixes import plan_fixes
    from wizard.openclaw import writer

    shredded: tuple[Path, ...] = ()
    for _ in range(MAX_REPLANS):
        located, inp = doctor_input(environment, agents)
        result = plan_fixes(inp)
        shredded += _shred(result.shreds)
        try:
            done = writer.apply_plan(result.plan, located.files) if result.plan.changes else None
        except writer.ConcurrentChange:
            continue
        tightened = [*(done.tightened if done else []), *_chmod(result.chmods)]
        after = diagnose(doctor_input(environment, agents)[1])
        return FixOutcome(
            result.before, tuple(after), tuple(done.written if done else ()),
            tuple(done.backups if done else ()), tuple(tightened), result.conflicts,
            shredded,
        )
    raise FilesError(
        "the OpenClaw files kept changing while authwizard doctor tried to fix them",
        "stop other OpenClaw processes (openclaw gateway stop) and run it again",
    )


def _shred(shreds: Any) -> tuple[Path, ...]:
    from wizard.openclaw.leftovers import shred

    done: list[Path] = []
    for s in shreds:
        path = Path(s.path)
        try:
            shred(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise FilesError(f"cannot remove {path}: {exc.strerror}",
                             f"delete it by hand: shred -u '{path}'") from None
        done.append(path)
    return tuple(done)


def _chmod(chmods: Any) -> list[str]:
    from wizard.openclaw.writer import tighten

    done: list[str] = []
    for c in chmods:
        path = Path(c.path)
        try:
            if c.is_dir:
                old = stat.S_IMODE(path.stat().st_mode)
                if old & 0o077:
                    os.chmod(path, old & 0o700)
                    done.append(f"{path}: {old:04o} → {old & 0o700:04o}")
            elif (line := tighten(path)) is not None:
                done.append(line)
        except OSError as exc:
            raise FilesError(f"cannot change the mode of {path}: {exc.strerror}",
                             f"run: chmod {c.mode:04o} '{path}'") from None
    return done
