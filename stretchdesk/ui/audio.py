"""Sound and voice cues: preloaded QSoundEffects and a queued QTextToSpeech.

Cues are fire and forget; nothing here ever blocks or makes the session wait. With no
sound card, no speech engine or no system audio library at all, the app still plays and
says once, quietly, what is unavailable.
"""

from __future__ import annotations

import array
import sys
import wave

import shiboken6

from PySide6.QtCore import QCoreApplication, QObject, QProcess, Qt, QTimer, Signal

from stretchdesk.core import paths
from stretchdesk.core.cues import SOUNDS
from stretchdesk.ui.cue_player import CueOutput, CuePlayer  # noqa: F401 - the output's partner, imported from here too
from stretchdesk.ui.speech_helper import UNIT_SEPARATOR, protocol_line

#: All cue sounds are 16-bit mono at this rate (packaging/make_sounds.py writes them so).
SAMPLE_RATE = 44_100
BYTES_PER_SECOND = SAMPLE_RATE * 2
#: How far ahead of the speakers the stream is kept filled, and how often it is topped up.
AHEAD_MS = 80
FEED_INTERVAL_MS = 20
#: How long the speech engine may take to start before voice is given up for this run.
SPEECH_START_SECONDS = 8.0


class SoundMixer:
    """Silence, with the cue sounds mixed in when asked: the PCM that feeds the stream.
    All sounds share the stream's format, 16-bit mono at 44.1 kHz."""

    def __init__(self, sounds: dict[str, bytes]):
        self._sounds = sounds
        self._voices: list[list] = []  # [pcm bytes, read position]

    def play(self, name: str) -> None:
        pcm = self._sounds.get(name)
        if pcm:
            self._voices.append([pcm, 0])

    @property
    def playing(self) -> int:
        return len(self._voices)

    def read(self, size: int) -> bytes:
        size -= size % 2
        chunks = []
        for voice in self._voices:
            pcm, position = voice
            chunks.append(pcm[position : position + size])
            voice[1] += size
        self._voices = [voice for voice in self._voices if voice[1] < len(voice[0])]
        if not chunks:
            return bytes(size)
        if len(chunks) == 1:
            return chunks[0] + bytes(size - len(chunks[0]))
        mixed = array.array("h", bytes(size))
        for chunk in chunks:
            for index, value in enumerate(array.array("h", chunk)):
                mixed[index] = max(-32768, min(32767, mixed[index] + value))
        return mixed.tobytes()


