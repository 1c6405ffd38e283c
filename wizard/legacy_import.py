"""The import of a legacy JSON pair by a SQLite-era OpenClaw, as ``doctor --fix`` runs it after
repairing the pair: a copy of every file the import may change (put back on any failure), a
backup of openclaw.json that OpenClaw's own rotation cannot overwrite, the installed release's
``openclaw doctor --fix --non-interactive``, one ``models status`` per agent to confirm, and the
plaintext archives the import leaves behind. authwizard never touches the SQLite files."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from wizard.core.plan import CONFIG
from wizard.core.snapshot import Snapshot
from wizard.errors import FilesError
from wizard.openclaw.backends.protocol import Backend

CONFIG_BACKUP_SUFFIX = ".authwizard-pre-import.bak"
# The files next to openclaw.json and the stores that OpenClaw's doctor creates or renames.
_WATCHED = ("auth-profiles.json*", "auth-state.json*")
_CONFIG_WATCHED = ("{name}", "{name}.bak*", "{name}" + CONFIG_BACKUP_SUFFIX)


class ImportReport(NamedTuple):
    command: str
    config_backup: Path
    config_changes: tuple[str, ...]  # openclaw.json keys besides auth that OpenClaw changed
    resolved: tuple[str, ...]  # "agent main: anthropic → anthropic:default"
    unresolved: tuple[str, ...]  # providers the legacy store named that OpenClaw does not use
    archives: tuple[str, ...]  # the plaintext copies the import leaves (path, mode)


class Files:
    """The bytes and modes of every watched file, to put back as they were."""

    def __init__(self, folders: Iterable[tuple[Path, tuple[str, ...]]]) -> None:
        self.folders = list(folders)
        self.saved: dict[Path, tuple[bytes, int]] = {}
        for path in self._paths():
            with contextlib.suppress(OSError):
                self.saved[path] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))

    def _paths(self) -> list[Path]:
        out: list[Path] = []
        for folder, patterns in self.folders:
            for pattern in patterns:
                out += [p for p in folder.glob(pattern) if p.is_file() and not p.is_symlink()]
        return sorted(set(out))

    def restore(self) -> None:
        for path in self._paths():
            if path not in self.saved:
                with contextlib.suppress(OSError):
                    path.unlink()
        for path, (data, mode) in self.saved.items():
            with contextlib.suppress(OSError):
                if not path.is_file() or path.read_bytes() != data:
                    write_bytes(path, data, mode)
                os.chmod(path, mode)


def watched(files: Mapping[str, Path], agents: Iterable[str]) -> Files:
    config = files[CONFIG]
    folders: list[tuple[Path, tuple[str, ...]]] = [
        (config.parent, tuple(p.format(name=config.name) for p in _CONFIG_WATCHED))]
    folders += [(files[f"store:{a}"].parent, _WATCHED) for a in agents if f"store:{a}" in files]
    return Files(folders)


def expected_providers(snap: Snapshot, agents: Iterable[str], generation: str
                       ) -> dict[str, list[str]]:
    """Per agent, the providers of the (repaired) legacy profiles the import keeps."""
    from wizard.core.profiles import entry_provider
    from wizard.spec.releases import CLAUDE_CLI_RETIRED, generation_has

    retired = generation_has(generation, CLAUDE_CLI_RETIRED)
    out: dict[str, list[str]] = {}
    for agent in agents:
        found = {entry_provider(e) for pid, e in snap.stores[agent].profiles().items()
                 if isinstance(e, Mapping) and not (retired and pid == "anthropic:claude-cli")}
        out[agent] = sorted(p for p in found if p)
    return out


def back_up_config(config: Path, saved: Files) -> Path:
    """openclaw.json as it was before authwizard's repairs (0600), under a name OpenClaw's
    own ``.bak`` rotation (which 2026.7.35 overwrites) never uses."""
    backup = config.with_name(config.name + CONFIG_BACKUP_SUFFIX)
    data = saved.saved[config][0] if config in saved.saved else config.read_bytes()
    write_bytes(backup, data, 0o600)
    return backup


def write_bytes(path: Path, data: bytes, mode: int) -> None:
    """Replace ``path`` with ``data`` in one rename."""
    from wizard.openclaw.atomic import fsync_dir, owner_of, write_temp

    tmp = write_temp(path, data, owner_of(path))
    try:
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def run_import(backend: Backend, files: Mapping[str, Path],
               expected: Mapping[str, Iterable[str]], saved: Files) -> ImportReport:
    """Run the release's import and confirm it. ``expected``: per agent, the providers the
    repaired legacy store makes usable. On failure the watched files are put back."""
    from wizard.openclaw.backends.openclaw_cli import effective_profiles

    config = files[CONFIG]
    try:
        backup = back_up_config(config, saved)
        done = backend.import_legacy()
    except (FilesError, OSError) as exc:
        saved.restore()
        if isinstance(exc, FilesError):
            raise
        raise FilesError(f"cannot back up {config}: {exc.strerror}",
                         "check the folder's permissions; nothing was changed") from None
    resolved: list[str] = []
    unresolved: list[str] = []
    for agent, providers in expected.items():
        try:
            status = backend.status(agent) or {}
        except FilesError as exc:
            unresolved += [f"agent {agent}: {p} (models status: {exc.message})"
                           for p in sorted(set(providers))]
            continue
        for provider in sorted(set(providers)):
            eff = effective_profiles(status, provider)
            if eff:
                resolved.append(f"agent {agent}: {provider} → {eff[0].get('profileId')}")
            else:
                unresolved.append(f"agent {agent}: {provider}")
    return ImportReport(done.command, backup, tuple(done.config_changes), tuple(resolved),
                        tuple(unresolved), tuple(archives(files, expected)))


def archives(files: Mapping[str, Path], agents: Iterable[str]) -> list[str]:
    """The import archives (plaintext secrets) in the agents' folders, made 0600."""
    from wizard.openclaw.leftovers import find

    folders = [files[f"store:{a}"].parent for a in agents if f"store:{a}" in files]
    out: list[str] = []
    for left in find(folders, set()):
        if left.kind != "import-archive":
            continue
        note = ""
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(left.path.stat().st_mode)
            if mode & 0o077:
                os.chmod(left.path, 0o600)
                note = f", was {mode:04o}, now 0600"
        out.append(f"{left.path} (plaintext copy of {', '.join(left.profile_ids)}{note})")
    return out
