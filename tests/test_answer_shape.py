"""A 2xx is "valid" only when its body has the shape of the provider's answer: a captive portal,
a gateway or another service that answers 200 with ``[]`` proves nothing (hardening item 15)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.test_replay_e2e import TOKEN, authwizard
from wizard.providers.validate import Outcome, validate_sync
from wizard.spec.registry import PROVIDERS, CredentialType

KEYS: dict[str, tuple[CredentialType, str]] = {
    "anthropic": ("token", TOKEN),
    "openai": ("api_key", "sk-proj-" + "M3n4O5p6" * 16),
    "openrouter": ("api_key", "sk-or-v1-" + "ab12" * 16),
    "google": ("api_key", "AIza" + "Sy12AbCd" * 5),
    "xai": ("api_key", "xai-" + "Qw12Er34" * 8),
    "mistral": ("api_key", "Mi5tra1K" * 4),
}


class FixedAnswer(ThreadingHTTPServer):
    """Answers every request with status 200 and ``body``."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Fixed)
        self.body = b"[]"

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Fixed(BaseHTTPRequestHandler):
    server: FixedAnswer

    def _answer(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def fixed() -> Iterator[FixedAnswer]:
    server = FixedAnswer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("provider", sorted(KEYS))
@pytest.mark.parametrize("body", ["[]", "{}", '{"ok": true}', "42", '{"data": "x"}'])
def test_a_200_without_the_providers_shape_is_could_not_verify(
    fixed: FixedAnswer, provider: str, body: str
) -> None:
    fixed.body = body.encode()
    kind, key = KEYS[provider]
    verdict = validate_sync(PROVIDERS[provider], kind, key, api_root=fixed.root)
    assert (verdict.outcome, verdict.reason) == (Outcome.UNVERIFIED, "bad_response"), body
    assert "could not verify: unexpected answer" in verdict.message
    assert "check the base URL" in verdict.message


@pytest.mark.parametrize(
    ("provider", "body"),
    [
        ("anthropic", {"data": [], "has_more": False}),
        ("openai", {"object": "list", "data": []}),
        ("google", {"models": []}),
        ("openrouter", {"data": {"label": "x", "limit": None}}),
        ("xai", {"redacted_api_key": "xai-...abcd", "acls": []}),
    ],
)
def test_the_documented_shapes_are_valid(fixed: FixedAnswer, provider: str,
                                         body: dict[str, object]) -> None:
    fixed.body = json.dumps(body).encode()
    kind, key = KEYS[provider]
    verdict = validate_sync(PROVIDERS[provider], kind, key, api_root=fixed.root)
    assert verdict.outcome is Outcome.VALID, verdict.message


def test_replay_against_a_200_with_an_empty_array_exits_4(home: Path, fixed: FixedAnswer) -> None:
    fixed.body = b"[]"
    answers = home / "answers.json"
    answers.write_text(json.dumps({
        "version": 1, "provider": "anthropic", "method": "setup-token",
        "secret": {"env": "SETUP_TOKEN"}, "base_url": fixed.root,
    }))
    env = {"HOME": str(home), "AUTHWIZARD_GENERATION": "G1",
           "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
           "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN}
    proc = subprocess.run([authwizard(), "--replay", str(answers), "--json"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 4, proc.stderr
    assert "✓" not in proc.stderr
    validation = json.loads(proc.stdout)["validation"]
    assert (validation["outcome"], validation["reason"]) == ("unverified", "bad_response")
    assert "a JSON array" in validation["message"]
    assert not (home / ".openclaw").exists()
