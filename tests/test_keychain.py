"""The keychain store and the resolver OpenClaw runs, with a real keyring backend.

The backend is keyrings.alt's file-backed PlaintextKeyring, chosen the way a user would: through
keyring's own configuration file (``~/.config/python_keyring/keyringrc.cfg``) under a temp HOME.
The resolver runs as OpenClaw runs it: a subprocess that sees only the ``passEnv`` variables.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import keyring.core
import pytest

from wizard.keychain import backend
from wizard.keychain.install import install, problems, provider_entry, resolver_path
from wizard.keychain.names import ref_id, secret_ref

TOKEN = "sk-ant-oat01-" + "K7c8H9a0" * 12
FILE_BACKEND = "keyrings.alt.file.PlaintextKeyring"


def use_backend(home: Path, name: str) -> None:
    cfg = home / ".config" / "python_keyring" / "keyringrc.cfg"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f"[backend]\ndefault-keyring={name}\n")


@pytest.fixture
def keychain_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(var, raising=False)
    use_backend(home, FILE_BACKEND)
    keyring.core.init_backend()  # keyring reads its configuration once per process
    yield home
    keyring.core.init_backend()


def run_resolver(path: Path, home: Path, request: bytes) -> subprocess.CompletedProcess[bytes]:
    # Only HOME, as OpenClaw passes it with passEnv ["HOME"].
    return subprocess.run(
        [str(path)], input=request, env={"HOME": str(home)}, capture_output=True, timeout=30,
        check=False,
    )


def request(*ids: str) -> bytes:
    return json.dumps({"protocolVersion": 1, "provider": "authwizard", "ids": list(ids)}).encode()


def test_ref_ids_name_agent_and_profile() -> None:
    assert ref_id("main", "anthropic:default") == "main/anthropic:default"
    assert secret_ref("work", "openai:default") == {
        "source": "exec", "provider": "authwizard", "id": "work/openai:default"
    }
    with pytest.raises(ValueError):
        ref_id("..", "anthropic:default")


def test_file_backend_is_usable(keychain_home: Path) -> None:
    found = backend.availability()
    assert found.usable and found.backend == FILE_BACKEND


@pytest.mark.parametrize("name", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"])
def test_backends_that_store_nothing_are_refused_with_the_reason(
    keychain_home: Path, name: str
) -> None:
    use_backend(keychain_home, name)
    keyring.core.init_backend()
    found = backend.availability()
    assert not found.usable and found.backend == name
    assert "keyringrc.cfg" in found.reason and "OpenClaw's store" in found.reason


def test_resolver_returns_the_secret_to_a_process_with_only_home(
    keychain_home: Path, tmp_path: Path
) -> None:
    ref = ref_id("main", "anthropic:default")
    backend.store(ref, TOKEN)
    path = install(keychain_home / ".openclaw")
    done = run_resolver(path, keychain_home, request(ref))
    assert done.returncode == 0, done.stderr.decode()
    doc = json.loads(done.stdout)
    assert doc == {"protocolVersion": 1, "values": {ref: TOKEN}}
    assert TOKEN.encode() not in done.stderr


def test_resolver_reports_a_missing_item_as_not_found(keychain_home: Path) -> None:
    path = install(keychain_home / ".openclaw")
    done = run_resolver(path, keychain_home, request("main/anthropic:gone"))
    doc = json.loads(done.stdout)
    assert doc["values"] == {}
    assert doc["errors"]["main/anthropic:gone"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("bad", [b"", b"not json", b'{"protocolVersion": 2, "ids": []}',
                                 b'{"protocolVersion": 1, "ids": [1]}', b"x" * 100_000])
def test_resolver_answers_a_bad_request_with_a_code_never_a_traceback(
    keychain_home: Path, bad: bytes
) -> None:
    path = install(keychain_home / ".openclaw")
    done = run_resolver(path, keychain_home, bad)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    doc = json.loads(done.stdout)
    assert doc["error"]["code"] == "BAD_REQUEST" and doc["values"] == {}


def test_a_broken_backend_is_an_error_code(keychain_home: Path) -> None:
    path = install(keychain_home / ".openclaw")
    use_backend(keychain_home, "keyring.backends.fail.Keyring")
    done = run_resolver(path, keychain_home, request("main/anthropic:default"))
    doc = json.loads(done.stdout)
    assert doc["errors"]["main/anthropic:default"]["code"] == "KEYCHAIN_UNAVAILABLE"
    assert b"Traceback" not in done.stderr


def test_resolver_passes_openclaws_path_checks(keychain_home: Path) -> None:
    state = keychain_home / ".openclaw"
    path = install(state)
    st = os.lstat(path)
    assert path.is_absolute() and stat.S_ISREG(st.st_mode)
    assert st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) == 0o700
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert problems(str(path)) == []
    assert install(state) == path  # idempotent
    entry = provider_entry(path, backend.pass_env({"HOME": "/h"}))
    assert entry["command"] == str(path) and entry["passEnv"] == ["HOME"]


def test_problems_name_what_openclaw_would_refuse(keychain_home: Path, tmp_path: Path) -> None:
    state = keychain_home / ".openclaw"
    path = install(state)
    path.chmod(0o777)
    assert any("world-writable" in p for p in problems(str(path)))
    link = tmp_path / "link"
    link.symlink_to(path)
    assert any("symlink" in p for p in problems(str(link)))
    path.unlink()
    assert any("missing" in p for p in problems(str(path)))
    assert problems("relative/resolver") == ["the resolver path relative/resolver is not absolute"]
    moved = resolver_path(state)
    moved.write_text("#!/nonexistent/python\n")
    moved.chmod(0o700)
    assert any("is gone" in p for p in problems(str(moved)))


def test_delete_removes_the_item(keychain_home: Path) -> None:
    ref = ref_id("main", "openai:default")
    backend.store(ref, "sk-proj-" + "a" * 40)
    assert backend.delete(ref) is True
    assert backend.read(ref) is None
    assert backend.delete(ref) is False


def test_the_sqlite_era_plan_creates_a_reference_only_profile() -> None:
    from wizard.core.plan import Intent
    from wizard.openclaw.backends.secrets_plan import apply_plan, needs_exec, refs_in_labels

    intent = Intent("anthropic", "token", TOKEN, ("main", "work"),
                    refs={a: secret_ref(a, "anthropic:default") for a in ("main", "work")},
                    secret_providers={"authwizard": {"source": "exec", "command": "/r"}})
    plan = apply_plan(intent, "anthropic:default")
    assert TOKEN not in json.dumps(plan)
    assert plan["providerUpserts"] == {"authwizard": {"source": "exec", "command": "/r"}}
    assert [t["agentId"] for t in plan["targets"]] == ["main", "work"]
    assert plan["targets"][0] == {
        "type": "auth-profiles.token.token", "path": "profiles.anthropic:default.token",
        "pathSegments": ["profiles", "anthropic:default", "token"], "agentId": "main",
        "ref": {"source": "exec", "provider": "authwizard", "id": "main/anthropic:default"},
        "authProfileProvider": "anthropic",
    }
    assert needs_exec(plan)
    labels = ["anthropic:default=token:ref(exec:main/anthropic:default)",
              "openai:default=api_key:sk-proj…abcd"]
    assert refs_in_labels(labels) == {"anthropic:default": ("exec", "main/anthropic:default")}


def test_a_file_backend_keyring_falls_back_to_is_not_taken_for_a_keychain(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "nowhere"))
    import keyring.backend
    from keyrings.alt.file import PlaintextKeyring

    # What keyring's own detection picks on a headless machine with keyrings.alt installed.
    keyring.core.set_keyring(PlaintextKeyring())
    try:
        found = backend.availability()
        assert not found.usable and "not an OS keychain" in found.reason
        use_backend(home, FILE_BACKEND)  # now chosen in keyringrc.cfg
        monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        assert backend.availability().usable
    finally:
        keyring.core.init_backend()
