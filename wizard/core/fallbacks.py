"""What OpenClaw uses after an agent's profiles: a provider env var, else
``models.providers.<p>.apiKey`` in openclaw.json. Pure."""


import hashlib
from collections.abc import Mapping
from typing import Any, NamedTuple

from wizard.spec.registry import normalize_provider_id


class EnvCredential(NamedTuple):
    """A provider env var OpenClaw would see (process env or ``<stateDir>/.env``); never the
    value itself: its redacted form, a fingerprint, and the header it would go out with."""

    name: str
    provider: str
    source: str  # "environment" or the .env file's path
    redacted: str
    digest: str
    header: str | None
    in_use: bool  # OpenClaw's first non-blank env candidate for the provider
    wins: bool = True  # this source's value is the one OpenClaw sees for this name
    blank: bool = False


def secret_digest(secret: str) -> str:
    """A short fingerprint to compare secrets without holding them side by side."""
    return hashlib.sha256(secret.strip().encode("utf-8")).hexdigest()[:24]


def models_api_key(config: Mapping[str, Any], provider: str) -> str | None:
    models = config.get("models")
    providers = models.get("providers") if isinstance(models, Mapping) else None
    if isinstance(providers, Mapping):
        for key, entry in providers.items():
            if normalize_provider_id(str(key)) == provider and isinstance(entry, Mapping):
                v = entry.get("apiKey")
                if isinstance(v, str) and v.strip():
                    return v
    return None
