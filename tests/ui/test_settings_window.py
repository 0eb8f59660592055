"""Settings through the window: the dialog and the step editor change the times in the
library, the preview, the player and `stretchdesk show`; they survive a restart; a
damaged settings file leaves the app running with a clear notice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QSpinBox

from stretchdesk.core.routine.durations import format_clock
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.store.settings import settings_file

from tests.ui.conftest import advance

# The offscreen platform cannot pass a dialog's size hints on to a window system and says
# so each time the settings dialog opens; that is the platform, not the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def new_window(qtbot, clock, library=None):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    window = MainWindow(clock=clock, library=library or load_library())
    qtbot.addWidget(window)
    window.show()
    return window


def list_text(window, routine_id: str) -> str:
    rows = window.library_page.list.model()
    for row in range(rows.rowCount()):
        if rows.index(row, 0).data(Qt.ItemDataRole.UserRole) == routine_id:
            return rows.index(row, 0).data()
    raise AssertionError(routine_id)


def change_in_dialog(window, qtbot, **values) -> None:
    dialog = window.open_settings()
    for key, value in values.items():
        field = dialog.fields[key]
        if isinstance(field, QSpinBox):
            field.setValue(value)
        elif isinstance(field, QCheckBox):
            field.setChecked(value)
        else:
            field.setCurrentIndex(field.findData(value))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)


def show_json(routine_id: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "stretchdesk", "show", routine_id, "--json"],
                            capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_dialog_changes_times_everywhere_and_they_survive_a_restart(qtbot, clock):
    window = new_window(qtbot, clock)
    assert list_text(window, "hip-relief").endswith("6:23")
    change_in_dialog(window, qtbot, hold_scale=200, get_ready=10)

    # the library, the preview
    # 2 x 5:30 of holds, 7 get-readies of 10 s, 6 switches of 3 s
    assert list_text(window, "hip-relief").endswith("12:28")
    window.library_page.select("hip-relief")
    steps = window.library_page.steps
    assert (steps.item(0, 1).text(), steps.item(0, 2).text()) == ("1 min", "1:00")  # how, in words; the time column on the clock
    assert window.library_page.meta.text().endswith("12:28")
    # the player's countdown
    window.start_routine(window.library.get("hip-relief"))
    assert window.player_page.countdown.text == "10"
    advance(window, clock, 10)
    assert window.player_page.countdown.text == "1:00"
    # the command line, reading the same file
    data = show_json("hip-relief")
    assert data["total_seconds"] == 748 and data["steps"][0]["active_seconds"] == 60
    stored = json.loads(settings_file().read_text())
    assert stored["settings"]["hold_scale"] == 200

    # a restart on the same file
    window.driver.close()
    again = new_window(qtbot, clock)
    assert again.settings["hold_scale"] == 200 and again.settings["get_ready"] == 10
    assert list_text(again, "hip-relief").endswith("12:28")
    dialog = again.open_settings()
    assert dialog.fields["hold_scale"].value() == 200
    dialog.reject()


def test_restore_defaults_and_cancel_change_nothing_until_ok(qtbot, clock):
    window = new_window(qtbot, clock)
    change_in_dialog(window, qtbot, sounds=False, range_end="longer")
    dialog = window.open_settings()
    assert dialog.fields["sounds"].isChecked() is False
    dialog.restore_defaults()
    assert dialog.fields["sounds"].isChecked() is True
    dialog.reject()
    assert window.settings["sounds"] is False and window.settings["range_end"] == "longer"


def test_a_closed_dialog_is_let_go(qtbot, clock):
    """Each opening makes a dialog; one that is closed goes, so a day of changing settings
    does not leave a window's worth of hidden dialogs behind (each listening for voices)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from stretchdesk.ui.pages.settings_dialog import SettingsDialog

    window = new_window(qtbot, clock)
    for close in ("reject", "accept", "reject"):
        dialog = window.open_settings()
        assert window.findChildren(SettingsDialog) == [dialog]
        getattr(dialog, close)()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert window.findChildren(SettingsDialog) == []
    window.cues.voicesListed.emit(["a voice"])  # nothing left to tell: no error


