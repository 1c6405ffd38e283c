"""A broken setup in one sentence: what is wrong, what Enter will do, and what `f` will and will
not fix. The details (every finding) come below it. No Textual here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from wizard.spec.registry import METHOD_TYPE, PROVIDERS, Method
from wizard.views.doctor_view import Finding
from wizard.views.text import METHOD_LABELS, plural, short_name

# What a root cause is, in a few words a newcomer reads at once.
CAUSES = {
    "config-id-missing-in-store": "the config names a profile the store lacks",
    "store-entry-dropped": "the store holds a profile in a shape OpenClaw drops",
    "config-schema": "openclaw.json breaks OpenClaw's schema, so OpenClaw refuses to start",
    "mode-type-mismatch": "the config and the store disagree on the kind of credential",
}
FIX_KINDS = {"file-permissions": "file permissions",
             "type-contradicts-secret": "the stored type"}


def _cause(f: Finding) -> str:
    if f.code in CAUSES:
        return CAUSES[f.code]
    first = f.message.split(". ")[0].rstrip(".")
    return first[:1].lower() + first[1:]


def start_provider(findings: Sequence[Finding]) -> str | None:
    """The provider OpenClaw cannot use any credential of: where Enter starts."""
    for f in findings:
        if f.severity == "error" and f.code == "no-usable-profile" and f.provider in PROVIDERS:
            return f.provider
    return None


class StartPoint(NamedTuple):
    """Where Enter starts on a broken setup: the provider OpenClaw cannot use, and, when the
    config names a profile the store lacks, that profile and the method its mode names."""

    provider: str
    method: Method | None = None
    profile: str | None = None


def start_point(findings: Sequence[Finding],
                config_profiles: Mapping[str, Any]) -> StartPoint | None:
    provider = start_provider(findings)
    if provider is None:
        return None
    methods = PROVIDERS[provider].methods
    for f in findings:
        if f.code != "config-id-missing-in-store" or f.provider != provider or not f.profile:
            continue
        entry = config_profiles.get(f.profile)
        mode = entry.get("mode") if isinstance(entry, Mapping) else None
        for method in methods:
            if METHOD_TYPE[method] == mode:
                return StartPoint(provider, method, f.profile)
    return StartPoint(provider)


def lead(findings: Sequence[Finding], start: StartPoint | None = None) -> str | None:
    """One sentence: what is wrong and what Enter will do; None when nothing is."""
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return None
    causes = [f for f in errors if f.code != "no-usable-profile"] or errors
    if all(f.fixable for f in errors):
        return (f"OpenClaw will not work as set up: {_cause(causes[0])}. Press f to fix "
                f"{'it' if len(errors) == 1 else 'them'}.")
    provider = start_provider(findings)
    if provider is not None:
        name = short_name(PROVIDERS[provider])
        enter = f"set up a new {name} credential"
        if start is not None and start.method is not None and start.profile is not None:
            enter = f"paste a new {name} {METHOD_LABELS[start.method]} under {start.profile}"
        return (f"OpenClaw can't use any {name} credential: {_cause(causes[0])}. Enter: "
                f"{enter}; authwizard writes both files so they agree.")
    return (f"OpenClaw will not work as set up: {_cause(causes[0])}. Enter: set up a "
            "credential; authwizard writes both files so they agree.")


def fix_words(findings: Sequence[Finding]) -> str | None:
    """What `f` will fix and what it will not; None when it fixes nothing."""
    fixable = [f for f in findings if f.fixable]
    if not fixable:
        return None
    kinds = sorted({FIX_KINDS.get(f.code, f.code.replace("-", " ")) for f in fixable})
    said = f"f fixes {plural(len(fixable), 'finding')} ({', '.join(kinds)})"
    left = [f for f in findings if not f.fixable and f.severity == "error"]
    if left:
        return f"{said}; it does not fix the {plural(len(left), 'error')}."
    others = [f for f in findings if not f.fixable]
    if others:
        return f"{said}; the {plural(len(others), 'other finding')} need your choice."
    return f"{said}: all of them."
