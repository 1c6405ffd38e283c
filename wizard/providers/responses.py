"""Turn one HTTP answer of a provider's validation probe into a :class:`Draft` (DESIGN §5, §8).

Pure: no I/O, no httpx requests. Provider-specific facts come from the registry entry (the probe's
accept/reject statuses, docs URL, token command); the wordings matched below are the providers'
own error messages (reference/provider-auth.md §1.3, §1.5, §3–§7).
"""


import email.utils
import json
import time
from collections.abc import Mapping
from typing import NamedTuple

from wizard.providers.messages import host_of, message_for, scrub
from wizard.providers.shapes import shape_problem
from wizard.providers.verdict import Draft, Outcome
from wizard.spec.registry import CredentialType, Provider

# --- the API's error, whatever its shape ------------------------------------------------------


class ApiError(NamedTuple):
    message: str = ""
    tags: frozenset[str] = frozenset()  # type, code, status, reasons (lower)
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


# --- classification ----------------------------------------------------------------------------


def _looks_html(body: bytes, lowered: Mapping[str, str]) -> bool:
    """``lowered``: the headers with lower-case names, as :func:`classify_response` keeps them."""
    return "html" in lowered.get("content-type", "").lower() or body.lstrip()[:1] == b"<"


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
    except (ValueError, UnicodeDecodeError, RecursionError):
        doc = None
    err = parse_error(doc)
    request_id = lowered.get("request-id") or lowered.get("x-request-id") or err.request_id
    request_id = scrub(request_id, secret) if request_id else None
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
        problem = shape_problem(provider, doc)
        if problem:
            return draft(Outcome.UNVERIFIED, "bad_response", problem)
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
        where = scrub(where, secret)
        return draft(Outcome.UNVERIFIED, "bad_response", f"redirected to {where}, not followed")
    return draft(Outcome.UNVERIFIED, "bad_response")