def test_a_steps_own_hold_in_the_preview(qtbot, clock):
    window = new_window(qtbot, clock)
    page = window.library_page
    page.select("hip-relief")
    page.steps.setCurrentCell(3, 0)  # Hurdler: 45 s in all, 22 s each side and a second of get-ready
    assert "Hurdler" in page.hold_label.text() and "each side" in page.hold_label.text()
    assert not page.hold_reset.isEnabled()
    page.hold_spin.setValue(40)
    assert page.steps.item(3, 1).text() == "40s each side (yours)"
    assert page.steps.item(3, 2).text() == "1:20"
    assert list_text(window, "hip-relief").endswith("6:58")  # 6:23 + 2 x (40 - 22) - the spare second
    assert show_json("hip-relief")["steps"][3]["active_seconds"] == 80

    window.start_routine(window.library.get("hip-relief"))
    plan = window.playback.timeline.steps[3]
    advance(window, clock, plan.active_start + 0.1)
    assert window.player_page.name.text() == "Hurdler" and window.player_page.countdown.text == "40"
    window.driver.close()

    again = new_window(qtbot, clock)  # kept across a restart
    again.library_page.select("hip-relief")
    assert again.library_page.steps.item(3, 1).text() == "40s each side (yours)"
    again.library_page.steps.setCurrentCell(3, 0)
    again.library_page.hold_reset.click()
    assert again.library_page.steps.item(3, 1).text() == "22s each side"
    assert json.loads(settings_file().read_text())["routines"] == {}


def test_reps_and_breaths_are_not_held(qtbot, clock):
    window = new_window(qtbot, clock)
    page = window.library_page
    page.select("daily-lower-back")
    page.steps.setCurrentCell(3, 0)
    assert page.hold_spin.isVisibleTo(page) and page.hold_spin.value() > 1  # a held step: its hold
    page.steps.setCurrentCell(2, 0)
    # A counted step has no hold box at all, not a greyed one with another step's value.
    assert not page.hold_spin.isVisibleTo(page) and not page.hold_reset.isVisibleTo(page)
    assert not page.hold_spin.isEnabled()
    assert "counted in reps" in page.hold_label.text()
    page.steps.setCurrentCell(0, 0)
    assert "counted in breaths" in page.hold_label.text() and not page.hold_spin.isVisibleTo(page)


def test_a_step_hold_goes_up_to_the_limit_the_settings_file_keeps(qtbot, clock):
    from stretchdesk.core.store.settings import STEP_HOLD_RANGE

    window = new_window(qtbot, clock)
    page = window.library_page
    page.select("hip-relief")
    page.steps.setCurrentCell(3, 0)
    assert (page.hold_spin.minimum(), page.hold_spin.maximum()) == STEP_HOLD_RANGE
    page.hold_spin.setValue(STEP_HOLD_RANGE[1])
    assert json.loads(settings_file().read_text())["routines"]["hip-relief"]["step_holds"] == {"hurdler": 3600}


