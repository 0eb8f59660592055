"""The speech helper process: started so that nothing in the person's current folder runs
in it, and never left behind when the app goes away, even with its engine stuck."""

from __future__ import annotations

import os
import signal
import select
import subprocess
import sys
from pathlib import Path

import pytest

from stretchdesk.ui.output import speech
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.output.desktop_cue_output import DesktopCueOutput

#: Runs the helper with an engine that never comes back from its constructor.
SCAFFOLD = Path(__file__).resolve().parents[2] / "hanging_speech.py"

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux only")

# A small app: starts the helper exactly as the window does, with its engine made to hang.
PARENT = """
import sys
from PySide6.QtCore import QCoreApplication
from stretchdesk.ui.output import speech
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.output.desktop_cue_output import DesktopCueOutput

scaffold, stuck_file, mode = sys.argv[1:]
app_command = speech.speech_helper_command
speech.speech_helper_command = lambda engine: (
    app_command(engine)[0], ["-I", scaffold, stuck_file, mode, *app_command(engine)[1]])
app = QCoreApplication([])
output = DesktopCueOutput(CuePlayer(), voice_engine="mock")
output.say("Get ready.")
sys.exit(app.exec())
"""


#: An upper bound only for what these tests wait for (it normally takes milliseconds, or
#: the second a helper takes to start): each wait ends as soon as what it waits for happens.
BOUND_SECONDS = 20.0


def ends_within(process: int, seconds: float = BOUND_SECONDS) -> bool:
    """Whether the process behind `process`, a descriptor from os.pidfd_open, ends within
    `seconds`: the kernel makes the descriptor readable as the process ends (whether or not
    anybody collects its exit status; in a container, the process that inherits orphans
    may never do so)."""
    return bool(select.select([process], [], [], seconds)[0])


def process_gone(pid: int) -> bool:
    """A process that ended counts as gone even while nobody has collected its exit
    status (in a container, the process that inherits orphans may never do so)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    except OSError:  # no /proc here
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return stat.rpartition(")")[2].split()[0] in ("Z", "X")


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])


class StuckPipe:
    """The named pipe the hanging engine tells its process id through (tests/hanging_speech.py),
    opened here before the helper starts: the engine never waits for a reader, and what it
    says is read as it comes."""

    def __init__(self, folder: Path):
        self.path = folder / "stuck"
        os.mkfifo(self.path)
        self._end = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)

    def helper(self, app: subprocess.Popen | None = None) -> int:
        """The helper's process id, once its engine has hung; a failure at once should
        `app`, the app that started the helper, end first."""
        app_ended = os.pidfd_open(app.pid) if app is not None else None
        watched = [self._end] if app_ended is None else [self._end, app_ended]
        told = b""
        try:
            while True:
                ready = select.select(watched, [], [], BOUND_SECONDS)[0]
                if self._end in ready:
                    chunk = os.read(self._end, 64)
                    if not chunk:  # all said, and its end closed
                        return int(told)
                    told += chunk
                elif ready:
                    pytest.fail(f"the app ended with {app.wait()} before its speech helper got going")
                else:
                    pytest.fail("the speech helper never got as far as starting its engine")
        finally:
            if app_ended is not None:
                os.close(app_ended)

    def close(self) -> None:
        os.close(self._end)


@pytest.fixture
def stuck_pipe(tmp_path):
    pipe = StuckPipe(tmp_path)
    yield pipe
    pipe.close()


def hanging_command(stuck_file: Path, mode: str):
    app_command = speech.speech_helper_command

    def command(engine: str | None) -> tuple[str, list[str]]:
        program, arguments = app_command(engine)
        return program, ["-I", str(SCAFFOLD), str(stuck_file), mode, *arguments]

    return command


@pytest.mark.parametrize("python_path_names_it", [False, True])
def test_nothing_in_the_folder_the_app_was_started_from_runs_in_the_helper(qtbot, tmp_path, monkeypatch, python_path_names_it):
    """Started from a downloads folder holding files named like modules the helper uses,
    the app runs none of them, and voice still works. Nor when the person's PYTHONPATH,
    set up for projects of their own, names that folder: the helper needs only the
    standard library and the Qt the app came with."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    if python_path_names_it:
        monkeypatch.setenv("PYTHONPATH", str(folder))
    planted = ("threading", "queue", "ctypes", "signal", "stretchdesk", "PySide6", "shiboken6")
    for name in planted:
        (folder / f"{name}.py").write_text("import pathlib\npathlib.Path(__file__).with_suffix('.ran').write_text('ran')\n")
    monkeypatch.chdir(folder)
    player = CuePlayer()
    told: list[str] = []
    player.unavailable.connect(told.append)
    output = DesktopCueOutput(player, voice_engine="mock")
    output.say("Get ready.")
    try:
        qtbot.waitUntil(lambda: output.voice_available or bool(told), timeout=20000)
        assert sorted(path.name for path in folder.glob("*.ran")) == []
        assert output.voice_available and told == []
        if sys.platform.startswith("linux"):
            # Nor does it hold on to that folder (a USB stick it was started from could
            # not be unmounted while the app runs).
            helper_folder = Path(os.readlink(f"/proc/{output.speech._process.processId()}/cwd"))
            assert helper_folder != folder.resolve()
    finally:
        output.shutdown()


