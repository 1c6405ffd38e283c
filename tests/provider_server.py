"""A real HTTP server on loopback that answers like the providers' validation endpoints.

One server serves every provider, routed by the first path segment: the API root of a route is
``http://127.0.0.1:PORT/<route>`` + the path of the registry's root, e.g. ``…/anthropic``,
``…/openai/v1``, ``…/openrouter/api/v1``, ``…/google``, ``…/minimax`` and ``…/minimax-cn``
(a region is ``<provider>-<region id>``). Use ``server.api_root(route)``.

It enforces each API's header rules, answers with the providers' own status codes and error
bodies (reference/provider-auth.md §1.3, §1.5, §3–§7), and records every request.

    server.add_credential("anthropic", token, "expired")
    server.fault("openai", "429", times=2, retry_after="3")
    server.requests_to("anthropic")[0].headers["x-api-key"]

By hand: ``python -m tests.provider_server --port 8787`` (preloads a few fake credentials).
"""

from __future__ import annotations

import argparse
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from wizard.core.paste import redact
from wizard.providers.validate import base_url_var
from wizard.spec.registry import PROVIDERS, normalize_provider_id

Json = dict[str, Any]
CredKind = Literal["api_key", "token"]
FaultKind = Literal["429", "529", "500", "503", "slow", "html502", "close"]

_AUTH_HEADERS = ("authorization", "x-api-key", "x-goog-api-key")


@dataclass(frozen=True)
class RecordedRequest:
    route: str
    method: str
    path: str  # as sent, query included, route prefix included
    headers: dict[str, str]  # names lower-cased
    body: bytes
    request_id: str | None = None  # the id the server answered with, if any

    def auth_headers(self) -> set[str]:
        """Which of the credential-carrying headers arrived."""
        return {h for h in _AUTH_HEADERS if h in self.headers}

    def __repr__(self) -> str:  # never print a secret in a failing assertion
        shown = {k: ("<redacted>" if k in _AUTH_HEADERS else v) for k, v in self.headers.items()}
        return f"RecordedRequest({self.method} {self.path} headers={shown})"


@dataclass
class _Cred:
    state: str
    kind: CredKind


@dataclass
class _Fault:
    kind: FaultKind
    times: int
    retry_after: str | None
    retry_after_ms: str | None
    delay: float


@dataclass(frozen=True)
class _Route:
    name: str
    provider: str  # registry id
    root_path: str  # path of the registry's API root, e.g. "/v1"
    family: str  # which behaviour answers


@dataclass(frozen=True)
class _Request:
    method: str
    path: str  # below the route's root, no query
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class _Reply:
    status: int
    body: Json | str
    headers: dict[str, str] = field(default_factory=dict)


# --- behaviours ---------------------------------------------------------------------------------

_FAMILY = {
    "anthropic": "anthropic",
    "openai": "openai",
    "openrouter": "openrouter",
    "google": "google",
    "minimax": "minimax",
}
STATES: dict[str, frozenset[str]] = {
    "anthropic": frozenset(
        "valid expired invalid_token revoked claude_code_only no_credit spend_cap restricted "
        "org_disabled message_no_credit message_model_denied message_rate_limited "
        "message_claude_code_only".split()
    ),
    "openai": frozenset({"valid", "restricted", "no_credit", "message_no_credit"}),
    "openrouter": frozenset({"valid", "no_credit", "key_limit"}),
    "google": frozenset({"valid", "expired", "restricted", "location"}),
    "minimax": frozenset({"valid"}),
    "compat": frozenset({"valid", "no_credit", "restricted", "disabled", "team_blocked"}),
}
_TOKEN_ONLY_STATES = {"expired", "invalid_token", "claude_code_only",
                      "message_claude_code_only"}  # Anthropic bearer path
# States a free check cannot see: the key lists models, but a message fails (what the opt-in
# test message is for).
_MESSAGE_STATES = {
    "message_no_credit": "no_credit",
    "message_claude_code_only": "claude_code_only",
}


