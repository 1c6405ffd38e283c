"""Live validation of one credential: one cheap request, classified (DESIGN §5, §8).

Async httpx; never imports textual. The secret travels only in request headers: it is never
logged, never put in a URL, a message or an exception. Classification lives in ``classify``.
"""


import functools
import logging
import os
import ssl
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from typing import Any, NamedTuple, TypeVar

import httpx

from wizard import __version__
from wizard.errors import UsageError
from wizard.providers.classify import (
    REASONS,
    Draft,
    Outcome,
    Verdict,
    classify_exception,
    classify_response,
    host_of,
)
from wizard.providers.deadline import Deadline
from wizard.providers.proxies import proxy_problem
from wizard.providers.roots import (
    base_url_var,
    check_root,
    is_loopback_host,
    resolve_api_root,
    resolve_region_roots,
)
from wizard.spec.registry import CredentialType, Provider

__all__ = [
    "REASONS",
    "Outcome",
    "Verdict",
    "base_url_var",
    "is_loopback_host",
    "request_headers",
    "resolve_api_root",
    "resolve_region_roots",
    "validate",
    "validate_sync",
]

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
MAX_RETRIES = 2  # on 429 with retry-after, 529, 5xx
RETRY_CAP = 10.0  # longest wait we honour between attempts, seconds
BACKOFF = (0.5, 1.0)  # waits when a retryable answer names none
TOTAL_BUDGET = 30.0  # the whole check, retries and region probes included
MAX_BODY = 256 * 1024

Kind = CredentialType  # "api_key" | "token" | "oauth"


# --- headers ------------------------------------------------------------------------------------


def _unsendable(secret: str) -> str | None:
    """Why ``secret`` cannot go into a header, by position only (never the value)."""
    if not secret:
        return "the credential is empty"
    for i, ch in enumerate(secret, 1):
        if not "\x21" <= ch <= "\x7e":
            what = {" ": "a space", "\n": "a line break", "\r": "a line break", "\t": "a tab"}
            desc = what.get(ch, f"the character U+{ord(ch):04X}")
            return f"the credential contains {desc} at character {i}"
    return None


def request_headers(provider: Provider, kind: Kind, secret: str) -> dict[str, str]:
    """The headers one credential needs, and only those (reference/provider-auth.md §1.2).

    API keys go in the provider's key header (``x-api-key``, ``x-goog-api-key`` or Bearer);
    setup/OAuth tokens always as ``Authorization: Bearer`` plus the provider's token headers
    (Anthropic: ``anthropic-beta: oauth-2025-04-20``). Never both auth headers. No client
    impersonation headers (reference §0). Raises ``UsageError`` for a secret that cannot be sent.
    """
    problem = _unsendable(secret)
    if problem:
        raise UsageError(problem, "paste the credential again: one line, no spaces or quotes")
    headers = {"User-Agent": f"authwizard/{__version__}", "Accept": "application/json"}
    headers.update(provider.extra_headers)
    if kind == "api_key" and provider.auth_style == "x-api-key":
        headers["x-api-key"] = secret
    elif kind == "api_key" and provider.auth_style == "x-goog-api-key":
        headers["x-goog-api-key"] = secret
    else:
        headers["Authorization"] = f"Bearer {secret}"
        if kind != "api_key":
            headers.update(provider.token_headers)
    return headers


# --- the check ---------------------------------------------------------------------------------


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Built once per process: loading the CA bundle costs more than a loopback check.
    return httpx.create_ssl_context()


def _client_options(roots: list[str]) -> dict[str, Any]:
    """How a client for these roots connects: TLS, and which proxies it may use.

    A plain-``http://`` root is always loopback (``check_root``) and never goes through a proxy:
    httpx would otherwise send the request, credential header and all, in clear text to
    ``HTTP_PROXY``/``ALL_PROXY``. Only ``https://`` roots honour the environment's proxy
    variables (``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``), which tunnel TLS end to end.
    """
    options: dict[str, Any] = {"verify": _tls_for(roots), "follow_redirects": False}
    if all(root.startswith("http://") for root in roots):
        options["trust_env"] = False
    else:
        options["mounts"] = {"http://": None}  # None: the client's own direct transport
    return options


_ClientT = TypeVar("_ClientT", httpx.Client, httpx.AsyncClient)


def _new_client(factory: type[_ClientT], roots: list[str]) -> _ClientT | Verdict:
    """A client for ``roots``, or the could-not-verify verdict when the environment's proxy
    settings cannot be used (a SOCKS proxy without socksio, a malformed URL): nothing is sent."""
    try:
        return factory(**_client_options(roots))
    except (ImportError, ValueError, TypeError, httpx.InvalidURL):
        message = f"could not verify: {proxy_problem(os.environ)}; nothing was sent"
        return Verdict(Outcome.UNVERIFIED, "proxy", message, None, None, 0)


