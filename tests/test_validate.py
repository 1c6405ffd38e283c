"""Live validation against the real loopback provider server (tests/provider_server.py).

Every root points at 127.0.0.1; nothing here reaches the internet. Every verdict goes through
``check()``, which asserts that no piece of the secret appears in it.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import socket
import ssl
import time

import httpx
import pytest

from tests.provider_server import ProviderServer
from wizard.errors import ExitCode, UsageError
from wizard.providers import validate as validate_module
from wizard.providers.classify import classify_exception
from wizard.providers.validate import (
    REASONS,
    Kind,
    Outcome,
    Verdict,
    request_headers,
    resolve_api_root,
    resolve_region_roots,
    validate,
    validate_sync,
)
from wizard.spec.registry import PROVIDERS, Provider

ANTHROPIC = PROVIDERS["anthropic"]
OPENAI = PROVIDERS["openai"]
GOOGLE = PROVIDERS["google"]
MINIMAX = PROVIDERS["minimax"]


def fake(prefix: str, seed: str, length: int = 96) -> str:
    return prefix + (seed * length)[:length]


ANT_KEY = fake("sk-ant-api03-", "K3yAnt0x")
ANT_TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours proxy variables; the loopback server must be reached directly.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)


class Sleeps:
    """A fake ``sleep`` that records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


DRIVER = ["async"]


@pytest.fixture(autouse=True, params=["async", "sync"])
def driver(request: pytest.FixtureRequest) -> str:
    """Every check runs through both drivers of the one sans-I/O check."""
    DRIVER[0] = request.param
    return str(request.param)


def assert_no_secret(verdict: Verdict, secret: str) -> None:
    shown = repr(verdict) + verdict.message
    pieces = {secret[i : i + 12] for i in range(len(secret) - 11)} or {secret}
    leaked = [p for p in pieces if p in shown]
    assert not leaked, f"a piece of the secret is in the verdict ({len(leaked)} windows)"


async def check(
    server: ProviderServer | None,
    provider: Provider,
    kind: Kind,
    secret: str,
    *,
    route: str | None = None,
    api_root: str | None = None,
    regions: bool = False,
    timeout: float = 5.0,
    sleep: Sleeps | None = None,
) -> Verdict:
    root = api_root or (server.api_root(route or provider.id) if server else "")
    sleeps = sleep or Sleeps()
    if DRIVER[0] == "sync":
        # The headless driver: same check, no event loop (run off the loop's thread).
        verdict = await asyncio.to_thread(
            validate_sync,
            provider,
            kind,
            secret,
            api_root=root,
            region_roots=server.region_roots(provider.id) if server and regions else None,
            timeout=timeout,
            sleep=sleeps.waits.append,
        )
    else:
        verdict = await validate(
            provider,
            kind,
            secret,
            api_root=root,
            region_roots=server.region_roots(provider.id) if server and regions else None,
            timeout=timeout,
            sleep=sleeps,
        )
    assert verdict.reason in REASONS
    assert_no_secret(verdict, secret)
    return verdict


# --- headers ----------------------------------------------------------------------------------


def test_anthropic_api_key_headers() -> None:
    h = request_headers(ANTHROPIC, "api_key", ANT_KEY)
    assert h["x-api-key"] == ANT_KEY
    assert h["anthropic-version"] == "2023-06-01"
    assert "Authorization" not in h and "anthropic-beta" not in h


@pytest.mark.parametrize("kind", ["token", "oauth"])
def test_anthropic_token_headers(kind: Kind) -> None:
    h = request_headers(ANTHROPIC, kind, ANT_TOKEN)
    assert h["Authorization"] == f"Bearer {ANT_TOKEN}"
    assert h["anthropic-beta"] == "oauth-2025-04-20"
    assert h["anthropic-version"] == "2023-06-01"
    assert "x-api-key" not in h


@pytest.mark.parametrize("kind", ["api_key", "token"])
def test_no_claude_code_impersonation(kind: Kind) -> None:
    h = {k.lower(): v for k, v in request_headers(ANTHROPIC, kind, ANT_TOKEN).items()}
    assert "claude-cli" not in h["user-agent"] and h["user-agent"].startswith("authwizard/")
    assert "x-app" not in h
    assert "claude-code" not in h.get("anthropic-beta", "")


