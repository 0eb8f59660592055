"""What the library shows of a routine, and the commands that change its own choices."""

from __future__ import annotations

import json

import pytest

from stretchdesk.core.views import preview as previews
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.store.settings import FIT_TARGET_RANGE, STEP_HOLD_RANGE, Settings, read_settings, update_settings


@pytest.fixture(scope="module")
def routines():
    return {routine.id: routine for routine in load_library().routines}


def test_the_row_and_the_preview_count_the_same_steps_and_time(routines):
    daily = routines["daily-lower-back"]
    settings = Settings()
    previews.choose_variant(daily.id, "flexion")(settings)
    shown = previews.preview(daily, settings)
    assert shown.variant == "flexion"
    assert previews.list_text(daily, settings) == f"{daily.title}\n{shown.meta}"
    assert shown.meta.split(" · ")[1] == f"{len(shown.rows)} steps"
    assert shown.rows[0].name == "Knees to Chest"
    assert shown.variant_choices[0] == ("Standard", None) and ("Flexion variant", "flexion") in shown.variant_choices


def test_a_variant_the_routine_no_longer_has_plays_as_written(routines):
    daily = routines["daily-lower-back"]
    settings = Settings()
    previews.choose_variant(daily.id, "gone")(settings)
    assert previews.preview(daily, settings).variant is None


def test_counted_steps_have_no_hold_to_set(routines):
    shown = previews.preview(routines["daily-lower-back"], Settings())
    for row, step in enumerate(shown.rows):
        editor = shown.hold_editor(row)
        if step.measure.counted:
            assert not editor.editable and editor.seconds is None and "counted in" in editor.text
        else:
            assert editor.editable and editor.seconds >= 1
            assert (editor.minimum, editor.maximum) == STEP_HOLD_RANGE
    assert shown.hold_editor(None) is None and shown.hold_editor(99) is None


def test_a_hold_of_ones_own_is_marked_and_clamped(routines):
    hip = routines["hip-relief"]
    settings = Settings()
    previews.set_step_hold(hip.id, "hurdler", 10_000)(settings)
    assert settings.routines[hip.id].step_holds == {"hurdler": STEP_HOLD_RANGE[1]}
    previews.set_step_hold(hip.id, "hurdler", 40.4)(settings)
    shown = previews.preview(hip, settings)
    row = next(i for i, step in enumerate(shown.rows) if step.step_id == "hurdler")
    assert shown.rows[row].how == "40s each side (yours)" and shown.rows[row].own_hold
    assert shown.hold_editor(row).own and shown.hold_editor(row).seconds == 40
    previews.clear_step_hold(hip.id, "hurdler")(settings)
    assert not previews.preview(hip, settings).rows[row].own_hold


def test_fit_to_a_time_hits_the_minute_and_its_bounds_are_whole_minutes(routines):
    routine = routines["intermediate-lower-back"]
    settings = Settings()
    fit = previews.preview(routine, settings).fit
    assert not fit.on and fit.minimum_minutes <= fit.minutes <= fit.maximum_minutes
    previews.fit_to(routine.id, 8)(settings)
    shown = previews.preview(routine, settings)
    assert shown.fit.on and shown.fit.minutes == 8 and shown.meta.endswith(" 8:00")
    assert all(row.how.count(".") == 0 for row in shown.rows)
    previews.fit_to(routine.id, 10_000)(settings)
    assert settings.routines[routine.id].target_seconds == FIT_TARGET_RANGE[1]
    previews.fit_to(routine.id, None)(settings)
    assert settings.routines[routine.id].target_seconds is None


def test_a_command_runs_on_the_file_under_its_lock(tmp_path, routines):
    path = tmp_path / "settings.json"
    update_settings(previews.choose_variant("daily-lower-back", "flexion"), path)
    update_settings(previews.set_step_hold("hip-relief", "hurdler", 40), path)
    stored = json.loads(path.read_text())["routines"]
    assert stored == {"daily-lower-back": {"variant": "flexion"}, "hip-relief": {"step_holds": {"hurdler": 40.0}}}
    assert read_settings(path).settings.variant_for(routines["daily-lower-back"]) == "flexion"


