"""Doctor rule over the storage generation: JSON stores that a SQLite-era OpenClaw (G3, G4)
does not read, what importing them does with each profile, and when the import is safe."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wizard.core.expiry import describe
from wizard.core.profiles import entry_provider
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import (
    WIZARD,
    DoctorInput,
    Finding,
    ImportLegacy,
    ImportPreview,
    finding,
    manual,
)
from wizard.spec.releases import CLAUDE_CLI_RETIRED, generation_has, row, show

RETIRED = "anthropic:claude-cli"
# What OpenClaw's import does with a legacy id its SQLite store already has for the agent
# (read in 2026.7.35 dist/doctor-auth-flat-profiles-*.js and 2026.9.6
# dist/auth-profile-repair-*.mjs, maybeMigrateAuthProfileJsonStoresToSqlite /
# mergeImportedAuthProfiles, and measured): an id in the agent's own store keeps OpenClaw's
# credential; an id the agent only inherits from the main agent is written into the agent's
# own store, where it takes the inherited one's place; the legacy usageStats, order and
# lastGood are copied wherever the SQLite store has none for that key.
KEPT, SHADOWS, COOLS = "kept", "shadows", "cools"
IMPORT_COMMAND = "openclaw doctor --fix --non-interactive"
IMPORT_FLAG = '`authwizard --replay answers.json` with "import_legacy": true (or --import-legacy)'


def profile_fate(ctx: Ctx, agent: str, pid: str) -> tuple[str, str | None]:
    """What the import does with one legacy profile once --fix has repaired the entry:
    ("usable" | "dropped" | "deleted", provider)."""
    repair = ctx.store_repair(agent, pid)
    value: Any = repair.value
    provider = entry_provider(value) if isinstance(value, Mapping) else None
    if pid == RETIRED and generation_has(ctx.inp.generation, CLAUDE_CLI_RETIRED):
        return "deleted", provider or "anthropic"
    if repair.blocked or provider is None or not isinstance(value, Mapping) or value.get(
            "type") not in ("api_key", "token", "oauth"):
        return "dropped", provider
    return "usable", provider


def lost_providers(fates: Mapping[str, tuple[str, str | None]]) -> list[str]:
    """Providers whose every legacy profile the import deletes."""
    deleted = {p for f, p in fates.values() if f == "deleted" and p}
    kept = {p for f, p in fates.values() if f in ("usable", KEPT, SHADOWS, COOLS) and p}
    return sorted(deleted - kept)


def _explain(fates: Mapping[str, tuple[str, str | None]]) -> str:
    words = {"usable": "becomes usable", "dropped": "OpenClaw drops it (nothing usable in it)",
             "deleted": "OpenClaw deletes it (retired from 2026.8.1)",
             KEPT: "OpenClaw keeps the one already in its SQLite store (the legacy one is not "
                   "imported)",
             SHADOWS: "it takes the place of the one OpenClaw uses now",
             COOLS: "OpenClaw keeps its own, with the legacy cooldown copied onto it"}
    return "; ".join(f"{pid}: {words[fate]}" for pid, (fate, _) in sorted(fates.items()))


def openclaw_holds(ctx: Ctx, agent: str | None) -> frozenset[str] | None:
    """The ids OpenClaw reported for ``agent`` (None: not asked, or it would not answer)."""
    for seen in ctx.inp.openclaw_ids:
        if seen.agent == agent:
            return frozenset(seen.ids)
    return None


def _marked_until(ctx: Ctx, agent: str, pid: str) -> float | None:
    """Until when the legacy store's usage stats keep ``pid`` cooling down or disabled."""
    st = ctx.snap.stores[agent]
    latest: float | None = None
    for holder in (st.data, st.state_data or {}):
        stats = holder.get("usageStats") if isinstance(holder, Mapping) else None
        mine = stats.get(pid) if isinstance(stats, Mapping) else None
        if not isinstance(mine, Mapping):
            continue
        for key in ("cooldownUntil", "disabledUntil"):
            until = mine.get(key)
            if isinstance(until, int | float) and until > ctx.inp.now_ms:
                latest = max(latest or 0, float(until))
    return latest


def clash_fates(ctx: Ctx, agent: str) -> dict[str, str]:
    """Each legacy id OpenClaw already reports for the agent, and what the import does to it:
    KEPT (OpenClaw's stays; the legacy secret is only archived), SHADOWS (the legacy one goes
    into the agent's own store in front of the one it inherits; also when it cannot be told
    whether the agent's id is its own), COOLS (kept, but the legacy cooldown is copied on)."""
    held = openclaw_holds(ctx, agent)
    if not held:
        return {}
    main = ctx.snap.main_agent
    main_holds = openclaw_holds(ctx, main) if agent != main else None
    out: dict[str, str] = {}
    for pid in sorted(set(ctx.own(agent)) & held):
        if agent != main and (main_holds is None or pid in main_holds):
            out[pid] = SHADOWS
        elif _marked_until(ctx, agent, pid) is not None:
            out[pid] = COOLS
        else:
            out[pid] = KEPT
    return out


