"""``remove`` for the TUI: the preview the confirmation shows, then the removal, as lines."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from wizard.commands.result import RemoveResult
from wizard.options import Options, home_of
from wizard.views.text import tildify_text


def _lines(result: RemoveResult, env: Mapping[str, str], preview: bool) -> list[str]:
    from wizard.commands.render import remove_lines
    from wizard.core.scrub import Scrubber

    home: Path = home_of(env)
    scrub = Scrubber(result.secrets).text
    lines = remove_lines(result, preview=preview)
    if result.failure is not None:
        lines.append(f"✗ {result.failure.message}")
        if result.failure.fix:
            lines.append(f"  fix: {result.failure.fix}")
    return [scrub(tildify_text(line, home)) for line in lines]


def _run(opts: Options, env: Mapping[str, str], profile: str, now_ms: float, *,
         dry_run: bool) -> RemoveResult:
    from wizard.commands import remove

    common = opts._replace(agents=["all"], dry_run=dry_run or opts.dry_run, json=False)
    return remove.run(remove.RemoveOptions(common, env, profile, yes=True, now_ms=now_ms))


def preview(opts: Options, env: Mapping[str, str], profile: str, now_ms: float
            ) -> tuple[RemoveResult, list[str]]:
    """What removing ``profile`` from every agent would change (nothing is written)."""
    result = _run(opts, env, profile, now_ms, dry_run=True)
    return result, _lines(result, env, preview=True)


def remove(opts: Options, env: Mapping[str, str], profile: str, now_ms: float
           ) -> tuple[bool, list[str]]:
    """Remove ``profile`` from every agent; (whether files changed, what happened)."""
    result = _run(opts, env, profile, now_ms, dry_run=False)
    shown = _lines(result, env, preview=False)
    lines = [line for line in shown if not line.startswith(("--- ", "(no file changes"))]
    return result.removed, lines
