"""`python -m tests.provider_server --help` says which fake credentials it accepts, whole, and
how to point the wizard at it: what the README's "Try it offline" relies on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.provider_server import PRELOADED

ROOT = Path(__file__).resolve().parents[1]


def test_help_prints_the_accepted_fake_credentials() -> None:
    run = subprocess.run([sys.executable, "-m", "tests.provider_server", "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=30, check=True)
    for route, secret, state in PRELOADED:
        assert any(route in line and state in line and secret in line
                   for line in run.stdout.splitlines()), (route, state)
    assert "AUTHWIZARD_ANTHROPIC_BASE_URL=http://127.0.0.1:8787/anthropic" in run.stdout


def test_the_readme_shows_how() -> None:
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("###", 1)[0]
    assert "From a checkout of this repository" in quick  # there is no URL to clone from
    assert "<" not in quick and "git clone" not in quick, "a placeholder in the quick start"
    assert ".venv/bin/pip install ." in quick and ".venv/bin/authwizard" in quick
    assert "python -m tests.provider_server --help" in readme
    for screen in ("Welcome", "Provider", "Method", "Secret", "Verify", "Profile", "Review",
                   "Done"):
        assert f"| {screen} |" in readme, screen
