"""What a command found or did, before anyone prints it (``wizard.commands.render`` does)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from wizard.core.doctor import SEVERITY_RANK, Finding
from wizard.errors import WizardError
from wizard.fixes import FixOutcome


@dataclass(frozen=True)
class Failure:
    """The error that ended a command: the problem, the way out, the exit code."""

    message: str
    fix: str | None
    exit_code: int

    @classmethod
    def of(cls, exc: WizardError) -> Failure:
        return cls(exc.message, exc.fix, int(exc.exit_code))


@dataclass
class Result:
    """Common to every command. ``secrets``: values the renderer must never show."""

    command: str
    exit_code: int = 0
    failure: Failure | None = None
    secrets: set[str] = field(default_factory=set)

    def fail(self, exc: WizardError) -> None:
        self.failure = Failure.of(exc)
        self.exit_code = self.failure.exit_code


@dataclass
class StatusResult(Result):
    """``authwizard status``: the documented document (docs/status-json.md) and the words
    describing the detected generation for the text table."""

    command: str = "status"
    document: dict[str, Any] = field(default_factory=dict)
    generation_text: str = ""


@dataclass(frozen=True)
class Generation:
    """The detected OpenClaw, as the doctor reports it."""

    json: dict[str, Any]
    explain: str
    warnings: tuple[str, ...]
    restart_command: str

    @property
    def keeps_sqlite(self) -> bool:
        return self.json.get("generation") in ("G3", "G4")


@dataclass(frozen=True)
class Chmod:
    path: str
    mode: int


@dataclass(frozen=True)
class DryRun:
    """What ``doctor --fix --dry-run`` would do."""

    diff: str
    files: tuple[str, ...]
    chmods: tuple[Chmod, ...]
    fixed: tuple[Finding, ...]
    left: tuple[Finding, ...]


@dataclass
class DoctorResult(Result):
    """``authwizard doctor [--fix] [--dry-run]``: the findings, and what a fix did or would do."""

    command: str = "doctor"
    fix: bool = False
    dry_run: bool = False
    generation: Generation | None = None
    findings: tuple[Finding, ...] | None = None  # before any repair
    would: DryRun | None = None
    outcome: FixOutcome | None = None


@dataclass
class ReplayResult(Result):
    """``authwizard --replay``: the run's document, and the human lines in the order they
    happened (``progress`` shows each as it happens; the renderer shows the rest)."""

    command: str = "replay"
    document: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    shown: int = 0  # how many of ``log`` progress has shown already
    stdout: str = ""  # the dry-run diff (text mode)
    progress: Callable[[str], None] | None = field(default=None, repr=False)

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
    found: list[str] = [f.severity for f in findings]
    return {s: found.count(s) for s in SEVERITY_RANK}
