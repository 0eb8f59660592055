"""What a real screen reader reads of the window, not only what Qt's widgets say of
themselves: the app runs on an X server of its own (Xvfb, Qt's xcb platform) with its
accessibility bridge on (QT_LINUX_ACCESSIBILITY_ALWAYS_ON), on a private session bus with
the desktop's accessibility bus and registry (at-spi2-core's at-spi-bus-launcher and
at-spi2-registryd), and a reader in a process of its own lists the accessible tree and
hears the announcements through AT-SPI (tests/atspi_reader.py, with the system's pyatspi).

The routine plays on the app's fake clock (tests/screen_reader_app.py), moved by the test:
only the processes starting and answering are waited for. Skips, saying what is missing,
where Xvfb, at-spi2-core, dbus-daemon or pyatspi are not installed (bash
packaging/install-system-libs.sh --test installs them)."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stretchdesk.core.play.announcements import STOP_QUESTION
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.store.settings import Settings
from stretchdesk.core.views import preview as previews

from tests.dbus_session import dbus_daemon, start_private_bus, stop

REPO = Path(__file__).resolve().parents[2]
READER = REPO / "tests" / "atspi_reader.py"
#: The most any process is waited for: to start, to join the bus, to answer.
WAIT_SECONDS = 30.0
#: Where at-spi2-core keeps its bus launcher, on Debian, Ubuntu and others.
LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher",
             "/usr/lib/at-spi2/at-spi-bus-launcher")
#: AT-SPI's words for what a person acts on.
ACTING = {"push button", "toggle button", "check box", "radio button", "combo box", "spin button", "text",
          "list", "list item", "table", "table cell", "slider", "menu item", "page tab"}
INSTALL = "bash packaging/install-system-libs.sh --test installs them"


def bus_launcher() -> str | None:
    return next((path for path in LAUNCHERS if os.access(path, os.X_OK)), shutil.which("at-spi-bus-launcher"))


def pyatspi_python() -> str | None:
    """A Python that can import pyatspi: the system's, which Debian's python3-pyatspi is for
    (the app's environment cannot see it)."""
    for candidate in dict.fromkeys(["/usr/bin/python3", shutil.which("python3") or ""]):
        if candidate and os.access(candidate, os.X_OK):
            if subprocess.run([candidate, "-c", "import pyatspi"], capture_output=True).returncode == 0:
                return candidate
    return None


def read_line(process: subprocess.Popen, seconds: float = WAIT_SECONDS) -> str:
    """The process's next line on stdout, waiting at most `seconds`."""
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    if not ready:
        raise AssertionError(f"no answer in {seconds} s from {process.args}")
    line = process.stdout.readline()
    if not line:
        raise AssertionError(f"{process.args} ended: {process.stderr.read()[-2000:] if process.stderr else ''}")
    return line.strip()


class Desktop:
    """An X server, a private session bus and the accessibility bus on it."""

    def __init__(self, folder: Path):
        self.processes: list[subprocess.Popen] = []
        self._displayfd: int | None = None
        try:
            self._start(folder)
        except BaseException:
            self.close()
            raise

    def _start(self, folder: Path) -> None:
        runtime = folder / "runtime"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        display = self._start_x()
        bus, address = start_private_bus(folder / "bus")
        self.processes.append(bus)
        self.env = {**os.environ, "DISPLAY": f":{display}", "DBUS_SESSION_BUS_ADDRESS": address,
                    "XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
        self.env.pop("WAYLAND_DISPLAY", None)
        self.processes.append(subprocess.Popen([bus_launcher(), "--launch-immediately"], env=self.env,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + WAIT_SECONDS
        while subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                              "org.a11y.Bus.GetAddress"], env=self.env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise AssertionError("the accessibility bus did not start")
            time.sleep(0.05)

    def _start_x(self) -> int:
        """Xvfb on a display no other X server has: numbered from a random place, skipping
        any whose lock file or socket is there (another X server, maybe of another mount
        namespace: its abstract socket is still seen)."""
        import random
        import socket

        first = random.randrange(100, 900)
        for number in range(first, first + 50):
            if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            with socket.socket(socket.AF_UNIX) as probe:
                try:
                    probe.connect(f"\0/tmp/.X11-unix/X{number}")
                    continue  # someone answers there
                except OSError:
                    pass
            read, write = os.pipe()
            # -noreset: the server stays as it is when its last client leaves (the bus
            # launcher, after it has set the root window's bus address).
            xvfb = subprocess.Popen(["Xvfb", f":{number}", "-displayfd", str(write), "-screen", "0", "1366x768x24",
                                     "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.close(write)
            ready, _, _ = select.select([read], [], [], WAIT_SECONDS)
            answer = os.read(read, 64).decode().strip() if ready else ""
            if answer == str(number) and xvfb.poll() is None:
                self.processes.append(xvfb)
                self._displayfd = read  # open while it runs: a write to a closed pipe would end it
                return number
            os.close(read)
            stop(xvfb)
        raise AssertionError("Xvfb did not start on any free display")

    def close(self) -> None:
        for process in reversed(self.processes):
            stop(process)
        if self._displayfd is not None:
            os.close(self._displayfd)
            self._displayfd = None


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    missing = [what for what, found in (
        ("Xvfb (the xvfb package)", shutil.which("Xvfb")),
        ("dbus-daemon (the dbus package)", dbus_daemon()),
        ("dbus-send (the dbus package)", shutil.which("dbus-send")),
        ("at-spi-bus-launcher (the at-spi2-core package)", bus_launcher()),
        ("pyatspi for the system's python3 (the python3-pyatspi package)", pyatspi_python()),
    ) if not found]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}; {INSTALL}")
    made = Desktop(tmp_path_factory.mktemp("desktop"))
    yield made
    made.close()


class App:
    """tests/screen_reader_app.py on the desktop, moved by its commands."""

    def __init__(self, desktop: Desktop, folder: Path):
        env = {**desktop.env, "STRETCHDESK_DATA_DIR": str(folder / "data"),
               "STRETCHDESK_CONFIG_DIR": str(folder / "config"), "STRETCHDESK_CACHE_DIR": str(folder / "cache")}
        self.process = subprocess.Popen([sys.executable, "-m", "tests.screen_reader_app"], cwd=REPO, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.env = env
        try:
            self.do("ready")
        except BaseException:
            stop(self.process)
            raise

    def do(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        assert read_line(self.process) == f"ok {command}"

    def read(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run([pyatspi_python(), str(READER), *command], env=self.env, capture_output=True, text=True,
                              timeout=WAIT_SECONDS * 2)

    def tree(self) -> dict:
        read = self.read("tree", "StretchDesk")
        assert read.returncode == 0, read.stderr
        return json.loads(read.stdout)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.do("quit")
                self.process.wait(timeout=WAIT_SECONDS)
            except (AssertionError, BrokenPipeError, subprocess.TimeoutExpired):
                pass
        stop(self.process)


@pytest.fixture
def app(desktop, tmp_path):
    made = App(desktop, tmp_path)
    yield made
    made.close()


def nodes(node: dict, path: tuple[str, ...] = ()):
    yield node, path
    for child in node["children"]:
        yield from nodes(child, (*path, node["role"]))


def find(tree: dict, role: str, name: str) -> dict:
    found = [node for node, _path in nodes(tree) if node["role"] == role and node["name"] == name]
    assert found, f"no {role} called {name!r}"
    return found[0]


def unnamed(tree: dict) -> list[str]:
    return [f"{node['role']} in {' > '.join(path[-3:])}" for node, path in nodes(tree)
            if (node["role"] in ACTING or "focusable" in node["states"]) and not node["name"].strip()]


def test_a_screen_reader_reads_the_library_and_the_player(app):
    app.do("select daily-lower-back")
    tree = app.tree()
    assert unnamed(tree) == []
    daily = load_library().get("daily-lower-back")
    row = previews.row_aloud(daily, previews.routine_meta(daily, previews.timeline_now(daily, Settings())))
    routines = find(tree, "list", "Routines")
    assert row in [item["name"] for item in routines["children"]], "a row in words: its length is not a time of day"
    title = find(tree, "label", "Daily lower back stretches")
    assert title["description"] == "Routine title", "a label reads what it shows; what it is, as its description"
    assert "focusable" in find(tree, "push button", "Start routine")["states"]
    find(tree, "table", "Steps and their times")
    find(tree, "text", "Search routines")

    app.do("start short")
    app.do("advance 7")  # the first hold: 8 seconds left
    tree = app.tree()
    assert unnamed(tree) == []
    assert find(tree, "label", "Twist")["description"] == "Step name"
    assert find(tree, "label", "Left side")["description"] == "What to do now"
    countdown = [node for node, _path in nodes(tree) if node["name"] == "Countdown"]
    assert countdown and countdown[0]["description"] == "Hold: 8 seconds left"
    assert any(node["name"] == "51 seconds left" for node, _path in nodes(tree)), "the time left, in words"


def test_a_screen_reader_hears_the_routine(app):
    listener = subprocess.Popen([pyatspi_python(), str(READER), "listen", "StretchDesk"], env=app.env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert read_line(listener) == "listening"
        app.do("start short")
        app.do("advance 80")
        expected = ["Step 1 of 3: Twist.", "5 seconds left.", "Switch sides: right side.", "5 seconds left.",
                    "Step 2 of 3: Cat cow.", "Step 3 of 3: Bridge.", "Finished: Short test routine. Well done."]
        heard = [json.loads(read_line(listener)) for _ in expected]
        assert [each["text"] for each in heard] == expected
        assert {each["politeness"] for each in heard} == {1}, "polite: after what the screen reader is saying"
        assert {each["role"] for each in heard} == {"frame"}, "from the window"

        app.do("start short")
        app.do("advance 7")
        app.do("key Escape")
        app.do("advance 0.25")
        asked = json.loads(read_line(listener))
        while asked["text"].startswith(("Step", "5 seconds")):  # what the new start said meanwhile
            asked = json.loads(read_line(listener))
        assert asked == {"text": f"Paused. {STOP_QUESTION}", "politeness": 2, "role": "frame"}, "assertive: at once"
    finally:
        stop(listener)
