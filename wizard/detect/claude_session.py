"""Is a pasted secret Claude Code's own session token? Such a copy dies within hours: Claude Code
refreshes its access token for itself, and a refresh rotates the refresh token too."""


import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, NamedTuple

from wizard.core.paste import PasteError
from wizard.detect.claude_store import StoredLogin, read_credentials_file, token_digest

Which = Literal["access", "refresh"]


class SessionToken(NamedTuple):
    which: Which
    where: str  # the credentials file or the keychain item it was found in
    expires_at: datetime | None  # the access token's expiry


def _match(secret: str, login: StoredLogin) -> Which | None:
    digest = token_digest(secret)
    for which, stored in login.token_digests:
        if digest == stored:  # digests of local files: nothing to time
            return "access" if which == "access" else "refresh"
    return None


def own_session_token(
    secret: str,
    env: Mapping[str, str],
    *,
    home: Path | None = None,
    keychain: bool | None = None,
    now: datetime | None = None,
) -> SessionToken | None:
    """Where ``secret`` is Claude Code's current access or refresh token, if it is one."""
    home = home or Path(env.get("HOME") or Path.home())
    now = now or datetime.now(UTC)
    stored = read_credentials_file(env, home, now=now)
    which = _match(secret, stored)
    if which:
        return SessionToken(which, str(stored.path), stored.expires_at)
    if sys.platform == "darwin" if keychain is None else keychain:
        from wizard.detect.claude_keychain import read_keychain

        item = read_keychain(env, now=now)
        which = _match(secret, item)
        if which:
            return SessionToken(which, f"keychain item {item.service!r}", item.expires_at)
    return None


def session_token_message(found: SessionToken, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    if found.which == "refresh":
        life = "it changes whenever Claude Code refreshes its login"
    elif found.expires_at is None:
        life = "Claude Code refreshes it for itself, so a copy stops working within hours"
    elif found.expires_at <= now:
        life = f"it expired {found.expires_at:%Y-%m-%d %H:%M} UTC"
    else:
        life = (f"it expires {found.expires_at:%Y-%m-%d %H:%M} UTC and Claude Code then "
                "refreshes it for itself, so a copy stops working")
    return (
        f"this is Claude Code's own {found.which} token (from {found.where}); {life}. "
        "Run `claude setup-token` to make a one-year token for other programs, and paste that"
    )


def refuse_session_token(secret: str, env: Mapping[str, str]) -> None:
    """Raise ``PasteError`` when ``secret`` is Claude Code's own session token."""
    found = own_session_token(secret, env)
    if found is not None:
        raise PasteError("claude_session", session_token_message(found))