def test_other_providers_headers() -> None:
    key = fake("AIza", "G00g")
    assert request_headers(GOOGLE, "api_key", key)["x-goog-api-key"] == key
    assert "Authorization" not in request_headers(GOOGLE, "api_key", key)
    for pid in ("openai", "openrouter", "minimax", "moonshot", "xai", "deepseek"):
        h = request_headers(PROVIDERS[pid], "api_key", "sk-abc123")
        assert h["Authorization"] == "Bearer sk-abc123"
        assert "x-api-key" not in h


@pytest.mark.parametrize("bad", ["", "sk-ant-api03-abc\ndef", " sk-x", "sk-\u200bx", "sk-\u00e9"])
def test_unsendable_secret_is_a_usage_error_without_the_secret(bad: str) -> None:
    with pytest.raises(UsageError) as info:
        request_headers(OPENAI, "api_key", bad)
    assert info.value.exit_code == ExitCode.USAGE
    assert not bad or bad not in str(info.value)


# --- the server's header rules (what a wrong header gets) -------------------------------------


async def test_server_enforces_anthropic_header_rules(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_TOKEN)
    provider_server.add_credential("anthropic", ANT_KEY)
    url = provider_server.api_root("anthropic") + "/v1/models?limit=1"
    version = {"anthropic-version": "2023-06-01"}
    beta = {"anthropic-beta": "oauth-2025-04-20"}
    async with httpx.AsyncClient() as client:
        as_key = await client.get(url, headers={**version, "x-api-key": ANT_TOKEN})
        no_beta = await client.get(url, headers={**version, "Authorization": f"Bearer {ANT_TOKEN}"})
        key_as_bearer = await client.get(
            url, headers={**version, **beta, "Authorization": f"Bearer {ANT_KEY}"}
        )
        both = await client.get(
            url, headers={**version, **beta, "x-api-key": ANT_KEY, "Authorization": "Bearer x"}
        )
        right = await client.get(
            url, headers={**version, **beta, "Authorization": f"Bearer {ANT_TOKEN}"}
        )
    assert (as_key.status_code, as_key.json()["error"]["message"]) == (401, "invalid x-api-key")
    assert no_beta.status_code == 401
    assert no_beta.json()["error"]["message"] == "OAuth authentication is currently not supported."
    assert key_as_bearer.status_code == 401
    assert both.status_code == 400
    assert right.status_code == 200
    assert as_key.headers["request-id"] == as_key.json()["request_id"]


# --- Anthropic --------------------------------------------------------------------------------


async def test_anthropic_valid_api_key_one_request(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY)
    assert (v.outcome, v.reason, v.status, v.attempts) == (Outcome.VALID, "ok", 200, 1)
    [req] = provider_server.requests
    assert req.auth_headers() == {"x-api-key"}
    assert req.headers["x-api-key"] == ANT_KEY
    assert req.headers["anthropic-version"] == "2023-06-01"
    assert "anthropic-beta" not in req.headers
    assert req.path == "/anthropic/v1/models?limit=1"
    assert v.request_id == req.request_id and f"request-id {req.request_id}" in v.message


async def test_anthropic_valid_token_sent_as_bearer(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_TOKEN)
    v = await check(provider_server, ANTHROPIC, "token", ANT_TOKEN)
    assert (v.outcome, v.reason, v.attempts) == (Outcome.VALID, "ok", 1)
    [req] = provider_server.requests
    assert req.auth_headers() == {"authorization"}
    assert req.headers["authorization"] == f"Bearer {ANT_TOKEN}"
    assert req.headers["anthropic-beta"] == "oauth-2025-04-20"


