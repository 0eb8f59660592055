"""Shared test setup: no display, and never the real settings or routines of the person
running the tests."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt: render offscreen, with no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A safety net for code that runs at import time, before the fixture below.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="stretchdesk-tests-"))
os.environ["STRETCHDESK_DATA_DIR"] = str(_SESSION_HOME / "data")
os.environ["STRETCHDESK_CONFIG_DIR"] = str(_SESSION_HOME / "config")
os.environ["STRETCHDESK_CACHE_DIR"] = str(_SESSION_HOME / "cache")
# No test chimes on the speakers of the person running them: the app's sound stream is
# pointed at a server that is not there (tests that play sound start a private one).
os.environ["PULSE_SERVER"] = f"unix:{_SESSION_HOME / 'no-sound-server'}"
# Nor does a test keep the screen of the person running them awake: the session bus is one
# that is not there (tests of keeping it awake start a private one, tests/dbus_session.py).
os.environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={_SESSION_HOME / 'no-session-bus'}"

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

#: The powers that let root write into a folder or file its mode says it may not.
_OVERRIDES = "-dac_override,-dac_read_search,-fowner"


def bound_by_file_modes(command: list[str]) -> list[str]:
    """`command`, run so that a file's mode binds it: as it is for a person, and as root
    without the powers to override a mode. Still as the same user, so the process reads
    the checkout and the Python it runs wherever they were installed (another user could
    not read a clone in a private home folder)."""
    if os.geteuid() != 0:
        return command
    import shutil

    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv to give up root's powers over file modes")
    probe = subprocess.run(["setpriv", f"--bounding-set={_OVERRIDES}", "--", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"root's powers over file modes cannot be given up here: {probe.stderr.strip()[-200:]}")
    return ["setpriv", f"--bounding-set={_OVERRIDES}", "--", *command]


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets empty data and config folders of its own."""
    home = tmp_path / "home"
    monkeypatch.setenv("STRETCHDESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("STRETCHDESK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("STRETCHDESK_CACHE_DIR", str(home / "cache"))
    return home


@pytest.fixture
def today():
    """Today, read as the test begins (tests/history_data.py says why)."""
    from tests.history_data import today

    return today()


@pytest.fixture
def user_routines(isolated_user_folders: Path) -> Path:
    folder = isolated_user_folders / "data" / "routines"
    folder.mkdir(parents=True)
    return folder
