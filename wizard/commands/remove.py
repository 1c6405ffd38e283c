"""``authwizard remove PROFILE``: take a credential away from OpenClaw, everywhere it is named."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping

from wizard.commands.result import RemoveResult
from wizard.errors import CancelledError, UsageError, WizardError
from wizard.gather import chosen_agents, doctor_input, store_secrets
from wizard.options import Environment, Options, resolve_environment

Confirm = Callable[[RemoveResult], bool]


class RemoveOptions:
    """``confirm``: asks the person at the terminal (None: there is none, so ``yes`` must be
    given)."""

    __slots__ = ("common", "confirm", "env", "now_ms", "profile", "yes")

    def __init__(self, common: Options, env: Mapping[str, str], profile: str, *,
                 yes: bool = False, confirm: Confirm | None = None,
                 now_ms: float | None = None) -> None:
        self.now_ms = now_ms
        self.common = common
        self.env = env
        self.profile = profile
        self.yes = yes
        self.confirm = confirm


def run(options: RemoveOptions) -> RemoveResult:
    result = RemoveResult(options.profile.strip(), options.common.dry_run)
    try:
        _remove(options, result)
    except WizardError as exc:
        result.fail(exc)
    return result


def _agents(options: RemoveOptions, known: Mapping[str, object], default: str
            ) -> tuple[str, ...]:
    choice = options.common.agents_choice()
    if choice == "all":
        return tuple(known)
    return chosen_agents(options.common) or (default,)


def _remove(options: RemoveOptions, result: RemoveResult) -> None:
    from wizard.core.diff import plan_diff
    from wizard.core.removal import plan_removal

    pid = result.profile
    if not pid:
        raise UsageError("no profile id given",
                         "name one, e.g. authwizard remove anthropic:default")
    environment = resolve_environment(options.common, dict(options.env))
    result.restart_command = environment.detected.next_step or ""
    located, inp = doctor_input(environment, chosen_agents(options.common), options.now_ms)
    if not environment.detected.reads_json:
        # OpenClaw's own answer: a reference-only profile is not listed in openclaw.json
        for agent in chosen_agents(options.common) or tuple(located.snapshot.stores):
            if agent in located.snapshot.stores:
                environment.backend.status(agent)
        located = environment.backend.read()
    snap = located.snapshot
    result.secrets |= store_secrets(snap)
    agents = _agents(options, snap.stores, snap.default_agent)
    removal = plan_removal(snap, pid, agents, inp.now_ms, inp.env, inp.rules)
    result.agents, result.provider = removal.agents, removal.provider
    result.afterwards = [a._asdict() | {"says": a.sentence()} for a in removal.afterwards]
    if removal.nothing_to_do and not removal.agents:
        result.nothing = True
        result.notes.append(f"nothing to remove: no {pid} in openclaw.json or the store of "
                            + ", ".join(f"agent {a}" for a in agents))
        return
    labels = {t: str(p) for t, p in located.files.items()}
    result.diff = plan_diff(removal.plan, labels, extra_secrets=result.secrets)
    if not environment.detected.reads_json:
        result.notes += [f"agent {a}: OpenClaw removes {pid} from its SQLite store "
                         f"(`openclaw models auth --agent {a} logout {pid} --yes`)"
                         for a in removal.agents]
    result.keychain = list(removal.keychain)
    if not environment.detected.reads_json:
        result.keychain = _reported_keychain(environment, pid, removal.agents)
    if options.common.dry_run:
        return
    if not options.yes:
        if options.confirm is None:
            raise UsageError(
                f"removing {pid} needs a confirmation, and there is no terminal to ask",
                "pass --yes to remove it (--dry-run shows what would change); nothing was "
                "changed")
        if not options.confirm(result):
            raise CancelledError(f"{pid} was not removed", "nothing was changed")
    _apply(environment, result, agents, options.now_ms)


def _reported_keychain(environment: Environment, pid: str, agents: tuple[str, ...]
                       ) -> list[str]:
    """SQLite era (whose stores authwizard cannot read, and which keeps the resolver's entry
    there too): the keychain items authwizard wrote for the profile, found by their names."""
    from wizard.keychain import backend
    from wizard.keychain.names import ref_id

    found: list[str] = []
    for agent in agents:
        with contextlib.suppress(Exception):  # an id no ref can have; a keychain not there
            ref = ref_id(agent, pid)
            if backend.read(ref) is not None:
                found.append(ref)
    return found


def _apply(environment: Environment, result: RemoveResult, agents: tuple[str, ...],
           now_ms: float | None) -> None:
    outcome = environment.backend.remove(
        result.profile, agents, lambda: time.time() * 1000 if now_ms is None else now_ms)
    result.removed = True
    result.files = [str(p) for p in outcome.written]
    result.backups = [str(p) for p in outcome.backups]
    result.notes += outcome.notes
    for ref in result.keychain:
        _forget(ref, result)


def _forget(ref: str, result: RemoveResult) -> None:
    """Delete the keychain item the removed entry pointed at."""
    from wizard.keychain import backend

    try:
        if not backend.delete(ref):
            result.warnings.append(f"the keychain held no item {ref} (already gone)")
    except Exception as exc:  # keyring raises whatever its backends raise
        result.warnings.append(
            f"could not delete keychain item {ref} ({type(exc).__name__}); delete it with "
            f"your keychain tool (service authwizard, account {ref})")
