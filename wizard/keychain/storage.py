"""Where a written secret lives: OpenClaw's own store (the default), the OS keychain, or an
environment variable the user manages; the last two leave OpenClaw only a SecretRef."""

from __future__ import annotations

import re
from typing import Literal

from wizard.keychain.names import secret_ref

Store = Literal["openclaw", "keychain", "env"]
STORES: tuple[Store, ...] = ("openclaw", "keychain", "env")
REFS_FROM = (2026, 2, 26)  # the first release that reads keyRef/tokenRef and exec providers
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,127}$")
SERVICE_ENV_NOTE = (
    "a gateway started as a service (launchd, systemd) does not see your shell's variables: "
    "set {name} in the service's environment too"
)


def refs_unsupported(generation: str, version: tuple[int, int, int] | None) -> str | None:
    """Why this release cannot hold a reference instead of the secret (None: it can)."""
    if generation in ("G2", "G3", "G4") or (version is not None and version >= REFS_FROM):
        return None
    shown = ".".join(map(str, version)) if version else f"a {generation} release may be older"
    return (
        f"OpenClaw reads references to secrets from 2026.2.26 on ({shown}): update OpenClaw, "
        "or keep the secret in OpenClaw's store"
    )


def env_name_problem(name: str | None) -> str | None:
    if not name:
        return "store \"env\" needs \"env_var\": the variable that will hold the secret"
    if not ENV_NAME.match(name):
        return (f"env_var {name!r} is not a name OpenClaw accepts: capital letters, digits and _, "
                "starting with a letter (e.g. ANTHROPIC_API_KEY)")
    return None


def env_ref(name: str) -> dict[str, str]:
    return {"source": "env", "provider": "default", "id": name}


def refs_for(
    store: Store, agents: tuple[str, ...], profile_id: str, env_var: str | None
) -> dict[str, dict[str, str]]:
    if store == "keychain":
        return {agent: secret_ref(agent, profile_id) for agent in agents}
    if store == "env" and env_var:
        return {agent: env_ref(env_var) for agent in agents}
    return {}


def describe(store: Store, env_var: str | None = None) -> str:
    return {
        "openclaw": "in OpenClaw's own store",
        "keychain": "in the OS keychain (OpenClaw keeps a reference)",
        "env": f"in the environment variable {env_var} (OpenClaw keeps a reference)",
    }[store]
