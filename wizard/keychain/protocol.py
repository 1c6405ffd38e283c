"""OpenClaw's exec secret-provider protocol, version 1, as pure functions.

Request on stdin: ``{"protocolVersion": 1, "provider": "<alias>", "ids": [...]}``; response on
stdout: ``{"protocolVersion": 1, "values": {id: secret}, "errors": {id: {"code": ...}}}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

PROTOCOL_VERSION = 1
MAX_REQUEST = 64 * 1024


class ResolveFailure(Exception):
    """A lookup that failed for a reason OpenClaw should see as an error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Lookup = Callable[[str], "str | None"]


def _error(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


def answer(request: bytes, lookup: Lookup) -> dict[str, Any]:
    """The response document for one request; never raises, never holds a secret in an error."""
    values: dict[str, str] = {}
    errors: dict[str, dict[str, str]] = {}
    response: dict[str, Any] = {"protocolVersion": PROTOCOL_VERSION, "values": values}
    try:
        doc = json.loads(request[:MAX_REQUEST].decode("utf-8")) if len(request) <= MAX_REQUEST \
            else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        doc = None
    ids = doc.get("ids") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("protocolVersion") != PROTOCOL_VERSION or not (
        isinstance(ids, list) and all(isinstance(i, str) for i in ids)
    ):
        response["error"] = _error(
            "BAD_REQUEST", "expected {\"protocolVersion\": 1, \"ids\": [...]} on stdin"
        )
        return response
    for ref in ids:
        try:
            value = lookup(ref)
        except ResolveFailure as exc:
            errors[ref] = _error(exc.code, exc.message)
            continue
        if value is None:
            errors[ref] = _error("NOT_FOUND", f"no keychain item for {ref!r}")
        else:
            values[ref] = value
    if errors:
        response["errors"] = errors
    return response
