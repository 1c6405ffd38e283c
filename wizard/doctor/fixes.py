"""``doctor --fix``: apply the findings' single-right-answer repairs to a copy of the state and
render them, through plan.py's renderers, into the same kind of ``WritePlan`` the wizard writes.

Pure. Repairs are applied in rounds (a store entry's type fixed in one round can make a config
mode fixable in the next) until nothing changes; two repairs that want different values for the
same entry cancel each other, and that entry is left for the user. Each kind of action has
its handler (``HANDLERS``), run in a fixed order of kinds (``PHASES``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from wizard.core.candidates import resolve, usable_map
from wizard.core.plan import (
    CONFIG,
    FileChange,
    WritePlan,
    render_config,
    render_store,
    store_target,
)
from wizard.core.profiles import entry_provider
from wizard.core.snapshot import Snapshot, StoreSnapshot
from wizard.doctor.codes import SEVERITY_RANK
from wizard.doctor.engine import diagnose
from wizard.doctor.model import (
    DISK_ACTIONS,
    Action,
    Chmod,
    DoctorInput,
    DropOrderIds,
    FileInfo,
    Finding,
    FixLastGood,
    ImportLegacy,
    PutFirst,
    RenameConfig,
    SetConfig,
    SetStore,
    Shred,
)
from wizard.spec.registry import normalize_provider_id

MAX_ROUNDS = 5


class FixResult(NamedTuple):
    before: tuple[Finding, ...]  # the findings on the current state
    after: tuple[Finding, ...]  # what a fresh diagnosis finds once the plan and chmods are done
    plan: WritePlan  # the file contents to write (no changes: nothing to write)
    chmods: tuple[Chmod, ...]
    conflicts: tuple[str, ...] = ()  # repairs left undone, and why
    shreds: tuple[Shred, ...] = ()  # old copies of secrets to overwrite and delete
    imports: tuple[ImportLegacy, ...] = ()  # legacy stores OpenClaw imports after the plan

    @property
    def fixed(self) -> tuple[Finding, ...]:
        return repaired(self.before, self.after)

    @property
    def left(self) -> tuple[Finding, ...]:
        return self.after


def repaired(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings a repair resolved: gone, or (one --fix offered) down to a lesser severity,
    e.g. an error that is a warning once a good profile is tried first."""
    left = {f.key(): SEVERITY_RANK[f.severity] for f in after}
    return tuple(f for f in before if f.key() not in left
                 or (f.auto and left[f.key()] > SEVERITY_RANK[f.severity]))


# The JSON-era view of a legacy pair about to be imported: its repairs follow the JSON rules.
JSON_VIEW = "G2"


def plan_fixes(inp: DoctorInput, import_anyway: bool = False,
               can_import: bool = True) -> FixResult:
    """The repairs. Where a SQLite-era OpenClaw will import the legacy JSON pair (the doctor
    says it is safe, or ``import_anyway``: the wizard sets up a new credential right after),
    the pair is first repaired as on the JSON-era releases, so that OpenClaw imports a
    consistent store. ``can_import`` False (no ``openclaw`` command): no import, so only
    openclaw.json is repaired."""
    before = diagnose(inp)
    imports = legacy_imports(before, import_anyway) if can_import else ()
    if imports and not inp.reads_json:
        pair = plan_fixes(inp._replace(reads_json=True, generation=JSON_VIEW))
        own = tuple(a for f in before if f.auto for a in f.actions if isinstance(a, Chmod))
        after = diagnose(inp._replace(snapshot=pair.plan.after, files=()))
        return FixResult(tuple(before), tuple(after), pair.plan,
                         tuple(dict.fromkeys((*own, *pair.chmods))), pair.conflicts,
                         pair.shreds, imports)
    return _plan_fixes(inp, before)


def legacy_imports(findings: Sequence[Finding], anyway: bool = False) -> tuple[ImportLegacy, ...]:
    """The imports the findings call for; with ``anyway``, every agent's legacy store but
    those whose import would make a working SQLite credential worse (never imported)."""
    out = [a for f in findings if f.auto for a in f.actions if isinstance(a, ImportLegacy)]
    if anyway:
        worse = set(import_blocked(findings))
        out += [ImportLegacy(f.agent) for f in findings
                if f.code == "json-store-not-read" and f.agent is not None
                and f.agent not in worse]
    return tuple(dict.fromkeys(out))


