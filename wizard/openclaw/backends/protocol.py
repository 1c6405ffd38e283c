"""What the flow, the TUI, the replay and ``status`` see of a backend.

Which files (or which OpenClaw command) carry the credential is the implementation's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from wizard.core.plan import Intent, WritePlan
from wizard.openclaw.store import Located


class WriteOutcome:
    """What a write did. (Plain classes, not dataclasses: a cold ``--replay`` imports them.)"""

    __slots__ = ("backups", "external", "keychain", "notes", "plan", "profile_id", "rotated",
                 "tightened", "written")

    def __init__(
        self, profile_id: str, rotated: bool, plan: WritePlan | None,
        written: list[Path] | None = None, backups: list[Path] | None = None,
        tightened: list[str] | None = None, notes: list[str] | None = None,
        external: bool = False, keychain: list[str] | None = None,
    ) -> None:
        self.profile_id = profile_id
        self.rotated = rotated
        self.plan = plan
        self.written = written if written is not None else []
        self.backups = backups if backups is not None else []
        self.tightened = tightened if tightened is not None else []
        self.notes = notes if notes is not None else []
        self.external = external  # written by OpenClaw's own command (G3/G4), not by authwizard
        self.keychain = keychain if keychain is not None else []  # keychain items (ref ids)


class ImportOutcome:
    """What the installed OpenClaw's own import of a legacy auth-profiles.json did."""

    __slots__ = ("command", "config_changes")

    def __init__(self, command: str, config_changes: list[str] | None = None) -> None:
        self.command = command  # the command run, for the report
        self.config_changes = config_changes or []  # openclaw.json keys it changed


class Backend(Protocol):
    generation: str

    def read(self) -> Located: ...

    def preview(self, located: Located, intent: Intent, now_ms: float) -> WritePlan: ...

    def write(self, intent: Intent, now_ms: Callable[[], float]) -> WriteOutcome: ...

    def status(self, agent: str) -> dict[str, Any] | None:
        """What OpenClaw itself reports for ``agent`` (``openclaw models status --json``), or
        None where authwizard reads the very files OpenClaw reads. Raises ``FilesError`` when
        OpenClaw cannot be asked."""
        ...

    def remove(self, profile_id: str, agents: tuple[str, ...],
               now_ms: Callable[[], float]) -> WriteOutcome:
        """Remove ``profile_id`` from the stores of ``agents`` and every mention of it (order,
        lastGood, usage, the config entry once no store holds it)."""

    def ask_status(self, agents: Iterable[str], background: bool = False) -> None:
        """Start asking OpenClaw about ``agents`` in the background (nothing where ``status``
        is None), so that ``status`` has the answer sooner; ``background``: nobody waits for
        it yet, so OpenClaw may run at a lower CPU priority."""

    def import_legacy(self) -> ImportOutcome:
        """Have the installed OpenClaw import the legacy auth-profiles.json files into its
        SQLite store (``openclaw doctor --fix --non-interactive``). Raises ``FilesError`` where
        the release reads the JSON files itself or the import fails."""
        ...
