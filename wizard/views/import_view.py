"""The Welcome's "import the old store first" (i), before anything is written: what the doctor's
fix would repair in the legacy JSON pair (the redacted diff ``doctor --fix --dry-run`` shows),
then what the installed OpenClaw's own import would do, as lines for the consent dialog."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.commands.result import DoctorResult
from wizard.options import Options, home_of
from wizard.views.text import tildify_text

INTRO = ("authwizard first makes the safe repairs shown at the end (auth-profiles.json as the "
         "JSON-era releases read it; files backed up), then:")
NO_REPAIR = "The old auth-profiles.json needs no repair; then:"
LEFT_WITHOUT = ("  ! {provider} is then left without a credential: press Enter on the first "
                "screen to set up a new one")


def preview(opts: Options, env: Mapping[str, str], anyway: bool = True
            ) -> tuple[bool, list[str]]:
    """(whether there is an import to agree to, the lines saying what it would do). Nothing
    is written; OpenClaw is only asked which profiles it holds. ``anyway``: the i key (import
    even where the doctor leaves it to the wizard); else the f key's fix."""
    from wizard.commands import doctor
    from wizard.commands.render import repair_lines, would_import_lines
    from wizard.core.scrub import Scrubber

    common = opts._replace(dry_run=True, json=False)
    result: DoctorResult = doctor.run(doctor.DoctorOptions(common, env, fix=True,
                                                           import_anyway=anyway))
    would = result.would
    ready = result.failure is None and would is not None and would.imports is not None
    lines: list[str] = []
    if result.failure is not None:
        lines.append(f"✗ {result.failure.message}")
        if result.failure.fix:
            lines.append(f"  fix: {result.failure.fix}")
    elif would is None or would.imports is None:
        lines.append("! there is no legacy auth-profiles.json for OpenClaw to import")
    else:
        changed = bool(would.files or would.chmods or would.shreds)
        lines += [INTRO if changed else NO_REPAIR, *would_import_lines(would.imports)]
        lines += [LEFT_WITHOUT.format(provider=f.provider) for f in result.findings or ()
                  if f.code == "import-deletes-only-credential" and f.provider]
        if changed:
            lines += ["", "The repairs (secrets redacted):", *repair_lines(would)]
    home = home_of(env)
    scrub = Scrubber(result.secrets).text
    return ready, [scrub(tildify_text(line, home)) for line in lines]
