"""Doctor rules over the stored secrets themselves, not only the entries' shape: a sign-in
code stored as a token, a secret cut short, a refresh token, another provider's key,
whitespace inside (OpenClaw sends each as it is, and the provider refuses it), and Claude
Code's own session token (which Claude Code refreshes for itself within hours)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from wizard.core.paste import PasteError
from wizard.core.profiles import entry_provider, entry_secret, is_loaded
from wizard.core.secrets import classify
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import WIZARD, Action, Finding, PutFirst, finding, manual
from wizard.doctor.repairs import secret_provider
from wizard.spec.registry import PROVIDERS, normalize_provider_id

NEW_ONE = "`claude setup-token`"
# what classify() says of a secret that no provider accepts, in the doctor's words
_DEFECTS = {
    "truncated": "is cut short",
    "refresh_token": "is a refresh token (a login renews itself with it; it is no credential)",
    "masked": "is masked (part of it hidden, as dashboards show a key)",
    "two_tokens": "holds two keys run together",
    "bad_characters": "holds characters no key has",
}


def defect(secret: str, provider: str | None) -> str | None:
    """Why the provider refuses ``secret`` as OpenClaw sends it, or None when nothing shows."""
    if any(c.isspace() for c in secret.strip()):
        return "has whitespace inside"
    s = secret.strip()
    if _is_bare_prefix(s):
        return "is cut short (only the prefix is there)"
    try:
        classify(s)
    except PasteError as exc:
        if exc.code in _DEFECTS:
            return _DEFECTS[exc.code]
    owner = secret_provider(s)
    if provider and owner and owner != provider:
        return f"is {_a(PROVIDERS[owner].name)} key, not {_a(_name(provider))} one"
    return None


def is_sign_in_code(secret: str) -> bool:
    try:
        classify(secret)
    except PasteError as exc:
        return exc.code == "oauth_code"
    return False


def _is_bare_prefix(s: str) -> bool:
    for p in PROVIDERS.values():
        for prefix in (*p.key_prefixes, *p.token_prefixes, *p.refresh_prefixes):
            if len(prefix) > 3 and prefix.startswith(s) and len(s) >= 3:
                return True
    return False


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _name(provider: str) -> str:
    p = PROVIDERS.get(provider)
    return p.name if p else provider


def secret_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for a in ctx.store_agents:
        bad: dict[str, dict[str, str]] = {}
        for pid, raw in ctx.own(a).items():
            if not isinstance(raw, Mapping) or not is_loaded(raw):
                continue
            secret = entry_secret(raw)
            prov = entry_provider(raw)
            if not secret or prov is None:
                continue
            session = _session_where(ctx, secret)
            if session:
                out.append(_claude_session(a, pid, prov, session))
                continue
            if is_sign_in_code(secret.strip()):
                out.append(finding(
                    Code.SECRET_SIGN_IN_CODE, "error",
                    f"agent {a}'s {pid} holds a one-time sign-in code (code#state) from a "
                    "browser login page, not a token: OpenClaw sends it and the provider "
                    "refuses it ('401 invalid x-api-key').",
                    fix=manual("the real token is not anywhere on this machine",
                               f"Run {NEW_ONE} and `{WIZARD}` with the token it prints: "
                               "it rotates this id"),
                    agent=a, provider=prov, profile=pid,
                ))
                continue
            cfg_prov = ctx.config_provider(pid)
            why = defect(secret, None if cfg_prov and cfg_prov != prov else prov)
            if why:
                bad.setdefault(prov, {})[pid] = why
        for prov, whys in bad.items():
            out += _unusable(ctx, a, prov, whys)
    return out


def _unusable(ctx: Ctx, a: str, prov: str, whys: dict[str, str]) -> list[Finding]:
    """An error where OpenClaw tries the refused secret before any good one (then the one
    repair is an order that puts the good ones first, removing no secret), else a warning."""
    res = ctx.res(a, prov)
    good = [p for p in res.usable if p not in whys]
    ahead = [p for p in res.usable[: res.usable.index(good[0])]] if good else list(res.usable)
    actions: list[Action] = []
    fix = ""
    if good and ahead:
        after = (*res.usable, *(p for p in res.listed if p not in res.usable))
        key = next((k for k in _order_keys(ctx, a) if _same(k, prov)), prov)
        actions = [PutFirst(a, key, tuple(good), after)]
        fix = (f"in agent {a}'s auth-profiles.json set order[{key!r}] to "
               f"{[*good, *(p for p in after if p not in good)]}, so OpenClaw tries {good[0]} "
               "first (no secret is removed)")
    again = ("Get the credential again" + (f" ({NEW_ONE})" if prov == "anthropic" else "")
             + f" and run `{WIZARD}`: it rotates this id")
    out = []
    for pid, why in whys.items():
        tried_first = pid in ahead
        effect = (f" OpenClaw tries it before {good[0]}, so {prov} fails until the order "
                  "changes." if tried_first and good else
                  f" OpenClaw tries {good[0]} first, so it only wastes an attempt." if good
                  else "")
        out.append(finding(
            Code.SECRET_UNUSABLE, "error" if tried_first or not good else "warning",
            f"agent {a}'s {pid} secret {why}: OpenClaw sends it as it is, and {_name(prov)} "
            f"refuses it.{effect}",
            fix=fix if actions and tried_first else manual(
                "the credential must be got again", again),
            actions=actions if tried_first else [], agent=a, provider=prov, profile=pid,
        ))
    return out


def _order_keys(ctx: Ctx, a: str) -> list[str]:
    order = ctx.snap.stores[a].data.get("order")
    return [k for k in order if isinstance(k, str)] if isinstance(order, Mapping) else []


def _same(key: str, prov: str) -> bool:
    return normalize_provider_id(key) == prov


def _session_where(ctx: Ctx, secret: str) -> str | None:
    for candidate in {secret, secret.strip()}:
        digest = hashlib.sha256(candidate.encode("utf-8", "surrogatepass")).hexdigest()
        for stored, where in ctx.inp.claude_session:
            if digest == stored:  # digests of local files: nothing to time
                return where
    return None


def _claude_session(a: str, pid: str, prov: str, where: str) -> Finding:
    return finding(
        Code.CLAUDE_CODE_SESSION, "error",
        f"agent {a}'s {pid} holds Claude Code's own session token (the one in {where}): "
        "Claude Code refreshes it for itself, so OpenClaw's copy stops working within hours.",
        fix=manual("the token OpenClaw needs does not exist yet",
                   f"Run {NEW_ONE} (it makes a one-year token for other programs) and "
                   f"`{WIZARD}` with the token it prints: it rotates {pid}"),
        agent=a, provider=prov, profile=pid,
    )


RULES = (
    Rule((Code.SECRET_SIGN_IN_CODE, Code.SECRET_UNUSABLE, Code.CLAUDE_CODE_SESSION),
         secret_findings),
)
