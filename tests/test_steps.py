"""The one table the app and the replay walk: each step and state → the step that follows."""

from __future__ import annotations

from itertools import pairwise

import pytest

from wizard.steps import BACK, NEXT, Progress, Step, next_step, previous_step

ONE = Progress(methods=1)
TWO = Progress(methods=2)
ACCEPTED = Progress(methods=2, accepted=True)
NOT_ACCEPTED = Progress(methods=2, accepted=False)

FORWARD = [
    (Step.PROVIDER, ONE, Step.SECRET),  # the only method is taken: no Method screen
    (Step.PROVIDER, TWO, Step.METHOD),
    (Step.METHOD, TWO, Step.SECRET),
    (Step.SECRET, ONE, Step.VALIDATE),
    (Step.SECRET, TWO, Step.VALIDATE),
    (Step.VALIDATE, ACCEPTED, Step.PROFILE),
    (Step.VALIDATE, NOT_ACCEPTED, None),  # rejected, or unverified and not saved: it stays
    (Step.PROFILE, ACCEPTED, Step.REVIEW),
    (Step.REVIEW, ACCEPTED, Step.DONE),
    (Step.DONE, ACCEPTED, None),
]

BACKWARD = [
    (Step.PROVIDER, TWO, None),
    (Step.METHOD, TWO, Step.PROVIDER),
    (Step.SECRET, TWO, Step.METHOD),
    (Step.SECRET, ONE, Step.PROVIDER),  # over the method a one-method provider never showed
    (Step.VALIDATE, TWO, Step.SECRET),
    (Step.PROFILE, ACCEPTED, Step.SECRET),  # the check is not a stop on the way back
    (Step.PROFILE, ONE, Step.SECRET),
    (Step.REVIEW, ACCEPTED, Step.PROFILE),
    (Step.DONE, ACCEPTED, None),  # written: there is no way back
]


@pytest.mark.parametrize(("step", "progress", "expected"), FORWARD)
def test_next_step(step: Step, progress: Progress, expected: Step | None) -> None:
    assert next_step(step, progress) is expected


@pytest.mark.parametrize(("step", "progress", "expected"), BACKWARD)
def test_previous_step(step: Step, progress: Progress, expected: Step | None) -> None:
    assert previous_step(step, progress) is expected


def test_every_step_has_a_row_both_ways() -> None:
    assert set(NEXT) == set(Step) == set(BACK)
    assert {row[0] for row in FORWARD} == set(Step) == {row[0] for row in BACKWARD}


@pytest.mark.parametrize("methods", [1, 2])
def test_back_retraces_the_way_forward(methods: int) -> None:
    """Going back from any step lands on the step shown before it, never on a skipped one."""
    accepted = Progress(methods, accepted=True)
    path = [Step.PROVIDER]
    while (following := next_step(path[-1], accepted)) is not None:
        path.append(following)
    for before, step in pairwise(path):
        if step is Step.DONE:
            continue
        back = previous_step(step, accepted)
        expected = Step.SECRET if before is Step.VALIDATE else before
        assert back is expected, (step, back, expected)
