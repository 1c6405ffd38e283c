"""What changed between OpenClaw releases, one row per behaviour, and the storage generations
those changes add up to. Every version decision in authwizard reads this table.

Measured on the published npm packages; each boundary lies between two consecutive releases.
A new generation is one more ``GenerationRow``; a new behaviour one more ``Change``, read
through ``has`` or ``generation_has``.
"""


import re
from typing import Literal, NamedTuple

Version = tuple[int, int, int]
Generation = Literal["G1", "G2", "G3", "G4"]

_VERSION = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,3})")


class Change(NamedTuple):
    """A behaviour OpenClaw has from release ``since`` on (and not before)."""

    since: Version
    what: str


DRIFT_FALLBACK = Change(
    (2026, 2, 21), "when none of the config's profile ids is in the store, the store's own "
    "profiles are used")
STORE_ALIASES = Change(
    (2026, 2, 26), "auth-profiles.json entries may say `mode`/`apiKey` for `type`/`key`")
SECRET_REFS = Change(
    (2026, 2, 26), "a profile may hold a SecretRef (`keyRef`/`tokenRef`) instead of the secret")
AUTH_STATE_FILE = Change(
    (2026, 4, 7), "runtime state (usage, lastGood) moves to auth-state.json")
STDIN_PASTE = Change(
    (2026, 5, 22), "`models auth paste-token` reads a piped secret; `paste-api-key` exists")
SQLITE_STORE = Change(
    (2026, 6, 5), "credentials live in SQLite; auth-profiles.json is ignored until "
    "`openclaw doctor --fix` imports it")
JSON_STORE_FENCE = Change(
    (2026, 8, 1), "an un-imported auth-profiles.json blocks its providers "
    "(AUTH_PROFILE_MIGRATION_REQUIRED)")
CLAUDE_CLI_RETIRED = Change(
    (2026, 8, 1), "`openclaw doctor --fix` deletes an anthropic:claude-cli profile it imports")

CHANGES: tuple[Change, ...] = (
    DRIFT_FALLBACK, STORE_ALIASES, SECRET_REFS, AUTH_STATE_FILE, STDIN_PASTE, SQLITE_STORE,
    JSON_STORE_FENCE, CLAUDE_CLI_RETIRED,
)

OLDEST_KNOWN: Version = (2026, 1, 24)  # clawdbot 2026.1.24-3
LATEST_KNOWN: Version = (2026, 9, 6)


class GenerationRow(NamedTuple):
    generation: Generation
    first: Version  # its first release
    last_known: Version  # its last release measured
    description: str
    json_store: Literal["read", "ignored", "refused"]  # what it does with auth-profiles.json
    marker: tuple[Literal["state", "agent", "config"], str]  # a file only it leaves behind

    @property
    def reads_json(self) -> bool:
        return self.json_store == "read"


GENERATION_ROWS: tuple[GenerationRow, ...] = (
    GenerationRow("G1", OLDEST_KNOWN, (2026, 4, 5),
                  "JSON files (openclaw.json + auth-profiles.json)", "read",
                  ("config", "clawdbot.json")),
    GenerationRow("G2", AUTH_STATE_FILE.since, (2026, 6, 1),
                  "JSON files, runtime state in auth-state.json", "read",
                  ("agent", "auth-state.json")),
    GenerationRow("G3", SQLITE_STORE.since, (2026, 7, 35),
                  "SQLite store; a JSON store is ignored", "ignored",
                  ("agent", "openclaw-agent.sqlite")),
    GenerationRow("G4", JSON_STORE_FENCE.since, LATEST_KNOWN,
                  "SQLite store; a JSON store blocks the provider until imported", "refused",
                  ("state", "state/openclaw.sqlite")),
)
GENERATIONS: tuple[Generation, ...] = tuple(r.generation for r in GENERATION_ROWS)
_BY_NAME: dict[str, GenerationRow] = {r.generation: r for r in GENERATION_ROWS}


def row(generation: str) -> GenerationRow:
    """The table's row for ``generation`` (``KeyError`` for a name it does not have)."""
    return _BY_NAME[generation]


def parse_version(text: str) -> Version | None:
    m = _VERSION.search(text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def show(version: Version) -> str:
    return ".".join(map(str, version))


def has(change: Change, version: Version | None) -> bool:
    """Whether ``version`` behaves so; an unknown version is assumed not to."""
    return version is not None and version >= change.since


def generation_of(version: Version, package: str = "openclaw") -> Generation:
    """The storage generation of a release; ``clawdbot`` (2026.1.x) is always the first one."""
    if package == "clawdbot":
        return GENERATION_ROWS[0].generation
    found = GENERATION_ROWS[0]
    for r in GENERATION_ROWS:
        if version >= r.first:
            found = r
    return found.generation


def generation_has(generation: str, change: Change) -> bool:
    """Whether every release of ``generation`` behaves so."""
    return has(change, row(generation).first)
