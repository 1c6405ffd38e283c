"""Doctor rules over single entries: the config's ``auth.profiles`` and each store's profiles.

Config-schema errors, mode/type and provider disagreements, ids the store lacks (the #2697
state), entries OpenClaw drops at load, a type that contradicts the secret, expired tokens,
deprecated CLI-sync profiles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.candidates import with_aliases
from wizard.core.profiles import (
    CRED_TYPES,
    VALUE_FIELD,
    entry_provider,
    entry_secret,
    is_loaded,
    secret_kind,
)
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import (
    WIZARD,
    Action,
    Finding,
    RenameConfig,
    SetConfig,
    finding,
    manual,
)
from wizard.doctor.repairs import DEPRECATED_IDS, describe_secret, usable_shape
from wizard.spec.registry import normalize_provider_id
from wizard.spec.schemas import config_auth_errors

ALIASES = (("mode", "type"), ("apiKey", "key"))  # (alias, the key 2026.2.26+ reads it as)


def config_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for pid, cfg in ctx.cfg.items():
        rep, _moves = ctx.config_repair(pid)
        prov = ctx.config_provider(pid)
        errors = config_auth_errors({"profiles": {pid: cfg}})
        if errors:
            fixed = isinstance(rep.value, Mapping) and not config_auth_errors(
                {"profiles": {pid: rep.value}})
            actions = ctx.pid_actions(pid, ctx.agents) if fixed else []
            reason = rep.blocked.get("config-schema", "no single right repair")
            out.append(finding(
                Code.CONFIG_SCHEMA, "error",
                f"openclaw.json auth.profiles[{pid!r}] breaks OpenClaw's strict schema ("
                + "; ".join(e.removeprefix("auth.") for e in errors)
                + "): OpenClaw refuses to start ('Config invalid') and ignores every profile.",
                fix=ctx.pid_changes(pid, ctx.agents, ("config-schema", "mode-type-mismatch"))
                if fixed else manual(reason, "Edit openclaw.json by hand (OpenClaw refuses to "
                                     f"start until then), then run `{WIZARD}`"),
                actions=actions, provider=prov, profile=pid,
            ))
        if pid in DEPRECATED_IDS:
            out.append(_deprecated(pid, None, prov))
        if prov is None or not isinstance(cfg, Mapping):
            continue
        out += _against_stores(ctx, pid, cfg, prov)
    return out


def _against_stores(ctx: Ctx, pid: str, cfg: Mapping[str, Any], prov: str) -> list[Finding]:
    out: list[Finding] = []
    rep, _ = ctx.config_repair(pid)
    new_cfg = rep.value if isinstance(rep.value, Mapping) else cfg
    for a in ctx.agents:
        raw = ctx.eff(a).get(pid)
        if raw is None:
            if a == ctx.snap.default_agent or pid not in ctx.eff(ctx.snap.default_agent):
                out += missing_in_store(ctx, pid, prov, a)
            continue
        if pid not in ctx.own(a) and a != ctx.snap.main_agent:
            continue  # inherited: reported under the agent that owns it
        srep = ctx.store_repair(a, pid)
        new_st = srep.value if isinstance(srep.value, Mapping) else {}
        mode, st_type = cfg.get("mode"), raw.get("type") if isinstance(raw, Mapping) else None
        if is_loaded(raw) and mode in CRED_TYPES and mode != st_type:
            tolerated = mode == "oauth" and st_type == "token"
            fixed = new_cfg.get("mode") == new_st.get("type")
            out.append(finding(
                Code.MODE_TYPE_MISMATCH, "warning" if tolerated else "error",
                f"openclaw.json says {pid} is mode {mode!r}, agent {a}'s auth-profiles.json "
                f"says type {st_type!r}. "
                + ("OpenClaw tolerates oauth over a token, but the files disagree and "
                   "tools that trust the mode pick the wrong auth." if tolerated else
                   "OpenClaw skips a profile whose mode and type differ, so this credential "
                   "is never used."),
                fix=ctx.pid_changes(pid, [a], ("mode-type-mismatch", "type-contradicts-secret"))
                if fixed else manual(rep.blocked.get("mode-type-mismatch", "")),
                actions=ctx.pid_actions(pid, [a]) if fixed else [],
                agent=a, provider=prov, profile=pid,
            ))
        st_prov = entry_provider(raw) if isinstance(raw, Mapping) else None
        if st_prov and st_prov != prov:
            nsp, ncp = new_st.get("provider"), new_cfg.get("provider")
            fixed = isinstance(nsp, str) and isinstance(ncp, str) and (
                normalize_provider_id(nsp) == normalize_provider_id(ncp))
            out.append(finding(
                Code.PROVIDER_MISMATCH, "error",
                f"openclaw.json says {pid} is a {prov} profile, agent {a}'s auth-profiles.json "
                f"says {st_prov}: OpenClaw skips it for both providers.",
                fix=ctx.pid_changes(pid, [a], ("provider-mismatch",)) if fixed else manual(
                    rep.blocked.get("provider-mismatch")
                    or "nothing proves which provider is right"),
                actions=ctx.pid_actions(pid, [a]) if fixed else [],
                agent=a, provider=prov, profile=pid,
            ))
    return out


def store_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for a in ctx.store_agents:
        for pid, raw in ctx.own(a).items():
            out += _store_entry(ctx, a, pid, raw)
    return out


def _store_entry(ctx: Ctx, a: str, pid: str, raw: Any) -> list[Finding]:
    out: list[Finding] = []
    srep = ctx.store_repair(a, pid)
    new = srep.value if isinstance(srep.value, Mapping) else {}
    prov = entry_provider(new) or (entry_provider(raw) if isinstance(raw, Mapping) else None)
    acts = ctx.pid_actions(pid, [a])
    codes = ("store-entry-dropped", "store-entry-alias", "type-contradicts-secret",
             "provider-mismatch", "mode-type-mismatch", "config-schema")
    fix_text = ctx.pid_changes(pid, [a], codes)
    shape_ok = isinstance(raw, Mapping) and usable_shape(raw)
    read_as_aliases = (not shape_ok and ctx.inp.rules.aliases and isinstance(raw, Mapping)
                       and usable_shape(with_aliases(raw)))
    if read_as_aliases:
        spelled = " and ".join(f"`{k}` for `{v}`" for k, v in ALIASES if k in raw and v not in raw)
        out.append(finding(
            Code.STORE_ENTRY_ALIAS, "warning",
            f"agent {a}'s auth-profiles.json entry {pid} uses {spelled}: the detected OpenClaw "
            "reads these aliases (every release since 2026.2.26 does), but earlier releases and "
            "other tools silently drop the entry.",
            fix=fix_text, actions=acts, agent=a, provider=prov, profile=pid,
        ))
    elif not shape_ok:
        fixed = usable_shape(new) and "store-entry-dropped" not in srep.blocked
        out.append(finding(
            Code.STORE_ENTRY_DROPPED, "error",
            f"agent {a}'s auth-profiles.json entry {pid} {_drop_why(raw)}: OpenClaw "
            "silently drops it, as if it were not there"
            + (" (releases from 2026.2.26 on read these aliases)." if isinstance(raw, Mapping)
               and usable_shape(with_aliases(raw)) else "."),
            fix=fix_text if fixed else manual(srep.blocked.get("store-entry-dropped", "")),
            actions=acts if fixed else [], agent=a, provider=prov, profile=pid,
        ))
    elif "store-entry-alias" in srep.changes:
        out.append(finding(
            Code.STORE_ENTRY_ALIAS, "info",
            f"agent {a}'s auth-profiles.json entry {pid} carries alias keys beside the real "
            "ones; OpenClaw ignores them, but they can disagree with what it reads.",
            fix=fix_text, actions=acts, agent=a, provider=prov, profile=pid,
        ))
    declared = raw.get("type") if isinstance(raw, Mapping) else None
    secret = _secret(raw)
    kind = secret_kind(secret)
    if declared in CRED_TYPES and kind and declared != kind and not (
        declared == "oauth" and kind == "token"
    ):
        fixed = new.get("type") == kind
        out.append(finding(
            Code.TYPE_CONTRADICTS_SECRET, "error",
            f"agent {a}'s {pid} is stored as type {declared!r}, but its secret is "
            f"{describe_secret(secret or '')}. Which header OpenClaw sends it with then "
            "depends on the release (by the secret's prefix or by the type, OpenClaw #17689, "
            "#56934), and the wrong one fails with '401 invalid x-api-key' or 'Invalid bearer "
            "token'.",
            fix=fix_text if fixed else manual(srep.blocked.get("store-entry-dropped", "")),
            actions=acts if fixed else [], agent=a, provider=prov, profile=pid,
        ))
    if is_loaded(raw) and prov and _expired(raw, ctx.inp.now_ms):
        usable = ctx.res(a, prov).usable
        out.append(finding(
            Code.TOKEN_EXPIRED, "warning" if usable else "error",
            f"agent {a}'s {pid} expired; OpenClaw skips it"
            + (f" and uses {usable[0]}." if usable else " and has nothing else to use."),
            fix=manual("a new credential is needed", "Get a new one"
                       + (" (`claude setup-token`)" if prov == "anthropic" else "")
                       + f" and run `{WIZARD}`: it rotates this id"),
            agent=a, provider=prov, profile=pid,
        ))
    if pid in DEPRECATED_IDS:
        out.append(_deprecated(pid, a, prov))
    return out


def _deprecated(pid: str, agent: str | None, prov: str | None) -> Finding:
    where = f"agent {agent}'s auth-profiles.json" if agent else "openclaw.json"
    return finding(
        Code.DEPRECATED_CLAUDE_CLI, "warning",
        f"{where} has the deprecated {pid} profile: OpenClaw stopped syncing it from the CLI "
        "login in 2026.1.30, and releases from 2026.8.1 on delete it.",
        fix=manual("removing it could leave no credential",
                   f"Run `{WIZARD}` to set up a setup token or API key under its own id; "
                   "`openclaw doctor` then offers to remove the deprecated profile"),
        agent=agent, provider=prov, profile=pid,
    )


def _drop_why(raw: Any) -> str:
    if isinstance(raw, str):
        return "is a bare string, not an object"
    if not isinstance(raw, Mapping):
        return "is not an object"
    if raw.get("type") not in CRED_TYPES:
        if "mode" in raw and "type" not in raw:
            return "was written with `mode` instead of `type`"
        return "has no valid `type` (api_key, token or oauth)"
    if not entry_provider(raw):
        return "has no `provider`"
    wanted = VALUE_FIELD[str(raw["type"])]
    for name in ("apiKey", "accessToken", "key", "token"):
        if name != wanted and isinstance(raw.get(name), str) and raw[name].strip():
            return (f"keeps its secret under `{name}`, but OpenClaw reads a {raw['type']} "
                    f"entry's secret from `{wanted}`")
    return "holds no secret"


def _secret(raw: Any) -> str | None:
    if isinstance(raw, Mapping):
        found = entry_secret(raw)
        return found.strip() if found else None
    return raw.strip() if isinstance(raw, str) and raw.strip() else None


def _expired(entry: Mapping[str, Any], now_ms: float) -> bool:
    exp = entry.get("expires")
    if not isinstance(exp, (int, float)) or not 0 < exp <= now_ms:
        return False
    return entry.get("type") == "token" or (
        entry.get("type") == "oauth" and not entry.get("refresh"))




# ------------------------------------------------------------------ ids the store lacks (#2697)


def missing_in_store(ctx: Ctx, pid: str, prov: str, agent: str) -> list[Finding]:
    usable = ctx.res(agent, prov).usable
    rep, moves = ctx.config_repair(pid)
    cfg = rep.value if isinstance(rep.value, Mapping) else {}
    actions: list[Action] = []
    if moves:
        actions = ctx.pid_actions(pid, [])
        fix = ctx.pid_changes(pid, [], ("config-schema",))
    else:
        target, reason = rename_target(ctx, pid, cfg.get("mode"), prov)
        if target:
            entry = {"provider": prov, "mode": _type_of(ctx, agent, target)}
            if isinstance(cfg.get("email"), str):
                entry["email"] = cfg["email"]
            actions = [RenameConfig(pid, target, entry)]
            fix = (f"rename openclaw.json auth.profiles[{pid!r}] to {target!r} (mode "
                   f"{entry['mode']!r}), the one {prov} profile of that type in the store, "
                   "in auth.order too")
        elif _droppable(ctx, pid, prov):
            actions = [SetConfig(pid, None)]
            fix = (f"remove openclaw.json auth.profiles[{pid!r}] (and its auth.order mentions):"
                   f" it names nothing, and the other {prov} profiles stay listed")
        else:
            fix = manual(reason)
    return [finding(
        Code.CONFIG_ID_MISSING_IN_STORE, "error" if not usable else "warning",
        f"openclaw.json lists {pid}, but agent {agent}'s auth-profiles.json has no such profile"
        + (". Because the config names a profile for "
           f"{prov}, OpenClaw ignores the store's other {prov} profiles and fails with "
           f"'No API key found for provider \"{prov}\"' (OpenClaw #2697)." if not usable else
           f"; OpenClaw skips it and uses {usable[0]}."),
        fix=fix, actions=actions, agent=agent, provider=prov, profile=pid,
    )]


def _type_of(ctx: Ctx, agent: str, pid: str) -> str:
    value = ctx.store_repair(agent, pid).value
    return str(value.get("type")) if isinstance(value, Mapping) else "token"


def rename_target(ctx: Ctx, pid: str, mode: Any, prov: str) -> tuple[str | None, str]:
    """The ONE store profile a dangling config id must have meant: same provider, same type,
    not already listed, not deprecated, the same in every agent. Else (None, why not)."""
    if any(pid in ctx.eff(a) for a in ctx.agents):
        return None, f"other agents have {pid}; the config entry is right for them"
    targets: set[str] = set()
    for a in ctx.agents:
        same, deprecated, other = [], [], []
        for other_id in ctx.eff(a):
            value = ctx.store_repair(a, other_id).value
            if other_id in ctx.cfg or not isinstance(value, Mapping):
                continue
            if entry_provider(value) != prov:
                continue
            t = value.get("type")
            if other_id in DEPRECATED_IDS:
                deprecated.append(f"{other_id} ({t})")
            elif t == mode or (mode == "oauth" and t == "token"):
                same.append(other_id)
            else:
                other.append(f"{other_id} ({t})")
        if len(same) > 1:
            return None, (f"agent {a}'s store has {len(same)} {prov} {mode} profiles that the "
                          f"config could have meant ({', '.join(same)}); which one is not for "
                          "authwizard to guess")
        if same:
            targets.add(same[0])
            continue
        if deprecated and not other:
            return None, (f"the only {prov} profile in agent {a}'s store is the deprecated "
                          f"{', '.join(deprecated)}, which OpenClaw no longer syncs and later "
                          "releases delete; renaming the config entry to it would only hide the"
                          " problem")
        if other or deprecated:
            return None, (f"agent {a}'s store has no {prov} {mode} profile, only "
                          f"{', '.join(other + deprecated)}: a different kind of credential")
        return None, f"agent {a}'s store has no {prov} profile at all"
    if len(targets) == 1:
        return targets.pop(), ""
    return None, "the agents' stores hold different candidates" if targets else ""


def _droppable(ctx: Ctx, pid: str, prov: str) -> bool:
    """A config id that names nothing anywhere can go when the provider keeps other listed
    profiles and every agent still has a usable one (then nothing changes at runtime)."""
    if any(pid in s.profiles() for s in ctx.snap.stores.values()):
        return False
    others = [p for p in ctx.cfg if p != pid and ctx.config_provider(p) == prov]
    return bool(others) and all(ctx.res(a, prov).usable for a in ctx.agents)


RULES = (
    Rule((Code.CONFIG_SCHEMA, Code.DEPRECATED_CLAUDE_CLI, Code.CONFIG_ID_MISSING_IN_STORE,
          Code.MODE_TYPE_MISMATCH, Code.PROVIDER_MISMATCH), config_findings),
    Rule((Code.STORE_ENTRY_ALIAS, Code.STORE_ENTRY_DROPPED, Code.TYPE_CONTRADICTS_SECRET,
          Code.TOKEN_EXPIRED, Code.DEPRECATED_CLAUDE_CLI), store_findings),
)
