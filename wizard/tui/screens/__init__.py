"""One module per screen; ``screen_for`` maps a flow step to its screen."""

from __future__ import annotations

from wizard.steps import Step
from wizard.tui.screens.base import StepScreen


def screen_for(step: Step) -> StepScreen:
    from wizard.tui.screens.done import DoneScreen
    from wizard.tui.screens.method import MethodScreen
    from wizard.tui.screens.profile import ProfileScreen
    from wizard.tui.screens.provider import ProviderScreen
    from wizard.tui.screens.review import ReviewScreen
    from wizard.tui.screens.secret import SecretScreen
    from wizard.tui.screens.verify import VerifyScreen

    screens: dict[Step, type[StepScreen]] = {
        Step.PROVIDER: ProviderScreen,
        Step.METHOD: MethodScreen,
        Step.SECRET: SecretScreen,
        Step.VALIDATE: VerifyScreen,
        Step.PROFILE: ProfileScreen,
        Step.REVIEW: ReviewScreen,
        Step.DONE: DoneScreen,
    }
    return screens[step]()
