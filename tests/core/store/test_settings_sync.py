"""The window's settings kept in step with the file: its own changes written under the lock
without losing another's, another's taken up, its own not taken up twice."""

from __future__ import annotations

import errno
import os

from stretchdesk.core.store.settings import Settings, read_settings, settings_file, update_settings
from stretchdesk.core.store.settings_sync import SettingsSync


def test_a_change_is_written_and_held(tmp_path):
    path = tmp_path / "settings.json"
    sync = SettingsSync(Settings(), path)
    held = sync.settings
    assert sync.set({"get_ready": 8}) == []
    assert read_settings(path).settings["get_ready"] == 8
    assert held["get_ready"] == 8 and sync.settings is held, "the pages' object follows in place"


def test_a_change_made_elsewhere_meanwhile_is_not_lost(tmp_path):
    path = tmp_path / "settings.json"
    sync = SettingsSync(Settings(), path)
    update_settings(lambda fresh: fresh.set("volume", 40), path)  # `stretchdesk settings volume 40`
    sync.set({"get_ready": 8})
    on_disk = read_settings(path).settings
    assert (on_disk["volume"], on_disk["get_ready"]) == (40, 8)
    assert (sync.settings["volume"], sync.settings["get_ready"]) == (40, 8)


def test_a_change_made_elsewhere_is_taken_up_once(tmp_path):
    path = tmp_path / "settings.json"
    sync = SettingsSync(Settings(), path)
    assert sync.file_changed() == (False, [])
    update_settings(lambda fresh: fresh.set("volume", 40), path)
    assert sync.file_changed() == (True, [])
    assert sync.settings["volume"] == 40
    assert sync.file_changed() == (False, [])


def test_its_own_change_is_not_taken_up_again(tmp_path):
    path = tmp_path / "settings.json"
    sync = SettingsSync(Settings(), path)
    sync.set({"volume": 30})
    assert sync.file_changed() == (False, [])


def test_a_damaged_file_seen_on_disk_is_said(tmp_path):
    path = tmp_path / "settings.json"
    sync = SettingsSync(Settings(), path)
    path.write_text('{"version": 2, "settings": {"volume": "loud"}}')
    changed, notices = sync.file_changed()
    assert changed and notices and "volume" in notices[0]
    assert sync.settings["volume"] == Settings()["volume"]


def test_a_file_that_cannot_be_written_still_changes_this_run(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    sync = SettingsSync(Settings(), path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("stretchdesk.core.store.settings_sync.update_settings", full)
    assert sync.set({"get_ready": 8}) == ["Your settings could not be saved: No space left on device"]
    assert sync.settings["get_ready"] == 8 and not path.exists()


def test_without_a_path_it_follows_the_settings_folder_of_the_moment(isolated_user_folders):
    sync = SettingsSync(Settings())
    sync.set({"volume": 55})
    assert sync.path == settings_file() and read_settings().settings["volume"] == 55


def test_what_a_loaded_routine_no_longer_has_is_dropped_once_here_and_in_the_file(tmp_path):
    from stretchdesk.core.routine.loader import load_routine_text

    text = "title: Mine\nsteps:\n  - name: Cobra\n    hold: 30s\n"
    routine = load_routine_text(text, "mine.yaml", default_id="mine").routine
    path = tmp_path / "settings.json"
    update_settings(lambda fresh: fresh.preferences("mine").step_holds.update({"cobra": 45, "plank": 20}), path)
    sync = SettingsSync(read_settings(path).settings, path)
    assert sync.reconcile([routine]) == [
        "Your hold for the step 'plank' of 'Mine' was dropped: the routine no longer has that step."]
    assert sync.settings.routines["mine"].step_holds == {"cobra": 45}
    assert read_settings(path).settings.routines["mine"].step_holds == {"cobra": 45}
    assert sync.file_changed() == (False, []), "its own write"
    assert sync.reconcile([routine]) == [], "said once"
