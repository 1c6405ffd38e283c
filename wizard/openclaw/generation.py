"""Which OpenClaw storage generation this machine runs (DESIGN §9, openclaw-versions.md).

Evidence, strongest first: ``--generation``; the installed ``openclaw --version``; the config's
``meta.lastTouchedVersion``; the files present. Always explained to the user.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

Generation = Literal["G1", "G2", "G3", "G4"]
GENERATIONS: tuple[Generation, ...] = ("G1", "G2", "G3", "G4")
LATEST_KNOWN = (2026, 9, 6)
DESCRIPTIONS: dict[str, str] = {
    "G1": "JSON files (openclaw.json + auth-profiles.json)",
    "G2": "JSON files, runtime state in auth-state.json",
    "G3": "SQLite store; a JSON store is ignored",
    "G4": "SQLite store; a JSON store blocks the provider until imported",
}
_VERSION = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,3})")


class Detected(NamedTuple):
    generation: Generation
    source: Literal["override", "installed", "config-meta", "files", "none"]
    version: str | None
    binary: str | None  # the openclaw/clawdbot executable found, if any
    warnings: tuple[str, ...] = ()

    @property
    def reads_json(self) -> bool:
        return self.generation in ("G1", "G2")

    @property
    def restart_command(self) -> str:
        """What makes a running gateway pick up new credentials, with the installed CLI's name
        (``clawdbot`` 2026.1.x has the same subcommand)."""
        cli = "clawdbot" if "clawdbot" in Path(self.binary or "").name else "openclaw"
        return f"{cli} gateway restart"

    def explain(self) -> str:
        where = {
            "override": "set with --generation",
            "installed": f"installed {Path(self.binary or 'openclaw').name} {self.version}",
            "config-meta": f"config last written by OpenClaw {self.version}",
            "files": "from the files in the state dir",
            "none": "no OpenClaw found; assuming the JSON files",
        }[self.source]
        return f"{self.generation} — {DESCRIPTIONS[self.generation]} ({where})"

    def as_json(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "source": self.source,
            "version": self.version,
            "binary": self.binary,
            "description": DESCRIPTIONS[self.generation],
            "warnings": list(self.warnings),
        }


def _as_generation(text: str) -> Generation:
    for g in GENERATIONS:
        if g == text:
            return g
    raise ValueError(text)


def parse_version(text: str) -> tuple[int, int, int] | None:
    m = _VERSION.search(text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def generation_of(version: tuple[int, int, int], package: str = "openclaw") -> Generation:
    if package == "clawdbot" or version < (2026, 4, 7):
        return "G1"
    if version < (2026, 6, 5):
        return "G2"
    if version < (2026, 8, 1):
        return "G3"
    return "G4"


def find_openclaw(env: Mapping[str, str], explicit: str | None = None) -> str | None:
    if explicit:
        return explicit
    path = env.get("PATH", "")
    for name in ("openclaw", "clawdbot"):
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


def installed_version(binary: str, env: Mapping[str, str], timeout: float = 60.0) -> str | None:
    """``<binary> --version``. Old releases (2026.1.x) rebuild a transpile cache on their first
    run, which took over 20 s on a loaded 2-core machine: hence the generous timeout. clawdbot
    2026.1.24-3 sometimes prints its version and then does not exit: the first complete line
    with a version is the answer, and the process is stopped there."""
    text = _first_version_output([binary, "--version"], env, timeout)
    v = parse_version(text)
    return ".".join(map(str, v)) if v else None


def _first_version_output(argv: list[str], env: Mapping[str, str], timeout: float) -> str:
    """What ``argv`` prints (stdout and stderr) up to its first complete line naming a version,
    its exit, or ``timeout``; the process (group) is killed if it is still running then."""
    import os
    import selectors
    import subprocess  # only when a binary was found: most runs never start a process
    import time

    from wizard.children import kill, tracked

    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=dict(env), start_new_session=True)
    except OSError:
        return ""
    assert proc.stdout is not None
    out = b""
    deadline = time.monotonic() + timeout
    try:
        with tracked(proc), selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            while (left := deadline - time.monotonic()) > 0 and selector.select(left):
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    break  # it exited (or closed its output)
                out += chunk
                if parse_version(out[: out.rfind(b"\n") + 1].decode("utf-8", "replace")):
                    break
    finally:
        if proc.poll() is None:
            kill(proc)
        proc.wait()
        proc.stdout.close()
    return out.decode("utf-8", "replace")


def from_files(state_dir: Path, agent_dirs: list[Path], config_path: Path) -> Generation | None:
    if (state_dir / "state" / "openclaw.sqlite").exists():
        return "G4"
    if any((d / "openclaw-agent.sqlite").exists() for d in agent_dirs):
        return "G3"
    if any((d / "auth-state.json").exists() for d in agent_dirs):
        return "G2"
    if config_path.name == "clawdbot.json" and config_path.exists():
        return "G1"
    return None


def detect(
    env: Mapping[str, str],
    config: Mapping[str, Any],
    state_dir: Path,
    agent_dirs: list[Path],
    config_path: Path,
    *,
    override: str | None = None,
    openclaw: str | None = None,
) -> Detected:
    if override:
        g = override.upper()
        if g not in GENERATIONS:
            from wizard.errors import UsageError

            raise UsageError(f"--generation {override}: expected one of G1, G2, G3, G4")
        return Detected(_as_generation(g), "override", None, find_openclaw(env, openclaw))
    binary = find_openclaw(env, openclaw)
    if binary:
        version = installed_version(binary, env)
        if version:
            return _from_version(version, "installed", binary, Path(binary).name)
    meta = config.get("meta")
    if isinstance(meta, Mapping) and isinstance(meta.get("lastTouchedVersion"), str):
        v = meta["lastTouchedVersion"]
        if parse_version(v):
            return _from_version(v, "config-meta", binary, "openclaw")
    found = from_files(state_dir, agent_dirs, config_path)
    if found:
        return Detected(found, "files", None, binary)
    return Detected(
        "G1", "none", None, binary,
        ("OpenClaw releases from 2026.6.5 on keep credentials in SQLite: they import these JSON "
         "files only through `openclaw doctor --fix` (or re-run authwizard once OpenClaw is "
         "installed)",),
    )


def _from_version(version: str, source: Any, binary: str | None, package: str) -> Detected:
    parsed = parse_version(version)
    assert parsed is not None
    warnings: tuple[str, ...] = ()
    if parsed > LATEST_KNOWN:
        warnings = (
            f"OpenClaw {version} is newer than the newest release authwizard knows "
            f"({'.'.join(map(str, LATEST_KNOWN))}); treating it as G4",
        )
    pkg = "clawdbot" if "clawdbot" in package else "openclaw"
    return Detected(generation_of(parsed, pkg), source, version, binary, warnings)
