"""Doctor rules over auth orders and lastGood: ids they name that do not exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.profiles import entry_provider
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import DropOrderIds, Finding, FixLastGood, finding
from wizard.spec.registry import normalize_provider_id


def order_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for a in ctx.agents:
        data = ctx.snap.stores[a].data
        eff = ctx.eff(a)
        order = data.get("order")
        if isinstance(order, Mapping):
            for key, ids in order.items():
                if isinstance(ids, list):
                    missing = tuple(x for x in ids if isinstance(x, str) and x not in eff)
                    out += _dangling_order(ctx, a, str(key), ids, missing)
        last_good = data.get("lastGood")
        if isinstance(last_good, Mapping):
            for key, pid in last_good.items():
                prov = normalize_provider_id(str(key))
                entry = eff.get(pid) if isinstance(pid, str) else None
                if isinstance(entry, Mapping) and entry_provider(entry) == prov:
                    continue
                usable = ctx.res(a, prov).usable
                out.append(finding(
                    Code.DANGLING_LAST_GOOD, "warning" if usable else "error",
                    f"agent {a}'s lastGood.{key} names {pid!r}, which is not a {prov} profile "
                    "in its auth-profiles.json"
                    + ("" if usable else f"; and agent {a} has no usable {prov} profile") + ".",
                    fix=f"point lastGood.{key} at the only usable {prov} profile, or remove it "
                    "when there is none or more than one",
                    actions=[FixLastGood(a, str(key))], agent=a, provider=prov,
                    profile=pid if isinstance(pid, str) else None,
                ))
    order = ctx.snap.config_order()
    known = set(ctx.cfg) | {p for s in ctx.snap.stores.values() for p in s.profiles()}
    for key, ids in order.items():
        if isinstance(ids, list):
            missing = tuple(x for x in ids if isinstance(x, str) and x not in known)
            out += _dangling_order(ctx, None, str(key), ids, missing)
    return out


def _dangling_order(
    ctx: Ctx, agent: str | None, key: str, ids: list[Any], missing: tuple[str, ...]
) -> list[Finding]:
    if not missing:
        return []
    prov = normalize_provider_id(key)
    who = agent or ctx.snap.default_agent
    usable = ctx.res(who, prov).usable
    where = f"agent {agent}'s auth-profiles.json order.{key}" if agent else (
        f"openclaw.json auth.order.{key}")
    emptied = len([x for x in ids if x not in missing]) == 0
    return [finding(
        Code.DANGLING_ORDER, "warning" if usable else "error",
        f"{where} names {', '.join(missing)}, which {'does' if len(missing) == 1 else 'do'} "
        "not exist"
        + ("." if usable else f": agent {who} is left with no usable {prov} profile, so "
           f"OpenClaw fails with 'No API key found for provider \"{prov}\"'."),
        fix=f"remove {', '.join(missing)} from {where}"
        + (f" (the list would be empty, so the key goes and OpenClaw falls back to the listed "
           f"{prov} profiles)" if emptied else ""),
        actions=[DropOrderIds(agent, key, missing)], agent=agent, provider=prov,
        profile=missing[0],
    )]


RULES = (Rule((Code.DANGLING_ORDER, Code.DANGLING_LAST_GOOD), order_findings),)
