"""What a write created and changed, in words: for the Done screen and for the few lines left in
the terminal after the wizard exits (as `gh auth login` leaves). No Textual here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from wizard.openclaw.backends.protocol import WriteOutcome
from wizard.views.text import tildify


class Written(NamedTuple):
    created: list[str]
    changed: list[str]
    backups: list[str]


def written(outcome: WriteOutcome, files: Mapping[str, Path], home: Path) -> Written:
    """The files the write created and changed (shown from ``~``), and their backups."""
    plan = outcome.plan
    new = {Path(files[c.target]) for c in plan.changes
           if c.old_text is None and c.target in files} if plan else set()
    created = [tildify(p, home) for p in outcome.written if Path(p) in new]
    changed = [tildify(p, home) for p in outcome.written if Path(p) not in new]
    return Written(created, changed, [tildify(p, home) for p in outcome.backups])


def exit_summary(
    outcome: WriteOutcome,
    agents: tuple[str, ...],
    files: Mapping[str, Path],
    home: Path,
    *,
    unverified: bool,
    next_cmd: str | None,
    copies: str | None = None,
) -> list[str]:
    """The lines left in the terminal once the wizard has exited after a write; ``copies``:
    the line about old copies of secrets (left, or removed)."""
    w = written(outcome, files, home)
    if not (outcome.written or outcome.backups or outcome.external):
        return [f"✓ {outcome.profile_id} was already set up exactly so; nothing was changed.",
                *([copies] if copies else [])]
    verb = "Rotated" if outcome.rotated else "Saved"
    how = " through `openclaw models auth`" if outcome.external else ""
    who = f"agent{'s' if len(agents) > 1 else ''} {', '.join(agents)}"
    lines = [f"✓ {verb} {outcome.profile_id} for {who}{how}."]
    lines += [f"  Created {path}" for path in w.created]
    lines += [f"  Changed {path}" for path in w.changed]
    if w.backups:
        lines.append(f"  Backup  {', '.join(w.backups)}")
    if unverified:
        lines.append("! Saved without a successful check: run `authwizard status` later.")
    if copies:
        lines.append(copies)
    if next_cmd:
        lines.append(f"Next: {next_cmd}   (so the running gateway picks it up)")
    return lines