def _clash_finding(ctx: Ctx, agent: str, pid: str, fate: str) -> Finding:
    value = ctx.own(agent).get(pid)
    provider = entry_provider(value) if isinstance(value, Mapping) else None
    where = f"agent {agent}'s auth-profiles.json"
    if fate == KEPT:
        return finding(
            Code.IMPORT_ID_CLASH, "info",
            f"OpenClaw's SQLite store already holds {pid} for agent {agent}, and {where} has "
            f"its own {pid}: the import keeps OpenClaw's and does not import the legacy one "
            "(its secret stays only in the archive the import leaves)",
            fix="nothing to do: the import leaves OpenClaw's credential as it is",
            agent=agent, provider=provider, profile=pid)
    if fate == SHADOWS:
        main = ctx.snap.main_agent
        said = (f"OpenClaw already reports {pid} for agent {agent}, which may come from agent "
                f"{main}'s SQLite store (agent {agent} inherits it), and {where} has its own "
                f"{pid}: the import writes the legacy one into agent {agent}'s own store, where "
                "it takes the place of the one OpenClaw uses now")
    else:
        until = _marked_until(ctx, agent, pid) or 0
        said = (f"OpenClaw's SQLite store already holds {pid} for agent {agent}; the import "
                f"keeps that credential but copies {where}'s cooldown (or disabled mark) for "
                f"{pid} onto it, until {describe(until, ctx.inp.now_ms)}, so OpenClaw would "
                "stop using the working one")
    return finding(
        Code.IMPORT_ID_CLASH, "error", f"{said}; --fix does not import",
        fix=manual("the import would make a working credential worse",
                   f"Delete the stale {pid} entry (and its usageStats) from {where}, or move "
                   f"the file aside, if OpenClaw's own {pid} is the one to keep; then run "
                   f"`{WIZARD} doctor --fix` to import the rest"),
        agent=agent, provider=provider, profile=pid)


def import_fates(ctx: Ctx, agent: str, clashes: Mapping[str, str] | None = None
                 ) -> dict[str, tuple[str, str | None]]:
    """Every legacy profile of the agent and what the import does with it (profile_fate, or
    its clash with OpenClaw's SQLite store)."""
    clashes = clash_fates(ctx, agent) if clashes is None else clashes
    fates = {pid: profile_fate(ctx, agent, pid) for pid in sorted(ctx.own(agent))}
    fates.update({pid: (f, fates[pid][1]) for pid, f in clashes.items()
                  if fates[pid][0] != "deleted"})
    return fates


def import_preview(inp: DoctorInput, agents: Iterable[str]) -> tuple[ImportPreview, ...]:
    """What ``openclaw doctor --fix --non-interactive`` would do with each agent's legacy
    store once --fix has repaired it (agents whose import the doctor allows)."""
    ctx = Ctx(inp)
    return tuple(
        ImportPreview(a, tuple((pid, fate) for pid, (fate, _) in import_fates(ctx, a).items()))
        for a in agents if a in ctx.snap.stores and ctx.own(a))


def import_effects(generation: str) -> tuple[str, str]:
    """(what the import also changes in openclaw.json, the name the legacy file gets), as
    measured on 2026.7.35 and 2026.9.6 (docs/reference/openclaw-versions.md §3.4)."""
    config = ("disables the skills whose tools are missing, and stamps meta and wizard"
              + ("; adds agents.entries" if row(generation).json_store != "ignored" else ""))
    archive = ("auth-profiles.json.sqlite-import.<ms>.bak"
               if row(generation).json_store == "ignored"
               else "auth-profiles.json.migrated-<time>-<id>")
    return config, archive


def generation_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    g = ctx.inp.generation
    for a in ctx.agents:
        if not ctx.snap.stores[a].profiles():
            continue
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
        clashes = clash_fates(ctx, a)
        fates = import_fates(ctx, a, clashes)
        lost = lost_providers(fates)
        message = (f"agent {a}'s auth-profiles.json holds {', '.join(ids)}, but OpenClaw from "
                   f"{show(row(g).first)} on keeps credentials in its own database: {effect}. "
                   f"After the import: {_explain(fates)}.")
        out += [_clash_finding(ctx, a, pid, fate) for pid, fate in clashes.items()]
        worse = sorted(pid for pid, fate in clashes.items() if fate != KEPT)
        if worse:
            out.append(finding(
                Code.JSON_STORE_NOT_READ, "error", message,
                fix=manual(f"the import would make OpenClaw's working {', '.join(worse)} worse "
                           "(see import-id-clash)",
                           f"Remove the stale legacy entry, then run `{WIZARD} doctor --fix`"),
                agent=a))
            continue
        if lost:
            out.append(finding(
                Code.IMPORT_DELETES_ONLY_CREDENTIAL, "error",
                f"agent {a}: the import deletes {RETIRED}, the only {', '.join(lost)} "
                "credential in auth-profiles.json (a copy of Claude Code's login), so "
                f"{', '.join(lost)} would have none; --fix does not import it",
                fix=f"run `{WIZARD}` and press i (\"import the old store first\") on its first "
                f"screen, or {IMPORT_FLAG}: it imports the store, then sets up a new credential",
                agent=a, provider=lost[0], profile=RETIRED,
            ))
            out.append(finding(
                Code.JSON_STORE_NOT_READ, "error", message,
                fix=f"not changed by --fix: the import would leave {', '.join(lost)} without "
                f"a credential. Run `{WIZARD}` (it imports, then sets one up), then "
                f"`{WIZARD} status`", agent=a))
            continue
        out.append(finding(
            Code.JSON_STORE_NOT_READ, "error", message,
            fix="repair the JSON pair as on the JSON-era releases, back up openclaw.json, run "
            "the installed `openclaw doctor --fix --non-interactive` (the import; it also "
            "disables skills whose tools are missing and stamps meta/wizard in openclaw.json), "
            "then confirm with `openclaw models status --json`; authwizard never edits "
            "OpenClaw's SQLite files",
            actions=[ImportLegacy(a)], agent=a,
        ))
    return out


RULES = (Rule((Code.JSON_STORE_NOT_READ, Code.IMPORT_DELETES_ONLY_CREDENTIAL,
               Code.IMPORT_ID_CLASH), generation_findings),)
