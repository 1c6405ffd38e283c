"""Doctor rule over the whole machine: nothing set up is not a clean bill of health."""

from __future__ import annotations

from wizard.core.fallbacks import models_api_key
from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import WIZARD, Finding, finding, manual
from wizard.spec.registry import PROVIDERS

NOTHING_SET_UP = f"No model credential is set up for OpenClaw yet: run `{WIZARD}`"


def nothing_findings(ctx: Ctx) -> list[Finding]:
    if ctx.cfg or any(ctx.snap.stores[a].profiles() for a in ctx.snap.stores):
        return []
    if any(c.in_use and not c.blank for c in ctx.inp.env):
        return []
    if any(models_api_key(ctx.snap.config, p) for p in PROVIDERS):
        return []
    return [finding(
        Code.NO_CREDENTIAL, "error", NOTHING_SET_UP + ".",
        fix=manual("there is nothing to repair",
                   f"Run `{WIZARD}` to set up a setup token or an API key"),
    )]


RULES = (Rule((Code.NO_CREDENTIAL,), nothing_findings),)
