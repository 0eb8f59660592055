"""Sound and voice cues: preloaded QSoundEffects and a queued QTextToSpeech.

Cues are fire and forget; nothing here ever blocks or makes the session wait. With no
sound card, no speech engine or no system audio library at all, the app still plays and
says once, quietly, what is unavailable.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from stretchdesk.core import paths
from stretchdesk.core.cues import SOUNDS, Cue


class CueOutput(Protocol):
    def play_sound(self, name: str) -> None: ...
    def say(self, text: str) -> None: ...
    def set_volume(self, volume: float) -> None: ...


class CuePlayer(QObject):
    """Keeps the list of every cue requested (what the tests and the log read), applies
    volume and mute, and hands the rest to an output."""

    #: A short, plain sentence about sound or voice not being available; emitted once each.
    unavailable = Signal(str)

    def __init__(self, output: CueOutput | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.history: list[Cue] = []
        self._output = output
        self._volume = 0.8
        self._muted = False
        self._told: set[str] = set()

    def set_output(self, output: CueOutput) -> None:
        self._output = output
        output.set_volume(0.0 if self._muted else self._volume)

    @property
    def output(self) -> CueOutput | None:
        return self._output

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def volume(self) -> float:
        return self._volume

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        if self._output:
            self._output.set_volume(0.0 if muted else self._volume)

    def set_volume(self, volume: float) -> None:
        self._volume = max(0.0, min(1.0, volume))
        if self._output and not self._muted:
            self._output.set_volume(self._volume)

    def play(self, cues: list[Cue]) -> None:
        for cue in cues:
            self.history.append(cue)
            if self._output is None:
                continue
            if cue.sound and not self._muted:
                self._output.play_sound(cue.sound)
            if cue.speech and not self._muted:
                self._output.say(cue.speech)

    def tell_once(self, message: str) -> None:
        if message not in self._told:
            self._told.add(message)
            self.unavailable.emit(message)


class QtCueOutput(QObject):
    """The real output. Sounds load after the window is up (they are not needed before the
    first step begins), and each effect is played once, silently, right after loading: a
    QSoundEffect's first play can be dropped while the audio stream is still opening, and
    the first cue a person hears must not be the one that goes missing."""

    def __init__(self, player: CuePlayer, *, voice_engine: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._player = player
        self._effects: dict[str, object] = {}
        self._volume = 0.8
        self._speech = None
        self._voice_engine = voice_engine
        self.sound_available = False
        self.voice_available = False

    def load(self) -> None:
        self._load_sounds()
        self._load_speech()

    def _load_sounds(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError:
            self._player.tell_once("Sound is unavailable: the system audio library (PulseAudio's libpulse) is missing.")
            return
        if not QMediaDevices.audioOutputs():
            self._player.tell_once("Sound is unavailable: no audio output was found. The routine plays on without it.")
            return
        folder = paths.resources_dir() / "sounds"
        for name in (*SOUNDS, "silence"):
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(folder / f"{name}.wav")))
            effect.setVolume(self._volume)
            self._effects[name] = effect
        self.sound_available = True
        # Open every effect's stream now, silently (see the class note).
        for effect in self._effects.values():
            self._prime(effect)

    def _prime(self, effect) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        def play_muted() -> None:
            effect.setMuted(True)
            effect.play()
            QTimer.singleShot(2500, lambda: effect.setMuted(False))

        if effect.status() == QSoundEffect.Status.Ready:
            play_muted()
        else:
            def on_status() -> None:
                if effect.status() == QSoundEffect.Status.Ready:
                    effect.statusChanged.disconnect(on_status)
                    play_muted()
            effect.statusChanged.connect(on_status)

    def _load_speech(self) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            self._player.tell_once("Spoken prompts are unavailable: Qt's speech module could not be loaded.")
            return
        engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
        if self._voice_engine is not None:
            engines = [self._voice_engine] if self._voice_engine in QTextToSpeech.availableEngines() else []
        if not engines:
            self._player.tell_once("Spoken prompts are unavailable: no speech engine is installed (for example speech-dispatcher).")
            return
        speech = QTextToSpeech(engines[0], self)
        if speech.state() == QTextToSpeech.State.Error:
            self._player.tell_once(f"Spoken prompts are unavailable: the speech engine could not start ({speech.errorString() or engines[0]}).")
            speech.deleteLater()
            return
        speech.setVolume(self._volume)
        self._speech = speech
        self.voice_available = True

    @property
    def speech(self):
        return self._speech

    def play_sound(self, name: str) -> None:
        effect = self._effects.get(name)
        if effect is not None:
            effect.setMuted(False)
            effect.play()

    def say(self, text: str) -> None:
        # enqueue, not say: a new prompt waits for the one being spoken instead of cutting it off.
        if self._speech is not None:
            self._speech.enqueue(text)

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        for effect in self._effects.values():
            effect.setVolume(volume)
        if self._speech is not None:
            self._speech.setVolume(volume)