def test_the_chosen_variant_is_kept_and_every_figure_comes_from_it(qtbot, clock):
    """Chosen, played, the app closed and opened again: still the variant; the list row,
    the meta line, the step table and the player all count the same steps and time."""
    window = new_window(qtbot, clock)
    page = window.library_page
    page.select("daily-lower-back")
    page.variant.setCurrentIndex(page.variant.findData("flexion"))
    meta = page.meta.text()
    assert list_text(window, "daily-lower-back").endswith(meta)
    assert f"{page.steps.rowCount()} steps" in meta
    assert page.steps.item(0, 0).text() == "Knees to Chest"
    assert json.loads(settings_file().read_text())["routines"]["daily-lower-back"]["variant"] == "flexion"
    page.start_button.click()
    window.checkin_page.skip()
    assert window.playback.variant == "flexion"
    assert window.playback.timeline.steps[0].step.name == "Knees to Chest"
    assert meta.endswith(format_clock(window.playback.timeline.total_seconds))
    window.close()

    again = new_window(qtbot, clock)
    again.library_page.select("daily-lower-back")
    assert again.library_page.variant.currentData() == "flexion"
    assert again.library_page.meta.text() == meta
    assert list_text(again, "daily-lower-back").endswith(meta)
    again.library_page.variant.setCurrentIndex(0)
    assert "variant" not in json.loads(settings_file().read_text())["routines"].get("daily-lower-back", {})


def test_fit_a_routine_to_a_time(qtbot, clock):
    window = new_window(qtbot, clock)
    page = window.library_page
    page.select("intermediate-lower-back")
    assert page.fit_note.text().startswith("possible: ") and page.fit_minutes.value() == 12
    page.fit_check.setChecked(True)
    page.fit_minutes.setValue(8)
    # On the minute everywhere, and every hold in whole seconds.
    assert page.meta.text().endswith(" 8:00")
    assert list_text(window, "intermediate-lower-back").endswith(" 8:00")
    assert page.total_note.text().startswith("8:00 ")
    assert not any("." in page.steps.item(row, 1).text() for row in range(page.steps.rowCount()))
    assert show_json("intermediate-lower-back")["total_seconds"] == 480
    window.start_routine(window.library.get("intermediate-lower-back"))
    assert window.playback.timeline.total_seconds == 480
    window.driver.close()
    page.fit_check.setChecked(False)
    assert page.meta.text().endswith("12:01")


def test_changing_settings_mid_routine_applies_from_the_next_step(qtbot, clock, output):
    from stretchdesk.ui.output.cue_player import CuePlayer

    window = new_window(qtbot, clock)
    player = CuePlayer()
    player.set_output(output)
    window.cues = player  # hear what is asked for
    window.start_routine(window.library.get("hip-relief"))
    advance(window, clock, 5 + 12)  # 18 s left of the wide leg bend
    assert window.player_page.countdown.text == "18"
    assert output.sounds == ["start"]
    change_in_dialog(window, qtbot, get_ready=12, hold_scale=200, countdown_ticks=False)
    assert window.player_page.countdown.text == "18"  # never jumps
    advance(window, clock, 18)
    assert window.player_page.name.text() == "Coming up: Kneeling Psoas"
    assert window.player_page.countdown.text == "12"  # the new get-ready
    advance(window, clock, 12)
    assert window.player_page.countdown.text == "1:00"  # the new hold
    assert output.sounds == ["start", "start"]  # no ticks at the end of the first hold
    window.driver.close()


def test_sound_settings_reach_the_cues(qtbot, clock, output):
    from stretchdesk.ui.output.cue_player import CuePlayer

    window = new_window(qtbot, clock)
    player = CuePlayer()
    player.set_output(output)
    window.cues = player
    change_in_dialog(window, qtbot, sounds=False, voice=False)
    window.start_routine(window.library.get("hip-relief"))
    advance(window, clock, 40)
    assert output.sounds == [] and output.spoken == []
    window.driver.close()


def test_volume_setting(qtbot, clock, output):
    window = new_window(qtbot, clock)
    window.cues.set_output(output)
    change_in_dialog(window, qtbot, volume=30)
    assert output.volume == 0.3


def test_keep_on_top_while_playing(qtbot, clock):
    window = new_window(qtbot, clock)
    change_in_dialog(window, qtbot, keep_on_top=True)
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    window.start_routine(window.library.get("hip-relief"))
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    window._do("stop")
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_keep_on_top_changed_while_playing_applies_at_once_and_not_after(qtbot, clock):
    window = new_window(qtbot, clock)
    window.start_routine(window.library.get("hip-relief"))
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    change_in_dialog(window, qtbot, keep_on_top=True)
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    change_in_dialog(window, qtbot, keep_on_top=False)
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    window._do("stop")
    change_in_dialog(window, qtbot, keep_on_top=True)
    assert window.current_page() is window.completion_page
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint, "the routine has ended"


