"""The backend for the detected OpenClaw release."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.openclaw.backends.json_pair import JsonPairBackend
from wizard.openclaw.backends.protocol import Backend
from wizard.openclaw.generation import Detected
from wizard.openclaw.paths import OpenClawPaths


def make_backend(detected: Detected, paths: OpenClawPaths, env: Mapping[str, str]) -> Backend:
    if detected.reads_json:
        return JsonPairBackend(paths, detected.generation)
    from wizard.openclaw.backends.openclaw_cli import CliBackend  # starts no process on import

    return CliBackend(paths, detected, env)
