"""A doctor finding on the Welcome screen names the wizard's keys, never a command to leave the
wizard for: every finding the doctor can make, on every generation, read in the wizard's terms."""

from __future__ import annotations

import re

import pytest

from tests.doctor.states import STATES
from tests.doctor.test_rules import ALIASES, doctor_input
from wizard.core.candidates import STRICT
from wizard.doctor.engine import diagnose
from wizard.doctor.model import SET_UP_AGAIN, manual
from wizard.views.wizard_words import in_the_wizard

GENERATIONS = ("G1", "G2", "G3", "G4")
OURS = re.compile(r"authwizard`|`authwizard|--fix|--replay|--import-legacy")


def outside_openclaw(text: str) -> str:
    """``text`` without OpenClaw's own commands, which the user runs outside either way."""
    return re.sub(r"`openclaw[^`]*`", "", text)


@pytest.mark.parametrize("generation", GENERATIONS)
def test_no_finding_sends_the_user_out_of_the_wizard(generation: str) -> None:
    seen = 0
    for name, state in STATES.items():
        rules = STRICT if generation == "G1" else ALIASES
        for f in diagnose(doctor_input(state, generation, rules)):
            for said in (f.message, f.fix):
                shown = outside_openclaw(in_the_wizard(said))
                assert not OURS.search(shown), (name, f.code, shown)
                seen += OURS.search(outside_openclaw(said)) is not None
    assert seen, "no finding named a command: the states no longer test this"


@pytest.mark.parametrize(("said", "shown"), [
    (manual("it holds no secret"), "not changed by f (safe fixes): it holds no secret. Press "
     "Enter to set the credential up here: the wizard writes both files consistently"),
    (manual("", "Run `authwizard --agent work`"),
     "not changed by f (safe fixes). Press Enter and tick agent work on the Profile step"),
    ("Get a new one (`claude setup-token`) and run `authwizard`: it rotates this id",
     "Get a new one (`claude setup-token`) and press Enter to paste it: the wizard rotates "
     "this id"),
    ("Edit openclaw.json by hand, then run `authwizard`",
     "Edit openclaw.json by hand, then press r to look again"),
    ("Remove the stale legacy entry, then run `authwizard doctor --fix`",
     "Remove the stale legacy entry, then press f"),
    ("run `openclaw doctor --fix` to import it, then `authwizard status`",
     "run `openclaw doctor --fix` to import it, then press r to look again"),
    ("chmod 0600 ~/.openclaw/openclaw.json", "chmod 0600 ~/.openclaw/openclaw.json"),
])
def test_what_the_wizard_says_instead(said: str, shown: str) -> None:
    assert in_the_wizard(said) == shown


def test_the_cli_keeps_its_commands() -> None:
    assert "Run `authwizard`" in SET_UP_AGAIN  # `authwizard doctor` is read outside the wizard
