"""Sound and voice: queued speech, mute and volume, and a quiet word when either is missing."""

from __future__ import annotations

import sys

import pytest

from stretchdesk.core.cues import Cue
from stretchdesk.ui.cue_player import CuePlayer
from stretchdesk.ui.desktop_cue_output import DesktopCueOutput

from ..fakes import FakeSoundServer, RecordingCueOutput

MULTIMEDIA_NOISE = [r"Couldn't (load|resolve) ", r"Qt multimedia with FFmpeg", r"PulseAudioService", r"QSoundEffect"]


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
    output = DesktopCueOutput(player, voice_engine="mock")
    words: list[str] = []
    output.speech.spokenWord.connect(words.append)
    output.say("Get ready: Twist.")  # starts the helper; the prompt waits for it
    qtbot.waitUntil(lambda: output.voice_available, timeout=15000)
    output.say("Switch sides.")
    output.say("Done.")
    qtbot.waitUntil(lambda: len(words) == 6, timeout=10000)
    assert words == ["Get", "ready", "Twist", "Switch", "sides", "Done"]
    output.shutdown()


def test_a_speech_engine_that_never_answers_never_holds_anything_up(qtbot, monkeypatch):
    import sys

    from stretchdesk.ui import speech

    monkeypatch.setattr(speech, "SPEECH_START_SECONDS", 0.3)
    monkeypatch.setattr(speech, "speech_helper_command", lambda engine: (sys.executable, ["-c", "import time; time.sleep(60)"]))
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = DesktopCueOutput(player)
    output.say("Get ready.")  # starts the helper and returns at once
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert told == ["Spoken prompts are unavailable: the speech engine did not answer."]
    output.say("Switch sides.")  # dropped quietly
    assert not output.voice_available
    output.shutdown()  # the helper is ended, not waited for
    assert output.speech._process.state() == output.speech._process.ProcessState.NotRunning


def no_pulse_library():
    raise OSError("libpulse-simple.so.0: cannot open shared object file")


def test_cues_reach_the_sound_server_at_the_chosen_volume(qtbot):
    import array

    from stretchdesk.sound.mixer import read_sounds
    from stretchdesk.core.paths import resources_dir

    server = FakeSoundServer()
    player = CuePlayer()
    output = DesktopCueOutput(player)
    player.set_output(output)
    player.set_volume(0.5)
    output._load_sounds(library_loader=lambda: server)
    assert output.sound_available
    output.wake()
    player.play([Cue("tick", None)])
    tick = array.array("h", read_sounds(resources_dir() / "sounds", ("tick",))[0]["tick"])
    qtbot.waitUntil(lambda: len(server.samples()) >= len(tick), timeout=5000)
    assert server.samples()[: len(tick)] == [int(value * 0.5) for value in tick]
    output.shutdown()
    assert server.freed == 1


def test_a_missing_sound_server_is_told_in_the_window(qtbot):
    """The feeder thread finds out; the notice still arrives on the window's thread."""
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = DesktopCueOutput(player)
    output._load_sounds(library_loader=lambda: FakeSoundServer(refuse="Connection refused"))
    output.wake()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert told == ["Sound is unavailable: the sound server could not be reached (Connection refused). "
                    "The routine plays on without it."]
    output.play_sound("start")  # quietly nothing
    output.shutdown()


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_without_libpulse_qt_multimedia_plays_and_no_output_is_a_quiet_notice(qtbot, monkeypatch):
    from PySide6.QtMultimedia import QMediaDevices

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = DesktopCueOutput(player)
    output._load_sounds(library_loader=no_pulse_library)
    assert not output.sound_available
    assert told == ["Sound is unavailable: no audio output was found. The routine plays on without it."]
    output.play_sound("start")  # nothing to play it on, and nothing breaks


def test_no_audio_library_at_all(qtbot, monkeypatch):
    from stretchdesk.ui import desktop_cue_output, speech

    monkeypatch.setattr(desktop_cue_output, "PulseLibrary", no_pulse_library)
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    # The helper process, too, runs without speech-dispatcher's library or Qt's speech module.
    without_speech = ("import sys; sys.modules['PySide6.QtTextToSpeech'] = None; "
                      "from stretchdesk.ui import speech_helper; speech_helper.SPEECHD_LIBRARY = 'libspeechd-missing.so.2'; "
                      "sys.exit(speech_helper.main())")
    monkeypatch.setattr(speech, "speech_helper_command", lambda engine: (sys.executable, ["-c", without_speech]))
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = DesktopCueOutput(player)
    output.load()
    output.say("Hello.")
    qtbot.waitUntil(lambda: len(told) == 2, timeout=15000)  # the helper answers from its own process
    assert not output.sound_available and not output.voice_available
    assert "libpulse" in told[0] and told[1] == "Spoken prompts are unavailable: Qt's speech module could not be loaded."
    output.shutdown()

