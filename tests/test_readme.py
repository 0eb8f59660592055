"""The README's format example is a routine a person can copy: it must load and play."""

from __future__ import annotations

import re

from stretchdesk.core.loader import load_routine_text
from stretchdesk.core.timeline import SegmentKind, build_timeline

from .conftest import REPO


def readme_example() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    marker = text.index("<!-- the block below is loaded by tests/test_readme.py -->")
    match = re.search(r"```yaml\n(.*?)```", text[marker:], re.S)
    assert match
    return match.group(1)


def test_readme_example_loads_and_means_what_it_says():
    result = load_routine_text(readme_example(), "evening-unwind.yaml", default_id="evening-unwind")
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
