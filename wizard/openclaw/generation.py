"""Which OpenClaw storage generation this machine runs.

Evidence, strongest first: ``--generation``; the installed release (its ``package.json``, else
``openclaw --version``); the config's ``meta.lastTouchedVersion``; the files present. Always
explained to the user.
"""


import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from wizard.errors import FilesError
from wizard.spec.releases import (
    GENERATION_ROWS,
    GENERATIONS,
    LATEST_KNOWN,
    SQLITE_STORE,
    Generation,
    generation_of,
    parse_version,
    row,
    show,
)

# Long enough for an old release's first, cold start on a busy machine (2026.1.30 needs ~2.6 s
# on an idle one); short enough that a hung binary costs a command only this much.
PROBE_TIMEOUT = 8.0
MAX_PROBE_OUTPUT = 64 * 1024  # a version line is short: more output than this is not one
NO_EVIDENCE = ("no `openclaw` on PATH, no meta.lastTouchedVersion in the config, "
               "no SQLite store")
Source = Literal["override", "installed", "config-meta", "files", "none", "unanswered"]


class Detected(NamedTuple):
    generation: Generation
    source: Source
    version: str | None
    binary: str | None  # the openclaw/clawdbot executable found, if any
    warnings: tuple[str, ...] = ()
    problem: str | None = None  # why the installed binary gave no version, when it did not
    override_by: str = "--generation"

    @property
    def reads_json(self) -> bool:
        return row(self.generation).reads_json

    @property
    def known(self) -> bool:
        """Whether anything says which release this is; without it nothing is written."""
        return self.source not in ("none", "unanswered")

    @property
    def unknown_release(self) -> str | None:
        """Why the release is unknown (None when it is known)."""
        if self.known:
            return None
        why = self.problem if self.source == "unanswered" else NO_EVIDENCE
        return f"the OpenClaw release is unknown ({why})"

    def require_known(self) -> None:
        """Refuse to write for a release nothing names: which files it reads is not guessed."""
        unknown = self.unknown_release
        if unknown is None:
            return
        first = ("make `" + Path(self.binary or "openclaw").name + " --version` answer (run it "
                 "by hand to see why it does not)" if self.source == "unanswered" else
                 "install OpenClaw (npm install -g openclaw@latest) and run again: authwizard "
                 "then writes through it")
        json_era = ", ".join(r.generation for r in GENERATION_ROWS if r.reads_json)
        last_json = show(max(r.last_known for r in GENERATION_ROWS if r.reads_json))
        raise FilesError(
            f"{unknown}: authwizard does not guess which files it reads (releases from "
            f"{show(SQLITE_STORE.since)} on keep credentials in SQLite and do not use "
            "auth-profiles.json)",
            f"{first}; or, for a release up to {last_json} that reads the JSON files, pass "
            f"--generation with one of {json_era} (or set AUTHWIZARD_GENERATION)",
        )

    @property
    def restart_command(self) -> str:
        """What makes a running gateway pick up new credentials, with the installed CLI's name
        (``clawdbot`` 2026.1.x has the same subcommand)."""
        cli = "clawdbot" if "clawdbot" in Path(self.binary or "").name else "openclaw"
        return f"{cli} gateway restart"

    @property
    def next_step(self) -> str | None:
        """The restart to suggest after a change: only where an OpenClaw is installed to run
        it (without one there is no gateway to restart)."""
        return self.restart_command if self.binary else None

    def explain(self) -> str:
        if self.source == "unanswered":
            return f"release unknown: {self.problem}"
        if self.source == "none":  # nothing is assumed: no write happens without evidence
            return "release unknown: no OpenClaw found"
        where = {
            "override": f"set with {self.override_by}",
            "installed": f"installed {Path(self.binary or 'openclaw').name} {self.version}",
            "config-meta": f"config last written by OpenClaw {self.version}",
            "files": "from the files in the state dir",
        }[self.source]
        return f"{self.generation} — {row(self.generation).description} ({where})"

    def as_json(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "source": self.source,
            "version": self.version,
            "binary": self.binary,
            "description": row(self.generation).description,
            "known": self.known,
            "problem": self.problem,
            "warnings": list(self.warnings),
        }


def _as_generation(text: str) -> Generation:
    for g in GENERATIONS:
        if g == text:
            return g
    raise ValueError(text)


def find_openclaw(env: Mapping[str, str], explicit: str | None = None) -> str | None:
    if explicit:
        return explicit
    path = env.get("PATH", "")
    for name in ("openclaw", "clawdbot"):
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


class Probe(NamedTuple):
    """What ``<binary> --version`` said: the version, or why there is none."""

    version: str | None
    failure: str | None = None


def probe_version(
    binary: str, env: Mapping[str, str], timeout: float = PROBE_TIMEOUT,
    limit: int = MAX_PROBE_OUTPUT,
) -> Probe:
    """``<binary> --version``, bounded in time and in output. clawdbot 2026.1.24-3 sometimes
    prints its version and then does not exit: the first complete line with a version is the
    answer, and the process is stopped there."""
    out, failure = _read_until_version([binary, "--version"], env, timeout, limit)
    v = parse_version(out)
    if v is not None:
        return Probe(show(v))
    return Probe(None, failure or "printed no version number for --version")


