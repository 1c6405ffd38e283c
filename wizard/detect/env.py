"""Provider credentials OpenClaw would pick up from environment variables.

OpenClaw reads a provider's env vars in registry order (first non-blank wins, see
``resolveEnvApiKey`` in ``src/agents/model-auth.ts``) from ``process.env`` after
``loadDotEnv`` has merged ``<cwd>/.env`` and then ``<stateDir>/.env`` into it **without overriding**
variables that already exist (``src/infra/dotenv.ts``; reference/openclaw-formats.md §1, §8).
So a variable set in the environment — even to an empty string — hides the same name in a
``.env`` file, and an earlier ``.env`` hides a later one.

Values never leave this module: every finding carries only the redacted form.
"""


import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal, NamedTuple

from wizard.core.envpath import env_path
from wizard.core.paste import redact as paste_redact
from wizard.spec.registry import PROVIDERS

ENVIRONMENT = "environment"
ENV_FILE_NAME = ".env"
MAX_ENV_FILE_BYTES = 1 << 20

EnvKind = Literal["token", "key"]

# ---------------------------------------------------------------------------------------------
# Redaction


def redact(value: str) -> str:
    """The project's one redaction (``wizard.core.paste.redact``); ``(empty)`` for a blank."""
    value = value.strip()
    return paste_redact(value) if value else "(empty)"


# ---------------------------------------------------------------------------------------------
# OpenClaw's view of a secret value and of a .env file

_JS_TRIM = " \t\n\v\f\r\xa0"


def normalize_secret(value: str) -> str:
    """OpenClaw's ``normalizeSecretInput``: drop line breaks and non-Latin-1 characters, trim."""
    collapsed = re.sub("[\r\n\u2028\u2029]+", "", value)
    return "".join(c for c in collapsed if ord(c) <= 0xFF).strip(_JS_TRIM)


# The ``dotenv`` package's LINE expression (v16/v17 ``lib/main.js``), ported verbatim.
_DOTENV_LINE = re.compile(
    r"(?:^|^)\s*(?:export\s+)?([A-Za-z0-9_.-]+)(?:\s*=\s*?|:\s+?)"
    r"(\s*'(?:\\'|[^'])*'|\s*\"(?:\\\"|[^\"])*\"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?"
    r"\s*(?:#.*)?(?:$|$)",
    re.MULTILINE,
)
_DOTENV_QUOTES = re.compile(r"^(['\"`])([\s\S]*)\1$", re.MULTILINE)


def parse_dotenv(text: str) -> dict[str, str]:
    """Parse a ``.env`` file exactly as the ``dotenv`` npm package OpenClaw uses does.

    ``NAME=value``, optional ``export``, ``NAME: value``, single/double/back quotes (double
    quotes expand ``\\n``), ``#`` comments (an unquoted value ends at the first ``#``);
    the last assignment of a name wins.
    """
    text = re.sub(r"\r\n?", "\n", text)
    out: dict[str, str] = {}
    for match in _DOTENV_LINE.finditer(text):
        key = match.group(1)
        value = (match.group(2) or "").strip()
        quote = value[:1]
        value = _DOTENV_QUOTES.sub(r"\2", value)
        if quote == '"':
            value = value.replace("\\n", "\n").replace("\\r", "\r")
        out[key] = value
    return out


# ---------------------------------------------------------------------------------------------
# Where the .env file is


def env_file_dir(env: Mapping[str, str], home: Path) -> Path:
    """OpenClaw's ``resolveConfigDir``: ``OPENCLAW_STATE_DIR``/``CLAWDBOT_STATE_DIR`` else
    ``~/.openclaw`` (no legacy-directory fallback here, unlike ``resolveStateDir``)."""
    explicit = env_path(env, home, "OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR")
    if explicit is not None:
        return explicit
    return home / ".openclaw"


# ---------------------------------------------------------------------------------------------
# Findings


class EnvFile(NamedTuple):
    """One ``.env`` file OpenClaw would load, in load order."""

    path: Path
    exists: bool
    names: tuple[str, ...] = ()  # every name it assigns (not only provider vars)
    note: str = ""  # why it could not be read, if it could not


