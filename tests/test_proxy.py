"""A credential checked against a plain-http loopback root never goes through a proxy from the
environment (hardening item 1): a recording proxy on loopback stands in for any proxy host."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.provider_server import ProviderServer
from tests.test_replay_e2e import TOKEN, authwizard
from wizard.providers.validate import Outcome, validate, validate_sync
from wizard.spec.registry import PROVIDERS

PROXY_VARS = ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


class RecordingProxy(ThreadingHTTPServer):
    """Answers every request with a provider-shaped 200, as a hostile proxy would, and records
    what reached it."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.seen: list[tuple[str, dict[str, str]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(BaseHTTPRequestHandler):
    server: RecordingProxy

    def _answer(self) -> None:
        self.server.seen.append((self.requestline, {k.lower(): v for k, v in self.headers.items()}))
        body = json.dumps({"data": [{"id": "claude-x", "type": "model"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("driver", ["async", "sync"])
async def test_loopback_check_bypasses_every_proxy_variable(
    driver: str, proxy: RecordingProxy, provider_server: ProviderServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in PROXY_VARS:
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    provider_server.add_credential("anthropic", TOKEN)
    root = provider_server.api_root("anthropic")
    before = len(provider_server.requests_to("anthropic"))
    anthropic = PROVIDERS["anthropic"]
    if driver == "sync":
        verdict = await asyncio.to_thread(
            validate_sync, anthropic, "token", TOKEN, api_root=root, timeout=5
        )
    else:
        verdict = await validate(anthropic, "token", TOKEN, api_root=root, timeout=5)
    assert proxy.seen == [], "the proxy received the credential"
    assert verdict.outcome is Outcome.VALID
    assert len(provider_server.requests_to("anthropic")) == before + 1


def test_replay_with_a_proxy_in_the_environment_reaches_only_loopback(
    home: Path, proxy: RecordingProxy, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    answers = home / "answers.json"
    answers.write_text(json.dumps({
        "version": 1, "provider": "anthropic", "method": "setup-token",
        "secret": {"env": "SETUP_TOKEN"},
    }))
    env = {
        "HOME": str(home), "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
        "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN, "AUTHWIZARD_GENERATION": "G1",
        **provider_server.env(),
        **{name: proxy.url for name in PROXY_VARS},
    }
    proc = subprocess.run(
        [authwizard(), "--replay", str(answers), "--json"], env=env, capture_output=True,
        text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["validation"]["outcome"] == "valid"
    assert proxy.seen == [], "the proxy received the credential"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("ALL_PROXY", "socks5://127.0.0.1:7890", "SOCKS"),
        ("all_proxy", "socks5h://127.0.0.1:7890", "SOCKS"),
        ("HTTPS_PROXY", "http://proxy:port", "http://HOST:PORT"),
        ("https_proxy", "ftp://127.0.0.1:3128", "http://HOST:PORT"),
    ],
)
def test_unusable_proxy_setting_is_could_not_verify_naming_the_variable(
    home: Path, name: str, value: str, said: str
) -> None:
    if "SOCKS" in said and importlib.util.find_spec("socksio") is not None:
        pytest.skip("socksio is installed: a SOCKS proxy is usable here")
    answers = home / "answers.json"
    answers.write_text(json.dumps({
        "version": 1, "provider": "anthropic", "method": "setup-token",
        "secret": {"env": "SETUP_TOKEN"}, "base_url": f"https://127.0.0.1:{_closed_port()}",
    }))
    env = {
        "HOME": str(home), "AUTHWIZARD_GENERATION": "G1",
        "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
        "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN, name: value,
    }
    proc = subprocess.run(
        [authwizard(), "--replay", str(answers), "--json"], env=env, capture_output=True,
        text=True, timeout=60, check=False,
    )
    assert proc.returncode == 4, proc.stderr
    assert "Traceback" not in proc.stderr
    validation = json.loads(proc.stdout)["validation"]
    assert (validation["outcome"], validation["reason"]) == ("unverified", "proxy")
    assert name in validation["message"] and said in validation["message"]
    assert value not in validation["message"]  # a proxy URL may hold a password
    assert not (home / ".openclaw").exists()


def test_unusable_proxy_setting_in_the_async_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:port")
    verdict = asyncio.run(validate(
        PROVIDERS["anthropic"], "token", TOKEN, api_root=f"https://127.0.0.1:{_closed_port()}",
    ))
    assert (verdict.outcome, verdict.reason, verdict.attempts) == (Outcome.UNVERIFIED, "proxy", 0)
    assert "HTTPS_PROXY" in verdict.message
