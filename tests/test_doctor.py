"""``authwizard doctor [--fix]`` on the states reported in OpenClaw #2697 and its comments.

Each state: ``doctor`` names it (exit 1 while an error remains), ``doctor --fix`` leaves files
that satisfy DESIGN §3 (``tests/consistency.py``) and a second ``doctor`` exits 0 — or, where
there is more than one plausible repair, ``--fix`` changes nothing (bytes and modes) and says
why. The CLI runs in-process (``wizard.cli.main``) with a temp HOME and no OpenClaw on PATH.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.consistency import assert_consistent, capture
from wizard.cli import main
from wizard.spec.registry import PROVIDERS

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
REFRESH = "sk-ant-ort01-" + "R5s6T7u8" * 12
OPENAI_KEY = "sk-proj-" + "M3n4O5p6" * 16
SECRETS = (TOKEN, TOKEN2, API_KEY, REFRESH, OPENAI_KEY)
FUTURE = 4_102_444_800_000  # 2100-01-01
PAST = 1_600_000_000_000  # 2020


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.out)
        return doc

    def codes(self, key: str = "findings") -> dict[str, str]:
        return {f["code"]: f["severity"] for f in self.json()[key]}


def write_state(
    state: Path, config: dict[str, Any] | None, stores: dict[str, dict[str, Any]],
    *, config_text: str | None = None,
) -> Path:
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    if config is not None or config_text is not None:
        cpath = state / "openclaw.json"
        cpath.write_text(config_text or json.dumps(config, indent=2) + "\n")
        os.chmod(cpath, 0o600)
    for agent, data in stores.items():
        adir = state / "agents" / agent / "agent"
        adir.mkdir(parents=True, exist_ok=True)
        for d in (state / "agents", adir.parent, adir):
            os.chmod(d, 0o700)
        spath = adir / "auth-profiles.json"
        spath.write_text(json.dumps(data, indent=2) + "\n")
        os.chmod(spath, 0o600)
    return state


def snapshot_modes(state: Path) -> dict[str, tuple[bytes | None, int]]:
    return {
        str(p.relative_to(state)): (p.read_bytes() if p.is_file() else None,
                                    p.stat().st_mode & 0o777)
        for p in sorted([state, *state.rglob("*")])
    }


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    state: Path,
) -> Iterator[Callable[..., Run]]:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "bin").mkdir()
    for name in list(os.environ):
        if name.startswith(("OPENCLAW_", "CLAWDBOT_", "PI_CODING", "AUTHWIZARD_")):
            monkeypatch.delenv(name)
    for p in PROVIDERS.values():
        for name in p.env_vars:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))

    def run(*args: str) -> Run:
        code = main([*args, "--state-dir", str(state)])
        out, err = capsys.readouterr()
        for secret in SECRETS:
            assert secret not in out and secret not in err, "a secret leaked into the output"
            assert secret[13:] not in out and secret[13:] not in err, "a secret body leaked"
        return Run(code, out, err)

    yield run


# ------------------------------------------------------------------ the #2697 states


def token(secret: str = TOKEN, **extra: Any) -> dict[str, Any]:
    return {"type": "token", "provider": "anthropic", "token": secret, **extra}


def cfg(*entries: tuple[str, str], **auth: Any) -> dict[str, Any]:
    return {"auth": {"profiles": {pid: {"provider": "anthropic", "mode": mode}
                                  for pid, mode in entries}, **auth}}


@dataclass(frozen=True)
class Case:
    name: str
    config: dict[str, Any]
    store: dict[str, Any]
    code: str  # the finding doctor must name
    severity: str
    profile: str  # the profile to check after --fix


CASES = [
    # The #2697 state with one right answer: the config names an id the store lacks, and the
    # store has exactly one anthropic token profile.
    Case("config-id-missing-rename", cfg(("anthropic:anthropic_api", "token")),
         {"version": 1, "profiles": {"anthropic:default": token()}},
         "config-id-missing-in-store", "error", "anthropic:default"),
    # A config entry without provider: OpenClaw refuses to start ("Config invalid").
    Case("config-without-provider",
         {"auth": {"profiles": {"anthropic:default": {"mode": "token"}}}},
         {"version": 1, "profiles": {"anthropic:default": token()}},
         "config-schema", "error", "anthropic:default"),
    # Store anthropic:default as a plain token (no `type`) beside anthropic:oauth.
    Case("plain-token-beside-oauth",
         cfg(("anthropic:default", "token"), ("anthropic:oauth", "oauth")),
         {"version": 1, "profiles": {
             "anthropic:default": {"provider": "anthropic", "token": TOKEN},
             "anthropic:oauth": {"type": "oauth", "provider": "anthropic", "access": TOKEN2,
                                 "refresh": REFRESH, "expires": FUTURE}}},
         "store-entry-dropped", "error", "anthropic:default"),
    # The same written as a bare string.
    Case("bare-string-token", cfg(("anthropic:default", "token")),
         {"version": 1, "profiles": {"anthropic:default": TOKEN}},
         "store-entry-dropped", "error", "anthropic:default"),
    # Config mode oauth over store type token: tolerated by OpenClaw, so a warning (§8).
    Case("oauth-over-token", cfg(("anthropic:default", "oauth")),
         {"version": 1, "profiles": {"anthropic:default": token()}},
         "mode-type-mismatch", "warning", "anthropic:default"),
    # A setup token stored as api_key (config in step with the wrong type).
    Case("setup-token-as-api-key", cfg(("anthropic:default", "api_key")),
         {"version": 1, "profiles": {"anthropic:default": {
             "type": "api_key", "provider": "anthropic", "key": TOKEN}}},
         "type-contradicts-secret", "error", "anthropic:default"),
    # An API key stored as token.
    Case("api-key-as-token", cfg(("anthropic:default", "token")),
         {"version": 1, "profiles": {"anthropic:default": token(API_KEY)}},
         "type-contradicts-secret", "error", "anthropic:default"),
    # Store entries written with `mode`/`apiKey` (OpenClaw ≤ 2026.2.21 drops them).
    Case("mode-apikey-aliases", cfg(("anthropic:default", "api_key")),
         {"version": 1, "profiles": {"anthropic:default": {
             "mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}},
         "store-entry-dropped", "error", "anthropic:default"),
    # lastGood (and the order) still naming the deleted anthropic:claude-cli.
    Case("last-good-missing", cfg(("anthropic:default", "token")),
         {"version": 1, "profiles": {"anthropic:default": token()},
          "order": {"anthropic": ["anthropic:claude-cli"]},
          "lastGood": {"anthropic": "anthropic:claude-cli"}},
         "dangling-last-good", "error", "anthropic:default"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_doctor_names_the_state_and_fix_repairs_it(
    case: Case, cli: Callable[..., Run], state: Path
) -> None:
    write_state(state, case.config, {"main": case.store})
    r = cli("doctor", "--json")
    assert r.codes().get(case.code) == case.severity, r.out
    assert r.code == (1 if case.severity == "error" else 0)
    human = cli("doctor")
    assert case.code in human.out and human.code == r.code

    before = capture(state)
    fixed = cli("doctor", "--fix", "--json")
    assert fixed.code == 0, fixed.out
    doc = fixed.json()
    assert case.code in {f["code"] for f in doc["fixed"]}
    assert not [f for f in doc["left"] if f["severity"] == "error"]
    assert doc["backups"], "a fix writes backups"
    assert_consistent(state, case.profile, ["main"], ranked=False, before=before)
    again = cli("doctor", "--json")
    assert again.code == 0 and case.code not in again.codes(), again.out
    assert all(f["severity"] == "info" for f in again.json()["findings"]), again.out


def test_fix_details_per_state(cli: Callable[..., Run], state: Path) -> None:
    """The exact repair of the less obvious states: type from the secret, config in step."""
    write_state(state, cfg(("anthropic:default", "api_key")), {"main": {
        "version": 1, "profiles": {"anthropic:default": {
            "type": "api_key", "provider": "anthropic", "key": TOKEN}}}})
    assert cli("doctor", "--fix").code == 0
    store = json.loads((state / "agents/main/agent/auth-profiles.json").read_text())
    config = json.loads((state / "openclaw.json").read_text())
    assert store["profiles"]["anthropic:default"] == token()
    assert config["auth"]["profiles"]["anthropic:default"] == {
        "provider": "anthropic", "mode": "token"}
    assert store["lastGood"] == {"anthropic": "anthropic:default"}


def test_rename_keeps_the_rest_of_the_config(cli: Callable[..., Run], state: Path) -> None:
    text = ('{\n  // my gateway\n  gateway: {port: 18789},\n  "auth": {"profiles": '
            '{"anthropic:anthropic_api": {"provider": "anthropic", "mode": "token"}},\n'
            '  "order": {"anthropic": ["anthropic:anthropic_api"]}},\n  env: {X: "${HOME}"},\n}\n')
    write_state(state, None, {"main": {"version": 1, "profiles": {"anthropic:manual": token()}}},
                config_text=text)
    before = capture(state)
    assert cli("doctor", "--fix").code == 0
    new = (state / "openclaw.json").read_text()
    assert new.startswith('{\n  // my gateway\n  gateway: {port: 18789},\n  "auth": ')
    assert new.endswith(',\n  env: {X: "${HOME}"},\n}\n')
    assert_consistent(state, "anthropic:manual", ranked=False, before=before)
    assert '"anthropic:manual"' in new and "anthropic_api" not in new


# ------------------------------------------------------------------ no single right answer


def test_original_2697_report_changes_nothing_and_says_why(
    cli: Callable[..., Run], state: Path
) -> None:
    """Config anthropic:anthropic_api (token), store only the deprecated anthropic:claude-cli
    (oauth): more than one plausible repair, so the wizard is the fix."""
    write_state(state, cfg(("anthropic:anthropic_api", "token")), {"main": {
        "version": 1, "profiles": {"anthropic:claude-cli": {
            "type": "oauth", "provider": "anthropic", "access": TOKEN, "refresh": REFRESH,
            "expires": FUTURE}}}})
    r = cli("doctor", "--json")
    assert r.code == 1
    codes = r.codes()
    assert codes["config-id-missing-in-store"] == "error"
    assert codes["deprecated-claude-cli"] == "warning"
    before = snapshot_modes(state)
    fixed = cli("doctor", "--fix")
    assert fixed.code == 1
    assert snapshot_modes(state) == before
    assert "deprecated anthropic:claude-cli" in fixed.out and "`authwizard`" in fixed.out
    assert "Fixed: nothing" in fixed.out


def test_two_equally_good_candidates_change_nothing(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, cfg(("anthropic:work", "token")), {"main": {
        "version": 1, "profiles": {"anthropic:a": token(), "anthropic:b": token(TOKEN2)}}})
    before = snapshot_modes(state)
    r = cli("doctor", "--fix", "--json")
    assert r.code == 1
    assert snapshot_modes(state) == before
    left = {f["code"]: f for f in r.json()["left"]}
    why = left["config-id-missing-in-store"]["fix"]
    assert "anthropic:a, anthropic:b" in why and "not for authwizard to guess" in why
    assert not left["config-id-missing-in-store"]["auto"]
    assert r.json()["fixed"] == []


def test_provider_mismatch_without_proof_is_left(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, {"auth": {"profiles": {"x:one": {"provider": "openrouter",
                                                          "mode": "api_key"}}}},
                {"main": {"version": 1, "profiles": {"x:one": {
                    "type": "api_key", "provider": "mistral", "key": "m" * 32}}}})
    before = snapshot_modes(state)
    r = cli("doctor", "--fix", "--json")
    assert r.codes("left")["provider-mismatch"] == "error"
    assert snapshot_modes(state) == before


def test_provider_mismatch_decided_by_the_secret(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, cfg(("anthropic:default", "api_key")), {"main": {
        "version": 1, "profiles": {"anthropic:default": {
            "type": "api_key", "provider": "openai", "key": API_KEY}}}})
    r = cli("doctor", "--json")
    assert r.codes()["provider-mismatch"] == "error"
    assert cli("doctor", "--fix").code == 0
    assert_consistent(state, "anthropic:default", ranked=False)


# ------------------------------------------------------------------ other findings


def test_dangling_last_good_alone_is_a_warning(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, cfg(("anthropic:default", "token")), {"main": {
        "version": 1, "profiles": {"anthropic:default": token()},
        "lastGood": {"anthropic": "anthropic:gone"}}})
    r = cli("doctor", "--json")
    assert r.code == 0 and r.codes()["dangling-last-good"] == "warning"
    assert cli("doctor", "--fix").code == 0
    assert_consistent(state, "anthropic:default", ranked=True)


def test_expired_token_is_an_error_without_another_profile(
    cli: Callable[..., Run], state: Path
) -> None:
    write_state(state, cfg(("anthropic:default", "token")), {"main": {
        "version": 1, "profiles": {"anthropic:default": token(expires=PAST)}}})
    before = snapshot_modes(state)
    r = cli("doctor", "--fix", "--json")
    assert r.code == 1 and r.codes("left")["token-expired"] == "error"
    assert "claude setup-token" in {f["code"]: f for f in r.json()["left"]}["token-expired"][
        "fix"]
    assert snapshot_modes(state) == before


def test_store_only_profile_hidden_by_config(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, cfg(("anthropic:default", "token")), {"main": {
        "version": 1, "profiles": {"anthropic:default": token(),
                                   "anthropic:api": {"type": "api_key", "provider": "anthropic",
                                                     "key": API_KEY}}}})
    r = cli("doctor", "--json")
    assert r.code == 0
    hidden = [f for f in r.json()["findings"] if f["code"] == "store-only-hidden"]
    assert [(f["profile"], f["severity"], f["auto"]) for f in hidden] == [
        ("anthropic:api", "warning", False)]


def test_file_permissions_are_tightened(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, cfg(("anthropic:default", "token")),
                {"main": {"version": 1, "profiles": {"anthropic:default": token()}}})
    store = state / "agents/main/agent/auth-profiles.json"
    os.chmod(store, 0o644)
    os.chmod(store.parent, 0o755)  # noqa: S103 - the state under test
    r = cli("doctor", "--json")
    assert r.code == 0 and r.codes()["file-permissions"] == "warning"
    text = store.read_bytes()
    fixed = cli("doctor", "--fix", "--json")
    assert fixed.code == 0 and len(fixed.json()["tightened"]) == 2
    assert store.stat().st_mode & 0o777 == 0o600 and store.parent.stat().st_mode & 0o777 == 0o700
    assert store.read_bytes() == text
    assert "file-permissions" not in cli("doctor", "--json").codes()


def test_env_var_shadowing_and_duplicating(
    cli: Callable[..., Run], state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_state(state, cfg(("anthropic:gone", "token")),
                {"main": {"version": 1, "profiles": {"anthropic:api": {
                    "type": "api_key", "provider": "anthropic", "key": API_KEY}}}})
    monkeypatch.setenv("ANTHROPIC_API_KEY", API_KEY)
    codes = cli("doctor", "--json").codes()
    assert codes["env-shadows-profile"] == "error"
    assert codes["env-duplicates-profile"] == "warning"
    (state / ".env").write_text(f"OPENAI_API_KEY={OPENAI_KEY}\n")
    os.chmod(state / ".env", 0o600)
    r = cli("doctor", "--json")
    only = [f for f in r.json()["findings"] if f["code"] == "env-only-credential"]
    assert only and only[0]["provider"] == "openai" and str(state / ".env") in only[0]["message"]


def test_agent_lacking_the_default_agents_profile(cli: Callable[..., Run], state: Path) -> None:
    config = {**cfg(("anthropic:default", "token")),
              "agents": {"list": [{"id": "main", "default": True}, {"id": "work"}]}}
    write_state(state, config, {
        "main": {"version": 1, "profiles": {"anthropic:default": token()}},
        "work": {"version": 1, "profiles": {"anthropic:default": token(expires=PAST)}}})
    r = cli("doctor", "--json")
    f = {(x["code"], x["agent"]): x for x in r.json()["findings"]}
    assert f[("agent-lacks-profile", "work")]["severity"] == "warning"
    assert "--agent work" in f[("agent-lacks-profile", "work")]["fix"]
    only_work = cli("doctor", "--json", "--agent", "work").json()["findings"]
    assert {x["agent"] for x in only_work} <= {"work", None}
    assert cli("doctor", "--agent", "nobody").code == 2


def test_generation_g3_reports_and_leaves_the_store(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, cfg(("anthropic:default", "api_key")), {"main": {
        "version": 1, "profiles": {"anthropic:default": {
            "mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}}})
    before = snapshot_modes(state)
    r = cli("doctor", "--fix", "--json", "--generation", "G3")
    assert r.json()["generation"]["generation"] == "G3"
    assert r.codes("left")["json-store-not-read"] == "error"
    assert snapshot_modes(state) == before


def test_alias_entries_are_judged_by_the_release_that_reads_them(
    cli: Callable[..., Run], state: Path
) -> None:
    """openclaw-versions.md §1: a store entry spelled `mode`/`apiKey` is dropped before
    2026.2.26 and read from then on. The doctor says which, by the detected release."""
    write_state(state, cfg(("anthropic:default", "api_key")), {"main": {
        "version": 1, "profiles": {"anthropic:default": {
            "mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}}})
    strict = cli("doctor", "--json", "--generation", "G1")  # release unknown: the oldest rules
    assert strict.code == 1
    assert strict.codes() == {"store-entry-dropped": "error", "no-usable-profile": "error"}
    assert "releases from 2026.2.26 on read these aliases" in strict.out

    lenient = cli("doctor", "--json", "--generation", "G2")  # 2026.4.7 or later
    assert lenient.code == 0, lenient.out
    assert lenient.codes() == {"store-entry-alias": "warning"}
    message = lenient.json()["findings"][0]["message"]
    assert "`mode` for `type` and `apiKey` for `key`" in message and "earlier releases" in message
    assert API_KEY not in lenient.out

    fixed = cli("doctor", "--fix", "--json", "--generation", "G2")
    assert fixed.code == 0 and "store-entry-alias" in fixed.codes("fixed"), fixed.out
    store = json.loads((state / "agents/main/agent/auth-profiles.json").read_text())
    assert store["profiles"]["anthropic:default"] == {
        "type": "api_key", "provider": "anthropic", "key": API_KEY}
    assert cli("doctor", "--json", "--generation", "G1").codes() == {}


def test_config_drift_is_a_warning_where_the_release_falls_back(
    cli: Callable[..., Run], state: Path
) -> None:
    """From 2026.2.21, when none of the config's ids is in the store OpenClaw uses the
    store's profiles (seed C resolves); before, nothing resolves (#2697)."""
    write_state(state, cfg(("anthropic:anthropic_api", "token")), {"main": {
        "version": 1, "profiles": {"anthropic:mine": token()}}})
    strict = cli("doctor", "--json", "--generation", "G1")
    assert strict.codes()["config-id-missing-in-store"] == "error"
    assert strict.codes()["no-usable-profile"] == "error" and strict.code == 1
    lenient = cli("doctor", "--json", "--generation", "G2")
    assert lenient.codes() == {"config-id-missing-in-store": "warning"}, lenient.out
    assert "uses anthropic:mine" in lenient.out and lenient.code == 0


