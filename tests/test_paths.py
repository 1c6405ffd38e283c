"""Path resolution exactly as OpenClaw does it (reference/openclaw-formats.md §1)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from wizard.openclaw.paths import (
    config_candidates,
    default_agent_id,
    normalize_agent_id,
    resolve_config_path,
    resolve_paths,
    resolve_state_dir,
)


def _mkfile(path: Path, text: str = "{}\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# ---------------------------------------------------------------- state dir


def test_state_dir_openclaw_env(tmp_path: Path) -> None:
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "custom")}
    assert resolve_state_dir(env, tmp_path) == tmp_path / "custom"


def test_state_dir_clawdbot_env(tmp_path: Path) -> None:
    env = {"CLAWDBOT_STATE_DIR": str(tmp_path / "legacy-env")}
    assert resolve_state_dir(env, tmp_path) == tmp_path / "legacy-env"


def test_state_dir_openclaw_env_beats_clawdbot_env(tmp_path: Path) -> None:
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "a"), "CLAWDBOT_STATE_DIR": str(tmp_path / "b")}
    assert resolve_state_dir(env, tmp_path) == tmp_path / "a"


def test_state_dir_blank_openclaw_env_falls_back_to_clawdbot(tmp_path: Path) -> None:
    env = {"OPENCLAW_STATE_DIR": "   ", "CLAWDBOT_STATE_DIR": str(tmp_path / "b")}
    assert resolve_state_dir(env, tmp_path) == tmp_path / "b"


def test_state_dir_env_tilde_expanded(tmp_path: Path) -> None:
    assert resolve_state_dir({"OPENCLAW_STATE_DIR": "~/oc-state"}, tmp_path) == (
        tmp_path / "oc-state"
    )
    assert resolve_state_dir({"CLAWDBOT_STATE_DIR": "~"}, tmp_path) == tmp_path


def test_state_dir_env_whitespace_trimmed(tmp_path: Path) -> None:
    env = {"OPENCLAW_STATE_DIR": f"  {tmp_path / 'trim'}\n"}
    assert resolve_state_dir(env, tmp_path) == tmp_path / "trim"
    assert resolve_state_dir({"OPENCLAW_STATE_DIR": "  ~/x  "}, tmp_path) == tmp_path / "x"


def test_state_dir_env_wins_even_when_openclaw_dir_exists(tmp_path: Path) -> None:
    (tmp_path / ".openclaw").mkdir()
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "other")}
    assert resolve_state_dir(env, tmp_path) == tmp_path / "other"


def test_state_dir_existing_openclaw_preferred_over_legacy(tmp_path: Path) -> None:
    for name in (".openclaw", ".clawdbot", ".moltbot"):
        (tmp_path / name).mkdir()
    assert resolve_state_dir({}, tmp_path) == tmp_path / ".openclaw"


def test_state_dir_legacy_clawdbot_when_openclaw_absent(tmp_path: Path) -> None:
    (tmp_path / ".clawdbot").mkdir()
    (tmp_path / ".moltbot").mkdir()
    assert resolve_state_dir({}, tmp_path) == tmp_path / ".clawdbot"


def test_state_dir_legacy_moltbot_when_only_it_exists(tmp_path: Path) -> None:
    (tmp_path / ".moltbot").mkdir()
    assert resolve_state_dir({}, tmp_path) == tmp_path / ".moltbot"


def test_state_dir_default_when_nothing_exists(tmp_path: Path) -> None:
    assert resolve_state_dir({}, tmp_path) == tmp_path / ".openclaw"


def test_state_dir_override_argument_beats_env(tmp_path: Path) -> None:
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "env")}
    assert resolve_state_dir(env, tmp_path, str(tmp_path / "flag")) == tmp_path / "flag"
    assert resolve_state_dir(env, tmp_path, "~/flag2") == tmp_path / "flag2"


# ---------------------------------------------------------------- config path


def test_config_openclaw_config_path_env(tmp_path: Path) -> None:
    env = {"OPENCLAW_CONFIG_PATH": str(tmp_path / "x" / "my.json")}
    assert resolve_config_path(env, tmp_path) == tmp_path / "x" / "my.json"
    # only the explicit path is a candidate, even when it does not exist
    assert config_candidates(env, tmp_path) == [tmp_path / "x" / "my.json"]


def test_config_clawdbot_config_path_env(tmp_path: Path) -> None:
    env = {"CLAWDBOT_CONFIG_PATH": "~/cb.json"}
    assert resolve_config_path(env, tmp_path) == tmp_path / "cb.json"


def test_config_openclaw_config_path_beats_clawdbot(tmp_path: Path) -> None:
    env = {"OPENCLAW_CONFIG_PATH": " ~/a.json ", "CLAWDBOT_CONFIG_PATH": "~/b.json"}
    assert resolve_config_path(env, tmp_path) == tmp_path / "a.json"


def test_config_explicit_env_beats_existing_files(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".openclaw" / "openclaw.json")
    env = {"OPENCLAW_CONFIG_PATH": str(tmp_path / "elsewhere.json")}
    assert resolve_config_path(env, tmp_path) == tmp_path / "elsewhere.json"


def test_config_clawdbot_json_found_in_clawdbot_dir(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".clawdbot" / "clawdbot.json")
    assert resolve_config_path({}, tmp_path) == tmp_path / ".clawdbot" / "clawdbot.json"
    paths = resolve_paths({}, tmp_path)
    assert paths.state_dir == tmp_path / ".clawdbot"
    assert paths.config_path == tmp_path / ".clawdbot" / "clawdbot.json"


def test_config_moltbot_json_found(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".moltbot" / "moltbot.json")
    assert resolve_config_path({}, tmp_path) == tmp_path / ".moltbot" / "moltbot.json"


def test_config_legacy_name_inside_openclaw_dir(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".openclaw" / "clawdbot.json")
    assert resolve_config_path({}, tmp_path) == tmp_path / ".openclaw" / "clawdbot.json"


def test_config_first_existing_wins(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".openclaw" / "moltbot.json")
    _mkfile(tmp_path / ".openclaw" / "clawdbot.json")
    _mkfile(tmp_path / ".clawdbot" / "openclaw.json")
    # within a dir: openclaw.json, then clawdbot.json, moltbot.json …; dirs: .openclaw first
    assert resolve_config_path({}, tmp_path) == tmp_path / ".openclaw" / "clawdbot.json"
    _mkfile(tmp_path / ".openclaw" / "openclaw.json")
    assert resolve_config_path({}, tmp_path) == tmp_path / ".openclaw" / "openclaw.json"


def test_config_openclaw_dir_searched_before_legacy_dirs(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".clawdbot" / "clawdbot.json")
    _mkfile(tmp_path / ".openclaw" / "moltbot.json")
    assert resolve_config_path({}, tmp_path) == tmp_path / ".openclaw" / "moltbot.json"


def test_config_found_after_missing_folders(tmp_path: Path) -> None:
    # ~/.openclaw and ~/.clawdbot missing, ~/.moltbot holding the last of its four names
    found = _mkfile(tmp_path / ".moltbot" / "moldbot.json")
    assert resolve_config_path({}, tmp_path) == found


def test_config_candidate_order(tmp_path: Path) -> None:
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "sd")}
    cands = config_candidates(env, tmp_path)
    assert cands[:4] == [
        tmp_path / "sd" / n
        for n in ("openclaw.json", "clawdbot.json", "moltbot.json", "moldbot.json")
    ]
    assert cands[4] == tmp_path / ".openclaw" / "openclaw.json"
    assert tmp_path / ".clawdbot" / "clawdbot.json" in cands
    assert tmp_path / ".moltbot" / "moltbot.json" in cands
    assert cands.index(tmp_path / ".openclaw" / "moldbot.json") < cands.index(
        tmp_path / ".clawdbot" / "openclaw.json"
    )


def test_config_state_dir_override_searched_first(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".openclaw" / "openclaw.json")
    _mkfile(tmp_path / "sd" / "clawdbot.json")
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "sd")}
    assert resolve_config_path(env, tmp_path) == tmp_path / "sd" / "clawdbot.json"
    assert resolve_config_path(
        {}, tmp_path, state_dir_override=str(tmp_path / "sd")
    ) == tmp_path / "sd" / "clawdbot.json"


def test_config_state_dir_override_without_config_falls_through(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".openclaw" / "openclaw.json")
    (tmp_path / "sd").mkdir()
    env = {"CLAWDBOT_STATE_DIR": str(tmp_path / "sd")}
    assert resolve_config_path(env, tmp_path) == tmp_path / ".openclaw" / "openclaw.json"


def test_config_default_is_canonical_in_state_dir(tmp_path: Path) -> None:
    assert resolve_config_path({}, tmp_path) == tmp_path / ".openclaw" / "openclaw.json"
    (tmp_path / ".moltbot").mkdir()  # a legacy dir without any config
    assert resolve_config_path({}, tmp_path) == tmp_path / ".moltbot" / "openclaw.json"
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "sd")}
    assert resolve_config_path(env, tmp_path) == tmp_path / "sd" / "openclaw.json"


def test_config_override_argument_beats_env(tmp_path: Path) -> None:
    _mkfile(tmp_path / ".openclaw" / "openclaw.json")
    env = {"OPENCLAW_CONFIG_PATH": str(tmp_path / "env.json")}
    assert resolve_config_path(env, tmp_path, override="~/flag.json") == tmp_path / "flag.json"
    paths = resolve_paths(env, tmp_path, config=str(tmp_path / "flag.json"))
    assert paths.config_path == tmp_path / "flag.json"


def test_resolve_paths_state_dir_argument_beats_env(tmp_path: Path) -> None:
    _mkfile(tmp_path / "env-sd" / "openclaw.json")
    _mkfile(tmp_path / "flag-sd" / "openclaw.json")
    env = {"OPENCLAW_STATE_DIR": str(tmp_path / "env-sd")}
    paths = resolve_paths(env, tmp_path, state_dir=str(tmp_path / "flag-sd"))
    assert paths.state_dir == tmp_path / "flag-sd"
    assert paths.config_path == tmp_path / "flag-sd" / "openclaw.json"
    assert paths.main_agent_dir == tmp_path / "flag-sd" / "agents" / "main" / "agent"
    assert paths.store_path("main", {}) == (
        tmp_path / "flag-sd" / "agents" / "main" / "agent" / "auth-profiles.json"
    )


# ---------------------------------------------------------------- agent dirs


def test_main_agent_dir_default(tmp_path: Path) -> None:
    paths = resolve_paths({}, tmp_path)
    assert paths.env_agent_dir is None
    assert paths.main_agent_dir == tmp_path / ".openclaw" / "agents" / "main" / "agent"
    assert paths.agent_dir("main", {}) == paths.main_agent_dir
    assert paths.store_path("main", {}).name == "auth-profiles.json"


def test_openclaw_agent_dir_env_for_main(tmp_path: Path) -> None:
    env = {"OPENCLAW_AGENT_DIR": str(tmp_path / "agentdir")}
    paths = resolve_paths(env, tmp_path)
    assert paths.main_agent_dir == tmp_path / "agentdir"
    assert paths.store_path("main", {}) == tmp_path / "agentdir" / "auth-profiles.json"
    # other agents are not moved by the env var
    assert paths.agent_dir("work", {}) == tmp_path / ".openclaw" / "agents" / "work" / "agent"


def test_pi_coding_agent_dir_env_for_main(tmp_path: Path) -> None:
    paths = resolve_paths({"PI_CODING_AGENT_DIR": "~/pi"}, tmp_path)
    assert paths.main_agent_dir == tmp_path / "pi"
    assert paths.agent_dir("main", {}) == tmp_path / "pi"


def test_openclaw_agent_dir_beats_pi_coding_agent_dir(tmp_path: Path) -> None:
    env = {"OPENCLAW_AGENT_DIR": " ~/oc ", "PI_CODING_AGENT_DIR": "~/pi"}
    assert resolve_paths(env, tmp_path).main_agent_dir == tmp_path / "oc"


def test_agents_list_agent_dir(tmp_path: Path) -> None:
    config: dict[str, Any] = {
        "agents": {
            "list": [
                {"id": "main"},
                {"id": "work", "agentDir": "~/work-agent"},
                {"id": "abs", "agentDir": str(tmp_path / "abs-agent")},
                {"id": "blank", "agentDir": "   "},
            ]
        }
    }
    paths = resolve_paths({}, tmp_path)
    assert paths.agent_dir("work", config) == tmp_path / "work-agent"
    assert paths.store_path("work", config) == tmp_path / "work-agent" / "auth-profiles.json"
    assert paths.agent_dir("abs", config) == tmp_path / "abs-agent"
    assert paths.agent_dir("blank", config) == (
        tmp_path / ".openclaw" / "agents" / "blank" / "agent"
    )
    assert paths.agent_dir("other", config) == (
        tmp_path / ".openclaw" / "agents" / "other" / "agent"
    )


def test_agents_list_agent_dir_beats_env_for_main(tmp_path: Path) -> None:
    config = {"agents": {"list": [{"id": "main", "agentDir": "~/cfg-main"}]}}
    paths = resolve_paths({"OPENCLAW_AGENT_DIR": str(tmp_path / "env")}, tmp_path)
    assert paths.agent_dir("main", config) == tmp_path / "cfg-main"


def test_agent_ids_normalised(tmp_path: Path) -> None:
    config = {"agents": {"list": [{"id": "Work", "agentDir": "~/w"}]}}
    paths = resolve_paths({}, tmp_path)
    assert paths.agent_dir("work", config) == tmp_path / "w"
    assert paths.agent_dir("WORK", config) == tmp_path / "w"
    assert paths.agent_dir("My Agent", {}) == (
        tmp_path / ".openclaw" / "agents" / "my-agent" / "agent"
    )


def _openclaw_normalize(agent_id: str) -> str:
    """``normalizeAgentId`` as OpenClaw writes it: one regex, then trim dashes, else main."""
    return re.sub(r"[^a-z0-9_-]+", "-", agent_id.strip().lower()).strip("-") or "main"


@given(st.one_of(st.text(), st.from_regex(r"[a-z0-9_-]{1,12}", fullmatch=True),
                 st.text(alphabet="AbZ -_.é9İß\t", max_size=12)))
def test_agent_id_normalised_as_openclaw_does(agent_id: str) -> None:
    assert normalize_agent_id(agent_id) == _openclaw_normalize(agent_id)


def test_default_agent_marked_default() -> None:
    config = {"agents": {"list": [{"id": "a"}, {"id": "b", "default": True}, {"id": "c"}]}}
    assert default_agent_id(config) == "b"


def test_default_agent_first_listed() -> None:
    assert default_agent_id({"agents": {"list": [{"id": "first"}, {"id": "second"}]}}) == "first"


def test_default_agent_main_when_no_list() -> None:
    assert default_agent_id({}) == "main"
    assert default_agent_id({"agents": {}}) == "main"
    assert default_agent_id({"agents": {"list": []}}) == "main"
    assert default_agent_id({"agents": {"list": [{"name": "no id"}]}}) == "main"


def test_default_agent_default_must_be_true() -> None:
    config = {"agents": {"list": [{"id": "a"}, {"id": "b", "default": "yes"}]}}
    assert default_agent_id(config) == "a"


def test_known_agents_default_only(tmp_path: Path) -> None:
    paths = resolve_paths({}, tmp_path)
    assert paths.known_agents({}) == ["main"]


def test_known_agents_list_and_disk_folders(tmp_path: Path) -> None:
    state = tmp_path / ".openclaw"
    (state / "agents" / "main" / "agent").mkdir(parents=True)
    (state / "agents" / "ondisk" / "agent").mkdir(parents=True)
    (state / "agents" / "noagentsub").mkdir(parents=True)  # no agent/ inside: not an agent
    (state / "agents" / "listed" / "agent").mkdir(parents=True)
    paths = resolve_paths({}, tmp_path)
    config = {"agents": {"list": [{"id": "listed"}, {"id": "work", "default": True}]}}
    known = paths.known_agents(config)
    assert known[:2] == ["listed", "work"]
    assert set(known) == {"listed", "work", "main", "ondisk"}
    assert len(known) == len(set(known))
    assert "noagentsub" not in known


def test_known_agents_default_inserted_first(tmp_path: Path) -> None:
    paths = resolve_paths({}, tmp_path)
    config = {"agents": {"list": [{"id": "x", "default": True}]}}
    assert paths.known_agents(config) == ["x"]
    (tmp_path / ".openclaw" / "agents" / "main" / "agent").mkdir(parents=True)
    assert paths.known_agents(config) == ["x", "main"]
    assert paths.known_agents({}) == ["main"]


def test_keyed_agents_entries_of_2026_9_releases(tmp_path: Path) -> None:
    """OpenClaw 2026.9 writes agents as ``agents.entries.<id>``, default in
    ``agents.defaults.systemAgent.agentId`` (tests/compat/OBSERVED.md)."""
    config = {
        "agents": {
            "defaults": {"systemAgent": {"agentId": "main"}},
            "entries": {
                "main": {"workspace": "~/ws"},
                "work": {"agentDir": "~/elsewhere/work/agent"},
            },
        }
    }
    paths = resolve_paths({}, tmp_path)
    assert default_agent_id(config) == "main"
    assert paths.known_agents(config)[:2] == ["main", "work"]
    assert paths.agent_dir("work", config) == tmp_path / "elsewhere" / "work" / "agent"
    assert default_agent_id({"agents": {"entries": {"solo": {}}}}) == "solo"
