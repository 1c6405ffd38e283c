"""Where OpenClaw keeps its files, resolved exactly as OpenClaw resolves them.

Source: ``src/config/paths.ts``, ``src/agents/agent-paths.ts``, ``src/agents/agent-scope.ts``
(reference/openclaw-formats.md §1). Pure functions of (env, home, config); no file is read
except to test which candidate paths exist.
"""


import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from wizard.core.envpath import expand as _expand
from wizard.core.envpath import first_set as _env

LEGACY_STATE_DIRS = (".clawdbot", ".moltbot", ".moldbot")
CONFIG_NAMES = ("openclaw.json", "clawdbot.json", "moltbot.json", "moldbot.json")
DEFAULT_AGENT_ID = "main"
STORE_NAME = "auth-profiles.json"


def resolve_state_dir(env: Mapping[str, str], home: Path, override: str | None = None) -> Path:
    explicit = override or _env(env, "OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR")
    if explicit:
        return _expand(explicit, home)
    canonical = home / ".openclaw"
    if canonical.exists():
        return canonical
    for name in LEGACY_STATE_DIRS:
        if (home / name).exists():
            return home / name
    return canonical


def _config_folders(
    env: Mapping[str, str], home: Path, state_dir_override: str | None
) -> list[Path]:
    """Where a config file is looked for, in order (without an explicit config path)."""
    state_override = state_dir_override or _env(env, "OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR")
    folders = [_expand(state_override, home)] if state_override else []
    return folders + [home / name for name in (".openclaw", *LEGACY_STATE_DIRS)]


def config_candidates(
    env: Mapping[str, str], home: Path, state_dir_override: str | None = None
) -> list[Path]:
    explicit = _env(env, "OPENCLAW_CONFIG_PATH", "CLAWDBOT_CONFIG_PATH")
    if explicit:
        return [_expand(explicit, home)]
    return [d / n for d in _config_folders(env, home, state_dir_override) for n in CONFIG_NAMES]


def resolve_config_path(
    env: Mapping[str, str],
    home: Path,
    *,
    override: str | None = None,
    state_dir_override: str | None = None,
    state_dir: Path | None = None,
) -> Path:
    """The first existing candidate, else ``<state dir>/openclaw.json`` (``state_dir``: the
    resolved one, when the caller has it already)."""
    explicit = override or _env(env, "OPENCLAW_CONFIG_PATH", "CLAWDBOT_CONFIG_PATH")
    if explicit:
        return _expand(explicit, home)
    for folder in _config_folders(env, home, state_dir_override):
        if folder.is_dir():  # one stat for each folder that is not there, not four
            for name in CONFIG_NAMES:
                if (folder / name).exists():
                    return folder / name
    return (state_dir or resolve_state_dir(env, home, state_dir_override)) / "openclaw.json"


AGENT_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def normalize_agent_id(agent_id: str) -> str:
    slug = agent_id.strip().lower()
    if not AGENT_ID_CHARS.issuperset(slug):  # most ids are already slugs: no regex
        slug = re.sub(r"[^a-z0-9_-]+", "-", slug)
    return slug.strip("-") or DEFAULT_AGENT_ID


