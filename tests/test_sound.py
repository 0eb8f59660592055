"""The sound mixer and the stream to the sound server, without Qt: what reaches the
speakers, and that nothing is written (so no CPU is used) between cues."""

from __future__ import annotations

import array
import threading

import pytest

from stretchdesk.core.play.cues import SOUNDS
from stretchdesk.core.paths import resources_dir
from stretchdesk.sound.mixer import BYTES_PER_SECOND, SoundMixer, read_sounds
from stretchdesk.sound.pulse import PulseStream

from tests.fakes import FakeSoundServer

WAIT = 10  # seconds a test may wait for the feeder thread before it counts as stuck


def pcm(values: list[int]) -> bytes:
    return array.array("h", values).tobytes()


def test_every_cue_sound_ships_and_reads_as_16_bit_mono():
    sounds, problems = read_sounds(resources_dir() / "sounds", SOUNDS)
    assert problems == []
    assert set(sounds) == set(SOUNDS)
    for name, data in sounds.items():
        assert 0.05 < len(data) / BYTES_PER_SECOND <= 2.0, name


def test_a_missing_or_odd_sound_is_named_and_the_rest_still_load(tmp_path):
    import shutil
    import wave

    shutil.copy(resources_dir() / "sounds" / "tick.wav", tmp_path / "tick.wav")
    with wave.open(str(tmp_path / "start.wav"), "wb") as stereo:
        stereo.setnchannels(2)
        stereo.setsampwidth(2)
        stereo.setframerate(44_100)
        stereo.writeframes(bytes(400))
    sounds, problems = read_sounds(tmp_path, ("start", "tick", "finish"))
    assert list(sounds) == ["tick"]
    assert problems == [
        f"The sound 'start' ({tmp_path / 'start.wav'}) is not 16-bit mono at 44100 Hz; that cue stays silent.",
        f"The sound 'finish' ({tmp_path / 'finish.wav'}) is missing or damaged; that cue stays silent.",
    ]


def test_mixer_plays_silence_then_the_sound_then_silence():
    mixer = SoundMixer({"tick": pcm([1000] * 10)})
    assert mixer.read(8) == bytes(8)
    mixer.play("tick")
    assert list(array.array("h", mixer.read(16))) == [1000] * 8
    assert list(array.array("h", mixer.read(16))) == [1000, 1000] + [0] * 6
    assert mixer.playing == 0


def test_mixer_adds_overlapping_sounds_and_clips():
    mixer = SoundMixer({"a": pcm([20000] * 4), "b": pcm([20000, 5, 5, 5])})
    mixer.play("a")
    mixer.play("b")
    assert list(array.array("h", mixer.read(8))) == [32767, 20005, 20005, 20005]
    mixer.play("unknown")  # a sound that failed to load stays silent
    assert mixer.read(4) == bytes(4)


def test_volume_scales_sounds_asked_for_after_it_changes():
    mixer = SoundMixer({"tick": pcm([1000, -2000])})
    mixer.set_volume(0.5)
    mixer.play("tick")
    assert list(array.array("h", mixer.read(4))) == [500, -1000]
    mixer.set_volume(0.0)
    mixer.play("tick")
    assert mixer.playing == 0  # at volume 0 nothing is even queued
    mixer.set_volume(1.0)
    mixer.play("tick")
    assert list(array.array("h", mixer.read(4))) == [1000, -2000]


def test_a_sound_playing_when_the_volume_changes_finishes_as_it_began():
    # Scaled a chunk at a time as it is read: a chunk read after the change is still at
    # the volume the sound started at, and the next sound takes the new one.
    mixer = SoundMixer({"tick": pcm([1000, -2000, 3000, -4000])})
    mixer.set_volume(0.5)
    mixer.play("tick")
    assert list(array.array("h", mixer.read(4))) == [500, -1000]
    mixer.set_volume(0.25)
    mixer.play("tick")
    assert list(array.array("h", mixer.read(4))) == [1500 + 250, -2000 - 500]
    assert list(array.array("h", mixer.read(4))) == [750, -1000]


def open_stream(server: FakeSoundServer, sounds: dict[str, bytes] | None = None, **kwargs):
    told: list[str] = []
    stream = PulseStream(SoundMixer(sounds or {"tick": pcm([1000] * 441)}), told.append, server,
                         latency_ms=kwargs.pop("latency_ms", 20), chunk_ms=kwargs.pop("chunk_ms", 10))
    return stream, told


def test_nothing_is_written_between_cues():
    server = FakeSoundServer()
    stream, told = open_stream(server)
    stream.open()
    assert stream.idle.wait(WAIT)
    assert server.connections == 1 and server.chunks == [] and stream.streaming
    stream.close()
    assert server.freed == 1 and told == []


