"""The Welcome's mark beside each profile says what is true of it: ✓ in use, · a usable
backup (nothing wrong with it), ✗ only when no agent can use it."""

from __future__ import annotations

import time
from pathlib import Path

from snapshots.drive import API_KEY, TOKEN, base_env, write_config, write_store
from wizard.options import Options
from wizard.views.facts import gather


def lines(home: Path) -> list[str]:
    env = base_env(home, None, AUTHWIZARD_GENERATION="G2")
    g = gather(Options(), env, lambda: time.time() * 1000, lambda _: None, claude_probe=False)
    return [line.text for line in g.facts.profiles]


def test_a_usable_backup_is_not_marked_broken(home: Path) -> None:
    write_config(home, {"auth": {
        "profiles": {"anthropic:api_key": {"provider": "anthropic", "mode": "api_key"},
                     "anthropic:default": {"provider": "anthropic", "mode": "token"}},
        "order": {"anthropic": ["anthropic:api_key", "anthropic:default"]}}})
    write_store(home, {"version": 1, "profiles": {
        "anthropic:api_key": {"type": "api_key", "provider": "anthropic", "key": API_KEY},
        "anthropic:default": {"type": "token", "provider": "anthropic", "token": TOKEN}}})
    shown = lines(home)
    assert any(s.startswith("✓ anthropic:api_key") and "in use by main" in s for s in shown)
    assert any(s.startswith("· anthropic:default") and "backup for main" in s for s in shown), shown


def test_a_profile_no_agent_can_use_is_marked_broken(home: Path) -> None:
    write_config(home, {"auth": {
        "profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    write_store(home, {"version": 1, "profiles": {
        "anthropic:default": {"type": "token", "provider": "anthropic"}}})  # no secret
    (shown,) = lines(home)
    assert shown.startswith("✗ anthropic:default"), shown
