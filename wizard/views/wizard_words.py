"""A doctor finding as the wizard shows it: its keys, not the commands ``authwizard doctor``
names. Someone reading the Welcome screen is already in the wizard, where Enter sets a
credential up, f makes the safe fixes, i imports the old store first and r looks again.

One row per phrase the doctor's rules use, the most specific first; OpenClaw's own commands
(``openclaw doctor --fix``) are left as they are."""

from __future__ import annotations

import re

from wizard.doctor.model import SET_UP_AGAIN, WIZARD
from wizard.doctor.rules.storage import IMPORT_FLAG

RUN = f"`{WIZARD}`"
IMPORT_KEY = 'press i ("import the old store first")'

PHRASES: tuple[tuple[str, str], ...] = (
    ("not changed by --fix", "not changed by f (safe fixes)"),
    ("--fix does not import", "f (safe fixes) does not import"),
    (SET_UP_AGAIN,
     "Press Enter to set the credential up here: the wizard writes both files consistently"),
    (f'run {RUN} and press i ("import the old store first") on its first screen, or '
     f"{IMPORT_FLAG}: it imports", f"{IMPORT_KEY}: the wizard imports"),
    (f"Run {RUN} (it imports, then sets one up), then `{WIZARD} status`",
     f"{IMPORT_KEY[0].upper()}{IMPORT_KEY[1:]}: the wizard imports it, then sets one up"),
    (f"Run {RUN} (it lists every profile it keeps) or delete it",
     "Press Enter to set up the one you want, or delete it"),
    (f"Run {RUN} again with the keychain storage to store the secret again",
     "Press Enter and keep it in the OS keychain (Profile step) to store the secret again"),
    (f" and {RUN} with the token it prints", ", then press Enter and paste the token it prints"),
    (f"and run {RUN}: it rotates", "and press Enter to paste it: the wizard rotates"),
    (": it rotates", ": the wizard rotates"),
    (f"run `{WIZARD} doctor --fix`", "press f"),
    (f"then `{WIZARD} status`", "then press r to look again"),
    (f"then run {RUN}", "then press r to look again"),
    (f"Run {RUN} to ", "Press Enter to "),
    (f"run {RUN} to ", "press Enter to "),
    (f"run {RUN}", "press Enter to set one up"),
    (f"Run {RUN}", "Press Enter to set one up"),
)
FOR_AGENT = (re.compile(rf"Run `{WIZARD} --agent ([^`]+)`"),
             r"Press Enter and tick agent \1 on the Profile step")


def in_the_wizard(text: str) -> str:
    """``text`` (a finding's message or fix) in the wizard's own terms."""
    for said, meant in PHRASES:
        text = text.replace(said, meant)
    pattern, meant = FOR_AGENT
    return pattern.sub(meant, text)
