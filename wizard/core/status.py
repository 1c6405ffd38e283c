"""``authwizard status``: what OpenClaw will really use, per agent and provider. Pure.

The ``--json`` document (stable; ``docs/status-json.md`` says the same with an example)::

    {
      "version": 1, "command": "status", "exit_code": 0, "ok": true,   # the envelope
      "generation": {generation, source, version, binary, description, known, problem,
                     warnings},
      "config": {"path": str, "exists": bool},
      "agents": [{
        "id": str, "default": bool,
        "store": {"path": str, "exists": bool, "inherits_from": str | null},
        "providers": [{
          "provider": str,
          "base": "store-order" | "config-order" | "config" | "store",
          "uses": null | {"kind": "profile" | "env" | "config", "id": str | null,
                          "name": str | null, "header": str | null},
          "profiles": [{
            "id": str, "in_config": bool, "in_store": "own" | "inherited" | null,
            "mode": str | null, "type": str | null, "provider": str | null,
            "secret": str | null, "secret_kind": "api_key" | "token" | null,
            "stored": "openclaw" | "keychain" | "env" | "file" | "exec" | "store" | null,
            "ref": {"source": str, "provider": str, "id": str} | null,
            "resolves": bool | null,   # a ref: whether it resolves now (doctor checks why not)
            "expires": int | null, "expired": bool,
            "usable": bool, "position": int | null, "reason": str | null,
            "header": str | null, "findings": [str]
          }],
          "fallbacks": [{
            "kind": "env" | "config", "name": str, "source": str, "secret": str,
            "header": str | null, "usable": bool, "position": int | null,
            "reason": str | null
          }]
        }]
      }],
      "findings": {"error": int, "warning": int, "info": int},
      "warnings": [str]
    }

On failure: ``{"version": 1, "command": "status", "exit_code": N, "ok": false, "error": {…}}``.
``position`` is the place in OpenClaw's try order: usable profiles 1…n
(``resolveAuthProfileOrder``), then the env var it would read, then
``models.providers.<p>.apiKey``; ``uses`` is position 1.
``header``: how the credential goes out — Anthropic ``Authorization: Bearer`` when the secret
contains ``sk-ant-oat`` else ``x-api-key``; Gemini ``x-goog-api-key``; others
``Authorization: Bearer``. Secrets appear only redacted (``sk-ant-oat01-…WXYZ``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from wizard.core.candidates import STRICT, Resolution, Rules, providers_in, resolve
from wizard.core.expiry import days_left
from wizard.core.fallbacks import EnvCredential, models_api_key
from wizard.core.profiles import (
    entry_provider,
    entry_ref,
    entry_secret,
    id_provider,
    is_loaded,
    secret_kind,
)
from wizard.core.secrets import redact
from wizard.core.snapshot import Snapshot
from wizard.spec.registry import PROVIDERS, normalize_provider_id
from wizard.spec.schemas import credential_error

JSON_VERSION = 1
_VAR = re.compile(r"^\$\{([A-Z_][A-Z0-9_]*)\}$")


class Finding(Protocol):
    """What status shows of a doctor finding: its code, on the profile and agent it names."""

    @property
    def code(self) -> str: ...
    @property
    def profile(self) -> str | None: ...
    @property
    def agent(self) -> str | None: ...


def auth_header(provider: str, secret: str | None) -> str | None:
    """The HTTP header a credential goes out with (pi-ai decides by substring, not by type)."""
    if not secret:
        return None
    p = normalize_provider_id(provider)
    if p == "anthropic":
        return "Authorization: Bearer" if "sk-ant-oat" in secret else "x-api-key"
    spec = PROVIDERS.get(p)
    if spec is not None and spec.auth_style == "x-goog-api-key":
        return "x-goog-api-key"
    return "Authorization: Bearer"


def ref_header(provider: str, entry: Any) -> str | None:
    """The header of a credential OpenClaw resolves from a SecretRef: by its declared type."""
    kind = entry.get("type") if isinstance(entry, Mapping) else None
    if normalize_provider_id(provider) == "anthropic":
        return {"token": "Authorization: Bearer", "api_key": "x-api-key"}.get(str(kind))
    return auth_header(provider, "x")


def _stored(ref: Mapping[str, str] | None, secret: str | None) -> str | None:
    """Where the secret lives: OpenClaw's store, the OS keychain (authwizard's exec resolver),
    an environment variable, or another SecretRef source."""
    if ref is None:
        return "openclaw" if secret else None
    if ref["source"] == "exec" and ref["provider"] == "authwizard":
        return "keychain"
    return "env" if ref["source"] == "env" else ref["source"]


def build_agents(
    snap: Snapshot,
    now_ms: float,
    *,
    agents: Iterable[str] | None = None,
    env: Iterable[EnvCredential] = (),
    findings: Iterable[Finding] = (),
    variables: Mapping[str, str] | None = None,
    store_paths: Mapping[str, str] | None = None,
    rules: Rules = STRICT,
) -> list[dict[str, Any]]:
    """The ``agents`` array of the status document. ``variables``: the env, for
    ``${VAR}`` references in ``models.providers.<p>.apiKey``; ``store_paths``: agent → path."""
    env = tuple(env)
    findings = tuple(findings)
    out = []
    for agent in agents if agents is not None else snap.stores:
        if agent not in snap.stores:
            continue
        provs = providers_in(snap, agent) | {c.provider for c in env if c.wins and not c.blank}
        provs |= {p for p in _model_providers(snap.config) if models_api_key(snap.config, p)}
        inherits = (snap.main_agent if snap.main_agent not in (None, agent)
                    and snap.main_agent in snap.stores else None)
        out.append({
            "id": agent,
            "default": agent == snap.default_agent,
            "store": {"path": (store_paths or {}).get(agent),
                      "exists": snap.stores[agent].text is not None, "inherits_from": inherits},
            "providers": [
                _provider(snap, agent, p, now_ms, env, findings, variables or {}, rules)
                for p in sorted(provs)
            ],
        })
    return out


def _model_providers(config: Mapping[str, Any]) -> list[str]:
    models = config.get("models")
    provs = models.get("providers") if isinstance(models, Mapping) else None
    return [normalize_provider_id(str(k)) for k in provs] if isinstance(provs, Mapping) else []


def _provider(
    snap: Snapshot, agent: str, prov: str, now_ms: float, env: tuple[EnvCredential, ...],
    findings: tuple[Finding, ...], variables: Mapping[str, str], rules: Rules = STRICT,
) -> dict[str, Any]:
    res = resolve(snap, agent, prov, now_ms, rules)
    profiles = [_profile(snap, agent, pid, prov, res, now_ms, findings)
                for pid in _ids(snap, agent, prov, res)]
    fallbacks = _fallbacks(snap, prov, env, len(res.usable), variables)
    uses: dict[str, Any] | None = None
    if res.usable:
        first = next(p for p in profiles if p["id"] == res.usable[0])
        uses = {"kind": "profile", "id": first["id"], "name": None, "header": first["header"]}
    else:
        fb = next((f for f in fallbacks if f["usable"]), None)
        if fb:
            uses = {"kind": fb["kind"], "id": None, "name": fb["name"], "header": fb["header"]}
    return {"provider": prov, "base": res.base, "uses": uses, "profiles": profiles,
            "fallbacks": fallbacks}


def _ids(snap: Snapshot, agent: str, prov: str, res: Resolution) -> list[str]:
    ids = list(res.usable) + [p for p in res.listed if p not in res.usable]
    for pid, entry in snap.effective_profiles(agent).items():
        p = entry_provider(entry) if isinstance(entry, Mapping) else None
        if p == prov or (p is None and id_provider(pid) == prov):
            ids.append(pid)
    for pid, cfg in snap.config_profiles().items():
        p = cfg.get("provider") if isinstance(cfg, Mapping) else None
        if (isinstance(p, str) and normalize_provider_id(p) == prov) or (
            not isinstance(p, str) and id_provider(pid) == prov):
            ids.append(pid)
    return list(dict.fromkeys(ids))


def _profile(
    snap: Snapshot, agent: str, pid: str, prov: str, res: Resolution, now_ms: float,
    findings: tuple[Finding, ...],
) -> dict[str, Any]:
    own = snap.stores[agent].profiles()
    eff = snap.effective_profiles(agent)
    entry = eff.get(pid)
    cfg = snap.config_profiles().get(pid)
    secret = entry_secret(entry) if isinstance(entry, Mapping) else (
        entry.strip() if isinstance(entry, str) else None)
    ref = entry_ref(entry) if isinstance(entry, Mapping) else None
    expires = entry.get("expires") if isinstance(entry, Mapping) else None
    exp = int(expires) if isinstance(expires, (int, float)) and expires > 0 else None
    usable = pid in res.usable
    return {
        "id": pid,
        "in_config": pid in snap.config_profiles(),
        "in_store": "own" if pid in own else ("inherited" if entry is not None else None),
        "mode": _s(cfg.get("mode")) if isinstance(cfg, Mapping) else None,
        "type": _s(entry.get("type")) if isinstance(entry, Mapping) else None,
        "provider": _s(entry.get("provider")) if isinstance(entry, Mapping) else None,
        "secret": redact(secret) if secret else None,
        "stored": _stored(ref, secret),
        "ref": ref,
        "resolves": None if ref is None else not any(
            f.code == "secret-ref-unresolved" and f.profile == pid and f.agent in (None, agent)
            for f in findings),
        "secret_kind": secret_kind(secret),
        "expires": exp,
        "expired": exp is not None and exp <= now_ms,
        "days_left": days_left(exp, now_ms) if exp is not None else None,
        "usable": usable,
        "position": res.usable.index(pid) + 1 if usable else None,
        "reason": None if usable else _why_not(pid, entry, res),
        "header": auth_header(prov, secret) if not ref else ref_header(prov, entry),
        "findings": sorted({f.code for f in findings if f.profile == pid
                            and f.agent in (None, agent)}),
    }


def _where(pr: Mapping[str, Any]) -> str | None:
    ref = pr.get("ref")
    if pr.get("stored") == "keychain":
        return "keychain" if pr.get("resolves") is not False else "keychain (unresolved)"
    if isinstance(ref, Mapping):
        return f"{ref['source']}:{ref['id']}"
    return None


def _s(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _why_not(pid: str, entry: Any, res: Resolution) -> str:
    if entry is not None and not is_loaded(entry):
        return f"OpenClaw drops it at load: {credential_error(entry) or 'not an object'}"
    if pid in res.dropped:
        return res.dropped[pid]
    if pid not in res.listed:
        return {
            "config": f"hidden: openclaw.json lists other {res.provider} profiles",
            "config-order": f"not in openclaw.json auth.order.{res.provider}",
            "store-order": f"not in the store's order.{res.provider}",
        }.get(res.base, "not a candidate")
    return "not a candidate"


def _fallbacks(
    snap: Snapshot, prov: str, env: tuple[EnvCredential, ...], n_profiles: int,
    variables: Mapping[str, str],
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pos = n_profiles
    for c in env:
        if c.provider != prov:
            continue
        if c.in_use:
            pos += 1
        reason = None
        if not c.in_use:
            reason = ("empty" if c.blank else "another source sets the same name first"
                      if not c.wins else "OpenClaw reads an earlier variable first")
        out.append({
            "kind": "env", "name": c.name, "source": c.source, "secret": c.redacted,
            "header": c.header, "usable": c.in_use, "position": pos if c.in_use else None,
            "reason": reason,
        })
    raw = models_api_key(snap.config, prov)
    if raw:
        m = _VAR.match(raw.strip())
        value = variables.get(m.group(1)) if m else raw
        shown = redact(raw) if not m else (
            f"{raw.strip()} = {redact(value)}" if value else raw.strip())
        usable = bool(value and value.strip())
        out.append({
            "kind": "config", "name": f"models.providers.{prov}.apiKey",
            "source": "openclaw.json", "secret": shown, "header": auth_header(prov, value),
            "usable": usable, "position": pos + 1 if usable else None,
            "reason": None if usable else f"{raw.strip()} is not set",
        })
    return out


# ------------------------------------------------------------------ the human table


def render_text(doc: Mapping[str, Any]) -> str:
    """The status document as the table ``authwizard status`` prints."""
    lines = [f"OpenClaw: {doc['generation_text']}"] if doc.get("generation_text") else []
    cfg = doc.get("config") or {}
    if cfg:
        lines.append(f"Config:   {cfg['path']}" + ("" if cfg.get("exists") else " (none)"))
    for w in doc.get("warnings", []):
        lines.append(f"! {w}")
    for agent in doc.get("agents", []):
        if agent.get("source"):  # G3/G4: what OpenClaw reports from its SQLite store
            lines += _render_reported(agent)
            continue
        store = agent["store"]
        lines.append("")
        lines.append(f"agent {agent['id']}" + (" (default)" if agent["default"] else "")
                     + f" — {store.get('path', '')}"
                     + ("" if store["exists"] else " (none"
                        + (f"; inherits {store['inherits_from']}" if store["inherits_from"]
                           else "") + ")"))
        if not agent["providers"]:
            lines.append("  no credentials")
        for p in agent["providers"]:
            lines += _render_provider(p)
    counts = doc.get("findings") or {}
    if counts.get("error") or counts.get("warning"):
        lines.append("")
        said = [f"{n} {word}{'' if n == 1 else 's'}"
                for word in ("error", "warning") if (n := counts.get(word, 0))]
        lines.append(f"{', '.join(said)}: run `authwizard doctor` for details")
    return "\n".join(lines) + "\n"


def _render_provider(p: Mapping[str, Any]) -> list[str]:
    uses = p["uses"]
    if uses is None:
        head = "OpenClaw has nothing to use (No API key found)"
    elif uses["kind"] == "profile":
        head = f"OpenClaw uses {uses['id']} ({uses['header']})"
    else:
        head = f"OpenClaw uses {uses['name']} ({uses['header']})"
    rows = [("#", "profile", "type", "mode", "secret", "expires", "used")]
    for pr in p["profiles"]:
        rows.append((
            str(pr["position"] or "-"), pr["id"], pr["type"] or "-", pr["mode"] or "-",
            pr["secret"] or _where(pr) or "-",
            _when(pr["expires"], pr["expired"], pr.get("days_left")),
            f"yes, {pr['header']}" if pr["usable"] else f"no: {pr['reason']}",
        ))
    for fb in p["fallbacks"]:
        src = "env" if fb["kind"] == "env" else "config"
        rows.append((
            str(fb["position"] or "-"), f"{src} {fb['name']}", "-", "-", fb["secret"] or "-",
            "-", (f"after profiles, {fb['header']}" if fb["usable"] else f"no: {fb['reason']}"),
        ))
    return [f"  {p['provider']}: {head}", *_columns(rows)]


def _render_reported(agent: Mapping[str, Any]) -> list[str]:
    """An agent as OpenClaw reports it: ids, types and order; it never shows secrets."""
    store = (agent.get("store") or {}).get("path")
    lines = ["", f"agent {agent['id']}" + (" (default)" if agent.get("default") else "")
             + f" — as OpenClaw reports it ({agent['source']})"
             + (f"; store {store}" if store else "")]
    if not agent["providers"]:
        lines.append("  no credentials")
    for p in agent["providers"]:
        uses = p["uses"]
        head = (f"OpenClaw uses {uses['id']}" if uses
                else "OpenClaw has nothing to use (No API key found)")
        rows = [("#", "profile", "type", "status", "used")]
        rows += [(str(pr["position"] or "-"), str(pr["id"]), pr["type"] or "-",
                  (pr["status"] or "-") + _left(pr), "yes" if pr["usable"] else "no")
                 for pr in p["profiles"]]
        lines += [f"  {p['provider']}: {head}", *_columns(rows)]
    return lines


def _left(pr: Mapping[str, Any]) -> str:
    days = pr.get("days_left")
    if not isinstance(days, int) or pr.get("expires") is None:
        return ""
    return " (expired)" if pr.get("expired") else f" ({days} day{'s' if days != 1 else ''} left)"


def _columns(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows as aligned columns, indented; the last column is not padded."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return ["    " + "  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True))
            + "  " + r[-1] for r in rows]


def _when(expires: int | None, expired: bool, days: int | None = None) -> str:
    if expires is None:
        return "-"
    import datetime as _dt

    stamp = _dt.datetime.fromtimestamp(expires / 1000, tz=_dt.UTC).strftime("%Y-%m-%d")
    if expired:
        return f"{stamp} (expired)"
    return stamp if days is None else f"{stamp} ({days} day{'s' if days != 1 else ''} left)"
