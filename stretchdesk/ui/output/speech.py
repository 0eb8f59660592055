"""The window's side of the speech helper process (speech_helper.py): starting it, from
which folder and with which Qt, and talking to it.

The helper runs in a process of its own because a speech engine can block inside its
constructor indefinitely while holding Python's interpreter lock (see speech_helper.py).
Nothing here ever waits on it while the app runs: prompts asked for before it is ready
wait for it (those that would be stale by then are dropped), and one that does not answer
in time costs only the spoken prompts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Callable

import shiboken6

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from stretchdesk.ui.output import speech_helper
from stretchdesk.ui.output.speech_helper import PARENT_VARIABLE, QT_PATH_VARIABLE, UNIT_SEPARATOR, protocol_line

#: How long the speech engine may take to start before voice is given up for this run. It
#: is normally ready in well under a second (speech-dispatcher spoken to directly, no voice
#: list first); this is for an engine that is stuck, not for one that is slow. Meanwhile
#: the first get-ready waits a few seconds at most (core.playback.VOICE_WAIT_SECONDS), and
#: a line that could no longer be said in time is dropped, never said late.
SPEECH_START_SECONDS = 30.0
#: How long a helper asked to leave (the app quitting) is given to do so before it is
#: ended: a helper leaves in moments, unless its engine is stuck.
QUIT_GRACE_MS = 500
#: Speech's level against the chimes: the helper's volume is this share of the engine's own
#: level at the app's full volume. At the engine's own level espeak-ng's words peaked at
#: 0 dBFS (clipped) while the chimes peak at -10 dBFS; at this share speech peaks a few dB
#: above the chimes and never clips (benchmarks/speech_timing.py measures both).
SPEECH_LEVEL = 0.7


def within_text(within: float | None) -> str:
    """How a line's `within` travels in the protocol: seconds, or empty for any time."""
    return "" if within is None else f"{max(0.0, within):.3f}"


