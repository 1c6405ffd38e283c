"""No piece of a secret is passed on: any run of 12 or more of its characters is taken out of
a provider's message and of what ``openclaw`` prints, even glued to other text (hardening
item 16)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_replay_e2e import TOKEN, authwizard
from wizard.core.paste import known_prefixes
from wizard.core.redaction import PIECE, without_secret
from wizard.openclaw.backends import openclaw_cli as cli_backend
from wizard.providers.messages import scrub
from wizard.providers.responses import classify_response
from wizard.spec.registry import PROVIDERS

KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"


def pieces(secret: str) -> set[str]:
    """Every 12-character window of ``secret`` that is more than its public prefix."""
    prefix = next((p for p in known_prefixes() if secret.startswith(p)), "")
    return {secret[i : i + PIECE] for i in range(len(secret) - PIECE + 1)
            if i + PIECE > len(prefix)}


def leaked(text: str, secret: str) -> list[str]:
    return sorted(p for p in pieces(secret) if p in text)


@st.composite
def secret_in_text(draw: st.DrawFn) -> tuple[str, str]:
    secret = draw(st.text(KEY_CHARS, min_size=PIECE, max_size=120))
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(draw(st.text(max_size=30)))
        start = draw(st.integers(0, len(secret) - PIECE))
        end = draw(st.integers(start + PIECE, len(secret)))
        parts.append(secret[start:end])
    parts.append(draw(st.text(max_size=30)))
    return secret, "".join(parts)


@given(secret_in_text())
def test_no_window_of_the_secret_survives(case: tuple[str, str]) -> None:
    secret, text = case
    for shown in (without_secret(text, secret), scrub(text, secret),
                  cli_backend.scrub(text, secret)):
        windows = {secret[i : i + PIECE] for i in range(len(secret) - PIECE + 1)}
        assert not [w for w in windows if w in shown]


@given(st.text(KEY_CHARS, min_size=PIECE, max_size=60), st.text(max_size=80))
def test_text_without_a_piece_is_kept(secret: str, text: str) -> None:
    windows = {secret[i : i + PIECE] for i in range(len(secret) - PIECE + 1)}
    if not any(w in text for w in windows):
        assert without_secret(text, secret) == text


def test_a_piece_glued_to_other_words_is_taken_out() -> None:
    piece = TOKEN[20:47]
    assert scrub(f"invalid token key_{piece}_rejected", TOKEN) == (
        "invalid token key_[redacted]_rejected"
    )
    assert cli_backend.scrub(f"bad token {TOKEN[:30]}…", TOKEN) == "bad token <secret>…"


# --- end to end ----------------------------------------------------------------------------------


class EchoingProvider(ThreadingHTTPServer):
    """Rejects every key, quoting 27 characters of it glued into its message."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Echo)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Echo(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        secret = self.headers.get("Authorization", "").removeprefix("Bearer ")
        message = f"invalid token key_{secret[20:47]}_rejected"
        body = json.dumps({"type": "error", "error": {
            "type": "authentication_error", "message": message}}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def echoing() -> Iterator[EchoingProvider]:
    server = EchoingProvider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _replay(home: Path, answers: dict[str, object], path: str) -> subprocess.CompletedProcess[str]:
    file = home / "answers.json"
    file.write_text(json.dumps({"version": 1, "provider": "anthropic", "method": "setup-token",
                                "secret": {"env": "SETUP_TOKEN"}, **answers}))
    env = {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN}
    if "openclaw" not in os.listdir(path.split(":")[0]):
        env["AUTHWIZARD_GENERATION"] = "G1"  # no OpenClaw here: say which files to write
    return subprocess.run([authwizard(), "--replay", str(file), "--json"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_provider_message_quoting_a_piece_of_the_key(home: Path, echoing: EchoingProvider) -> None:
    path = os.path.dirname(authwizard()) + ":/usr/bin:/bin"
    proc = _replay(home, {"base_url": echoing.root}, path)
    assert proc.returncode == 3, proc.stderr
    assert "key_[redacted]_rejected" in json.loads(proc.stdout)["validation"]["message"]
    assert leaked(proc.stdout + proc.stderr, TOKEN) == []


def test_openclaw_message_quoting_a_prefix_of_the_secret(home: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "openclaw"
    script.write_text(f"""#!{sys.executable}
import sys
args = sys.argv[1:]
if args == ["--version"]:
    print("OpenClaw 2026.9.6 (eb377ac)"); sys.exit(0)
if args[:2] == ["models", "auth"]:
    secret = sys.stdin.read().strip()
    print("Error: token " + secret[:40] + "... is not in the expected format", file=sys.stderr)
    sys.exit(1)
if args[:2] == ["models", "status"]:
    print('{{"auth": {{"storePath": "state/openclaw.sqlite", '
          '"oauth": {{"profiles": [], "providers": []}}}}}}')
    sys.exit(0)
sys.exit(2)
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    path = f"{bin_dir}:{os.path.dirname(authwizard())}:/usr/bin:/bin"
    proc = _replay(home, {"validate": False}, path)
    assert proc.returncode == 5, proc.stderr
    assert "<secret>" in json.loads(proc.stdout)["error"]["message"]
    assert leaked(proc.stdout + proc.stderr, TOKEN) == []


def test_headers_quoting_the_secret_are_scrubbed() -> None:
    provider = PROVIDERS["anthropic"]
    for status, headers in [
        (401, {"request-id": f"req_{TOKEN[15:40]}"}),
        (302, {"location": f"https://{TOKEN[13:40]}.example/"}),
    ]:
        draft = classify_response(provider, "token", TOKEN, status=status, headers=headers,
                                  body=b"{}", url="https://api.anthropic.com/v1/models")
        shown = f"{draft.message} {draft.request_id}"
        assert leaked(shown, TOKEN) == [], shown
