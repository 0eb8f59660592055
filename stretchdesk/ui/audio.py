"""Sound and voice cues for the window: the sound stream (stretchdesk.sound) and the
speech helper process, behind the CuePlayer.

Cues are fire and forget; nothing here ever blocks or makes the session wait. With no
sound server, no speech engine or no system audio library at all, the app still plays
and says once, quietly, what is unavailable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import shiboken6

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, Qt, QTimer, Signal

from stretchdesk.core import paths
from stretchdesk.core.cues import SOUNDS
from stretchdesk.sound.mixer import BYTES_PER_SECOND, SAMPLE_RATE, SoundMixer, read_sounds
from stretchdesk.sound.pulse import PulseLibrary, PulseStream
from stretchdesk.ui.cue_player import CueOutput, CuePlayer  # noqa: F401 - the output's partner, imported from here too
from stretchdesk.ui import speech_helper
from stretchdesk.ui.speech_helper import PARENT_VARIABLE, QT_PATH_VARIABLE, UNIT_SEPARATOR, protocol_line

#: How long the speech engine may take to start before voice is given up for this run.
SPEECH_START_SECONDS = 8.0
#: After a session ends, the Qt stream stays open this long, so the finish chime plays out.
REST_AFTER_SECONDS = 4.0


class QtSinkStream(QObject):
    """The fallback where libpulse-simple is missing (systems other than Linux): a Qt
    Multimedia push-mode QAudioSink, topped up from the window's thread by a precise timer
    to about AHEAD_MS ahead of the speakers. Same interface as PulseStream.

    Why not a QSoundEffect per sound: with several QSoundEffects, Qt's PulseAudio backend
    floods its socket notifiers and stalls the program (seen with PySide6 6.10 to 6.12).
    Why not a pull-mode sink: its reads came in bursts seconds apart, and cues with them."""

    AHEAD_MS = 80
    FEED_INTERVAL_MS = 20

    def __init__(self, mixer: SoundMixer, device, audio_format, on_problem, parent: QObject | None = None):
        super().__init__(parent)
        self._mixer = mixer
        self._device = device
        self._format = audio_format
        self._on_problem = on_problem
        self._sink = None
        self._io = None
        self.failed = False
        self._feed_timer = QTimer(self)
        self._feed_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._feed_timer.timeout.connect(self._feed)
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.timeout.connect(self.close)

    @property
    def streaming(self) -> bool:
        return self._sink is not None

    def open(self) -> None:
        self._rest_timer.stop()
        if self._sink is not None:
            return
        from PySide6.QtMultimedia import QAudioSink

        sink = QAudioSink(self._device, self._format, self)
        sink.setBufferSize(BYTES_PER_SECOND // 4)
        io = sink.start()
        error = sink.error()
        # Compared through its own type: Qt 6.7 moved the enum from QAudio to QtAudio.
        if io is None or error != type(error).NoError:
            self.failed = True
            self._on_problem("Sound is unavailable: the audio output could not be opened.")
            sink.deleteLater()
            return
        self.failed = False
        self._sink, self._io = sink, io
        self._feed()
        self._feed_timer.start(self.FEED_INTERVAL_MS)

    def rest(self) -> None:
        """Close once the last sound (the finish chime) has had time to play."""
        if self._sink is not None:
            self._rest_timer.start(int(REST_AFTER_SECONDS * 1000))

    def close(self) -> None:
        self._feed_timer.stop()
        self._rest_timer.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = self._io = None

    def play(self, name: str) -> None:
        self._mixer.play(name)
        if self._sink is None and not self.failed:
            self.open()  # a sound outside a session: open now
        self._feed()  # into the stream now, not at the next top-up

    def _feed(self) -> None:
        """Top the stream up to AHEAD_MS of queued sound: silence, or cues mixed in."""
        if self._sink is None:
            return
        queued = self._sink.bufferSize() - self._sink.bytesFree()
        wanted = BYTES_PER_SECOND * self.AHEAD_MS // 1000 - queued
        wanted = min(wanted, self._sink.bytesFree())
        if wanted >= 2:
            self._io.write(self._mixer.read(wanted))


def qt_sink_stream(mixer: SoundMixer, on_problem, parent: QObject) -> QtSinkStream | None:
    """The Qt Multimedia fallback stream, or None (told why) when it cannot play."""
    try:
        from PySide6.QtMultimedia import QAudioFormat, QMediaDevices
    except ImportError:
        on_problem("Sound is unavailable: the system audio library (PulseAudio's libpulse) is missing.")
        return None
    if not QMediaDevices.audioOutputs():
        on_problem("Sound is unavailable: no audio output was found. The routine plays on without it.")
        return None
    audio_format = QAudioFormat()
    audio_format.setSampleRate(SAMPLE_RATE)
    audio_format.setChannelCount(1)
    audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    device = QMediaDevices.defaultAudioOutput()
    if not device.isFormatSupported(audio_format):
        on_problem(f"Sound is unavailable: {device.description()} cannot play 16-bit mono sound.")
        return None
    return QtSinkStream(mixer, device, audio_format, on_problem, parent)


class QtCueOutput(QObject):
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
