"""The old copies of secrets a write leaves: store backups and OpenClaw import archives that still
hold a secret no profile uses (the doctor's ``stale-secret-copies``). The Done screen offers to
remove them at once; removing them is ``doctor --fix`` for that finding alone (overwrite, then
delete). No Textual here; paths are shown from ``~``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.doctor.codes import Code
from wizard.errors import WizardError
from wizard.views.text import tildify, tildify_text

if TYPE_CHECKING:
    from wizard.options import Environment


@dataclass(frozen=True)
class OldCopies:
    paths: tuple[str, ...]  # from ~
    words: str  # "3 backups still hold the old token"


@dataclass(frozen=True)
class CopiesRemoved:
    paths: tuple[str, ...]  # overwritten, then deleted (from ~)
    problem: str = ""  # why the rest could not be removed


def find(environment: Environment, rotated: str | None = None,
         called: str = "credential") -> OldCopies | None:
    """The copies ``doctor --fix`` would remove; None when there are none it may remove (where
    OpenClaw keeps credentials in SQLite, which secrets are live cannot be seen: nothing is
    offered). ``rotated``: the profile just rotated, whose old ``called`` ("token",
    "key") the copies are named after when they all hold it."""
    from wizard.doctor.engine import diagnose
    from wizard.gather import doctor_input

    code = Code.STALE_SECRET_COPIES.code
    try:
        inp = doctor_input(environment)[1]
        paths = [f.path for f in diagnose(inp) if f.code == code and f.auto and f.path]
    except WizardError:
        return None
    if not paths:
        return None
    copies = {c.path: c for c in inp.copies}
    backups = all(copies[p].kind == "backup" for p in paths if p in copies)
    n = len(paths)
    one = n == 1
    noun = ("backup" if one else "backups") if backups else ("old copy" if one else "old copies")
    if rotated is not None and all(p in copies and rotated in copies[p].profile_ids
                                   for p in paths):
        what = f"the old {called}"
    else:
        what = "a secret no profile uses any more" if one else "secrets no profile uses any more"
    words = f"{n} {noun} still {'holds' if one else 'hold'} {what}"
    home = environment.home
    return OldCopies(tuple(tildify(p, home) for p in paths), words)


def remove(environment: Environment) -> CopiesRemoved:
    """Overwrite, then delete every copy ``find`` names (``doctor --fix`` for
    ``stale-secret-copies``, nothing else)."""
    from wizard.fixes import remove_stale_copies

    home = environment.home
    try:
        outcome = remove_stale_copies(environment)
    except WizardError as exc:
        fix = f" (fix: {exc.fix})" if exc.fix else ""
        return CopiesRemoved((), tildify_text(f"could not remove them: {exc.message}{fix}", home))
    code = Code.STALE_SECRET_COPIES.code
    left = [f.path for f in outcome.after if f.code == code and f.auto and f.path]
    problem = (f"{len(left)} could not be removed: {', '.join(tildify(p, home) for p in left)}"
               if left else "")
    return CopiesRemoved(tuple(tildify(p, home) for p in outcome.shredded), problem)
