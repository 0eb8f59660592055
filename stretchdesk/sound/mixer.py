"""The cue sounds as PCM, and the mixer that adds them into one stream of sound.

No Qt and no sound library here: only the standard library. What plays the mix is a
stream to the sound server (stretchdesk.sound.pulse) or, where that is missing, Qt
Multimedia (stretchdesk.ui.output.sound_fallback_qt); both read it from SoundMixer.
"""

from __future__ import annotations

import array
import io
import threading
import wave
from pathlib import Path

from stretchdesk.core.files import read_regular_file

#: All cue sounds are 16-bit mono at this rate (packaging/make_sounds.py writes them so).
SAMPLE_RATE = 44_100
BYTES_PER_SECOND = SAMPLE_RATE * 2
#: Ten seconds: the longest cue, the finish chime, is under two.
MAX_SOUND_BYTES = 10 * BYTES_PER_SECOND + 1024


def read_sounds(folder: Path, names: tuple[str, ...]) -> tuple[dict[str, bytes], list[str]]:
    """The PCM of each named WAV in `folder`, and a plain sentence for each one that is
    missing, damaged or not in the stream's format (that cue then stays silent)."""
    sounds: dict[str, bytes] = {}
    problems: list[str] = []
    for name in names:
        path = folder / f"{name}.wav"
        try:
            # Read whole, as a regular file of at most a few seconds of sound, then parsed.
            with wave.open(io.BytesIO(read_regular_file(path, MAX_SOUND_BYTES))) as sound:
                if (sound.getframerate(), sound.getnchannels(), sound.getsampwidth()) != (SAMPLE_RATE, 1, 2):
                    problems.append(f"The sound '{name}' ({path}) is not 16-bit mono at {SAMPLE_RATE} Hz; that cue stays silent.")
                    continue
                sounds[name] = sound.readframes(sound.getnframes())
        except (OSError, wave.Error, EOFError):
            problems.append(f"The sound '{name}' ({path}) is missing or damaged; that cue stays silent.")
    return sounds, problems


class SoundMixer:
    """Silence, with the cue sounds mixed in when asked: the PCM that feeds the stream.
    Safe to use from two threads: the window asks for sounds, the feeder reads.
    All sounds share the stream's format, 16-bit mono at 44.1 kHz."""

    def __init__(self, sounds: dict[str, bytes]):
        self._sounds = sounds
        self._volume = 1.0
        # [pcm bytes, read position, volume]: each sound is scaled as it is read, a chunk at
        # a time, rather than kept a second time at the volume (0.37 MiB for the cues).
        self._voices: list[list] = []
        self._lock = threading.Lock()

    def set_volume(self, volume: float) -> None:
        """Sounds asked for from now on play at `volume` (0 to 1); a sound already playing
        finishes as it began."""
        self._volume = max(0.0, min(1.0, volume))

    def play(self, name: str) -> None:
        pcm = self._sounds.get(name)
        if pcm and self._volume > 0:
            with self._lock:
                self._voices.append([pcm, 0, self._volume])

    @property
    def playing(self) -> int:
        return len(self._voices)

    def read(self, size: int) -> bytes:
        size -= size % 2
        with self._lock:
            chunks = []
            for voice in self._voices:
                pcm, position, volume = voice
                chunks.append(_at_volume(pcm[position : position + size], volume))
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


def _at_volume(pcm: bytes, volume: float) -> bytes:
    """16-bit samples at `volume` (each as int(value * volume), rounded toward zero)."""
    if volume >= 1.0:
        return pcm
    return array.array("h", [int(value * volume) for value in array.array("h", pcm)]).tobytes()