def test_a_damaged_settings_file_leaves_the_app_running_with_a_notice(qtbot, clock):
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 2, "settings": {"hold_scale": 9000, "get_ready": 8}, "routines": {"hip-relief": 5}}')
    window = new_window(qtbot, clock)
    assert window.notice_banner.isVisible()
    text = window.notice_banner.text.text()
    assert "hold_scale must be from 50 to 200%, not 9000%" in text
    assert "hip-relief" in text and "kept as settings.json.damaged-" in text
    assert window.settings["hold_scale"] == 100 and window.settings["get_ready"] == 8
    assert list_text(window, "hip-relief").endswith("6:44")  # 6:23 + 7 x 3 s more get-ready: the good value kept
    assert len(list(path.parent.glob("settings.json.damaged-*"))) == 1
    window.notice_banner.dismiss.click()
    assert not window.notice_banner.isVisible()
    again = new_window(qtbot, clock)  # put right: no notice the second time
    assert not again.notice_banner.isVisible()


def test_not_json_at_all(qtbot, clock):
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("hold_scale = 150\n")
    window = new_window(qtbot, clock)
    assert "could not be read" in window.notice_banner.text.text()
    assert window.library_page.list.model().rowCount() == 4


def test_a_steps_hold_follows_its_step_and_is_dropped_with_a_notice_when_it_goes(qtbot, clock, user_routines: Path):
    routine_file = user_routines / "mine.yaml"
    routine_file.write_text("title: Mine\nsteps:\n  - name: Cobra\n    hold: 30s\n  - name: Bridge\n    hold: 20s\n")
    window = new_window(qtbot, clock)
    window.library_page.select("mine")
    window.library_page.steps.setCurrentCell(1, 0)
    window.library_page.hold_spin.setValue(45)
    window.library_page.steps.setCurrentCell(0, 0)
    window.library_page.hold_spin.setValue(50)

    # The file changes around the bridge: a new step before it, the cobra gone.
    routine_file.write_text("title: Mine\nsteps:\n  - name: Plank\n    hold: 20s\n  - name: Bridge\n    hold: 20s\n")
    again = new_window(qtbot, clock)
    again.library_page.select("mine")
    assert again.library_page.steps.item(1, 1).text() == "45s (yours)"
    assert again.library_page.steps.item(0, 1).text() == "20s"
    assert "hold for the step 'cobra' of 'Mine' was dropped" in again.notice_banner.text.text()
    assert json.loads(settings_file().read_text())["routines"]["mine"]["step_holds"] == {"bridge": 45}


