"""``doctor --fix`` (and the TUI's repair key): apply the doctor's single-right-answer repairs
through the wizard's atomic, backed-up, locked write, then diagnose again. Prints nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from wizard.doctor.model import Finding
from wizard.errors import FilesError
from wizard.gather import doctor_input
from wizard.options import Environment

if TYPE_CHECKING:
    from wizard.legacy_import import ImportReport

MAX_REPLANS = 3
NO_IMPORTER = ("the legacy auth-profiles.json was left as it is: importing it needs the "
               "installed `openclaw` command, which was not found (install the release you use "
               "or pass --openclaw PATH)")


class FixOutcome(NamedTuple):
    """What ``doctor --fix`` (or the TUI's repair button) did."""

    before: tuple[Finding, ...]
    after: tuple[Finding, ...]  # a fresh diagnosis of the files as now on disk
    written: tuple[Path, ...]
    backups: tuple[Path, ...]
    tightened: tuple[str, ...]
    conflicts: tuple[str, ...]
    shredded: tuple[Path, ...] = ()  # old copies of secrets overwritten and deleted
    imported: ImportReport | None = None  # the legacy store OpenClaw imported after the repairs

    @property
    def fixed(self) -> tuple[Finding, ...]:
        from wizard.doctor.fixes import repaired

        return repaired(self.before, self.after)


def apply_fixes(environment: Environment, agents: tuple[str, ...] | None = None,
                import_anyway: bool = False) -> FixOutcome:
    """Apply the repairs; re-read and re-plan when a file changes underneath. Where the doctor
    calls for it (or ``import_anyway``), then have OpenClaw import the repaired legacy pair;
    a failed import puts every file back as it was."""
    from wizard.doctor.engine import diagnose
    from wizard.doctor.fixes import legacy_imports, plan_fixes
    from wizard.openclaw import writer

    shredded: tuple[Path, ...] = ()
    for _ in range(MAX_REPLANS):
        located, inp = doctor_input(environment, agents)
        can_import = environment.detected.reads_json or bool(environment.detected.binary)
        result = plan_fixes(inp, import_anyway, can_import)
        if import_anyway:
            refuse_worse_import(result.before)
        if not can_import and legacy_imports(result.before, import_anyway):
            result = result._replace(conflicts=(*result.conflicts, NO_IMPORTER))
        saved = _watch(located.files, result) if result.imports else None
        shredded += _shred(result.shreds)
        try:
            done = writer.apply_plan(result.plan, located.files) if result.plan.changes else None
        except writer.ConcurrentChange:
            continue
        imported = None
        if saved is not None:
            from wizard.legacy_import import expected_providers, run_import

            expected = expected_providers(result.plan.after, [i.agent for i in result.imports],
                                          inp.generation)
            imported = run_import(environment.backend, located.files, expected, saved)
        tightened = [*(done.tightened if done else []), *_chmod(result.chmods)]
        after = diagnose(doctor_input(environment, agents)[1])
        return FixOutcome(
            result.before, tuple(after), tuple(done.written if done else ()),
            tuple(done.backups if done else ()), tuple(tightened), result.conflicts,
            shredded, imported,
        )
    raise FilesError(
        "the OpenClaw files kept changing while authwizard doctor tried to fix them",
        "stop other OpenClaw processes (openclaw gateway stop) and run it again",
    )


def remove_stale_copies(environment: Environment) -> FixOutcome:
    """``doctor --fix`` for ``stale-secret-copies`` alone (the Done screen offers it after a
    rotation): the store backups and import archives that hold a secret no profile uses are
    overwritten, then deleted. Nothing else is repaired or written."""
    from wizard.doctor.codes import Code
    from wizard.doctor.engine import diagnose
    from wizard.doctor.model import Shred

    code = Code.STALE_SECRET_COPIES.code
    before = diagnose(doctor_input(environment)[1])
    shreds = tuple(dict.fromkeys(a for f in before if f.auto and f.code == code
                                 for a in f.actions if isinstance(a, Shred)))
    shredded = _shred(shreds)
    after = diagnose(doctor_input(environment)[1])
    return FixOutcome(tuple(before), tuple(after), (), (), (), (), shredded)


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


def _watch(files: dict[str, Path], result: Any) -> Any:
    from wizard.legacy_import import watched

    return watched(files, [i.agent for i in result.imports])


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


def refuse_worse_import(findings: tuple[Finding, ...]) -> None:
    """An import asked for (the TUI's i, ``"import_legacy": true``) that the doctor says
    would make a working credential worse: refused before anything is written."""
    from wizard.doctor.fixes import import_blocked

    blocked = import_blocked(findings)
    if not blocked:
        return
    found = [f for fs in blocked.values() for f in fs]
    raise FilesError(
        "the legacy auth-profiles.json was not imported: " + " ".join(f.message for f in found),
        found[0].fix.removeprefix("not changed by --fix: ") + " (nothing was changed)")
