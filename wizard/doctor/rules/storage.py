"""Doctor rule over the storage generation: JSON stores that a SQLite-era OpenClaw (G3, G4)
does not read."""

from __future__ import annotations

from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import WIZARD, Finding, finding
from wizard.spec.releases import CLAUDE_CLI_RETIRED, generation_has, row


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
                Code.JSON_STORE_NOT_READ, "error",
                f"agent {a}'s auth-profiles.json holds {', '.join(ids)}, but OpenClaw {g} keeps "
                f"credentials in SQLite: {effect}{lost}.",
                fix="not changed by --fix (authwizard never edits OpenClaw's SQLite files). "
                "Safe order: 1. `openclaw doctor --fix` (imports it); 2. `authwizard` to "
                f"rotate or add the credential; 3. `{WIZARD} status`",
                agent=a,
            ))
    return out


RULES = (Rule((Code.JSON_STORE_NOT_READ,), generation_findings),)
