"""``authwizard status --json``: which profile OpenClaw would use, and with which header.

The expected answers are written from reference/openclaw-formats.md, not from the code:
§4 "Verified locally against S1 code" (store ``anthropic:default`` type token +
``anthropic:api`` type api_key: no config → both; config ``anthropic:default`` mode token or
oauth → only that one; mode api_key → none; config naming only an absent id → none; config
order naming a missing id → none), §4 sorting (no explicit order: oauth, then token, then
api_key), §4 env fallback (``ANTHROPIC_OAUTH_TOKEN`` then ``ANTHROPIC_API_KEY``, then
``models.providers.<p>.apiKey``) and §5 (the header is chosen by the ``sk-ant-oat`` substring).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.test_doctor import (
    API_KEY,
    OPENAI_KEY,
    TOKEN,
    TOKEN2,
    Run,
    cli,  # noqa: F401 - the fixture
    state,  # noqa: F401 - the fixture
    write_state,
)

BEARER = "Authorization: Bearer"
XKEY = "x-api-key"
GEMINI_KEY = "AIza" + "SyD4e5F6g7" * 3 + "Hh"

STORE = {"version": 1, "profiles": {
    "anthropic:default": {"type": "token", "provider": "anthropic", "token": TOKEN},
    "anthropic:api": {"type": "api_key", "provider": "anthropic", "key": API_KEY},
}}


def mode(m: str, pid: str = "anthropic:default") -> dict[str, Any]:
    return {"auth": {"profiles": {pid: {"provider": "anthropic", "mode": m}}}}


@dataclass(frozen=True)
class Row:
    name: str
    config: dict[str, Any] | None
    uses: str | None  # the profile OpenClaw would use first
    header: str | None  # the header it goes out with
    usable: tuple[str, ...]  # every profile OpenClaw would try, in order


TABLE = [
    Row("no-config", None, "anthropic:default", BEARER,
        ("anthropic:default", "anthropic:api")),
    Row("config-default-token", mode("token"), "anthropic:default", BEARER,
        ("anthropic:default",)),
    Row("config-default-oauth", mode("oauth"), "anthropic:default", BEARER,
        ("anthropic:default",)),
    Row("config-default-api_key", mode("api_key"), None, None, ()),
    Row("config-only-absent-id", mode("oauth", "anthropic:claude-cli"), None, None, ()),
    Row("config-order-missing-id", {"auth": {"order": {"anthropic": ["anthropic:missing"]}}},
        None, None, ()),
]


def anthropic(doc: dict[str, Any], agent: str = "main") -> dict[str, Any]:
    a = next(x for x in doc["agents"] if x["id"] == agent)
    p: dict[str, Any] = next(x for x in a["providers"] if x["provider"] == "anthropic")
    return p


@pytest.mark.parametrize("row", TABLE, ids=[r.name for r in TABLE])
def test_status_says_what_openclaw_uses(
    row: Row, cli: Callable[..., Run], state: Path  # noqa: F811
) -> None:
    write_state(state, row.config, {"main": STORE})
    r = cli("status", "--json")
    assert r.code == 0
    doc = r.json()
    assert doc["command"] == "status" and doc["version"] == 1 and doc["ok"] is True
    p = anthropic(doc)
    uses = p["uses"]
    if row.uses is None:
        assert uses is None
    else:
        assert uses == {"kind": "profile", "id": row.uses, "name": None, "header": row.header}
    by_id = {x["id"]: x for x in p["profiles"]}
    usable = sorted((x for x in p["profiles"] if x["usable"]), key=lambda x: x["position"])
    assert tuple(x["id"] for x in usable) == row.usable
    for pid in ("anthropic:default", "anthropic:api"):
        entry = by_id[pid]
        assert entry["header"] == (BEARER if pid == "anthropic:default" else XKEY)
        assert entry["secret"].startswith("sk-ant-") and "…" in entry["secret"]
        assert entry["in_store"] == "own"
        if not entry["usable"]:
            assert entry["position"] is None and entry["reason"]
    assert by_id["anthropic:default"]["type"] == "token"
    assert by_id["anthropic:api"]["secret_kind"] == "api_key"
    human = cli("status")
    assert human.code == 0 and "anthropic" in human.out


def test_env_fallback_and_header_by_substring(
    cli: Callable[..., Run], state: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    """No usable profile: OpenClaw reads ANTHROPIC_OAUTH_TOKEN before ANTHROPIC_API_KEY, and a
    setup token in ANTHROPIC_API_KEY still goes out as Bearer (§5)."""
    write_state(state, mode("api_key"), {"main": STORE})
    monkeypatch.setenv("ANTHROPIC_API_KEY", TOKEN2)
    p = anthropic(cli("status", "--json").json())
    assert p["uses"] == {"kind": "env", "id": None, "name": "ANTHROPIC_API_KEY",
                         "header": BEARER}
    monkeypatch.setenv("ANTHROPIC_OAUTH_TOKEN", TOKEN)
    p = anthropic(cli("status", "--json").json())
    assert p["uses"]["name"] == "ANTHROPIC_OAUTH_TOKEN"
    fb = {f["name"]: f for f in p["fallbacks"]}
    assert fb["ANTHROPIC_OAUTH_TOKEN"]["position"] == 1
    assert not fb["ANTHROPIC_API_KEY"]["usable"] and fb["ANTHROPIC_API_KEY"]["reason"]


def test_env_and_models_key_come_after_the_profiles(
    cli: Callable[..., Run], state: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    config = {**mode("token"), "models": {"providers": {"anthropic": {"apiKey": API_KEY}}}}
    write_state(state, config, {"main": STORE})
    monkeypatch.setenv("ANTHROPIC_API_KEY", API_KEY)
    p = anthropic(cli("status", "--json").json())
    assert p["uses"]["id"] == "anthropic:default"
    fb = {f["name"]: f for f in p["fallbacks"]}
    assert fb["ANTHROPIC_API_KEY"]["position"] == 2
    assert fb["ANTHROPIC_API_KEY"]["header"] == XKEY
    assert fb["models.providers.anthropic.apiKey"]["position"] == 3
    assert fb["models.providers.anthropic.apiKey"]["secret"] == "sk-ant-api03-…X7w6"


def test_openai_key_in_state_env_file_and_gemini_header(
    cli: Callable[..., Run], state: Path  # noqa: F811
) -> None:
    """Older wizards put the OpenAI key in <stateDir>/.env (DESIGN §8); Gemini keys go out as
    x-goog-api-key."""
    write_state(state, None, {"main": {"version": 1, "profiles": {
        "google:default": {"type": "api_key", "provider": "google", "key": GEMINI_KEY}}}})
    (state / ".env").write_text(f"OPENAI_API_KEY={OPENAI_KEY}\n")
    os.chmod(state / ".env", 0o600)
    r = cli("status", "--json")
    agent = r.json()["agents"][0]
    provs = {p["provider"]: p for p in agent["providers"]}
    assert provs["google"]["uses"]["header"] == "x-goog-api-key"
    assert provs["openai"]["uses"] == {"kind": "env", "id": None, "name": "OPENAI_API_KEY",
                                       "header": BEARER}
    assert provs["openai"]["fallbacks"][0]["source"] == str(state / ".env")
    assert GEMINI_KEY not in r.out


def test_entries_dropped_at_load_are_shown_with_why(
    cli: Callable[..., Run], state: Path  # noqa: F811
) -> None:
    write_state(state, mode("api_key"), {"main": {"version": 1, "profiles": {
        "anthropic:default": {"mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}}})
    p = anthropic(cli("status", "--json").json())
    entry = p["profiles"][0]
    assert entry["usable"] is False and "mode" in entry["reason"]
    assert "store-entry-dropped" in entry["findings"]
    assert entry["header"] == XKEY and entry["secret"] == "sk-ant-api03-…X7w6"


def test_status_errors_are_json_with_the_exit_code(
    cli: Callable[..., Run], state: Path  # noqa: F811
) -> None:
    write_state(state, None, {}, config_text="{ auth: \n")
    r = cli("status", "--json")
    assert r.code == 5
    doc = json.loads(r.out)
    assert doc["ok"] is False and doc["exit_code"] == 5 and doc["error"]["fix"]
    assert cli("status", "--agent", "nobody", "--json").code == 5  # the config is still broken


SEED_C = ({"auth": {"profiles": {"anthropic:anthropic_api": {"provider": "anthropic",
                                                            "mode": "token"}}}},
          {"version": 1, "profiles": {"anthropic:claude-cli": {
              "type": "oauth", "provider": "anthropic", "access": TOKEN,
              "refresh": "sk-ant-ort01-" + "R3fr3sh0" * 10, "expires": 4102444800000}}},
          "anthropic:claude-cli")
ALIASES_E = ({"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                         "mode": "api_key"}}}},
             {"version": 1, "profiles": {"anthropic:default": {
                 "mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}},
             "anthropic:default")


@pytest.mark.parametrize(
    ("fixture", "generation", "uses"),
    [
        # openclaw-versions.md §2.1: fixture C (config names only an id the store lacks) →n/c on
        # 2026.1.30 … 2.17, resolves from 2026.2.21 on (drift fallback); fixture E (store
        # entry written with mode/apiKey) → ∅ before 2026.2.26, api_key from 2026.2.26 on.
        (SEED_C, "G1", None),
        (SEED_C, "G2", "anthropic:claude-cli"),
        (ALIASES_E, "G1", None),
        (ALIASES_E, "G2", "anthropic:default"),
    ],
    ids=["seed-C-G1", "seed-C-G2", "aliases-E-G1", "aliases-E-G2"],
)
def test_status_follows_the_release_s_own_leniency(
    cli: Callable[..., Run], state: Path,  # noqa: F811
    fixture: tuple[dict[str, Any], dict[str, Any], str], generation: str, uses: str | None,
) -> None:
    config, store, _ = fixture
    write_state(state, config, {"main": store})
    r = cli("status", "--json", "--generation", generation)
    assert r.code == 0
    got = anthropic(r.json())["uses"]
    assert (got["id"] if got else None) == uses
