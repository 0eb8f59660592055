"""The screen stays awake while a routine runs: the window asks the desktop's inhibit
service (a fake one, in a process of its own on a private session bus) and lets go on
every way out. The fake clock moves the routine; only the private bus and the fake service
are waited for, and only until they answer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from stretchdesk.ui.output.keep_awake import REASON, UNAVAILABLE, KeepAwake, session_bus_address

from tests.dbus_session import FakeServices, dbus_daemon, start_private_bus, stop
from tests.ui.conftest import advance

WAIT_MS = 15_000  # for the private bus and the fake service only; usually a few ms


@pytest.fixture
def session_bus(tmp_path, monkeypatch):
    if dbus_daemon() is None:
        pytest.skip("dbus-daemon is not installed (bash packaging/install-system-libs.sh --test installs the dbus package)")
    daemon, address = start_private_bus(tmp_path / "bus")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    stop(daemon)


@pytest.fixture
def services(session_bus, tmp_path, qtbot):
    """Starts the fake inhibit services on the private bus; stopped after the test."""
    started: list[FakeServices] = []

    def start(**options) -> FakeServices:
        fake = FakeServices(session_bus, tmp_path / f"calls-{len(started)}.jsonl", **options)
        started.append(fake)
        qtbot.waitUntil(fake.ready, timeout=WAIT_MS)
        return fake

    yield start
    for fake in started:
        fake.stop()


@pytest.fixture
def keep_awake(qtbot):
    from stretchdesk.ui.app import create_application

    create_application()
    made = KeepAwake()
    yield made
    made.shutdown()


def test_start_pause_resume_stop_finish_and_close(services, window, clock, qtbot):
    fake = services()
    short = window.library.routines[0]
    window.start_routine(short)
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    [inhibit] = fake.calls()
    assert inhibit["call"] == "Inhibit" and inhibit["path"] == "/org/freedesktop/ScreenSaver"
    assert inhibit["app"] == "StretchDesk" and inhibit["reason"] == REASON
    advance(window, clock, 7)  # into the first hold: nothing more is asked
    assert len(fake.calls()) == 1

    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # pause
    assert fake.calls()[1] == {"call": "UnInhibit", "path": inhibit["path"], "cookie": inhibit["cookie"], "known": True}
    assert not window.keep_awake.held
    clock.advance(300)  # a long pause asks nothing
    window.driver.tick()
    assert len(fake.calls()) == 2

    qtbot.keyClick(window, Qt.Key.Key_Space)  # resume
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    again = fake.calls()[2]
    assert again["call"] == "Inhibit" and again["cookie"] != inhibit["cookie"]

    qtbot.keyClick(window, Qt.Key.Key_Escape)  # pauses and asks (released: paused)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # stop
    assert window.current_page() is window.completion_page
    assert fake.calls()[3] == {"call": "UnInhibit", "path": again["path"], "cookie": again["cookie"], "known": True}

    # Played to the end: let go with the closing chime, and the completion page asks nothing.
    window.completion_page.againRequested.emit()
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    assert window.current_page() is window.completion_page
    assert [call["call"] for call in fake.calls()] == ["Inhibit", "UnInhibit"] * 3
    assert all(call["known"] for call in fake.calls() if call["call"] == "UnInhibit")

    # Leaving the player while a routine runs, and closing the window while one runs.
    window.start_routine(short)
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    window.show_library()
    assert fake.calls()[-1]["call"] == "UnInhibit" and not window.keep_awake.held
    window.start_routine(short)
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    window.close()
    last_inhibit = fake.calls()[-2]
    assert fake.calls()[-1] == {"call": "UnInhibit", "path": last_inhibit["path"], "cookie": last_inhibit["cookie"], "known": True}
    assert [call["call"] for call in fake.calls()] == ["Inhibit", "UnInhibit"] * 5
    assert window.notices.text() == ""  # nothing to say when it works
    window.keep_awake.shutdown()


def test_a_pause_before_the_desktop_answers_still_lets_go(services, keep_awake, qtbot):
    fake = services()
    keep_awake.want(True)
    keep_awake.want(False)  # the answer is still on its way
    qtbot.waitUntil(lambda: len(fake.calls()) == 2, timeout=WAIT_MS)
    inhibit, uninhibit = fake.calls()
    assert uninhibit == {"call": "UnInhibit", "path": inhibit["path"], "cookie": inhibit["cookie"], "known": True}
    assert not keep_awake.held


QUITTING_APP = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
from stretchdesk.ui.output.keep_awake import KeepAwake

app = QCoreApplication([])
keep = KeepAwake()
keep.want(True)

def quit_once_held():
    if keep.held:
        app.quit()  # no release: quitting is the way out
    else:
        QTimer.singleShot(5, quit_once_held)

quit_once_held()
QTimer.singleShot(10_000, lambda: app.exit(3))
sys.exit(app.exec())
"""


