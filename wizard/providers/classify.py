"""Turn one answer of a provider's validation probe into an outcome (DESIGN §5, §8).

Pure: no I/O, no httpx requests. Provider-specific facts come from the registry entry (the probe's
accept/reject statuses, docs URL, token command); the wordings matched below are the providers'
own error messages (reference/provider-auth.md §1.3, §1.5, §3–§7). Every message is built from
plain words plus the API's own reason, scrubbed of anything that looks like a credential.
"""

from __future__ import annotations

import email.utils
import functools
import json
import re
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

import httpx

from wizard.core.paste import known_prefixes, redact
from wizard.providers.registry import CredentialType, Provider


class Outcome(StrEnum):
    VALID = "valid"
    LIMITED = "limited"  # valid but limited: write, exit 0, warn
    REJECTED = "rejected"  # exit 3
    UNVERIFIED = "unverified"  # could not verify: exit 4 unless on_unverified = "save"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: str  # a stable code, see REASONS
    message: str  # plain words + the fix; never the secret
    status: int | None
    request_id: str | None
    attempts: int  # HTTP requests sent
    region: str | None = None  # for wrong_region: the region id that accepted the key


REASONS = frozenset(
    {
        "ok", "claude_code_only", "no_credit", "restricted", "invalid", "expired", "truncated",
        "wrong_region", "wrong_kind", "rate_limited", "overloaded", "server_error", "timeout",
        "connection", "dns", "tls", "proxy", "bad_response",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """A verdict before the attempts are counted, plus what the retry loop needs."""

    outcome: Outcome
    reason: str
    message: str
    status: int | None = None
    request_id: str | None = None
    retryable: bool = False
    retry_after: float | None = None  # what the server asked for, in seconds, uncapped
    region: str | None = None

    def verdict(self, attempts: int) -> Verdict:
        message = self.message
        if self.outcome is Outcome.UNVERIFIED and attempts > 1:
            message += f" (gave up after {attempts} attempts)"
        if self.request_id:
            message += f" (request-id {self.request_id})"
        return Verdict(
            self.outcome, self.reason, message, self.status, self.request_id, attempts, self.region
        )


# --- scrubbing --------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9_\-]{12,}")
_DETAIL_MAX = 160


@functools.cache
def _tokenish() -> re.Pattern[str]:
    """Anything starting with a credential prefix the registry knows, masked or not."""
    prefixes = "|".join(map(re.escape, known_prefixes()))
    return re.compile(rf"(?<![A-Za-z0-9_-])(?:{prefixes})(?:[\w\-*.…]*[\w*])?")


def scrub(text: str, secret: str) -> str:
    """``text`` without the secret (shown redacted), without any 12+ character piece of it, and
    without anything shaped like a key (APIs echo masked keys: "Incorrect API key provided:
    sk-proj-****abcd")."""
    if secret:
        text = text.replace(secret, redact(secret))
    text = _tokenish().sub("[redacted]", text)
    text = _WORD.sub(
        lambda m: "[redacted]" if secret and m.group(0) in secret else m.group(0), text
    )
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_MAX else text[: _DETAIL_MAX - 1] + "…"


# --- the API's error, whatever its shape ------------------------------------------------------


@dataclass(frozen=True)
class ApiError:
    message: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)  # type, code, status, reasons (lower)
    request_id: str | None = None


def _tag(value: object) -> list[str]:
    return [str(value).lower()] if isinstance(value, str | int) and str(value) else []


def parse_error(doc: object) -> ApiError:
    """Anthropic ``{"type":"error","error":{type,message,details},"request_id"}``, OpenAI
    ``{"error":{message,type,code}}``, OpenRouter ``{"error":{code,message}}``, Google
    ``{"error":{code,message,status,details:[{reason}]}}``, xAI ``{"code","error":"…"}``,
    MiniMax ``{"base_resp":{status_code,status_msg}}``, Mistral ``{"message"}``."""
    if not isinstance(doc, dict):
        return ApiError()
    err = doc.get("error")
    tags: list[str] = []
    message: object = ""
    request_id = doc.get("request_id")
    if isinstance(err, dict):
        message = err.get("message", "")
        for key in ("type", "code", "status"):
            tags += _tag(err.get(key))
        details = err.get("details")
        for item in details if isinstance(details, list) else [details]:
            if isinstance(item, dict):
                tags += _tag(item.get("reason")) + _tag(item.get("error_code"))
        request_id = request_id or err.get("request_id")
    elif isinstance(err, str):
        message = err
        tags += _tag(doc.get("code"))
    elif isinstance(doc.get("base_resp"), dict):
        message = doc["base_resp"].get("status_msg", "")
        tags += [f"base_resp:{t}" for t in _tag(doc["base_resp"].get("status_code"))]
    else:
        message = doc.get("message") or doc.get("detail") or ""
    return ApiError(
        message if isinstance(message, str) else "",
        frozenset(tags),
        request_id if isinstance(request_id, str) else None,
    )


def _rule(err: ApiError, has_retry_after: bool) -> tuple[Outcome, str] | None:
    """The answers recognised by their wording, whatever the status (reference §1.3, §1.5, §10)."""
    text, tags = err.message.lower(), err.tags
    if "only authorized for use with claude code" in text:
        return Outcome.LIMITED, "claude_code_only"
    if (
        "credit balance is too low" in text
        or "insufficient_quota" in tags
        or "insufficient credits" in text
        or "insufficient balance" in text
        or "insufficient_balance" in tags
        or "base_resp:1008" in tags  # MiniMax: insufficient balance
        or ("enforced_spend_limit_reached" in tags and not has_retry_after)
    ):
        return Outcome.LIMITED, "no_credit"
    if "missing scopes" in text or "user location is not supported" in text:
        return Outcome.LIMITED, "restricted"
    if "api_key_expired" in tags or "token has expired" in text or "key expired" in text:
        return Outcome.REJECTED, "expired"
    if "invalid bearer token" in text:
        return Outcome.REJECTED, "truncated"
    if "oauth authentication is currently not supported" in text:
        return Outcome.REJECTED, "wrong_kind"
    if (
        "api_key_invalid" in tags
        or "organization has been disabled" in text
        or tags & {"base_resp:2049", "base_resp:1004"}  # MiniMax: invalid key / not logged in
    ):
        return Outcome.REJECTED, "invalid"
    return None


def _ok_body(doc: object) -> tuple[Outcome, str, str] | None:
    """Accepted answers whose body still says the key cannot be used."""
    if not isinstance(doc, dict):
        return None
    if doc.get("api_key_disabled") is True or doc.get("api_key_blocked") is True:  # xAI
        return Outcome.REJECTED, "invalid", "the key is disabled or blocked"
    if doc.get("team_blocked") is True:  # xAI
        return Outcome.LIMITED, "restricted", "the team is blocked"
    data = doc.get("data")
    remaining = data.get("limit_remaining") if isinstance(data, dict) else None
    if isinstance(remaining, int | float) and not isinstance(remaining, bool) and remaining <= 0:
        return Outcome.LIMITED, "no_credit", "the key's credit limit is used up"  # OpenRouter
    base = doc.get("base_resp")
    if isinstance(base, dict) and base.get("status_code") not in (None, 0):  # MiniMax native
        err = parse_error(doc)
        found = _rule(err, has_retry_after=False)
        if found:
            return found[0], found[1], err.message
    return None


# --- retry-after -------------------------------------------------------------------------------


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait: ``retry-after-ms``, else ``retry-after`` given as
    seconds or as an HTTP-date. ``None`` when absent or unreadable."""
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# --- messages ----------------------------------------------------------------------------------


def _what(kind: CredentialType) -> str:
    return {"api_key": "API key", "token": "setup token", "oauth": "OAuth token"}[kind]


def host_of(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or url
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host


def _renew(provider: Provider, kind: CredentialType) -> str:
    if kind != "api_key" and provider.setup_command:
        return f"run `{provider.setup_command}` again and paste the new token"
    where = f" at {provider.docs_url}" if provider.docs_url else f" in the {provider.name} console"
    return f"create a new key{where}"


def _because(detail: str) -> str:
    return f" ({detail})" if detail else ""


def message_for(
    reason: str,
    provider: Provider,
    kind: CredentialType,
    *,
    detail: str = "",
    status: int | None = None,
    url: str = "",
) -> str:
    """Plain words and the fix for a reason code. ``detail`` must already be scrubbed."""
    name, what, host = provider.name, _what(kind), host_of(url) if url else provider.name
    console = f" ({provider.docs_url})" if provider.docs_url else ""
    http = f"HTTP {status}" if status is not None else "no HTTP status"
    texts = {
        "ok": f"valid: {name} accepted the {what}",
        "claude_code_only": (
            f"valid for Claude Code only: {name} accepts this {what} only for Claude Code "
            "requests, which is how OpenClaw uses it; nothing to fix"
        ),
        "no_credit": (
            f"valid, but the account cannot spend{_because(detail)}: add credit or raise the "
            f"spend limit in the {name} console{console}"
        ),
        "restricted": (
            f"valid, but restricted{_because(detail)}: give the {what} permission to list and "
            f"use models in the {name} console{console}, or create an unrestricted one"
        ),
        "invalid": (
            f"invalid: {name} rejected the {what}{_because(detail)}: it is mistyped, revoked "
            f"or expired; copy it again, or {_renew(provider, kind)}"
        ),
        "expired": f"expired: {name} says the {what} has expired; {_renew(provider, kind)}",
        "truncated": (
            f'truncated or garbled: {name} could not read the {what} ("Invalid bearer token"); '
            "it may have been cut at the line wrap when copied from the terminal: copy the "
            f"whole {what} again as one line, or {_renew(provider, kind)}"
        ),
        "wrong_kind": (
            f"wrong kind: {name} does not accept this {what} here{_because(detail)}; use an "
            "API key, or check the base URL (a proxy may drop the anthropic-beta header)"
        ),
        "rate_limited": (
            f"could not verify: {name} is rate limiting requests ({http}); try again in a minute"
        ),
        "overloaded": (
            f"could not verify: {name} is overloaded ({http}); try again in a few minutes"
        ),
        "server_error": (
            f"could not verify: {name} has a server error ({http}"
            f"{': ' + detail if detail else ''}); try again later"
        ),
        "proxy": (
            f"could not verify: a proxy or gateway answered instead of {name} "
            f"({http}{', ' + detail if detail else ''}); check HTTPS_PROXY / HTTP_PROXY "
            "and the base URL"
        ),
        "bad_response": (
            f"could not verify: unexpected answer from {url or name} ({http}"
            f"{': ' + detail if detail else ''}); check the base URL (the default for "
            f"{name} is {provider.api_root})"
        ),
        "connection": (
            f"could not verify: could not connect to {host}{_because(detail)}; check the "
            "base URL and your network"
        ),
        "dns": (
            f"could not verify: cannot resolve {host}{_because(detail)}; check the base URL "
            "and your DNS or network"
        ),
        "tls": (
            f"could not verify: TLS error with {host}{_because(detail)}; behind an inspecting "
            "proxy, set SSL_CERT_FILE to its CA bundle"
        ),
        "timeout": (
            f"could not verify: no answer from {host} {detail}; check your network or proxy, "
            "or raise the timeout"
        ),
    }
    return texts[reason]


# --- classification ----------------------------------------------------------------------------


def _looks_html(body: bytes, headers: Mapping[str, str]) -> bool:
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return "html" in ctype.lower() or body.lstrip()[:1] == b"<"


def classify_response(
    provider: Provider,
    kind: CredentialType,
    secret: str,
    *,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
) -> Draft:
    """Classify one HTTP answer to ``provider.probe``."""
    lowered = {k.lower(): v for k, v in headers.items()}
    wait = retry_after(lowered)
    try:
        doc: object = json.loads(body) if body.strip() else None
    except (ValueError, UnicodeDecodeError):
        doc = None
    err = parse_error(doc)
    request_id = lowered.get("request-id") or lowered.get("x-request-id") or err.request_id
    detail = scrub(err.message, secret)
    probe = provider.probe

    def draft(outcome: Outcome, reason: str, text: str = detail, retry: bool = False) -> Draft:
        msg = message_for(reason, provider, kind, detail=text, status=status, url=url)
        return Draft(outcome, reason, msg, status, request_id, retry, wait)

    accepted = 200 <= status < 300 or status in probe.accept_statuses
    if doc is None and status != 401:
        # Not JSON, so not the API itself: a proxy's or captive portal's page, a wrong base URL.
        if body.strip() and _looks_html(body, lowered):
            retry = status >= 500 or (status == 429 and wait is not None)
            return draft(Outcome.UNVERIFIED, "proxy", "an HTML page", retry=retry)
        if accepted:
            what = "not JSON" if body.strip() else "an empty answer"
            return draft(Outcome.UNVERIFIED, "bad_response", what)

    found = _rule(err, has_retry_after=wait is not None)
    if found:
        return draft(*found)
    if accepted:
        limited = _ok_body(doc)
        if limited:
            return draft(limited[0], limited[1], scrub(limited[2], secret))
        return draft(Outcome.VALID, "ok")
    if status == 401 or status in probe.reject_statuses:
        return draft(Outcome.REJECTED, "invalid")
    if status == 402:
        return draft(Outcome.LIMITED, "no_credit")
    if status == 403:
        return draft(Outcome.LIMITED, "restricted")
    if status == 407:
        return draft(Outcome.UNVERIFIED, "proxy", "proxy authentication required")
    if status == 429:
        return draft(Outcome.UNVERIFIED, "rate_limited", retry=wait is not None)
    if status == 529:
        return draft(Outcome.UNVERIFIED, "overloaded", retry=True)
    if status >= 500:
        return draft(Outcome.UNVERIFIED, "server_error", retry=True)
    if 300 <= status < 400:
        location = lowered.get("location", "")
        where = host_of(location) if location else "another address"
        return draft(Outcome.UNVERIFIED, "bad_response", f"redirected to {where}, not followed")
    return draft(Outcome.UNVERIFIED, "bad_response")


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


_DNS_WORDS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo",
    "temporary failure in name resolution",
    "no address associated",
)


def classify_exception(
    exc: httpx.HTTPError,
    provider: Provider,
    kind: CredentialType,
    secret: str,
    *,
    url: str,
    timeout: float,
    connect_timeout: float,
) -> Draft:
    """Classify a request that got no HTTP answer. None of these is retried."""
    chain = _causes(exc)
    text = " ".join(str(e) for e in chain).lower()

    def draft(reason: str, detail: str = "") -> Draft:
        return Draft(
            Outcome.UNVERIFIED,
            reason,
            message_for(reason, provider, kind, detail=scrub(detail, secret), url=url),
        )

    if isinstance(exc, httpx.ConnectTimeout):
        return draft("timeout", f"while connecting (within {connect_timeout:g} s)")
    if isinstance(exc, httpx.TimeoutException):
        return draft("timeout", f"within {timeout:g} s")
    if isinstance(exc, httpx.ProxyError):
        return draft("proxy", "the proxy refused the connection")
    if any(isinstance(e, socket.gaierror) for e in chain) or any(w in text for w in _DNS_WORDS):
        return draft("dns")
    if any(isinstance(e, ssl.SSLError) for e in chain) or "ssl" in text or "certificate" in text:
        cert = any(isinstance(e, ssl.SSLCertVerificationError) for e in chain)
        return draft("tls", "the certificate could not be verified" if cert else "handshake failed")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return draft("connection", "connection refused")
    if isinstance(exc, httpx.ConnectError):
        return draft("connection", "connect failed")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return draft("connection", "the connection was closed before an answer")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return draft("bad_response", "the URL cannot be used")
    return draft("connection", type(exc).__name__)
