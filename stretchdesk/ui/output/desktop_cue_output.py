"""The cue output the window uses on the desktop: cue sounds through one stream (the
sound server's, stretchdesk.sound.pulse, or the Qt Multimedia fallback) and spoken
prompts through the speech helper process, behind the CuePlayer.

Cues are fire and forget; nothing here ever blocks or makes the session wait. With no
sound server, no speech engine or no system audio library at all, the app still plays
and says once, quietly, what is unavailable.
"""

from __future__ import annotations

import time
from typing import Callable

import shiboken6

from PySide6.QtCore import QCoreApplication, QObject, Signal

from stretchdesk.core import paths
from stretchdesk.core.play.cues import SOUNDS
from stretchdesk.sound.mixer import SoundMixer, read_sounds
from stretchdesk.sound.pulse import PulseLibrary, PulseStream
from stretchdesk.ui.output.cue_output import CueOutput
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.output.sound_fallback_qt import QtSinkStream, qt_sink_stream
from stretchdesk.ui.output.speech import SpeechHelperClient


class DesktopCueOutput(QObject, CueOutput):
    """The real output. Sounds: one stream for the whole session (PulseStream, or the Qt
    Multimedia fallback), opened when a session starts, seconds before the first sound,
    and closed a little after it ends, so the audio device is free the rest of the time.
    Speech: the speech helper process (SpeechHelperClient, see speech.py), queued."""

    #: A problem told by the sound feeder thread, carried over to this thread.
    _soundProblem = Signal(str)

    def __init__(self, player: CuePlayer, *, voice_engine: str | None = None, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self._player = player
        self._volume = 0.8
        #: The speech helper, started by load() or by the first prompt.
        self.speech = SpeechHelperClient(player.tell_once, engine=voice_engine, parent=self, clock=clock)
        # The player hears when the voice is ready (a first get-ready may be waiting for
        # it), and when the voices are listed (an open settings dialog shows them).
        self.speech.settled.connect(lambda _ready: player.voice_settled())
        self.speech.voicesListed.connect(player.voicesListed.emit)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._mixer: SoundMixer | None = None
        self._stream: PulseStream | QtSinkStream | None = None
        self._soundProblem.connect(player.tell_once)
        self.sound_available = False
        self._awake = False

    @property
    def voice_available(self) -> bool:
        return self.speech.available

    def load(self) -> None:
        self._load_sounds()
        self.speech.start()

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

    def voice_starting(self) -> bool:
        return self.speech.starting

    def voice_names(self) -> list[str]:
        return self.speech.voice_names()

    def set_voice(self, name: str) -> None:
        self.speech.set_voice(name)

    def play_sound(self, name: str) -> None:
        if self._stream is not None:
            self._stream.play(name)

    def say(self, text: str, within: float | None = None) -> None:
        self.speech.say(text, within)

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._mixer is not None:
            self._mixer.set_volume(volume)
        self.speech.set_volume(volume)

    def shutdown(self) -> None:
        """Close the stream and let the speech helper go; one that does not leave when asked
        is ended, so quitting never waits on a speech engine."""
        if self._stream is not None:
            self._stream.close()
        self.speech.shutdown()