@pytest.mark.parametrize(
    ("secret", "kind", "state", "outcome", "reason", "words"),
    [
        (
            ANT_TOKEN,
            "token",
            "claude_code_only",
            Outcome.LIMITED,
            "claude_code_only",
            "Claude Code",
        ),
        (ANT_KEY, "api_key", "no_credit", Outcome.LIMITED, "no_credit", "credit"),
        (ANT_KEY, "api_key", "spend_cap", Outcome.LIMITED, "no_credit", "usage limits"),
        (ANT_KEY, "api_key", "restricted", Outcome.LIMITED, "restricted", "permission"),
        (ANT_TOKEN, "token", "expired", Outcome.REJECTED, "expired", "`claude setup-token`"),
        (ANT_TOKEN, "token", "invalid_token", Outcome.REJECTED, "invalid", "claude setup-token"),
        (ANT_KEY, "api_key", "revoked", Outcome.REJECTED, "invalid", "new key"),
        (ANT_KEY, "api_key", "org_disabled", Outcome.REJECTED, "invalid", "disabled"),
    ],
)
async def test_anthropic_outcomes(
    provider_server: ProviderServer,
    secret: str,
    kind: Kind,
    state: str,
    outcome: Outcome,
    reason: str,
    words: str,
) -> None:
    provider_server.add_credential("anthropic", secret, state)
    v = await check(provider_server, ANTHROPIC, kind, secret)
    assert (v.outcome, v.reason, v.attempts) == (outcome, reason, 1)
    assert words in v.message
    assert v.request_id and v.request_id in v.message


async def test_anthropic_unknown_key_is_invalid(provider_server: ProviderServer) -> None:
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY)
    assert (v.outcome, v.reason, v.status) == (Outcome.REJECTED, "invalid", 401)
    assert "invalid x-api-key" in v.message and "console.anthropic.com" in v.message


async def test_anthropic_garbled_token_is_truncated(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_TOKEN)
    cut = ANT_TOKEN[:80]  # the first line of a wrapped paste
    v = await check(provider_server, ANTHROPIC, "token", cut)
    assert (v.outcome, v.reason) == (Outcome.REJECTED, "truncated")
    assert "line wrap" in v.message and "Invalid bearer token" in v.message


@pytest.mark.parametrize(
    ("kind", "secret", "says"),
    [("api_key", ANT_TOKEN, "setup token"), ("token", ANT_KEY, "API key")],
)
async def test_anthropic_wrong_kind_is_never_sent(
    provider_server: ProviderServer, kind: Kind, secret: str, says: str
) -> None:
    provider_server.add_credential("anthropic", ANT_TOKEN)
    provider_server.add_credential("anthropic", ANT_KEY)
    v = await check(provider_server, ANTHROPIC, kind, secret)
    assert (v.outcome, v.reason, v.attempts) == (Outcome.REJECTED, "wrong_kind", 0)
    assert says in v.message
    assert provider_server.requests == []


# --- OpenAI, OpenRouter, Gemini -----------------------------------------------------------------

OPENAI_KEY = fake("sk-proj-", "0pn41K3y", 150)
OR_KEY = fake("sk-or-v1-", "0f1e2d3c", 64)
GEMINI_KEY = fake("AIzaSy", "Gm1n1K3yX", 33)


