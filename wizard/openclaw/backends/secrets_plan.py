"""The plan ``openclaw secrets apply --from PLAN --allow-exec`` takes to create a reference-only
profile on a SQLite-era release (2026.6.5+), where authwizard never writes OpenClaw's store
itself. Pure: intent in, plan document out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from wizard.core.plan import Intent
from wizard.core.profiles import VALUE_FIELD

# "anthropic:default=token:ref(exec:main/anthropic:default)" in `openclaw models status --json`
_LABEL_REF = re.compile(r"^(?P<pid>[^=]+)=[a-z_]+:ref\((?P<source>[a-z]+):(?P<id>.+)\)$")


def apply_plan(intent: Intent, profile_id: str) -> dict[str, Any]:
    field = VALUE_FIELD[intent.type]
    targets = [
        {
            "type": f"auth-profiles.{intent.type}.{field}",
            "path": f"profiles.{profile_id}.{field}",
            "pathSegments": ["profiles", profile_id, field],
            "agentId": agent,
            "ref": dict(ref),
            "authProfileProvider": intent.provider,
        }
        for agent, ref in intent.refs.items()
    ]
    plan: dict[str, Any] = {"version": 1, "protocolVersion": 1, "targets": targets}
    if intent.secret_providers:
        plan["providerUpserts"] = {k: dict(v) for k, v in intent.secret_providers.items()}
    return plan


def needs_exec(plan: Mapping[str, Any]) -> bool:
    return any(t["ref"]["source"] == "exec" for t in plan["targets"])


def refs_in_labels(labels: list[str]) -> dict[str, tuple[str, str]]:
    """Profile id → (source, ref id) for each profile OpenClaw reports as a reference."""
    found: dict[str, tuple[str, str]] = {}
    for label in labels:
        m = _LABEL_REF.match(label)
        if m:
            found[m["pid"]] = (m["source"], m["id"])
    return found
