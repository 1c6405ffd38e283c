"""End to end: the installed ``authwizard --replay`` as a subprocess, against the loopback
provider server and a temp state dir (issue 4 acceptance)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.provider_server import ProviderServer

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
OPENAI_KEY = "sk-proj-" + "M3n4O5p6" * 16
SECRETS = (TOKEN, TOKEN2, API_KEY, OPENAI_KEY)
BIN = Path(sys.executable).with_name("authwizard")


def authwizard() -> str:
    found = str(BIN) if BIN.exists() else shutil.which("authwizard")
    assert found, "authwizard is not installed in this environment"
    return found


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.out)
        return doc


@pytest.fixture
def run(home: Path, provider_server: ProviderServer) -> Callable[..., Run]:
    def _run(*args: str, answers: dict[str, Any] | None = None, stdin: str | None = None,
             extra_env: dict[str, str] | None = None) -> Run:
        env = {
            "HOME": str(home),
            "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "SETUP_TOKEN": TOKEN,
            "AUTHWIZARD_GENERATION": "G1",  # no OpenClaw here: name the JSON-era release
            **provider_server.env(),
            **(extra_env or {}),
        }
        argv = [authwizard(), *args]
        if answers is not None:
            path = home / "answers.json"
            path.write_text(json.dumps(answers))
            argv += ["--replay", str(path)]
        proc = subprocess.run(
            argv, env=env, input=stdin, capture_output=True, text=True, timeout=60, check=False
        )
        for secret in SECRETS:
            assert secret not in proc.stdout and secret not in proc.stderr, "secret leaked"
        return Run(proc)

    return _run


def answers(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "version": 1,
        "provider": "anthropic",
        "method": "setup-token",
        "secret": {"env": "SETUP_TOKEN"},
    }
    doc.update(over)
    return doc


def state(home: Path) -> dict[str, bytes]:
    """Every file under the state dir, by relative path (for "nothing changed" checks)."""
    root = home / ".openclaw"
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)) + f"@{p.stat().st_mode & 0o777:o}": p.read_bytes()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def store(home: Path, agent: str = "main") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (home / ".openclaw" / "agents" / agent / "agent" / "auth-profiles.json").read_text()
    )
    return data


def config(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home / ".openclaw" / "openclaw.json").read_text())
    return data


def assert_doctor_clean(run: Callable[..., Run]) -> None:
    r = run("doctor", "--json")
    assert r.code == 0, r.out + r.err


def test_first_install_writes_one_consistent_profile(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--json", answers=answers())
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["profile"] == "anthropic:default" and doc["type"] == "token"
    assert doc["validation"]["outcome"] == "valid"
    assert doc["secret"].startswith("sk-ant-oat01-…")
    assert doc["findings"] == []
    assert config(home)["auth"]["profiles"] == {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}
    }
    entry = store(home)["profiles"]["anthropic:default"]
    assert entry == {"type": "token", "provider": "anthropic", "token": TOKEN}
    assert store(home)["lastGood"] == {"anthropic": "anthropic:default"}
    (req,) = provider_server.requests_to("anthropic")
    assert req.auth_headers() == {"authorization"}
    assert req.headers["anthropic-beta"] == "oauth-2025-04-20"
    assert_doctor_clean(run)


def test_rotation_keeps_the_id_and_makes_backups(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.add_credential("anthropic", TOKEN2)
    assert run(answers=answers()).code == 0
    r = run("--json", answers=answers(), extra_env={"SETUP_TOKEN": TOKEN2})
    assert r.code == 0, r.err
    assert r.json()["rotated"] is True and r.json()["profile"] == "anthropic:default"
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN2
    agent_dir = home / ".openclaw" / "agents" / "main" / "agent"
    assert (agent_dir / "auth-profiles.json.bak").exists()
    assert TOKEN in (agent_dir / "auth-profiles.json.bak").read_text()
    assert (agent_dir / "auth-profiles.json.bak").stat().st_mode & 0o777 == 0o600
    assert_doctor_clean(run)


def test_same_answers_twice_is_idempotent(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert run(answers=answers()).code == 0
    first = state(home)
    r = run("--json", answers=answers())
    assert r.code == 0
    assert state(home) == first
    assert r.json()["files"] == []


def test_second_provider_beside_the_first(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.add_credential("openai", OPENAI_KEY)
    assert run(answers=answers()).code == 0
    r = run(answers=answers(provider="openai", method="api-key", secret={"env": "OPENAI"}),
            extra_env={"OPENAI": OPENAI_KEY})
    assert r.code == 0, r.err
    profiles = store(home)["profiles"]
    assert profiles["anthropic:default"]["token"] == TOKEN
    assert profiles["openai:default"] == {"type": "api_key", "provider": "openai",
                                          "key": OPENAI_KEY}
    assert set(config(home)["auth"]["profiles"]) == {"anthropic:default", "openai:default"}
    (req,) = provider_server.requests_to("openai")
    assert req.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    assert_doctor_clean(run)


def test_several_agents(run: Callable[..., Run], home: Path,
                        provider_server: ProviderServer) -> None:
    sd = home / ".openclaw"
    sd.mkdir(mode=0o700)
    (sd / "openclaw.json").write_text(json.dumps(
        {"agents": {"list": [{"id": "main", "default": True}, {"id": "work"}]}}, indent=2))
    provider_server.add_credential("anthropic", API_KEY)
    r = run("--json", answers=answers(method="api-key", secret={"env": "KEY"}, agents="all"),
            extra_env={"KEY": API_KEY})
    assert r.code == 0, r.err
    assert r.json()["agents"] == ["main", "work"]
    for agent in ("main", "work"):
        assert store(home, agent)["profiles"]["anthropic:default"]["key"] == API_KEY
    assert config(home)["agents"]["list"][1] == {"id": "work"}
    (req,) = provider_server.requests_to("anthropic")
    assert req.auth_headers() == {"x-api-key"}
    assert_doctor_clean(run)


def test_validate_false_sends_nothing(run: Callable[..., Run], home: Path,
                                      provider_server: ProviderServer) -> None:
    r = run("--json", answers=answers(validate=False))
    assert r.code == 0
    assert r.json()["validation"] == {"outcome": "skipped"}
    assert provider_server.requests == []
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN


@pytest.mark.parametrize("setup", ["unknown", "expired"])
def test_rejected_credential_exit_3_nothing_written(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer, setup: str
) -> None:
    if setup == "expired":
        provider_server.add_credential("anthropic", TOKEN, "expired")
    r = run("--json", answers=answers())
    assert r.code == 3, r.err
    assert r.json()["validation"]["outcome"] == "rejected"
    assert r.json()["ok"] is False
    assert state(home) == {}


@pytest.mark.parametrize("fault", ["529", "timeout", "down"])
def test_could_not_verify_exit_4_nothing_written(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer, fault: str
) -> None:
    sd = home / ".openclaw"
    sd.mkdir()
    (sd / "openclaw.json").write_text('{\n  // mine\n  gateway: {port: 1},\n}\n')
    before = state(home)
    provider_server.add_credential("anthropic", TOKEN)
    extra: dict[str, str] = {}
    if fault == "529":
        provider_server.fault("anthropic", "529", times=5, retry_after="0")
    elif fault == "timeout":
        provider_server.fault("anthropic", "slow", times=1, delay=3.0)
    else:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        extra["AUTHWIZARD_ANTHROPIC_BASE_URL"] = f"http://127.0.0.1:{port}"
    r = run("--json", answers=answers(timeout=0.5), extra_env=extra)
    assert r.code == 4, r.err
    assert r.json()["validation"]["outcome"] == "unverified"
    assert state(home) == before
    if fault == "529":
        assert len(provider_server.requests_to("anthropic")) == 3  # one try + two retries


def test_unverified_saved_when_the_answers_say_so(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.fault("anthropic", "529", times=5, retry_after="0")
    r = run("--json", answers=answers(on_unverified="save"))
    assert r.code == 0, r.err
    assert any("could not be verified" in w for w in r.json()["warnings"])
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN


@pytest.mark.parametrize(
    "content",
    ['{"auth": {"profiles": {', "{\n  gateway: {port: 1}\n  auth: {}\n}\n", "\xff\xfe"],
    ids=["truncated", "missing-comma", "not-utf8"],
)
def test_corrupt_config_exit_5_nothing_written(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer, content: str
) -> None:
    sd = home / ".openclaw"
    sd.mkdir()
    (sd / "openclaw.json").write_bytes(content.encode("latin-1"))
    before = state(home)
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--json", answers=answers())
    assert r.code == 5, r.err
    assert "openclaw.json" in r.json()["error"]["message"]
    if content != "\xff\xfe":
        assert ":" in r.json()["error"]["message"].split("openclaw.json", 1)[1]  # line:col
    assert state(home) == before
    assert provider_server.requests == []


def test_config_breaking_openclaw_schema_exit_5_points_to_doctor(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    sd = home / ".openclaw"
    sd.mkdir()
    (sd / "openclaw.json").write_text(
        '{"auth": {"profiles": {"anthropic:anthropic_api": {"mode": "token"}}}}')
    before = state(home)
    r = run("--json", answers=answers())
    assert r.code == 5
    assert "doctor --fix" in r.json()["error"]["fix"]
    assert state(home) == before


ANSWER_ERRORS: list[tuple[str, Any, str]] = [
    ("unknown-key", answers(colour="blue"), "colour"),
    ("wrong-version", answers(version=2), "version"),
    ("no-provider", {"version": 1, "method": "api-key", "secret": "x"}, "provider"),
    ("unknown-provider", answers(provider="acme"), "provider"),
    ("provider-typo", answers(provider="anthropc"), "did you mean 'anthropic'?"),
    ("bad-method", answers(method="oauth"), "method"),
    ("method-not-offered", answers(provider="openai"), "method"),
    ("api-key-as-setup-token", answers(secret={"env": "KEY"}), "secret"),
    ("env-missing", answers(secret={"env": "NOPE_NOT_SET"}), "NOPE_NOT_SET"),
    ("file-missing", answers(secret={"file": "missing.txt"}), "missing.txt"),
    ("bad-profile", answers(profile="My Profile!"), "anthropic:my-profile"),
    ("profile-other-provider", answers(profile="openai:default"), "profile"),
    ("unknown-agent", answers(agents=["ghost"]), "ghost"),
    ("bad-timeout", answers(timeout=0), "timeout"),
    ("http-off-loopback", answers(base_url="http://10.0.0.1"), "loopback"),
    ("not-json", "{nope", "not valid JSON"),
]


@pytest.mark.parametrize("case", ANSWER_ERRORS, ids=[c[0] for c in ANSWER_ERRORS])
def test_answers_errors_exit_2_naming_the_field(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer,
    case: tuple[str, Any, str],
) -> None:
    _, doc, needle = case
    path = home / "answers.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    r = run("--json", "--replay", str(path), extra_env={"KEY": API_KEY})
    assert r.code == 2, r.err
    assert needle in r.json()["error"]["message"] + (r.json()["error"]["fix"] or "")
    assert state(home) == {}
    assert provider_server.requests == []


def test_a_key_pasted_as_the_provider_is_not_echoed(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    path = home / "answers.json"
    path.write_text(json.dumps(answers(provider=API_KEY)))
    r = run("--json", "--replay", str(path))
    assert r.code == 2 and "unknown provider;" in r.json()["error"]["message"]
    assert API_KEY not in r.out + r.err and API_KEY[-12:] not in r.out + r.err


def test_secret_from_stdin_and_file(run: Callable[..., Run], home: Path,
                                    provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    r = run(answers=answers(secret={"stdin": True}), stdin=TOKEN[:60] + "\n" + TOKEN[60:] + "\n")
    assert r.code == 0, r.err
    (home / "tok.txt").write_text(f'export ANTHROPIC_OAUTH_TOKEN="{TOKEN}"\n')
    r = run("--json", answers=answers(secret={"file": "tok.txt"}))
    assert r.code == 0, r.err
    assert r.json()["files"] == []  # same token: nothing to change


def test_answers_from_stdin(run: Callable[..., Run], home: Path,
                            provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--replay", "-", stdin=json.dumps(answers()))
    assert r.code == 0, r.err
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN


def test_dry_run_prints_redacted_diff_and_writes_nothing(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--dry-run", answers=answers())
    assert r.code == 0, r.err
    assert "+      \"token\": \"sk-ant-oat01-…C3d4\"" in r.out
    assert "auth-profiles.json" in r.out and "openclaw.json" in r.out
    assert state(home) == {}


def test_schema_printed_and_in_sync() -> None:
    from wizard.answers import generate_schema

    proc = subprocess.run([authwizard(), "--replay", "--schema"], capture_output=True,
                          text=True, check=True)
    assert json.loads(proc.stdout) == generate_schema(), (
        "wizard/schema/answers-v1.json is stale: run `python -m wizard.generate`")
    help_text = subprocess.run([authwizard(), "--help"], capture_output=True, text=True,
                               check=True).stdout
    assert "--schema" in help_text and "exit codes" in help_text


@pytest.mark.parametrize(
    "args",
    [["--version"], ["status"], ["doctor"], ["--replay", "ANSWERS"], ["--help"],
     ["remove", "anthropic:default", "--yes"], ["status", "--check"]],
    ids=["version", "status", "doctor", "replay", "help", "remove", "status-check"],
)
def test_headless_commands_never_import_textual(
    home: Path, provider_server: ProviderServer, args: list[str]
) -> None:
    """Nor pydantic's BaseModel machinery or asyncio: each cost a cold run tens of ms (DESIGN
    §7); the answers and OpenClaw's formats are checked with pydantic-core schemas."""
    provider_server.add_credential("anthropic", TOKEN)
    answers_path = home / "a.json"
    answers_path.write_text(json.dumps(answers()))
    argv = [str(answers_path) if a == "ANSWERS" else a for a in args]
    code = (
        "import sys, runpy\n"
        "from wizard.cli import main\n"
        f"rc = main({argv!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'keyring', "
        "'pyperclip', 'rich', 'asyncio') or m in ('pydantic.main', 'uuid', 'platform'))\n"
        "print('IMPORTED', bad, file=sys.stderr)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "SETUP_TOKEN": TOKEN,
           **provider_server.env()}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "IMPORTED []" in proc.stderr


