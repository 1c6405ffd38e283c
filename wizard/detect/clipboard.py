"""Read the system clipboard for the "paste from clipboard" button.

``pyperclip`` is imported only when the clipboard is actually read (it probes for helper
programs on import of its mechanisms), so headless commands never pay for it. Every failure
becomes :class:`ClipboardUnavailable` with a message saying what to install and that pasting
with the terminal works too; nothing from pyperclip escapes. Safe to call from a worker thread.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from wizard.errors import WizardError

INSTALL_HINT = (
    "install xclip or xsel (X11) or wl-clipboard (Wayland), e.g. `sudo apt install xclip`, "
    "or paste with your terminal instead (Ctrl+Shift+V, Shift+Insert or right-click → Paste)"
)


class ClipboardUnavailable(WizardError):
    """No way to read the clipboard here. ``message`` says why, ``fix`` what to do."""

    def __init__(self, message: str, fix: str = INSTALL_HINT) -> None:
        super().__init__(message, fix)


def _is_wsl() -> bool:
    try:
        return "microsoft" in Path("/proc/version").read_text(errors="replace").lower()
    except OSError:
        return False


def _no_display(env: Mapping[str, str]) -> bool:
    """Linux without any graphical session: pyperclip has no mechanism (reference §9)."""
    if not sys.platform.startswith("linux") or _is_wsl():
        return False
    return not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")


TERMINAL_PASTE = (
    "paste with your terminal instead: Ctrl+Shift+V, Shift+Insert, Cmd+V on a Mac, or "
    "right-click → Paste"
)


def read_clipboard() -> str:
    """The clipboard's text ("" when empty). Raises :class:`ClipboardUnavailable`, only."""
    env = os.environ
    forwarded = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")  # ssh -X: the local one
    if (env.get("SSH_CONNECTION") or env.get("SSH_TTY")) and not forwarded:
        raise ClipboardUnavailable(
            "Cannot read your clipboard over SSH: it is on the computer you type on, not on "
            "this one.", TERMINAL_PASTE)
    if _no_display(os.environ):
        raise ClipboardUnavailable(
            "Cannot read the clipboard: no graphical session (DISPLAY and WAYLAND_DISPLAY are"
            " not set, e.g. over SSH)."
        )
    try:
        import pyperclip
    except ImportError as exc:  # a broken install; still a friendly answer
        raise ClipboardUnavailable(
            "Cannot read the clipboard: pyperclip is not installed."
        ) from exc
    try:
        text = pyperclip.paste()
    except pyperclip.PyperclipException as exc:
        raise ClipboardUnavailable(
            "Cannot read the clipboard: no clipboard tool was found on this system."
        ) from exc
    except Exception as exc:  # a helper that crashed, a timeout, an odd platform
        raise ClipboardUnavailable(f"Cannot read the clipboard ({type(exc).__name__}).") from exc
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return text if isinstance(text, str) else ""
