"""What the app remembers between runs: the safety note read, and the window's place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stretchdesk.core.store.state import FRAME, MAX_STATE_BYTES, AppState, WindowPlacement, fit_size

SCREEN = (0, 0, 1920, 1080)


def test_the_window_place_round_trips_as_plain_data(isolated_user_folders: Path):
    placement = WindowPlacement(40, 60, 1000, 700, maximized=True)
    AppState(safety_acknowledged=True, window=placement).save()
    data = json.loads(AppState.file().read_text())
    assert data == {
        "safety_acknowledged": True,
        "window": {"x": 40, "y": 60, "width": 1000, "height": 700, "maximized": True, "full_screen": False},
    }
    assert AppState.load() == AppState(True, placement)


def test_remembering_the_window_keeps_the_rest_of_the_file(isolated_user_folders: Path):
    AppState(safety_acknowledged=False).save()
    AppState(safety_acknowledged=True).save()  # another window read the note meanwhile
    AppState.remember_window(WindowPlacement(0, 0, 900, 650))
    assert AppState.load() == AppState(True, WindowPlacement(0, 0, 900, 650))


@pytest.mark.parametrize("window", [
    None, "big", [1, 2, 3, 4], {},
    {"x": 0, "y": 0, "width": 1000},  # a side missing
    {"x": 0, "y": 0, "width": 1000.0, "height": 700},  # not whole pixels
    {"x": 0, "y": 0, "width": True, "height": 700},
    {"x": "0", "y": 0, "width": 1000, "height": 700},
    {"x": 0, "y": 0, "width": 3, "height": 700},  # a sliver
    {"x": 0, "y": 0, "width": 1000, "height": 10**9},  # larger than any screen can be
    {"x": -(10**6), "y": 0, "width": 1000, "height": 700},
])
def test_an_absurd_window_place_is_ignored(isolated_user_folders: Path, window):
    path = AppState.file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"safety_acknowledged": True, "window": window}))
    assert AppState.load() == AppState(safety_acknowledged=True, window=None)


def test_flags_are_only_true_when_they_say_true():
    placement = WindowPlacement.from_data({"x": 0, "y": 0, "width": 800, "height": 600, "maximized": "yes", "full_screen": 1})
    assert placement == WindowPlacement(0, 0, 800, 600, maximized=False, full_screen=False)


def test_a_huge_state_file_is_not_read(isolated_user_folders: Path):
    path = AppState.file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"safety_acknowledged": True, "window": {"x": 0}, "padding": "x" * MAX_STATE_BYTES}))
    assert AppState.load() == AppState()


def test_a_place_counts_only_if_its_top_is_on_a_screen():
    assert WindowPlacement(100, 100, 1000, 700).is_on([SCREEN])
    assert WindowPlacement(1800, 100, 1000, 700).is_on([SCREEN])  # 120 px of it still there
    assert not WindowPlacement(1850, 100, 1000, 700).is_on([SCREEN])  # 70 px: too little to grab
    assert not WindowPlacement(3000, 100, 1000, 700).is_on([SCREEN])  # a monitor that is gone
    assert not WindowPlacement(100, -400, 1000, 700).is_on([SCREEN])  # its title bar above the top
    assert not WindowPlacement(100, 1050, 1000, 700).is_on([SCREEN])  # only its top edge shows
    assert not WindowPlacement(100, 100, 1000, 700).is_on([])
    second = (1920, 0, 2560, 1440)
    assert WindowPlacement(3000, 100, 1000, 700).is_on([SCREEN, second])
    assert WindowPlacement(2000, 1200, 1000, 700).is_on([SCREEN, second])  # below the first's bottom


# -- where reports are saved -----------------------------------------------------------------------


SMALL_LAPTOP = (0, 0, 1024, 568)  # 1024x600 less a 32 px panel
LEFT, TOP, RIGHT, BOTTOM = FRAME


def test_a_window_that_fits_its_screen_comes_back_as_it_was():
    placement = WindowPlacement(40, 60, 900, 480)
    assert placement.fitted([SMALL_LAPTOP, SCREEN]) == placement


def test_a_size_saved_on_a_large_screen_is_shrunk_to_the_small_one_with_room_for_the_frame():
    placement = WindowPlacement(200, 150, 1800, 1000, maximized=True)
    fitted = placement.fitted([SMALL_LAPTOP])
    assert (fitted.width, fitted.height) == (1024 - LEFT - RIGHT, 568 - TOP - BOTTOM)
    assert (fitted.x, fitted.y) == (LEFT, TOP)  # the title bar on the screen, the bottom edge too
    assert fitted.maximized  # its normal size shrunk; still maximised


def test_a_window_hanging_over_an_edge_is_moved_in_and_keeps_its_size():
    fitted = WindowPlacement(600, 300, 700, 400).fitted([SMALL_LAPTOP])
    assert (fitted.width, fitted.height) == (700, 400)
    assert fitted.x + fitted.width + RIGHT == 1024 and fitted.y + fitted.height + BOTTOM == 568


def test_a_window_is_fitted_to_the_screen_it_lies_most_on():
    beside = (1920, 0, 1024, 568)  # a small screen right of a large one
    fitted = WindowPlacement(1900, 100, 1000, 900).fitted([SCREEN, beside])
    assert fitted.height == 568 - TOP - BOTTOM and fitted.x >= 1920


def test_a_size_is_fitted_to_an_area_with_room_for_the_frame():
    assert fit_size(1100, 760, SCREEN) == (1100, 760)
    assert fit_size(1100, 760, SMALL_LAPTOP) == (1024 - LEFT - RIGHT, 568 - TOP - BOTTOM)


def test_a_report_is_saved_where_the_last_one_was_else_in_documents_else_at_home(isolated_user_folders: Path, tmp_path: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch):
    home, documents, chosen = tmp_path / "me", tmp_path / "me" / "Documents", tmp_path / "for-my-therapist"
    monkeypatch.setenv("HOME", str(home))
    home.mkdir()
    assert AppState.load().report_folder_from(str(documents)) == home, "no documents folder: home, never the working folder"
    documents.mkdir()
    assert AppState.load().report_folder_from(str(documents)) == documents
    assert AppState.load().report_folder_from("") == home

    chosen.mkdir()
    AppState.remember_report_folder(chosen)
    assert AppState.load().report_folder_from(str(documents)) == chosen, "remembered, and read again at the next start"
    assert json.loads(AppState.file().read_text())["report_folder"] == str(chosen)
    chosen.rmdir()
    assert AppState.load().report_folder_from(str(documents)) == documents, "a folder that is gone: documents again"


def test_remembering_the_report_folder_keeps_the_rest_of_the_file(isolated_user_folders: Path, tmp_path: Path):
    AppState.remember_window(WindowPlacement(0, 0, 900, 650))
    AppState.remember_report_folder(tmp_path)
    stale = AppState.load()
    AppState.remember_report_folder(tmp_path / "elsewhere")
    assert stale.acknowledge_safety() is None  # read before the folder changed: the folder stays
    assert AppState.load() == AppState(True, WindowPlacement(0, 0, 900, 650), str(tmp_path / "elsewhere"))


@pytest.mark.parametrize("folder", [None, 3, "", "relative/folder", "/a\x00b", "/" + "a" * 5000, ["/tmp"]])
def test_a_report_folder_that_is_no_folder_is_ignored(isolated_user_folders: Path, folder):
    AppState.file().parent.mkdir(parents=True, exist_ok=True)
    AppState.file().write_text(json.dumps({"safety_acknowledged": True, "report_folder": folder}))
    assert AppState.load() == AppState(True)
