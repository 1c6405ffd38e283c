"""Classification of a provider's answer to a validation probe into an outcome (DESIGN §5, §8).

One idea per module, all re-exported here:

* :mod:`.verdict` — :class:`Outcome`, :class:`Verdict`, :class:`Draft` and the reason codes
  :data:`REASONS`;
* :mod:`.messages` — the plain words and fix per reason (:func:`message_for`), scrubbed of
  anything that looks like a credential (:func:`scrub`);
* :mod:`.responses` — an HTTP answer (status, headers, body) → :class:`Draft`
  (:func:`classify_response`, :func:`parse_error`, :func:`retry_after`);
* :mod:`.network_errors` — a request that got no answer → :class:`Draft`
  (:func:`classify_exception`).
"""

from __future__ import annotations

from wizard.providers.messages import host_of, message_for, scrub
from wizard.providers.network_errors import classify_exception
from wizard.providers.responses import ApiError, classify_response, parse_error, retry_after
from wizard.providers.verdict import REASONS, Draft, Outcome, Verdict

__all__ = [
    "REASONS",
    "ApiError",
    "Draft",
    "Outcome",
    "Verdict",
    "classify_exception",
    "classify_response",
    "host_of",
    "message_for",
    "parse_error",
    "retry_after",
    "scrub",
]