def _openai_error(status: int, message: str, etype: str, code: str | None = None) -> _Reply:
    return _Reply(
        status, {"error": {"message": message, "type": etype, "param": None, "code": code}}
    )


def _google_error(status: int, message: str, gstatus: str, reason: str | None = None) -> _Reply:
    error: Json = {"code": status, "message": message, "status": gstatus}
    if reason:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
                "metadata": {"service": "generativelanguage.googleapis.com"},
            }
        ]
    return _Reply(status, {"error": error})


def _anthropic_error(status: int, etype: str, message: str, **extra: Any) -> _Reply:
    return _Reply(status, {"type": "error", "error": {"type": etype, "message": message, **extra}})


def _bearer(req: _Request) -> str | None:
    auth = req.headers.get("authorization", "")
    return auth[len("Bearer ") :] if auth.startswith("Bearer ") else None


def _mask(secret: str) -> str:
    """How OpenAI echoes a wrong key: prefix, stars, last four."""
    cut = secret.rfind("-", 0, 12) + 1 or 3
    return secret[:cut] + "*" * max(4, len(secret) - cut - 4) + secret[-4:]


Lookup = Callable[[str], _Cred | None]

_ANTHROPIC_STATE_REPLIES: dict[str, _Reply] = {
    "expired": _anthropic_error(
        401,
        "authentication_error",
        "OAuth token has expired. Please obtain a new token or refresh your existing token.",
    ),
    "invalid_token": _anthropic_error(
        401, "authentication_error", "OAuth access token is invalid."
    ),
    "revoked": _anthropic_error(401, "authentication_error", "Invalid authentication credentials"),
    "claude_code_only": _anthropic_error(
        400,
        "invalid_request_error",
        "This credential is only authorized for use with Claude Code and cannot be used for "
        "other API requests.",
    ),
    "no_credit": _anthropic_error(
        400,
        "invalid_request_error",
        "Your credit balance is too low to access the Anthropic API. Please go to Plans & "
        "Billing to upgrade or purchase credits.",
    ),
    "spend_cap": _anthropic_error(
        429,
        "rate_limit_error",
        "You have reached your specified API usage limits. You will regain access on "
        "2026-10-01 at 00:00 UTC.",
        details={"error_code": "enforced_spend_limit_reached", "error_visibility": "user_facing"},
    ),
    "restricted": _anthropic_error(
        403,
        "permission_error",
        "Your API key does not have permission to use the specified resource.",
    ),
    "org_disabled": _anthropic_error(
        400, "invalid_request_error", "This organization has been disabled."
    ),
}


def _anthropic_message_refusal(req: _Request, state: str) -> _Reply:
    if state in _MESSAGE_STATES:
        return _ANTHROPIC_STATE_REPLIES[_MESSAGE_STATES[state]]
    if state == "message_rate_limited":
        reply = _anthropic_error(
            429, "rate_limit_error",
            "This request would exceed the rate limit for your organization of 5 requests "
            "per minute. Please reduce the prompt length or the maximum tokens requested, or "
            "try again later.")
        reply.headers["retry-after"] = "30"
        return reply
    try:
        model = json.loads(req.body).get("model", "")
    except (ValueError, AttributeError):
        model = ""
    return _anthropic_error(404, "not_found_error", f"model: {model}")


