"""What validating one credential concludes: the outcome, its reason code and message.

:class:`Draft` is the classification of one answer (:mod:`.responses`) or one failed request
(:mod:`.network_errors`); the retry loop in :mod:`.validate` turns it into a :class:`Verdict`.
"""


from enum import StrEnum
from typing import NamedTuple


class Outcome(StrEnum):
    VALID = "valid"
    LIMITED = "limited"  # valid but limited: write, exit 0, warn
    REJECTED = "rejected"  # exit 3
    UNVERIFIED = "unverified"  # could not verify: exit 4 unless on_unverified = "save"


class Verdict(NamedTuple):
    outcome: Outcome
    reason: str  # a stable code, see REASONS
    message: str  # plain words + the fix; never the secret
    status: int | None
    request_id: str | None
    attempts: int  # HTTP requests sent
    region: str | None = None  # for wrong_region: the region id that accepted the key


REASONS = frozenset(
    {
        "ok", "claude_code_only", "no_credit", "restricted", "invalid", "expired", "truncated",
        "wrong_region", "wrong_kind", "rate_limited", "overloaded", "server_error", "timeout",
        "connection", "dns", "tls", "proxy", "bad_response", "model_denied",
    }
)  # fmt: skip


class Draft(NamedTuple):
    """A verdict before the attempts are counted, plus what the retry loop needs."""

    outcome: Outcome
    reason: str
    message: str
    status: int | None = None
    request_id: str | None = None
    retryable: bool = False
    retry_after: float | None = None  # what the server asked for, in seconds, uncapped
    region: str | None = None

    def verdict(self, attempts: int) -> Verdict:
        message = self.message
        if self.outcome is Outcome.UNVERIFIED and attempts > 1:
            message += f" (gave up after {attempts} attempts)"
        if self.request_id:
            message += f" (request-id {self.request_id})"
        return Verdict(
            self.outcome, self.reason, message, self.status, self.request_id, attempts, self.region
        )
