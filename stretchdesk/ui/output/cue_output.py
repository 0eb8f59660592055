"""The interface of a cue output, which plays what the CuePlayer hands it, and the silent
output the window has until the real one is loaded.

The window never asks an output what it can do: every output has every method of
CueOutput. The real one, DesktopCueOutput (desktop_cue_output.py), is made after the
first paint; until then, and wherever nothing should be heard, NullCueOutput takes the
cues. This module is imported while the window is built, so it holds no more than that
and imports only the standard library.
"""

from __future__ import annotations

from abc import abstractmethod


class CueOutput:
    """Every method the window and the CuePlayer call on an output.

    A subclass must implement all of them: one that leaves any out is refused when its
    class is defined, with a TypeError naming what is missing. Not abc.ABC, because the
    desktop output is a QObject, and a class made with Qt's metaclass and ABCMeta
    together is instantiated even with abstract methods left (PySide6 6.11); the check
    here runs for any metaclass."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in CUE_OUTPUT_METHODS if getattr(getattr(cls, name), "__isabstractmethod__", False)]
        if missing:
            raise TypeError(f"{cls.__qualname__} does not implement {', '.join(missing)} of CueOutput")

    @abstractmethod
    def play_sound(self, name: str) -> None:
        """Play the cue sound called `name` now; never waits for it."""

    @abstractmethod
    def say(self, text: str, within: float | None = None) -> None:
        """Speak `text` once what is being said has been said, but only if that can begin
        within `within` seconds from now (None: whenever); never waits for it."""

    @abstractmethod
    def set_volume(self, volume: float) -> None:
        """Sounds and speech asked for from now on play at `volume`, 0 (silent) to 1."""

    @abstractmethod
    def wake(self) -> None:
        """A session starts: be ready to play its first cue at once."""

    @abstractmethod
    def rest(self) -> None:
        """The session is over: let the audio device go once the last sound has played."""

    @abstractmethod
    def voice_starting(self) -> bool:
        """True while the speech engine is starting: a line asked for now would come late.
        The output tells its CuePlayer (voice_settled) once it is ready or given up."""

    @abstractmethod
    def voice_names(self) -> list[str]:
        """The names of the voices speech can use, for the settings; none while unknown."""

    @abstractmethod
    def set_voice(self, name: str) -> None:
        """Speak with the voice called `name` from now on; an empty name asks for none."""

    @abstractmethod
    def shutdown(self) -> None:
        """The window closes: stop, and let any helper process go without waiting on it."""


#: The methods of the interface, in the order they are declared.
CUE_OUTPUT_METHODS = tuple(name for name, value in vars(CueOutput).items() if getattr(value, "__isabstractmethod__", False))


class NullCueOutput(CueOutput):
    """No sound and no voice: takes every cue and plays nothing. The window's output until
    the desktop one has loaded, and wherever nothing should be heard."""

    def play_sound(self, name: str) -> None:
        pass

    def say(self, text: str, within: float | None = None) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        pass

    def wake(self) -> None:
        pass

    def rest(self) -> None:
        pass

    def voice_starting(self) -> bool:
        return False

    def voice_names(self) -> list[str]:
        return []

    def set_voice(self, name: str) -> None:
        pass

    def shutdown(self) -> None:
        pass
