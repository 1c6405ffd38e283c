"""Doctor rules beyond single entries: orders and lastGood, what each agent resolves to (hidden
store profiles, agents without a usable profile, env vars used instead), env vars that
duplicate a profile, file permissions, and JSON stores a SQLite-era OpenClaw does not read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.candidates import providers_in
from wizard.core.doctor import (
    WIZARD,
    Chmod,
    Ctx,
    DropOrderIds,
    Finding,
    FixLastGood,
    finding,
    manual,
)
from wizard.core.profiles import entry_provider, entry_secret, is_loaded, is_usable_entry
from wizard.core.repairs import DEPRECATED_IDS, secret_digest
from wizard.spec.registry import normalize_provider_id
from wizard.spec.releases import CLAUDE_CLI_RETIRED, generation_has, row

# ------------------------------------------------------------------ order and lastGood


def order_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for a in ctx.agents:
        data = ctx.snap.stores[a].data
        eff = ctx.eff(a)
        order = data.get("order")
        if isinstance(order, Mapping):
            for key, ids in order.items():
                if isinstance(ids, list):
                    missing = tuple(x for x in ids if isinstance(x, str) and x not in eff)
                    out += _dangling_order(ctx, a, str(key), ids, missing)
        last_good = data.get("lastGood")
        if isinstance(last_good, Mapping):
            for key, pid in last_good.items():
                prov = normalize_provider_id(str(key))
                entry = eff.get(pid) if isinstance(pid, str) else None
                if isinstance(entry, Mapping) and entry_provider(entry) == prov:
                    continue
                usable = ctx.res(a, prov).usable
                out.append(finding(
                    "dangling-last-good", "warning" if usable else "error",
                    f"agent {a}'s lastGood.{key} names {pid!r}, which is not a {prov} profile "
                    "in its auth-profiles.json"
                    + ("" if usable else f"; and agent {a} has no usable {prov} profile") + ".",
                    fix=f"point lastGood.{key} at the only usable {prov} profile, or remove it "
                    "when there is none or more than one",
                    actions=[FixLastGood(a, str(key))], agent=a, provider=prov,
                    profile=pid if isinstance(pid, str) else None,
                ))
    order = ctx.snap.config_order()
    known = set(ctx.cfg) | {p for s in ctx.snap.stores.values() for p in s.profiles()}
    for key, ids in order.items():
        if isinstance(ids, list):
            missing = tuple(x for x in ids if isinstance(x, str) and x not in known)
            out += _dangling_order(ctx, None, str(key), ids, missing)
    return out


def _dangling_order(
    ctx: Ctx, agent: str | None, key: str, ids: list[Any], missing: tuple[str, ...]
) -> list[Finding]:
    if not missing:
        return []
    prov = normalize_provider_id(key)
    who = agent or ctx.snap.default_agent
    usable = ctx.res(who, prov).usable
    where = f"agent {agent}'s auth-profiles.json order.{key}" if agent else (
        f"openclaw.json auth.order.{key}")
    emptied = len([x for x in ids if x not in missing]) == 0
    return [finding(
        "dangling-order", "warning" if usable else "error",
        f"{where} names {', '.join(missing)}, which {'does' if len(missing) == 1 else 'do'} "
        "not exist"
        + ("." if usable else f": agent {who} is left with no usable {prov} profile, so "
           f"OpenClaw fails with 'No API key found for provider \"{prov}\"'."),
        fix=f"remove {', '.join(missing)} from {where}"
        + (f" (the list would be empty, so the key goes and OpenClaw falls back to the listed "
           f"{prov} profiles)" if emptied else ""),
        actions=[DropOrderIds(agent, key, missing)], agent=agent, provider=prov,
        profile=missing[0],
    )]


# ------------------------------------------------------------------ what each agent resolves to


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
                    "agent-lacks-profile", "warning",
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
                    "env-shadows-profile", "error",
                    f"no {prov} profile of agent {a} is usable, so OpenClaw silently uses "
                    f"{fallback} instead of the profile you set up.",
                    fix=manual("", "Repair the profile (see the other findings) or remove "
                               "the variable"),
                    agent=a, provider=prov,
                ))
            else:
                listed = ", ".join(res.listed) or "none"
                out.append(finding(
                    "no-usable-profile", "error",
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
            "store-only-hidden", "warning",
            f"agent {agent}'s {pid} is never tried: {why}.",
            fix=manual("whether you still want it is yours to say",
                       f"Run `{WIZARD}` (it lists every profile it keeps) or delete it"),
            agent=agent, provider=prov, profile=pid,
        ))
    return out


# ------------------------------------------------------------------ env vars


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
                "env-duplicates-profile", "warning",
                f"{cred.name} in {where} holds the same secret ({cred.redacted}) as "
                f"{', '.join(same)}: rotate the profile and OpenClaw still falls back to the "
                "old secret here whenever the profile fails.",
                fix=f"not changed by --fix: remove {cred.name} from {where} (OpenClaw reads "
                "the profile first)",
                provider=prov, profile=same[0],
            ))
        elif cred.in_use and not has_profiles:
            out.append(finding(
                "env-only-credential", "info",
                f"OpenClaw uses {cred.name} from {where} ({cred.redacted}) for {prov}; no auth "
                "profile exists for it.",
                fix=f"run `{WIZARD}` to store it as a {prov}:default profile, if you want it "
                "in auth-profiles.json",
                provider=prov,
            ))
        elif cred.in_use and usable:
            out.append(finding(
                "env-fallback", "info",
                f"{cred.name} in {where} ({cred.redacted}) is a different {prov} credential "
                "than the profiles; OpenClaw uses it only when no profile works.",
                fix="nothing to do, unless you meant to remove it",
                provider=prov,
            ))
    return out


# ------------------------------------------------------------------ files and generation


def file_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for f in ctx.inp.files:
        want = f.mode & (0o700 if f.is_dir else 0o600)
        if f.mode & 0o077:
            kind = "folder" if f.is_dir else "file"
            out.append(finding(
                "file-permissions", "warning",
                f"{f.path} is a {kind} with mode {f.mode:04o}: other users of this machine "
                "can read credentials" + (" through it." if f.is_dir else " in it."),
                fix=f"chmod {want:04o} {f.path}",
                actions=[Chmod(f.path, want, f.is_dir)], path=f.path,
            ))
    return out


def generation_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    g = ctx.inp.generation
    for a in ctx.agents:
        if ctx.snap.stores[a].profiles():
            ids = sorted(ctx.snap.stores[a].profiles())
            if row(g).json_store == "ignored":
                effect = ("it ignores this file without a word. `openclaw doctor --fix` imports "
                          "it into the agent's openclaw-agent.sqlite and renames the file "
                          "auth-profiles.json.sqlite-import.<ms>.bak")
            else:
                effect = ("it refuses every provider named in it (AUTH_PROFILE_MIGRATION_REQUIRED)"
                          " until the file is imported. `openclaw doctor --fix` imports it into "
                          "state/openclaw.sqlite, renames the file "
                          "auth-profiles.json.migrated-<time>-<id>, and deletes a retired "
                          "anthropic:claude-cli profile")
            lost = ""
            if generation_has(g, CLAUDE_CLI_RETIRED) and "anthropic:claude-cli" in ids and not any(
                i != "anthropic:claude-cli" and i.startswith("anthropic:") for i in ids
            ):
                lost = (" — here that profile is the only anthropic credential, so after the "
                        "import anthropic has none")
            out.append(finding(
                "json-store-not-read", "error",
                f"agent {a}'s auth-profiles.json holds {', '.join(ids)}, but OpenClaw {g} keeps "
                f"credentials in SQLite: {effect}{lost}.",
                fix="not changed by --fix (authwizard never edits OpenClaw's SQLite files). "
                "Safe order: 1. `openclaw doctor --fix` (imports it); 2. `authwizard` to "
                f"rotate or add the credential; 3. `{WIZARD} status`",
                agent=a,
            ))
    return out
