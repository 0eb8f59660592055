"""Sound and voice: queued speech, mute and volume, and a quiet word when either is missing."""

from __future__ import annotations

import sys

import pytest

from stretchdesk.core.cues import SOUNDS, Cue
from stretchdesk.core.paths import resources_dir
from stretchdesk.ui.audio import CuePlayer, QtCueOutput, SoundMixer

from ..fakes import RecordingCueOutput

MULTIMEDIA_NOISE = [r"Couldn't (load|resolve) ", r"Qt multimedia with FFmpeg", r"PulseAudioService", r"QSoundEffect"]


def test_every_cue_sound_ships_as_a_short_wav():
    import wave

    for name in SOUNDS:
        with wave.open(str(resources_dir() / "sounds" / f"{name}.wav")) as sound:
            seconds = sound.getnframes() / sound.getframerate()
            assert 0.05 < seconds <= 2.0, name
            assert sound.getnchannels() == 1 and sound.getsampwidth() == 2


def test_mixer_plays_silence_then_the_sound_then_silence():
    import array

    mixer = SoundMixer({"tick": array.array("h", [1000] * 10).tobytes()})
    assert mixer.read(8) == bytes(8)
    mixer.play("tick")
    first = array.array("h", mixer.read(16))
    assert list(first) == [1000] * 8
    rest = array.array("h", mixer.read(16))
    assert list(rest) == [1000, 1000] + [0] * 6
    assert mixer.playing == 0


def test_mixer_adds_overlapping_sounds_and_clips():
    import array

    mixer = SoundMixer({"a": array.array("h", [20000] * 4).tobytes(), "b": array.array("h", [20000, 5, 5, 5]).tobytes()})
    mixer.play("a")
    mixer.play("b")
    assert list(array.array("h", mixer.read(8))) == [32767, 20005, 20005, 20005]
    mixer.play("unknown")  # a sound that failed to load stays silent
    assert mixer.read(4) == bytes(4)


def test_mute_silences_without_forgetting_what_was_asked(qtbot):
    output = RecordingCueOutput()
    player = CuePlayer()
    player.set_output(output)
    player.set_volume(0.5)
    assert output.volume == 0.5
    player.set_muted(True)
    assert output.volume == 0.0
    player.play([Cue("start", "Switch sides.")])
    assert output.sounds == [] and output.spoken == []
    assert player.history == [Cue("start", "Switch sides.")]
    player.set_muted(False)
    assert output.volume == 0.5
    player.play([Cue("tick", None)])
    assert output.sounds == ["tick"]


def test_unavailable_is_said_once(qtbot):
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    player.tell_once("Sound is unavailable.")
    player.tell_once("Sound is unavailable.")
    assert told == ["Sound is unavailable."]


def test_speech_is_queued_and_never_cut_off(qtbot):
    """Through the speech helper with Qt's mock engine (it 'speaks' a word every 100 ms):
    a prompt asked for while the helper starts, and two more at once after, are all
    spoken, whole and in order."""
    player = CuePlayer()
    output = QtCueOutput(player, voice_engine="mock")
    words: list[str] = []
    output.spokenWord.connect(words.append)
    output.say("Get ready: Twist.")  # starts the helper; the prompt waits for it
    qtbot.waitUntil(lambda: output.voice_available, timeout=15000)
    output.say("Switch sides.")
    output.say("Done.")
    qtbot.waitUntil(lambda: len(words) == 6, timeout=10000)
    assert words == ["Get", "ready", "Twist", "Switch", "sides", "Done"]
    output.shutdown()


def test_a_speech_engine_that_never_answers_never_holds_anything_up(qtbot, monkeypatch):
    import sys

    from stretchdesk.ui import audio

    monkeypatch.setattr(audio, "SPEECH_START_SECONDS", 0.3)
    monkeypatch.setattr(audio, "speech_helper_command", lambda engine: (sys.executable, ["-c", "import time; time.sleep(60)"]))
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = QtCueOutput(player)
    output.say("Get ready.")  # starts the helper and returns at once
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert told == ["Spoken prompts are unavailable: the speech engine did not answer."]
    output.say("Switch sides.")  # dropped quietly
    assert not output.voice_available
    output.shutdown()  # the helper is ended, not waited for
    assert output._speech_process.state() == output._speech_process.ProcessState.NotRunning


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_no_audio_output_means_a_quiet_notice_and_no_crash(qtbot, monkeypatch):
    from PySide6.QtMultimedia import QMediaDevices

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = QtCueOutput(player)
    output._load_sounds()
    assert not output.sound_available
    assert told == ["Sound is unavailable: no audio output was found. The routine plays on without it."]
    output.play_sound("start")  # nothing to play it on, and nothing breaks


def test_no_audio_library_at_all(qtbot, monkeypatch):
    from stretchdesk.ui import audio

    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    # The helper process, too, runs without Qt's speech module.
    without_speech = ("import sys; sys.modules['PySide6.QtTextToSpeech'] = None; "
                      "from stretchdesk.ui.speech_helper import main; sys.exit(main())")
    monkeypatch.setattr(audio, "speech_helper_command", lambda engine: (sys.executable, ["-c", without_speech]))
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = QtCueOutput(player)
    output.load()
    output.say("Hello.")
    qtbot.waitUntil(lambda: len(told) == 2, timeout=15000)  # the helper answers from its own process
    assert not output.sound_available and not output.voice_available
    assert "libpulse" in told[0] and told[1] == "Spoken prompts are unavailable: Qt's speech module could not be loaded."
    output.shutdown()