def _agents_list(config: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """``agents.list`` (every release), or the keyed ``agents.entries`` of 2026.9 releases."""
    agents = config.get("agents")
    if not isinstance(agents, Mapping):
        return []
    entries = agents.get("list")
    if isinstance(entries, list):
        return [e for e in entries if isinstance(e, Mapping) and isinstance(e.get("id"), str)]
    keyed = agents.get("entries")
    if isinstance(keyed, Mapping):
        return [{**v, "id": k} for k, v in keyed.items() if isinstance(v, Mapping)]
    return []


def _system_agent(config: Mapping[str, Any]) -> str | None:
    agents = config.get("agents")
    defaults = agents.get("defaults") if isinstance(agents, Mapping) else None
    system = defaults.get("systemAgent") if isinstance(defaults, Mapping) else None
    aid = system.get("agentId") if isinstance(system, Mapping) else None
    return aid if isinstance(aid, str) and aid.strip() else None


def default_agent_id(config: Mapping[str, Any]) -> str:
    system = _system_agent(config)
    if system:
        return normalize_agent_id(system)
    entries = _agents_list(config)
    for entry in entries:
        if entry.get("default") is True:
            return normalize_agent_id(entry["id"])
    if entries:
        return normalize_agent_id(entries[0]["id"])
    return DEFAULT_AGENT_ID


def listed_agent_ids(config: Mapping[str, Any]) -> list[str]:
    return [normalize_agent_id(e["id"]) for e in _agents_list(config)]


class OpenClawPaths(NamedTuple):
    """The resolved locations for one run of authwizard."""

    home: Path
    state_dir: Path
    config_path: Path
    env_agent_dir: Path | None  # OPENCLAW_AGENT_DIR / PI_CODING_AGENT_DIR

    @property
    def main_agent_dir(self) -> Path:
        """``resolveOpenClawAgentDir``: the main store other agents inherit from."""
        return self.env_agent_dir or self.state_dir / "agents" / DEFAULT_AGENT_ID / "agent"

    def agent_dir(self, agent_id: str, config: Mapping[str, Any]) -> Path:
        aid = normalize_agent_id(agent_id)
        for entry in _agents_list(config):
            if normalize_agent_id(entry["id"]) == aid:
                configured = entry.get("agentDir")
                if isinstance(configured, str) and configured.strip():
                    return _expand(configured, self.home)
        if aid == DEFAULT_AGENT_ID:
            return self.main_agent_dir
        return self.state_dir / "agents" / aid / "agent"

    def store_path(self, agent_id: str, config: Mapping[str, Any]) -> Path:
        return self.agent_dir(agent_id, config) / STORE_NAME

    def env_file(self) -> Path:
        return self.state_dir / ".env"

    def known_agents(self, config: Mapping[str, Any]) -> list[str]:
        """Every agent OpenClaw knows: the configured list, the default agent, and agent
        folders already on disk under the state dir."""
        ids = listed_agent_ids(config)
        default = default_agent_id(config)
        if default not in ids:
            ids.insert(0, default)
        agents_root = self.state_dir / "agents"
        if agents_root.is_dir():
            for child in sorted(agents_root.iterdir()):
                aid = normalize_agent_id(child.name)
                if (child / "agent").is_dir() and aid not in ids:
                    ids.append(aid)
        return ids


def resolve_clawdbot_paths(
    env: Mapping[str, str],
    home: Path,
    *,
    state_dir: str | None = None,
    config: str | None = None,
) -> OpenClawPaths:
    """Where the ``clawdbot`` CLI (2026.1.x) looks: ``CLAWDBOT_STATE_DIR`` else ``~/.clawdbot``,
    ``CLAWDBOT_CONFIG_PATH`` else ``<state>/clawdbot.json``, agent dir ``CLAWDBOT_AGENT_DIR`` /
    ``PI_CODING_AGENT_DIR`` (its ``config/paths.js``, ``agents/agent-paths.js``). It never reads
    ``OPENCLAW_*`` nor an ``openclaw.json`` (reference/openclaw-versions.md §1, note 3)."""
    sdir = _expand(state_dir or _env(env, "CLAWDBOT_STATE_DIR") or "~/.clawdbot", home)
    explicit = config or _env(env, "CLAWDBOT_CONFIG_PATH")
    cpath = _expand(explicit, home) if explicit else sdir / "clawdbot.json"
    agent_env = _env(env, "CLAWDBOT_AGENT_DIR", "PI_CODING_AGENT_DIR")
    return OpenClawPaths(
        home=home,
        state_dir=sdir,
        config_path=cpath,
        env_agent_dir=_expand(agent_env, home) if agent_env else None,
    )


def resolve_paths(
    env: Mapping[str, str],
    home: Path,
    *,
    state_dir: str | None = None,
    config: str | None = None,
) -> OpenClawPaths:
    sdir = resolve_state_dir(env, home, state_dir)
    cpath = resolve_config_path(env, home, override=config, state_dir_override=state_dir,
                                state_dir=sdir)
    agent_env = _env(env, "OPENCLAW_AGENT_DIR", "PI_CODING_AGENT_DIR")
    return OpenClawPaths(
        home=home,
        state_dir=sdir,
        config_path=cpath,
        env_agent_dir=_expand(agent_env, home) if agent_env else None,
    )
