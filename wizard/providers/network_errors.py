"""Turn a validation request that got no HTTP answer into a :class:`Draft` (DESIGN §5, §8).

Timeouts, proxy refusals, DNS, TLS and connection failures, told apart by the httpx exception
and its chain of causes. None of these is retried.
"""

from __future__ import annotations

import socket
import ssl

import httpx

from wizard.providers.messages import message_for, scrub
from wizard.providers.verdict import Draft, Outcome
from wizard.spec.registry import CredentialType, Provider


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
