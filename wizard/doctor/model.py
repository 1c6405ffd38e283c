"""The doctor's data: what it reads (the snapshot, file modes, env credentials), what it
reports (findings, whose codes :mod:`wizard.doctor.codes` lists) and the changes ``--fix``
makes (actions, applied by :mod:`wizard.doctor.fixes`). Pure.

A finding names what is wrong in plain words and either the exact change ``--fix`` makes
(``auto``, carried as ``actions``) or why there is no single right answer and what to run.
"""


from typing import Any, NamedTuple

from wizard.core.candidates import STRICT, Rules
from wizard.core.fallbacks import EnvCredential
from wizard.core.snapshot import Snapshot
from wizard.doctor.codes import Code, Severity

WIZARD = "authwizard"


# ------------------------------------------------------------------ inputs


class FileInfo(NamedTuple):
    """A file or folder that holds (or leads to) credentials, with its permission bits."""

    path: str
    mode: int
    is_dir: bool = False


class RefCheck(NamedTuple):
    """Whether one profile's SecretRef resolves now, and where its secret still lies in
    plaintext (paths only; the secret never enters the doctor)."""

    agent: str
    profile: str
    source: str  # env | file | exec | store
    ref_id: str
    keychain: bool  # authwizard's own resolver (the OS keychain)
    problem: str | None  # None: it resolves now
    copies: tuple[str, ...] = ()
class SecretCopy(NamedTuple):
    """A file beside a store that holds secrets: a backup, an import archive or a temp file
    authwizard left when interrupted. ``stale``: how many of its secrets no profile uses (on
    SQLite-era releases, how many it holds: which are in use cannot be seen)."""

    path: str
    kind: str  # "backup" | "import-archive" | "temp-file"
    stale: int = 0
    profile_ids: tuple[str, ...] = ()


class OpenClawIds(NamedTuple):
    """The profile ids a SQLite-era OpenClaw reports for one agent (``models status --json``):
    those of the agent's own SQLite store and those it inherits from the main agent's. Ids
    only, never a secret; asked only where a legacy auth-profiles.json could clash with them."""

    agent: str
    ids: tuple[str, ...]


class DoctorInput(NamedTuple):
    snapshot: Snapshot
    now_ms: float
    files: tuple[FileInfo, ...] = ()
    env: tuple[EnvCredential, ...] = ()
    agents: tuple[str, ...] | None = None  # None: every agent
    reads_json: bool = True  # the generation reads the JSON pair (G1, G2); kept in step with it
    generation: str = "G1"  # picks the codes that apply (wizard.doctor.codes)
    rules: Rules = STRICT  # how the installed release reads the files (strictest if unknown)
    refs: tuple[RefCheck, ...] = ()  # every SecretRef profile, checked (wizard.keychain.check)
    copies: tuple[SecretCopy, ...] = ()  # old copies of secrets beside the stores
    # sha256 of Claude Code's current access token, and where it is kept (file or keychain)
    claude_session: tuple[tuple[str, str], ...] = ()
    # G3/G4: what OpenClaw reports per agent where it was asked (an agent missing: not known,
    # e.g. 2026.8.1+ refusing to answer until the legacy store is imported)
    openclaw_ids: tuple[OpenClawIds, ...] = ()


# ------------------------------------------------------------------ actions (what --fix does)


class SetConfig(NamedTuple):
    pid: str
    entry: Any  # None: remove the entry (and its auth.order mentions)


class RenameConfig(NamedTuple):
    old: str
    new: str
    entry: Any


class SetStore(NamedTuple):
    agent: str
    pid: str
    entry: Any


class DropOrderIds(NamedTuple):
    agent: str | None  # None: openclaw.json auth.order
    key: str
    ids: tuple[str, ...]


class FixLastGood(NamedTuple):
    """Point ``lastGood[key]`` at the provider's only usable profile, else remove it."""

    agent: str
    key: str


class PutFirst(NamedTuple):
    """Write the agent's ``order[key]`` so that ``ids`` come first, then the rest of ``after``."""

    agent: str
    key: str
    ids: tuple[str, ...]
    after: tuple[str, ...]


class Chmod(NamedTuple):
    path: str
    mode: int
    is_dir: bool = False


class ImportLegacy(NamedTuple):
    """Have the installed SQLite-era OpenClaw import the agent's legacy auth-profiles.json
    (``openclaw doctor --fix``), after the JSON pair's own repairs."""

    agent: str




class ImportPreview(NamedTuple):
    """What the installed OpenClaw's import would do with one agent's repaired legacy store:
    per profile id, ``usable``, ``dropped`` (nothing usable in it), ``deleted`` (retired) or
    ``kept`` (OpenClaw's own SQLite profile of that id stays; the legacy one is not
    imported)."""

    agent: str
    fates: tuple[tuple[str, str], ...]


class Shred(NamedTuple):
    """Overwrite the file, then delete it (a disk action, like Chmod)."""

    path: str


Action = (SetConfig | RenameConfig | SetStore | DropOrderIds | FixLastGood | PutFirst
          | Chmod | Shred | ImportLegacy)
DISK_ACTIONS = (Chmod, Shred)  # applied to the disk by the caller, not to the state


class Finding(NamedTuple):
    code: str
    severity: Severity
    message: str  # what is wrong and what OpenClaw does with it, in plain words
    fix: str  # the exact change --fix makes (auto), or what to run
    auto: bool
    agent: str | None = None
    provider: str | None = None
    profile: str | None = None
    actions: tuple[Action, ...] = ()
    path: str | None = None  # the file or folder, for file-permissions

    def key(self) -> tuple[str, str | None, str | None, str | None, str | None]:
        return (self.code, self.agent, self.provider, self.profile, self.path)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "severity": self.severity, "agent": self.agent,
            "provider": self.provider, "profile": self.profile, "path": self.path,
            "message": self.message, "fix": self.fix, "auto": self.auto,
        }


def finding(
    code: Code, severity: Severity, message: str, *, fix: str,
    actions: list[Action] | None = None, agent: str | None = None, provider: str | None = None,
    profile: str | None = None, path: str | None = None,
) -> Finding:
    """The catalogue must list the severity, and only a code it marks fixable carries actions."""
    assert severity in code.severities, f"{code.code} is never {severity}"
    assert not actions or code.spec.fixable, f"{code.code} is not fixable"
    acts: list[Action] = []
    for act in actions or ():
        if act not in acts:
            acts.append(act)
    if acts and not fix:
        fix = "rewrite the entry in the form OpenClaw reads"
    return Finding(code.code, severity, message, fix, bool(acts), agent, provider, profile,
                   tuple(acts), path)


SET_UP_AGAIN = f"Run `{WIZARD}` to set the credential up; it writes both files consistently"


def manual(reason: str, then: str = SET_UP_AGAIN) -> str:
    """The fix text of a finding --fix leaves alone: why, then what the user can do."""
    return f"not changed by --fix: {reason}. {then}" if reason else f"not changed by --fix. {then}"
