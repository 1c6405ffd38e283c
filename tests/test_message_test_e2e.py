"""The opt-in test message through the installed ``authwizard --replay``: exactly one free
check and, with ``--probe`` or ``"probe": true``, exactly ONE minimal message; what only a
message reveals (no credit, model access, Claude-Code-only, rate limit) is written with a
warning naming the limit (exit 0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.provider_server import ProviderServer
from wizard.spec.registry import PROVIDERS

AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))
TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
OPENAI_KEY = "sk-proj-" + "M3n4O5p6" * 16
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
HAIKU = PROVIDERS["anthropic"].message_test.model  # type: ignore[union-attr]


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr

    def json(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.out)
        return doc


def replay(home: Path, server: ProviderServer, secret: str, *args: str,
           provider: str = "anthropic", **over: Any) -> Run:
    method = "setup-token" if secret.startswith("sk-ant-oat") else "api-key"
    path = home / "answers.json"
    path.write_text(json.dumps({"version": 1, "provider": provider, "method": method,
                                "secret": {"env": "S"}, **over}))
    proc = subprocess.run(
        [AUTHWIZARD, "--replay", str(path), *args],
        env={"HOME": str(home), "PATH": os.path.dirname(AUTHWIZARD) + ":/usr/bin:/bin",
             "LANG": "C.UTF-8", "S": secret, "AUTHWIZARD_GENERATION": "G1", **server.env()},
        capture_output=True, text=True, timeout=60, check=False)
    assert secret not in proc.stdout + proc.stderr, "secret leaked"
    return Run(proc)


def sent(server: ProviderServer) -> list[tuple[str, str]]:
    return [(r.method, r.path.split("?")[0].removeprefix("/anthropic"))
            for r in server.requests_to("anthropic")]


def stored(home: Path) -> str:
    return (home / ".openclaw" / "agents" / "main" / "agent" / "auth-profiles.json").read_text()


def test_without_probe_only_the_free_check_is_sent_and_its_words_say_so(
    home: Path, provider_server: ProviderServer,
) -> None:
    provider_server.add_credential("anthropic", API_KEY, "message_no_credit")
    r = replay(home, provider_server, API_KEY)
    assert r.code == 0, r.err
    assert sent(provider_server) == [("GET", "/v1/models")]
    assert "accepts this API key (a free check: no message was sent" in r.err
    assert "Accepted" not in r.err


def test_a_valid_key_sends_one_minimal_message(
    home: Path, provider_server: ProviderServer,
) -> None:
    provider_server.add_credential("anthropic", API_KEY)
    r = replay(home, provider_server, API_KEY, "--probe", "--json")
    assert r.code == 0, r.err
    assert sent(provider_server) == [("GET", "/v1/models"), ("POST", "/v1/messages")]
    message = provider_server.requests_to("anthropic")[1]
    body = json.loads(message.body)
    assert body == {"model": HAIKU, "max_tokens": 1,
                    "messages": [{"role": "user", "content": "Hi"}]}
    assert "anthropic-beta" not in message.headers and "x-app" not in message.headers
    doc = r.json()
    assert doc["message_test"]["outcome"] == "valid" and doc["message_test"]["attempts"] == 1
    assert f"one message to {HAIKU} (POST /v1/messages, max_tokens 1): costs under" in r.err
    assert "a test message went through" in r.err
    assert "warnings" not in doc or not any("limit" in w for w in doc["warnings"])


def test_a_key_without_credit_is_written_with_a_warning_naming_it(
    home: Path, provider_server: ProviderServer,
) -> None:
    provider_server.add_credential("anthropic", API_KEY, "message_no_credit")
    r = replay(home, provider_server, API_KEY, "--json", probe=True)
    assert r.code == 0, r.err
    assert len(provider_server.requests_to("anthropic")) == 2
    doc = r.json()
    assert doc["validation"]["outcome"] == "valid"
    assert (doc["message_test"]["outcome"], doc["message_test"]["reason"]) == (
        "limited", "no_credit")
    assert any("written with a limit" in w and "add credit" in w for w in doc["warnings"])
    assert API_KEY in stored(home)


@pytest.mark.parametrize("state, secret, reason, words", [
    ("message_claude_code_only", TOKEN, "claude_code_only", "valid for Claude Code only"),
    ("message_model_denied", API_KEY, "model_denied", f"refused a message to {HAIKU}"),
    ("message_rate_limited", API_KEY, "rate_limited", "rate limited"),
], ids=["claude-code-only", "model-denied", "rate-limited"])
def test_a_limited_credential_is_written_with_the_limit_named(
    home: Path, provider_server: ProviderServer, state: str, secret: str, reason: str,
    words: str,
) -> None:
    provider_server.add_credential("anthropic", secret, state)
    r = replay(home, provider_server, secret, "--probe", "--json")
    assert r.code == 0, r.err
    assert sent(provider_server) == [("GET", "/v1/models"), ("POST", "/v1/messages")]
    doc = r.json()
    assert (doc["message_test"]["outcome"], doc["message_test"]["reason"]) == (
        "limited", reason)
    assert any(words in w for w in doc["warnings"]), doc["warnings"]
    assert secret in stored(home)
    if secret == TOKEN:  # a token goes as a bearer with the oauth beta, never Claude Code's own
        headers = provider_server.requests_to("anthropic")[1].headers
        assert headers["anthropic-beta"] == "oauth-2025-04-20"
        assert not {"x-app", "anthropic-dangerous-direct-browser-access"} & set(headers)
        assert "system" not in json.loads(provider_server.requests_to("anthropic")[1].body)


@pytest.mark.parametrize("probe", [(), ("--probe",)], ids=["free-check", "message"])
def test_a_limit_is_said_once(
    home: Path, provider_server: ProviderServer, probe: tuple[str, ...],
) -> None:
    provider_server.add_credential("anthropic", TOKEN, "message_claude_code_only"
                                   if probe else "claude_code_only")
    r = replay(home, provider_server, TOKEN, *probe)
    assert r.code == 0, r.err
    assert r.err.count("valid for Claude Code only") == 1, r.err


def test_a_rejected_free_check_sends_no_message(
    home: Path, provider_server: ProviderServer,
) -> None:
    r = replay(home, provider_server, API_KEY, "--probe")
    assert r.code == 3
    assert sent(provider_server) == [("GET", "/v1/models")]
    assert not (home / ".openclaw").exists()


def test_the_readme_lists_exactly_what_each_check_sends() -> None:
    """The README's table is written from the registry (each row: the probe, the request the
    test message makes, its cost), so a new provider appears there by regenerating."""
    from wizard.generate import README, readme_with_table

    text = README.read_text(encoding="utf-8")
    assert text == readme_with_table(text), (
        "README.md's provider table is stale: run `python -m wizard.generate`")
    for p in PROVIDERS.values():
        assert p.message_test is not None, p.id
        path, _ = p.message_test.request()
        row = next(line for line in text.splitlines() if line.startswith(f"| {p.name} |"))
        assert f"`POST {p.api_root}{path}`, model `{p.message_test.model}`" in row


@pytest.mark.parametrize("state, outcome", [("valid", "valid"),
                                            ("message_no_credit", "limited")])
def test_an_openai_key_gets_one_chat_completion(
    home: Path, provider_server: ProviderServer, state: str, outcome: str,
) -> None:
    provider_server.add_credential("openai", OPENAI_KEY, state)
    r = replay(home, provider_server, OPENAI_KEY, "--probe", "--json", provider="openai")
    assert r.code == 0, r.err
    reqs = provider_server.requests_to("openai")
    assert [(q.method, q.path.split("/v1")[-1]) for q in reqs] == [
        ("GET", "/models"), ("POST", "/chat/completions")]
    test = PROVIDERS["openai"].message_test
    assert test is not None
    assert json.loads(reqs[1].body) == {"model": test.model, "max_tokens": 1,
                                        "messages": [{"role": "user", "content": "Hi"}]}
    assert r.json()["message_test"]["outcome"] == outcome