@pytest.mark.parametrize(
    ("provider", "secret", "state", "outcome", "reason", "status", "words"),
    [
        ("openai", OPENAI_KEY, "valid", Outcome.VALID, "ok", 200, "accepts this API key"),
        ("openai", OPENAI_KEY, None, Outcome.REJECTED, "invalid", 401, "Incorrect API key"),
        ("openai", OPENAI_KEY, "restricted", Outcome.LIMITED, "restricted", 401, "Missing scopes"),
        ("openai", OPENAI_KEY, "no_credit", Outcome.LIMITED, "no_credit", 429, "quota"),
        ("openrouter", OR_KEY, "valid", Outcome.VALID, "ok", 200, "OpenRouter"),
        ("openrouter", OR_KEY, None, Outcome.REJECTED, "invalid", 401, "User not found"),
        ("openrouter", OR_KEY, "no_credit", Outcome.LIMITED, "no_credit", 402, "Insufficient"),
        ("openrouter", OR_KEY, "key_limit", Outcome.LIMITED, "no_credit", 200, "limit"),
        ("google", GEMINI_KEY, "valid", Outcome.VALID, "ok", 200, "Gemini"),
        ("google", GEMINI_KEY, None, Outcome.REJECTED, "invalid", 400, "API key not valid"),
        ("google", GEMINI_KEY, "expired", Outcome.REJECTED, "expired", 400, "new key"),
        ("google", GEMINI_KEY, "restricted", Outcome.LIMITED, "restricted", 403, "blocked"),
        ("google", GEMINI_KEY, "location", Outcome.LIMITED, "restricted", 400, "location"),
    ],
)
async def test_key_providers(
    provider_server: ProviderServer,
    provider: str,
    secret: str,
    state: str | None,
    outcome: Outcome,
    reason: str,
    status: int,
    words: str,
) -> None:
    if state:
        provider_server.add_credential(provider, secret, state)
    v = await check(provider_server, PROVIDERS[provider], "api_key", secret)
    assert (v.outcome, v.reason, v.status, v.attempts) == (outcome, reason, status, 1)
    assert words in v.message
    [req] = provider_server.requests
    expected = "x-goog-api-key" if provider == "google" else "authorization"
    assert req.auth_headers() == {expected}


async def test_openai_echoed_key_is_scrubbed(provider_server: ProviderServer) -> None:
    v = await check(provider_server, OPENAI, "api_key", OPENAI_KEY)
    assert "[redacted]" in v.message and OPENAI_KEY[-4:] + "." not in v.message
    assert v.request_id and v.request_id.startswith("req_")


# --- MiniMax and the other regions ---------------------------------------------------------------

MINIMAX_KEY = fake("sk-cp-", "M1n1M4x", 90)


async def test_minimax_valid_key_one_request(provider_server: ProviderServer) -> None:
    provider_server.add_credential("minimax", MINIMAX_KEY)
    v = await check(provider_server, MINIMAX, "api_key", MINIMAX_KEY, regions=True)
    assert (v.outcome, v.reason, v.status, v.attempts) == (Outcome.VALID, "ok", 400, 1)
    [req] = provider_server.requests
    assert (req.method, req.route) == ("POST", "minimax")
    assert req.headers["authorization"] == f"Bearer {MINIMAX_KEY}"


async def test_minimax_key_of_the_china_region(provider_server: ProviderServer) -> None:
    provider_server.add_credential("minimax-cn", MINIMAX_KEY)
    v = await check(provider_server, MINIMAX, "api_key", MINIMAX_KEY, regions=True)
    assert (v.outcome, v.reason, v.region, v.attempts) == (
        Outcome.REJECTED,
        "wrong_region",
        "cn",
        2,
    )
    assert "China" in v.message and provider_server.api_root("minimax-cn") in v.message
    assert [r.route for r in provider_server.requests] == ["minimax", "minimax-cn"]


async def test_minimax_invalid_everywhere(provider_server: ProviderServer) -> None:
    v = await check(provider_server, MINIMAX, "api_key", MINIMAX_KEY, regions=True)
    assert (v.outcome, v.reason, v.attempts) == (Outcome.REJECTED, "invalid", 2)


async def test_no_other_region_without_region_roots(provider_server: ProviderServer) -> None:
    provider_server.add_credential("minimax-cn", MINIMAX_KEY)
    v = await check(provider_server, MINIMAX, "api_key", MINIMAX_KEY)
    assert (v.outcome, v.reason, v.attempts) == (Outcome.REJECTED, "invalid", 1)


async def test_configured_for_china_does_not_probe_china_twice(
    provider_server: ProviderServer,
) -> None:
    provider_server.add_credential("minimax-cn", MINIMAX_KEY)
    v = await check(
        provider_server, MINIMAX, "api_key", MINIMAX_KEY, route="minimax-cn", regions=True
    )
    assert (v.outcome, v.attempts) == (Outcome.VALID, 1)


# --- generic OpenAI-compatible providers ---------------------------------------------------------

COMPAT = ["moonshot", "zai", "xai", "mistral", "groq", "deepseek"]


