"""The words of a verdict: plain words and the fix for each reason code, never the secret.

Every message is built from plain words plus the API's own reason, scrubbed of anything that
looks like a credential (:func:`scrub`).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from wizard.core.paste import known_prefixes
from wizard.core.redaction import without_secret
from wizard.spec.registry import CredentialType, Provider

# --- scrubbing --------------------------------------------------------------------------------

_DETAIL_MAX = 160


@functools.cache
def _tokenish() -> re.Pattern[str]:
    """Anything starting with a credential prefix the registry knows, masked or not."""
    prefixes = "|".join(map(re.escape, known_prefixes()))
    return re.compile(rf"(?<![A-Za-z0-9_-])(?:{prefixes})(?:[\w\-*.…]*[\w*])?")


def scrub(text: str, secret: str) -> str:
    """``text`` without any 12+ character piece of the secret (glued to other words or not),
    and without anything shaped like a key (APIs echo masked keys: "Incorrect API key
    provided: sk-proj-****abcd")."""
    text = without_secret(text, secret)
    text = _tokenish().sub("[redacted]", text)
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_MAX else text[: _DETAIL_MAX - 1] + "…"


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
        "ok": (
            f"valid: {name} accepts this {what} (a free check: no message was sent, so credit "
            "and model access are not checked)"
        ),
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
            "then try again"
        ),
    }
    return texts[reason]