def test_the_app_quitting_lets_go(services):
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    fake = services()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", QUITTING_APP], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    inhibit, uninhibit = fake.calls()
    assert uninhibit == {"call": "UnInhibit", "path": inhibit["path"], "cookie": inhibit["cookie"], "known": True}


def test_the_older_screensaver_path_is_asked_next(services, keep_awake, qtbot):
    fake = services(paths=("/ScreenSaver",))
    keep_awake.want(True)
    qtbot.waitUntil(lambda: keep_awake.held, timeout=WAIT_MS)
    keep_awake.want(False)
    keep_awake.want(True)  # the path that answered is asked first from now on
    qtbot.waitUntil(lambda: keep_awake.held, timeout=WAIT_MS)
    keep_awake.release()
    assert [(call["call"], call["path"]) for call in fake.calls()] == [
        ("Inhibit", "/ScreenSaver"), ("UnInhibit", "/ScreenSaver"), ("Inhibit", "/ScreenSaver"), ("UnInhibit", "/ScreenSaver"),
    ]


def test_without_a_screensaver_the_portal_is_asked(services, keep_awake, qtbot):
    fake = services(paths=(), portal=True)
    keep_awake.want(True)
    qtbot.waitUntil(lambda: keep_awake.held, timeout=WAIT_MS)
    [inhibit] = fake.calls()
    assert inhibit["call"] == "PortalInhibit" and inhibit["flags"] == 8 and inhibit["reason"] == REASON
    keep_awake.want(False)
    qtbot.waitUntil(lambda: len(fake.calls()) == 2, timeout=WAIT_MS)
    assert fake.calls()[1] == {"call": "Close", "handle": inhibit["handle"]}


def test_a_bus_where_no_service_answers_says_so_once(session_bus, keep_awake, qtbot):
    said: list[str] = []
    keep_awake.unavailable.connect(said.append)
    keep_awake.want(True)
    qtbot.waitUntil(lambda: said == [UNAVAILABLE], timeout=WAIT_MS)
    keep_awake.want(False)
    keep_awake.want(True)  # not asked again, not said again
    assert said == [UNAVAILABLE] and not keep_awake.held


def test_without_a_session_bus_nothing_happens_and_nothing_is_said(window, clock, qtbot, tmp_path, monkeypatch):
    said: list[str] = []
    window.start_routine(window.library.routines[0])
    window.keep_awake.unavailable.connect(said.append)
    advance(window, clock, 7)
    window.driver.perform(window.playback.toggle)
    window.driver.perform(window.playback.toggle)
    window.driver.perform(window.playback.stop)
    window.show_library()
    assert not window.keep_awake.held and said == [] and window.notices.text() == ""

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket in it
    assert session_bus_address() is None
    quiet = KeepAwake()
    quiet.want(True)
    quiet.release()
    quiet.shutdown()
    assert not quiet.held


def test_the_bus_address_is_found_in_the_runtime_folder(tmp_path):
    import socket

    runtime = tmp_path / "run dir"
    runtime.mkdir()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(runtime)}) is None
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(runtime / "bus"))
        assert session_bus_address({"XDG_RUNTIME_DIR": str(runtime)}) == f"unix:path={str(runtime).replace(' ', '%20')}/bus"
    finally:
        server.close()
    assert session_bus_address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x", "XDG_RUNTIME_DIR": str(runtime)}) == "unix:path=/x"
