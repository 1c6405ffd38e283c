"""Doctor rules over provider env vars: ones that duplicate a profile, fall back, or stand alone."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.core.candidates import providers_in
from wizard.core.fallbacks import secret_digest
from wizard.core.profiles import entry_provider, entry_secret
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import WIZARD, Finding, finding


def env_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for cred in ctx.inp.env:
        if not cred.wins or cred.blank:
            continue
        prov = cred.provider
        where = "the environment" if cred.source == "environment" else cred.source
        same = sorted({
            pid for a in ctx.agents for pid, e in ctx.eff(a).items()
            if isinstance(e, Mapping) and entry_provider(e) == prov
            and (s := entry_secret(e)) and secret_digest(s) == cred.digest
        })
        has_profiles = any(prov in providers_in(ctx.snap, a) for a in ctx.agents)
        usable = any(ctx.res(a, prov).usable for a in ctx.agents) if has_profiles else False
        if same:
            out.append(finding(
                Code.ENV_DUPLICATES_PROFILE, "warning",
                f"{cred.name} in {where} holds the same secret ({cred.redacted}) as "
                f"{', '.join(same)}: rotate the profile and OpenClaw still falls back to the "
                "old secret here whenever the profile fails.",
                fix=f"not changed by --fix: remove {cred.name} from {where} (OpenClaw reads "
                "the profile first)",
                provider=prov, profile=same[0],
            ))
        elif cred.in_use and not has_profiles:
            out.append(finding(
                Code.ENV_ONLY_CREDENTIAL, "info",
                f"OpenClaw uses {cred.name} from {where} ({cred.redacted}) for {prov}; no auth "
                "profile exists for it.",
                fix=f"run `{WIZARD}` to store it as a {prov}:default profile, if you want it "
                "in auth-profiles.json",
                provider=prov,
            ))
        elif cred.in_use and usable:
            out.append(finding(
                Code.ENV_FALLBACK, "info",
                f"{cred.name} in {where} ({cred.redacted}) is a different {prov} credential "
                "than the profiles; OpenClaw uses it only when no profile works.",
                fix="nothing to do, unless you meant to remove it",
                provider=prov,
            ))
    return out


RULES = (
    Rule((Code.ENV_DUPLICATES_PROFILE, Code.ENV_ONLY_CREDENTIAL, Code.ENV_FALLBACK), env_findings),
)
