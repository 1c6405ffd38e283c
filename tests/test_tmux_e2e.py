"""A real terminal: the INSTALLED ``authwizard`` in a detached tmux session, a token pasted
wrapped over two lines with bracketed paste, validated against the loopback provider server
started in this process; then the files on disk. The screen never shows the whole token."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.provider_server import ProviderServer

pytestmark = pytest.mark.tmux

TOKEN = "sk-ant-oat01-" + "T3mUx9Zq" * 12
TMUX = shutil.which("tmux")


def installed_authwizard() -> str | None:
    venv_bin = Path(sys.executable).parent
    for candidate in (venv_bin / "authwizard", Path("/work/venv/bin/authwizard")):
        if candidate.exists():
            return str(candidate)
    return shutil.which("authwizard", path=f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}")


class Tmux:
    """One private tmux server (its own socket), ended by name when the test is done."""

    def __init__(self, tmp: Path) -> None:
        assert TMUX is not None
        self.socket = f"authwizard-e2e-{uuid.uuid4().hex[:8]}"
        self.screens: list[str] = []
        self.tmp = tmp

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              check=check, timeout=10)

    def capture(self) -> str:
        text = self.run("capture-pane", "-p", "-J", "-S", "-", "-t", "aw").stdout
        self.screens.append(text)
        return text

    def wait_for(self, predicate: Callable[[str], bool], what: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.capture()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{screen}")
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "aw", *keys)

    def paste(self, text: str) -> None:
        """Bracketed paste, as a terminal does it (the app asked for bracketed paste mode)."""
        buf = self.tmp / "paste.txt"
        buf.write_text(text)
        self.run("load-buffer", "-b", "awbuf", str(buf))
        buf.unlink()
        self.run("paste-buffer", "-p", "-d", "-b", "awbuf", "-t", "aw")

    def kill(self) -> None:
        self.run("kill-server", check=False)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if TMUX is None:
        pytest.skip("tmux is not installed (apt install tmux)")
    session = Tmux(tmp_path)
    try:
        yield session
    finally:
        session.kill()


def test_installed_authwizard_in_a_real_terminal(
    tmux: Tmux, tmp_path: Path, provider_server: ProviderServer
) -> None:
    binary = installed_authwizard()
    if binary is None:
        pytest.skip("authwizard is not installed (pip install -e .)")
    provider_server.add_credential("anthropic", TOKEN)
    home = tmp_path / "home"
    home.mkdir()
    exit_file = tmp_path / "exit-code"
    env = {
        "HOME": str(home),
        "PATH": f"{Path(binary).parent}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "AUTHWIZARD_ANTHROPIC_BASE_URL": provider_server.api_root("anthropic"),
        "AUTHWIZARD_GENERATION": "G1",  # no OpenClaw here: name the JSON-era release
    }
    command = " ".join(
        [f"{k}='{v}'" for k, v in env.items()]
        + [f"'{binary}'; echo $? > '{exit_file}'; sleep 60"]
    )
    tmux.run("-f", "/dev/null", "new-session", "-d", "-s", "aw", "-x", "100", "-y", "30",
             f"env -i {command}")

    tmux.wait_for(lambda s: "Set up a model credential" in s and "Start" in s, "Welcome")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Which provider" in s, "Provider")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "How do you want to sign in" in s, "Method")
    tmux.keys("Down", "Enter")
    tmux.wait_for(lambda s: "Paste your Anthropic setup token" in s, "Secret")
    tmux.paste(TOKEN[:57] + "\n" + TOKEN[57:] + "\n")  # as printed in a narrow terminal
    tmux.wait_for(lambda s: "Claude setup token, 109 chars" in s, "the whole token")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Accepted" in s, "the check")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Where should it be saved" in s, "Profile")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Add anthropic:default" in s, "Review")
    tmux.keys("w")
    tmux.wait_for(lambda s: "Wrote anthropic:default" in s, "Done")
    tmux.keys("Enter")
    deadline = time.monotonic() + 10
    while not exit_file.exists() or not exit_file.read_text().strip():
        assert time.monotonic() < deadline, "authwizard did not exit"
        time.sleep(0.1)
    tmux.capture()

    assert exit_file.read_text().strip() == "0"
    state = home / ".openclaw"
    config = json.loads((state / "openclaw.json").read_text())
    store = json.loads((state / "agents" / "main" / "agent" / "auth-profiles.json").read_text())
    assert config["auth"]["profiles"] == {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}
    assert store["profiles"]["anthropic:default"] == {
        "type": "token", "provider": "anthropic", "token": TOKEN}
    (request,) = provider_server.requests_to("anthropic")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    body = TOKEN[len("sk-ant-oat01-"):]
    runs = {body[i : i + 16] for i in range(len(body) - 15)}
    for screen in tmux.screens:
        flat = screen.replace("\n", "")
        assert TOKEN not in flat
        assert not any(run in flat for run in runs), "part of the token is on screen"


def test_quitting_while_openclaw_does_not_answer_is_immediate(
    tmux: Tmux, tmp_path: Path
) -> None:
    """An installed `openclaw` that hangs on `--version`: the Welcome says it is looking, `q`
    quits at once (exit 130) and the hung program is stopped, not waited for (60 s)."""
    binary = installed_authwizard()
    if binary is None:
        pytest.skip("authwizard is not installed (pip install -e .)")
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    pid_file, exit_file = tmp_path / "openclaw.pid", tmp_path / "exit-code"
    hung = bin_dir / "openclaw"
    hung.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 300\n")
    hung.chmod(0o755)
    env = {"HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
           "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    command = " ".join([f"{k}='{v}'" for k, v in env.items()]
                       + [f"'{binary}'; echo $? > '{exit_file}'; sleep 60"])
    tmux.run("-f", "/dev/null", "new-session", "-d", "-s", "aw", "-x", "80", "-y", "24",
             f"env -i {command}")
    tmux.wait_for(lambda s: "Looking at your OpenClaw setup" in s and pid_file.exists(),
                  "the look, waiting on openclaw --version")
    hung_pid = int(pid_file.read_text())
    tmux.keys("q")
    deadline = time.monotonic() + 5
    while not exit_file.exists() or not exit_file.read_text().strip():
        assert time.monotonic() < deadline, "authwizard waited for the hung openclaw"
        time.sleep(0.05)
    assert exit_file.read_text().strip() == "130"
    with pytest.raises(ProcessLookupError):
        os.kill(hung_pid, 0)


def start_installed(tmux: Tmux, tmp_path: Path, server: ProviderServer,
                    size: tuple[int, int] = (80, 24)) -> tuple[Path, Path]:
    """The installed authwizard in tmux on an empty HOME (JSON-era release named); the shell
    stays after it exits, so what it leaves in the terminal can be read."""
    binary = installed_authwizard()
    if binary is None:
        pytest.skip("authwizard is not installed (pip install -e .)")
    home = tmp_path / "home"
    home.mkdir()
    exit_file = tmp_path / "exit-code"
    env = {
        "HOME": str(home),
        "PATH": f"{Path(binary).parent}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "AUTHWIZARD_ANTHROPIC_BASE_URL": server.api_root("anthropic"),
        "AUTHWIZARD_GENERATION": "G1",
    }
    command = " ".join([f"{k}='{v}'" for k, v in env.items()]
                       + [f"'{binary}'; echo $? > '{exit_file}'; sleep 60"])
    tmux.run("-f", "/dev/null", "new-session", "-d", "-s", "aw", "-x", str(size[0]), "-y",
             str(size[1]), f"env -i {command}")
    return home, exit_file


def no_part_of(secret: str, prefix: str, screens: list[str]) -> None:
    body = secret[len(prefix):]
    runs = {body[i : i + 16] for i in range(len(body) - 15)}
    for screen in screens:
        flat = screen.replace("\n", "")
        assert secret not in flat
        assert not any(run in flat for run in runs), "part of the secret is on screen"


def test_a_token_pasted_into_the_provider_search_goes_to_the_secret_step(
    tmux: Tmux, tmp_path: Path, provider_server: ProviderServer
) -> None:
    _home, _exit = start_installed(tmux, tmp_path, provider_server)
    tmux.wait_for(lambda s: "Set up a model credential" in s and "Start" in s, "Welcome")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Which provider" in s, "Provider")
    tmux.paste(TOKEN)
    tmux.wait_for(lambda s: "Paste your Anthropic setup token" in s
                  and "Claude setup token, 109 chars" in s, "the secret step, the paste in place")
    assert not any("No provider matches" in s for s in tmux.screens)
    no_part_of(TOKEN, "sk-ant-oat01-", tmux.screens)


def test_a_token_typed_into_the_provider_search_goes_to_the_secret_step(
    tmux: Tmux, tmp_path: Path, provider_server: ProviderServer
) -> None:
    """`send-keys` without -l or a paste buffer: the token arrives as key presses (as from a
    terminal without bracketed paste): masked, never echoed, and all of it reaches the secret
    step."""
    _home, _exit = start_installed(tmux, tmp_path, provider_server)
    tmux.wait_for(lambda s: "Set up a model credential" in s and "Start" in s, "Welcome")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Which provider" in s, "Provider")
    tmux.keys(TOKEN)
    tmux.wait_for(lambda s: "Paste your Anthropic setup token" in s
                  and "Claude setup token, 109 chars" in s, "the secret step, every key there")
    assert not any("No provider matches" in s for s in tmux.screens)
    no_part_of(TOKEN, "sk-ant-oat01-", tmux.screens)


def test_a_token_typed_on_the_welcome_runs_none_of_its_keys(
    tmux: Tmux, tmp_path: Path, provider_server: ProviderServer
) -> None:
    """On the Welcome the token's letters are keys (its q would quit and leave the rest of the
    token to the shell): none of them runs, and the token reaches the secret step."""
    assert "q" in TOKEN and "x" in TOKEN
    _home, exit_file = start_installed(tmux, tmp_path, provider_server)
    tmux.wait_for(lambda s: "Set up a model credential" in s and "Start" in s, "Welcome")
    tmux.keys(TOKEN)
    tmux.wait_for(lambda s: "Claude setup token, 109 chars" in s, "the secret step")
    assert not exit_file.exists()
    no_part_of(TOKEN, "sk-ant-oat01-", tmux.screens)


def test_a_summary_stays_in_the_terminal_after_exit(
    tmux: Tmux, tmp_path: Path, provider_server: ProviderServer
) -> None:
    """As `gh auth login` leaves one: what was written where, once the screen is gone."""
    provider_server.add_credential("anthropic", TOKEN)
    home, exit_file = start_installed(tmux, tmp_path, provider_server)
    tmux.wait_for(lambda s: "Set up a model credential" in s and "Start" in s, "Welcome")
    tmux.paste(TOKEN)  # paste first, on the Welcome
    tmux.wait_for(lambda s: "Claude setup token, 109 chars" in s, "the secret step")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Accepted" in s, "the check")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Where should it be saved" in s, "Profile")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Will create" in s, "Review")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Wrote anthropic:default" in s, "Done")
    tmux.keys("Enter")
    after = tmux.wait_for(lambda s: exit_file.exists() and exit_file.read_text().strip() == "0",
                          "the exit")
    lines = [line.rstrip() for line in after.splitlines()]
    assert "✓ Saved anthropic:default for agent main." in lines
    assert "  Created ~/.openclaw/agents/main/agent/auth-profiles.json" in lines
    assert "  Created ~/.openclaw/openclaw.json" in lines
    assert not any(line.startswith("Next:") for line in lines)  # no openclaw on PATH
    assert json.loads((home / ".openclaw" / "openclaw.json").read_text())["auth"]["profiles"]
    no_part_of(TOKEN, "sk-ant-oat01-", tmux.screens)