EVERY_KIND = """title: Every kind of step
steps:
  - name: Walk in place
    duration: 45s
  - name: Knee to chest
    hold: 30s
    sides: 2
  - name: Bridge
    reps: 10
  - name: Belly breathing
    breaths: 5
  - name: Side bend
    hold: 15s
    sides: 2
    rounds: 2
  - name: Pelvic tilt
    reps: 6
    rep: 3s
    sides: 2
  - name: Cat cow
    duration: 1 min
    rounds: 2
"""
COUNTED_IN = "is counted in {}; its pace follows the settings."


def test_each_kind_of_step_reads_as_it_is_measured():
    """A step's row says how it is measured, in the words the routine's file uses, and what
    it takes; a hold or a time can be set, a count of reps or breaths cannot. Holds and
    times follow the hold-time setting; reps and breaths follow their own pace."""
    routine = load_routine_text(EVERY_KIND, "kinds.yaml", default_id="kinds").routine

    def shown(settings: Settings) -> list[tuple[str, str, str, str, int | None]]:
        view = previews.preview(routine, settings)
        editors = [view.hold_editor(row) for row in range(len(view.rows))]
        assert all(editor.editable == (editor.seconds is not None) for editor in editors)
        return [(row.name, row.how, row.time, editor.text.removeprefix(f"{row.name}").strip(" :"), editor.seconds)
                for row, editor in zip(view.rows, editors)]

    assert shown(Settings()) == [
        ("Walk in place", "45s", "0:45", "hold", 45),
        ("Knee to chest", "30s each side", "1:00", "hold each side", 30),
        ("Bridge", "10 reps of 4s", "0:40", COUNTED_IN.format("reps"), None),  # 2 s a rep and 2 s to move on
        ("Belly breathing", "5 breaths of 6s", "0:30", COUNTED_IN.format("breaths"), None),
        ("Side bend", "15s each side, 2 rounds", "1:00", "hold each side", 15),
        ("Pelvic tilt", "6 reps of 5s, each side", "1:00", COUNTED_IN.format("reps"), None),
        ("Cat cow", "30s, 2 rounds", "1:00", "hold", 30),  # the minute shared between the rounds
    ]
    slower = Settings()
    slower.set("hold_scale", 200)
    slower.set("breath_length", 8)
    assert shown(slower) == [
        ("Walk in place", "1 min 30s", "1:30", "hold", 90),
        ("Knee to chest", "1 min each side", "2:00", "hold each side", 60),
        ("Bridge", "10 reps of 4s", "0:40", COUNTED_IN.format("reps"), None),
        ("Belly breathing", "5 breaths of 8s", "0:40", COUNTED_IN.format("breaths"), None),
        ("Side bend", "30s each side, 2 rounds", "2:00", "hold each side", 30),
        ("Pelvic tilt", "6 reps of 5s, each side", "1:00", COUNTED_IN.format("reps"), None),
        ("Cat cow", "1 min, 2 rounds", "2:00", "hold", 60),
    ]


def test_a_fit_out_of_reach_says_what_plays_instead(routines):
    """Chosen when it was possible, then out of reach (own holds everywhere): no minutes of
    padding, and the preview says what the routine plays."""
    hip = routines["hip-relief"]
    settings = Settings()
    previews.fit_to(hip.id, 22)(settings)
    for step in hip.steps:
        if step.measure.timed:
            previews.set_step_hold(hip.id, step.id, 15)(settings)
    shown = previews.preview(hip, settings)
    readies = [plan.active_start - plan.start for plan in shown.timeline.steps]
    assert max(readies) <= Settings()["get_ready"] + 1, "no long wait in place of the minutes asked for"
    assert shown.fit.on and shown.fit.minimum_minutes <= shown.fit.minutes <= shown.fit.maximum_minutes
    assert shown.fit.note.startswith("22 min cannot be reached now; it plays ")
    assert shown.meta.endswith(shown.fit.note.split("it plays ")[1].split(" ")[0])


def test_get_ready_pauses_are_whole_seconds_but_perhaps_the_first(routines):
    for routine in routines.values():
        settings = Settings()
        settings.set("hold_scale", 137)
        previews.fit_to(routine.id, 9)(settings)
        timeline = previews.preview(routine, settings).timeline
        readies = [plan.active_start - plan.start for plan in timeline.steps]
        assert all(ready == int(ready) for ready in readies[1:]), (routine.id, readies)
