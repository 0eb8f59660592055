"""What the routine list says, row by row, what a search shows, and how the files with
problems are listed: worked out without Qt."""

from __future__ import annotations

import dataclasses

import pytest

from stretchdesk.core.routine.library import Library, load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.routine.problems import Problem
from stretchdesk.core.store.settings import Settings
from stretchdesk.core.views import library_view as views
from stretchdesk.core.views import preview as previews
from stretchdesk.core.views.library_view import PROBLEMS_SHOWN, LibraryView

ROUTINE = """title: {title}
summary: {summary}
level: beginner
focus: [{focus}]
steps:
  - name: {step}
    hold: 30s
  - name: Lunge
    hold: 20s
    sides: 2
"""


def routine(n: int, title: str, summary: str = "", focus: str = "hips", step: str = "Cat cow"):
    text = ROUTINE.format(title=title, summary=summary or f"Number {n}.", focus=focus, step=step)
    loaded = load_routine_text(text, f"r{n}.yaml", default_id=f"r{n}")
    assert loaded.ok, loaded.problems
    return loaded.routine


@pytest.fixture
def small() -> Library:
    return Library(routines=[
        routine(0, "Morning reset", focus="lower back", step="Child's pose"),
        routine(1, "Desk break", summary="For the office chair.", step="Seated twist"),
        routine(2, "Psoas release", focus="hip flexors", step="Low lunge"),
    ])


@pytest.fixture(scope="module")
def builtin() -> Library:
    return load_library()