def compat_key(pid: str) -> str:
    prefix = PROVIDERS[pid].key_prefixes[0] if PROVIDERS[pid].key_prefixes else "sk-"
    return fake(prefix, f"{pid}K3y0", 64)


@pytest.mark.parametrize("pid", COMPAT)
@pytest.mark.parametrize(
    ("state", "outcome", "reason"),
    [
        ("valid", Outcome.VALID, "ok"),
        (None, Outcome.REJECTED, "invalid"),
        ("no_credit", Outcome.LIMITED, "no_credit"),
        ("restricted", Outcome.LIMITED, "restricted"),
    ],
)
async def test_compat_providers(
    provider_server: ProviderServer, pid: str, state: str | None, outcome: Outcome, reason: str
) -> None:
    key = compat_key(pid)
    if state:
        provider_server.add_credential(pid, key, state)
    v = await check(provider_server, PROVIDERS[pid], "api_key", key, regions=True)
    assert (v.outcome, v.reason) == (outcome, reason)
    requests = provider_server.requests_to(pid)
    assert len(requests) == 1
    assert requests[0].headers["authorization"] == f"Bearer {key}"
    assert v.attempts == len(provider_server.requests)  # + one per other region on "invalid"


@pytest.mark.parametrize(
    ("state", "outcome", "reason"),
    [("disabled", Outcome.REJECTED, "invalid"), ("team_blocked", Outcome.LIMITED, "restricted")],
)
async def test_xai_key_flags(
    provider_server: ProviderServer, state: str, outcome: Outcome, reason: str
) -> None:
    key = compat_key("xai")
    provider_server.add_credential("xai", key, state)
    v = await check(provider_server, PROVIDERS["xai"], "api_key", key)
    assert (v.outcome, v.reason, v.status) == (outcome, reason, 200)


@pytest.mark.parametrize("pid", ["moonshot", "zai"])
async def test_compat_wrong_region(provider_server: ProviderServer, pid: str) -> None:
    key = compat_key(pid)
    provider_server.add_credential(f"{pid}-cn", key)
    v = await check(provider_server, PROVIDERS[pid], "api_key", key, regions=True)
    assert (v.outcome, v.reason, v.region) == (Outcome.REJECTED, "wrong_region", "cn")
    assert "China" in v.message


# --- retries ---------------------------------------------------------------------------------


async def test_429_retries_honour_retry_after(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault("anthropic", "429", times=2, retry_after="3")
    sleeps = Sleeps()
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY, sleep=sleeps)
    assert (v.outcome, v.attempts) == (Outcome.VALID, 3)
    assert sleeps.waits == [3.0, 3.0]
    assert len(provider_server.requests) == 3


async def test_retries_stop_after_two(provider_server: ProviderServer) -> None:
    provider_server.add_credential("openai", OPENAI_KEY)
    provider_server.fault("openai", "429", times=10, retry_after="2")
    sleeps = Sleeps()
    v = await check(provider_server, OPENAI, "api_key", OPENAI_KEY, sleep=sleeps)
    assert (v.outcome, v.reason, v.status, v.attempts) == (
        Outcome.UNVERIFIED,
        "rate_limited",
        429,
        3,
    )
    assert sleeps.waits == [2.0, 2.0]
    assert len(provider_server.requests) == 3
    assert "3 attempts" in v.message


@pytest.mark.parametrize(
    ("retry_after", "retry_after_ms", "expected"),
    [("120", None, 10.0), ("1", "1500", 1.5), ("0", None, 0.0)],
)
async def test_retry_after_forms_and_cap(
    provider_server: ProviderServer,
    retry_after: str,
    retry_after_ms: str | None,
    expected: float,
) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault(
        "anthropic", "529", retry_after=retry_after, retry_after_ms=retry_after_ms
    )
    sleeps = Sleeps()
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY, sleep=sleeps)
    assert (v.outcome, v.attempts) == (Outcome.VALID, 2)
    assert sleeps.waits == [expected]


async def test_retry_after_http_date(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    when = email.utils.formatdate(time.time() + 6, usegmt=True)
    provider_server.fault("anthropic", "429", retry_after=when)
    sleeps = Sleeps()
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY, sleep=sleeps)
    assert v.outcome is Outcome.VALID
    [wait] = sleeps.waits
    assert 3.0 <= wait <= 6.0


