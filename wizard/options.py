"""The common command-line options, and what they resolve to on this machine."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from wizard.openclaw.backends.protocol import Backend
    from wizard.openclaw.generation import Detected
    from wizard.openclaw.paths import OpenClawPaths


GENERATION_VARIABLE = "AUTHWIZARD_GENERATION"  # the same as --generation, for scripts


class Options(NamedTuple):
    state_dir: str | None = None
    config: str | None = None
    agents: list[str] | None = None
    dry_run: bool = False
    no_validate: bool = False
    probe: bool = False  # also send one test message after the free check
    json: bool = False
    generation: str | None = None
    openclaw: str | None = None
    import_legacy: bool = False  # --replay: have OpenClaw import a legacy JSON store first

    def agents_choice(self) -> list[str] | Literal["all"] | None:
        if not self.agents:
            return None
        return "all" if "all" in self.agents else list(self.agents)


class Environment(NamedTuple):
    """Everything resolved once per run: env, home, paths, generation, the backend."""

    env: Mapping[str, str]
    home: Path
    paths: OpenClawPaths
    detected: Detected
    backend: Backend


def home_of(env: Mapping[str, str]) -> Path:
    for name in ("OPENCLAW_HOME", "HOME"):
        value = env.get(name, "").strip()
        if value:
            return Path(value).expanduser()
    return Path.home()


def resolve_environment(opts: Options, env: Mapping[str, str] | None = None) -> Environment:
    from wizard.openclaw.backends.choose import make_backend
    from wizard.openclaw.generation import detect
    from wizard.openclaw.paths import resolve_paths
    from wizard.openclaw.store import parse_config, read_text

    env = dict(os.environ if env is None else env)
    home = home_of(env)
    paths = resolve_paths(env, home, state_dir=opts.state_dir, config=opts.config)
    text = read_text(paths.config_path)
    config = parse_config(paths.config_path, text) if text is not None else {}
    agent_dirs = [paths.agent_dir(a, config) for a in paths.known_agents(config)]
    override, override_by = opts.generation, "--generation"
    if not override and env.get(GENERATION_VARIABLE, "").strip():
        override, override_by = env[GENERATION_VARIABLE], GENERATION_VARIABLE
    detected = detect(
        env, config, paths.state_dir, agent_dirs, paths.config_path,
        override=override, openclaw=opts.openclaw, override_by=override_by,
    )
    if detected.source == "installed" and "clawdbot" in Path(detected.binary or "").name:
        # The installed CLI is clawdbot: it reads only its own state dir and clawdbot.json.
        from wizard.openclaw.paths import resolve_clawdbot_paths

        paths = resolve_clawdbot_paths(env, home, state_dir=opts.state_dir, config=opts.config)
    return Environment(env, home, paths, detected, make_backend(detected, paths, env))