def test_a_cue_is_written_whole_with_a_little_silence_after_it():
    server = FakeSoundServer()
    stream, told = open_stream(server)
    stream.open()
    assert stream.idle.wait(WAIT)
    stream.play("tick")  # 441 samples (10 ms); chunks of 10 ms, latency 20 ms
    assert stream.idle.wait(WAIT)
    samples = server.samples()
    assert samples[:441] == [1000] * 441
    # Then silence, at least one latency of it, so the server starts even a very short
    # sound (it waits for that much queued after a pause) and plays it to the end.
    assert samples[441:] == [0] * (len(samples) - 441) and len(samples) - 441 >= 882
    stream.close()
    assert told == []


def test_rest_closes_the_stream_once_the_last_sound_has_played():
    server = FakeSoundServer()
    stream, _ = open_stream(server, {"finish": pcm([300] * 4410)})
    stream.open()
    stream.play("finish")
    stream.rest()
    assert server.wait_until(lambda: not stream.streaming and server.freed == 1, WAIT)
    assert server.samples()[:4410] == [300] * 4410  # all of it, not cut short
    assert server.drained == 1 and server.freed == 1 and not stream.streaming


def test_a_session_starting_while_resting_keeps_the_stream():
    server = FakeSoundServer()
    stream, _ = open_stream(server)
    stream.open()
    assert stream.idle.wait(WAIT)
    stream.rest()
    stream.open()
    stream.play("tick")
    assert stream.idle.wait(WAIT)
    assert stream.streaming and server.samples()[:441] == [1000] * 441
    stream.close()


def test_no_sound_server_is_told_once_and_cues_outside_a_session_do_not_retry():
    server = FakeSoundServer(refuse="Connection refused")
    stream, told = open_stream(server)
    stream.open()
    assert stream.idle.wait(WAIT)
    assert told == ["Sound is unavailable: the sound server could not be reached (Connection refused). "
                    "The routine plays on without it."]
    assert stream.failed and not stream.streaming
    stream.play("tick")
    assert server.connections == 1  # a cue does not knock again
    stream.open()  # the next session does
    assert server.wait_until(lambda: server.connections == 2, WAIT)


def test_a_server_that_goes_away_mid_routine_is_told():
    server = FakeSoundServer(fail_after_writes=1)
    stream, told = open_stream(server)
    stream.open()
    assert stream.idle.wait(WAIT)
    stream.play("tick")
    assert server.wait_until(lambda: bool(told), WAIT)
    assert told == ["Sound stopped: the sound server closed the stream (Connection terminated)."]
    assert server.wait_until(lambda: not stream.streaming and server.freed == 1, WAIT)


@pytest.mark.skipif(bool(__import__("tests.pulse_server", fromlist=["x"]).missing_tools()),
                    reason="needs pulseaudio and pulseaudio-utils (packaging/install-system-libs.sh --test)")
def test_a_cue_comes_out_of_a_real_sound_server(tmp_path, monkeypatch):
    """Through libpulse-simple to a private PulseAudio server's null sink, recorded from
    its monitor: the chime is there, loud, and the stream closes after it."""
    from stretchdesk.sound.pulse import PulseLibrary

    from tests.pulse_server import record_monitor, recorded_until, start_private_server

    class Library(PulseLibrary):
        """The real one, telling when the stream is freed."""

        def __init__(self) -> None:
            super().__init__()
            self.freed = threading.Event()

        def free(self, handle: int) -> None:
            super().free(handle)
            self.freed.set()

    server, env = start_private_server(tmp_path / "runtime")
    recorder = None
    try:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        recorder = record_monitor(None, env)
        sounds, _ = read_sounds(resources_dir() / "sounds", ("start",))
        told: list[str] = []
        library = Library()
        stream = PulseStream(SoundMixer(sounds), told.append, library)
        stream.open()
        assert stream.idle.wait(WAIT) and stream.streaming and told == []
        stream.play("start")
        stream.rest()
        assert library.freed.wait(WAIT) and not stream.streaming  # played out, drained and closed

        def loudest(data: bytes) -> int:
            return max(map(abs, array.array("h", data[: len(data) // 2 * 2])), default=0)

        assert loudest(recorded_until(recorder, lambda data: loudest(data) > 8000, WAIT)) > 8000
        assert told == []
    finally:
        for process in (recorder, server):
            if process is not None:
                process.terminate()
                process.wait()
        if recorder is not None:
            recorder.stdout.close()


def test_a_sound_that_is_a_fifo_or_a_device_stays_silent_without_blocking(tmp_path):
    import os

    from stretchdesk.sound.mixer import read_sounds

    os.mkfifo(tmp_path / "start.wav")
    (tmp_path / "finish.wav").symlink_to("/dev/zero")
    sounds, problems = read_sounds(tmp_path, ("start", "finish"))
    assert sounds == {} and len(problems) == 2 and all("missing or damaged" in p for p in problems)
