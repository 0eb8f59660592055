"""The cue output interface: every output has every method the window and the CuePlayer
call, the silent one takes them all, and the window never has to ask what an output can do."""

from __future__ import annotations

import inspect

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from stretchdesk.core.play.cues import Cue
from stretchdesk.ui.output.cue_output import CUE_OUTPUT_METHODS, CueOutput, NullCueOutput
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.output.desktop_cue_output import DesktopCueOutput

from tests.fakes import RecordingCueOutput

#: Opening the settings dialog offscreen.
DIALOG_NOISE = "This plugin does not support propagateSizeHints"


def test_the_interface_has_every_call_the_window_and_the_player_make():
    assert set(CUE_OUTPUT_METHODS) == {
        "play_sound", "say", "set_volume", "wake", "rest", "voice_starting", "voice_names", "set_voice", "shutdown",
    }


@pytest.mark.parametrize("output_class", [DesktopCueOutput, NullCueOutput, RecordingCueOutput])
def test_every_output_implements_the_whole_interface(output_class):
    assert issubclass(output_class, CueOutput)
    for name in CUE_OUTPUT_METHODS:
        method = getattr(output_class, name)
        assert not getattr(method, "__isabstractmethod__", False), name
        # Called with the same arguments as the interface's method takes.
        assert list(inspect.signature(method).parameters) == list(inspect.signature(getattr(CueOutput, name)).parameters), name


@pytest.mark.parametrize("left_out", CUE_OUTPUT_METHODS)
def test_an_output_that_leaves_a_method_out_is_refused(left_out):
    methods = {name: (lambda self, *args: None) for name in CUE_OUTPUT_METHODS if name != left_out}
    with pytest.raises(TypeError, match=left_out):
        type("PartialOutput", (CueOutput,), methods)


def test_a_qt_output_that_leaves_a_method_out_is_refused(qtbot):
    """The same check holds for a QObject, as the desktop output is (Qt's metaclass and
    abc.ABCMeta together would let it be made)."""
    from PySide6.QtCore import QObject

    with pytest.raises(TypeError, match="shutdown"):
        class PartialQtOutput(QObject, CueOutput):
            play_sound = say = set_volume = wake = rest = voice_starting = voice_names = set_voice = lambda self, *args: None


def test_the_null_output_takes_every_call_and_plays_nothing():
    output = NullCueOutput()
    output.play_sound("start")
    output.say("Get ready.")
    output.set_volume(0.5)
    output.wake()
    output.rest()
    assert not output.voice_starting()
    assert output.voice_names() == []
    output.set_voice("Anna")
    output.shutdown()


def test_a_player_has_the_null_output_until_one_is_set(qtbot):
    player = CuePlayer()
    assert isinstance(player.output, NullCueOutput)
    player.set_volume(0.5)
    player.set_muted(True)
    player.set_muted(False)
    player.wake()
    player.play([Cue("start", "Switch sides.")])
    player.rest()
    assert player.history == [Cue("start", "Switch sides.")]  # still kept for the log
    output = RecordingCueOutput()
    player.set_output(output)
    assert player.output is output and output.volume == 0.5


def test_a_player_wakes_its_output_and_lets_it_rest(qtbot):
    output = RecordingCueOutput()
    player = CuePlayer()
    player.set_output(output)
    player.wake()
    assert output.awake
    player.rest()
    assert not output.awake


def test_muted_the_player_sets_the_volume_to_nothing_and_sends_no_cue(qtbot):
    output = RecordingCueOutput()
    player = CuePlayer()
    player.set_muted(True)
    player.set_volume(0.4)
    player.set_output(output)
    assert output.volume == 0.0
    player.play([Cue("tick", "Hold.")])
    assert output.sounds == [] and output.spoken == []
    player.set_muted(False)
    assert output.volume == 0.4


@pytest.mark.qt_log_ignore(DIALOG_NOISE)
def test_the_window_offers_the_outputs_voices_and_hands_it_the_chosen_one(window, qtbot):
    window.cues.set_output(RecordingCueOutput(voices=["Anna", "Bruno"]))
    dialog = window.open_settings()
    field = dialog.fields["voice_name"]
    assert isinstance(field, QComboBox)
    assert [field.itemData(index) for index in range(field.count())] == ["", "Anna", "Bruno"]
    field.setCurrentIndex(field.findData("Bruno"))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert window.cues.output.voice == "Bruno"


