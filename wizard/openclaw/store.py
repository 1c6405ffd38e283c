"""Read OpenClaw's auth state from disk into a ``Snapshot`` without losing a byte."""


import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from wizard.core import jsontext
from wizard.core.plan import CONFIG, state_target, store_target
from wizard.core.snapshot import Snapshot, StoreSnapshot, empty_store
from wizard.errors import FilesError
from wizard.openclaw.paths import OpenClawPaths, default_agent_id

STATE_NAME = "auth-state.json"


class Located(NamedTuple):
    """A snapshot plus where each of its files lives on disk."""

    snapshot: Snapshot
    paths: OpenClawPaths
    files: dict[str, Path]  # target ("config", "store:<agent>") → path

    def path_of(self, target: str) -> Path:
        return self.files[target]


def read_text(path: Path) -> str | None:
    """The file's text, None if it does not exist; FilesError (exit 5) if it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise FilesError(f"{path} is a directory, not a file", "move it aside") from None
    except OSError as exc:
        raise FilesError(
            f"cannot read {path}: {exc.strerror}",
            f"check the file's owner and permissions (ls -l {path})",
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise FilesError(
            f"{path}:{line}:{column}: not UTF-8 text (byte {exc.start})",
            f"restore it from {path}.bak or fix the encoding",
        ) from None


def parse_config(path: Path, text: str) -> dict[str, Any]:
    try:
        doc = jsontext.parse(text)
    except jsontext.JSONTextError as exc:
        raise FilesError(
            f"{path}:{exc.line}:{exc.column}: {exc.reason}",
            f"fix the JSON5 syntax at line {exc.line}, column {exc.column} "
            f"(or restore {path.name}.bak); nothing was changed",
        ) from None
    value: dict[str, Any] = doc.value
    return value


def _load_json(path: Path, text: str, fix: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FilesError(
            f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}",
            f"fix the JSON at line {exc.lineno}, column {exc.colno} ({fix}); "
            "nothing was changed",
        ) from None
    except RecursionError:
        data = None
        deep = True
    else:
        deep = jsontext.too_deep(data)
    if deep:
        raise FilesError(
            f"{path}: nested more than {jsontext.MAX_DEPTH} levels deep",
            f"remove the runaway nesting ({fix}); nothing was changed",
        )
    return data


def parse_store(path: Path, text: str) -> dict[str, Any]:
    data = _load_json(path, text, f"or restore {path.name}.bak")
    if not isinstance(data, dict) or not isinstance(data.get("profiles", {}), dict):
        raise FilesError(
            f"{path}: expected an object with a 'profiles' object",
            f"restore {path.name}.bak, or move the file aside and run authwizard again",
        )
    if "profiles" not in data:
        raise FilesError(
            f"{path}: no 'profiles' object (OpenClaw would ignore this store)",
            "run `authwizard doctor` to see what it holds",
        )
    return data


def parse_state(path: Path, text: str) -> dict[str, Any]:
    """auth-state.json (2026.4.7 … 2026.6.1): usage stats, lastGood, order; no credentials."""
    data = _load_json(path, text, "or move the file aside: OpenClaw recreates it")
    if not isinstance(data, dict):
        raise FilesError(f"{path}: expected a JSON object", "move the file aside")
    return data


def read_state(paths: OpenClawPaths, agents: Iterable[str] | None = None) -> Located:
    """Read the config and the store of every known agent (plus any extra ``agents``)."""
    config_text = read_text(paths.config_path)
    config = parse_config(paths.config_path, config_text) if config_text is not None else {}
    known = paths.known_agents(config)
    for extra in agents or ():
        if extra not in known:
            known.append(extra)
    files: dict[str, Path] = {CONFIG: paths.config_path}
    stores: dict[str, StoreSnapshot] = {}
    main_dir = paths.main_agent_dir
    main_agent: str | None = None
    for agent in known:
        spath = paths.store_path(agent, config)
        files[store_target(agent)] = spath
        text = read_text(spath)
        data = parse_store(spath, text) if text is not None else None
        state_path = spath.with_name(STATE_NAME)
        files[state_target(agent)] = state_path
        state_text = read_text(state_path)
        stores[agent] = StoreSnapshot(
            text,
            data if data is not None else empty_store(),
            state_text,
            parse_state(state_path, state_text) if state_text is not None else None,
        )
        if spath.parent == main_dir and main_agent is None:
            main_agent = agent
    snap = Snapshot(config_text, config, stores, default_agent_id(config), main_agent)
    return Located(snap, paths, files)


def file_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None
