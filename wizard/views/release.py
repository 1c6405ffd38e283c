"""The detected OpenClaw release in words a user knows: its version and where it keeps
credentials, or that the release is unknown. No Textual here."""

from __future__ import annotations

from wizard.openclaw.generation import Detected
from wizard.spec.releases import GENERATION_ROWS, row, show

JSON_FILES = "keeps credentials in two JSON files (openclaw.json and auth-profiles.json)"
DATABASE = "keeps credentials in its own database"


def release_words(d: Detected) -> str:
    if d.source == "unanswered":
        return f"release unknown: {d.problem}"
    if not d.known:
        return ("release unknown: no `openclaw` program here, nor a file that names the "
                "release; authwizard asks which you use before it writes anything")
    kept = JSON_FILES if d.reads_json else DATABASE
    who = {
        "override": f"OpenClaw {_releases(d.generation)} (as set with {d.override_by})",
        "installed": f"OpenClaw {d.version}",
        "config-meta": f"OpenClaw {d.version} (the release that last wrote the config)",
        "files": "OpenClaw (the release judged from its files)",
    }.get(d.source, "OpenClaw")
    return f"{who} — {kept}"


def _releases(generation: str) -> str:
    """The releases a storage generation stands for: "2026.4.7 to 2026.6.1", "2026.8.1 or later"."""
    try:
        r = row(generation)
    except KeyError:
        return generation
    if r is GENERATION_ROWS[-1]:
        return f"{show(r.first)} or later"
    return f"{show(r.first)} to {show(r.last_known)}"