def count_timelines(monkeypatch) -> list[int]:
    built = [0]
    real = previews.timeline_now

    def counting(*args, **kwargs):
        built[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(previews, "timeline_now", counting)
    return built


def test_a_row_says_its_title_then_its_level_until_its_total_is_worked_out(small):
    view = LibraryView(small, Settings())
    assert [row.title for row in view.rows] == ["Morning reset", "Desk break", "Psoas release"]
    assert view.rows[0].text == "Morning reset\nBeginner"
    assert view.rows[1].tooltip == "For the office chair."
    assert view.totals_pending
    assert view.work_out_totals(2) == range(0, 2)
    assert [row.text for row in view.rows] == [
        "Morning reset\nBeginner · 2 steps · 1:23", "Desk break\nBeginner · 2 steps · 1:23", "Psoas release\nBeginner"]
    assert view.work_out_totals(2) == range(2, 3) and not view.totals_pending
    assert view.work_out_totals(2) == range(3, 3)
    # As a screen reader says it: a sentence, the length in words (never '1:23', a time of day).
    assert view.rows[0].aloud == "Morning reset. Beginner, 2 steps, 1 minute 23 seconds."
    view.set_resume({view.rows[0].id: "Resume — 1 of 2 steps left"})
    assert view.rows[0].aloud == "Morning reset. Beginner, 2 steps, 1 minute 23 seconds. Resume — 1 of 2 steps left."


def test_a_routine_without_a_summary_is_explained_by_its_title():
    bare = load_routine_text("title: Bare\nsteps:\n  - name: A\n    hold: 5s\n", "bare.yaml", default_id="bare").routine
    assert LibraryView(Library(routines=[bare]), Settings()).rows[0].tooltip == "Bare"


def test_the_row_says_what_the_preview_says_with_the_chosen_variant_and_holds(builtin):
    settings = Settings()
    previews.choose_variant("daily-lower-back", "flexion")(settings)
    previews.set_step_hold("hip-relief", "hurdler", 50)(settings)
    view = LibraryView(builtin, settings)
    view.work_out_totals(len(view))
    for row in view.rows:
        assert row.meta == previews.preview(row.routine, settings).meta, row.id


def test_new_settings_give_every_row_its_new_total_from_the_top(small):
    settings = Settings()
    view = LibraryView(small, settings)
    view.work_out_totals(len(view))
    before = [row.meta for row in view.rows]
    previews.fit_to("r1", 5)(settings)
    view.settings_changed()
    assert [row.meta for row in view.rows] == before  # the old total until the new one is there
    assert view.work_out_totals(len(view)) == range(0, 3)
    assert view.rows[1].meta == previews.preview(view.rows[1].routine, settings).meta != before[1]
    assert view.rows[0].meta == before[0]


def test_the_previews_meta_line_reaches_its_row_at_once(small):
    view = LibraryView(small, Settings())
    assert view.take_meta("r2", "Beginner · 2 steps · 9:00") == 2
    assert view.rows[2].text == "Psoas release\nBeginner · 2 steps · 9:00"
    assert view.take_meta("r2", "Beginner · 2 steps · 9:00") is None  # nothing new to show
    assert view.take_meta("gone", "x") is None


def test_a_session_to_carry_on_is_the_rows_last_line(small):
    view = LibraryView(small, Settings(), resume={"r1": "Resume — 1 of 2 steps left"})
    assert view.rows[1].text == "Desk break\nBeginner\nResume — 1 of 2 steps left"
    assert view.set_resume({"r2": "Resume — 2 of 2 steps left"}) == [1, 2]
    assert view.rows[1].resume == "" and view.rows[2].text.endswith("\nResume — 2 of 2 steps left")
    assert view.set_resume({"r2": "Resume — 2 of 2 steps left"}) == []


def test_a_search_looks_in_the_title_summary_focus_and_step_names_in_any_case(small, monkeypatch):
    view = LibraryView(small, Settings())
    built = count_timelines(monkeypatch)
    assert view.matching("") is None and view.matching("   ") is None
    assert view.matching("morning") == [True, False, False]  # title
    assert view.matching("OFFICE") == [False, True, False]  # summary
    assert view.matching("hip flexors") == [False, False, True]  # focus
    assert view.matching("  seated twist ") == [False, True, False]  # a step's name, trimmed
    assert view.matching("lunge") == [True, True, True]  # every routine has one
    assert view.matching("yoga") == [False, False, False]
    assert built[0] == 0  # a search works out no totals


def test_the_built_in_library_has_one_routine_for_the_psoas(builtin):
    view = LibraryView(builtin, Settings())
    shown = view.matching("psoas")
    assert [row.title for row, match in zip(view.rows, shown) if match] == ["Lower back relief through the hips"]


def test_with_no_routine_to_show_the_preview_says_why(small):
    assert LibraryView(Library(), Settings()).nothing_chosen("") == ("No routines yet", "")
    title, hint = LibraryView(small, Settings()).nothing_chosen("  yoga mat ")
    assert title == 'No routine matches "yoga mat"'
    assert "Esc" in hint and "step name" in hint


def test_rows_are_found_by_routine_id(small):
    view = LibraryView(small, Settings())
    assert view.row_of("r2") == 2 and view.row_of("gone") is None and view.row_of(None) is None


def test_every_file_loaded_lists_no_problems(small):
    problems = LibraryView(small, Settings()).problems
    assert problems.heading == "" and problems.lines == () and problems.tooltip == ""


def test_a_problem_names_its_file_then_where_and_what():
    problem = Problem("/home/me/routines/mine.yaml", 4, 5, 'step 1 "Cobra"', "unknown key 'hodl'; did you mean 'hold'?")
    listed = views.problem_list([problem], 1)
    assert listed.heading == "1 routine file with problems"
    [line] = listed.lines
    assert [(span.text, span.emphasis) for span in line.spans] == [
        ("mine.yaml", "name"), (""":4:5: step 1 "Cobra": unknown key 'hodl'; did you mean 'hold'?""", "")]
    assert listed.tooltip == str(problem)
    whole = views.problem_line(Problem("/r/x.yaml", None, None, "", "is empty"))
    assert whole.text == "x.yaml: is empty"


def test_many_problems_list_a_few_and_say_how_to_see_them_all():
    problems = [Problem(f"/r/b{n}.yaml", 3, 5, "steps", "should be a list") for n in range(10_000)]
    listed = views.problem_list(problems, 10_000)
    assert listed.heading == "10000 routine files with problems"
    assert len(listed.lines) == PROBLEMS_SHOWN + 1
    more = listed.lines[-1]
    assert more.text == "… and 9970 more; stretchdesk check lists them all"
    assert ("stretchdesk check", "command") in [(span.text, span.emphasis) for span in more.spans]
    assert listed.tooltip.count("\n") == PROBLEMS_SHOWN - 1


def test_a_problem_is_one_line_whatever_its_file_name_holds():
    problem = Problem("/r/two\nlines\x1b[2J.yaml", 1, 1, "", "unknown key 'a\nb'")
    line = views.problem_line(problem)
    assert "\n" not in line.text and "\x1b" not in line.text
    assert line.spans[0].text == "two\\x0alines\\x1b[2J.yaml"
    assert line.text.endswith("unknown key 'a\\x0ab'")


def test_a_large_library_opens_without_working_out_its_totals(monkeypatch):
    template = routine(0, "Routine")
    many = Library(routines=[dataclasses.replace(template, id=f"r{n}", title=f"Routine {n}") for n in range(3000)])
    built = count_timelines(monkeypatch)
    view = LibraryView(many, Settings())
    assert built[0] == 0 and view.rows[2999].text == "Routine 2999\nBeginner"
    view.work_out_totals(200)
    assert built[0] == 200
