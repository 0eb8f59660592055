"""A library of thousands of routines, or of thousands of broken files: the window opens
without waiting for all of them, a search keystroke rebuilds no timeline, and the problems
list stays short."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchdesk.core.routine.library import LARGE_LIBRARY_FILES, Library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.routine.problems import Problem
from stretchdesk.core.views import preview as preview_module
from stretchdesk.core.play import timeline as timeline_module
from stretchdesk.core.views.library_view import PROBLEMS_SHOWN
from stretchdesk.ui.pages import library_page as page_module

ROUTINE = "title: Routine {n}\nsummary: Number {n}.\nsteps:\n  - name: Cat cow {n}\n    breaths: 5\n  - name: Lunge\n    hold: 30s\n    sides: 2\n"


@pytest.fixture
def thousands():
    template = load_routine_text(ROUTINE.format(n=0), "r.yaml", default_id="r").routine
    import dataclasses

    routines = [dataclasses.replace(template, id=f"r{n}", title=f"Routine {n}",
                                    steps=(dataclasses.replace(template.steps[0], name=f"Cat cow {n}"), template.steps[1]))
                for n in range(3000)]
    return Library(routines=routines)


def new_window(qtbot, library):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    window = MainWindow(library=library)
    qtbot.addWidget(window)
    window.show()
    return window


def count_timelines(monkeypatch) -> list[int]:
    built = [0]
    real = preview_module.build_timeline

    def counting(*args, **kwargs):
        built[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(preview_module, "build_timeline", counting)
    monkeypatch.setattr(timeline_module, "build_timeline", counting)
    return built


def row_text(page, row: int) -> str:
    return page.list.model().index(row, 0).data()


def test_the_list_shows_every_total_soon_and_the_first_ones_at_once(qtbot, thousands, monkeypatch):
    built = count_timelines(monkeypatch)
    window = new_window(qtbot, thousands)
    page = window.library_page
    assert page.list.model().rowCount() == 3000
    assert built[0] <= page_module.TOTALS_AT_ONCE + 2  # not 3000 before the window shows
    assert row_text(page, 0).endswith("1:43")
    assert row_text(page, 2999) == "Routine 2999\nAny level"  # its total comes just after
    qtbot.waitUntil(lambda: row_text(page, 2999).endswith("1:43"))


def test_a_search_keystroke_rebuilds_no_timeline(qtbot, thousands, monkeypatch):
    window = new_window(qtbot, thousands)
    page = window.library_page
    built = count_timelines(monkeypatch)
    page.search.setText("cat cow 299")
    assert built[0] <= 2  # the preview of the one selected, not every routine
    assert page.visible_titles() == ["Routine 299", *(f"Routine {n}" for n in range(2990, 3000))]
    page.search.setText("")
    assert len(page.visible_titles()) == 3000


def test_the_list_measures_a_row_again_only_when_it_changes(qtbot, thousands, monkeypatch):
    """A list view asks every row's size whenever any row changes; the rows keep theirs."""
    measured = []
    real = page_module.RoutineListView.measure_row
    monkeypatch.setattr(page_module.RoutineListView, "measure_row",
                        lambda view, index, *args: measured.append(index.row()) or real(view, index, *args))
    window = new_window(qtbot, thousands)
    page = window.library_page
    qtbot.waitUntil(lambda: row_text(page, 2999).endswith("1:43"))
    qtbot.waitUntil(lambda: page.list.sizeHintForRow(2999) > 0)
    measured.clear()
    for text in ("cat", "cat cow 29", "lunge", ""):
        page.search.setText(text)
        page.list.doItemsLayout()
    assert measured == []  # a search measures nothing anew
    page.refresh_times()
    page.list.doItemsLayout()
    assert sorted(measured) == list(range(page_module.TOTALS_AT_ONCE))  # the rows whose total was worked out again


def test_thousands_of_broken_files_list_a_few_problems_and_say_how_many_more(qtbot):
    problems = [Problem(f"/r/b{n}.yaml", 3, 5, "steps", "should be a list") for n in range(10_000)]
    window = new_window(qtbot, Library(problems=problems, broken_files=[p.file for p in problems]))
    rows = window.library_page.problems.rows()
    assert len(rows) == PROBLEMS_SHOWN + 1
    assert rows[0] == "b0.yaml:3:5: steps: should be a list"
    assert rows[-1] == "… and 9970 more; stretchdesk check lists them all"
    assert "10000 routine files with problems" in window.library_page.problems_title.text()


def test_a_large_routines_folder_is_loaded_once_the_window_is_on_screen(qtbot, user_routines: Path):
    for n in range(LARGE_LIBRARY_FILES + 1):
        (user_routines / f"r{n:04d}.yaml").write_text(ROUTINE.format(n=n))
    window = new_window(qtbot, None)
    assert window.library_page.title.text() == "Loading the routines…"
    assert not window.library_page.start_button.isEnabled()
    qtbot.waitUntil(lambda: window.library_page.list.model().rowCount() == 4 + LARGE_LIBRARY_FILES + 1, timeout=30_000)
    assert window.library_page.start_button.isEnabled()
