"""``authwizard doctor``: every finding over the current state. Pure.

The rule modules under :mod:`wizard.doctor.rules` each export their rules; this runs them in
one fixed order and keeps what applies to the detected storage generation, as the catalogue
(:mod:`wizard.doctor.codes`) says. Where OpenClaw keeps credentials in SQLite (G3, G4), only
openclaw.json is repaired: a repair that would write auth-profiles.json is left to
``openclaw doctor --fix``.
"""

from __future__ import annotations

from wizard.doctor.codes import SEVERITY_RANK, by_code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import DoctorInput, DropOrderIds, Finding, FixLastGood, SetStore
from wizard.doctor.rules import (
    copies,
    entries,
    env,
    files,
    nothing,
    orders,
    refs,
    resolution,
    secrets,
    storage,
)

RULES: tuple[Rule, ...] = (
    *entries.RULES, *secrets.RULES, *orders.RULES, *resolution.RULES, *env.RULES,
    *storage.RULES, *files.RULES, *refs.RULES, *copies.RULES, *nothing.RULES,
)


def diagnose(inp: DoctorInput) -> list[Finding]:
    """Every finding over the input, errors first; stable order within a severity."""
    ctx = Ctx(inp)
    generation = inp.generation
    found: list[Finding] = []
    for rule in RULES:
        if any(code.applies(generation) for code in rule.codes):
            found += [f for f in rule.check(ctx) if by_code(f.code).applies(generation)]
    if not inp.reads_json:
        found = [_config_only(f, generation) for f in found]
    seen: set[tuple[str, str | None, str | None, str | None, str | None]] = set()
    unique = []
    for f in found:
        if f.key() not in seen:
            seen.add(f.key())
            unique.append(f)
    return sorted(unique, key=lambda f: SEVERITY_RANK[f.severity])


def _config_only(f: Finding, generation: str) -> Finding:
    if any(isinstance(a, (SetStore, DropOrderIds, FixLastGood)) for a in f.actions):
        return f._replace(auto=False, actions=(), fix=(
            f"not changed by --fix: OpenClaw {generation} does not read auth-profiles.json; "
            "run `openclaw doctor --fix` to import it, then `authwizard status`"))
    return f
