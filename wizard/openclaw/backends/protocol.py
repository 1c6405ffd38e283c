"""What the flow, the TUI, the replay and ``status`` see of a backend.

Which files (or which OpenClaw command) carry the credential is the implementation's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from wizard.core.plan import Intent, WritePlan
from wizard.openclaw.store import Located


@dataclass
class WriteOutcome:
    profile_id: str
    rotated: bool
    plan: WritePlan | None
    written: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    tightened: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    external: bool = False  # written by OpenClaw's own command (G3/G4), not by authwizard
    keychain: list[str] = field(default_factory=list)  # keychain items (ref ids) written


@dataclass
class ImportOutcome:
    """What the installed OpenClaw's own import of a legacy auth-profiles.json did."""

    command: str  # the command run, for the report
    config_changes: list[str] = field(default_factory=list)  # openclaw.json keys it changed


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

    def ask_status(self, agents: Iterable[str]) -> None:
        """Start asking OpenClaw about ``agents`` in the background (nothing where ``status``
        is None), so that ``status`` has the answer sooner."""

    def import_legacy(self) -> ImportOutcome:
        """Have the installed OpenClaw import the legacy auth-profiles.json files into its
        SQLite store (``openclaw doctor --fix --non-interactive``). Raises ``FilesError`` where
        the release reads the JSON files itself or the import fails."""
        ...