class SpeechHelperClient(QObject):
    """The speech helper process, seen from the app: started by start() or by the first
    prompt, its prompts queued (the helper enqueues them, so none cuts another off), and
    told once through `on_problem` when it is unavailable or stops."""

    #: A word the speech engine is saying (what tests listen to).
    spokenWord = Signal(str)
    #: A line that was not said: by the time the engine could have begun it, it was stale.
    droppedLine = Signal(str)
    #: The voices the engine has, once listed (the first voice_names() asks for them).
    voicesListed = Signal(list)
    #: The helper is ready to speak (True), or voice is off for this run (False); once.
    settled = Signal(bool)

    def __init__(self, on_problem: Callable[[str], None], *, engine: str | None = None, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self._on_problem = on_problem
        self._engine = engine
        self._clock = clock
        self._volume = 0.8
        self._voices: list[str] = []
        self._voices_asked = False
        self._voice_name = ""
        self._process: QProcess | None = None
        self._buffer = b""
        #: (text, within, when asked) for lines asked for before the helper was ready.
        self._pending: list[tuple[str, float | None, float]] = []
        self._gave_up = False
        self._shutting_down = False
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._timed_out)
        #: The helper answered and can speak.
        self.available = False

    def start(self) -> None:
        """Start the speech helper. Prompts asked for before it is ready wait for it; if it
        has not answered in SPEECH_START_SECONDS, voice is off for this run."""
        if self._process is not None or self._gave_up:
            return
        program, arguments = speech_helper_command(self._engine)
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(arguments)
        process.setWorkingDirectory(speech_helper_folder())
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert(PARENT_VARIABLE, str(os.getpid()))  # so it can tell when the app is gone
        environment.insert(QT_PATH_VARIABLE, qt_folders())
        process.setProcessEnvironment(environment)
        process.readyReadStandardOutput.connect(self._output)
        process.errorOccurred.connect(lambda _error: self._lost())
        process.finished.connect(lambda *_: self._lost())
        self._process = process
        self._watchdog.start(int(SPEECH_START_SECONDS * 1000))
        process.start()

    def _send(self, *parts: str) -> None:
        process = self._process
        if process is not None and process.state() == QProcess.ProcessState.Running:
            process.write(protocol_line(*parts).encode("utf-8"))

    def _output(self) -> None:
        self._buffer += bytes(self._process.readAllStandardOutput())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            verb, _, argument = raw.decode("utf-8", "replace").partition("\t")
            if verb == "READY":
                self._watchdog.stop()
                self.available = True
                self._send("VOLUME", str(self._volume * SPEECH_LEVEL))
                if self._voice_name:
                    self._send("VOICE", self._voice_name)
                if self._voices_asked:
                    self._send("VOICES")
                pending, self._pending = self._pending, []
                now = self._clock()
                for text, within, asked in pending:
                    left = None if within is None else within - (now - asked)
                    if left is not None and left < 0:
                        self.droppedLine.emit(text)  # it would run into what comes after it
                    else:
                        self._send("SAY", within_text(left), text)
                self.settled.emit(True)
            elif verb == "ERROR":
                self._give_up(argument)
            elif verb == "WORD":
                self.spokenWord.emit(argument)
            elif verb == "DROPPED":
                self.droppedLine.emit(argument)
            elif verb == "VOICES":
                self._voices = [voice for voice in argument.split(UNIT_SEPARATOR) if voice]
                self.voicesListed.emit(list(self._voices))

    def _give_up(self, message: str) -> None:
        self._watchdog.stop()
        was_starting = self.starting
        self._gave_up = True
        self.available = False
        self._pending.clear()
        self._on_problem(message)
        if was_starting:
            self.settled.emit(False)

    @property
    def starting(self) -> bool:
        """Started, and neither ready nor given up yet."""
        return self._process is not None and not self.available and not self._gave_up

    def _timed_out(self) -> None:
        if not self.available:
            self._give_up("Spoken prompts are unavailable: the speech engine did not answer.")

    def _lost(self) -> None:
        # While the app quits, Qt may report the helper's end after this object is gone.
        if self._shutting_down or not shiboken6.isValid(self) or not shiboken6.isValid(self._watchdog):
            return
        if not self._gave_up:
            self._give_up("Spoken prompts stopped: the speech engine ended unexpectedly.")

    def voice_names(self) -> list[str]:
        """The voices known so far. Listing them keeps the engine busy for a second or more,
        so it is done only once something asks (the settings dialog); voicesListed follows."""
        if not self._voices_asked:
            self._voices_asked = True
            if self.available:
                self._send("VOICES")
        return list(self._voices)

    def set_voice(self, name: str) -> None:
        self._voice_name = name
        if self.available and name:
            self._send("VOICE", name)

    def say(self, text: str, within: float | None = None) -> None:
        """Say `text` after what is being said, if it can begin within `within` seconds."""
        if self.available:
            self._send("SAY", within_text(within), text)
        elif not self._gave_up:
            self._pending.append((text, within, self._clock()))  # the engine is still starting
            self.start()

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self.available:
            self._send("VOLUME", str(volume * SPEECH_LEVEL))

    def shutdown(self) -> None:
        """Let the helper go; one that does not leave when asked is ended, so quitting
        never waits on a speech engine."""
        self._shutting_down = True
        self._watchdog.stop()
        process = self._process
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            self._send("QUIT")
            process.closeWriteChannel()
            if not process.waitForFinished(QUIT_GRACE_MS):
                process.kill()
                process.waitForFinished(500)


def speech_helper_command(engine: str | None) -> tuple[str, list[str]]:
    """How to start the speech helper: from a source or wheel install, or from the bundle.

    Python runs the helper's file isolated (-I): neither the current folder nor the
    script's, nor PYTHON* variables or the user's site-packages, have a say in what it
    imports, so a threading.py in the folder the app was started from is never run. The
    bundle's own executable never looks in the current folder."""
    extra = [engine] if engine else []
    if getattr(sys, "frozen", False):
        return sys.executable, ["--speech-helper", *extra]
    return sys.executable, ["-I", str(Path(speech_helper.__file__).resolve()), *extra]


def qt_folders() -> str:
    """The folders this app imported PySide6 and shiboken6 from, for the speech helper."""
    import PySide6

    files = [getattr(module, "__file__", None) for module in (PySide6, shiboken6)]
    folders = (Path(file).resolve().parent.parent for file in files if file)
    return os.pathsep.join(dict.fromkeys(str(folder) for folder in folders))


def speech_helper_folder() -> str:
    """Where the speech helper runs: a folder of the app's own, never the person's current
    one, which it would otherwise hold on to (an unmountable USB stick) for the whole run."""
    if getattr(sys, "frozen", False):
        return str(Path(sys.executable).resolve().parent)
    return str(Path(speech_helper.__file__).resolve().parent)