def _tls_for(roots: list[str]) -> ssl.SSLContext:
    if all(root.startswith("http://") for root in roots):
        # Only loopback http:// roots and no redirects followed: no TLS can happen. A context
        # that trusts nothing (fail-closed) spares loading the CA bundle (~17 ms, DESIGN §7).
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return _ssl_context()


class Attempt(NamedTuple):
    """One request the driver must send, and classify, for the check."""

    method: str
    url: str
    timeout: float  # read timeout for this attempt, seconds


class Wait(NamedTuple):
    seconds: float


Step = Attempt | Wait
Check = Generator[Step, "Draft | None", Verdict]


def _out_of_time(provider: Provider, attempts: int, budget: float) -> Verdict:
    message = (
        f"could not verify: the check of {provider.name} did not finish within "
        f"{budget:g} s; check your network or proxy and try again"
    )
    return Verdict(Outcome.UNVERIFIED, "timeout", message, None, None, attempts)


def _check(
    provider: Provider,
    root: str,
    others: Mapping[str, str],
    timeout: float,
    budget: float,
    clock: Callable[[], float] = time.monotonic,
    retries: int = MAX_RETRIES,
) -> Check:
    """The check as a sans-I/O generator: it yields what to send or how long to wait, gets
    each answer classified, and returns the verdict. Drivers: ``validate`` (async, for the
    TUI) and ``validate_sync`` (no asyncio import: the headless replay)."""
    deadline = clock() + budget
    attempts = 0

    def attempt(root_url: str) -> Attempt:
        read = max(0.1, min(timeout, deadline - clock()))
        return Attempt(provider.probe.method, root_url + provider.probe.path, read)


    draft: Draft | None = None
    for retry in range(retries + 1):
        if clock() >= deadline:
            return _out_of_time(provider, attempts, budget)
        attempts += 1
        draft = yield attempt(root)
        assert draft is not None
        if not draft.retryable or retry == retries:
            break
        wait = draft.retry_after if draft.retry_after is not None else BACKOFF[retry]
        wait = min(wait, RETRY_CAP)
        if clock() + wait >= deadline:
            break
        yield Wait(wait)
    assert draft is not None
    if draft.outcome is Outcome.REJECTED and draft.reason == "invalid":
        # After a plain rejection, ask each other region once; a region that accepts the key
        # turns the rejection into ``wrong_region``.
        for region_id, region_root in others.items():
            if clock() >= deadline:
                break
            attempts += 1
            found = yield attempt(region_root)
            assert found is not None
            if found.outcome not in (Outcome.VALID, Outcome.LIMITED):
                continue
            region = next((r for r in provider.regions if r.id == region_id), None)
            message = (
                f"wrong region: {provider.name} rejected the key at {host_of(root)}, "
                f"but its {region.name if region else region_id} endpoint accepted it; use "
                f"that region's API root ({region_root}) as the base URL"
            )
            draft = Draft(
                Outcome.REJECTED, "wrong_region", message, draft.status, draft.request_id,
                region=region_id,
            )
            break
    return draft.verdict(attempts)


class _Exchange(NamedTuple):
    """What both drivers send for each attempt, and how they read what comes back."""

    provider: Provider
    kind: Kind
    secret: str
    headers: dict[str, str]

    def request(self, step: Attempt, deadline: Deadline | None = None) -> dict[str, Any]:
        return {
            "extensions": {"trace": deadline.trace} if deadline else {},
            "method": step.method,
            "url": step.url,
            "headers": self.headers,
            "json": self.provider.probe.json_body,
            "timeout": httpx.Timeout(step.timeout, connect=CONNECT_TIMEOUT),
            "follow_redirects": False,  # a redirect would carry the key to another host
        }

    def failed(self, step: Attempt, exc: httpx.HTTPError) -> Draft:
        log.debug("probe %s %s failed: %s", step.method, step.url, type(exc).__name__)
        return classify_exception(
            exc, self.provider, self.kind, self.secret, url=step.url, timeout=step.timeout,
            connect_timeout=CONNECT_TIMEOUT,
        )

    def answered(self, step: Attempt, response: httpx.Response, body: bytes) -> Draft:
        log.debug("probe %s %s -> %d", step.method, step.url, response.status_code)
        return classify_response(
            self.provider, self.kind, self.secret, status=response.status_code,
            headers=response.headers, body=body, url=step.url,
        )


def _prepare(
    provider: Provider, kind: Kind, secret: str, api_root: str,
    region_roots: Mapping[str, str] | None,
) -> tuple[dict[str, str], str, dict[str, str], Verdict | None]:
    headers = request_headers(provider, kind, secret)
    root = check_root(api_root, "api_root")
    others: dict[str, str] = {}
    for region_id, region_root in (region_roots or {}).items():
        checked = check_root(region_root, f"region {region_id}")
        if checked != root:
            others[region_id] = checked
    return headers, root, others, _kind_mismatch(provider, kind, secret)


