"""Where a live check may be sent: the API root (DESIGN §5) and the loopback rule (§8).

A credential goes over plain ``http://`` only to a loopback address; anything else is refused
with exit 2 before a connection is opened.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit

from wizard.errors import UsageError
from wizard.spec.registry import Provider


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 and ``localhost``; 0.0.0.0 is not (DESIGN §8)."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def check_root(url: str, source: str) -> str:
    """``url`` without a trailing slash, if a credential may be sent there; else ``UsageError``
    naming the URL, where it came from, and the fix. Opens no connection."""
    root = url.strip().rstrip("/")
    try:
        parts = urlsplit(root)
        scheme, host = parts.scheme.lower(), parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        scheme, host = "", ""
    if scheme not in ("http", "https") or not host:
        raise UsageError(
            f"the base URL {root!r} (from {source}) is not an http(s) URL",
            "give the API root as https://host[/path], e.g. the provider's documented base URL",
        )
    if scheme == "http" and not is_loopback_host(host):
        raise UsageError(
            f"refusing to send a credential over plain http:// to {root} (from {source}): "
            f"{host} is not a loopback address",
            f"use https://{root[len('http://') :]}, or plain http:// only to 127.0.0.1, ::1 "
            "or localhost (a local proxy)",
        )
    return root


def base_url_var(provider: Provider, region: str | None = None) -> str:
    """``AUTHWIZARD_<PROVIDER>[_<REGION>]_BASE_URL``: upper-cased, non-alphanumerics → ``_``."""
    middle = provider.env_var_slug()
    if region:
        middle += "_" + "".join(c if c.isalnum() else "_" for c in region.upper())
    return f"AUTHWIZARD_{middle}_BASE_URL"


def resolve_api_root(
    provider: Provider,
    *,
    explicit: str | None,
    env: Mapping[str, str],
    config_base_url: str | None,
) -> str:
    """explicit (answers ``base_url``) > ``AUTHWIZARD_<PROVIDER>_BASE_URL`` >
    ``models.providers.<id>.baseUrl`` > the registry's root. Checked before any connection."""
    var = base_url_var(provider)
    for value, source in (
        (explicit, "base_url"),
        (env.get(var), var),
        (config_base_url, f"models.providers.{provider.id}.baseUrl"),
    ):
        if value and value.strip():
            return check_root(value, source)
    return check_root(provider.api_root, f"the {provider.name} registry entry")


def resolve_region_roots(provider: Provider, env: Mapping[str, str]) -> dict[str, str]:
    """Region id → API root, overridable by ``AUTHWIZARD_<PROVIDER>_<REGION>_BASE_URL``."""
    roots: dict[str, str] = {}
    for region in provider.regions:
        var = base_url_var(provider, region.id)
        value = env.get(var, "").strip()
        roots[region.id] = check_root(value, var) if value else region.api_root
    return roots


