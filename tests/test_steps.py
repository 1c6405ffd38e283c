"""The one table the app and the replay walk: each step and state → the step that follows."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from wizard.flow import Flow
from wizard.openclaw.backends.json_pair import JsonPairBackend
from wizard.openclaw.paths import resolve_paths
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


def at(flow: Flow) -> Step:
    return flow.step


def test_a_flow_moves_by_the_table(tmp_path: Path) -> None:
    """A real flow over an empty state dir: each answer moves its cursor as the table says."""
    flow = Flow(JsonPairBackend(resolve_paths({}, tmp_path)), {})
    assert at(flow) is Step.PROVIDER
    flow.choose_provider("openai")  # one method: straight to the secret
    assert (at(flow), flow.state.method) == (Step.SECRET, "api-key")
    assert flow.back() is Step.PROVIDER  # and back over the method it never asked
    flow.choose_provider("anthropic")
    assert at(flow) is Step.METHOD
    flow.choose_method("setup-token")
    flow.give_secret("sk-ant-oat01-" + "A1b2C3d4" * 12)
    assert at(flow) is Step.VALIDATE
    flow.skip_validation()
    assert at(flow) is Step.PROFILE
    assert flow.back() is Step.SECRET  # the check is not a stop on the way back
    flow.give_secret("sk-ant-oat01-" + "A1b2C3d4" * 12)
    flow.skip_validation()
    flow.choose_profile(None, None)
    assert at(flow) is Step.REVIEW
    flow.write()
    assert at(flow) is Step.DONE
    assert flow.back() is Step.DONE  # written: no way back
