"""``"store": "keychain"`` end to end: the installed authwizard writes a reference-only profile,
the secret goes to a real keyring backend (keyrings.alt's file backend, chosen in keyringrc.cfg
under HOME), and the resolver gives it back to a process that sees only HOME."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import test_replay_e2e
from tests.provider_server import ProviderServer
from tests.test_keychain import FILE_BACKEND, request, use_backend
from tests.test_replay_e2e import TOKEN, TOKEN2, Run, answers, config, state, store

run = test_replay_e2e.run  # the installed authwizard, as a fixture
PID = "anthropic:default"
REF = {"source": "exec", "provider": "authwizard", "id": "main/anthropic:default"}


@pytest.fixture(autouse=True)
def file_keyring(home: Path) -> None:
    use_backend(home, FILE_BACKEND)


def resolve(home: Path, ref_id: str = REF["id"]) -> dict[str, Any]:
    command = config(home)["secrets"]["providers"]["authwizard"]["command"]
    done = subprocess.run([command], input=request(ref_id), env={"HOME": str(home)},
                          capture_output=True, timeout=30, check=True)
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


def files_holding(home: Path, secret: str) -> list[str]:
    keyring_data = home / ".local" / "share" / "python_keyring"
    return sorted(
        str(p.relative_to(home)) for p in home.rglob("*")
        if p.is_file() and keyring_data not in p.parents and secret.encode() in p.read_bytes()
    )


def test_keychain_install_writes_only_a_reference(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--json", "--generation", "G2", answers=answers(store="keychain"))
    assert r.code == 0, r.err
    entry = store(home)["profiles"][PID]
    assert entry == {"type": "token", "provider": "anthropic", "tokenRef": REF}
    assert config(home)["auth"]["profiles"][PID] == {"provider": "anthropic", "mode": "token"}
    provider = config(home)["secrets"]["providers"]["authwizard"]
    assert provider["source"] == "exec" and provider["passEnv"][0] == "HOME"
    assert resolve(home) == {"protocolVersion": 1, "values": {REF["id"]: TOKEN}}
    assert files_holding(home, TOKEN) == []
    assert r.json()["keychain"] == [REF["id"]] and r.json()["store"] == "keychain"
    assert "OS keychain" in r.err


def test_rotation_changes_only_the_keychain_item(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.add_credential("anthropic", TOKEN2)
    assert run("--generation", "G2", answers=answers(store="keychain")).code == 0
    before = state(home)
    r = run("--generation", "G2", extra_env={"SETUP_TOKEN": TOKEN2},
            answers=answers(store="keychain"))
    assert r.code == 0, r.err
    assert "Rotated anthropic:default in the keychain" in r.err
    assert "secrets reload" not in r.err  # no OpenClaw installed here: no gateway to reload
    assert state(home) == before  # no OpenClaw file changed, no backup made
    assert resolve(home)["values"] == {REF["id"]: TOKEN2}
    assert files_holding(home, TOKEN2) == [] and files_holding(home, TOKEN) == []
    # with an OpenClaw installed, a running gateway is told how to pick the new secret up
    bin_dir = home.parent / "bin"
    bin_dir.mkdir()
    (bin_dir / "openclaw").write_text("#!/bin/sh\necho 'OpenClaw 2026.4.7'\n")
    (bin_dir / "openclaw").chmod(0o755)
    path = f"{bin_dir}:{Path(test_replay_e2e.authwizard()).parent}:/usr/bin:/bin"
    r = run("--generation", "G2", answers=answers(store="keychain"), extra_env={"PATH": path})
    assert r.code == 0, r.err
    assert "Rotated anthropic:default in the keychain" in r.err
    assert "next: `openclaw secrets reload`" in r.err


def test_switching_a_plaintext_profile_to_the_keychain(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert run("--generation", "G2", answers=answers()).code == 0
    assert store(home)["profiles"][PID]["token"] == TOKEN
    r = run("--generation", "G2", answers=answers(store="keychain", profile=PID))
    assert r.code == 0, r.err
    assert store(home)["profiles"][PID] == {"type": "token", "provider": "anthropic",
                                           "tokenRef": REF}
    store_file = home / ".openclaw" / "agents" / "main" / "agent" / "auth-profiles.json"
    assert TOKEN.encode() not in store_file.read_bytes()
    assert resolve(home)["values"] == {REF["id"]: TOKEN}


@pytest.mark.parametrize("backend", ["keyring.backends.fail.Keyring",
                                     "keyring.backends.null.Keyring"])
def test_no_usable_keyring_is_refused_before_anything(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer, backend: str
) -> None:
    use_backend(home, backend)
    provider_server.add_credential("anthropic", TOKEN)
    before = len(provider_server.requests)
    keyring_cfg = state(home)
    r = run("--json", "--generation", "G2", answers=answers(store="keychain"))
    assert r.code == 5, r.err
    assert "no OS keychain is available" in r.err and "keyringrc.cfg" in r.err
    assert len(provider_server.requests) == before
    assert state(home) == keyring_cfg == {}
    assert r.json()["exit_code"] == 5


def test_a_release_without_refs_is_told_which_release_adds_them(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--generation", "G1", answers=answers(store="keychain"))
    assert r.code == 5 and "2026.2.26" in r.err
    assert state(home) == {}


def test_env_store_writes_an_env_reference_and_says_services_do_not_see_it(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--json", "--generation", "G2",
            answers=answers(store="env", env_var="ANTHROPIC_OAUTH_TOKEN"))
    assert r.code == 0, r.err
    assert store(home)["profiles"][PID] == {
        "type": "token", "provider": "anthropic",
        "tokenRef": {"source": "env", "provider": "default", "id": "ANTHROPIC_OAUTH_TOKEN"},
    }
    assert "secrets" not in config(home)
    assert any("systemd" in w for w in r.json()["warnings"])
    assert files_holding(home, TOKEN) == []


@pytest.mark.parametrize("env_var", [None, "lower_case"])
def test_env_store_needs_a_valid_variable_name(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer, env_var: str | None
) -> None:
    r = run("--generation", "G2", answers=answers(store="env", env_var=env_var))
    assert r.code == 2 and "env_var" in r.err
    assert state(home) == {}


def test_status_and_doctor_show_where_the_secret_lives(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert run("--generation", "G2", answers=answers(store="keychain")).code == 0
    doc = run("status", "--json", "--generation", "G2").json()
    profile = doc["agents"][0]["providers"][0]["profiles"][0]
    assert profile["stored"] == "keychain" and profile["ref"] == REF
    assert profile["usable"] and profile["header"] == "Authorization: Bearer"
    table = run("status", "--generation", "G2").out
    assert "keychain" in table and "(Authorization: Bearer)" in table
    assert run("doctor", "--generation", "G2").code == 0


def test_doctor_and_status_say_when_the_keychain_item_is_gone(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert run("--generation", "G2", answers=answers(store="keychain")).code == 0
    for stored in (home / ".local" / "share" / "python_keyring").iterdir():
        stored.unlink()  # the keychain lost the item
    r = run("doctor", "--json", "--generation", "G2")
    assert r.code == 1
    found = [f for f in r.json()["findings"] if f["code"] == "secret-ref-unresolved"]
    assert found and "the keychain has no item 'main/anthropic:default'" in found[0]["message"]
    profile = run("status", "--json", "--generation", "G2").json()["agents"][0]["providers"][0][
        "profiles"][0]
    assert profile["resolves"] is False
    assert "keychain (unresolved)" in run("status", "--generation", "G2").out


def test_doctor_names_a_resolver_openclaw_would_refuse(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert run("--generation", "G2", answers=answers(store="keychain")).code == 0
    resolver = Path(config(home)["secrets"]["providers"]["authwizard"]["command"])
    resolver.chmod(0o777)
    r = run("doctor", "--generation", "G2")
    assert r.code == 1 and "group- or world-writable" in r.out


def test_doctor_finds_plaintext_copies_of_a_keychain_secret(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert run("--generation", "G2", answers=answers()).code == 0
    assert run("--generation", "G2", answers=answers(store="keychain", profile=PID)).code == 0
    r = run("doctor", "--json", "--generation", "G2")
    copies = [f for f in r.json()["findings"] if f["code"] == "stale-secret-copies"]
    assert copies and "auth-profiles.json.bak" in copies[0]["message"]
    assert r.code == 0  # a warning: OpenClaw works
    assert files_holding(home, TOKEN) != []
    assert run("doctor", "--fix", "--generation", "G2").code == 0
    assert files_holding(home, TOKEN) == []  # the plaintext backups were shredded
    assert resolve(home)["values"] == {REF["id"]: TOKEN}  # the keychain still gives it


async def test_the_wizard_keeps_the_secret_in_the_keychain_when_ticked(
    home: Path, provider_server: ProviderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring.core
    from textual.widgets import Checkbox

    from snapshots.drive import base_env, keys, make_app, paste, screen_name, to_secret_by_keys
    from wizard.keychain import backend

    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keyring.core.init_backend()  # the backend keyringrc.cfg under HOME names
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G2"))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await to_secret_by_keys(pilot)
            await paste(pilot, TOKEN)
            await keys(pilot, "enter")  # check
            await keys(pilot, "enter")  # accepted: on to the profile
            assert screen_name(pilot) == "ProfileScreen"
            box = app.screen.query_one("#keychain", Checkbox)
            assert not box.disabled
            box.value = True
            await keys(pilot, "enter")
            assert screen_name(pilot) == "ReviewScreen"
            await keys(pilot, "w")
            assert screen_name(pilot) == "DoneScreen"
        assert store(home)["profiles"][PID] == {"type": "token", "provider": "anthropic",
                                               "tokenRef": REF}
        assert backend.read(REF["id"]) == TOKEN
        assert files_holding(home, TOKEN) == []
    finally:
        keyring.core.init_backend()


def test_remove_deletes_the_keychain_item(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert run("--generation", "G2", answers=answers(store="keychain")).code == 0
    assert resolve(home)["values"] == {REF["id"]: TOKEN}
    r = run("remove", PID, "--yes", "--json", "--generation", "G2")
    assert r.code == 0, r.err
    assert r.json()["keychain"] == [REF["id"]] and r.json()["warnings"] == []
    assert PID not in store(home)["profiles"]
    assert resolve(home)["errors"][REF["id"]]["code"] == "NOT_FOUND"


async def test_the_welcome_moves_a_plaintext_secret_into_the_keychain(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring.core

    from snapshots.drive import base_env, keys, make_app, screen_name, settle
    from wizard.keychain import backend

    provider_server.add_credential("anthropic", TOKEN)
    assert run("--generation", "G2", answers=answers()).code == 0  # plaintext in the store
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keyring.core.init_backend()
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G2"))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await keys(pilot, "k")
            assert screen_name(pilot) == "ChooseProfile"
            await keys(pilot, "enter")  # anthropic:default, the only one
            await settle(pilot)
            assert screen_name(pilot) == "WelcomeScreen"
        assert store(home)["profiles"][PID] == {"type": "token", "provider": "anthropic",
                                               "tokenRef": REF}
        assert backend.read(REF["id"]) == TOKEN
        store_file = home / ".openclaw" / "agents" / "main" / "agent" / "auth-profiles.json"
        assert TOKEN.encode() not in store_file.read_bytes()
    finally:
        keyring.core.init_backend()
