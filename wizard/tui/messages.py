"""What screens and workers tell the app. Screens answer, the app decides: a screen posts its
answer (or its request) and the app applies it to the flow and shows the next step's screen; a
worker posts its result and the app records it and hands it to the screen that asked.

A message carries the screen it came from (``origin``): once that screen is no longer on top, an
answer from it is stale (a second Enter before the first was handled) and the app drops it.
Messages holding a secret never show it in their repr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from textual.screen import Screen

    from wizard.errors import WizardError
    from wizard.providers.validate import Verdict
    from wizard.spec.registry import Method
    from wizard.tui.screens.base import StepScreen
    from wizard.tui.screens.done import DoneScreen
    from wizard.tui.screens.method import MethodScreen
    from wizard.tui.screens.profile import ProfileScreen
    from wizard.tui.screens.provider import ProviderScreen
    from wizard.tui.screens.review import ReviewScreen
    from wizard.tui.screens.secret import SecretScreen
    from wizard.tui.screens.verify import VerifyScreen
    from wizard.tui.screens.welcome import WelcomeScreen
    from wizard.views.doctor_view import FixResult
    from wizard.views.facts import Gathered
    from wizard.views.old_copies import CopiesRemoved, OldCopies

S = TypeVar("S")


class FromScreen(Message, Generic[S]):
    def __init__(self, origin: S) -> None:
        super().__init__()
        self.origin = origin


# --- answers and requests of the screens ----------------------------------------------------


class Start(FromScreen["WelcomeScreen"]):
    """Welcome: into the first step."""


class LookRequested(FromScreen["WelcomeScreen"]):
    """Welcome: read the OpenClaw setup (again)."""


class FixRequested(FromScreen["WelcomeScreen"]):
    """Welcome: run the doctor's fixes, then look again."""


class RemoveChosen(FromScreen["WelcomeScreen"]):
    """Welcome: the profile to remove (the app shows what would change, then asks)."""

    def __init__(self, origin: WelcomeScreen, profile: str) -> None:
        super().__init__(origin)
        self.profile = profile


class MoveToKeychain(FromScreen["WelcomeScreen"]):
    """Welcome: move this profile's secret from OpenClaw's store into the OS keychain."""

    def __init__(self, origin: WelcomeScreen, profile: str) -> None:
        super().__init__(origin)
        self.profile = profile


class RemoveConfirmed(FromScreen["WelcomeScreen"]):
    """Welcome: the user confirmed the removal."""

    def __init__(self, origin: WelcomeScreen, profile: str) -> None:
        super().__init__(origin)
        self.profile = profile


class ImportRequested(FromScreen["WelcomeScreen"]):
    """Welcome: import the old JSON store first (the doctor's fix with the import even where it
    deletes the only credential, since the wizard sets up a new one next): first see what it
    would do (``ImportPreviewed``), then agree (``ImportConfirmed``)."""


class ImportPreviewed(FromScreen["WelcomeScreen"]):
    def __init__(self, origin: WelcomeScreen, anyway: bool, ready: bool,
                 lines: list[str]) -> None:
        super().__init__(origin)
        self.anyway = anyway  # i (import even where the doctor leaves it), else f's fix
        self.ready = ready  # an import to agree to, and nothing failed
        self.lines = lines


class ImportConfirmed(FromScreen["WelcomeScreen"]):
    """Welcome: the user agreed to the import the preview described."""

    def __init__(self, origin: WelcomeScreen, anyway: bool) -> None:
        super().__init__(origin)
        self.anyway = anyway


class ProviderChosen(FromScreen["ProviderScreen"]):
    def __init__(self, origin: ProviderScreen, provider_id: str,
                 secret: str | None = None) -> None:
        super().__init__(origin)
        self.provider_id = provider_id
        self.secret = secret  # a secret typed into the search: for the secret step

    def __repr__(self) -> str:
        return f"ProviderChosen({self.provider_id!r})"


class SecretTyped(FromScreen["Screen[object]"]):
    """A field that is not for secrets holds one typed key by key (``widgets.inputs``): to
    the secret step, with the keys still coming."""

    def __init__(self, origin: Screen[object], text: str) -> None:
        super().__init__(origin)
        self.text = text

    def __repr__(self) -> str:
        return "SecretTyped(…)"


class SecretKey(FromScreen["Screen[object]"]):
    """A key of a secret that reached its field after the field handed the secret over."""

    def __init__(self, origin: Screen[object], char: str, at: float) -> None:
        super().__init__(origin)
        self.char = char
        self.at = at  # when it was pressed: the keys take their places by it

    def __repr__(self) -> str:
        return "SecretKey(…)"


class MethodChosen(FromScreen["MethodScreen"]):
    def __init__(self, origin: MethodScreen, method: Method) -> None:
        super().__init__(origin)
        self.method = method


class SetupTokenRequested(FromScreen["MethodScreen"]):
    """Method: leave the screen to `claude setup-token`, then come back to paste its token."""


class SecretGiven(FromScreen["SecretScreen"]):
    def __init__(self, origin: SecretScreen, raw: str) -> None:
        super().__init__(origin)
        self.raw = raw

    def __repr__(self) -> str:
        return "SecretGiven(…)"