class EnvVarFinding(NamedTuple):
    """One provider env var found in one place. Never holds the value itself."""

    name: str
    provider_id: str
    source: str  # "environment" or the .env file's path
    redacted: str
    kind: EnvKind  # "token" for token_env_vars (OAuth/setup tokens), else "key"
    blank: bool  # empty after OpenClaw's normalisation: OpenClaw skips it
    wins: bool  # this source's value is the one OpenClaw ends up with for this name
    shadowed_by: str | None  # the source that wins instead, when ``wins`` is False
    in_use: bool  # wins, is not blank, and is the provider's first non-blank candidate

    @property
    def is_token(self) -> bool:
        return self.kind == "token"


class EnvReport(NamedTuple):
    findings: tuple[EnvVarFinding, ...]
    env_files: tuple[EnvFile, ...]

    def for_provider(self, provider_id: str) -> tuple[EnvVarFinding, ...]:
        return tuple(f for f in self.findings if f.provider_id == provider_id)

    def in_use(self, provider_id: str) -> EnvVarFinding | None:
        """The env var OpenClaw would use for the provider (when no profile resolves)."""
        return next((f for f in self.for_provider(provider_id) if f.in_use), None)


def _read_env_file(path: Path) -> tuple[EnvFile, dict[str, str]]:
    try:
        if not path.is_file():
            if path.exists():
                return EnvFile(path, True, note=f"{path} is not a regular file"), {}
            return EnvFile(path, False), {}
        with path.open("rb") as fh:
            data = fh.read(MAX_ENV_FILE_BYTES + 1)
    except OSError as exc:
        return EnvFile(
            path, True, note=f"cannot read {path}: {exc.strerror or type(exc).__name__}"
        ), {}
    if len(data) > MAX_ENV_FILE_BYTES:
        return EnvFile(path, True, note=f"{path} is larger than 1 MiB; not read"), {}
    parsed = parse_dotenv(data.decode("utf-8", errors="replace"))
    return EnvFile(path, True, names=tuple(parsed)), parsed


def _provider_vars() -> Iterable[tuple[str, str, EnvKind]]:
    for provider in PROVIDERS.values():
        for name in provider.env_vars:
            kind: EnvKind = "token" if name in provider.token_env_vars else "key"
            yield provider.id, name, kind


def detect_env_vars(
    env: Mapping[str, str],
    home: Path,
    *,
    state_dir: Path | None = None,
    cwd: Path | None = None,
) -> EnvReport:
    """Every provider env var OpenClaw would see, from ``env`` and the ``.env`` files.

    ``state_dir`` defaults to OpenClaw's config dir (:func:`env_file_dir`). ``cwd``, when given,
    adds ``<cwd>/.env``, which OpenClaw loads first (dotenv's default) when started there.
    """
    paths: list[Path] = []
    if cwd is not None:
        paths.append(cwd / ENV_FILE_NAME)
    state_env = (state_dir if state_dir is not None else env_file_dir(env, home)) / ENV_FILE_NAME
    if state_env not in paths:
        paths.append(state_env)

    # Layers in precedence order: the first layer holding a name wins for that name.
    layers: list[tuple[str, Mapping[str, str]]] = [(ENVIRONMENT, env)]
    files: list[EnvFile] = []
    for path in paths:
        info, parsed = _read_env_file(path)
        files.append(info)
        layers.append((str(path), parsed))

    findings: list[EnvVarFinding] = []
    for provider_id in PROVIDERS:
        provider_vars = [(n, k) for p, n, k in _provider_vars() if p == provider_id]
        used_found = False
        for name, kind in provider_vars:
            holders = [(src, values[name]) for src, values in layers if name in values]
            if not holders:
                continue
            winner_src = holders[0][0]
            winner_blank = not normalize_secret(holders[0][1])
            in_use = not used_found and not winner_blank
            used_found = used_found or in_use
            for index, (src, raw) in enumerate(holders):
                value = normalize_secret(raw)
                findings.append(
                    EnvVarFinding(
                        name=name,
                        provider_id=provider_id,
                        source=src,
                        redacted=redact(value),
                        kind=kind,
                        blank=not value,
                        wins=index == 0,
                        shadowed_by=None if index == 0 else winner_src,
                        in_use=index == 0 and in_use,
                    )
                )
    return EnvReport(findings=tuple(findings), env_files=tuple(files))
