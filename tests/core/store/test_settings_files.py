"""The settings and state files as someone else may have left them: newer, huge, deeply
nested, not regular files, written by two processes at once, or half-written by a writer
that was killed. Nothing hangs, nothing crashes, no change is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stretchdesk.core.files import MAX_JSON_DEPTH
from stretchdesk.core.store.settings import MAX_SETTINGS_BYTES, Settings, load_settings, read_settings, update_settings
from stretchdesk.core.store.state import AppState

NEWER = {
    "version": 7,
    "settings": {"hold_scale": 120, "volume": 60, "breathing_pattern": "box", "layout": {"dense": True}},
    "routines": {
        "hip-relief": {"target_seconds": 600, "step_holds": {"hurdler": 40}, "music": "rain"},
        "gone": {"a-thing-of-version-7": [1, 2, 3]},
    },
    "history": {"kept": "elsewhere"},
}


def test_a_newer_file_is_read_for_what_it_knows_and_left_untouched(tmp_path: Path):
    path = tmp_path / "settings.json"
    original = json.dumps(NEWER, indent=1)
    path.write_text(original)
    loaded = load_settings(path)
    assert loaded.settings["hold_scale"] == 120 and loaded.settings["volume"] == 60
    assert loaded.settings.routines["hip-relief"].target_seconds == 600
    assert any("newer StretchDesk (format 7)" in notice for notice in loaded.notices)
    assert not loaded.damaged and loaded.kept_aside is None
    assert path.read_text() == original  # nothing written until the person changes something
    assert [p.name for p in tmp_path.iterdir() if "damaged" in p.name] == []


def test_a_change_to_a_newer_file_keeps_everything_it_did_not_know(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(NEWER))

    def change(settings: Settings) -> None:
        settings.set("volume", 30)
        settings.preferences("hip-relief").step_holds["hurdler"] = 55
        settings.preferences("daily-lower-back").target_seconds = 420

    update_settings(change, path)
    stored = json.loads(path.read_text())
    assert stored["version"] == 7  # never downgraded
    assert stored["history"] == {"kept": "elsewhere"}
    assert stored["settings"]["breathing_pattern"] == "box" and stored["settings"]["layout"] == {"dense": True}
    assert stored["settings"]["volume"] == 30 and stored["settings"]["hold_scale"] == 120
    assert stored["routines"]["hip-relief"] == {"target_seconds": 600, "step_holds": {"hurdler": 55}, "music": "rain"}
    assert stored["routines"]["gone"] == {"a-thing-of-version-7": [1, 2, 3]}
    assert stored["routines"]["daily-lower-back"] == {"target_seconds": 420}


def test_clearing_a_choice_in_a_newer_file_clears_it(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(NEWER))
    update_settings(lambda settings: setattr(settings.preferences("hip-relief"), "target_seconds", None), path)
    assert json.loads(path.read_text())["routines"]["hip-relief"] == {"step_holds": {"hurdler": 40}, "music": "rain"}


def test_a_huge_settings_file_is_not_read_and_is_moved_aside_whole(tmp_path: Path):
    path = tmp_path / "settings.json"
    with path.open("wb") as handle:  # a sparse gigabyte: costs no disk
        handle.truncate(1024**3)
    inode = path.stat().st_ino
    loaded = load_settings(path)
    assert loaded.settings.values == Settings().values
    assert "1024.0 MiB" in loaded.notices[0] and "at most 1.0 MiB" in loaded.notices[0]
    assert loaded.kept_aside is not None
    assert loaded.kept_aside.stat().st_ino == inode and loaded.kept_aside.stat().st_size == 1024**3  # renamed, not copied
    assert json.loads(path.read_text())["settings"] == Settings().values  # written anew
    assert MAX_SETTINGS_BYTES == 1024 * 1024


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000, 200_000])
def test_deeply_nested_settings_are_refused_and_repaired(tmp_path: Path, depth: int):
    path = tmp_path / "settings.json"
    path.write_text('{"version": 2, "settings": ' + "[" * depth + "]" * depth + "}")
    loaded = load_settings(path)
    assert loaded.settings.values == Settings().values
    assert any(f"more than {MAX_JSON_DEPTH} deep" in notice for notice in loaded.notices)
    assert loaded.kept_aside is not None
    assert load_settings(path).notices == []  # repaired: told once


def test_a_number_of_thousands_of_digits_is_a_plain_message(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text('{"version": 2, "settings": {"volume": ' + "9" * 5001 + "}}")
    notices = load_settings(path).notices
    assert "thousands of digits" in notices[0] and "settings.json" in notices[0]
    assert "limit" not in notices[0] and "sys.set_int_max_str_digits" not in notices[0]


def test_settings_that_are_a_fifo_or_a_device_never_block(tmp_path: Path):
    fifo = tmp_path / "fifo" / "settings.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    assert "named pipe" in read_settings(fifo).notices[0]
    device = tmp_path / "device" / "settings.json"
    device.parent.mkdir()
    device.symlink_to("/dev/zero")
    assert "character device" in read_settings(device).notices[0]


def test_a_damaged_state_file_only_shows_the_safety_note_again(isolated_user_folders: Path):
    path = AppState.file()
    path.parent.mkdir(parents=True)
    path.write_text('{"safety_acknowledged": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert AppState.load() == AppState()
    assert not path.exists()  # moved aside, not read at every start
    os.mkfifo(path)
    assert AppState.load() == AppState()
    assert not path.exists()
    path.symlink_to("/dev/zero")
    assert AppState.load() == AppState()


def test_temporaries_left_by_a_killed_writer_are_cleared_at_start(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "settings": {"volume": 40}}))
    stale = tmp_path / ".settings.json.k1ll3d.tmp"
    stale.write_text('{"version": 2, "sett')
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    in_progress = tmp_path / ".settings.json.wr1t1ng.tmp"  # another process is writing it now
    in_progress.write_text("{")
    unrelated = tmp_path / ".other.json.x.tmp"
    unrelated.write_text("{")
    os.utime(unrelated, (an_hour_ago, an_hour_ago))
    assert load_settings(path).settings["volume"] == 40
    assert not stale.exists() and in_progress.exists() and unrelated.exists()


def test_the_state_files_stale_temporaries_are_cleared_too(isolated_user_folders: Path):
    folder = AppState.file().parent
    folder.mkdir(parents=True)
    stale = folder / ".state.json.abc.tmp"
    stale.write_text("{")
    os.utime(stale, (0, 0))
    AppState.load()
    assert not stale.exists()


# -- two writers at once, as real processes -----------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from stretchdesk.core.store.settings import update_settings

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()  # both start together
for index in range(count):
    update_settings(lambda s: s.preferences("shared").step_holds.__setitem__(f"{name}-{index}", 10.0), path)
"""


