"""answers.json, version 1 (DESIGN §2): the wizard's decisions as a file.

``Answers`` is a dataclass validated by pydantic's core against ``ANSWERS_SCHEMA``, the one
definition of the format: the JSON Schema shipped in ``wizard/schema/`` is generated from it
(``generate_schema``). A core schema builds in about a millisecond, where a ``BaseModel`` would
cost ``--replay`` some 40 ms of imports and schema building on every run (DESIGN §7).
"""


import functools
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, cast

from pydantic_core import CoreSchema, SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from wizard.errors import UsageError
from wizard.spec.registry import PROVIDERS, normalize_provider_id

MAX_ANSWERS = 1024 * 1024  # bytes; an answers file is a few hundred
MAX_SECRET = 16 * 1024  # bytes; a credential is at most 1 KB, a file may hold a comment or two

SCHEMA_PATH = Path(__file__).with_name("schema") / "answers-v1.json"
SCHEMA_ID = "https://authwizard.invalid/schema/answers-v1.json"


class SecretFromEnv(NamedTuple):
    env: str


class SecretFromFile(NamedTuple):
    file: str


class SecretFromStdin(NamedTuple):
    stdin: Literal[True]


SecretSource = str | SecretFromEnv | SecretFromFile | SecretFromStdin


class Answers(NamedTuple):
    """What the headless wizard needs; every field mirrors one decision of the TUI."""

    version: Literal[1]
    provider: str
    method: Literal["api-key", "setup-token"]
    secret: SecretSource
    schema_ref: str | None = None
    profile: str | None = None
    agents: list[str] | Literal["all"] | None = None
    validate_: bool = True
    on_unverified: Literal["fail", "save"] = "fail"
    timeout: float = 10.0
    base_url: str | None = None
    store: Literal["openclaw", "keychain", "env"] = "openclaw"
    env_var: str | None = None
    expires: str | None = None
    probe: bool = False
    import_legacy: bool = False


_PROVIDER_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9 ._-]{0,23}")


