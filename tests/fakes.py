"""Test doubles. They live here, never in the package."""

from __future__ import annotations

from stretchdesk.ui.output.cue_output import CueOutput


class FakeClock:
    """A monotonic clock that moves only when a test moves it."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


class RecordingCueOutput(CueOutput):
    """Stands in for speakers and a speech engine: remembers what it was asked to do."""

    def __init__(self, voices: list[str] | None = None) -> None:
        self.sounds: list[str] = []
        self.spoken: list[str] = []
        #: For each line spoken, how soon it had to begin (None: any time).
        self.within: list[float | None] = []
        #: What voice_starting() answers: a speech engine still starting.
        self.starting = False
        self.volume = 1.0
        self.voices = list(voices or [])
        self.voice = ""
        self.awake = False
        self.shut_down = False

    def play_sound(self, name: str) -> None:
        self.sounds.append(name)

    def say(self, text: str, within: float | None = None) -> None:
        self.spoken.append(text)
        self.within.append(within)

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def wake(self) -> None:
        self.awake = True

    def rest(self) -> None:
        self.awake = False

    def voice_starting(self) -> bool:
        return self.starting

    def voice_names(self) -> list[str]:
        return list(self.voices)

    def set_voice(self, name: str) -> None:
        self.voice = name

    def shutdown(self) -> None:
        self.shut_down = True


class FakeSoundServer:
    """Stands in for libpulse-simple: records what was written, and can refuse to connect
    or fail a write, as a missing or vanished sound server does. A test waits for what the
    stream's thread does with `wait_until`, which looks again each time the stream calls."""

    def __init__(self, refuse: str | None = None, fail_after_writes: int | None = None) -> None:
        import threading

        self.refuse = refuse
        self.fail_after_writes = fail_after_writes
        self.connections = 0
        self.chunks: list[bytes] = []
        self.drained = 0
        self.freed = 0
        self.lock = threading.Lock()
        self.called = threading.Condition()

    def wait_until(self, condition, seconds: float) -> bool:
        """Whether condition() comes true within `seconds` (an upper bound only: it is
        looked at again after each call the stream makes, and the wait ends at once)."""
        with self.called:
            return self.called.wait_for(condition, seconds)

    def _told(self) -> None:
        with self.called:
            self.called.notify_all()

    def connect(self, app_name: str, stream_name: str, latency_bytes: int) -> int:
        self.connections += 1
        self._told()
        if self.refuse:
            raise OSError(self.refuse)
        return self.connections

    def write(self, handle: int, data: bytes) -> None:
        try:
            with self.lock:
                if self.fail_after_writes is not None and len(self.chunks) >= self.fail_after_writes:
                    raise OSError("Connection terminated")
                self.chunks.append(data)
        finally:
            self._told()

    def drain(self, handle: int) -> None:
        self.drained += 1
        self._told()

    def free(self, handle: int) -> None:
        self.freed += 1
        self._told()

    def samples(self) -> list[int]:
        import array

        with self.lock:
            return list(array.array("h", b"".join(self.chunks)))