@pytest.mark.parametrize(
    ("fault", "reason", "status"),
    [("529", "overloaded", 529), ("500", "server_error", 500), ("503", "server_error", 503)],
)
async def test_provider_down_is_unverified(
    provider_server: ProviderServer, fault: str, reason: str, status: int
) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault("anthropic", fault, times=3, retry_after=None)  # type: ignore[arg-type]
    sleeps = Sleeps()
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY, sleep=sleeps)
    assert (v.outcome, v.reason, v.status, v.attempts) == (Outcome.UNVERIFIED, reason, status, 3)
    assert sleeps.waits == [0.5, 1.0]  # no retry-after: short backoff


async def test_429_without_retry_after_is_not_retried(provider_server: ProviderServer) -> None:
    provider_server.add_credential("google", GEMINI_KEY)
    provider_server.fault("google", "429", times=3, retry_after=None)
    sleeps = Sleeps()
    v = await check(provider_server, GOOGLE, "api_key", GEMINI_KEY, sleep=sleeps)
    assert (v.outcome, v.reason, v.attempts, sleeps.waits) == (
        Outcome.UNVERIFIED,
        "rate_limited",
        1,
        [],
    )


async def test_spend_cap_is_not_retried(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_KEY, "spend_cap")
    sleeps = Sleeps()
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY, sleep=sleeps)
    assert (v.outcome, v.reason, v.attempts, sleeps.waits) == (
        Outcome.LIMITED,
        "no_credit",
        1,
        [],
    )


async def test_no_retry_when_the_wait_exceeds_the_budget(
    provider_server: ProviderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_module, "TOTAL_BUDGET", 5.0)
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault("anthropic", "429", times=3, retry_after="8")
    sleeps = Sleeps()
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY, sleep=sleeps)
    assert (v.reason, v.attempts, sleeps.waits) == ("rate_limited", 1, [])


# --- proxies, timeouts, connections ---------------------------------------------------------------


async def test_html_502_is_a_proxy(provider_server: ProviderServer) -> None:
    provider_server.add_credential("openrouter", OR_KEY)
    provider_server.fault("openrouter", "html502", times=3)
    v = await check(provider_server, PROVIDERS["openrouter"], "api_key", OR_KEY)
    assert (v.outcome, v.reason, v.status, v.attempts) == (Outcome.UNVERIFIED, "proxy", 502, 3)
    assert "proxy" in v.message and "HTTPS_PROXY" in v.message


async def test_html_502_once_then_valid(provider_server: ProviderServer) -> None:
    provider_server.add_credential("openrouter", OR_KEY)
    provider_server.fault("openrouter", "html502", times=1)
    v = await check(provider_server, PROVIDERS["openrouter"], "api_key", OR_KEY)
    assert (v.outcome, v.attempts) == (Outcome.VALID, 2)


