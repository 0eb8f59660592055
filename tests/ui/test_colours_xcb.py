"""The real path of the desktop's colour scheme: an X server (Xvfb), the xcb platform, Qt's
GNOME platform theme reading a fake org.freedesktop.portal.Settings on a private session
bus (tests/fake_portal.py), and the window following it live, measured as it is rendered
(tests/ui/xcb_scheme_probe.py). Skips, saying why, where Xvfb or dbus-daemon is missing
(packaging/install-system-libs.sh --test installs both)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.dbus_session import dbus_daemon, start_private_bus, stop

FAKE_PORTAL = Path(__file__).resolve().parents[1] / "fake_portal.py"

pytestmark = [
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (Debian's xvfb) for a real X server"),
    pytest.mark.skipif(dbus_daemon() is None, reason="needs dbus-daemon (Debian's dbus) for a private session bus"),
]


@pytest.fixture
def x_display(tmp_path: Path):
    """A private X server; its display name."""
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    number = server.stdout.readline().strip()
    if not number.isdigit():
        stop(server)
        pytest.fail("Xvfb did not start")
    yield f":{number}"
    stop(server)


@pytest.fixture
def portal_bus(tmp_path: Path):
    """A private session bus with the fake portal on it, saying the desktop is dark."""
    daemon, address = start_private_bus(tmp_path / "bus")
    portal = subprocess.Popen([sys.executable, str(FAKE_PORTAL), address, "--color-scheme", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if portal.stdout.readline().strip() != "ready":
            pytest.fail(f"the fake portal did not start: {portal.stderr.read()}")
        yield address
    finally:
        stop(portal)
        stop(daemon)


def test_the_window_follows_the_desktop_portal_live_on_a_real_x_server(x_display, portal_bus):
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=x_display, DBUS_SESSION_BUS_ADDRESS=portal_bus,
               # Qt's GNOME theme, which reads the portal (as the GTK one, on GNOME, does too).
               XDG_CURRENT_DESKTOP="GNOME", QT_QPA_PLATFORMTHEME="gnome")
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "tests.ui.xcb_scheme_probe"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["platform"] == "xcb"
    assert "errors" not in report, report
    phases = report["phases"]
    assert [phase["shown"] for phase in phases] == ["dark", "light", "light, high contrast"], phases
    assert [phase["desktop"] for phase in phases] == ["Dark", "Light", "Light"], phases
    assert phases[-1]["contrast"] == "HighContrast", phases
    for phase in phases:
        assert phase["reached"] and not phase["failing"], phase
        assert phase["readings"] >= 8, phase
