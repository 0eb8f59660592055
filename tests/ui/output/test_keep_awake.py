"""The screen stays awake while a routine runs: the window asks the desktop's inhibit
service (a fake one, in a process of its own on a private session bus) and lets go on
every way out. The fake clock moves the routine; only the private bus and the fake service
are waited for, and only until they answer.

And nothing on the window's thread waits for the desktop: against a service that never
answers its introspection, one that never answers at all, and a bus that accepts the
connection and never says a word, every call returns with the question still on its way
(`waiting`), the window's event loop keeps turning (counted by a timer's ticks while the
question is unanswered) and the routine plays on the fake clock; the service is given up
with one line in the status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer

from stretchdesk.ui.output import keep_awake as keep_awake_module
from stretchdesk.ui.output.keep_awake import NOT_ANSWERING, REASON, UNAVAILABLE, KeepAwake, session_bus_address

from tests.dbus_session import FakeServices, dbus_daemon, silent_bus, start_private_bus, stop
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


def calls_reach(qtbot, fake: FakeServices, count: int) -> list[dict]:
    """The fake's calls once there are `count` of them (letting go is not waited for)."""
    qtbot.waitUntil(lambda: len(fake.calls()) >= count, timeout=WAIT_MS)
    return fake.calls()


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
    assert not window.keep_awake.held
    assert calls_reach(qtbot, fake, 2)[1] == {"call": "UnInhibit", "path": inhibit["path"], "cookie": inhibit["cookie"], "known": True}
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
    assert calls_reach(qtbot, fake, 4)[3] == {"call": "UnInhibit", "path": again["path"], "cookie": again["cookie"], "known": True}

    # Played to the end: let go with the closing chime, and the completion page asks nothing.
    window.completion_page.againRequested.emit()
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    assert window.current_page() is window.completion_page
    assert [call["call"] for call in calls_reach(qtbot, fake, 6)] == ["Inhibit", "UnInhibit"] * 3
    assert all(call["known"] for call in fake.calls() if call["call"] == "UnInhibit")

    # Leaving the player while a routine runs, and closing the window while one runs.
    window.start_routine(short)
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    window.show_library()
    assert not window.keep_awake.held
    assert calls_reach(qtbot, fake, 8)[-1]["call"] == "UnInhibit"
    window.start_routine(short)
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    window.close()
    calls_reach(qtbot, fake, 10)
    last_inhibit = fake.calls()[-2]
    assert fake.calls()[-1] == {"call": "UnInhibit", "path": last_inhibit["path"], "cookie": last_inhibit["cookie"], "known": True}
    assert [call["call"] for call in fake.calls()] == ["Inhibit", "UnInhibit"] * 5
    assert window.notices.text() == ""  # nothing to say when it works
    window.keep_awake.shutdown()


@pytest.fixture
def turns():
    """How many times the event loop has turned: a timer that fires at every turn."""
    count = [0]
    timer = QTimer(interval=0)
    timer.timeout.connect(lambda: count.__setitem__(0, count[0] + 1))
    timer.start()
    yield lambda: count[0]
    timer.stop()


def turning_while_waiting(qtbot, keep_awake: KeepAwake, turns, at_least: int = 5) -> None:
    """The question is still on its way, and the event loop turns meanwhile."""
    assert keep_awake.waiting  # the call returned with the answer still to come
    start = turns()
    qtbot.waitUntil(lambda: turns() >= start + at_least, timeout=WAIT_MS)
    assert keep_awake.waiting, "the question was answered or given up before the loop could turn"