SPEAKING_APP = """
from PySide6.QtCore import QCoreApplication, QTimer
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.output.desktop_cue_output import DesktopCueOutput

app = QCoreApplication([])
player = CuePlayer()
told = []
player.unavailable.connect(lambda message: (told.append(message), app.quit()))
output = DesktopCueOutput(player, voice_engine="mock")
words = []
output.speech.spokenWord.connect(lambda word: (words.append(word), word == "ready" and app.quit()))
output.say("Get ready.")
QTimer.singleShot(20000, app.quit)  # an upper bound only: the words come in well under a second
app.exec()
output.shutdown()
print(" ".join(words) or told)
"""


def test_the_helper_uses_the_qt_the_app_found_even_where_isolation_hides_it(tmp_path):
    """Some installs give Python its Qt through PYTHONPATH (or the user's own
    site-packages), both of which the isolated helper does not look at by itself. The app
    still speaks."""
    import sysconfig
    import venv

    from tests.conftest import REPO

    bare = tmp_path / "bare"
    venv.create(bare, with_pip=False)  # an interpreter with no Qt of its own
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), sysconfig.get_paths()["purelib"]])}
    spoken = subprocess.run([str(bare / "bin" / "python"), "-c", SPEAKING_APP], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=120)
    assert spoken.returncode == 0, spoken.stderr
    assert spoken.stdout.strip() == "Get ready", spoken.stdout + spoken.stderr


@linux_only
def test_a_killed_app_takes_its_stuck_speech_helper_with_it(tmp_path, stuck_pipe):
    """The engine hangs holding Python's interpreter lock, so the helper runs no Python at
    all; the app is killed outright. The helper must not live on."""
    with open(tmp_path / "app.log", "w") as log:
        app = subprocess.Popen([sys.executable, "-c", PARENT, str(SCAFFOLD), str(stuck_pipe.path), "holding"],
                               stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    helper = None
    try:
        helper = stuck_pipe.helper(app)
        helper_ended = os.pidfd_open(helper)  # before the app goes: the id is the helper's still
        try:
            assert parent_of(helper) == app.pid
            app.kill()
            app.wait(timeout=BOUND_SECONDS)
            assert ends_within(helper_ended), "the speech helper outlived the app"
        finally:
            os.close(helper_ended)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=BOUND_SECONDS)
        if helper is not None and not process_gone(helper):
            os.kill(helper, signal.SIGKILL)


def test_a_helper_leaves_when_the_app_lets_go_even_while_its_engine_starts(qtbot, monkeypatch, stuck_pipe):
    """The engine takes forever to start (without holding the interpreter lock); the app
    closes the helper's input, as it does by going away. The helper leaves."""
    monkeypatch.setattr(speech, "speech_helper_command", hanging_command(stuck_pipe.path, "releasing"))
    output = DesktopCueOutput(CuePlayer(), voice_engine="mock")
    output.say("Get ready.")
    process = output.speech._process
    try:
        stuck_pipe.helper()
        with qtbot.waitSignal(process.finished, timeout=int(BOUND_SECONDS * 1000)):
            process.closeWriteChannel()
    finally:
        output.shutdown()