def _kind_mismatch(provider: Provider, kind: CredentialType, secret: str) -> Verdict | None:
    """A setup token given as an API key, or the reverse, known by its prefix: never sent."""
    if not provider.token_prefixes:
        return None  # the provider has API keys only: nothing to confuse
    if kind == "api_key" and secret.startswith(provider.token_prefixes):
        said, fix = "a setup token, not an API key", "choose the setup-token method"
    elif kind != "api_key" and provider.key_prefixes and secret.startswith(provider.key_prefixes):
        said, fix = "an API key, not a setup token", "choose the API-key method"
    else:
        return None
    message = f"wrong kind: this looks like {said} for {provider.name}; {fix}"
    return Verdict(Outcome.REJECTED, "wrong_kind", message, None, None, 0)


async def validate(
    provider: Provider,
    kind: Kind,
    secret: str,
    *,
    api_root: str,
    region_roots: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    client: httpx.AsyncClient | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    budget: float | None = None,
    retries: int = MAX_RETRIES,
) -> Verdict:
    """Check one credential live. Exactly one request when it is valid; at most 2 retries on
    429-with-retry-after/529/5xx; ends within ``TOTAL_BUDGET`` seconds; cancellable.

    ``region_roots`` (from ``resolve_region_roots``) enables the wrong-region check: without it
    no other host is ever contacted. Raises ``UsageError`` (before any connection) for a root
    that may not carry a credential or a secret that cannot be sent.
    """
    import asyncio

    headers, root, others, mismatch = _prepare(provider, kind, secret, api_root, region_roots)
    if mismatch:
        return mismatch
    pause = sleep or asyncio.sleep
    budget = TOTAL_BUDGET if budget is None else budget
    own = None
    if client is None:
        built = _new_client(httpx.AsyncClient, [root, *others.values()])
        if isinstance(built, Verdict):
            return built
        own = client = built
    check = _check(provider, root, others, timeout, budget, retries=retries)
    exchange = _Exchange(provider, kind, secret, headers)
    sent = 0
    try:
        async with asyncio.timeout(budget):
            answer: Draft | None = None
            while True:
                try:
                    step = check.send(answer)
                except StopIteration as done:
                    verdict: Verdict = done.value
                    return verdict
                answer = None
                if isinstance(step, Wait):
                    await pause(step.seconds)
                    continue
                sent += 1
                try:
                    async with client.stream(**exchange.request(step)) as response:
                        body = bytearray()
                        async for chunk in response.aiter_bytes():
                            body += chunk
                            if len(body) > MAX_BODY:
                                break
                except httpx.HTTPError as exc:
                    answer = exchange.failed(step, exc)
                    continue
                answer = exchange.answered(step, response, bytes(body))
    except TimeoutError:
        check.close()
        return _out_of_time(provider, sent, budget)
    finally:
        if own is not None:
            await own.aclose()


def validate_sync(
    provider: Provider,
    kind: Kind,
    secret: str,
    *,
    api_root: str,
    region_roots: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    budget: float | None = None,
    retries: int = MAX_RETRIES,
) -> Verdict:
    """``validate`` without an event loop, for headless runs: the same check, same verdicts,
    the same end within ``TOTAL_BUDGET`` seconds however slowly the server answers.
    (Importing asyncio and anyio's backend costs more than the whole loopback check.)"""
    headers, root, others, mismatch = _prepare(provider, kind, secret, api_root, region_roots)
    if mismatch:
        return mismatch
    budget = TOTAL_BUDGET if budget is None else budget
    own = None
    if client is None:
        built = _new_client(httpx.Client, [root, *others.values()])
        if isinstance(built, Verdict):
            return built
        own = client = built
    check = _check(provider, root, others, timeout, budget, retries=retries)
    exchange = _Exchange(provider, kind, secret, headers)
    deadline = Deadline(budget)
    sent = 0
    try:
        answer: Draft | None = None
        while True:
            try:
                step = check.send(answer)
            except StopIteration as done:
                verdict: Verdict = done.value
                return verdict
            answer = None
            if isinstance(step, Wait):
                sleep(step.seconds)
                continue
            sent += 1
            try:
                with client.stream(**exchange.request(step, deadline)) as response:
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > MAX_BODY:
                            break
            except httpx.HTTPError as exc:
                if deadline.expired:
                    check.close()
                    return _out_of_time(provider, sent, budget)
                answer = exchange.failed(step, exc)
                continue
            answer = exchange.answered(step, response, bytes(body))
    finally:
        deadline.cancel()
        if own is not None:
            own.close()