class QtCueOutput(QObject):
    """The real output: one audio stream for the whole session, fed with a SoundMixer's
    PCM from this thread by a precise timer, always about AHEAD_MS ahead of the speakers.

    Why not a QSoundEffect per sound: with several QSoundEffects, Qt's PulseAudio backend
    floods its socket notifiers and stalls the program (seen with PySide6 6.10 to 6.12),
    and a QSoundEffect's first play after loading can be dropped while its stream opens.
    Why not a pull-mode stream: its reads came in bursts seconds apart, and cues with them.
    The stream opens when a session starts, seconds before the first sound, and closes
    shortly after it ends, so the audio device is free the rest of the time. Speech goes
    through the speech helper process (see speech_helper.py), queued."""

    #: A word the speech engine is saying (what tests listen to).
    spokenWord = Signal(str)

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
        self._sink = None
        self._stream = None
        self._feed_timer = QTimer(self)
        self._feed_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._feed_timer.timeout.connect(self._feed)
        self._format = None
        self._device = None
        self.sound_available = False
        self.voice_available = False
        self._sleep_timer = QTimer(self)
        self._sleep_timer.setSingleShot(True)
        self._sleep_timer.timeout.connect(self._close_stream)
        self._awake = False

    def load(self) -> None:
        self._load_sounds()
        self._load_speech()

    def _load_sounds(self) -> None:
        try:
            from PySide6.QtMultimedia import QAudioFormat, QMediaDevices
        except ImportError:
            self._player.tell_once("Sound is unavailable: the system audio library (PulseAudio's libpulse) is missing.")
            return
        if not QMediaDevices.audioOutputs():
            self._player.tell_once("Sound is unavailable: no audio output was found. The routine plays on without it.")
            return
        audio_format = QAudioFormat()
        audio_format.setSampleRate(SAMPLE_RATE)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        device = QMediaDevices.defaultAudioOutput()
        if not device.isFormatSupported(audio_format):
            self._player.tell_once(f"Sound is unavailable: {device.description()} cannot play 16-bit mono sound.")
            return
        sounds: dict[str, bytes] = {}
        folder = paths.resources_dir() / "sounds"
        for name in SOUNDS:
            try:
                with wave.open(str(folder / f"{name}.wav")) as sound:
                    sounds[name] = sound.readframes(sound.getnframes())
            except (OSError, wave.Error, EOFError):
                self._player.tell_once(f"The sound '{name}' is missing or damaged; that cue stays silent.")
        self._mixer = SoundMixer(sounds)
        self._format = audio_format
        self._device = device
        self.sound_available = True
        if self._awake:
            self._open_stream()

    # The window wakes the output when a session starts and lets it rest when it ends.
    def wake(self) -> None:
        self._awake = True
        self._sleep_timer.stop()
        self._open_stream()

    def rest(self, after_ms: int = 4000) -> None:
        """Close the stream once the last sound (the finish chime) has had time to play."""
        self._awake = False
        self._sleep_timer.start(after_ms)

    @property
    def streaming(self) -> bool:
        return self._sink is not None

    def _open_stream(self) -> None:
        if self._sink is not None or self._mixer is None:
            return
        from PySide6.QtMultimedia import QAudioSink

        sink = QAudioSink(self._device, self._format, self)
        sink.setBufferSize(BYTES_PER_SECOND // 4)
        sink.setVolume(self._volume)
        stream = sink.start()
        error = sink.error()
        # Compared through its own type: Qt 6.7 moved the enum from QAudio to QtAudio.
        if stream is None or error != type(error).NoError:
            self._player.tell_once("Sound is unavailable: the audio output could not be opened.")
            sink.deleteLater()
            return
        self._sink, self._stream = sink, stream
        self._feed()
        self._feed_timer.start(FEED_INTERVAL_MS)

    def _feed(self) -> None:
        """Top the stream up to AHEAD_MS of queued sound: silence, or cues mixed in."""
        if self._sink is None or self._mixer is None:
            return
        queued = self._sink.bufferSize() - self._sink.bytesFree()
        wanted = BYTES_PER_SECOND * AHEAD_MS // 1000 - queued
        wanted = min(wanted, self._sink.bytesFree())
        if wanted >= 2:
            self._stream.write(self._mixer.read(wanted))

    def _close_stream(self) -> None:
        self._feed_timer.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = self._stream = None

    def _load_speech(self) -> None:
        """Start the speech helper. Prompts asked for before it is ready wait for it; if it
        has not answered in SPEECH_START_SECONDS, voice is off for this run."""
        if self._speech_process is not None or self._speech_gave_up:
            return
        program, arguments = speech_helper_command(self._voice_engine)
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(arguments)
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
        if self._mixer is None:
            return
        if self._sink is None:  # a sound outside a session (there are none yet): open now
            self._open_stream()
        self._mixer.play(name)
        self._feed()

    def say(self, text: str) -> None:
        if self.voice_available:
            self._send("SAY", text)
        elif not self._speech_gave_up:
            self._pending_speech.append(text)  # the engine is still starting
            self._load_speech()

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._sink is not None:
            self._sink.setVolume(volume)
        if self.voice_available:
            self._send("VOLUME", str(volume))

    def shutdown(self) -> bool:
        """Close the stream and let the speech helper go; one that does not leave when asked
        is ended, so quitting never waits on a speech engine."""
        self._shutting_down = True
        self._speech_watchdog.stop()
        self._close_stream()
        process = self._speech_process
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            self._send("QUIT")
            process.closeWriteChannel()
            if not process.waitForFinished(500):
                process.kill()
                process.waitForFinished(500)
        return True


def speech_helper_command(engine: str | None) -> tuple[str, list[str]]:
    """How to start the speech helper: from a source or wheel install, or from the bundle."""
    extra = [engine] if engine else []
    if getattr(sys, "frozen", False):
        return sys.executable, ["--speech-helper", *extra]
    return sys.executable, ["-m", "stretchdesk.ui.speech_helper", *extra]