@pytest.mark.qt_log_ignore(DIALOG_NOISE)
def test_a_window_with_no_output_yet_opens_its_settings_and_closes(qtbot, clock, short_library):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    window = MainWindow(clock=clock, library=short_library)
    qtbot.addWidget(window)
    assert isinstance(window.cues.output, NullCueOutput)
    dialog = window.open_settings()
    assert not dialog.fields["voice_name"].isEnabled()  # no voices to choose from
    dialog.reject()
    window.close()


def test_closing_the_window_shuts_the_output_down(window, output):
    window.close()
    assert output.shut_down


def test_cues_asked_for_before_the_output_joins_reach_it_while_fresh(qtbot, clock):
    """`stretchdesk play` starts the routine before the sound and speech have loaded: the
    first announcement was lost. Kept, it reaches the output when it joins, with what is
    left of its time; what went stale meanwhile is not played."""
    player = CuePlayer(clock=clock)
    player.play([Cue(None, "Twist. 10 seconds each side.", speech_within=1.5)])
    clock.advance(0.3)
    player.play([Cue("start", "Too late soon.", speech_within=0.1)])
    clock.advance(0.3)
    output = RecordingCueOutput()
    player.set_output(output)
    assert output.spoken == ["Twist. 10 seconds each side."]
    assert output.within == [pytest.approx(0.9)]
    assert output.sounds == ["start"]  # 0.3 s late: still heard as the start of the hold
    player.play([Cue("tick", "Switch sides.", speech_within=1.0)])  # from now on, straight through
    assert output.sounds == ["start", "tick"] and output.spoken[-1] == "Switch sides." and output.within[-1] == 1.0


def test_a_chime_kept_too_long_is_not_played_late(qtbot, clock):
    from stretchdesk.core.play.cues import SOUND_FRESH_SECONDS

    player = CuePlayer(clock=clock)
    player.play([Cue("start", None)])
    clock.advance(SOUND_FRESH_SECONDS + 0.1)
    output = RecordingCueOutput()
    player.set_output(output)
    assert output.sounds == []


def test_muted_nothing_is_kept_for_later(qtbot, clock):
    player = CuePlayer(clock=clock)
    player.set_muted(True)
    player.play([Cue("start", "Twist.")])
    player.set_muted(False)
    output = RecordingCueOutput()
    player.set_output(output)
    assert output.sounds == [] and output.spoken == []


def test_the_player_hears_when_a_starting_voice_settles(qtbot):
    player = CuePlayer()
    player.expect_voice()
    assert player.voice_starting
    output = RecordingCueOutput()
    output.starting = True
    player.set_output(output)
    assert player.voice_starting
    with qtbot.waitSignal(player.voiceSettled, timeout=1000):
        player.voice_settled()
    assert not player.voice_starting
    # An output with no voice on its way settles it at once.
    player = CuePlayer()
    player.expect_voice()
    with qtbot.waitSignal(player.voiceSettled, timeout=1000):
        player.set_output(RecordingCueOutput())


@pytest.mark.qt_log_ignore(DIALOG_NOISE)
def test_voices_listed_after_the_dialog_opened_are_offered_in_it(window, qtbot):
    """Voices are listed only when the settings ask (listing keeps the engine busy), so
    they arrive after the dialog has opened; the saved choice stays chosen."""
    window.settings.set("voice_name", "Bruno")
    window.cues.set_output(RecordingCueOutput(voices=[]))
    dialog = window.open_settings()
    field = dialog.fields["voice_name"]
    assert field.currentData() == "Bruno"  # shown as not available, for now
    window.cues.voicesListed.emit(["Anna", "Bruno"])
    assert field.isEnabled()
    assert [field.itemData(index) for index in range(field.count())] == ["", "Anna", "Bruno"]
    assert field.currentData() == "Bruno" and field.currentText() == "Bruno"
    dialog.reject()
