"""Do the SecretRefs in the stores resolve now, the way OpenClaw would resolve them? Runs
authwizard's own resolver (never another exec provider: that is OpenClaw's ``--allow-exec``
decision) with only its ``passEnv``, and looks for plaintext copies of what it returns."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from typing import Any

from wizard.core.profiles import entry_ref
from wizard.doctor.model import RefCheck
from wizard.keychain.install import problems
from wizard.keychain.names import ALIAS
from wizard.openclaw.leftovers import secrets_by_profile
from wizard.openclaw.store import Located

TIMEOUT = 5.0


def ref_checks(located: Located, env: Mapping[str, str]) -> tuple[RefCheck, ...]:
    snap = located.snapshot
    providers = _providers(snap.config)
    out: list[RefCheck] = []
    for agent, store in snap.stores.items():
        for pid, entry in store.profiles().items():
            ref = entry_ref(entry) if isinstance(entry, Mapping) else None
            if ref is None:
                continue
            ours = ref["source"] == "exec" and ref["provider"] == ALIAS
            problem: str | None = None
            secret: str | None = None
            if ref["source"] == "env":
                if not env.get(ref["id"], "").strip():
                    problem = (f"the environment variable {ref['id']} is not set here (a gateway "
                               "started as a service has its own environment)")
            elif ours:
                secret, problem = _resolve(providers.get(ALIAS), ref["id"], env)
            copies = _copies(located, agent, secret) if secret else ()
            out.append(RefCheck(agent, pid, ref["source"], ref["id"], ours, problem, copies))
    return tuple(out)


def _providers(config: Mapping[str, Any]) -> dict[str, Any]:
    secrets = config.get("secrets")
    found = secrets.get("providers") if isinstance(secrets, Mapping) else None
    return dict(found) if isinstance(found, Mapping) else {}


def _resolve(spec: Any, ref_id: str, env: Mapping[str, str]) -> tuple[str | None, str | None]:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("command"), str):
        return None, f"openclaw.json has no secrets.providers.{ALIAS} entry with a command"
    command = spec["command"]
    found = problems(command)
    if found:
        return None, found[0]
    pass_env = spec.get("passEnv")
    names = [n for n in pass_env if isinstance(n, str)] if isinstance(pass_env, list) else []
    child_env = {n: env[n] for n in names if n in env}
    request = json.dumps({"protocolVersion": 1, "provider": ALIAS, "ids": [ref_id]})
    try:
        done = subprocess.run([command], input=request.encode(), env=child_env,
                              capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return None, f"the resolver {command} did not answer within {TIMEOUT:g} s"
    except OSError as exc:
        return None, f"the resolver {command} cannot run: {exc.strerror}"
    try:
        doc = json.loads(done.stdout[: 1 << 20].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, f"the resolver {command} did not answer with JSON (exit {done.returncode})"
    value = doc.get("values", {}).get(ref_id) if isinstance(doc, Mapping) else None
    if isinstance(value, str) and value:
        return value, None
    error = doc.get("errors", {}).get(ref_id, {}) if isinstance(doc, Mapping) else {}
    code = error.get("code") if isinstance(error, Mapping) else None
    if code == "NOT_FOUND":
        return None, f"the keychain has no item {ref_id!r} (service authwizard)"
    message = error.get("message") if isinstance(error, Mapping) else None
    return None, f"the keychain did not give the secret ({code or 'no answer'}: {message or ''})"


def _copies(located: Located, agent: str, secret: str) -> tuple[str, ...]:
    """The agent's store when it still holds the keychain secret in plaintext (under another
    profile). Backups and import archives that hold it are the doctor's stale copies, which
    ``--fix`` shreds: the stores no longer hold that secret."""
    store = located.snapshot.stores.get(agent)
    path = located.files.get(f"store:{agent}")
    if store is None or path is None:
        return ()
    held = {v for values in secrets_by_profile(store.data).values() for v in values}
    return (str(path),) if secret in held else ()
