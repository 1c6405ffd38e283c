"""The opt-in test message: ONE minimal message (``max_tokens`` 1, the provider's cheapest model,
from the registry) that shows what only a message reveals: no credit, model access denied, a
Claude-Code-only credential, a rate limit. Never retried (one message, one charge at most);
no Claude Code identity headers or system prompt, ever.

Sent through the same drivers as the free check (:mod:`.validate`), with the registry's
message as the probe; the answer is then read as an answer to a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.providers.verdict import Outcome, Verdict
from wizard.spec.registry import CredentialType, MessageTest, Probe, Provider

if TYPE_CHECKING:
    import httpx

TIMEOUT = 20.0  # a model's first token can take longer than a list of models
BUDGET = 30.0


def message_test_of(provider: Provider) -> MessageTest:
    test = provider.message_test
    if test is None:
        from wizard.errors import UsageError

        raise UsageError(f"{provider.name} has no test message in authwizard's registry",
                         "drop --probe (the free check still runs)")
    return test


def what_it_sends(provider: Provider) -> str:
    """The request and its cost, in the words shown before it is sent."""
    test = message_test_of(provider)
    path, _ = test.request()
    return (f"one message to {test.model} (POST {path}, max_tokens 1): costs {test.cost}, "
            "billed to this credential's account")


def _as_probe(provider: Provider) -> Provider:
    path, body = message_test_of(provider).request()
    return provider._replace(probe=Probe("POST", path, body))


async def send(provider: Provider, kind: CredentialType, secret: str, *, api_root: str,
               client: httpx.AsyncClient | None = None, timeout: float = TIMEOUT) -> Verdict:
    from wizard.providers.validate import validate

    verdict = await validate(_as_probe(provider), kind, secret, api_root=api_root,
                             timeout=timeout, client=client, budget=BUDGET, retries=0)
    return read(verdict, provider, kind)


def send_sync(provider: Provider, kind: CredentialType, secret: str, *, api_root: str,
              timeout: float = TIMEOUT) -> Verdict:
    from wizard.providers.validate import validate_sync

    verdict = validate_sync(_as_probe(provider), kind, secret, api_root=api_root,
                            timeout=timeout, budget=BUDGET, retries=0)
    return read(verdict, provider, kind)


def read(verdict: Verdict, provider: Provider, kind: CredentialType) -> Verdict:
    """The free check's classification, read as the answer to a message: a refusal that names
    the model is model access denied, a 429 is a limit (the credential works), and a message
    that went through says exactly that."""
    test = message_test_of(provider)
    what = {"api_key": "API key", "token": "setup token", "oauth": "OAuth token"}[kind]
    console = f" ({provider.docs_url})" if provider.docs_url else ""
    if verdict.outcome is Outcome.VALID:
        return verdict._replace(message=(
            f"a test message went through: {provider.name} answered with {test.model} "
            "(max_tokens 1)"))
    if verdict.reason == "restricted" or (
        verdict.outcome is Outcome.UNVERIFIED and verdict.status in (403, 404)
    ):
        return verdict._replace(outcome=Outcome.LIMITED, reason="model_denied", message=(
            f"model access denied: {provider.name} accepts this {what} but refused a message "
            f"to {test.model} (HTTP {verdict.status}); OpenClaw fails for every model the "
            f"{what} may not use: allow the models in the {provider.name} console{console}"))
    if verdict.reason == "rate_limited":
        return verdict._replace(outcome=Outcome.LIMITED, message=(
            f"rate limited: {provider.name} accepts this {what} but refused the test message "
            f"with HTTP 429; OpenClaw's messages are throttled the same way: wait a minute, "
            f"or raise the limits in the {provider.name} console{console}"))
    return verdict