class MethodSwitched(FromScreen["SecretScreen"]):
    """Secret: the paste is the other method's kind of credential; switch, keeping the paste."""

    def __init__(self, origin: SecretScreen, method: Method) -> None:
        super().__init__(origin)
        self.method = method


class CheckRequested(FromScreen["VerifyScreen"]):
    """Verify: check the credential with the provider (again)."""


class MessageTestRequested(FromScreen["VerifyScreen"]):
    """Verify: send the one opt-in test message (the user pressed t)."""


class VerdictAccepted(FromScreen["VerifyScreen"]):
    """Verify: go on with a credential the check accepted."""


class SaveUnverified(FromScreen["VerifyScreen"]):
    """Verify: keep a credential that could not be checked."""


class ProfileChosen(FromScreen["ProfileScreen"]):
    def __init__(self, origin: ProfileScreen, profile: str | None, agents: list[str],
                 store: str = "openclaw", expires: str | None = None) -> None:
        super().__init__(origin)
        self.profile = profile  # None: the suggested one
        self.agents = agents
        self.store = store  # "openclaw" or "keychain": where the secret lives
        self.expires = expires  # a setup token's expiry as answered ("365d", a date), or None


class WriteRequested(FromScreen["ReviewScreen"]):
    """Review: write the files."""


class OldCopiesRequested(FromScreen["DoneScreen"]):
    """Done: which backups still hold a secret no profile uses (to offer their removal)."""


class RemoveOldCopies(FromScreen["DoneScreen"]):
    """Done: overwrite, then delete those backups (the user pressed the key)."""


class Back(FromScreen["StepScreen"]):
    """Escape on a step: one step back, as the table says."""

    def __init__(self, origin: StepScreen) -> None:
        super().__init__(origin)


class Finished(FromScreen[Any]):
    """Done (or a dry run's review): exit 0."""


# --- results of the app's workers -----------------------------------------------------------


class Looked(FromScreen["WelcomeScreen"]):
    def __init__(self, origin: WelcomeScreen, gathered: Gathered) -> None:
        super().__init__(origin)
        self.gathered = gathered


class OpenClawAnswered(FromScreen["WelcomeScreen"]):
    """OpenClaw's own view of the profiles came (``error``: it refused) for ``gathered``."""

    def __init__(self, origin: WelcomeScreen, gathered: Gathered,
                 error: WizardError | None) -> None:
        super().__init__(origin)
        self.gathered = gathered
        self.error = error


class Fixed(FromScreen["WelcomeScreen"]):
    def __init__(self, origin: WelcomeScreen, result: FixResult, gathered: Gathered) -> None:
        super().__init__(origin)
        self.result = result
        self.gathered = gathered


class Checked(FromScreen["VerifyScreen"]):
    def __init__(
        self,
        origin: VerifyScreen,
        verdict: Verdict | None,
        error: WizardError | None,
        shown_after: float,
    ) -> None:
        super().__init__(origin)
        self.verdict = verdict
        self.error = error
        self.shown_after = shown_after  # seconds the spinner was up


class MessageTested(FromScreen["VerifyScreen"]):
    def __init__(self, origin: VerifyScreen, verdict: Verdict | None,
                 error: WizardError | None) -> None:
        super().__init__(origin)
        self.verdict = verdict
        self.error = error


class Retrying(FromScreen["VerifyScreen"]):
    """The provider was busy (429/529/5xx): the check waits, then tries again."""

    def __init__(self, origin: VerifyScreen, seconds: float, attempt: int, total: int) -> None:
        super().__init__(origin)
        self.seconds = seconds
        self.attempt = attempt  # the attempt about to be made, from 1
        self.total = total


class Written(FromScreen["ReviewScreen"]):
    """Review: the files were written."""


class WriteFailed(FromScreen["ReviewScreen"]):
    def __init__(self, origin: ReviewScreen, error: WizardError,
                 changed: list[str] | None = None) -> None:
        super().__init__(origin)
        self.error = error
        self.changed = changed or []  # files that differ from before the attempt


class RemovePreviewed(FromScreen["WelcomeScreen"]):
    def __init__(self, origin: WelcomeScreen, profile: str, ready: bool,
                 lines: list[str]) -> None:
        super().__init__(origin)
        self.profile = profile
        self.ready = ready  # something to remove, and nothing failed
        self.lines = lines


class Changed(FromScreen["WelcomeScreen"]):
    """Welcome: a removal or a move into the keychain ran (``label``: "Remove", "Keychain");
    what it says, and the look afterwards."""

    def __init__(self, origin: WelcomeScreen, label: str, changed: bool, lines: list[str],
                 gathered: Gathered) -> None:
        super().__init__(origin)
        self.label = label
        self.changed = changed
        self.lines = lines
        self.gathered = gathered


class OldCopiesFound(FromScreen["DoneScreen"]):
    def __init__(self, origin: DoneScreen, copies: OldCopies | None) -> None:
        super().__init__(origin)
        self.copies = copies  # None: nothing to offer


class OldCopiesRemoved(FromScreen["DoneScreen"]):
    def __init__(self, origin: DoneScreen, removed: CopiesRemoved) -> None:
        super().__init__(origin)
        self.removed = removed