def test_version_names_authwizard_and_libraries() -> None:
    out = subprocess.run([authwizard(), "--version"], capture_output=True, text=True,
                         check=True).stdout
    assert out.startswith("authwizard ")
    for lib in ("textual", "pydantic", "httpx", "keyring", "pyperclip"):
        assert lib in out


def test_findings_left_after_the_write_are_reported(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    """The write succeeds; what doctor still finds (here a world-readable agents folder that
    authwizard did not create and does not own) is reported with its fix."""
    sd = home / ".openclaw"
    (sd / "agents" / "work" / "agent").mkdir(parents=True)
    os.chmod(sd / "agents" / "work" / "agent", 0o755)  # noqa: S103 - the finding under test
    (sd / "openclaw.json").write_text(json.dumps(
        {"agents": {"list": [{"id": "main", "default": True}, {"id": "work"}]}}))
    (sd / "agents" / "work" / "agent" / "auth-profiles.json").write_text(
        json.dumps({"version": 1, "profiles": {}}))
    provider_server.add_credential("anthropic", TOKEN)
    r = run("--json", answers=answers(agents=["main"]))
    assert r.code == 0, r.err
    perms = [f for f in r.json()["findings"] if f["code"] == "file-permissions"]
    assert any(str(sd / "agents" / "work" / "agent") == f["path"] for f in perms)
    assert "chmod 0700" in r.err


def test_usage_error_with_json_still_prints_one_json_document() -> None:
    proc = subprocess.run([authwizard(), "status", "--json", "--no-such-flag"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    assert doc["ok"] is False and doc["exit_code"] == 2
    assert "--no-such-flag" in proc.stderr


def test_auth_that_is_not_an_object_is_exit_5_and_left_alone(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    sd = home / ".openclaw"
    sd.mkdir()
    (sd / "openclaw.json").write_text('{"auth": "profiles go here"}\n')
    before = state(home)
    r = run("--json", answers=answers(validate=False))
    assert r.code == 5
    assert "doctor --fix" in r.json()["error"]["fix"]
    assert state(home) == before