def import_blocked(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Per agent, the findings that say its import would make OpenClaw's credentials worse."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code == "import-id-clash" and f.severity == "error" and f.agent is not None:
            out.setdefault(f.agent, []).append(f)
    return out


def _plan_fixes(inp: DoctorInput, before: list[Finding]) -> FixResult:
    snap = inp.snapshot
    chmods = tuple(a for f in before if f.auto for a in f.actions if isinstance(a, Chmod))
    shreds = tuple(dict.fromkeys(
        a for f in before if f.auto for a in f.actions if isinstance(a, Shred)))
    conflicts: list[str] = []
    findings = before
    usable_before = usable_map(snap, inp.now_ms)
    for _ in range(MAX_ROUNDS):
        actions = [a for f in findings if f.auto for a in f.actions
                   if not isinstance(a, DISK_ACTIONS)]
        if not actions:
            break
        new, clashes = apply_actions(snap, actions, inp.now_ms)
        conflicts += [c for c in clashes if c not in conflicts]
        lost = _lost(usable_before, usable_map(new, inp.now_ms))
        if lost:  # a repair never leaves an agent without a usable credential
            conflicts += [f"agent {a} would lose its usable {p} credential; those repairs "
                          "were not applied" for a, p in lost]
            break
        if _same(new, snap):
            break
        snap = new
        findings = diagnose(inp._replace(snapshot=snap, files=()))
    snap = stamp_last_good(inp.snapshot, snap, inp.now_ms)
    files = tuple(_after_chmod(f, chmods) for f in inp.files)
    gone = {s.path for s in shreds}
    copies = tuple(c for c in inp.copies if c.path not in gone)
    after = diagnose(inp._replace(snapshot=snap, files=files, copies=copies))
    return FixResult(tuple(before), tuple(after), build_plan(inp.snapshot, snap), chmods,
                     tuple(conflicts), shreds)


def _lost(
    before: dict[tuple[str, str], tuple[str, ...]], after: dict[tuple[str, str], tuple[str, ...]]
) -> list[tuple[str, str]]:
    return [k for k, ids in before.items() if ids and not after.get(k)]


def _after_chmod(f: FileInfo, chmods: Iterable[Chmod]) -> FileInfo:
    for c in chmods:
        if c.path == f.path:
            return f._replace(mode=c.mode)
    return f


def _same(a: Snapshot, b: Snapshot) -> bool:
    return a.config == b.config and all(
        a.stores[k].data == b.stores[k].data for k in a.stores
    )


def build_plan(old: Snapshot, new: Snapshot) -> WritePlan:
    changes: list[FileChange] = []
    if old.config.get("auth") != new.config.get("auth"):
        changes.append(FileChange(CONFIG, old.config_text,
                                  render_config(old.config_text, new.config)))
    for agent, store in old.stores.items():
        data = new.stores[agent].data
        if data != store.data:
            changes.append(FileChange(store_target(agent), store.text, render_store(data)))
    return WritePlan("", False, tuple(changes), new)


def stamp_last_good(old: Snapshot, new: Snapshot, now_ms: float) -> Snapshot:
    """A store the fix rewrites for profile P gets ``lastGood[provider] = P`` when P
    is now the provider's only usable profile there and lastGood is absent or dangling."""
    stores = dict(new.stores)
    for agent, st in new.stores.items():
        before = old.stores[agent].profiles()
        data = st.data
        for pid, entry in st.profiles().items():
            prov = entry_provider(entry) if isinstance(entry, Mapping) else None
            if prov is None or before.get(pid) == entry:
                continue
            if resolve(new, agent, prov, now_ms).usable != (pid,):
                continue
            last_good = data.get("lastGood", {})
            if not isinstance(last_good, dict):
                continue
            current = last_good.get(prov)
            held = st.profiles().get(current) if isinstance(current, str) else None
            if isinstance(held, Mapping) and entry_provider(held) == prov:
                continue
            data = copy.deepcopy(data) if data is st.data else data
            data.setdefault("lastGood", {})[prov] = pid
        if data is not st.data:
            stores[agent] = StoreSnapshot(st.text, data)
    return new._replace(stores=stores)


# ------------------------------------------------------------------ applying actions


def _target(a: Action) -> tuple[str, ...] | None:
    if isinstance(a, SetConfig):
        return ("config", a.pid)
    if isinstance(a, SetStore):
        return ("store", a.agent, a.pid)
    return None


class _Work:
    """The copy of the state the actions change, and what the handlers share."""

    def __init__(self, snap: Snapshot, actions: list[Action], now_ms: float) -> None:
        self.snap = snap
        self.now_ms = now_ms
        self.config = copy.deepcopy(snap.config)
        self.stores = {a: copy.deepcopy(s.data) for a, s in snap.stores.items()}
        self.renamed = {a.old for a in actions if isinstance(a, RenameConfig)}
        by_target: dict[tuple[str, ...], list[Action]] = {}
        for act in actions:
            t = _target(act)
            if t is not None:
                by_target.setdefault(t, []).append(act)
        self.clashes = {t for t, acts in by_target.items() if len(acts) > 1}

    def state(self) -> Snapshot:
        return _snapshot(self.snap, self.config, self.stores)


def _rename_config(w: _Work, act: RenameConfig) -> None:
    _rename(w.config, act.old, act.new, act.entry)


def _set_config(w: _Work, act: SetConfig) -> None:
    if _target(act) in w.clashes or act.pid in w.renamed:
        return
    if act.entry is None:
        _rename(w.config, act.pid, None, None)
    else:
        _profiles(w.config)[act.pid] = act.entry


def _set_store(w: _Work, act: SetStore) -> None:
    if _target(act) in w.clashes:
        return
    w.stores[act.agent].setdefault("profiles", {})[act.pid] = act.entry
    w.stores[act.agent].setdefault("version", 1)


def _drop_order_ids(w: _Work, act: DropOrderIds) -> None:
    holder = _auth(w.config) if act.agent is None else w.stores[act.agent]
    _drop_order(holder, act.key, set(act.ids))


def _put_first(w: _Work, act: PutFirst) -> None:
    order = w.stores[act.agent].get("order")
    if not isinstance(order, dict):
        order = w.stores[act.agent]["order"] = {}
    order[act.key] = [*act.ids, *(x for x in act.after if x not in act.ids)]


def _point_last_good(w: _Work, act: FixLastGood) -> None:
    _fix_last_good(w.state(), w.stores[act.agent], act.agent, act.key, w.now_ms)


def _import_legacy(w: _Work, act: ImportLegacy) -> None:
    """The import changes OpenClaw's SQLite, not the JSON state: the caller runs it after the
    plan is written (``FixResult.imports``)."""


# What --fix does for each kind of action. A chmod changes the disk, not the state: the caller
# applies those (FixResult.chmods).
HANDLERS: dict[type[Any], Callable[[_Work, Any], None]] = {
    RenameConfig: _rename_config,
    SetConfig: _set_config,
    SetStore: _set_store,
    DropOrderIds: _drop_order_ids,
    FixLastGood: _point_last_good,
    PutFirst: _put_first,
    ImportLegacy: _import_legacy,
}
# The order the kinds run in: renames first (an entry write may name the new id), lastGood
# last (it points at what the other repairs leave usable); within a phase, in findings order.
PHASES: tuple[tuple[type[Any], ...], ...] = (
    (RenameConfig,), (SetConfig, SetStore), (DropOrderIds,), (PutFirst,), (FixLastGood,),
    (ImportLegacy,),
)


def apply_actions(
    snap: Snapshot, actions: Sequence[Action], now_ms: float
) -> tuple[Snapshot, list[str]]:
    """The state after ``actions``; plus the entries left alone because repairs disagreed."""
    unique: list[Action] = []
    for act in actions:
        if act not in unique:
            unique.append(act)
    work = _Work(snap, unique, now_ms)
    conflicts = [
        f"{'openclaw.json' if t[0] == 'config' else f'agent {t[1]} store'} {t[-1]}: two repairs "
        "disagree; left as it is" for t in sorted(work.clashes)
    ]
    for kinds in PHASES:
        for act in unique:
            if isinstance(act, kinds):
                HANDLERS[type(act)](work, act)
    return work.state(), conflicts


def _snapshot(snap: Snapshot, config: dict[str, Any], stores: dict[str, Any]) -> Snapshot:
    return snap._replace(config=config, stores={
        a: StoreSnapshot(s.text, stores[a]) for a, s in snap.stores.items()
    })


def _auth(config: dict[str, Any]) -> dict[str, Any]:
    auth = config.get("auth")
    if not isinstance(auth, dict):
        auth = config["auth"] = {}
    return auth


def _profiles(config: dict[str, Any]) -> dict[str, Any]:
    auth = _auth(config)
    if not isinstance(auth.get("profiles"), dict):
        auth["profiles"] = {}
    profiles: dict[str, Any] = auth["profiles"]
    return profiles


def _rename(config: dict[str, Any], old: str, new: str | None, entry: Any) -> None:
    """Move (or, with ``new`` None, remove) a config entry, keeping its place; auth.order
    follows."""
    profiles = _profiles(config)
    rebuilt: dict[str, Any] = {}
    for k, v in profiles.items():
        if k == old:
            if new is not None:
                rebuilt[new] = entry
        elif k != new:
            rebuilt[k] = v
    profiles.clear()
    profiles.update(rebuilt)
    order = _auth(config).get("order")
    if isinstance(order, dict):
        for key, ids in order.items():
            if isinstance(ids, list) and old in ids:
                out: list[Any] = []
                for x in ids:
                    y = new if x == old else x
                    if y is not None and y not in out:
                        out.append(y)
                order[key] = out


def _drop_order(holder: dict[str, Any], key: str, ids: set[str]) -> None:
    order = holder.get("order")
    if not isinstance(order, dict) or not isinstance(order.get(key), list):
        return
    kept = [x for x in order[key] if x not in ids]
    if kept:
        order[key] = kept
    else:
        del order[key]
        if not order:
            del holder["order"]


def _fix_last_good(
    mid: Snapshot, data: dict[str, Any], agent: str, key: str, now_ms: float
) -> None:
    last_good = data.get("lastGood")
    if not isinstance(last_good, dict):
        return
    usable = resolve(mid, agent, normalize_provider_id(key), now_ms).usable
    if len(usable) == 1:
        last_good[key] = usable[0]
    else:
        last_good.pop(key, None)
