"""The four built-in routines: names, order, sides, counts and times as the sources give them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stretchdesk.core.library import load_library
from stretchdesk.core.paths import builtin_routines_dir
from stretchdesk.core.timeline import build_timeline

from ..conftest import REPO


@pytest.fixture(scope="module")
def builtin():
    library = load_library([builtin_routines_dir()])
    assert library.problems == []
    return {routine.id: routine for routine in library.routines}


def active_by_step(routine, variant=None):
    timeline = build_timeline(routine, variant=variant)
    return [(plan.step.name, plan.step.sides, plan.active_seconds) for plan in timeline.steps]


def test_four_builtin_routines(builtin):
    assert sorted(builtin) == ["daily-lower-back", "hip-relief", "intermediate-lower-back", "thirteen-stretches"]


def test_intermediate_routine(builtin):
    routine = builtin["intermediate-lower-back"]
    assert routine.level == "intermediate"
    assert active_by_step(routine) == [
        ("Cat Cow", 1, 30),
        ("Upward Dog", 1, 30),
        ("Child's Pose", 1, 30),
        ("Downward Dog", 1, 30),
        ("Lunge", 2, 60),
        ("Reverse Lunge", 2, 60),
        ("Butterfly", 1, 30),
        ("Seated Twist", 2, 60),
        ("Seated Fold", 1, 30),
        ("Quad Stretch", 2, 60),
        ("Lying Figure Four", 2, 60),
        ("Spinal Twist", 2, 60),
        ("Single Knee-to-Chest", 2, 60),
        ("Happy Baby", 1, 30),
    ]
    timeline = build_timeline(routine)
    # One total for a one-sided stretch: half on each side.
    lunge = timeline.steps[4]
    assert lunge.unit_seconds == 30
    assert 11.5 * 60 <= timeline.total_seconds <= 12.5 * 60  # "twelve-minute routine"
    assert all(step.difficulty == "beginner" for step in routine.steps)


def test_hip_relief_routine(builtin):
    routine = builtin["hip-relief"]
    assert active_by_step(routine) == [
        ("Wide Leg Bend", 1, 30),
        ("Kneeling Psoas", 2, 60),
        ("Leaning Figure Four", 2, 60),
        ("Hurdler", 2, 45),
        ("Quad Stretch", 2, 45),
        ("Elbow Side Plank", 2, 30),
        ("Figure Four Twist", 2, 60),
    ]
    timeline = build_timeline(routine)
    plank = timeline.steps[5]
    assert plank.unit_seconds == 15  # switches sides halfway through its 0:30
    assert 5.5 * 60 <= timeline.total_seconds <= 6.5 * 60  # "six-minute routine"


def test_daily_routine(builtin):
    routine = builtin["daily-lower-back"]
    steps = routine.steps
    assert [s.name for s in steps] == ["Cat-Cow", "Child's Pose", "Hamstring Stretch", "Glute Stretch", "Back Twist", "Side Bend"]
    cat_cow, child, hamstring, glute, twist, side_bend = steps
    assert (cat_cow.breaths, cat_cow.sides) == (5, 1)
    assert child.hold.pick() == 30 and child.sides == 1
    assert (hamstring.reps, hamstring.rep.pick(), hamstring.sides) == (10, 2, 2)
    assert (glute.hold.pick(), glute.sides) == (30, 2)
    assert glute.first_side == "right"  # "cross your right leg over your left leg"
    assert (twist.hold.pick(), twist.sides) == (30, 2)
    assert (side_bend.hold.pick(), side_bend.sides, side_bend.rounds) == (15, 2, 2)
    assert side_bend.first_side == "left"  # right hand down, "bring your left arm over your head"
    timeline = build_timeline(routine)
    assert 5.5 * 60 <= timeline.total_seconds <= 6.5 * 60  # "approximately 6 minutes"
    glute_segments = [s for s in timeline.segments if s.step_index == 3 and s.kind.active]
    assert [s.side for s in glute_segments] == ["right", "left"]
    # Side bend: left, right, left, right with a switch between each.
    side_segments = [s for s in timeline.segments if s.step_index == 5 and s.kind.active]
    assert [(s.side, s.round) for s in side_segments] == [("left", 1), ("right", 1), ("left", 2), ("right", 2)]


def test_daily_flexion_variant_replaces_the_extension_warm_up(builtin):
    routine = builtin["daily-lower-back"]
    assert [v.id for v in routine.variants] == ["flexion"]
    names = [step.name for step in routine.steps_for("flexion")]
    assert names == ["Knees to Chest", "Toe Reach", "Child's Pose", "Hamstring Stretch", "Glute Stretch", "Back Twist", "Side Bend"]


def test_thirteen_stretches(builtin):
    routine = builtin["thirteen-stretches"]
    expected = [
        ("Child's Pose", 1), ("Cat-Cow Stretch", 1), ("Cobra Pose", 1), ("Standing Forward Bend", 1),
        ("Knee-to-Chest Stretch", 2), ("Piriformis Stretch", 2), ("Seated Twist", 2), ("Wall Angels", 1),
        ("Hamstring Stretch", 2), ("Child's Pose with Side Stretch", 2), ("Pelvic Tilts", 1),
        ("Spinal Twist", 2), ("Hip Flexor Stretch", 2),
    ]
    assert [(s.name, s.sides) for s in routine.steps] == expected
    # The source's "Seated Forward Bend" is described standing: done standing, under the old id.
    forward_bend = routine.steps[3]
    assert forward_bend.id == "seated-forward-bend"
    assert "stand" in " ".join(forward_bend.instructions).lower()
    assert not any("sit" in line.lower().split() for line in forward_bend.instructions)
    cat_cow = routine.steps[1]
    assert (cat_cow.duration.low, cat_cow.duration.high) == (60, 120)
    for step in routine.steps:
        if step.hold is not None:
            assert (step.hold.low, step.hold.high) == (20, 30), step.name


def test_every_step_has_instructions(builtin):
    for routine in builtin.values():
        assert routine.about and routine.closing and routine.safety and routine.credit
        for step in routine.steps:
            assert step.instructions, f"{routine.id}: {step.name}"
            assert step.summary, f"{routine.id}: {step.name}"


SOURCE = REPO.parent / "shared" / "source"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not SOURCE.is_dir(), reason="the source documents are not beside this checkout")
def test_no_sentence_is_copied_from_the_sources():
    """Facts carry over; wording does not. No run of eight words may match a source."""
    run = 8
    source_runs = set()
    for path in SOURCE.glob("*.txt"):
        w = words(path.read_text(encoding="utf-8"))
        source_runs.update(tuple(w[i : i + run]) for i in range(len(w) - run + 1))
    copied = []
    for path in Path(builtin_routines_dir()).glob("*.yaml"):
        w = words(path.read_text(encoding="utf-8"))
        copied += [" ".join(w[i : i + run]) for i in range(len(w) - run + 1) if tuple(w[i : i + run]) in source_runs]
    assert copied == []
