"""Provider env vars as OpenClaw sees them: process env first, then .env files (no override)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wizard.detect.env import (
    ENVIRONMENT,
    EnvReport,
    detect_env_vars,
    env_file_dir,
    normalize_secret,
    parse_dotenv,
    redact,
)
from wizard.spec.registry import PROVIDERS

ANTHROPIC_KEY = "sk-ant-api03-" + "k" * 80 + "KEY1"
ANTHROPIC_KEY_2 = "sk-ant-api03-" + "j" * 80 + "KEY2"
ANTHROPIC_TOKEN = "sk-ant-oat01-" + "t" * 80 + "TOK1"
OPENAI_KEY = "sk-proj-" + "o" * 60 + "OAI1"


def test_registry_names_used() -> None:
    anthropic = PROVIDERS["anthropic"]
    assert "ANTHROPIC_API_KEY" in anthropic.env_vars
    assert "ANTHROPIC_OAUTH_TOKEN" in anthropic.token_env_vars
    assert "OPENAI_API_KEY" in PROVIDERS["openai"].env_vars


# --- dotenv parsing (ported from the dotenv npm package; checked against it) -------------------


def test_parse_dotenv_forms() -> None:
    text = (
        "# comment\n"
        "PLAIN=value\n"
        "export EXPORTED=1\n"
        "  SPACED  =  spaced value  \n"
        "SINGLE='single # not a comment'\n"
        'DOUBLE="a\\nb"\n'
        "BACK=`tick`\n"
        "INLINE=foo # trailing comment\n"
        "HASH=foo#bar\n"
        "EMPTY=\n"
        "COLON: yes\n"
        "DUP=first\n"
        "DUP=second\n"
        "CRLF=x\r\n"
        'MULTI="line1\nline2"\n'
        "no equals sign here\n"
    )
    assert parse_dotenv(text) == {
        "PLAIN": "value",
        "EXPORTED": "1",
        "SPACED": "spaced value",
        "SINGLE": "single # not a comment",
        "DOUBLE": "a\nb",
        "BACK": "tick",
        "INLINE": "foo",
        "HASH": "foo",
        "EMPTY": "",
        "COLON": "yes",
        "DUP": "second",
        "CRLF": "x",
        "MULTI": "line1\nline2",
    }


def test_normalize_secret_like_openclaw() -> None:
    assert normalize_secret("  sk-ant-\r\napi03-x\u2028y  ") == "sk-ant-api03-xy"
    assert normalize_secret("key\u200bwith\u201czwsp\u201d") == "keywithzwsp"
    assert normalize_secret(" \t ") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ANTHROPIC_TOKEN, "sk-ant-oat01-…TOK1"),
        (ANTHROPIC_KEY, "sk-ant-api03-…KEY1"),
        (OPENAI_KEY, "sk-proj-…OAI1"),
        ("AIza" + "g" * 35, "AIza…gggg"),
        ("plainsecretvalue1234", "…1234"),
        ("short", "…t"),
        ("", "(empty)"),
        ("sk-ant-api03-abcd", "sk-ant-api03-…d"),  # a short value shows at most a third
    ],
)
def test_redact(value: str, expected: str) -> None:
    assert redact(value) == expected


# --- where the .env is ------------------------------------------------------------------------


def test_env_file_dir(tmp_path: Path) -> None:
    home = tmp_path
    assert env_file_dir({}, home) == home / ".openclaw"
    assert env_file_dir({"OPENCLAW_STATE_DIR": "~/state"}, home) == home / "state"
    assert env_file_dir({"CLAWDBOT_STATE_DIR": "/x/y "}, home) == Path("/x/y")
    both = {"OPENCLAW_STATE_DIR": "/a", "CLAWDBOT_STATE_DIR": "/b"}
    assert env_file_dir(both, home) == Path("/a")
    assert env_file_dir({"OPENCLAW_STATE_DIR": "  "}, home) == home / ".openclaw"


# --- precedence ------------------------------------------------------------------------------


def write_env(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ".env"
    path.write_text(text)
    return path


def assert_no_values(report: EnvReport, *values: str) -> None:
    text = repr(report)
    for value in values:
        assert value not in text


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    home = tmp_path
    dotenv = write_env(
        home / ".openclaw",
        f"export ANTHROPIC_API_KEY='{ANTHROPIC_KEY_2}'\nOPENAI_API_KEY={OPENAI_KEY}\nOTHER=1\n",
    )
    report = detect_env_vars({"ANTHROPIC_API_KEY": ANTHROPIC_KEY}, home)
    assert_no_values(report, ANTHROPIC_KEY, ANTHROPIC_KEY_2, OPENAI_KEY)
    assert report.env_files[0].path == dotenv and report.env_files[0].exists
    assert set(report.env_files[0].names) == {"ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OTHER"}

    anthropic = report.for_provider("anthropic")
    assert [(f.source, f.wins, f.shadowed_by, f.redacted) for f in anthropic] == [
        (ENVIRONMENT, True, None, "sk-ant-api03-…KEY1"),
        (str(dotenv), False, ENVIRONMENT, "sk-ant-api03-…KEY2"),
    ]
    used = report.in_use("anthropic")
    assert used is not None and used.source == ENVIRONMENT and used.kind == "key"

    (openai,) = report.for_provider("openai")
    assert (openai.name, openai.source, openai.wins, openai.in_use) == (
        "OPENAI_API_KEY",
        str(dotenv),
        True,
        True,
    )
    assert openai.redacted == "sk-proj-…OAI1" and not openai.is_token


def test_empty_env_var_still_hides_dotenv(tmp_path: Path) -> None:
    """dotenv does not override an existing name, even an empty one; OpenClaw then skips it."""
    dotenv = write_env(tmp_path / ".openclaw", f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\n")
    report = detect_env_vars({"ANTHROPIC_API_KEY": ""}, tmp_path)
    env_f, file_f = report.for_provider("anthropic")
    assert (env_f.source, env_f.wins, env_f.blank, env_f.in_use) == (ENVIRONMENT, True, True, False)
    assert (file_f.source, file_f.wins, file_f.shadowed_by) == (str(dotenv), False, ENVIRONMENT)
    assert report.in_use("anthropic") is None


def test_first_provider_candidate_is_in_use(tmp_path: Path) -> None:
    write_env(tmp_path / ".openclaw", f'ANTHROPIC_OAUTH_TOKEN="{ANTHROPIC_TOKEN}"\n')
    report = detect_env_vars({"ANTHROPIC_API_KEY": ANTHROPIC_KEY}, tmp_path)
    token, key = report.for_provider("anthropic")
    assert (token.name, token.kind, token.is_token, token.in_use) == (
        "ANTHROPIC_OAUTH_TOKEN",
        "token",
        True,
        True,
    )
    assert (key.name, key.kind, key.wins, key.in_use) == ("ANTHROPIC_API_KEY", "key", True, False)


def test_blank_first_candidate_falls_through(tmp_path: Path) -> None:
    report = detect_env_vars(
        {"ANTHROPIC_OAUTH_TOKEN": "  ", "ANTHROPIC_API_KEY": ANTHROPIC_KEY}, tmp_path
    )
    used = report.in_use("anthropic")
    assert used is not None and used.name == "ANTHROPIC_API_KEY"


def test_state_dir_from_env_and_explicit(tmp_path: Path) -> None:
    state = tmp_path / "state"
    dotenv = write_env(state, f"OPENAI_API_KEY={OPENAI_KEY}\n")
    report = detect_env_vars({"OPENCLAW_STATE_DIR": str(state)}, tmp_path / "home")
    assert [f.source for f in report.findings] == [str(dotenv)]
    report = detect_env_vars({}, tmp_path / "home", state_dir=state)
    assert [f.source for f in report.findings] == [str(dotenv)]


def test_cwd_dotenv_loads_before_state_dotenv(tmp_path: Path) -> None:
    cwd_env = write_env(tmp_path / "project", f"OPENAI_API_KEY={OPENAI_KEY}\n")
    state_env = write_env(tmp_path / ".openclaw", "OPENAI_API_KEY=sk-proj-otherotherother9999\n")
    report = detect_env_vars({}, tmp_path, cwd=tmp_path / "project")
    assert [e.path for e in report.env_files] == [cwd_env, state_env]
    first, second = report.for_provider("openai")
    assert (first.source, first.in_use) == (str(cwd_env), True)
    assert (second.source, second.shadowed_by) == (str(state_env), str(cwd_env))


def test_missing_and_unreadable_dotenv(tmp_path: Path) -> None:
    report = detect_env_vars({"XAI_API_KEY": "xai-" + "x" * 40}, tmp_path)
    assert report.env_files[0].exists is False
    assert [f.provider_id for f in report.findings] == ["xai"]
    (tmp_path / ".openclaw" / ".env").mkdir(parents=True)
    report = detect_env_vars({}, tmp_path)
    assert report.findings == ()
    assert "not a regular file" in report.env_files[0].note


def test_non_provider_vars_ignored(tmp_path: Path) -> None:
    write_env(tmp_path / ".openclaw", "PATH=/bin\nFOO=bar\n")
    assert detect_env_vars({"HOME": "/root", "SOME_API_KEY": "x"}, tmp_path).findings == ()


_names = [n for p in PROVIDERS.values() for n in p.env_vars]
PROVIDERS_BY_VAR = {n: p.id for p in PROVIDERS.values() for n in p.env_vars}


@settings(max_examples=60, deadline=None)
@given(
    secret=st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
        min_size=16,
        max_size=100,
    ),
    name=st.sampled_from(_names),
    in_env=st.booleans(),
    quote=st.sampled_from(["", "'", '"']),
)
def test_values_never_in_report(secret: str, name: str, in_env: bool, quote: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        write_env(home / ".openclaw", f"export {name}={quote}{secret}{quote}\n")
        env = {name: secret[::-1]} if in_env else {}
        report = detect_env_vars(env, home)
        assert len(report.findings) == (2 if in_env else 1)
        text = repr(report)
        # Only a secret that could be told apart from the report's own words can leak.
        frame = f"{name} {tmp} {PROVIDERS_BY_VAR.get(name, '')} EnvReport EnvVarFinding"
        assume(not any(n in frame for n in (secret, secret[::-1], secret[:-4][-8:])))
        assert secret not in text and secret[::-1] not in text
        assert secret[:-4][-8:] not in text
