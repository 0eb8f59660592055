"""The documents a person reads hold true: the routine format's examples are routines a person
can copy (they must load and play)."""

from __future__ import annotations

import re

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.timeline import SegmentKind, build_timeline

from tests.conftest import REPO


ROUTINE_FORMAT = REPO / "docs" / "routine-format.md"


def format_example(marker: str = "<!-- the block below is loaded by tests/test_readme.py (the format) -->") -> str:
    text = ROUTINE_FORMAT.read_text(encoding="utf-8")
    marker = text.index(marker)
    match = re.search(r"```yaml\n(.*?)```", text[marker:], re.S)
    assert match
    return match.group(1)


def test_format_example_loads_and_means_what_it_says():
    result = load_routine_text(format_example(), "evening-unwind.yaml", default_id="evening-unwind")
    assert result.problems == ()
    routine = result.routine
    assert routine.id == "evening-unwind"
    assert [s.name for s in routine.steps] == ["Cat-Cow", "Child's Pose", "Lunge", "Hamstring Stretch", "Side Bend"]
    timeline = build_timeline(routine)
    lunge = timeline.steps[2]
    assert lunge.unit_seconds == 30 and lunge.active_seconds == 60
    hamstring = [s for s in timeline.segments if s.step_index == 3 and s.kind is SegmentKind.REP]
    assert len(hamstring) == 20 and hamstring[0].side == "right"
    assert [s.name for s in routine.steps_for("gentle")][2] == "Knee Hug"


def test_format_example_of_poses_of_its_own_loads_and_draws_them():
    from dataclasses import replace

    from stretchdesk.core.figure.skeleton import Motion
    from stretchdesk.core.routine.poses import builtin_poses, motion_of

    text = format_example("<!-- the block below is loaded by tests/test_readme.py (poses of its own) -->")
    result = load_routine_text(text, "kneeling-reach.yaml", default_id="kneeling-reach")
    assert result.problems == ()
    routine = result.routine
    reach = replace(builtin_poses().library.poses["kneeling"], arm_near=(170.0, 0.0), arm_far=(170.0, 0.0),
                    highlight=("flank_near", "flank_far"))
    assert motion_of(routine, routine.steps[0]) == Motion(reach)
    assert motion_of(routine, routine.steps[1]) == Motion(reach, replace(reach, trunk=-15.0))