def _known_provider(value: str) -> str:
    pid = normalize_provider_id(value)
    if pid not in PROVIDERS:
        from difflib import get_close_matches

        close = get_close_matches(pid, PROVIDERS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        named = f" {value!r}" if _PROVIDER_LIKE.fullmatch(value) else ""  # never a pasted key
        raise ValueError(f"unknown provider{named}; {hint}expected one of "
                         f"{', '.join(sorted(PROVIDERS))}")
    return pid


def _future_expiry(value: str) -> str:
    import time

    from wizard.core.expiry import parse_expires

    parse_expires(value, time.time() * 1000)  # ValueError names the accepted forms
    return value


def _described(schema: CoreSchema, description: str | None = None, **json: Any) -> CoreSchema:
    """Attach what the JSON Schema says about a value beyond its type."""
    if description:
        json["description"] = description
    metadata = dict(schema.get("metadata") or {})
    json = {**metadata.get("pydantic_js_updates", {}), **json}
    cast(dict[str, Any], schema)["metadata"] = {**metadata, "pydantic_js_updates": json}
    return schema


def _object(cls: Any, *members: tuple[str, CoreSchema, str | None]) -> CoreSchema:
    """``cls`` from a JSON object with exactly these members (name, schema, JSON alias)."""
    keys = {name: alias or name for name, _, alias in members}
    fields = {keys[name]: cs.typed_dict_field(schema, required=schema["type"] != "default")
              for name, schema, _ in members}

    def build(obj: dict[str, Any]) -> Any:
        return cls(**{name: obj[key] for name, key in keys.items() if key in obj})

    return _described(
        cs.no_info_after_validator_function(
            build, cs.typed_dict_schema(fields, extra_behavior="forbid")),
        title=cls.__name__, additionalProperties=False,
    )


def _optional(schema: CoreSchema, default: Any) -> CoreSchema:
    return cs.with_default_schema(schema, default=default)


def _nullable_str(description: str | None = None) -> CoreSchema:
    return _described(_optional(cs.nullable_schema(cs.str_schema()), None), description)


def _secret_from(cls: type, key: str, schema: CoreSchema) -> tuple[CoreSchema, str]:
    return _object(cls, (key, schema, None)), f"({key})"


SECRET = cs.union_schema(
    [
        (cs.str_schema(), "(literal)"),
        _secret_from(SecretFromEnv, "env", _described(
            cs.str_schema(min_length=1), "name of the environment variable")),
        _secret_from(SecretFromFile, "file", _described(
            cs.str_schema(min_length=1), "path; relative to the answers file's folder")),
        _secret_from(SecretFromStdin, "stdin", cs.literal_schema([True])),
    ],
)

ANSWERS_SCHEMA: CoreSchema = _described(
    _object(
        Answers,
        ("schema_ref", _nullable_str(), "$schema"),
        ("version", cs.literal_schema([1]), None),
        ("provider", _described(
            cs.no_info_after_validator_function(_known_provider, cs.str_schema()),
            "provider id as OpenClaw spells it, e.g. anthropic", enum=sorted(PROVIDERS)), None),
        ("method", cs.literal_schema(["api-key", "setup-token"]), None),
        ("secret", _described(
            SECRET, 'literal, {"env": NAME}, {"file": PATH} or {"stdin": true}'), None),
        ("profile", _nullable_str(
            "<provider>:<name> or <name>; default per DESIGN §3 rule 6"), None),
        ("agents", _described(_optional(cs.nullable_schema(cs.union_schema([
            (cs.list_schema(cs.str_schema()), "(list)"),
            (cs.literal_schema(["all"]), "(all)"),
        ])), None), 'agent ids, or "all"; default: the default agent'), None),
        ("validate_", _optional(cs.bool_schema(strict=True), True), "validate"),
        ("on_unverified", _optional(cs.literal_schema(["fail", "save"]), "fail"), None),
        ("timeout", _described(_optional(cs.float_schema(gt=0, le=60), 10.0),
                               "read timeout, seconds"), None),
        ("base_url", _nullable_str(), None),
        ("store", _described(
            _optional(cs.literal_schema(["openclaw", "keychain", "env"]), "openclaw"),
            "where the secret lives: OpenClaw's store, the OS keychain (OpenClaw keeps a "
            "reference), or an environment variable you manage (with env_var)"), None),
        ("env_var", _nullable_str(
            'with "store": "env": the variable OpenClaw reads the secret from'), None),
        ("expires", _described(_optional(cs.nullable_schema(
            cs.no_info_after_validator_function(_future_expiry, cs.str_schema())), None),
            'with "method": "setup-token": when the token expires, an ISO date '
            '("2027-06-30") or days from now ("365d"; `claude setup-token` tokens last one '
            "year); written only when given"), None),
        ("probe", _described(_optional(cs.bool_schema(), False),
                             "also send ONE test message (max_tokens 1, the provider's "
                             "cheapest model; costs a fraction of a cent) after the free "
                             "check, to see credit, model access and rate limits"), None),
        ("import_legacy", _described(_optional(cs.bool_schema(), False),
            "on OpenClaw 2026.6.5+ with a legacy auth-profiles.json: repair it and have "
            "OpenClaw import it (openclaw doctor --fix) before writing"), None),
    ),
    title="authwizard answers",
    description=Answers.__doc__,
)

@functools.cache
def _validator() -> SchemaValidator:
    return SchemaValidator(ANSWERS_SCHEMA)


METHODS = ("api-key", "setup-token")


def _method_words(value: object) -> str:
    """An unknown method, with the closest known one (never echoing a long value)."""
    from difflib import get_close_matches

    text = value if isinstance(value, str) else ""
    close = get_close_matches(text.lower().replace("_", "-"), METHODS, n=1, cutoff=0.5)
    named = f" {text!r}" if _PROVIDER_LIKE.fullmatch(text) else ""
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown method{named}; {hint}expected one of {', '.join(METHODS)}"


def _format_errors(exc: ValidationError) -> str:
    """One line per field in error (a union's alternatives joined with "or")."""
    said: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"] if not str(p).startswith("(")]  # union labels
        where = ".".join(loc) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (remove it; see `authwizard --replay --schema`)"
        elif err["type"] == "literal_error" and where == "version":
            msg = "this authwizard understands version 1"
        elif err["type"] == "literal_error" and where == "method":
            msg = _method_words(err.get("input"))
        elif err["type"] == "bool_type":
            msg = "must be true or false (a JSON boolean, without quotes)"
        msgs = said.setdefault(where, [])
        if msg not in msgs:
            msgs.append(msg)
    return "\n".join(f"  {where}: {' or '.join(msgs)}" for where, msgs in said.items())


def _json_cause(text: str, exc: json.JSONDecodeError) -> tuple[int, str]:
    """The line to name and a likely cause of a JSON syntax error."""
    before = text[: exc.pos].rstrip()
    if before.endswith(",") and text[exc.pos: exc.pos + 1] in ("}", "]"):
        line = before.count("\n") + 1
        return line, "a trailing comma after the last item (JSON allows none): remove it"
    if text[exc.pos: exc.pos + 1] == "'":
        return exc.lineno, "single quotes: JSON strings and names need double quotes"
    if exc.msg.startswith("Expecting ',' delimiter"):
        return exc.lineno, "a comma missing between two items (at the end of the line before?)"
    if exc.msg.startswith("Expecting property name"):
        return exc.lineno, "a name without double quotes, or a comment (JSON has none)"
    return exc.lineno, exc.msg


def parse_answers(text: str, source: str) -> Answers:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        line, cause = _json_cause(text, exc)
        raise UsageError(
            f"{source}: line {line}: not valid JSON: {cause}",
            "fix the answers file; `authwizard --replay --schema` prints its format",
        ) from None
    except RecursionError:
        raise UsageError(
            f"{source}: nested too deeply to read (an answers file is one flat object)",
            "fix the answers file; `authwizard --replay --schema` prints its format",
        ) from None
    if not isinstance(raw, dict):
        raise UsageError(f"{source}: expected a JSON object", "see `authwizard --replay --schema`")
    try:
        answers: Answers = _validator().validate_python(raw)
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
    if answers.expires is not None and answers.method != "setup-token":
        raise UsageError(f"{source}: expires: only a setup token carries an expiry",
                         "remove \"expires\", or use \"method\": \"setup-token\"")
    return answers


def _bounded(stream: IO[bytes], cap: int, what: str, fix: str) -> str:
    """At most ``cap`` bytes of ``stream`` as UTF-8 text; a usage error past that (``/dev/zero``
    or a whole disk image must not fill the memory)."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise UsageError(f"{what} holds more than {cap // 1024} KiB: too much to be read", fix)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{what} is not UTF-8 text (byte {exc.start})", fix) from None


def load_answers(path: str, stdin: IO[bytes] | None = None) -> tuple[Answers, Path]:
    """Read the answers (``-`` = stdin) and return them with the folder relative paths use."""
    fix = "give the answers file (`authwizard --replay --schema` prints its format)"
    if path == "-":
        text = _bounded(stdin or sys.stdin.buffer, MAX_ANSWERS, "the answers on stdin", fix)
        return parse_answers(text, "<stdin>"), Path.cwd()
    p = Path(path)
    try:
        with p.open("rb") as f:
            text = _bounded(f, MAX_ANSWERS, f"answers file {path}", fix)
    except FileNotFoundError:
        raise UsageError(f"answers file {path} does not exist", "check the path") from None
    except OSError as exc:
        raise UsageError(f"cannot read answers file {path}: {exc}", "check the file") from None
    return parse_answers(text, path), p.resolve().parent


def read_secret(
    answers: Answers,
    base_dir: Path,
    env: Mapping[str, str],
    stdin_used: bool,
    stdin: IO[bytes] | None = None,
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
            with p.open("rb") as f:
                return _bounded(f, MAX_SECRET, f"secret.file: {p}",
                                "point secret.file at a file holding only the credential")
        except FileNotFoundError:
            raise UsageError(
                f"secret.file: {p} does not exist", "check the path (relative paths are "
                "relative to the answers file's folder)"
            ) from None
        except OSError as exc:
            raise UsageError(f"secret.file: cannot read {p}: {exc}", "check the file") from None
    if stdin_used:
        raise UsageError(
            "secret.stdin: the answers file itself was read from stdin",
            'give the secret as {"env": NAME} or {"file": PATH}',
        )
    text = _bounded(stdin or sys.stdin.buffer, MAX_SECRET, "secret.stdin: what arrived",
                    "pipe in only the credential")
    if not text.strip():
        raise UsageError("secret.stdin: nothing arrived on stdin", "pipe the secret in")
    return text


def schema_json() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of ``ANSWERS_SCHEMA`` (what ``wizard/schema/answers-v1.json`` holds)."""
    from pydantic.json_schema import GenerateJsonSchema

    schema = GenerateJsonSchema(by_alias=True).generate(ANSWERS_SCHEMA)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    return schema
