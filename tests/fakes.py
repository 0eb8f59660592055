"""Test doubles. They live here, never in the package."""

from __future__ import annotations


class FakeClock:
    """A monotonic clock that moves only when a test moves it."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


class RecordingCueOutput:
    """Stands in for speakers and a speech engine: remembers what it was asked to play."""

    def __init__(self) -> None:
        self.sounds: list[str] = []
        self.spoken: list[str] = []
        self.volume = 1.0

    def play_sound(self, name: str) -> None:
        self.sounds.append(name)

    def say(self, text: str) -> None:
        self.spoken.append(text)

    def set_volume(self, volume: float) -> None:
        self.volume = volume