def installed_version(
    binary: str, env: Mapping[str, str], timeout: float = PROBE_TIMEOUT
) -> str | None:
    return package_version(binary)[0] or probe_version(binary, env, timeout).version


def package_version(binary: str) -> tuple[str | None, str]:
    """The version in the ``package.json`` of the package ``binary`` runs (no process), and
    the package's name (the binary's own name when there is no manifest)."""
    from wizard.openclaw.package import installed_package

    found = installed_package(binary)
    version = parse_version(found.version) if found is not None else None
    if found is None or version is None:
        return None, Path(binary).name
    return show(version), found.name


def _first_version_output(argv: list[str], env: Mapping[str, str], timeout: float) -> str:
    """What ``argv`` prints (stdout and stderr) up to its first complete line naming a version,
    its exit, or ``timeout``; the process (group) is killed if it is still running then."""
    return _read_until_version(argv, env, timeout, MAX_PROBE_OUTPUT)[0]


def _read_until_version(
    argv: list[str], env: Mapping[str, str], timeout: float, limit: int
) -> tuple[str, str | None]:
    """The output up to the first complete line naming a version, and why it stopped short
    when it did (not started, no answer within ``timeout``, more than ``limit`` bytes)."""
    import os
    import selectors
    import subprocess  # only when a binary was found: most runs never start a process
    import time

    from wizard.children import kill, tracked

    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=dict(env), start_new_session=True)
    except OSError as exc:
        return "", f"could not be run ({exc.strerror})"
    assert proc.stdout is not None
    out = b""
    failure: str | None = None
    deadline = time.monotonic() + timeout
    try:
        with tracked(proc), selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    failure = f"did not answer --version within {timeout:g} s"
                    break
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    break  # it exited (or closed its output)
                end = out.rfind(b"\n") + 1
                out += chunk
                lines = out[end: out.rfind(b"\n") + 1]  # the lines this chunk completed
                if lines and parse_version(lines.decode("utf-8", "replace")):
                    break
                if len(out) > limit:
                    failure = (f"printed more than {limit // 1024} KiB for --version "
                               "without a version number")
                    break
    finally:
        if proc.poll() is None:
            kill(proc)
        proc.wait()
        proc.stdout.close()
    return out.decode("utf-8", "replace"), failure


def from_files(state_dir: Path, agent_dirs: list[Path], config_path: Path) -> Generation | None:
    """The newest generation whose own file is present (its marker in the releases table)."""
    for r in reversed(GENERATION_ROWS):
        where, name = r.marker
        if where == "state" and (state_dir / name).exists():
            return r.generation
        if where == "agent" and any((d / name).exists() for d in agent_dirs):
            return r.generation
        if where == "config" and config_path.name == name and config_path.exists():
            return r.generation
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
    override_by: str = "--generation",
) -> Detected:
    """The release's generation from the strongest evidence there is. An installed binary that
    gives no version is no evidence: it is reported, and never taken for "no OpenClaw"."""
    if override:
        g = override.strip().upper()
        if g not in GENERATIONS:
            from wizard.errors import UsageError

            raise UsageError(f"{override_by} {override}: expected one of "
                             f"{', '.join(GENERATIONS)}")
        return Detected(_as_generation(g), "override", None, find_openclaw(env, openclaw),
                        override_by=override_by)
    binary = find_openclaw(env, openclaw)
    problem: str | None = None
    if binary:
        version, package = package_version(binary)
        if version is not None:
            return _from_version(version, "installed", binary, package)
        probe = probe_version(binary, env)
        if probe.version:
            return _from_version(probe.version, "installed", binary, Path(binary).name)
        problem = f"the installed {Path(binary).name} ({binary}) {probe.failure}"
    unanswered = (problem,) if problem else ()
    meta = config.get("meta")
    if isinstance(meta, Mapping) and isinstance(meta.get("lastTouchedVersion"), str):
        v = meta["lastTouchedVersion"]
        if parse_version(v):
            found_meta = _from_version(v, "config-meta", binary, "openclaw")
            return found_meta._replace(warnings=unanswered + found_meta.warnings,
                                       problem=problem)
    found = from_files(state_dir, agent_dirs, config_path)
    if found:
        return Detected(found, "files", None, binary, unanswered, problem)
    sqlite = show(SQLITE_STORE.since)
    return Detected(
        GENERATIONS[0], "unanswered" if problem else "none", None, binary,
        (f"OpenClaw releases from {sqlite} on keep credentials in SQLite: they import these JSON "
         "files only through `openclaw doctor --fix` (or re-run authwizard once OpenClaw is "
         "installed)",),
        problem,
    )


def _from_version(version: str, source: Source, binary: str | None, package: str) -> Detected:
    parsed = parse_version(version)
    assert parsed is not None
    warnings: tuple[str, ...] = ()
    pkg = "clawdbot" if "clawdbot" in package else "openclaw"
    generation = generation_of(parsed, pkg)
    if parsed > LATEST_KNOWN:
        warnings = (
            f"OpenClaw {version} is newer than the newest release authwizard knows "
            f"({show(LATEST_KNOWN)}); treating it as {generation}",
        )
    return Detected(generation, source, version, binary, warnings)
