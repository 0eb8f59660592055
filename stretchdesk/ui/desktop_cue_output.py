"""The cue output the window uses on the desktop: cue sounds through one stream (the
sound server's, stretchdesk.sound.pulse, or the Qt Multimedia fallback) and spoken
prompts through the speech helper process, behind the CuePlayer.

Cues are fire and forget; nothing here ever blocks or makes the session wait. With no
sound server, no speech engine or no system audio library at all, the app still plays
and says once, quietly, what is unavailable.
"""

from __future__ import annotations

import os

import shiboken6

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, QTimer, Signal

from stretchdesk.core import paths
from stretchdesk.core.cues import SOUNDS
from stretchdesk.sound.mixer import SoundMixer, read_sounds
from stretchdesk.sound.pulse import PulseLibrary, PulseStream
from stretchdesk.ui.cue_player import CuePlayer
from stretchdesk.ui.sound_fallback_qt import QtSinkStream, qt_sink_stream
from stretchdesk.ui.speech import SPEECH_START_SECONDS, qt_folders, speech_helper_command, speech_helper_folder
from stretchdesk.ui.speech_helper import PARENT_VARIABLE, QT_PATH_VARIABLE, UNIT_SEPARATOR, protocol_line


class DesktopCueOutput(QObject):
    """The real output. Sounds: one stream for the whole session (PulseStream, or the Qt
    Multimedia fallback), opened when a session starts, seconds before the first sound,
    and closed a little after it ends, so the audio device is free the rest of the time.
    Speech: the speech helper process (see speech_helper.py), queued."""

    #: A word the speech engine is saying (what tests listen to).
    spokenWord = Signal(str)
    #: A problem told by the sound feeder thread, carried over to this thread.
    _soundProblem = Signal(str)

    def __init__(self, player: CuePlayer, *, voice_engine: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._player = player
        self._volume = 0.8
        self._voices: list[str] = []
        self._speech_process: QProcess | None = None
        self._speech_buffer = b""
        self._pending_speech: list[str] = []
        self._speech_gave_up = False
        self._shutting_down = False
        self._speech_watchdog = QTimer(self)
        self._speech_watchdog.setSingleShot(True)
        self._speech_watchdog.timeout.connect(self._speech_timed_out)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._voice_engine = voice_engine
        self._voice_name = ""
        self._mixer: SoundMixer | None = None
        self._stream: PulseStream | QtSinkStream | None = None
        self._soundProblem.connect(player.tell_once)
        self.sound_available = False
        self.voice_available = False
        self._awake = False

    def load(self) -> None:
        self._load_sounds()
        self._load_speech()

    def _tell_from_feeder(self, message: str) -> None:
        if shiboken6.isValid(self):  # the window may be gone by the time the thread speaks
            self._soundProblem.emit(message)

    def _load_sounds(self, library_loader=None) -> None:
        sounds, problems = read_sounds(paths.resources_dir() / "sounds", SOUNDS)
        for problem in problems:
            self._player.tell_once(problem)
        mixer = SoundMixer(sounds)
        mixer.set_volume(self._volume)
        try:
            stream = PulseStream(mixer, self._tell_from_feeder, (library_loader or PulseLibrary)())
        except OSError:
            stream = qt_sink_stream(mixer, self._player.tell_once, self)
        if stream is None:
            return
        self._mixer, self._stream = mixer, stream
        self.sound_available = True
        if self._awake:
            stream.open()

    # The window wakes the output when a session starts and lets it rest when it ends.
    def wake(self) -> None:
        self._awake = True
        if self._stream is not None:
            self._stream.open()

    def rest(self) -> None:
        """Close the stream once the last sound (the finish chime) has played."""
        self._awake = False
        if self._stream is not None:
            self._stream.rest()

    @property
    def streaming(self) -> bool:
        return self._stream is not None and self._stream.streaming

    def _load_speech(self) -> None:
        """Start the speech helper. Prompts asked for before it is ready wait for it; if it
        has not answered in SPEECH_START_SECONDS, voice is off for this run."""
        if self._speech_process is not None or self._speech_gave_up:
            return
        program, arguments = speech_helper_command(self._voice_engine)
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(arguments)
        process.setWorkingDirectory(speech_helper_folder())
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert(PARENT_VARIABLE, str(os.getpid()))  # so it can tell when the app is gone
        environment.insert(QT_PATH_VARIABLE, qt_folders())
        process.setProcessEnvironment(environment)
        process.readyReadStandardOutput.connect(self._speech_output)
        process.errorOccurred.connect(lambda _error: self._speech_lost())
        process.finished.connect(lambda *_: self._speech_lost())
        self._speech_process = process
        self._speech_watchdog.start(int(SPEECH_START_SECONDS * 1000))
        process.start()

    def _send(self, *parts: str) -> None:
        process = self._speech_process
        if process is not None and process.state() == QProcess.ProcessState.Running:
            process.write(protocol_line(*parts).encode("utf-8"))

    def _speech_output(self) -> None:
        self._speech_buffer += bytes(self._speech_process.readAllStandardOutput())
        *lines, self._speech_buffer = self._speech_buffer.split(b"\n")
        for raw in lines:
            verb, _, argument = raw.decode("utf-8", "replace").partition("\t")
            if verb == "READY":
                self._speech_watchdog.stop()
                self.voice_available = True
                self._voices = [voice for voice in argument.split(UNIT_SEPARATOR) if voice]
                self._send("VOLUME", str(self._volume))
                if self._voice_name:
                    self._send("VOICE", self._voice_name)
                for text in self._pending_speech:
                    self._send("SAY", text)
                self._pending_speech.clear()
            elif verb == "ERROR":
                self._give_up_speech(argument)
            elif verb == "WORD":
                self.spokenWord.emit(argument)

    def _give_up_speech(self, message: str) -> None:
        self._speech_watchdog.stop()
        self._speech_gave_up = True
        self.voice_available = False
        self._pending_speech.clear()
        self._player.tell_once(message)

    def _speech_timed_out(self) -> None:
        if not self.voice_available:
            self._give_up_speech("Spoken prompts are unavailable: the speech engine did not answer.")

    def _speech_lost(self) -> None:
        # While the app quits, Qt may report the helper's end after this object is gone.
        if self._shutting_down or not shiboken6.isValid(self) or not shiboken6.isValid(self._speech_watchdog):
            return
        if not self._speech_gave_up:
            self._give_up_speech("Spoken prompts stopped: the speech engine ended unexpectedly.")

    def voice_names(self) -> list[str]:
        return list(self._voices)

    def set_voice(self, name: str) -> None:
        self._voice_name = name
        if self.voice_available and name:
            self._send("VOICE", name)

    def play_sound(self, name: str) -> None:
        if self._stream is not None:
            self._stream.play(name)

    def say(self, text: str) -> None:
        if self.voice_available:
            self._send("SAY", text)
        elif not self._speech_gave_up:
            self._pending_speech.append(text)  # the engine is still starting
            self._load_speech()

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._mixer is not None:
            self._mixer.set_volume(volume)
        if self.voice_available:
            self._send("VOLUME", str(volume))

    def shutdown(self) -> bool:
        """Close the stream and let the speech helper go; one that does not leave when asked
        is ended, so quitting never waits on a speech engine."""
        self._shutting_down = True
        self._speech_watchdog.stop()
        if self._stream is not None:
            self._stream.close()
        process = self._speech_process
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            self._send("QUIT")
            process.closeWriteChannel()
            if not process.waitForFinished(500):
                process.kill()
                process.waitForFinished(500)
        return True