async def test_hung_server_times_out_within_the_timeout(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault("anthropic", "slow", times=5, delay=5.0)
    root = provider_server.api_root("anthropic")
    async with httpx.AsyncClient() as client:  # built outside the measured time
        start = time.monotonic()
        v = await validate(ANTHROPIC, "api_key", ANT_KEY, api_root=root, timeout=0.5, client=client)
        elapsed = time.monotonic() - start
    assert_no_secret(v, ANT_KEY)
    assert (v.outcome, v.reason, v.attempts) == (Outcome.UNVERIFIED, "timeout", 1)
    assert elapsed <= 0.5 * 1.1
    assert "0.5 s" in v.message
    assert len(provider_server.requests) == 1  # a timeout is not retried


async def test_whole_check_is_bounded(
    provider_server: ProviderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_module, "TOTAL_BUDGET", 0.4)
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault("anthropic", "slow", times=5, delay=5.0)
    start = time.monotonic()
    v = await check(provider_server, ANTHROPIC, "api_key", ANT_KEY, timeout=3.0)
    assert time.monotonic() - start < 1.0
    assert (v.outcome, v.reason, v.attempts) == (Outcome.UNVERIFIED, "timeout", 1)


async def test_cancellation_propagates(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault("anthropic", "slow", times=5, delay=5.0)
    root = provider_server.api_root("anthropic")
    task = asyncio.create_task(validate(ANTHROPIC, "api_key", ANT_KEY, api_root=root, timeout=4))
    while not provider_server.requests:
        await asyncio.sleep(0.01)
    start = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - start < 0.5


async def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = f"http://127.0.0.1:{port}/anthropic"
    v = await check(None, ANTHROPIC, "api_key", ANT_KEY, api_root=root)
    assert (v.outcome, v.reason, v.status, v.attempts) == (
        Outcome.UNVERIFIED,
        "connection",
        None,
        1,
    )
    assert f"127.0.0.1:{port}" in v.message and "refused" in v.message


async def test_dropped_connection(provider_server: ProviderServer) -> None:
    provider_server.add_credential("openai", OPENAI_KEY)
    provider_server.fault("openai", "close", times=3)
    v = await check(provider_server, OPENAI, "api_key", OPENAI_KEY)
    assert (v.outcome, v.reason, v.attempts) == (Outcome.UNVERIFIED, "connection", 1)


async def test_tls_failure(provider_server: ProviderServer) -> None:
    # https:// to the plain-HTTP server: the TLS handshake fails.
    root = provider_server.api_root("anthropic").replace("http://", "https://")
    v = await check(None, ANTHROPIC, "api_key", ANT_KEY, api_root=root)
    assert (v.outcome, v.reason) == (Outcome.UNVERIFIED, "tls")


@pytest.mark.parametrize(
    ("cause", "reason"),
    [
        (socket.gaierror(-2, "Name or service not known"), "dns"),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), "tls"),
        (ConnectionRefusedError(111, "Connection refused"), "connection"),
    ],
)
def test_connect_errors_by_cause(cause: Exception, reason: str) -> None:
    try:
        try:
            raise cause
        except OSError as exc:
            raise httpx.ConnectError("connect failed") from exc
    except httpx.ConnectError as exc:
        draft = classify_exception(
            exc,
            ANTHROPIC,
            "api_key",
            ANT_KEY,
            url="https://x.test/v1",
            timeout=1,
            connect_timeout=5,
        )
    assert (draft.outcome, draft.reason) == (Outcome.UNVERIFIED, reason)
    assert "x.test" in draft.message


