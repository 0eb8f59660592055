"""'Name and how-to' chosen in the settings dialog: the player's get-ready is long enough
for the step's instructions from its first second, and they are said in it; muted, nothing
is said and the get-ready keeps its length."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox

from stretchdesk.core.play.amount import amount_of
from stretchdesk.core.play.spoken import how_to_get_ready
from stretchdesk.core.play.timeline import TimingSettings

from tests.ui.conftest import advance
from tests.ui.test_settings_window import change_in_dialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TWIST = ["Twist. 10 seconds each side, left side first.", "Lie down.", "Let the knees fall to one side."]


def twist_get_ready(window) -> int:
    step = window.library.get("short").steps[0]
    return int(how_to_get_ready(step, amount_of(step, TimingSettings())))  # its 10 s holds


def test_the_dialog_offers_the_choice_and_the_get_ready_says_the_how_to(window, clock, output, qtbot):
    field = window.open_settings().fields["spoken_detail"]
    assert isinstance(field, QComboBox)
    assert [field.itemText(index) for index in range(field.count())] == ["Name only", "Name and how-to"]
    field.window().reject()
    change_in_dialog(window, qtbot, spoken_detail="name and how-to")
    window.start_routine(window.library.get("short"))
    player = window.player_page
    ready = twist_get_ready(window)
    assert ready > 5
    assert (player.countdown.text, player.countdown.caption) == (str(ready), "Get ready")
    assert output.spoken == TWIST and all(within is not None for within in output.within)
    advance(window, clock, ready - 0.5)
    assert player.countdown.text == "1" and output.sounds == []  # nothing chimed over the words
    advance(window, clock, 0.5)
    assert player.countdown.caption == "Hold" and output.sounds == ["start"]


def test_muted_nothing_is_said_and_the_get_ready_keeps_its_length(window, clock, output, qtbot):
    change_in_dialog(window, qtbot, spoken_detail="name and how-to")
    window.mute_action.setChecked(True)
    window.start_routine(window.library.get("short"))
    assert window.player_page.countdown.text == str(twist_get_ready(window))
    assert output.spoken == []
    assert [cue.speech for cue in window.cues.history] == TWIST  # asked for, and silenced by the mute


def test_with_the_voice_off_the_get_ready_is_as_short_as_ever(window, clock, output, qtbot):
    change_in_dialog(window, qtbot, spoken_detail="name and how-to", voice=False)
    window.start_routine(window.library.get("short"))
    assert window.player_page.countdown.text == "5" and output.spoken == []
