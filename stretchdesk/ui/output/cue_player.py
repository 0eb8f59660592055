"""What cues were asked for, with mute and volume; the output that plays them is separate
(stretchdesk.ui.output.desktop_cue_output), so the window can start before any audio library is loaded."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Signal

from stretchdesk.ui.output.cue_output import CueOutput, NullCueOutput

if TYPE_CHECKING:
    from stretchdesk.core.play.cues import Cue
    from stretchdesk.core.store.settings import Settings


class CuePlayer(QObject):
    """Keeps the list of every cue requested (what the tests and the log read), applies
    volume and mute, and hands the rest to an output. Until set_output() there is none:
    the cues asked for meanwhile (a routine started with the window, before the sound and
    speech have loaded) are kept, and the output gets those still fresh when it joins."""

    #: A short, plain sentence about sound or voice not being available; emitted once each.
    unavailable = Signal(str)
    #: The voice that was starting is ready, or known to be unavailable.
    voiceSettled = Signal()
    #: The output's voices, listed after voice_names() was first asked (it may take a while).
    voicesListed = Signal(list)

    def __init__(self, output: CueOutput | None = None, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.history: list[Cue] = []
        self._output: CueOutput = output if output is not None else NullCueOutput()
        self._clock = clock
        #: (when asked, cue) for each cue asked for while there is no output yet.
        self._kept: list[tuple[float, Cue]] | None = [] if output is None else None
        self._volume = 0.8
        self._muted = False
        self._voice_starting = False
        self._told: set[str] = set()

    def set_output(self, output: CueOutput) -> None:
        self._output = output
        output.set_volume(0.0 if self._muted else self._volume)
        if output.voice_starting():
            self._voice_starting = True
        else:
            self.voice_settled()  # no voice on its way after all: nothing should wait for one
        kept, self._kept = self._kept or [], None
        now = self._clock()
        for asked, cue in kept:
            self._send(cue, now - asked)

    @property
    def output(self) -> CueOutput:
        return self._output

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def voice_starting(self) -> bool:
        """The voice is on its way but cannot speak yet: a line asked for now would come late."""
        return self._voice_starting and not self._muted

    def expect_voice(self) -> None:
        """An output with a voice will join soon (the window is shown before it loads)."""
        self._voice_starting = True

    def voice_settled(self) -> None:
        """The output's voice is ready, or will not be: nothing need wait for it any more."""
        if self._voice_starting:
            self._voice_starting = False
            self.voiceSettled.emit()

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        self._output.set_volume(0.0 if muted else self._volume)

    def set_volume(self, volume: float) -> None:
        self._volume = max(0.0, min(1.0, volume))
        if not self._muted:
            self._output.set_volume(self._volume)

    def follow_settings(self, settings: Settings) -> None:
        """The volume and the voice as the settings have them now."""
        self.set_volume(settings["volume"] / 100)
        self._output.set_voice(settings["voice_name"])

    def play(self, cues: list[Cue]) -> None:
        for cue in cues:
            self.history.append(cue)
            if self._muted:
                continue  # not kept either: unmuting later must not bring back what has passed
            if self._kept is not None:
                self._kept.append((self._clock(), cue))
            else:
                self._send(cue, 0.0)

    def _send(self, cue: Cue, age: float) -> None:
        """Hand a cue asked for `age` seconds ago to the output, as much of it as is still fresh."""
        # Imported here, not with the module: the window's first paint has no cue to play.
        from stretchdesk.core.play.cues import SOUND_FRESH_SECONDS

        if cue.sound and age <= SOUND_FRESH_SECONDS:
            self._output.play_sound(cue.sound)
        if cue.speech:
            within = None if cue.speech_within is None else cue.speech_within - age
            if within is None or within >= 0:
                self._output.say(cue.speech, within)

    def wake(self) -> None:
        """A session starts: open the sound stream now, before its first cue."""
        self._output.wake()

    def rest(self) -> None:
        """The session is over: the stream may close once the last sound has played."""
        self._output.rest()

    def tell_once(self, message: str) -> None:
        if message not in self._told:
            self._told.add(message)
            self.unavailable.emit(message)
