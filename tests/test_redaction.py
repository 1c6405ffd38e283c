"""A secret typed where an id belongs (``order.anthropic``, ``lastGood.anthropic``, a profile id,
any field of the three files) is never printed: status, doctor and doctor --fix --dry-run show
it redacted, in text and in JSON, and so does the TUI's doctor view."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_doctor import TOKEN, cfg, token, write_state
from tests.test_replay_e2e import authwizard
from wizard.cli import main
from wizard.core.paste import known_prefixes
from wizard.core.scrub import REDACTED, Scrubber, scrub
from wizard.spec.registry import PROVIDERS

WINDOW = 12


def pieces(secret: str) -> Iterator[str]:
    """Every 12 characters in a row of the secret that show more than its public prefix."""
    prefix = max((p for p in known_prefixes() if secret.startswith(p)), key=len, default="")
    for i in range(len(secret) - WINDOW + 1):
        if i + WINDOW > len(prefix):
            yield secret[i : i + WINDOW]


def assert_hidden(secret: str, text: str) -> None:
    """Not even lower-cased, as ids are."""
    folded = text.lower()
    shown = [w for w in pieces(secret) if w.lower() in folded]
    assert not shown, f"{len(shown)} pieces of the secret shown, e.g. {shown[0]!r}"


# ------------------------------------------------------------------ the installed command


PLACES: dict[str, dict[str, Any]] = {
    "order": {"order": {"anthropic": [TOKEN]}},
    "last-good": {"lastGood": {"anthropic": TOKEN}},
    "both": {"order": {"anthropic": [TOKEN]}, "lastGood": {"anthropic": TOKEN}},
}
OUTPUTS = [
    ("status",), ("status", "--json"), ("doctor",), ("doctor", "--json"),
    ("doctor", "--fix", "--dry-run"), ("doctor", "--fix", "--dry-run", "--json"),
]


# status does not show lastGood, so a token there alone never reached its output
CASES = [(a, p) for a in OUTPUTS for p in PLACES if not (a[0] == "status" and p == "last-good")]


@pytest.mark.parametrize(("args", "place"), CASES,
                         ids=[f"{' '.join(a)}-{p}" for a, p in CASES])
def test_a_token_in_an_id_field_is_shown_redacted(
    home: Path, place: str, args: tuple[str, ...]
) -> None:
    state = home / ".openclaw"
    store = {"version": 1, "profiles": {"anthropic:default": token()}, **PLACES[place]}
    write_state(state, cfg(("anthropic:default", "token")), {"main": store})
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    proc = subprocess.run([authwizard(), *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert_hidden(TOKEN, proc.stdout + proc.stderr)
    if args[0] == "doctor":  # the finding is still there, naming the token redacted
        assert "sk-ant-oat01-…" in proc.stdout
    if "--json" in args:
        json.loads(proc.stdout)


def test_doctor_fix_reports_the_repair_redacted(home: Path) -> None:
    state = home / ".openclaw"
    store = {"version": 1, "profiles": {"anthropic:default": token()}, **PLACES["both"]}
    write_state(state, cfg(("anthropic:default", "token")), {"main": store})
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    for json_flag in ((), ("--json",)):
        proc = subprocess.run([authwizard(), "doctor", "--fix", *json_flag], env=env,
                              capture_output=True, text=True, timeout=60, check=False)
        assert_hidden(TOKEN, proc.stdout + proc.stderr)


def test_the_tui_doctor_view_shows_it_redacted(home: Path) -> None:
    from wizard.options import Options, resolve_environment
    from wizard.views import doctor_view as doctor_bridge

    state = home / ".openclaw"
    store = {"version": 1, "profiles": {"anthropic:default": token()}, **PLACES["both"]}
    write_state(state, cfg(("anthropic:default", "token")), {"main": store})
    environment = resolve_environment(Options(), {"HOME": str(home), "PATH": ""})
    found, note = doctor_bridge.findings(environment, 0.0)
    assert found and not note
    shown = "\n".join(f"{f.message}\n{f.fix}" for f in found)
    assert "sk-ant-oat01-…" in shown
    assert_hidden(TOKEN, shown)
    fixed = doctor_bridge.apply_fixes(environment, 0.0)
    assert_hidden(TOKEN, "\n".join([*fixed.changed, *(f.message for f in fixed.left)]))


# ------------------------------------------------------------------ the scrubber itself


def test_redacted_forms_and_plain_words_are_left_alone() -> None:
    text = ("anthropic:default sk-ant-oat01-…C3d4 sk-proj-… auth-profiles.json "
            "ANTHROPIC_API_KEY models.providers.anthropic.apiKey sk-ant-ort01-")
    assert scrub(text, {TOKEN}) == text


def test_a_known_secret_glued_to_other_text_is_taken_out() -> None:
    body = TOKEN[13:40]
    out = scrub(f"invalid token key_{body}_rejected", {TOKEN})
    assert body not in out and REDACTED in out


def test_lower_cased_ids_are_caught_too() -> None:
    """Provider and agent ids are lower-cased: a token typed as one loses its case."""
    jwt = "eyJ" + "hbGciOiJIUzI1NiJ9xQz"
    assert_hidden(jwt, scrub(f"lastGood.{jwt.lower()} names nothing"))
    assert_hidden(TOKEN, scrub(f"provider {TOKEN.lower()}"))
    body = TOKEN[20:50].lower()
    assert REDACTED in scrub(f"agent {body}", {TOKEN})


def test_json_keys_and_values_are_scrubbed() -> None:
    doc = {TOKEN: [TOKEN, {"id": TOKEN}], "n": 1, "ok": True, "none": None}
    out = Scrubber().value(doc)
    assert_hidden(TOKEN, json.dumps(out))
    assert out["n"] == 1 and out["ok"] is True and out["none"] is None


# ------------------------------------------------------------------ type-confusion fuzz


TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
credential = st.builds(
    lambda p, body: p + body,
    st.sampled_from(known_prefixes()),
    st.text(alphabet=TOKEN_CHARS, min_size=24, max_size=48),
)
WORDS = ["anthropic", "openai", "anthropic:default", "anthropic:api", "main", "token",
         "api_key", "oauth", "key", "provider", "mode", "type", "profiles", "order"]
leaf = st.one_of(st.none(), st.booleans(), st.integers(-2, 2**42), st.sampled_from(WORDS),
                 credential)
anything = st.recursive(
    leaf,
    lambda kids: st.one_of(
        st.lists(kids, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(WORDS), credential), kids, max_size=3)),
    max_leaves=10,
)


def slot(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the right shape, sometimes anything at all."""
    return st.one_of(plausible, plausible, anything)


