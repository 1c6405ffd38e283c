"""Doctor rules over SecretRef profiles: a reference that does not resolve, and a secret kept
in the keychain that still lies in plaintext beside it."""

from __future__ import annotations

from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import WIZARD, Finding, finding, manual


def unresolved(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for r in ctx.inp.refs:
        if r.problem is None or r.agent not in ctx.agents:
            continue
        where = "in the OS keychain" if r.keychain else f"in {r.source}:{r.ref_id}"
        entry = ctx.own(r.agent).get(r.profile)
        provider = entry.get("provider") if isinstance(entry, dict) else None
        fix = (f"Run `{WIZARD}` again with the keychain storage to store the secret again "
               "(or switch the profile back to OpenClaw's store)" if r.keychain else
               f"set {r.ref_id} where the gateway runs, or run `{WIZARD}` to store the secret")
        out.append(finding(
            Code.SECRET_REF_UNRESOLVED, "error" if r.keychain else "warning",
            f"agent {r.agent}'s profile {r.profile} keeps its secret {where}, but the "
            f"reference does not resolve now: {r.problem}.",
            fix=manual("only you can give the secret again", fix),
            agent=r.agent, provider=provider if isinstance(provider, str) else None,
            profile=r.profile,
        ))
    return out


def plaintext_copies(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for r in ctx.inp.refs:
        if not r.copies or r.agent not in ctx.agents:
            continue
        files = ", ".join(r.copies)
        out.append(finding(
            Code.KEYCHAIN_SECRET_IN_PLAINTEXT, "warning",
            f"agent {r.agent}'s profile {r.profile} keeps its secret in the OS keychain, but "
            f"these files still hold it in plaintext: {files}.",
            fix=manual("a file may be the only copy you trust",
                       f"remove the old copies (e.g. `shred -u {r.copies[0]}`)"),
            agent=r.agent, profile=r.profile,
        ))
    return out


RULES = (
    Rule((Code.SECRET_REF_UNRESOLVED,), unresolved),
    Rule((Code.KEYCHAIN_SECRET_IN_PLAINTEXT,), plaintext_copies),
)