def test_a_helper_whose_app_is_already_gone_leaves_at_once(tmp_path):
    """The app died before the helper could ask to be taken along: the helper finds it has
    another parent than the app that started it, and leaves instead of waiting forever."""
    from stretchdesk.ui.output.speech_helper import PARENT_VARIABLE

    program, arguments = speech.speech_helper_command("mock")
    not_the_parent = os.getppid()  # anyone but this process, which is the helper's parent
    helper = subprocess.Popen([program, *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env={**os.environ, PARENT_VARIABLE: str(not_the_parent)},
                              cwd=speech.speech_helper_folder())
    try:
        # Its input stays open: only finding the app gone can make it leave.
        helper.wait(timeout=20)
        assert helper.stdout.read() == b""  # it never offered to speak
    except subprocess.TimeoutExpired:
        pytest.fail("the speech helper stayed although its app was gone")
    finally:
        if helper.poll() is None:
            helper.kill()
            helper.wait(timeout=20)
        helper.stdin.close()
        helper.stdout.close()


def test_lines_are_said_one_after_another_and_a_stale_one_is_dropped():
    """The helper's queue, on a fake clock: a line is handed to the engine only once the
    one before it is done, and one whose time ran out meanwhile is not said at all."""
    from stretchdesk.ui.output.speech_helper import Lines

    from tests.fakes import FakeClock

    clock = FakeClock()
    said: list[str] = []
    dropped: list[str] = []
    lines = Lines(said.append, dropped.append, clock)
    lines.add("Side Bend. 15 seconds each side.", "2.5")
    lines.add("Switch sides.", "1.0")  # must begin within a second: it waits for the first
    lines.add("Done. Well done.", "")  # any time
    assert said == ["Side Bend. 15 seconds each side."]
    clock.advance(3.2)  # the first line takes this long
    lines.done()
    assert said == ["Side Bend. 15 seconds each side.", "Done. Well done."]
    assert dropped == ["Switch sides."]
    clock.advance(1.0)
    lines.done()
    lines.add("Rest.", "0.5")
    assert said[-1] == "Rest."  # the engine is free: at once


def test_a_line_asked_for_while_the_helper_starts_is_dropped_once_stale(qtbot, clock):
    """Asked for before the engine was ready and no longer worth saying by the time it is
    (it would run over the start chime): never said. A line with time left still is."""
    output = DesktopCueOutput(CuePlayer(), voice_engine="mock", clock=clock)
    words: list[str] = []
    dropped: list[str] = []
    output.speech.spokenWord.connect(words.append)
    output.speech.droppedLine.connect(dropped.append)
    try:
        output.say("Twist. 10 seconds.", 0.5)
        output.say("Switch sides.", 3.0)
        clock.advance(1.0)  # the engine is slow to start
        qtbot.waitUntil(lambda: words[-2:] == ["Switch", "sides"], timeout=15000)
        assert dropped == ["Twist. 10 seconds."]
        assert "Twist" not in words
    finally:
        output.shutdown()


def test_a_line_that_would_wait_too_long_behind_another_is_dropped_in_the_helper(qtbot):
    """Qt's mock engine says a word every 100 ms: a line that must begin within 0.2 s,
    asked for behind one of eight words, is not said once that one is done."""
    output = DesktopCueOutput(CuePlayer(), voice_engine="mock")
    words: list[str] = []
    dropped: list[str] = []
    output.speech.spokenWord.connect(words.append)
    output.speech.droppedLine.connect(dropped.append)
    try:
        output.load()
        qtbot.waitUntil(lambda: output.voice_available, timeout=15000)
        output.say("one two three four five six seven eight")
        output.say("Late.", 0.2)
        output.say("Done.")
        qtbot.waitUntil(lambda: "Done" in words, timeout=15000)
        assert dropped == ["Late."] and "Late" not in words
    finally:
        output.shutdown()


def test_the_voice_is_ready_before_any_voice_is_listed(qtbot):
    """Listing the voices (about 1,500 with speech-dispatcher) kept the engine from being
    ready for seconds: now they are listed only when something asks for them, and arrive
    after."""
    player = CuePlayer()
    output = DesktopCueOutput(player, voice_engine="mock")
    try:
        output.load()
        player.set_output(output)  # as the window does
        assert output.voice_starting() and player.voice_starting
        with qtbot.waitSignal(player.voiceSettled, timeout=15000):
            pass
        assert output.voice_available and not output.voice_starting()
        with qtbot.waitSignal(player.voicesListed, timeout=15000) as listed:
            assert output.voice_names() == []  # not known yet: asked for now
        assert listed.args[0] and output.voice_names() == listed.args[0]
    finally:
        output.shutdown()


def test_a_helper_that_fails_settles_the_voice_so_nothing_waits_for_it(qtbot, monkeypatch):
    without_speech = ("import sys; sys.modules['PySide6.QtTextToSpeech'] = None; "
                      "from stretchdesk.ui.output import speech_helper; speech_helper.SPEECHD_LIBRARY = 'libspeechd-missing.so.2'; "
                      "sys.exit(speech_helper.main())")
    monkeypatch.setattr(speech, "speech_helper_command", lambda engine: (sys.executable, ["-c", without_speech]))
    player = CuePlayer()
    output = DesktopCueOutput(player)
    try:
        output.load()
        player.set_output(output)
        assert player.voice_starting
        with qtbot.waitSignal(player.voiceSettled, timeout=15000):
            pass
        assert not player.voice_starting and not output.voice_available
    finally:
        output.shutdown()
