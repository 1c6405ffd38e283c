"""Whether an accepted answer to a provider's probe looks like that provider's API: a 2xx from
a captive portal, a misconfigured gateway or another service must not read as "valid"."""

from __future__ import annotations

from urllib.parse import urlsplit

from wizard.spec.registry import Provider

_XAI_KEY_FIELDS = ("redacted_api_key", "acls", "api_key_blocked", "api_key_disabled")


def _kind(doc: object) -> str:
    if isinstance(doc, dict):
        return "a JSON object without the expected fields"
    if isinstance(doc, list):
        return "a JSON array"
    return "a bare JSON value"


def shape_problem(provider: Provider, doc: object) -> str | None:
    """What is wrong with ``doc`` as an accepted answer to ``provider.probe``; None if it has
    the shape the API documents (reference/provider-auth.md §1–§7)."""
    path = urlsplit(provider.probe.path).path
    if not isinstance(doc, dict):
        return f"{_kind(doc)}, not {provider.name}'s answer"
    if path.endswith("/models"):
        # OpenAI-style {"object": "list", "data": [...]}, Anthropic {"data": [...], ...},
        # Google {"models": [...], "nextPageToken"}
        if isinstance(doc.get("data"), list) or isinstance(doc.get("models"), list):
            return None
        return f"{_kind(doc)}, not a list of models"
    if path.endswith("/key"):  # OpenRouter {"data": {label, limit, ...}}
        return None if isinstance(doc.get("data"), dict) else f"{_kind(doc)}, not a key's details"
    if path.endswith("/api-key"):  # xAI
        if any(field in doc for field in _XAI_KEY_FIELDS):
            return None
        return f"{_kind(doc)}, not a key's details"
    return None  # a POST probe: any JSON object (the API's answer or its error)
