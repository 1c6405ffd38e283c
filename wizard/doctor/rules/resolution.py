"""Doctor rules over what each agent resolves to: store profiles OpenClaw never tries, agents
left without a usable profile, and env vars or config keys used instead of the profiles."""

from __future__ import annotations

from wizard.core.candidates import providers_in
from wizard.core.profiles import entry_provider, is_loaded, is_usable_entry
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import WIZARD, Finding, finding, manual
from wizard.doctor.repairs import DEPRECATED_IDS


def resolution_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    default = ctx.snap.default_agent
    for a in ctx.agents:
        provs = providers_in(ctx.snap, a)
        if a != default and default in ctx.snap.stores:
            provs |= providers_in(ctx.snap, default)
        for prov in sorted(provs):
            res = ctx.res(a, prov)
            out += _hidden(ctx, a, prov, res.base, res.listed)
            if res.usable:
                continue
            if a != default and ctx.res(default, prov).usable:
                out.append(finding(
                    Code.AGENT_LACKS_PROFILE, "warning",
                    f"the default agent {default} has a usable {prov} profile, agent {a} has "
                    f"none: OpenClaw fails for {a} whenever it needs {prov}.",
                    fix=manual("which credential this agent should have is yours to choose",
                               f"Run `{WIZARD} --agent {a}`"),
                    agent=a, provider=prov,
                ))
                continue
            if prov not in providers_in(ctx.snap, a):
                continue
            fallback = ctx.fallback(prov)
            if fallback:
                out.append(finding(
                    Code.ENV_SHADOWS_PROFILE, "error",
                    f"no {prov} profile of agent {a} is usable, so OpenClaw silently uses "
                    f"{fallback} instead of the profile you set up.",
                    fix=manual("", "Repair the profile (see the other findings) or remove "
                               "the variable"),
                    agent=a, provider=prov,
                ))
            else:
                listed = ", ".join(res.listed) or "none"
                out.append(finding(
                    Code.NO_USABLE_PROFILE, "error",
                    f"agent {a} has no usable {prov} profile (tried: {listed}): OpenClaw fails "
                    f"with 'No API key found for provider \"{prov}\"'.",
                    fix=manual("", "The other findings say why each profile is skipped; "
                               f"repair those, or run `{WIZARD}`"),
                    agent=a, provider=prov,
                ))
    return out


def _hidden(
    ctx: Ctx, agent: str, prov: str, base: str, listed: tuple[str, ...]
) -> list[Finding]:
    if base in ("store", "store-drift"):  # every store profile is tried
        return []
    why = {
        "config": f"openclaw.json lists other {prov} profiles, and then OpenClaw ignores "
                  "store-only ones",
        "config-order": f"openclaw.json auth.order.{prov} does not name it",
        "store-order": f"the store's order.{prov} does not name it",
    }[base]
    out = []
    for pid, entry in ctx.eff(agent).items():
        if (pid in listed or pid in DEPRECATED_IDS or not is_loaded(entry)
                or entry_provider(entry) != prov
                or not is_usable_entry(entry, ctx.inp.now_ms)):
            continue
        out.append(finding(
            Code.STORE_ONLY_HIDDEN, "warning",
            f"agent {agent}'s {pid} is never tried: {why}.",
            fix=manual("whether you still want it is yours to say",
                       f"Run `{WIZARD}` (it lists every profile it keeps) or delete it"),
            agent=agent, provider=prov, profile=pid,
        ))
    return out


RULES = (Rule((Code.STORE_ONLY_HIDDEN, Code.AGENT_LACKS_PROFILE, Code.ENV_SHADOWS_PROFILE,
               Code.NO_USABLE_PROFILE), resolution_findings),)