def test_a_screensaver_that_never_answers_introspection_holds_nothing_up(services, window, clock, qtbot):
    fake = services(silent="introspection")
    window.start_routine(window.library.routines[0])
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # pause
    assert window.playback.view().paused and not window.keep_awake.held
    inhibit, uninhibit = calls_reach(qtbot, fake, 2)
    assert uninhibit == {"call": "UnInhibit", "path": inhibit["path"], "cookie": inhibit["cookie"], "known": True}
    qtbot.keyClick(window, Qt.Key.Key_Space)  # resume
    qtbot.waitUntil(lambda: window.keep_awake.held, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # stop
    assert window.current_page() is window.completion_page
    assert [call["call"] for call in calls_reach(qtbot, fake, 4)] == ["Inhibit", "UnInhibit"] * 2  # no Introspect asked
    assert fake.calls()[3]["known"] and window.notices.text() == ""
    window.keep_awake.shutdown()


def test_a_service_that_never_answers_is_given_up_while_the_routine_plays_on(services, window, clock, qtbot, turns, monkeypatch):
    monkeypatch.setattr(keep_awake_module, "ASK_MS", 2000)
    fake = services(silent="everything")
    window.start_routine(window.library.routines[0])
    turning_while_waiting(qtbot, window.keep_awake, turns)
    before = window.playback.view().position
    advance(window, clock, 3)  # the routine plays on while the desktop says nothing
    assert window.playback.view().position == before + 3 and window.keep_awake.waiting
    qtbot.waitUntil(lambda: window.notices.text() == NOT_ANSWERING, timeout=WAIT_MS)
    assert not window.keep_awake.held and not window.keep_awake.waiting
    window.driver.perform(window.playback.toggle)
    window.driver.perform(window.playback.toggle)  # resumed: not asked again, not said again
    assert not window.keep_awake.waiting
    assert [call["call"] for call in fake.calls()] == ["Inhibit"]
    window.keep_awake.shutdown()


def test_a_bus_that_accepts_and_never_answers_is_given_up(tmp_path, keep_awake, qtbot, turns, monkeypatch):
    server, address = silent_bus(tmp_path / "bus")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    monkeypatch.setattr(keep_awake_module, "OPEN_MS", 2000)
    said: list[str] = []
    keep_awake.unavailable.connect(said.append)
    try:
        keep_awake.want(True)
        turning_while_waiting(qtbot, keep_awake, turns)
        keep_awake.want(False)  # paused meanwhile: returns at once too
        keep_awake.want(True)
        assert keep_awake.waiting
        qtbot.waitUntil(lambda: said == [NOT_ANSWERING], timeout=WAIT_MS)
        keep_awake.want(False)
        keep_awake.want(True)  # not asked again, not said again
        assert said == [NOT_ANSWERING] and not keep_awake.held and not keep_awake.waiting
    finally:
        server.close()


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
    calls = calls_reach(qtbot, fake, 5)
    assert calls[0] == {"call": "Unknown", "path": "/org/freedesktop/ScreenSaver", "interface": "org.freedesktop.ScreenSaver", "member": "Inhibit", "signature": "ss"}
    assert [(call["call"], call["path"]) for call in calls[1:]] == [
        ("Inhibit", "/ScreenSaver"), ("UnInhibit", "/ScreenSaver"), ("Inhibit", "/ScreenSaver"), ("UnInhibit", "/ScreenSaver"),
    ]


def test_without_a_screensaver_the_portal_is_asked(services, keep_awake, qtbot):
    fake = services(paths=(), portal=True)
    keep_awake.want(True)
    qtbot.waitUntil(lambda: keep_awake.held, timeout=WAIT_MS)
    [inhibit] = fake.calls()  # asked directly: no introspection, nothing refused
    assert inhibit["call"] == "PortalInhibit" and inhibit["flags"] == 8 and inhibit["reason"] == REASON
    assert inhibit["window"] == "" and inhibit["handle"].startswith("/org/freedesktop/portal/desktop/request/")
    keep_awake.want(False)
    assert calls_reach(qtbot, fake, 2)[1] == {"call": "Close", "handle": inhibit["handle"]}
    keep_awake.want(True)  # resumed: asked again, the portal first now
    qtbot.waitUntil(lambda: keep_awake.held, timeout=WAIT_MS)
    assert [call["call"] for call in fake.calls()] == ["PortalInhibit", "Close", "PortalInhibit"]


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
    from PySide6.QtWidgets import QApplication

    for _ in range(5):  # the bus's answer (none there) comes from the event loop
        QApplication.processEvents()
    assert said == [] and window.notices.text() == "", "no bus is no desktop to ask: nothing to say"
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


WITHOUT_A_BUS = """
import sys
from PySide6.QtCore import QCoreApplication
from stretchdesk.ui.output.keep_awake import KeepAwake
app = QCoreApplication([])
keep_awake = KeepAwake()
keep_awake.want(True)
keep_awake.want(False)
keep_awake.shutdown()
print(sorted(name for name in sys.modules if name.startswith(("jeepney", "stretchdesk.ui.output.desktop_bus"))))
"""


def test_without_a_session_bus_the_d_bus_code_is_not_even_loaded(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {key: value for key, value in os.environ.items() if key != "DBUS_SESSION_BUS_ADDRESS"}
    env.update(PYTHONPATH=str(REPO), XDG_RUNTIME_DIR=str(tmp_path))  # a runtime folder with no bus in it
    result = subprocess.run([sys.executable, "-c", WITHOUT_A_BUS], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().replace("'", '"')) == []
