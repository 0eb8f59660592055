"""How a step is measured is said in one place (core.play.amount): what the timeline plays,
what the preview, the player and `stretchdesk show` write, what the get-ready says, what the
hold box offers and what the command line's JSON gives all come from the same Amount."""

from __future__ import annotations

import pytest

from stretchdesk.cli import step_json
from stretchdesk.core.play.amount import amount_of
from stretchdesk.core.play.spoken import step_announcements
from stretchdesk.core.play.timeline import SegmentKind, TimingSettings, build_timeline
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.store.settings import Settings
from stretchdesk.core.views.preview import preview

TIMING = TimingSettings(rep_tempo=2, breath_length=6)

#: (step, written, said first, JSON's hold/rep/breath seconds, segment kind, parts played)
KINDS = [
    ("  - name: Lunge\n    duration: '1:00'\n    sides: 2\n",
     "30s each side", "Lunge. 30 seconds each side, left side first.", (30, None, None), SegmentKind.HOLD, 2),
    ("  - name: Glute\n    hold: 20s\n    rounds: 2\n",
     "20s, 2 rounds", "Glute. 20 seconds, 2 rounds.", (20, None, None), SegmentKind.HOLD, 2),
    ("  - name: Hamstring\n    reps: 10\n    rep: 2s\n    sides: 2\n",
     "10 reps of 4s, each side", "Hamstring. 10 reps each side, left side first.", (None, 4, None), SegmentKind.REP, 20),
    ("  - name: Cat cow\n    breaths: 5\n",
     "5 breaths of 6s", "Cat cow. 5 breaths.", (None, None, 6), SegmentKind.BREATH, 10),
]


def plan_of(step_yaml: str):
    result = load_routine_text(f"title: Test\nsteps:\n{step_yaml}", "test.yaml", default_id="test")
    assert result.problems == ()
    timeline = build_timeline(result.routine, TIMING)
    return result.routine, timeline, timeline.steps[0]


@pytest.mark.parametrize(("step_yaml", "written", "said", "seconds", "kind", "parts"), KINDS,
                         ids=["duration", "hold", "reps", "breaths"])
def test_every_reader_of_a_step_reads_one_amount(step_yaml, written, said, seconds, kind, parts):
    routine, timeline, plan = plan_of(step_yaml)
    assert plan.amount == amount_of(plan.step, TIMING)
    played = [segment for segment in timeline.segments if segment.kind is kind]
    assert len(played) == parts and sum(segment.duration for segment in played) == plan.active_seconds
    assert plan.amount.written() == written
    assert step_announcements(plan.step, plan.amount)[0] == said
    shown = step_json(plan)
    assert (shown["hold_seconds"], shown["rep_seconds"], shown["breath_seconds"]) == seconds


@pytest.mark.parametrize(("step_yaml", "offers_a_hold", "says"), [
    (KINDS[0][0], True, "Lunge: hold each side"),
    (KINDS[1][0], True, "Glute: hold"),
    (KINDS[2][0], False, "Hamstring is counted in reps; its pace follows the settings."),
    (KINDS[3][0], False, "Cat cow is counted in breaths; its pace follows the settings."),
], ids=["duration", "hold", "reps", "breaths"])
def test_the_hold_box_is_offered_for_the_steps_that_are_held(step_yaml, offers_a_hold, says):
    routine, _timeline, plan = plan_of(step_yaml)
    editor = preview(routine, Settings()).hold_editor(0)
    assert (editor.editable, editor.text) == (offers_a_hold, says)


def test_a_duration_shared_by_whole_seconds_gives_the_rest_to_the_get_ready():
    _routine, timeline, plan = plan_of("  - name: Plank\n    duration: 45s\n    sides: 2\n")
    assert plan.amount.written() == "22s each side"
    get_ready = timeline.segments[0]
    assert get_ready.kind is SegmentKind.GET_READY and get_ready.duration == TIMING.get_ready + 1
    assert plan.total_seconds == TIMING.get_ready + 45 + TIMING.switch_pause
