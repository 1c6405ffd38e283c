"""The Welcome screen's view of ``wizard.core.doctor`` / ``wizard.commands``. No Textual here.

Kept apart so the screens depend on one small, stable shape (``Finding``) whatever the doctor's
own types look like.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.flow import Flow
    from wizard.options import Environment

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning | info
    message: str
    fix: str | None = None
    fixable: bool = False
    profile: str | None = None


@dataclass(frozen=True)
class FixResult:
    changed: tuple[str, ...]  # what the fix did, one line each
    left: tuple[Finding, ...]  # findings that remain


def findings(environment: Environment, now_ms: float) -> tuple[tuple[Finding, ...], str]:
    """(findings, note); the note says why there are none when the doctor could not run."""
    return (), "the doctor is not available in this build"


def apply_fixes(environment: Environment, now_ms: float) -> FixResult:
    return FixResult((), ())


def health_of(profile_id: str, found: tuple[Finding, ...]) -> tuple[str, str]:
    """(level, words) for one profile from the findings that name it."""
    mine = [f for f in found if f.profile == profile_id]
    if not mine:
        return "ok", "✓"
    worst = min(mine, key=lambda f: SEVERITY_RANK.get(f.severity, 3))
    level = {"error": "error", "warning": "warn"}.get(worst.severity, "dim")
    mark = {"error": "✗", "warning": "!"}.get(worst.severity, "i")
    return level, mark


def status_line(environment: Environment | None, flow: Flow, now_ms: float) -> str:
    """One line on the profile just written: id, type, redacted secret, the check's outcome."""
    state = flow.state
    if state.credential is None or state.outcome is None:
        return ""
    verdict = state.verdict
    checked = {
        "valid": "✓ verified",
        "limited": "! verified, limited",
        "unverified": "? not verified",
    }.get(str(verdict.outcome) if verdict else "", "not checked")
    return (
        f"{state.outcome.profile_id}  {flow.credential_type()}  {state.credential.redacted}  "
        f"{checked}  agents: {', '.join(state.agents)}"
    )
