"""The TUI's view of the doctor and of ``status`` (``wizard.gather``, ``wizard.doctor``,
``wizard.core.status``). No Textual here.

The screens depend on the small shapes below, not on the doctor's own types; every path shown
is relative to HOME and every secret is already redacted by the doctor and status code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wizard.core.scrub import scrub
from wizard.core.status import build_agents
from wizard.doctor.codes import SEVERITY_RANK as SEVERITY_RANK  # the screens sort by it
from wizard.doctor.engine import diagnose
from wizard.errors import WizardError
from wizard.fixes import apply_fixes as doctor_fix
from wizard.gather import doctor_input
from wizard.views.text import tildify_text
from wizard.views.wizard_words import in_the_wizard

if TYPE_CHECKING:
    from wizard.core.snapshot import Snapshot
    from wizard.flow import Flow
    from wizard.options import Environment



@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning | info
    message: str
    fix: str | None = None
    fixable: bool = False  # `doctor --fix` (the Welcome screen's f) repairs it
    profile: str | None = None
    code: str = ""
    agent: str | None = None
    provider: str | None = None


@dataclass(frozen=True)
class FixResult:
    changed: tuple[str, ...]  # what the fix did, one line each
    left: tuple[Finding, ...]  # findings that remain


def _convert(raw: Sequence[Any], environment: Environment) -> tuple[Finding, ...]:
    home = environment.home
    out = [
        Finding(
            severity=str(f.severity),
            message=scrub(tildify_text(in_the_wizard(str(f.message)), home)),
            fix=scrub(tildify_text(in_the_wizard(str(f.fix)), home)) if f.fix else None,
            fixable=bool(f.auto),
            profile=f.profile,
            code=str(f.code),
            agent=f.agent,
            provider=f.provider,
        )
        for f in raw
    ]
    return tuple(sorted(out, key=lambda f: SEVERITY_RANK.get(f.severity, 3)))


def findings(environment: Environment, now_ms: float) -> tuple[tuple[Finding, ...], str]:
    """(findings, note); the note says why there are none when the doctor could not run.
    Never waits for OpenClaw: what it has already answered is used."""
    try:
        _, inp = doctor_input(environment, None, now_ms, wait=False)
        # "nothing is set up" is what the wizard is about to change, not a finding to show
        raw = [f for f in diagnose(inp) if f.code != "no-credential"]
    except WizardError as exc:
        return (), f"the doctor could not run: {tildify_text(exc.message, environment.home)}"
    except Exception as exc:  # the Welcome screen must open whatever the doctor does
        return (), f"the doctor could not run ({type(exc).__name__})"
    return _convert(raw, environment), ""


def apply_fixes(environment: Environment, now_ms: float, import_anyway: bool = False
                ) -> FixResult:
    """Run the doctor's safe repairs (backed up, atomic); say what changed and what is left.
    ``import_anyway``: also have OpenClaw import a legacy store the doctor leaves alone."""
    from wizard.commands.render import fixed_items

    home = environment.home
    try:
        outcome = doctor_fix(environment, import_anyway=import_anyway)
    except WizardError as exc:
        fix = f" (fix: {tildify_text(exc.fix, home)})" if exc.fix else ""
        return FixResult((f"! could not fix: {tildify_text(exc.message, home)}{fix}",), ())
    changed = [("! " if kind == "conflict" else "") + tildify_text(words, home)
               for kind, words in fixed_items(outcome)]
    return FixResult(tuple(scrub(c) for c in changed), _convert(outcome.after, environment))


# --- status -------------------------------------------------------------------------------------


def status_agents(
    snap: Snapshot, now_ms: float, agents: Sequence[str] | None = None
) -> list[dict[str, Any]] | None:
    """``authwizard status``'s per-agent document for ``snap`` (None when unavailable)."""
    try:
        return build_agents(snap, now_ms, agents=agents)
    except Exception:  # status is a courtesy on these screens: never let it stop the wizard
        return None


def profile_health(
    snap: Snapshot, now_ms: float, found: Sequence[Finding]
) -> dict[str, tuple[str, str]] | None:
    """Profile id → (level, words): which agents use it, which cannot and why."""
    doc = status_agents(snap, now_ms)
    if doc is None:
        return None
    per: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for agent in doc:
        for prov in agent["providers"]:
            for p in prov["profiles"]:
                per.setdefault(p["id"], []).append((agent["id"], p))
    out: dict[str, tuple[str, str]] = {}
    for pid, rows in per.items():
        used = [a for a, p in rows if p["position"] == 1]
        backup = [a for a, p in rows if p["usable"] and p["position"] != 1]
        broken = [(a, p) for a, p in rows if not p["usable"]]
        words: list[str] = []
        if used:
            words.append(f"in use by {', '.join(used)}")
        if backup:
            words.append(f"backup for {', '.join(backup)}")
        for a, p in broken:
            words.append(f"{a}: {p['reason'] or 'not usable'}")
        mine = [f for f in found if f.profile == pid]
        codes = sorted({f.code for f in mine if f.code})
        if codes:
            words.append("doctor: " + ", ".join(codes))
        if (not used and not backup) or any(f.severity == "error" for f in mine):
            level = "error"
        elif broken or codes:
            level = "warn"
        else:
            level = "ok" if used else "plain"  # a usable backup: nothing wrong, not in use
        out[pid] = (level, " · ".join(words))
    return out


def status_line(environment: Environment | None, flow: Flow, now_ms: float) -> str:
    """The profile just written, as ``status`` sees it in the agents written."""
    state = flow.state
    if state.credential is None or state.outcome is None:
        return ""
    verdict = state.verdict
    checked = {
        "valid": "✓ verified",
        "limited": "! verified, limited",
        "unverified": "? not verified",
    }.get(str(verdict.outcome) if verdict else "", "not checked")
    pid = state.outcome.profile_id
    head = f"{pid}  {flow.credential_type()}  {state.credential.redacted}  {checked}"
    doc = status_agents(flow.located.snapshot, now_ms, list(state.agents))
    if doc is None:
        return f"{head}  agents: {', '.join(state.agents)}"
    lines = [head]
    provider = state.provider.id if state.provider else ""
    for agent in doc:
        for prov in agent["providers"]:
            if prov["provider"] != provider:
                continue
            uses = prov["uses"] or {}
            if uses.get("id") == pid:
                how = f" ({uses['header']})" if uses.get("header") else ""
                lines.append(f"{agent['id']}: OpenClaw uses {pid} for {provider}{how}")
            else:
                other = uses.get("id") or uses.get("name") or "nothing"
                lines.append(f"{agent['id']}: OpenClaw uses {other} for {provider}, not {pid}")
    return "\n".join(lines)


def health_of(profile_id: str, found: Sequence[Finding]) -> tuple[str, str]:
    """(level, mark) for one profile from the findings that name it (no status available)."""
    mine = [f for f in found if f.profile == profile_id]
    if not mine:
        return "ok", "✓"
    worst = min(mine, key=lambda f: SEVERITY_RANK.get(f.severity, 3))
    level = {"error": "error", "warning": "warn"}.get(worst.severity, "dim")
    return level, {"error": "✗", "warning": "!"}.get(worst.severity, "i")