async def test_wrong_base_url_is_a_bad_response(provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", ANT_KEY)
    root = provider_server.api_root("anthropic") + "/v1"  # the classic mistake
    v = await check(None, ANTHROPIC, "api_key", ANT_KEY, api_root=root)
    assert (v.outcome, v.reason, v.status) == (Outcome.UNVERIFIED, "bad_response", 404)
    assert "base URL" in v.message and "https://api.anthropic.com" in v.message


async def test_nothing_secret_is_logged(
    provider_server: ProviderServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    provider_server.add_credential("anthropic", ANT_KEY)
    provider_server.fault("anthropic", "500", times=1)
    await check(provider_server, ANTHROPIC, "api_key", ANT_KEY)
    await check(provider_server, ANTHROPIC, "token", ANT_TOKEN)
    assert caplog.records
    assert ANT_KEY not in caplog.text and ANT_TOKEN not in caplog.text


# --- base URL and loopback rules ------------------------------------------------------------------


def test_api_root_precedence() -> None:
    env = {"AUTHWIZARD_ANTHROPIC_BASE_URL": "https://env.example/"}
    config = "https://config.example"

    def root(explicit: str | None, env: dict[str, str], config: str | None) -> str:
        return resolve_api_root(ANTHROPIC, explicit=explicit, env=env, config_base_url=config)

    assert root("https://answers.example", env, config) == "https://answers.example"
    assert root(None, env, config) == "https://env.example"
    assert root(None, {}, config) == "https://config.example"
    assert root(None, {}, None) == "https://api.anthropic.com"
    assert root("", {"AUTHWIZARD_ANTHROPIC_BASE_URL": " "}, None) == "https://api.anthropic.com"
    assert (
        resolve_api_root(
            PROVIDERS["zai"],
            explicit=None,
            env={"AUTHWIZARD_ZAI_BASE_URL": "https://zai.example/api"},
            config_base_url=None,
        )
        == "https://zai.example/api"
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1",
        "http://0.0.0.0:8080",
        "http://api.anthropic.com",
        "http://127.0.0.1.nip.io",
        "http://[::]:80",
        "ftp://127.0.0.1",
        "api.anthropic.com",
    ],
)
def test_refused_roots(url: str) -> None:
    with pytest.raises(UsageError) as info:
        resolve_api_root(ANTHROPIC, explicit=url, env={}, config_base_url=None)
    assert info.value.exit_code == ExitCode.USAGE
    assert url.rstrip("/") in str(info.value)
    assert info.value.fix


def test_refusal_names_the_source_and_fix() -> None:
    env = {"AUTHWIZARD_OPENAI_BASE_URL": "http://10.0.0.1/v1"}
    with pytest.raises(UsageError) as info:
        resolve_api_root(OPENAI, explicit=None, env=env, config_base_url=None)
    text = str(info.value)
    assert "AUTHWIZARD_OPENAI_BASE_URL" in text and "http://10.0.0.1/v1" in text
    assert "https://10.0.0.1/v1" in text and "loopback" in text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.5:9/x",
        "http://127.255.255.254",
        "http://[::1]:8787",
        "http://localhost:8787/",
        "http://LOCALHOST",
        "https://10.0.0.1",
        "https://0.0.0.0",
        "https://api.anthropic.com",
    ],
)
def test_allowed_roots(url: str) -> None:
    assert resolve_api_root(ANTHROPIC, explicit=url, env={}, config_base_url=None) == url.rstrip(
        "/"
    )


async def test_refusal_happens_before_any_connection(provider_server: ProviderServer) -> None:
    # 0.0.0.0:PORT would reach the loopback server if it were tried.
    provider_server.add_credential("anthropic", ANT_KEY)
    root = f"http://0.0.0.0:{provider_server.port}/anthropic"
    with pytest.raises(UsageError):
        await validate(ANTHROPIC, "api_key", ANT_KEY, api_root=root)
    with pytest.raises(UsageError):
        await validate(
            MINIMAX,
            "api_key",
            MINIMAX_KEY,
            api_root=provider_server.api_root("minimax"),
            region_roots={"cn": f"http://0.0.0.0:{provider_server.port}/minimax-cn"},
        )
    assert provider_server.requests == []


def test_region_roots() -> None:
    assert resolve_region_roots(MINIMAX, {}) == {"cn": "https://api.minimaxi.com"}
    env = {"AUTHWIZARD_MINIMAX_CN_BASE_URL": "http://127.0.0.1:9/minimax-cn/"}
    assert resolve_region_roots(MINIMAX, env) == {"cn": "http://127.0.0.1:9/minimax-cn"}
    assert resolve_region_roots(OPENAI, env) == {}
    with pytest.raises(UsageError) as info:
        resolve_region_roots(MINIMAX, {"AUTHWIZARD_MINIMAX_CN_BASE_URL": "http://10.1.2.3"})
    assert "AUTHWIZARD_MINIMAX_CN_BASE_URL" in str(info.value)


def test_server_env_matches_the_resolvers(provider_server: ProviderServer) -> None:
    env = provider_server.env()
    for provider in PROVIDERS.values():
        got = resolve_api_root(provider, explicit=None, env=env, config_base_url=None)
        assert got == provider_server.api_root(provider.id)
        assert resolve_region_roots(provider, env) == provider_server.region_roots(provider.id)


def test_loopback_only_checks_skip_the_ca_bundle_but_stay_fail_closed() -> None:
    ctx = validate_module._tls_for(["http://127.0.0.1:9/anthropic"])
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    assert ctx.get_ca_certs() == []  # trusts nothing: any TLS handshake would fail
    assert validate_module._tls_for(["http://[::1]:9", "https://api.minimaxi.com"]).get_ca_certs()
