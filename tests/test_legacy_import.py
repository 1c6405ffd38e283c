"""``doctor --fix`` and ``--replay`` over a legacy auth-profiles.json on a SQLite-era OpenClaw.

The real releases run in tests/compat/test_legacy_import.py; here a stand-in ``openclaw`` that
answers as 2026.9.6 does (fenced while the JSON store exists; ``doctor --fix`` imports it,
deletes anthropic:claude-cli, leaves a 0644 ``.migrated-*`` archive and rewrites openclaw.json)
keeps the paths in the default suite, including an import that fails halfway.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12
AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))

STAND_IN = r'''#!{python}
import json, os, sys, pathlib
args = sys.argv[1:]
root = pathlib.Path(os.environ["HOME"]) / ".openclaw"
store = root / "agents/main/agent/auth-profiles.json"
db = root / "state/fake-sqlite.json"
profiles = json.loads(db.read_text()) if db.exists() else []
with (root.parent / "calls.jsonl").open("a") as f:
    f.write(json.dumps(args) + "\n")
if args == ["--version"]:
    print("OpenClaw 2026.9.6 (eb377ac)"); sys.exit(0)
if args[:1] == ["doctor"]:
    assert args == ["doctor", "--fix", "--non-interactive"], args
    config = root / "openclaw.json"
    doc = json.loads(config.read_text())
    doc["skills"] = {"entries": {"gog": {"enabled": False}}}
    config.write_text(json.dumps(doc))
    if store.exists():
        data = json.loads(store.read_text())
        archive = store.with_name("auth-profiles.json.migrated-2026-12-07T00-00-00.000Z-x")
        store.rename(archive)
        os.chmod(archive, 0o644)
        if os.environ.get("FAKE_IMPORT_FAILS"):
            print("SQLITE_BUSY: database is locked", file=sys.stderr); sys.exit(1)
        held = {p["profileId"] for p in profiles}  # OpenClaw keeps an id it already holds
        for pid, e in data["profiles"].items():
            if pid != "anthropic:claude-cli" and pid not in held:
                profiles.append({"profileId": pid, "provider": e["provider"], "type": e["type"],
                                 "status": "static", "source": "store", "label": pid,
                                 "tail": (e.get("token") or e.get("key") or "")[-8:]})
        db.parent.mkdir(parents=True, exist_ok=True)
        db.write_text(json.dumps(profiles))
    sys.exit(0)
if store.exists() and not profiles:  # a populated SQLite store is not fenced
    print("Auth profile store requires legacy credential migration; run openclaw doctor --fix. "
          "code=AUTH_PROFILE_MIGRATION_REQUIRED", file=sys.stderr)
    sys.exit(1)
if args[:2] == ["models", "auth"]:
    secret = sys.stdin.read().strip()
    pid = args[args.index("--profile-id") + 1]
    profiles = [p for p in profiles if p["profileId"] != pid]
    profiles.append({"profileId": pid, "provider": "anthropic", "type": "token",
                     "status": "static", "source": "store", "label": pid, "tail": secret[-8:]})
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_text(json.dumps(profiles))
    sys.exit(0)
if args[:2] == ["models", "status"]:
    shown = [{k: v for k, v in p.items() if k != "tail"} for p in profiles]
    print(json.dumps({"auth": {"storePath": str(db), "oauth": {"profiles": shown,
        "providers": [{"provider": "anthropic", "status": "ok", "profiles": shown,
                       "effectiveProfiles": shown}] if profiles else []}}}))
    sys.exit(0)
sys.exit(2)
'''


def write_state(home: Path, store: dict[str, Any], config: dict[str, Any]) -> Path:
    bin_dir = home.parent / "bin"
    bin_dir.mkdir()
    script = bin_dir / "openclaw"
    script.write_text(STAND_IN.replace("{python}", sys.executable))
    script.chmod(0o755)
    agent = home / ".openclaw/agents/main/agent"
    agent.mkdir(parents=True, mode=0o700)
    (home / ".openclaw/openclaw.json").write_text(json.dumps(config))
    (home / ".openclaw/openclaw.json").chmod(0o600)
    path = agent / "auth-profiles.json"
    path.write_text(json.dumps(store))
    path.chmod(0o600)
    return bin_dir


def files(home: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(home)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                       p.stat().st_mode & 0o777)
            for p in sorted(home.rglob("*")) if p.is_file()}


def run(home: Path, *args: str, env: dict[str, str] | None = None,
        ) -> tuple[int, dict[str, Any], str]:
    full = {"HOME": str(home), "PATH": f"{home.parent / 'bin'}:/usr/bin:/bin",
            "SETUP_TOKEN": TOKEN2, **(env or {})}
    proc = subprocess.run([AUTHWIZARD, *args], env=full, capture_output=True, text=True,
                          timeout=120, check=False)
    for secret in (TOKEN, TOKEN2):
        assert secret[13:40] not in proc.stdout + proc.stderr
    doc = json.loads(proc.stdout) if proc.stdout.startswith("{") else {}
    return proc.returncode, doc, proc.stdout + proc.stderr


CFG = {"auth": {"profiles": {"anthropic:default": {"provider": "anthropic", "mode": "api_key"}}}}
TOKEN_AS_API_KEY = {"version": 1, "profiles": {"anthropic:default": {
    "type": "api_key", "provider": "anthropic", "key": TOKEN}}}
SEED = {"version": 1, "profiles": {"anthropic:claude-cli": {
    "type": "oauth", "provider": "anthropic", "access": TOKEN, "refresh": TOKEN2,
    "expires": 4_102_444_800_000}}}
SEED_CFG = {"auth": {"profiles": {"anthropic:anthropic_api": {
    "provider": "anthropic", "mode": "token"}}}}


def test_doctor_explains_then_fix_repairs_imports_and_confirms(home: Path) -> None:
    write_state(home, TOKEN_AS_API_KEY, CFG)
    original = (home / ".openclaw/openclaw.json").read_text()
    code, doc, _ = run(home, "doctor", "--json")
    legacy = next(f for f in doc["findings"] if f["code"] == "json-store-not-read")
    assert "anthropic:default: becomes usable" in legacy["message"] and legacy["auto"]
    code, doc, text = run(home, "doctor", "--fix", "--json")
    assert code == 0, text
    imported = doc["imported"]
    assert imported["resolved"] == ["agent main: anthropic → anthropic:default"]
    assert imported["config_changes"] == ["skills"]
    # repaired before the import: OpenClaw imported a token, not an api_key
    db = json.loads((home / ".openclaw/state/fake-sqlite.json").read_text())
    assert [p["type"] for p in db] == ["token"]
    archive = next((home / ".openclaw/agents/main/agent").glob("*.migrated-*"))
    assert str(archive) in imported["archives"][0] and "now 0600" in imported["archives"][0]
    assert archive.stat().st_mode & 0o777 == 0o600
    backup = Path(imported["config_backup"])
    assert backup.read_text() == original  # openclaw.json before any repair, kept
    assert backup.stat().st_mode & 0o777 == 0o600
    assert "json-store-not-read" in {f["code"] for f in doc["fixed"]}


def test_a_failed_import_leaves_every_file_as_it_was(home: Path) -> None:
    write_state(home, TOKEN_AS_API_KEY, CFG)
    before = files(home)
    code, doc, text = run(home, "doctor", "--fix", "--json", env={"FAKE_IMPORT_FAILS": "1"})
    assert code == 5 and "SQLITE_BUSY" in doc["error"]["message"], text
    after = {k: v for k, v in files(home).items() if k != "calls.jsonl"}
    assert after == {k: v for k, v in before.items() if k != "calls.jsonl"}


def test_seed_is_not_imported_by_the_doctor_and_the_wizard_does_it(home: Path) -> None:
    """The only anthropic credential is the claude-cli copy the import deletes: the doctor
    says so and changes nothing; --replay without import_legacy is exit 5 naming it; with
    it, the store is imported and the new token written."""
    write_state(home, SEED, SEED_CFG)
    before = files(home)
    code, doc, _ = run(home, "doctor", "--fix", "--json")
    assert code == 1
    left = {f["code"]: f for f in doc["left"]}
    assert "import_legacy" in left["import-deletes-only-credential"]["fix"]
    assert not left["json-store-not-read"]["auto"]
    assert {k: v for k, v in files(home).items() if k != "calls.jsonl"} == {
        k: v for k, v in before.items() if k != "calls.jsonl"}
    answers = home / "answers.json"
    base = {"version": 1, "provider": "anthropic", "method": "setup-token",
            "secret": {"env": "SETUP_TOKEN"}, "validate": False}
    answers.write_text(json.dumps(base))
    code, doc, text = run(home, "--replay", str(answers), "--json")
    assert code == 5 and "import_legacy" in doc["error"]["fix"], text
    answers.write_text(json.dumps({**base, "import_legacy": True}))
    code, doc, text = run(home, "--replay", str(answers), "--json")
    assert code == 0, text
    assert doc["import_legacy"]["archives"] and doc["written_by"] == "openclaw"


@pytest.mark.parametrize("how", ["answers", "flag"])
def test_replay_imports_then_writes(home: Path, how: str) -> None:
    write_state(home, TOKEN_AS_API_KEY, CFG)
    answers = home / "answers.json"
    base = {"version": 1, "provider": "anthropic", "method": "setup-token",
            "secret": {"env": "SETUP_TOKEN"}, "validate": False, "profile": "anthropic:new"}
    answers.write_text(json.dumps({**base, "import_legacy": True} if how == "answers" else base))
    flag = ["--import-legacy"] if how == "flag" else []
    code, _doc, text = run(home, "--replay", str(answers), *flag, "--json")
    assert code == 0, text
    db = json.loads((home / ".openclaw/state/fake-sqlite.json").read_text())
    assert {p["profileId"] for p in db} == {"anthropic:default", "anthropic:new"}


async def test_tui_imports_the_old_store_first_then_continues(
    home: Path, provider_server: Any
) -> None:
    """The seed on 2026.9.6 in the TUI: the Welcome screen says what the import does and offers
    i; i shows what it would do and asks; Import imports (the store is archived, OpenClaw no
    longer fenced), the Welcome looks again, and Enter goes on to set up a new credential."""
    from snapshots.drive import TOKEN as NEW_TOKEN
    from snapshots.drive import base_env, keys, make_app, screen_name, settle
    from tests.test_tui_generations import install_token, screen_text
    from wizard.tui.dialogs.confirm_import import ConfirmImport

    write_state(home, SEED, SEED_CFG)
    provider_server.add_credential("anthropic", NEW_TOKEN)
    env = {**base_env(home, provider_server), "PATH": f"{home.parent / 'bin'}:/usr/bin:/bin"}
    app = make_app(home, provider_server, env=env)
    store = home / ".openclaw/agents/main/agent/auth-profiles.json"
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        assert "fix (i)" in screen_text(app)
        # the fence's fix names this screen's key, not a command to run after leaving
        assert "fix: press f: authwizard repairs the old file" in screen_text(app)
        assert "authwizard again" not in screen_text(app)
        await keys(pilot, "i")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmImport)
        assert store.exists() and not [c for c in calls(home) if c[:1] == ["doctor"]]
        await keys(pilot, "y")
        await settle(pilot)
        assert not store.exists(), "the old store was not imported"
        assert "plaintext archive left by the import" in screen_text(app)
        await install_token(pilot, app)
        await keys(pilot, "w")
        assert screen_name(pilot) == "DoneScreen"
    db = json.loads((home / ".openclaw/state/fake-sqlite.json").read_text())
    assert [p["profileId"] for p in db] == ["anthropic:anthropic_api"]  # the id the config names


# --- what --fix would do, said before anything is written ----------------------------------

SEED_ENTRY = {"type": "oauth", "provider": "anthropic", "access": TOKEN, "refresh": TOKEN2,
              "expires": 4_102_444_800_000}
MIXED = {"version": 1, "profiles": {
    "anthropic:claude-cli": SEED_ENTRY,
    "anthropic:default": {"type": "api_key", "provider": "anthropic", "key": TOKEN2},
    "anthropic:empty": {"provider": "anthropic"}}}


def calls(home: Path) -> list[list[str]]:
    log = home.parent / "calls.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def unchanged(home: Path, before: dict[str, tuple[str, int]]) -> bool:
    """Every file as it was (the stand-in's own call log aside)."""
    return {k: v for k, v in files(home).items() if k != "calls.jsonl"} == {
        k: v for k, v in before.items() if k != "calls.jsonl"}


def test_dry_run_says_the_import_follows_the_repairs_and_writes_nothing(home: Path) -> None:
    write_state(home, MIXED, CFG)
    before = files(home)
    code, _, text = run(home, "doctor", "--fix", "--dry-run")
    assert code == 1, text
    then = text.index("then `openclaw doctor --fix --non-interactive`: OpenClaw's own import")
    assert text.index("+++ ") < then < text.index("Dry run: nothing was written")
    after = text[then:]
    assert "agent main: anthropic:default becomes usable" in after
    assert "agent main: OpenClaw deletes anthropic:claude-cli (retired from 2026.8.1)" in after
    assert "agent main: OpenClaw drops anthropic:empty (nothing usable in it)" in after
    assert "openclaw.json.authwizard-pre-import.bak" in after
    assert "renames the legacy file auth-profiles.json.migrated-<time>-<id>" in after
    assert "and leave 0." in after, after  # the import resolves json-store-not-read

    code, doc, _ = run(home, "doctor", "--fix", "--dry-run", "--json")
    would = doc["would_import"]
    assert would["command"] == "openclaw doctor --fix --non-interactive"
    assert would["agents"] == [{"agent": "main", "usable": ["anthropic:default"],
                                "dropped": ["anthropic:empty"],
                                "deleted": ["anthropic:claude-cli"], "kept": []}]
    assert would["config_backup"].endswith(".openclaw/openclaw.json.authwizard-pre-import.bak")
    assert "json-store-not-read" in {f["code"] for f in doc["would_fix"]}
    assert "json-store-not-read" not in {f["code"] for f in doc["left"]}

    code, doc, text = run(home, "doctor", "--json")
    assert doc["would_import"]["agents"][0]["usable"] == ["anthropic:default"]
    assert unchanged(home, before)
    assert not [c for c in calls(home) if c[:1] == ["doctor"]], "the import ran"


def test_plain_doctor_says_no_import_where_fix_would_not_run_it(home: Path) -> None:
    write_state(home, SEED, SEED_CFG)
    code, doc, _ = run(home, "doctor", "--json")
    assert code == 1 and "would_import" not in doc
    code, doc, _ = run(home, "doctor", "--fix", "--dry-run", "--json")
    assert doc["would_import"] is None


# --- an id OpenClaw's SQLite store already holds ----------------------------------------------

NEW_KEY = "sk-ant-oat01-" + "N3wK3yOk" * 12
STALE_ENTRY = {"type": "token", "provider": "anthropic", "token": TOKEN}
STALE: dict[str, Any] = {"version": 1, "profiles": {"anthropic:default": STALE_ENTRY}}


def sqlite_holds(home: Path, pid: str, secret: str) -> None:
    """What the stand-in's SQLite store holds (a key pasted through OpenClaw 2026.7.35+)."""
    db = home / ".openclaw/state/fake-sqlite.json"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_text(json.dumps([{"profileId": pid, "provider": "anthropic", "type": "token",
                               "status": "static", "source": "store", "label": pid,
                               "tail": secret[-8:]}]))


def sqlite_tail(home: Path, pid: str) -> str:
    db = json.loads((home / ".openclaw/state/fake-sqlite.json").read_text())
    return str(next(p["tail"] for p in db if p["profileId"] == pid))


def test_an_import_that_would_cool_down_the_working_key_is_not_run(home: Path) -> None:
    """The legacy anthropic:default failed (OpenClaw disabled it); the user pasted a new key
    under the same id through OpenClaw. The import would keep the new key but copy the old
    disabled mark onto it: doctor says so, --fix and --import-legacy leave every file."""
    stale = {**STALE, "usageStats": {"anthropic:default": {
        "errorCount": 3, "disabledUntil": 4_102_444_800_000, "disabledReason": "auth"}}}
    write_state(home, stale, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    sqlite_holds(home, "anthropic:default", NEW_KEY)
    (home / ".openclaw").chmod(0o700)
    before = files(home)
    code, doc, text = run(home, "doctor", "--json")
    assert code == 1
    clash = next(f for f in doc["findings"] if f["code"] == "import-id-clash")
    assert clash["severity"] == "error" and clash["profile"] == "anthropic:default"
    assert "copies agent main's auth-profiles.json's cooldown" in clash["message"]
    assert "Delete the stale anthropic:default entry" in clash["fix"]
    assert NEW_KEY[-20:] not in text and TOKEN[-20:] not in text
    assert doc.get("would_import") is None

    code, doc, text = run(home, "doctor", "--fix", "--json")
    assert code == 1, text
    assert "import-id-clash" in {f["code"] for f in doc["left"]}
    assert "imported" not in doc
    assert unchanged(home, before)
    assert not [c for c in calls(home) if c[:1] == ["doctor"]], "the import ran"

    answers = home / "answers.json"
    answers.write_text(json.dumps({"version": 1, "provider": "anthropic",
                                   "method": "setup-token", "secret": {"env": "SETUP_TOKEN"},
                                   "validate": False, "import_legacy": True}))
    before = files(home)
    code, doc, text = run(home, "--replay", str(answers), "--json")
    assert code == 5 and "was not imported" in doc["error"]["message"], text
    assert "Delete the stale anthropic:default entry" in doc["error"]["fix"]
    assert unchanged(home, before)
    assert sqlite_tail(home, "anthropic:default") == NEW_KEY[-8:]


def test_an_id_openclaw_keeps_is_said_and_the_import_runs(home: Path) -> None:
    """No stale state on the id: the import keeps OpenClaw's own anthropic:default (the
    release's mergeImportedAuthProfiles) and imports the rest; doctor says which."""
    legacy = {"version": 1, "profiles": {
        "anthropic:default": STALE_ENTRY,
        "anthropic:old": {"type": "token", "provider": "anthropic", "token": TOKEN2}}}
    write_state(home, legacy, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    sqlite_holds(home, "anthropic:default", NEW_KEY)
    code, doc, _ = run(home, "doctor", "--fix", "--dry-run", "--json")
    clash = next(f for f in doc["findings"] if f["code"] == "import-id-clash")
    assert clash["severity"] == "info"
    assert "the import keeps OpenClaw's and does not import the legacy one" in clash["message"]
    assert doc["would_import"]["agents"] == [{
        "agent": "main", "usable": ["anthropic:old"], "dropped": [], "deleted": [],
        "kept": ["anthropic:default"]}]
    code, _, text = run(home, "doctor", "--fix", "--dry-run")
    assert "agent main: OpenClaw keeps its own anthropic:default" in text

    code, doc, text = run(home, "doctor", "--fix", "--json")
    assert code == 0, text
    assert doc["imported"]["resolved"] == ["agent main: anthropic → anthropic:default"]
    assert sqlite_tail(home, "anthropic:default") == NEW_KEY[-8:]  # OpenClaw's, not the old
    assert sqlite_tail(home, "anthropic:old") == TOKEN2[-8:]


async def test_tui_fix_with_an_import_asks_first_and_cancel_changes_nothing(
    home: Path, provider_server: Any
) -> None:
    """f where the fix includes OpenClaw's import: the dialog shows the repairs' redacted
    diff, that OpenClaw's import follows, what it deletes and drops, what else it changes in
    openclaw.json and the backup kept; Cancel (n, Escape) leaves every byte, and nothing but
    questions reached OpenClaw."""
    from snapshots.drive import base_env, keys, make_app, settle
    from tests.test_tui_generations import screen_text
    from wizard.tui.dialogs.confirm_import import ConfirmImport

    write_state(home, MIXED, SEED_CFG)
    env = {**base_env(home, provider_server), "PATH": f"{home.parent / 'bin'}:/usr/bin:/bin"}
    app = make_app(home, provider_server, env=env)
    before = files(home)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await keys(pilot, "f")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmImport), screen_text(app)
        said = "\n".join(app.screen.lines)
        assert "then `openclaw doctor --fix --non-interactive`" in said
        assert "agent main: OpenClaw deletes anthropic:claude-cli (retired from 2026.8.1)" in said
        assert "agent main: anthropic:default becomes usable" in said
        assert "agent main: OpenClaw drops anthropic:empty" in said
        assert "would chmod 0700 ~/.openclaw" in said
        assert "it also changes openclaw.json: disables the skills" in said
        assert "~/.openclaw/openclaw.json.authwizard-pre-import.bak" in said
        assert "+++ ~/.openclaw/agents/main/agent/auth-profiles.json (after)" in said
        assert '"type": "token"' in said  # the repair of the api_key holding a setup token
        for secret in (TOKEN, TOKEN2):
            assert secret[13:40] not in said and secret[13:40] not in screen_text(app)
        await keys(pilot, "n")
        assert not isinstance(app.screen, ConfirmImport)
        await keys(pilot, "f")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmImport)
        await keys(pilot, "escape")
        assert not isinstance(app.screen, ConfirmImport)
    assert unchanged(home, before)
    assert {c[0] for c in calls(home)} <= {"--version", "models"}, calls(home)


async def test_tui_says_the_import_would_make_a_working_key_worse_and_f_does_not_import(
    home: Path, provider_server: Any
) -> None:
    """OpenClaw already holds anthropic:default and the legacy store marks it disabled: once
    OpenClaw answered, the Welcome names the clash; f makes only the safe fixes (no dialog,
    no import, the legacy store and OpenClaw's key as they were)."""
    from snapshots.drive import base_env, keys, make_app, settle
    from tests.test_tui_generations import answered, screen_text
    from wizard.tui.dialogs.confirm_import import ConfirmImport

    stale = {**STALE, "usageStats": {"anthropic:default": {"disabledUntil": 4_102_444_800_000}}}
    write_state(home, stale, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    sqlite_holds(home, "anthropic:default", NEW_KEY)
    store = home / ".openclaw/agents/main/agent/auth-profiles.json"
    legacy = store.read_bytes()
    env = {**base_env(home, provider_server), "PATH": f"{home.parent / 'bin'}:/usr/bin:/bin"}
    app = make_app(home, provider_server, env=env)
    async with app.run_test(size=(100, 60)) as pilot:
        await answered(pilot)
        text = " ".join(screen_text(app).split())
        assert "copies agent main's auth-profiles.json's cooldown" in text, text
        assert "fix (i)" not in text
        await keys(pilot, "f")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmImport)
        text = " ".join(screen_text(app).split())
        assert "chmod 0700 ~/.openclaw" in text, text
    assert store.read_bytes() == legacy
    assert not [c for c in calls(home) if c[:1] == ["doctor"]], "the import ran"
    assert sqlite_tail(home, "anthropic:default") == NEW_KEY[-8:]


def test_the_i_preview_says_why_it_will_not_import(home: Path) -> None:
    """What the TUI's i shows where the import would make a working key worse: the reason
    and what to do, no dialog to agree to."""
    from snapshots.drive import base_env
    from wizard.options import Options
    from wizard.views import import_view

    stale = {"version": 1, "profiles": {
        "anthropic:claude-cli": SEED_ENTRY, "anthropic:default": STALE_ENTRY},
        "usageStats": {"anthropic:default": {"disabledUntil": 4_102_444_800_000}}}
    write_state(home, stale, SEED_CFG)
    sqlite_holds(home, "anthropic:default", NEW_KEY)
    before = files(home)
    env = {**base_env(home, None), "PATH": f"{home.parent / 'bin'}:/usr/bin:/bin"}
    ready, lines = import_view.preview(Options(), env)
    assert not ready
    said = "\n".join(lines)
    assert said.startswith("✗ the legacy auth-profiles.json was not imported"), said
    assert "Delete the stale anthropic:default entry" in said
    assert TOKEN[13:40] not in said and NEW_KEY[13:40] not in said
    assert unchanged(home, before)