def _anthropic(req: _Request, lookup: Lookup, route: _Route) -> _Reply:
    if req.path not in ("/v1/models", "/v1/messages", "/v1/messages/count_tokens"):
        return _anthropic_error(404, "not_found_error", "Not Found")
    key, auth = req.headers.get("x-api-key"), req.headers.get("authorization")
    if key is not None and auth is not None:
        return _anthropic_error(
            400,
            "invalid_request_error",
            "Only one of x-api-key and Authorization may be provided.",
        )
    if key is None and auth is None:
        return _anthropic_error(401, "authentication_error", "x-api-key header is required")
    if "anthropic-version" not in req.headers:
        return _anthropic_error(
            400, "invalid_request_error", "anthropic-version: header is required"
        )
    if key is not None:
        cred = lookup(key)
        if cred is None or cred.kind != "api_key":
            return _anthropic_error(401, "authentication_error", "invalid x-api-key")
    else:
        betas = {b.strip() for b in req.headers.get("anthropic-beta", "").split(",")}
        if "oauth-2025-04-20" not in betas:
            return _anthropic_error(
                401, "authentication_error", "OAuth authentication is currently not supported."
            )
        token = _bearer(req)
        cred = lookup(token) if token else None
        if cred is None or cred.kind != "token":
            return _anthropic_error(401, "authentication_error", "Invalid bearer token")
    if cred.state.startswith("message_"):
        if req.path == "/v1/messages":
            return _anthropic_message_refusal(req, cred.state)
    elif cred.state != "valid":
        return _ANTHROPIC_STATE_REPLIES[cred.state]
    if req.path == "/v1/models":
        model = {
            "type": "model",
            "id": "claude-sonnet-4-5",
            "display_name": "Claude Sonnet 4.5",
            "created_at": "2025-09-29T00:00:00Z",
        }
        return _Reply(
            200,
            {"data": [model], "has_more": True, "first_id": model["id"], "last_id": model["id"]},
        )
    if req.path == "/v1/messages/count_tokens":
        return _Reply(200, {"input_tokens": 8})
    return _Reply(200, {"type": "message", "role": "assistant", "content": []})


