"""The auth state as read from disk, as plain data: the input of every pure computation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


def empty_store() -> dict[str, Any]:
    """What OpenClaw starts from when there is no ``auth-profiles.json`` (a fresh dict)."""
    return {"version": 1, "profiles": {}}


class StoreSnapshot(NamedTuple):
    text: str | None  # None: the file does not exist
    data: dict[str, Any]
    # auth-state.json beside it (2026.4.7 … 2026.6.1 keep usage, lastGood and order there)
    state_text: str | None = None
    state_data: dict[str, Any] | None = None

    @classmethod
    def missing(cls) -> StoreSnapshot:
        """No ``auth-profiles.json`` yet: what OpenClaw starts from."""
        return cls(None, empty_store())

    def profiles(self) -> dict[str, Any]:
        p = self.data.get("profiles")
        return p if isinstance(p, dict) else {}


class Snapshot(NamedTuple):
    config_text: str | None  # None: no config file
    config: dict[str, Any]
    stores: Mapping[str, StoreSnapshot]  # every known agent, by id
    default_agent: str = "main"
    main_agent: str | None = "main"  # whose store the others inherit

    def auth(self) -> dict[str, Any]:
        a = self.config.get("auth")
        return a if isinstance(a, dict) else {}

    def config_profiles(self) -> dict[str, Any]:
        p = self.auth().get("profiles")
        return p if isinstance(p, dict) else {}

    def config_order(self) -> dict[str, Any]:
        o = self.auth().get("order")
        return o if isinstance(o, dict) else {}

    def effective_profiles(self, agent: str) -> dict[str, Any]:
        """What the agent's OpenClaw sees: its own store over the main store (agent wins)."""
        own = self.stores[agent].profiles() if agent in self.stores else {}
        main_agent = self.main_agent
        if main_agent is None or agent == main_agent or main_agent not in self.stores:
            return dict(own)
        main = self.stores[main_agent].profiles()
        return {**main, **own}