def test_two_processes_changing_the_settings_at_once_lose_nothing(tmp_path: Path):
    path = tmp_path / "settings.json"
    count = 150
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        writer.stdin.close()
        assert writer.wait(timeout=120) == 0
        writer.stdout.close()
    holds = json.loads(path.read_text())["routines"]["shared"]["step_holds"]
    expected = {f"{name}-{index}" for name in ("a", "b") for index in range(count)}
    assert set(holds) == expected, f"{len(expected - set(holds))} changes were lost"


def test_two_settings_commands_at_once_both_keep_their_change(isolated_user_folders: Path):
    command = [sys.executable, "-m", "stretchdesk"]
    env = dict(os.environ)
    for round_number in range(8):
        volume, scale = 20 + round_number, 60 + round_number
        first = subprocess.Popen([*command, "settings", "volume", str(volume)], env=env, stdout=subprocess.DEVNULL)
        second = subprocess.Popen([*command, "settings", "hold_scale", str(scale)], env=env, stdout=subprocess.DEVNULL)
        assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
        stored = json.loads((isolated_user_folders / "config" / "settings.json").read_text())["settings"]
        assert (stored["volume"], stored["hold_scale"]) == (volume, scale), f"round {round_number}: a change was lost"


@pytest.mark.parametrize("text", [
    '{"version": 1, "hold_factor": 1e307}',
    '{"version": 1, "hold_factor": 1e400}',
    '{"version": 2, "settings": {"hold_scale": 1e400}}',
    '{"version": 2, "settings": {"hold_scale": ' + "9" * 4000 + '}}',
    '{"version": ' + "9" * 4000 + ', "settings": {}}',
    '{"version": 2, "settings": {}, "routines": {"a": {"target_seconds": 1e400, "step_holds": {"x": ' + "9" * 4000 + '}}}}',
])
def test_numbers_too_large_for_a_float_are_refused_in_short_words(tmp_path: Path, text: str):
    path = tmp_path / "settings.json"
    path.write_text(text)
    loaded = load_settings(path)
    assert loaded.settings["hold_scale"] == 100
    assert loaded.notices
    assert all(len(notice) < 400 for notice in loaded.notices)


# -- a settings folder that is a file ------------------------------------------------------------


def test_a_settings_folder_that_is_a_file_is_said_once_and_nothing_is_written(tmp_path: Path):
    from stretchdesk.core.store.settings_sync import SettingsSync

    blocker = tmp_path / "config"  # STRETCHDESK_CONFIG_DIR pointing at a file
    blocker.write_text("someone's notes\n")
    path = blocker / "settings.json"
    loaded = load_settings(path)
    assert loaded.settings.values == Settings().values
    assert loaded.notices == [f"Your settings folder {blocker} is a file, not a folder; the default settings are in use "
                              "and no change is saved until it is moved."]
    assert not loaded.damaged and loaded.kept_aside is None
    with pytest.raises(OSError) as raised:
        update_settings(lambda settings: settings.set("volume", 30), path)
    assert raised.value.strerror == f"{blocker} is a file, not a folder"
    sync = SettingsSync(loaded.settings, path)
    assert sync.set({"volume": 30}) == [f"Your settings could not be saved: {blocker} is a file, not a folder"]
    assert sync.settings["volume"] == 30  # for this run
    assert sync.file_changed() == (False, [])
    assert blocker.read_text() == "someone's notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config"]


def test_a_file_further_up_the_settings_folder_is_named(tmp_path: Path):
    blocker = tmp_path / "home"
    blocker.write_text("")
    loaded = load_settings(blocker / ".config" / "stretchdesk" / "settings.json")
    assert loaded.notices == [f"Your settings folder {blocker / '.config' / 'stretchdesk'} cannot be made: {blocker} is "
                              "a file, not a folder; the default settings are in use and no change is saved until it is moved."]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_a_huge_settings_file_met_by_a_change_is_moved_aside_whole_not_copied(tmp_path: Path):
    """A window changing a setting meets the file someone replaced with a sparse gigabyte:
    it is renamed aside (the same file, no byte of it read or copied), and the change is kept."""
    path = tmp_path / "settings.json"
    with path.open("wb") as handle:
        handle.truncate(1024**3)
    inode = path.stat().st_ino
    loaded = update_settings(lambda settings: settings.set("volume", 30), path)
    assert loaded.kept_aside is not None and loaded.kept_aside.stat().st_ino == inode
    assert loaded.kept_aside.stat().st_blocks == 0  # still sparse: nothing was written into it
    assert json.loads(path.read_text())["settings"]["volume"] == 30
    assert sorted(p.name for p in tmp_path.iterdir() if p.stat().st_size > MAX_SETTINGS_BYTES) == [loaded.kept_aside.name]