def _openai(req: _Request, lookup: Lookup, route: _Route) -> _Reply:
    if req.path not in ("/models", "/chat/completions"):
        return _openai_error(
            404, f"Invalid URL ({req.method} /v1{req.path})", "invalid_request_error"
        )
    key = _bearer(req)
    if key is None:
        return _openai_error(
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization "
            "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            "invalid_request_error",
        )
    cred = lookup(key)
    if cred is None:
        return _openai_error(
            401,
            f"Incorrect API key provided: {_mask(key)}. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            "invalid_api_key",
        )
    if cred.state == "restricted":
        return _openai_error(
            401,
            "You have insufficient permissions for this operation. Missing scopes: "
            "api.model.read. Check that you have the correct role in your organization (Reader, "
            "Writer, Owner) and project (Member, Owner), and if you're using a restricted API "
            "key, that it has the necessary scopes.",
            "invalid_request_error",
        )
    chat = req.path == "/chat/completions"
    if cred.state == "no_credit" or (chat and cred.state == "message_no_credit"):
        return _openai_error(
            429,
            "You exceeded your current quota, please check your plan and billing details. For "
            "more information on this error, read the docs: "
            "https://platform.openai.com/docs/guides/error-codes/api-errors.",
            "insufficient_quota",
            "insufficient_quota",
        )
    if chat:
        return _Reply(200, {"id": "chatcmpl-1", "object": "chat.completion", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "Hi"},
             "finish_reason": "length"}]})
    model = {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"}
    return _Reply(200, {"object": "list", "data": [model]})


def _openrouter(req: _Request, lookup: Lookup, route: _Route) -> _Reply:
    if req.path not in ("/key", "/auth/key"):
        return _Reply(404, {"error": {"code": 404, "message": "Not Found"}})
    key = _bearer(req)
    if key is None:
        return _Reply(401, {"error": {"code": 401, "message": "No auth credentials found"}})
    cred = lookup(key)
    if cred is None:
        return _Reply(401, {"error": {"code": 401, "message": "User not found."}})
    if cred.state == "no_credit":
        return _Reply(
            402,
            {
                "error": {
                    "code": 402,
                    "message": "Insufficient credits. Add more using https://openrouter.ai/settings/credits",
                    "metadata": {"limit_source": "account"},
                }
            },
        )
    limited = cred.state == "key_limit"
    data = {
        "label": key[:12] + "..." + key[-3:],
        "limit": 10.0 if limited else None,
        "limit_reset": None,
        "limit_remaining": 0.0 if limited else None,
        "include_byok_in_limit": False,
        "usage": 10.0 if limited else 0.25,
        "usage_daily": 0.0,
        "usage_weekly": 0.0,
        "usage_monthly": 0.25,
        "is_free_tier": False,
    }
    return _Reply(200, {"data": data})


def _google(req: _Request, lookup: Lookup, route: _Route) -> _Reply:
    if req.path != "/v1beta/models":
        return _google_error(404, f"Method not found: {req.path}", "NOT_FOUND")
    key = req.headers.get("x-goog-api-key") or next(iter(req.query.get("key", [])), None)
    if key is None and "authorization" in req.headers:
        return _google_error(
            401,
            "Request had invalid authentication credentials. Expected OAuth 2 access token, "
            "login cookie or other valid authentication credential.",
            "UNAUTHENTICATED",
            "ACCESS_TOKEN_TYPE_UNSUPPORTED",
        )
    if key is None:
        return _google_error(
            403,
            "Method doesn't allow unregistered callers (callers without established identity). "
            "Please use API Key or other form of API consumer identity to call this API.",
            "PERMISSION_DENIED",
        )
    cred = lookup(key)
    if cred is None:
        return _google_error(
            400,
            "API key not valid. Please pass a valid API key.",
            "INVALID_ARGUMENT",
            "API_KEY_INVALID",
        )
    if cred.state == "expired":
        return _google_error(
            400, "API key expired. Please renew the API key.", "INVALID_ARGUMENT", "API_KEY_EXPIRED"
        )
    if cred.state == "restricted":
        return _google_error(
            403,
            "Requests to this API generativelanguage.googleapis.com method "
            "google.ai.generativelanguage.v1beta.ModelService.ListModels are blocked.",
            "PERMISSION_DENIED",
            "API_KEY_SERVICE_BLOCKED",
        )
    if cred.state == "location":
        return _google_error(
            400, "User location is not supported for the API use.", "FAILED_PRECONDITION"
        )
    model = {
        "name": "models/gemini-2.5-flash",
        "displayName": "Gemini 2.5 Flash",
        "supportedGenerationMethods": ["generateContent", "countTokens"],
    }
    return _Reply(200, {"models": [model], "nextPageToken": "Ch9tb2RlbHMvZ2VtaW5p"})


def _minimax(req: _Request, lookup: Lookup, route: _Route) -> _Reply:
    """The Anthropic-compatible endpoint: auth first, then the body (an empty model → 400)."""
    if req.path != "/anthropic/v1/messages" or req.method != "POST":
        return _anthropic_error(404, "not_found_error", "404 page not found")
    key = _bearer(req) or req.headers.get("x-api-key")
    if key is None:
        return _anthropic_error(
            401,
            "authentication_error",
            "login fail: Please carry the API secret key in the 'Authorization' field of the "
            "request header (1004)",
        )
    if lookup(key) is None:
        return _anthropic_error(401, "authentication_error", "invalid api key")
    try:
        body = json.loads(req.body or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict) or not body.get("model"):
        return _anthropic_error(
            400, "invalid_request_error", "invalid params, model is required (2013)"
        )
    return _Reply(200, {"type": "message", "role": "assistant", "content": []})


def _compat(req: _Request, lookup: Lookup, route: _Route) -> _Reply:
    """Generic OpenAI-compatible APIs (moonshot, zai, xai, mistral, groq, deepseek)."""
    if req.path != urlsplit(PROVIDERS[route.provider].probe.path).path:
        return _openai_error(404, "Not Found", "invalid_request_error")
    key = _bearer(req)
    cred = lookup(key) if key else None
    xai = route.provider == "xai"
    if cred is None and xai:
        return _Reply(
            400,
            {
                "code": "Client specified an invalid argument",
                "error": f"Incorrect API key provided: {(key or '')[:2]}***{(key or '')[-2:]}. "
                "You can obtain an API key from https://console.x.ai.",
            },
        )
    if cred is None and route.provider == "moonshot":
        return _Reply(
            401,
            {
                "error": {
                    "message": "Invalid Authentication",
                    "type": "invalid_authentication_error",
                }
            },
        )
    if cred is None:
        return _openai_error(401, "Invalid API Key", "invalid_request_error", "invalid_api_key")
    if cred.state == "no_credit":
        return _openai_error(402, "Insufficient Balance", "unknown_error", "invalid_request_error")
    if cred.state == "restricted":
        return _openai_error(
            403, "The API key does not have permission to list models", "permission_denied"
        )
    if xai:
        return _Reply(
            200,
            {
                "redacted_api_key": f"xai-...{key[-4:] if key else ''}",
                "user_id": "u-1",
                "name": "test key",
                "acls": ["api-key:model:*", "api-key:endpoint:*"],
                "team_blocked": cred.state == "team_blocked",
                "api_key_blocked": False,
                "api_key_disabled": cred.state == "disabled",
            },
        )
    model = {"id": f"{route.provider}-model", "object": "model", "owned_by": route.provider}
    return _Reply(200, {"object": "list", "data": [model]})


_BEHAVIOURS: dict[str, Callable[[_Request, Lookup, _Route], _Reply]] = {
    "anthropic": _anthropic,
    "openai": _openai,
    "openrouter": _openrouter,
    "google": _google,
    "minimax": _minimax,
    "compat": _compat,
}


def _fault_reply(family: str, kind: FaultKind) -> _Reply:
    status = {"429": 429, "529": 529, "500": 500, "503": 503}[kind]
    messages = {
        429: ("rate_limit_error", "Number of requests has exceeded your per-minute rate limit"),
        529: ("overloaded_error", "Overloaded"),
        500: ("api_error", "Internal server error"),
        503: ("api_error", "Service Unavailable"),
    }
    etype, message = messages[status]
    if family in ("anthropic", "minimax"):
        return _anthropic_error(status, etype, message)
    if family == "google":
        gstatus = {429: "RESOURCE_EXHAUSTED", 503: "UNAVAILABLE"}.get(status, "INTERNAL")
        return _google_error(status, message, gstatus)
    if family == "openrouter":
        return _Reply(status, {"error": {"code": status, "message": message}})
    return _openai_error(status, message, etype)


_HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


# --- the server -----------------------------------------------------------------------------------


def _routes() -> dict[str, _Route]:
    routes: dict[str, _Route] = {}
    for provider in PROVIDERS.values():
        family = _FAMILY.get(provider.id, "compat")
        roots = [(provider.id, provider.api_root)]
        roots += [(f"{provider.id}-{r.id}", r.api_root) for r in provider.regions]
        for name, root in roots:
            routes[name] = _Route(name, provider.id, urlsplit(root).path.rstrip("/"), family)
    return routes


ROUTES = _routes()


# Where each family puts its request id (MiniMax: in the error body only).
_ID_HEADERS = {"anthropic": "request-id", "openai": "x-request-id", "compat": "x-request-id"}
_IDS = {*_ID_HEADERS, "minimax"}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: ProviderServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, fmt: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _send(self, reply: _Reply, request_id: str | None) -> None:
        if isinstance(reply.body, str):
            payload, ctype = reply.body.encode(), "text/html"
        else:
            body = dict(reply.body)
            if request_id and body.get("type") == "error":
                body["request_id"] = request_id
            payload, ctype = json.dumps(body).encode(), "application/json"
        self.send_response(reply.status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        parts = urlsplit(self.path)
        name, _, rest = parts.path.lstrip("/").partition("/")
        route = ROUTES.get(name)
        request_id = owner._next_request_id(route) if route and route.family in _IDS else None
        owner._record(RecordedRequest(name, self.command, self.path, headers, body, request_id))
        if route is None or not ("/" + rest).startswith(route.root_path):
            self._send(_Reply(404, {"error": {"message": f"no route {self.path}"}}), None)
            return
        id_header = _ID_HEADERS.get(route.family)
        fault = owner._take_fault(route.name)
        if fault is not None and fault.kind == "close":
            self.close_connection = True
            return
        if fault is not None and fault.kind == "slow":
            if owner._abort.wait(fault.delay):
                self.close_connection = True
                return
        elif fault is not None and fault.kind == "html502":
            self._send(_Reply(502, _HTML_502, {"Server": "nginx"}), None)
            return
        elif fault is not None:
            reply = _fault_reply(route.family, fault.kind)
            if fault.retry_after is not None:
                reply.headers["retry-after"] = fault.retry_after
            if fault.retry_after_ms is not None:
                reply.headers["retry-after-ms"] = fault.retry_after_ms
            if id_header and request_id:
                reply.headers[id_header] = request_id
            self._send(reply, request_id)
            return
        sub = ("/" + rest)[len(route.root_path) :] or "/"
        req = _Request(self.command, sub, parse_qs(parts.query), headers, body)
        reply = _BEHAVIOURS[route.family](req, lambda s: owner._lookup(route.name, s), route)
        if id_header and request_id:
            reply.headers[id_header] = request_id
        self._send(reply, request_id)


class ProviderServer:
    """Start with ``with ProviderServer() as server:`` or ``start()``/``stop()``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self._lock = threading.Lock()
        self._credentials: dict[str, dict[str, _Cred]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._requests: list[RecordedRequest] = []
        self._abort = threading.Event()
        self._ids = itertools.count(1)
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> ProviderServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._abort.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> ProviderServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget credentials, faults and recorded requests; end any "slow" answer in flight."""
        with self._lock:
            self._abort.set()
            self._abort = threading.Event()
            self._credentials.clear()
            self._faults.clear()
            self._requests.clear()

    # addresses
    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def api_root(self, route: str) -> str:
        """The API root to validate against, e.g. ``http://127.0.0.1:PORT/openai/v1``."""
        r = ROUTES[_route_name(route)]
        return f"{self.base_url}/{r.name}{r.root_path}"

    def region_roots(self, provider: str) -> dict[str, str]:
        """Region id → API root on this server, for ``validate(region_roots=…)``."""
        p = PROVIDERS[normalize_provider_id(provider)]
        return {r.id: self.api_root(f"{p.id}-{r.id}") for r in p.regions}

    def env(self) -> dict[str, str]:
        """``AUTHWIZARD_*_BASE_URL`` for every provider and region, pointing here."""
        out: dict[str, str] = {}
        for p in PROVIDERS.values():
            out[base_url_var(p)] = self.api_root(p.id)
            for r in p.regions:
                out[base_url_var(p, r.id)] = self.api_root(f"{p.id}-{r.id}")
        return out

    # set-up
    def add_credential(
        self, route: str, secret: str, state: str = "valid", *, kind: CredKind | None = None
    ) -> None:
        """Register ``secret`` on one route (``"minimax-cn"`` for a region only). ``kind``
        defaults from the prefix: a provider's token prefix → ``"token"``, else ``"api_key"``."""
        r = ROUTES[_route_name(route)]
        if state not in STATES[r.family]:
            raise ValueError(f"{r.name} knows states {sorted(STATES[r.family])}, not {state!r}")
        provider = PROVIDERS[r.provider]
        if kind is None:
            is_token = bool(provider.token_prefixes) and secret.startswith(provider.token_prefixes)
            kind = "token" if is_token else "api_key"
        if r.family == "anthropic" and kind == "api_key" and state in _TOKEN_ONLY_STATES:
            raise ValueError(f"state {state!r} is for setup tokens, not API keys")
        with self._lock:
            self._credentials.setdefault(r.name, {})[secret] = _Cred(state, kind)

    def fault(
        self,
        route: str,
        kind: FaultKind,
        times: int = 1,
        *,
        retry_after: str | None = "1",
        retry_after_ms: str | None = None,
        delay: float = 5.0,
    ) -> None:
        """The next ``times`` requests to ``route`` fail with ``kind`` (before any auth check).
        ``retry_after``/``retry_after_ms`` go on 429/529/5xx answers (None: no header);
        ``delay`` is how long "slow" waits before answering normally."""
        r = ROUTES[_route_name(route)]
        with self._lock:
            self._faults.setdefault(r.name, []).append(
                _Fault(kind, times, retry_after, retry_after_ms, delay)
            )

    # inspection
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, route: str) -> list[RecordedRequest]:
        name = _route_name(route)
        return [r for r in self.requests if r.route == name]

    # used by the handler
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _lookup(self, route: str, secret: str) -> _Cred | None:
        with self._lock:
            return self._credentials.get(route, {}).get(secret)

    def _take_fault(self, route: str) -> _Fault | None:
        with self._lock:
            pending = self._faults.get(route, [])
            while pending and pending[0].times <= 0:
                pending.pop(0)
            if not pending:
                return None
            pending[0].times -= 1
            return pending[0]

    def _next_request_id(self, route: _Route) -> str:
        return f"req_{route.name.replace('-', '')}_{next(self._ids):06d}"


def _route_name(route: str) -> str:
    return route if route in ROUTES else normalize_provider_id(route)


# --- by hand ----------------------------------------------------------------------------------

PRELOADED: list[tuple[str, str, str]] = [
    ("anthropic", "sk-ant-api03-" + "Va1idKey" * 12 + "AA", "valid"),
    ("anthropic", "sk-ant-oat01-" + "A1b2C3d4" * 12, "claude_code_only"),
    ("anthropic", "sk-ant-oat01-" + "Exp1red0" * 12, "expired"),
    ("anthropic", "sk-ant-api03-" + "NoCred1t" * 12 + "AA", "no_credit"),
    ("openai", "sk-proj-" + "0penAiKy" * 20, "valid"),
    ("openrouter", "sk-or-v1-" + "0a1b2c3d" * 8, "valid"),
    ("google", "AIzaSy" + "G00gleKey" * 4 + "x", "valid"),
    ("minimax-cn", "sk-cp-" + "M1n1MaxCn" * 10, "valid"),
]


def _lines(server: ProviderServer) -> Iterator[str]:
    yield f"provider server on {server.base_url}"
    yield f"fake credentials (full values: PRELOADED in {__file__}):"
    for route, secret, state in PRELOADED:
        yield f"  {route:<12} {state:<17} {redact(secret)}"
    yield "environment for authwizard:"
    for name, value in sorted(server.env().items()):
        yield f"  export {name}={value}"


def accepted_help() -> str:
    """The fake credentials the server accepts, whole (they are fake: copy one and paste it
    into the wizard), and how to point authwizard at the server."""
    lines = ["fake credentials it accepts (route, what it answers, the credential):"]
    lines += [f"  {route:<11} {state:<17} {secret}" for route, secret, state in PRELOADED]
    lines += [
        "",
        "try the wizard offline: start this server, then in another terminal run",
        "  AUTHWIZARD_ANTHROPIC_BASE_URL=http://127.0.0.1:8787/anthropic \\",
        "  AUTHWIZARD_GENERATION=G1 HOME=$(mktemp -d) authwizard",
        "(the server prints the variable of every provider when it starts)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.provider_server",
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog=accepted_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8787, help="port to listen on")
    args = parser.parse_args(argv)
    server = ProviderServer(args.host, args.port)
    for route, secret, state in PRELOADED:
        server.add_credential(route, secret, state)
    print("\n".join(_lines(server)), flush=True)
    try:
        server._httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


if __name__ == "__main__":
    main()
