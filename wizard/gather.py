"""This machine's OpenClaw state read into the doctor's pure input: the files and their modes,
the credentials in environment variables, and how leniently the detected release reads them."""

from __future__ import annotations

import stat
import time
from collections.abc import Mapping
from pathlib import Path

from wizard.core.candidates import Rules, rules_for
from wizard.core.fallbacks import EnvCredential
from wizard.core.snapshot import Snapshot
from wizard.doctor.model import DoctorInput, FileInfo, OpenClawIds, RefCheck, SecretCopy
from wizard.errors import UsageError
from wizard.openclaw.generation import Detected
from wizard.openclaw.store import Located
from wizard.options import Environment, Options
from wizard.spec.releases import parse_version, row


def doctor_input(
    environment: Environment, agents: tuple[str, ...] | None = None,
    now_ms: float | None = None, wait: bool = True,
) -> tuple[Located, DoctorInput]:
    """Read the files, their modes and the env credentials into the doctor's pure input.
    ``agents``: normalised ids to examine (None: every agent); unknown ids are exit 2.
    ``wait``: where a legacy store could clash with OpenClaw's SQLite store, wait for
    OpenClaw's answer (else use it only if it has already come)."""
    from wizard.openclaw.store import read_state

    located = read_state(environment.paths)
    snap = located.snapshot
    unknown = [a for a in agents or () if a not in snap.stores]
    if unknown:
        raise UsageError(
            f"unknown agent(s): {', '.join(unknown)}; OpenClaw knows: "
            f"{', '.join(snap.stores)}", "fix the --agent id")
    return located, DoctorInput(
        snapshot=snap,
        now_ms=time.time() * 1000 if now_ms is None else now_ms,
        files=_file_infos(located),
        env=_env_credentials(environment),
        agents=agents,
        reads_json=environment.detected.reads_json,
        generation=environment.detected.generation,
        rules=release_rules(environment.detected),
        refs=_ref_checks(located, environment),
        copies=secret_copies(located, environment.detected.reads_json),
        claude_session=claude_session(environment),
        openclaw_ids=openclaw_ids(environment, snap, wait),
    )


def openclaw_ids(environment: Environment, snap: Snapshot, wait: bool = True
                 ) -> tuple[OpenClawIds, ...]:
    """G3/G4 with a legacy auth-profiles.json: the ids OpenClaw already holds for those agents
    and for the main agent (whose store they inherit), to judge what its import would do. One
    ``models status`` per agent, all at once (the command's later questions reuse them); an
    agent OpenClaw refuses to answer for is left out (not known)."""
    detected = environment.detected
    legacy = [a for a, st in snap.stores.items() if st.text is not None and st.profiles()]
    if detected.reads_json or not detected.binary or not legacy:
        return ()
    from wizard.errors import FilesError
    from wizard.openclaw.backends.openclaw_cli import CliBackend, reported_profiles

    backend = environment.backend
    if not isinstance(backend, CliBackend):
        return ()
    main = snap.main_agent
    asked = list(dict.fromkeys([*legacy, *([main] if main and main in snap.stores else [])]))
    if wait:
        backend.ask_status(asked)
    out: list[OpenClawIds] = []
    for agent in asked:
        try:
            status = backend.status(agent) if wait else backend.answered(agent)
        except FilesError:
            continue
        if status is not None:
            ids = tuple(sorted({str(p["profileId"]) for p in reported_profiles(status)}))
            out.append(OpenClawIds(agent, ids))
    return tuple(out)


def secret_copies(located: Located, reads_json: bool = True) -> tuple[SecretCopy, ...]:
    """The backups and import archives beside the stores that hold a secret no profile uses
    (where OpenClaw keeps credentials in SQLite: every one that holds a secret, since which are
    live cannot be seen), and the temp files an interrupted write left. Paths and profile ids
    only, never a secret."""
    from wizard.openclaw import leftovers
    from wizard.openclaw.tempfiles import stale_temp_files

    stores = [p for t, p in located.files.items() if t.startswith("store:")]
    dirs = list(dict.fromkeys(p.parent for p in stores))
    live = leftovers.live_secrets(s.data for s in located.snapshot.stores.values()) \
        if reads_json else set()
    found = [SecretCopy(str(x.path), x.kind, x.stale, x.profile_ids)
             for x in leftovers.find(dirs, live)]
    for folder in dict.fromkeys([located.paths.config_path.parent, *dirs]):
        found += [SecretCopy(str(p), "temp-file") for p in stale_temp_files(folder)]
    return tuple(found)


