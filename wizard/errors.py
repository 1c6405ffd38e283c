"""Exit codes (DESIGN §2) and the typed errors that carry them to the command line."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1
    USAGE = 2
    REJECTED = 3
    UNVERIFIED = 4
    FILES = 5
    CANCELLED = 130


class WizardError(Exception):
    """An error the user can act on. ``message`` names the problem, ``fix`` the way out.

    Neither may contain a secret: build them from redacted forms only.
    """

    exit_code: ExitCode = ExitCode.PROBLEMS

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return self.message if not self.fix else f"{self.message}\n  fix: {self.fix}"


class UsageError(WizardError):
    exit_code = ExitCode.USAGE


class FilesError(WizardError):
    """The existing files are unreadable or invalid, or cannot be written."""

    exit_code = ExitCode.FILES


class ImportNeeded(FilesError):
    """OpenClaw 2026.8.1+ refuses credential commands until its legacy JSON store is imported.
    ``in_wizard``: the fix as the wizard's Welcome offers it (a key, not a command)."""

    in_wizard = ("press f: authwizard repairs the old file, then has OpenClaw import it; it "
                 "shows what both will do and asks first")


class CancelledError(WizardError):
    exit_code = ExitCode.CANCELLED



class PartlyWritten(FilesError):
    """A write for several agents that failed after some agents were already written: which
    ones were (their credential was replaced), so nothing claims that nothing changed."""

    def __init__(self, cause: WizardError, written: tuple[str, ...], left: tuple[str, ...]
                 ) -> None:
        done = ", ".join(written)
        message = (f"{cause.message} (for agent {left[0]}); agent(s) {done} were already "
                   f"written and keep the new credential, agent(s) {', '.join(left)} were not")
        super().__init__(message, cause.fix)
        self.written = written
        self.left = left
