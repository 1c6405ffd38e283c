"""What a command found or did, before anyone prints it (``wizard.commands.render`` does).

Plain classes: a dataclass or NamedTuple costs every cold start ~0.3 ms to define."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from wizard.errors import WizardError

if TYPE_CHECKING:
    from wizard.doctor.model import Chmod, Finding, ImportPreview
    from wizard.fixes import FixOutcome


class Failure:
    """The error that ended a command: the problem, the way out, the exit code."""

    __slots__ = ("exit_code", "fix", "message")

    def __init__(self, message: str, fix: str | None, exit_code: int) -> None:
        self.message = message
        self.fix = fix
        self.exit_code = exit_code

    @classmethod
    def of(cls, exc: WizardError) -> Failure:
        return cls(exc.message, exc.fix, int(exc.exit_code))


class Result:
    """Common to every command. ``secrets``: values the renderer must never show."""

    command = "authwizard"

    def __init__(self, command: str | None = None, exit_code: int = 0,
                 failure: Failure | None = None) -> None:
        if command is not None:
            self.command = command
        self.exit_code = exit_code
        self.failure = failure
        self.secrets: set[str] = set()

    def fail(self, exc: WizardError) -> None:
        self.failure = Failure.of(exc)
        self.exit_code = self.failure.exit_code


class StatusResult(Result):
    """``authwizard status``: the documented document (docs/status-json.md) and the words
    describing the detected generation for the text table."""

    command = "status"

    def __init__(self) -> None:
        super().__init__()
        self.document: dict[str, Any] = {}
        self.generation_text = ""


class Generation:
    """The detected OpenClaw, as the doctor reports it."""

    __slots__ = ("explain", "json", "restart_command", "warnings")

    def __init__(self, json: dict[str, Any], explain: str, warnings: tuple[str, ...],
                 restart_command: str) -> None:
        self.json = json
        self.explain = explain
        self.warnings = warnings
        self.restart_command = restart_command

    @property
    def keeps_sqlite(self) -> bool:
        from wizard.spec.releases import GENERATIONS, row

        generation = self.json.get("generation")
        return generation in GENERATIONS and not row(generation).reads_json


class WouldImport:
    """The installed OpenClaw's import that ``doctor --fix`` would run after its repairs."""

    __slots__ = ("agents", "archive", "command", "config_backup", "config_changes")

    def __init__(self, command: str, agents: tuple[ImportPreview, ...], config_changes: str,
                 config_backup: str, archive: str) -> None:
        self.command = command
        self.agents = agents
        self.config_changes = config_changes  # what it also changes in openclaw.json
        self.config_backup = config_backup  # where authwizard keeps openclaw.json first
        self.archive = archive  # the name the legacy file gets (a plaintext copy)


class DryRun:
    """What ``doctor --fix --dry-run`` would do."""

    __slots__ = ("chmods", "diff", "files", "fixed", "imports", "left", "shreds")

    def __init__(self, diff: str, files: tuple[str, ...], chmods: tuple[Chmod, ...],
                 fixed: tuple[Finding, ...], left: tuple[Finding, ...],
                 shreds: tuple[str, ...] = (), imports: WouldImport | None = None) -> None:
        self.imports = imports
        self.shreds = shreds
        self.diff = diff
        self.files = files
        self.chmods = chmods
        self.fixed = fixed
        self.left = left


class DoctorResult(Result):
    """``authwizard doctor [--fix] [--dry-run]``: the findings, and what a fix did or would do."""

    command = "doctor"

    def __init__(self, fix: bool, dry_run: bool) -> None:
        super().__init__()
        self.fix = fix
        self.dry_run = dry_run
        self.generation: Generation | None = None
        self.findings: tuple[Finding, ...] | None = None  # before any repair
        self.would: DryRun | None = None
        self.would_import: WouldImport | None = None  # what --fix would have OpenClaw import
        self.outcome: FixOutcome | None = None
        self.checked = ""  # what was examined: "3 profiles of 2 providers for 2 agents"
        self.files_present = (True, True)  # (openclaw.json, every auth-profiles.json)


class ReplayResult(Result):
    """``authwizard --replay``: the run's document, and the human lines in the order they
    happened (``progress`` shows each as it happens; the renderer shows the rest)."""

    command = "replay"

    def __init__(self) -> None:
        super().__init__()
        self.document: dict[str, Any] = {}
        self.log: list[str] = []
        self.shown = 0  # how many of ``log`` progress has shown already
        self.stdout = ""  # the dry-run diff (text mode)
        self.progress: Callable[[str], None] | None = None

    def say(self, line: str) -> None:
        self.log.append(line)
        if self.progress is not None:
            self.progress(line)
            self.shown = len(self.log)

    def warn(self, line: str) -> None:
        self.document.setdefault("warnings", []).append(line)
        self.say(f"! {line}")


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity, every severity present."""
    from wizard.doctor.codes import SEVERITY_RANK

    found: list[str] = [f.severity for f in findings]
    return {s: found.count(s) for s in SEVERITY_RANK}


class RemoveResult(Result):
    """``authwizard remove PROFILE``: what was (or would be) removed, and what is left."""

    command = "remove"

    def __init__(self, profile: str, dry_run: bool) -> None:
        super().__init__()
        self.profile = profile
        self.dry_run = dry_run
        self.nothing = False  # nothing held the profile
        self.removed = False  # the files changed (or, dry run: would)
        self.agents: tuple[str, ...] = ()
        self.provider: str | None = None
        self.diff = ""
        self.notes: list[str] = []
        self.afterwards: list[dict[str, Any]] = []
        self.files: list[str] = []
        self.backups: list[str] = []
        self.keychain: list[str] = []
        self.warnings: list[str] = []
        self.restart_command = ""
        self.shown_preview = False  # the diff was shown before asking for the confirmation
