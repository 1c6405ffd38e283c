"""Doctor rule over the storage generation: JSON stores that a SQLite-era OpenClaw (G3, G4)
does not read, what importing them does with each profile, and when the import is safe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.profiles import entry_provider
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import WIZARD, Finding, ImportLegacy, finding
from wizard.spec.releases import CLAUDE_CLI_RETIRED, generation_has, row

RETIRED = "anthropic:claude-cli"
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
    kept = {p for f, p in fates.values() if f == "usable" and p}
    return sorted(deleted - kept)


def _explain(fates: Mapping[str, tuple[str, str | None]]) -> str:
    words = {"usable": "becomes usable", "dropped": "OpenClaw drops it (nothing usable in it)",
             "deleted": "OpenClaw deletes it (retired from 2026.8.1)"}
    return "; ".join(f"{pid}: {words[fate]}" for pid, (fate, _) in sorted(fates.items()))


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
        fates = {pid: profile_fate(ctx, a, pid) for pid in ids}
        lost = lost_providers(fates)
        message = (f"agent {a}'s auth-profiles.json holds {', '.join(ids)}, but OpenClaw {g} "
                   f"keeps credentials in SQLite: {effect}. After the import: {_explain(fates)}.")
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


RULES = (Rule((Code.JSON_STORE_NOT_READ, Code.IMPORT_DELETES_ONLY_CREDENTIAL),
              generation_findings),)
