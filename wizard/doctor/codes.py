"""The catalogue of doctor findings: every code ``authwizard doctor`` can report.

Each code carries its severity (and the other severities some states give it), whether
``doctor --fix`` can repair it where the files say how, the OpenClaw storage generations it
applies to, and a one-line summary. The engine keeps a finding only where its code applies;
``docs/doctor-codes.md`` is written from this table (``python -m wizard.doctor.codes``).
"""


import sys
from enum import Enum
from pathlib import Path
from typing import Literal, NamedTuple

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

GENERATIONS = ("G1", "G2", "G3", "G4")
JSON_ERA = frozenset({"G1", "G2"})  # OpenClaw reads auth-profiles.json
SQLITE_ERA = frozenset({"G3", "G4"})  # OpenClaw keeps credentials in SQLite
EVERY = JSON_ERA | SQLITE_ERA

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "doctor-codes.md"


class Spec(NamedTuple):
    code: str
    severity: Severity
    fixable: bool  # `doctor --fix` repairs it where the files say how
    generations: frozenset[str]
    summary: str
    also: tuple[Severity, ...] = ()  # the severities some states give it instead


class Code(Enum):
    CONFIG_SCHEMA = Spec(
        "config-schema", "error", True, EVERY,
        "an openclaw.json auth profile OpenClaw's strict schema rejects (it refuses to start)")
    CONFIG_ID_MISSING_IN_STORE = Spec(
        "config-id-missing-in-store", "error", True, JSON_ERA,
        "openclaw.json names a profile the agent's store lacks (OpenClaw #2697); a warning "
        "when another profile still works", ("warning",))
    MODE_TYPE_MISMATCH = Spec(
        "mode-type-mismatch", "error", True, JSON_ERA,
        "the config's mode and the store's type differ; a warning for config oauth over a "
        "store token, which OpenClaw tolerates", ("warning",))
    PROVIDER_MISMATCH = Spec(
        "provider-mismatch", "error", True, JSON_ERA,
        "the config and the store name different providers for one id; repaired only when "
        "the secret's prefix proves one side right")
    STORE_ENTRY_DROPPED = Spec(
        "store-entry-dropped", "error", True, JSON_ERA,
        "a store entry OpenClaw drops at load: no or alias type, secret under the wrong key, "
        "no provider, no secret")
    TYPE_CONTRADICTS_SECRET = Spec(
        "type-contradicts-secret", "error", True, JSON_ERA,
        "a setup token stored as api_key, or an API key stored as token")
    STORE_ENTRY_ALIAS = Spec(
        "store-entry-alias", "info", True, JSON_ERA,
        "redundant alias keys beside the real ones; a warning when the entry has only the "
        "aliases and the detected release (2026.2.26+) reads them", ("warning",))
    DANGLING_ORDER = Spec(
        "dangling-order", "warning", True, JSON_ERA,
        "an auth order names profiles that do not exist; an error when no usable profile is "
        "left", ("error",))
    DANGLING_LAST_GOOD = Spec(
        "dangling-last-good", "warning", True, JSON_ERA,
        "lastGood names a profile that is not the provider's; an error when no usable profile "
        "is left", ("error",))
    TOKEN_EXPIRED = Spec(
        "token-expired", "error", False, JSON_ERA,
        "an expired token or refresh-less OAuth login; a warning when another profile still "
        "works", ("warning",))
    DEPRECATED_CLAUDE_CLI = Spec(
        "deprecated-claude-cli", "warning", False, EVERY,
        "a CLI-synced profile OpenClaw stopped syncing in 2026.1.30 and deletes from 2026.8.1 "
        "(in auth-profiles.json only where OpenClaw reads that file)")
    STORE_ONLY_HIDDEN = Spec(
        "store-only-hidden", "warning", False, JSON_ERA,
        "a usable store profile OpenClaw never tries, because a config list or an order "
        "leaves it out")
    NO_USABLE_PROFILE = Spec(
        "no-usable-profile", "error", False, JSON_ERA,
        "an agent has profiles for a provider but none OpenClaw can use")
    ENV_SHADOWS_PROFILE = Spec(
        "env-shadows-profile", "error", False, JSON_ERA,
        "no profile is usable, so OpenClaw silently uses an env var or models.providers apiKey "
        "instead")
    AGENT_LACKS_PROFILE = Spec(
        "agent-lacks-profile", "warning", False, JSON_ERA,
        "the default agent has a usable profile for a provider, another agent has none")
    ENV_DUPLICATES_PROFILE = Spec(
        "env-duplicates-profile", "warning", False, JSON_ERA,
        "an env var holds the same secret as a profile, so a rotation leaves the old one in use")
    ENV_FALLBACK = Spec(
        "env-fallback", "info", False, JSON_ERA,
        "an env var with a different credential, used only when no profile works")
    ENV_ONLY_CREDENTIAL = Spec(
        "env-only-credential", "info", False, JSON_ERA,
        "OpenClaw uses an env var for a provider that has no auth profile")
    FILE_PERMISSIONS = Spec(
        "file-permissions", "warning", True, EVERY,
        "a credential file other users can read (files become 0600, folders 0700)")
    SECRET_REF_UNRESOLVED = Spec(
        "secret-ref-unresolved", "error", False, JSON_ERA,
        "a profile keeps a reference (keyRef/tokenRef) that does not resolve now: a missing "
        "keychain item, a moved or unsafe resolver; a warning for an env variable not set here",
        ("warning",))
    KEYCHAIN_SECRET_IN_PLAINTEXT = Spec(
        "keychain-secret-in-plaintext", "warning", False, JSON_ERA,
        "a secret kept in the OS keychain also lies in plaintext in an agent's store, under "
        "another profile")
    STALE_SECRET_COPIES = Spec(
        "stale-secret-copies", "warning", True, EVERY,
        "a store backup or import archive still holds a secret no profile uses any more "
        "(after a rotation or a removal); --fix overwrites and deletes it. Info, not fixed, "
        "where OpenClaw keeps credentials in SQLite (which secrets are live cannot be seen)",
        ("info",))
    STALE_TEMP_FILE = Spec(
        "stale-temp-file", "warning", True, EVERY,
        "a temp file authwizard left when it was interrupted mid-write (a whole store or "
        "config, secrets included); --fix overwrites and deletes it")
    JSON_STORE_NOT_READ = Spec(
        "json-store-not-read", "error", True, SQLITE_ERA,
        "auth-profiles.json holds profiles, but this OpenClaw keeps credentials in SQLite; "
        "--fix repairs the JSON pair, then has the installed OpenClaw import it")
    IMPORT_DELETES_ONLY_CREDENTIAL = Spec(
        "import-deletes-only-credential", "error", False, frozenset({"G4"}),
        "the legacy store's only credential for a provider is one OpenClaw's import deletes "
        "(the retired anthropic:claude-cli); the wizard imports and sets up a new one")
    IMPORT_ID_CLASH = Spec(
        "import-id-clash", "error", False, SQLITE_ERA,
        "a legacy auth-profiles.json profile has an id OpenClaw's SQLite store already holds: "
        "the import would put the legacy one in the working one's place (an agent inheriting "
        "it) or copy its cooldown onto it, so --fix does not import; info where the import "
        "keeps OpenClaw's and only archives the legacy one", ("info",))
    NO_CREDENTIAL = Spec(
        "no-credential", "error", False, JSON_ERA,
        "nothing is set up: no auth profile and no env var holds a model credential")
    SECRET_SIGN_IN_CODE = Spec(
        "secret-sign-in-code", "error", False, JSON_ERA,
        "a stored secret that is a one-time browser sign-in code (code#state), not a token")
    SECRET_UNUSABLE = Spec(
        "secret-unusable", "error", True, JSON_ERA,
        "a stored secret the provider refuses: cut short, a refresh token, another provider's "
        "key, whitespace inside; --fix puts a good profile of the provider first, never "
        "deleting a secret; a warning when a good profile is tried first", ("warning",))
    CLAUDE_CODE_SESSION = Spec(
        "claude-code-session-token", "error", False, JSON_ERA,
        "a stored token that is Claude Code's own session token, which stops working within "
        "hours")

    @property
    def spec(self) -> Spec:
        spec: Spec = self.value
        return spec

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def severities(self) -> tuple[Severity, ...]:
        return (self.spec.severity, *self.spec.also)

    def applies(self, generation: str) -> bool:
        return generation in self.spec.generations


