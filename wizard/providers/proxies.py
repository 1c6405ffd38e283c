"""Which proxy variable of the environment httpx cannot use, and how to fix it.

Named by variable only: a proxy URL may hold a password, so its value is never shown.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping

import httpx

_NAMES = ("https_proxy", "all_proxy", "http_proxy")
_SOCKS = ("socks5", "socks5h")


def _problem(name: str, value: str) -> str | None:
    url = value if "://" in value else f"http://{value}"
    try:
        proxy = httpx.Proxy(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return (
            f"{name} is not a proxy URL httpx can use; set it to http://HOST:PORT "
            f"(the port a number), or unset {name}"
        )
    if proxy.url.scheme in _SOCKS and importlib.util.find_spec("socksio") is None:
        return (
            f"{name} names a SOCKS proxy, which needs the socksio package: install it into "
            f"authwizard's environment (pip install 'httpx[socks]'), set {name} to an "
            f"http:// proxy, or unset {name}"
        )
    return None


def proxy_problem(env: Mapping[str, str]) -> str:
    """Why a client could not be built from ``env``'s proxy settings, naming the variable."""
    for lower in _NAMES:
        for name in (lower, lower.upper()):
            value = env.get(name)
            if value:
                found = _problem(name, value)
                if found:
                    return found
    return (
        "the proxy settings of the environment (HTTPS_PROXY, ALL_PROXY, NO_PROXY) cannot be "
        "used; fix or unset them"
    )