ids = st.one_of(st.sampled_from(["anthropic:default", "anthropic:api", "openai:default"]),
                credential)
providers = st.sampled_from(["anthropic", "openai"])
order = st.dictionaries(providers, slot(st.lists(slot(ids), max_size=3)), max_size=2)
last_good = st.dictionaries(providers, slot(ids), max_size=2)
entry = st.fixed_dictionaries({
    "type": slot(st.sampled_from(["token", "api_key", "oauth"])),
    "provider": slot(providers),
    "token": slot(credential),
}, optional={"key": slot(credential), "expires": slot(st.integers(0, 2**42))})
store = st.fixed_dictionaries({
    "version": slot(st.just(1)),
    "profiles": slot(st.dictionaries(ids, slot(entry), max_size=3)),
}, optional={"order": slot(order), "lastGood": slot(last_good)})
config = st.fixed_dictionaries({}, optional={
    "auth": slot(st.fixed_dictionaries({}, optional={
        "profiles": slot(st.dictionaries(ids, slot(st.fixed_dictionaries(
            {"provider": slot(providers), "mode": slot(st.sampled_from(["token", "api_key"]))})),
            max_size=3)),
        "order": slot(order),
    })),
    "models": slot(st.fixed_dictionaries({"providers": slot(st.dictionaries(
        providers, slot(st.fixed_dictionaries({"apiKey": slot(credential)})), max_size=2))})),
})
auth_state = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    "order": slot(order), "lastGood": slot(last_good), "usageStats": anything}))


def credentials_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if len(value) >= 24 and value.startswith(known_prefixes()) else set()
    if isinstance(value, dict):
        return set().union(*(credentials_in(k) | credentials_in(v) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(credentials_in(v) for v in value))
    return set()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("OPENCLAW_", "CLAWDBOT_", "AUTHWIZARD_")):
            monkeypatch.delenv(name)
    for p in PROVIDERS.values():
        for name in p.env_vars:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))


@pytest.mark.usefixtures("clean_env")
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(config=config, store=store, auth_state=auth_state)
def test_credentials_anywhere_in_the_three_files_are_never_printed(
    config: dict[str, Any], store: dict[str, Any], auth_state: dict[str, Any] | None
) -> None:
    secrets = credentials_in([config, store, auth_state])
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        write_state(state, config, {"main": store})
        if auth_state is not None:
            (state / "agents/main/agent/auth-state.json").write_text(json.dumps(auth_state))
        for args in (["status", "--json"], ["doctor", "--json"]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([*args, "--state-dir", str(state)])
            assert code in (0, 1, 2, 5)
            json.loads(out.getvalue())
            for secret in secrets:
                assert_hidden(secret, out.getvalue() + err.getvalue())