_BY_CODE = {c.code: c for c in Code}


def by_code(code: str) -> Code:
    return _BY_CODE[code]


def markdown() -> str:
    """``docs/doctor-codes.md``: the catalogue as a table."""
    lines = [
        "# Doctor finding codes",
        "",
        "Every code `authwizard doctor` reports (in `--json`: `findings[].code`). Generated from",
        "`wizard/doctor/codes.py` by `python -m wizard.doctor.codes --write`; do not edit.",
        "",
        "Severity: the usual one first, then the ones some states give the finding instead.",
        "`--fix`: yes when `authwizard doctor --fix` repairs it where the files say how.",
        "Generations: the OpenClaw storage generations (G1–G4) where the finding applies.",
        "",
        "| Code | Severity | --fix | Generations | What it means |",
        "|---|---|---|---|---|",
    ]
    for c in Code:
        s = c.spec
        gens = ", ".join(g for g in GENERATIONS if g in s.generations)
        lines.append(f"| `{s.code}` | {' / '.join(c.severities)} | "
                     f"{'yes' if s.fixable else 'no'} | {gens} | {s.summary} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Print the document; with ``--write``, write it to ``docs/doctor-codes.md``."""
    if argv == ["--write"]:
        DOC_PATH.write_text(markdown(), encoding="utf-8")
        return 0
    if argv:
        sys.stderr.write("usage: python -m wizard.doctor.codes [--write]\n")
        return 2
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
