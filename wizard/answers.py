"""answers.json, version 1 (DESIGN §2): the wizard's decisions as a file."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wizard.errors import UsageError
from wizard.providers.registry import PROVIDERS, normalize_provider_id

SCHEMA_PATH = Path(__file__).with_name("schema") / "answers-v1.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SecretFromEnv(_Strict):
    env: str = Field(min_length=1, description="name of the environment variable")


class SecretFromFile(_Strict):
    file: str = Field(min_length=1, description="path; relative to the answers file's folder")


class SecretFromStdin(_Strict):
    stdin: Literal[True]


SecretSource = str | SecretFromEnv | SecretFromFile | SecretFromStdin


class Answers(_Strict):
    """What the headless wizard needs; every field mirrors one decision of the TUI."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, title="authwizard answers")

    schema_ref: str | None = Field(default=None, alias="$schema")
    version: Literal[1]
    provider: str = Field(description="provider id as OpenClaw spells it, e.g. anthropic")
    method: Literal["api-key", "setup-token"]
    secret: SecretSource = Field(
        description='literal, {"env": NAME}, {"file": PATH} or {"stdin": true}'
    )
    profile: str | None = Field(
        default=None, description="<provider>:<name> or <name>; default per DESIGN §3 rule 6"
    )
    agents: list[str] | Literal["all"] | None = Field(
        default=None, description='agent ids, or "all"; default: the default agent'
    )
    validate_: bool = Field(default=True, alias="validate")
    on_unverified: Literal["fail", "save"] = "fail"
    timeout: float = Field(default=10.0, gt=0, le=60, description="read timeout, seconds")
    base_url: str | None = None

    @field_validator("provider")
    @classmethod
    def _known_provider(cls, value: str) -> str:
        pid = normalize_provider_id(value)
        if pid not in PROVIDERS:
            raise ValueError(f"unknown provider; expected one of {', '.join(sorted(PROVIDERS))}")
        return pid


def _format_errors(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = [str(p) for p in err["loc"] if not str(p).startswith(("str", "SecretFrom"))]
        where = ".".join(loc) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (remove it; see `authwizard --replay --schema`)"
        elif err["type"] == "literal_error" and where == "version":
            msg = "this authwizard understands version 1"
        lines.append(f"  {where}: {msg}")
    return "\n".join(dict.fromkeys(lines))


def parse_answers(text: str, source: str) -> Answers:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{source}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})",
            "fix the answers file; `authwizard --replay --schema` prints its format",
        ) from None
    if not isinstance(raw, dict):
        raise UsageError(f"{source}: expected a JSON object", "see `authwizard --replay --schema`")
    try:
        answers = Answers.model_validate(raw)
    except ValidationError as exc:
        raise UsageError(
            f"{source}: invalid answers file\n{_format_errors(exc)}",
            "see `authwizard --replay --schema` for every field",
        ) from None
    provider = PROVIDERS[answers.provider]
    if answers.method not in provider.methods:
        raise UsageError(
            f"{source}: method: {provider.name} has no {answers.method!r} method",
            f"use one of: {', '.join(provider.methods)}",
        )
    return answers


def load_answers(path: str, stdin_text: str | None = None) -> tuple[Answers, Path]:
    """Read the answers (``-`` = stdin) and return them with the folder relative paths use."""
    if path == "-":
        text = stdin_text if stdin_text is not None else sys.stdin.read()
        return parse_answers(text, "<stdin>"), Path.cwd()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"answers file {path} does not exist", "check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read answers file {path}: {exc}", "check the file") from None
    return parse_answers(text, path), p.resolve().parent


def read_secret(
    answers: Answers,
    base_dir: Path,
    env: Mapping[str, str],
    stdin_used: bool,
    read_stdin: Any = None,
) -> str:
    """The raw secret text, from wherever the answers say. Exit 2 naming what is missing."""
    src = answers.secret
    if isinstance(src, str):
        return src
    if isinstance(src, SecretFromEnv):
        value = env.get(src.env)
        if value is None or not value.strip():
            raise UsageError(
                f"secret.env: environment variable {src.env} is not set or empty",
                f"export {src.env}=… before running, or change secret in the answers file",
            )
        return value
    if isinstance(src, SecretFromFile):
        p = Path(os.path.expanduser(src.file))
        if not p.is_absolute():
            p = base_dir / p
        try:
            return p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(
                f"secret.file: {p} does not exist", "check the path (relative paths are "
                "relative to the answers file's folder)"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"secret.file: cannot read {p}: {exc}", "check the file") from None
    if stdin_used:
        raise UsageError(
            "secret.stdin: the answers file itself was read from stdin",
            'give the secret as {"env": NAME} or {"file": PATH}',
        )
    reader = read_stdin or sys.stdin.read
    text = str(reader())
    if not text.strip():
        raise UsageError("secret.stdin: nothing arrived on stdin", "pipe the secret in")
    return text


def schema_json() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def generate_schema() -> dict[str, Any]:
    schema = Answers.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://authwizard.invalid/schema/answers-v1.json"
    schema["properties"]["provider"]["enum"] = sorted(PROVIDERS)
    return schema