def set_from_the_command_line(key: str, value: str) -> None:
    result = subprocess.run([sys.executable, "-m", "stretchdesk", "settings", key, value],
                            capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_change_on_the_command_line_is_taken_up_and_never_undone_by_the_window(qtbot, clock):
    window = new_window(qtbot, clock)
    assert list_text(window, "hip-relief").endswith("6:23")
    set_from_the_command_line("hold_scale", "50")
    qtbot.waitUntil(lambda: window._settings_watcher is not None)  # set up once painted
    window._settings_watcher.take_up()  # what the file watcher does when the folder changes
    assert window.settings["hold_scale"] == 50
    assert not list_text(window, "hip-relief").endswith("6:23")  # the times follow at once
    change_in_dialog(window, qtbot, volume=30)
    stored = json.loads(settings_file().read_text())["settings"]
    assert (stored["hold_scale"], stored["volume"]) == (50, 30)


def test_the_window_merges_even_before_it_has_seen_a_change(qtbot, clock):
    """The file watcher may not have fired yet when the person presses OK: the write reads
    the file as it is and changes only what the person changed."""
    window = new_window(qtbot, clock)
    set_from_the_command_line("hold_scale", "50")
    change_in_dialog(window, qtbot, volume=30)
    stored = json.loads(settings_file().read_text())["settings"]
    assert (stored["hold_scale"], stored["volume"]) == (50, 30)
    assert window.settings["hold_scale"] == 50  # and the window now shows it


def test_a_routines_own_choice_keeps_the_other_routines_choices_made_elsewhere(qtbot, clock):
    window = new_window(qtbot, clock)
    window.library_page.select("hip-relief")
    window.library_page.steps.setCurrentCell(0, 0)
    # Meanwhile, another window fits a different routine to a time.
    from stretchdesk.core.store.settings import update_settings

    update_settings(lambda s: setattr(s.preferences("daily-lower-back"), "target_seconds", 600))
    window.library_page.hold_spin.setValue(44)
    routines = json.loads(settings_file().read_text())["routines"]
    assert routines["daily-lower-back"] == {"target_seconds": 600}
    assert routines["hip-relief"]["step_holds"] == {window.library_page.selected_plan().step.id: 44}


def test_the_window_watches_the_settings_file(qtbot, clock):
    """A change made by another program is taken up when the settings' folder changes. The
    folder is watched, not the file: a file written atomically is a new file each time. The
    watcher's signal is given here as the system gives it; no real event is waited for."""
    from stretchdesk.core.store.settings import update_settings

    window = new_window(qtbot, clock)
    qtbot.waitUntil(lambda: window._settings_watcher is not None)  # set up once painted
    watcher = window._settings_watcher.watcher  # the system's watcher inside SettingsWatcher
    folder = str(settings_file().parent)
    assert watcher.directories() == [folder] and watcher.files() == []
    update_settings(lambda settings: settings.set("volume", 35))  # as `stretchdesk settings volume 35` does
    assert window.settings["volume"] != 35
    watcher.directoryChanged.emit(folder)
    assert window.settings["volume"] == 35


def test_typing_a_hold_saves_it_once_when_done(qtbot, clock, monkeypatch):
    window = new_window(qtbot, clock)
    page = window.library_page
    page.select("hip-relief")
    page.steps.setCurrentCell(3, 0)
    writes = []
    real = window._change_settings
    monkeypatch.setattr(window, "_change_settings", lambda change: writes.append(change) or real(change))
    page.hold_spin.lineEdit().selectAll()
    qtbot.keyClicks(page.hold_spin, "45")
    assert writes == []  # not "4", then "45"
    qtbot.keyClick(page.hold_spin, Qt.Key.Key_Return)
    assert len(writes) == 1
    assert json.loads(settings_file().read_text())["routines"]["hip-relief"]["step_holds"] == {"hurdler": 45}


def test_a_settings_folder_that_is_a_file_is_said_once_and_the_window_carries_on(qtbot, clock, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("notes\n")
    monkeypatch.setenv("STRETCHDESK_CONFIG_DIR", str(blocker))
    window = new_window(qtbot, clock)
    qtbot.waitUntil(lambda: window._settings_watcher is not None)  # set up once painted: no traceback
    said = window.notice_banner.text.text()
    assert said.count(str(blocker)) == 1 and "is a file, not a folder" in said
    assert window.settings["hold_scale"] == 100
    window._settings_watcher.take_up()  # nothing to take up, nothing said again
    assert window.notice_banner.text.text() == said
    change_in_dialog(window, qtbot, volume=30)
    assert window.settings["volume"] == 30  # held for this run
    assert f"{blocker} is a file, not a folder" in window.notice_banner.text.text()
    assert blocker.read_text() == "notes\n" and sorted(p.name for p in tmp_path.iterdir()) == ["home", "not-a-folder"]
