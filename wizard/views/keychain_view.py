"""Move a profile's secret from OpenClaw's store into the OS keychain, for the Welcome's ``k``:
the same flow as a re-run with the keychain box ticked, fed the secret the store already holds
(nothing to paste; the credential is in use, so it is not checked again)."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.core.profiles import entry_provider, entry_ref, entry_secret
from wizard.errors import WizardError
from wizard.options import Options, home_of, resolve_environment
from wizard.views.text import tildify_text

METHOD_OF = {"token": "setup-token", "api_key": "api-key"}


def movable(opts: Options, env: Mapping[str, str]) -> list[str]:
    """The profile ids whose secret sits in plaintext in a store OpenClaw reads (JSON era)."""
    environment = resolve_environment(opts, dict(env))
    if not environment.detected.reads_json:
        return []  # the secret is in OpenClaw's SQLite store, which authwizard never reads
    from wizard.openclaw.store import read_state

    found: set[str] = set()
    for store in read_state(environment.paths).snapshot.stores.values():
        for pid, entry in store.profiles().items():
            if (isinstance(entry, Mapping) and entry.get("type") in METHOD_OF
                    and entry_secret(entry) and entry_ref(entry) is None):
                found.add(pid)
    return sorted(found)


def move(opts: Options, env: Mapping[str, str], profile: str) -> tuple[bool, list[str]]:
    """Move ``profile`` (in every agent whose store holds it) into the keychain; (whether files
    changed, what happened, as lines)."""
    from wizard.flow import Flow
    from wizard.spec.releases import parse_version

    home = home_of(env)
    try:
        environment = resolve_environment(opts, dict(env))
        detected = environment.detected
        flow = Flow(environment.backend, dict(env))
        stores = flow.located.snapshot.stores
        holders = [a for a, s in stores.items() if isinstance(s.profiles().get(profile), Mapping)]
        entries = [stores[a].profiles()[profile] for a in holders]
        secrets = {entry_secret(e) for e in entries}
        if not entries or None in secrets or len(secrets) != 1:
            return False, [f"! {profile}: not one plaintext secret to move (the agents differ, "
                           "or a store holds none); run authwizard with the keychain box ticked"]
        entry = entries[0]
        flow.choose_provider(entry_provider(entry) or "")
        method = METHOD_OF[str(entry.get("type"))]
        if flow.state.method != method:
            flow.choose_method(method)  # type: ignore[arg-type]
        flow.give_secret(secrets.pop() or "")
        flow.skip_validation()
        flow.choose_store("keychain", generation=detected.generation,
                          version=parse_version(detected.version or ""))
        flow.choose_profile(profile, holders)
        outcome = flow.write()
    except WizardError as exc:
        lines = [f"✗ {exc.message}"] + ([f"  fix: {exc.fix}"] if exc.fix else [])
        return False, [tildify_text(line, home) for line in lines]
    lines = [f"✓ Moved {profile} into the OS keychain for agent(s) {', '.join(holders)}; "
             "OpenClaw keeps only a reference"]
    lines += [f"  wrote {p}" for p in outcome.written]
    if outcome.backups:
        lines.append(f"! {len(outcome.backups)} backup(s) still hold the plaintext: "
                     "`authwizard doctor --fix` removes them")
    return bool(outcome.written), [tildify_text(line, home) for line in lines]