def _ref_checks(located: Located, environment: Environment) -> tuple[RefCheck, ...]:
    if not any(
        isinstance(e, Mapping) and ("keyRef" in e or "tokenRef" in e)
        for store in located.snapshot.stores.values() for e in store.profiles().values()
    ):
        return ()  # the common case costs no import and no process
    from wizard.keychain.check import ref_checks

    return ref_checks(located, environment.env)




def claude_session(environment: Environment) -> tuple[tuple[str, str], ...]:
    """The digest of Claude Code's current access token and the file it is in (the keychain
    item is not read here: a headless command never imports keyring)."""
    from wizard.detect.claude_store import read_credentials_file

    login = read_credentials_file(environment.env, environment.home)
    return tuple((digest, str(login.path)) for which, digest in login.token_digests
                 if which == "access")


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _file_infos(located: Located) -> tuple[FileInfo, ...]:
    from wizard.openclaw.writer import backup_names

    files: list[Path] = [located.paths.config_path, located.paths.env_file()]
    dirs: list[Path] = [located.paths.state_dir]
    for target, path in located.files.items():
        if target.startswith("store:"):
            files += [path, *backup_names(path)]
            dirs.append(path.parent)
    out: list[FileInfo] = []
    for is_dir, paths in ((False, files), (True, dirs)):
        for p in dict.fromkeys(paths):
            m = _mode(p)
            if m is not None and p.is_dir() == is_dir:
                out.append(FileInfo(str(p), m, is_dir))
    return tuple(out)


def _env_credentials(environment: Environment) -> tuple[EnvCredential, ...]:
    from wizard.core.fallbacks import secret_digest
    from wizard.core.status import auth_header
    from wizard.detect.env import ENVIRONMENT, detect_env_vars, normalize_secret, parse_dotenv

    report = detect_env_vars(environment.env, environment.home,
                             state_dir=environment.paths.state_dir)
    files: dict[str, dict[str, str]] = {}
    out = []
    for f in report.findings:
        if f.source == ENVIRONMENT:
            raw = environment.env.get(f.name, "")
        else:
            if f.source not in files:
                try:
                    files[f.source] = parse_dotenv(Path(f.source).read_text("utf-8", "replace"))
                except OSError:
                    files[f.source] = {}
            raw = files[f.source].get(f.name, "")
        value = normalize_secret(raw)
        out.append(EnvCredential(
            name=f.name, provider=f.provider_id, source=f.source, redacted=f.redacted,
            digest=secret_digest(value) if value else "", header=auth_header(f.provider_id, value),
            in_use=f.in_use, wins=f.wins, blank=f.blank,
        ))
    return tuple(out)


def release_rules(detected: Detected) -> Rules:
    """How leniently the detected JSON-era release reads the files (status must predict what
    that release really uses, not what the strictest one would)."""
    version = parse_version(detected.version or "")
    if version is None and detected.reads_json:
        version = row(detected.generation).first  # the earliest release that fits the evidence
    return rules_for(version)


def chosen_agents(opts: Options) -> tuple[str, ...] | None:
    """The normalised ``--agent`` ids (None: every agent)."""
    from wizard.openclaw.paths import normalize_agent_id

    choice = opts.agents_choice()
    if isinstance(choice, list):
        return tuple(dict.fromkeys(normalize_agent_id(a) for a in choice))
    return None


def store_secrets(snap: Snapshot) -> set[str]:
    """Every secret the stores hold (to keep them out of anything shown)."""
    from wizard.core.profiles import entry_secret

    found: set[str] = set()
    for store in snap.stores.values():
        for e in store.profiles().values():
            if isinstance(e, Mapping):
                for v in (entry_secret(e), e.get("refresh"), e.get("refreshToken")):
                    if isinstance(v, str) and v.strip():
                        found.add(v.strip())
            elif isinstance(e, str) and e.strip():
                found.add(e.strip())
    return found


def unknown_release(detected: Detected) -> list[str]:
    """The warning ``status`` and ``doctor`` give when no release could be detected."""
    unknown = detected.unknown_release
    return [f"{unknown}: judged by the strictest rules"] if unknown else []
