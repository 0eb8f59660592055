"""Sound and voice: queued speech, mute and volume, and a quiet word when either is missing."""

from __future__ import annotations

import sys

import pytest

from stretchdesk.core.play.cues import Cue
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.output.desktop_cue_output import DesktopCueOutput

from tests.fakes import FakeSoundServer, RecordingCueOutput

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

    from stretchdesk.ui.output import speech

    monkeypatch.setattr(speech, "speech_helper_command", lambda engine: (sys.executable, ["-c", "import time; time.sleep(60)"]))
    monkeypatch.setattr(speech, "QUIT_GRACE_MS", 0)  # it would not leave in any time: ended at once
    player = CuePlayer()
    told = []
    player.unavailable.connect(told.append)
    output = DesktopCueOutput(player)
    output.say("Get ready.")  # starts the helper and returns at once
    watchdog = output.speech._watchdog
    assert watchdog.isActive() and watchdog.interval() == speech.SPEECH_START_SECONDS * 1000 and told == []
    watchdog.timeout.emit()  # SPEECH_START_SECONDS later, with still no answer (none comes)
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
    from stretchdesk.ui.output import desktop_cue_output, speech

    monkeypatch.setattr(desktop_cue_output, "PulseLibrary", no_pulse_library)
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    # The helper process, too, runs without speech-dispatcher's library or Qt's speech module.
    without_speech = ("import sys; sys.modules['PySide6.QtTextToSpeech'] = None; "
                      "from stretchdesk.ui.output import speech_helper; speech_helper.SPEECHD_LIBRARY = 'libspeechd-missing.so.2'; "
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


def speech_dispatcher_missing() -> str | None:
    import ctypes
    import shutil

    from tests.pulse_server import missing_tools

    from stretchdesk.ui.output.speech_helper import SPEECHD_LIBRARY

    missing = missing_tools() + [tool for tool in ("speech-dispatcher",) if shutil.which(tool) is None]
    try:
        ctypes.CDLL(SPEECHD_LIBRARY)
    except OSError:
        missing.append(SPEECHD_LIBRARY)
    return ", ".join(missing) or None


def said_and_quiet(data: bytes, quiet_seconds: float = 0.5) -> bool:
    """Whether the recording has sound, and then this long without any."""
    import array

    samples = array.array("h", data[: len(data) // 2 * 2])
    loud = [index for index in range(0, len(samples), 441) if max(map(abs, samples[index:index + 441]), default=0) > 328]
    return bool(loud) and len(samples) - loud[-1] > quiet_seconds * 44_100


@pytest.mark.skipif(bool(speech_dispatcher_missing()), reason=f"needs {speech_dispatcher_missing()}")
def test_speech_is_as_clear_as_the_chimes_and_never_clips(tmp_path):
    """Recorded from a private sound server at the default volume: the spoken words peak
    near the chimes (they peaked at full scale, clipped, while the chimes peak near -12
    dBFS) and well under full scale."""
    import array
    import math
    import os
    import subprocess

    from tests.pulse_server import record_monitor, recorded_until, start_private_server

    from stretchdesk.ui.output import speech
    from stretchdesk.ui.output.speech_helper import PARENT_VARIABLE, QT_PATH_VARIABLE, protocol_line

    server, env = start_private_server(tmp_path / "runtime")
    recorder = record_monitor(None, env)
    program, arguments = speech.speech_helper_command(None)
    helper = subprocess.Popen([program, *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env={**os.environ, **env, PARENT_VARIABLE: str(os.getpid()), QT_PATH_VARIABLE: speech.qt_folders()},
                              cwd=speech.speech_helper_folder())
    try:
        assert helper.stdout.readline() == b"READY\n"
        helper.stdin.write(protocol_line("VOLUME", str(0.8 * speech.SPEECH_LEVEL)).encode())
        helper.stdin.write(protocol_line("SAY", "", "Side Bend. 15 seconds each side.").encode())
        helper.stdin.flush()
        # Read as it is recorded; 20 s is a bound only: the line is said in about three seconds.
        recording = recorded_until(recorder, said_and_quiet, 20)
    finally:
        helper.stdin.close()
        helper.wait(timeout=20)
        helper.stdout.close()
        recorder.terminate()
        recorder.wait()
        recorder.stdout.close()
        server.terminate()
        server.wait()
    samples = array.array("h", recording[: len(recording) // 2 * 2])
    peak = 20 * math.log10(max(max(abs(v) for v in samples), 1) / 32768)
    chime = 20 * math.log10(0.8 * 10 ** (-10 / 20))  # the chimes' WAVs peak at -10 dBFS
    assert peak > -40, "nothing was said"
    assert chime - 3 <= peak <= -3