# ------------------------------------------------------------------ the command's contract


def test_dry_run_shows_a_redacted_diff_and_writes_nothing(
    cli: Callable[..., Run], state: Path
) -> None:
    write_state(state, cfg(("anthropic:default", "api_key")), {"main": {
        "version": 1, "profiles": {"anthropic:default": {
            "mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}}})
    before = snapshot_modes(state)
    r = cli("doctor", "--fix", "--dry-run", "--json")
    assert r.code == 1 and snapshot_modes(state) == before
    doc = r.json()
    assert '+      "type": "api_key"' in doc["diff"] and "sk-ant-api03-…" in doc["diff"]
    assert doc["files"][0]["action"] == "would-write"
    human = cli("doctor", "--dry-run")
    assert "Dry run: nothing was written" in human.out and snapshot_modes(state) == before


def test_clean_state_exits_0_and_json_is_one_document(
    cli: Callable[..., Run], state: Path
) -> None:
    write_state(state, cfg(("anthropic:default", "token")), {"main": {
        "version": 1, "profiles": {"anthropic:default": token()},
        "lastGood": {"anthropic": "anthropic:default"}}})
    r = cli("doctor", "--json")
    assert r.code == 0
    doc = r.json()
    assert doc["findings"] == [] and doc["exit_code"] == 0 and doc["ok"] is True
    assert doc["generation"]["generation"] == "G1"
    assert "No problems found" in cli("doctor").out
    before = snapshot_modes(state)
    assert cli("doctor", "--fix").code == 0 and snapshot_modes(state) == before


def test_unparsable_config_is_exit_5_and_json(cli: Callable[..., Run], state: Path) -> None:
    write_state(state, None, {}, config_text='{"auth": {,}\n')
    before = snapshot_modes(state)
    r = cli("doctor", "--fix", "--json")
    assert r.code == 5 and r.json()["error"]["message"].startswith(str(state / "openclaw.json"))
    assert snapshot_modes(state) == before


def test_fix_replans_when_a_file_changes_underneath(
    cli: Callable[..., Run], state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wizard.openclaw.writer as writer

    write_state(state, cfg(("anthropic:default", "api_key")), {"main": {
        "version": 1, "profiles": {"anthropic:default": {
            "mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}}})
    store = state / "agents/main/agent/auth-profiles.json"
    real = writer.apply_plan
    calls: list[int] = []

    def racing(plan: Any, files: Any, *a: Any, **k: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:  # OpenClaw records usage between our read and our write
            data = json.loads(store.read_text())
            data["usageStats"] = {"anthropic:default": {"lastUsed": 1}}
            store.write_text(json.dumps(data, indent=2) + "\n")
        return real(plan, files, *a, **k)

    monkeypatch.setattr(writer, "apply_plan", racing)
    assert cli("doctor", "--fix").code == 0
    assert len(calls) == 2
    data = json.loads(store.read_text())
    assert data["usageStats"] == {"anthropic:default": {"lastUsed": 1}}
    assert_consistent(state, "anthropic:default", ranked=True)


def test_headless_commands_import_no_textual_or_keyring(state: Path, tmp_path: Path) -> None:
    write_state(state, cfg(("anthropic:default", "token")),
                {"main": {"version": 1, "profiles": {"anthropic:default": token()}}})
    code = (
        "import sys; from wizard.cli import main\n"
        f"for cmd in (['status'], ['doctor'], ['doctor', '--fix', '--dry-run']):\n"
        f"    main([*cmd, '--json', '--state-dir', {str(state)!r}])\n"
        "bad = [m for m in ('textual', 'keyring') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    env = {"HOME": str(tmp_path), "PATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def test_fix_never_leaves_an_agent_without_a_usable_credential(
    cli: Callable[..., Run], state: Path
) -> None:
    """Rule 8: main's setup token stored as api_key would become a token, but the shared config
    mode cannot follow (agent work's api_key is a real API key): main would lose its only
    usable profile, so nothing is written and the output says why."""
    config = {**cfg(("anthropic:default", "api_key")),
              "agents": {"list": [{"id": "main", "default": True}, {"id": "work"}]}}
    write_state(state, config, {
        "main": {"version": 1, "profiles": {"anthropic:default": {
            "type": "api_key", "provider": "anthropic", "key": TOKEN}}},
        "work": {"version": 1, "profiles": {"anthropic:default": {
            "type": "api_key", "provider": "anthropic", "key": API_KEY}}}})
    before = snapshot_modes(state)
    r = cli("doctor", "--fix", "--json")
    assert r.code == 1 and snapshot_modes(state) == before
    doc = r.json()
    assert any("would lose its usable anthropic credential" in c for c in doc["conflicts"])
    assert {f["code"] for f in doc["left"]} >= {"type-contradicts-secret"}


# ------------------------------------------------------------------ the pure repair of one entry


@pytest.mark.parametrize(("entry", "expected", "blocked"), [
    ({"mode": "api_key", "provider": "anthropic", "apiKey": API_KEY},
     {"type": "api_key", "provider": "anthropic", "key": API_KEY}, False),
    (TOKEN, token(), False),
    ({"type": "api_key", "provider": "anthropic", "token": API_KEY, "email": "a@b.c"},
     {"type": "api_key", "provider": "anthropic", "key": API_KEY, "email": "a@b.c"}, False),
    ({"type": "token", "provider": "anthropic", "token": API_KEY, "expires": FUTURE},
     {"type": "api_key", "provider": "anthropic", "key": API_KEY}, False),
    ({"type": "oauth", "provider": "anthropic", "accessToken": TOKEN, "refreshToken": REFRESH,
      "expires": FUTURE},
     {"type": "oauth", "provider": "anthropic", "access": TOKEN, "refresh": REFRESH,
      "expires": FUTURE}, False),
    ({"type": "token", "token": TOKEN}, token(), False),  # provider from the id
    ({"type": "api_key", "provider": "anthropic", "key": API_KEY, "apiKey": TOKEN}, None, True),
    ({"provider": "anthropic", "secret": "x"}, None, True),  # nothing says what it is
])
def test_repair_store_entry(entry: Any, expected: Any, blocked: bool) -> None:
    from wizard.doctor.repairs import repair_store_entry

    rep = repair_store_entry("anthropic:default", entry, None)
    assert bool(rep.blocked) == blocked, rep.blocked
    if expected is not None:
        assert rep.value == expected
        assert rep.changed and all(SECRETS[0] not in t for ts in rep.changes.values() for t in ts)


def test_canonical_entries_and_secret_refs_are_left_alone() -> None:
    from wizard.doctor.repairs import repair_store_entry

    for entry in (token(), {"type": "api_key", "provider": "openai", "keyRef": {"id": "x"}},
                  {"type": "api_key", "provider": "anthropic", "key": API_KEY + "\n"}):
        rep = repair_store_entry("anthropic:default", entry, None)
        assert not rep.changed and rep.value is entry
