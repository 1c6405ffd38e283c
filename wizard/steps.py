"""The wizard's steps and the one table of how they follow each other.

The Textual app and the headless replay both walk this table (through ``wizard.flow.Flow``,
which moves its cursor with it), so the order of the steps is written down once. Pure: no I/O,
no Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import NamedTuple


class Step(StrEnum):
    PROVIDER = "provider"
    METHOD = "method"
    SECRET = "secret"  # noqa: S105 - a step name
    VALIDATE = "validate"
    PROFILE = "profile"
    REVIEW = "review"
    DONE = "done"



class Progress(NamedTuple):
    """What the table needs to know of a flow's answers so far."""

    methods: int = 0  # how many sign-in methods the chosen provider offers
    accepted: bool = False  # the credential may be saved: a good verdict, or the user said so


Rule = Callable[[Progress], "Step | None"]

# The step that follows once ``step`` is answered; None: the answer does not let the flow go on
# yet (a rejected credential), or the flow is over.
NEXT: Mapping[Step, Rule] = {
    Step.PROVIDER: lambda p: Step.METHOD if p.methods > 1 else Step.SECRET,
    Step.METHOD: lambda p: Step.SECRET,
    Step.SECRET: lambda p: Step.VALIDATE,
    Step.VALIDATE: lambda p: Step.PROFILE if p.accepted else None,
    Step.PROFILE: lambda p: Step.REVIEW,
    Step.REVIEW: lambda p: Step.DONE,
    Step.DONE: lambda p: None,
}

# Where Back goes from ``step``; None: nowhere inside the flow. The check is not a stop on the
# way back, nor the method of a provider that has only one.
BACK: Mapping[Step, Rule] = {
    Step.PROVIDER: lambda p: None,
    Step.METHOD: lambda p: Step.PROVIDER,
    Step.SECRET: lambda p: Step.METHOD if p.methods > 1 else Step.PROVIDER,
    Step.VALIDATE: lambda p: Step.SECRET,
    Step.PROFILE: lambda p: Step.SECRET,
    Step.REVIEW: lambda p: Step.PROFILE,
    Step.DONE: lambda p: None,
}


def next_step(step: Step, progress: Progress) -> Step | None:
    return NEXT[step](progress)


def previous_step(step: Step, progress: Progress) -> Step | None:
    return BACK[step](progress)
