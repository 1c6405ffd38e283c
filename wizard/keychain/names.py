"""What authwizard calls things in the keychain and in OpenClaw's ``secrets.providers``."""

from __future__ import annotations

import re

SERVICE = "authwizard"  # the keychain item's service; its username is the ref id
ALIAS = "authwizard"  # secrets.providers.<ALIAS> in openclaw.json
RESOLVER_NAME = "keychain-resolver"
EXEC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}$")


def ref_id(agent: str, profile_id: str) -> str:
    """The SecretRef id (and keychain username) of one agent's profile: ``main/anthropic:default``.

    Agents keep separate stores, so the same profile id may hold different secrets per agent.
    """
    found = f"{agent}/{profile_id}"
    if not EXEC_ID.match(found) or any(part in (".", "..") for part in found.split("/")):
        raise ValueError(f"{found!r} is not a valid exec SecretRef id")
    return found


def secret_ref(agent: str, profile_id: str) -> dict[str, str]:
    return {"source": "exec", "provider": ALIAS, "id": ref_id(agent, profile_id)}
