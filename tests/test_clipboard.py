"""Clipboard reading: a friendly ClipboardUnavailable instead of any pyperclip exception."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyperclip
import pytest

from wizard.detect import clipboard
from wizard.detect.clipboard import ClipboardUnavailable, read_clipboard
from wizard.errors import WizardError

TOKEN = "sk-ant-api03-" + "c" * 80 + "CLIP"


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain Linux (not WSL) whatever the host, with pyperclip's mechanism undetermined."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)
    # pyperclip picks its mechanism on first use and caches it in these globals
    monkeypatch.setattr(pyperclip, "paste", pyperclip.lazy_load_stub_paste)
    monkeypatch.setattr(pyperclip, "copy", pyperclip.lazy_load_stub_copy)


def assert_friendly(exc: ClipboardUnavailable) -> None:
    text = str(exc)
    for word in ("xclip", "xsel", "wl-clipboard", "terminal"):
        assert word in text
    assert isinstance(exc, WizardError) and exc.fix


def test_no_display_is_unavailable(linux: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(ClipboardUnavailable) as info:
        read_clipboard()
    assert "DISPLAY" in info.value.message
    assert_friendly(info.value)


def test_no_display_never_imports_pyperclip(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    code = (
        "import sys\n"
        "from wizard.detect import clipboard as c\n"
        "c._is_wsl = lambda: False\n"
        "sys.platform = 'linux'\n"
        "try:\n"
        "    c.read_clipboard()\n"
        "except c.ClipboardUnavailable as e:\n"
        "    assert 'xclip' in str(e)\n"
        "else:\n"
        "    raise SystemExit('no error')\n"
        "assert 'pyperclip' not in sys.modules\n"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=root)


def test_display_but_no_tool_uses_real_pyperclip_detection(
    linux: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """DISPLAY set, no xclip/xsel/klipper on PATH, no Qt: pyperclip's own 'no mechanism'."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setitem(sys.modules, "qtpy", None)  # import fails even if installed
    monkeypatch.setitem(sys.modules, "PyQt5", None)
    with pytest.raises(ClipboardUnavailable) as info:
        read_clipboard()
    assert "no clipboard tool" in info.value.message
    assert isinstance(info.value.__cause__, pyperclip.PyperclipException)
    assert_friendly(info.value)


def test_reads_through_a_real_pyperclip_mechanism(
    linux: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """pyperclip's xclip mechanism end to end, with a stand-in `xclip` program on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    xclip = bin_dir / "xclip"
    xclip.write_text(
        f"#!/bin/sh\n[ \"$*\" = '-selection c -o' ] || exit 2\nprintf '%s' '{TOKEN}'\n"
    )
    xclip.chmod(0o755)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert read_clipboard() == TOKEN


def test_success_with_monkeypatched_paste(linux: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(pyperclip, "paste", lambda: "  pasted text\n")
    assert read_clipboard() == "  pasted text\n"


@pytest.mark.parametrize(
    "exc",
    [
        pyperclip.PyperclipException("no mechanism"),
        pyperclip.PyperclipTimeoutException("timed out"),
        OSError("xclip crashed"),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"),
    ],
)
def test_any_pyperclip_failure_is_friendly(
    linux: None, monkeypatch: pytest.MonkeyPatch, exc: Exception
) -> None:
    def boom() -> str:
        raise exc

    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setattr(pyperclip, "paste", boom)
    with pytest.raises(ClipboardUnavailable) as info:
        read_clipboard()
    assert_friendly(info.value)


def test_non_text_result_is_empty(linux: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(pyperclip, "paste", lambda: None)
    assert read_clipboard() == ""
