"""A routine's own poses: defined in its file (`poses:` and `motions:`, in the form of
poses.yaml), named by its steps and its variants' steps as the library's are (the
routine's own win), refused in the same plain words as the library's, played and drawn."""

from __future__ import annotations

from dataclasses import replace

from stretchdesk.core.figure.skeleton import ANGLE_RANGE, FIELDS, JOINTS, LIMBS, PROPS, RANGES, SEGMENTS, VIEWS, Motion, pose_at
from stretchdesk.core.routine.loader import load_routine_text, schema
from stretchdesk.core.routine.model import LIMITS
from stretchdesk.core.routine.own_poses import OwnPoses
from stretchdesk.core.routine.poses import builtin_poses
from stretchdesk.core.play.session import Session
from stretchdesk.core.play.timeline import TimingSettings, build_timeline

OWN = """title: Kneeling flow
poses:
  # Kneeling tall, both arms overhead.
  kneeling-reach:
    base: kneeling
    arm_near: [170, 0]
    arm_far: [170, 0]
    highlight: [flank_near, flank_far]
  # The library's kneeling, leaning back a little: this one wins in this routine.
  kneeling:
    base: kneeling
    trunk: -10
  # One that starts from another of the routine's own.
  kneeling-lean:
    base: kneeling-reach
    trunk: -15
motions:
  reach-up: [kneeling, kneeling-reach]
steps:
  - name: Reach up
    pose: kneeling-reach
    hold: 20s
  - name: Reach and lower
    pose: reach-up
    breaths: 3
  - name: Child's pose
    pose: childs-pose
    hold: 30s
variants:
  - id: gentle
    name: Gentler
    replace:
      - step: reach-and-lower
        with:
          - name: Lean back
            pose: kneeling-lean
            hold: 10s
"""


def library_pose(name: str):
    return builtin_poses().library.poses[name]


REACH = replace(library_pose("kneeling"), arm_near=(170.0, 0.0), arm_far=(170.0, 0.0), highlight=("flank_near", "flank_far"))
LEANING = replace(library_pose("kneeling"), trunk=-10.0)


def load(text: str = OWN):
    return load_routine_text(text, "own.yaml", default_id="own")


def test_a_routine_keeps_its_own_poses_as_plain_data():
    routine = load().routine
    assert routine.poses == OwnPoses(
        poses=(
            ("kneeling-reach", (("base", "kneeling"), ("arm_near", (170, 0)), ("arm_far", (170, 0)),
                                ("highlight", ("flank_near", "flank_far")))),
            ("kneeling", (("base", "kneeling"), ("trunk", -10))),
            ("kneeling-lean", (("base", "kneeling-reach"), ("trunk", -15))),
        ),
        motions=(("reach-up", ("kneeling", "kneeling-reach")),),
    )
    assert routine.poses.names() == {"kneeling-reach", "kneeling", "kneeling-lean", "reach-up"}
    assert hash(routine.poses)  # frozen: the drawings are made once per routine's poses


def test_steps_name_the_routines_own_poses_and_its_own_win():
    routine = load().routine
    reach, movement, rest = routine.steps
    assert routine.motion(reach) == Motion(REACH)
    # The movement names "kneeling": the routine's own, defined above it.
    assert routine.motion(movement) == Motion(LEANING, REACH)
    assert routine.motion(rest) == Motion(library_pose("childs-pose"))
    lean = routine.steps_for("gentle")[1]
    assert routine.motion(lean) == Motion(replace(REACH, trunk=-15.0))
    # The library itself is as it was, for every other routine.
    assert builtin_poses().library.motion("kneeling") == Motion(library_pose("kneeling"))


def test_own_poses_win_over_the_librarys_movements_too():
    text = "title: T\nposes:\n  cat-cow:\n    base: cat\n    neck: 30\nsteps:\n  - name: Cat\n    hold: 10s\n    pose: cat-cow\n"
    routine = load(text).routine
    assert routine.motion(routine.steps[0]) == Motion(replace(library_pose("cat"), neck=30.0))
    assert builtin_poses().library.motion("cat-cow").end is not None  # the library's is a movement


def test_the_figure_plays_the_routines_own_pose():
    routine = load().routine
    timeline = build_timeline(routine, TimingSettings(get_ready=5))
    session = Session(timeline)
    session.start(0.0)
    seen = []
    for plan in timeline.steps:
        view = session.view(plan.active_start + 0.01)
        assert view.plan is plan and view.routine is routine
        motion = view.routine.motion(view.plan.step)
        seen.append(pose_at(motion, view.segment.kind.value, 0.0, view.segment.side, view.segment.phase))
    assert seen == [REACH, LEANING, library_pose("childs-pose")]


def test_poses_the_file_defines_but_no_step_names_are_checked_too():
    text = "title: T\nposes:\n  unused:\n    trunk: 500\nsteps:\n  - name: A\n    hold: 10s\n"
    (problem,) = load(text).problems
    assert (problem.line, problem.field, problem.message) == (4, "pose 'unused', trunk", "500 is not an angle from -360 to 360 degrees")


def test_a_turn_past_a_quarter_turn_is_refused_with_the_field_named():
    text = "title: T\nposes:\n  twist:\n    base: seated\n    turn: [100, 0]\nsteps:\n  - name: A\n    hold: 10s\n    pose: twist\n"
    (problem,) = load(text).problems
    assert (problem.line, problem.field, problem.message) == (5, "pose 'twist', turn", "100 is not an angle from -90 to 90 degrees")
    (problem,) = load(text.replace("[100, 0]", "45")).problems
    assert (problem.field, problem.message) == ("pose 'twist', turn", "give a list of 2 angles in degrees, not 45")
    routine = load(text.replace("[100, 0]", "[45, 30]")).routine
    assert routine.motion(routine.steps[0]) == Motion(replace(library_pose("seated"), turn=(45.0, 30.0)))


def test_a_routine_may_define_at_most_so_many_poses():
    many = "".join(f"  p{n}:\n    base: standing\n" for n in range(LIMITS["poses"] + 1))
    text = f"title: T\nposes:\n{many}steps:\n  - name: A\n    hold: 10s\n    pose: p0\n"
    (problem,) = load(text).problems
    assert (problem.line, problem.field) == (3, "poses")
    assert problem.message == f"there are {LIMITS['poses'] + 1} poses; a routine may define at most {LIMITS['poses']}"
    assert load(text.replace(f"  p{LIMITS['poses']}:\n    base: standing\n", "")).routine is not None


def test_the_schema_and_the_figure_agree_on_what_a_pose_holds():
    definitions = schema()["$defs"]
    pose = definitions["pose"]["properties"]
    assert set(pose) == {*FIELDS, *JOINTS}
    assert tuple(pose["view"]["enum"]) == VIEWS
    assert tuple(pose["prop"]["enum"]) == PROPS
    assert tuple(pose["facing"]["enum"]) == ("right", "left")
    assert tuple(pose["highlight"]["items"]["enum"]) == SEGMENTS
    assert tuple(pose["behind"]["items"]["enum"]) == tuple(pose["in_front"]["items"]["enum"]) == LIMBS
    for joint, count in JOINTS.items():
        angle = {"$ref": "#/$defs/turn-angle" if joint in RANGES else "#/$defs/angle"}
        if count == 1:
            assert pose[joint] == angle
        else:
            assert (pose[joint]["minItems"], pose[joint]["maxItems"], pose[joint]["items"]) == (count, count, angle)
    assert (definitions["angle"]["minimum"], definitions["angle"]["maximum"]) == ANGLE_RANGE
    assert set(RANGES) == {"turn"}
    assert (definitions["turn-angle"]["minimum"], definitions["turn-angle"]["maximum"]) == RANGES["turn"]
    top = schema()["properties"]
    assert top["poses"]["maxProperties"] == top["motions"]["maxProperties"] == LIMITS["poses"]
    assert definitions["pose-name"]["maxLength"] == LIMITS["id"]


def test_the_loaded_routine_keeps_the_pictures_it_checked(monkeypatch):
    """The loader builds a routine's own poses to check them; the routine keeps what it
    built, and every step's picture is found without building them again."""
    from stretchdesk.core.routine import poses as poses_module

    built = []
    real = poses_module.own_motions
    monkeypatch.setattr(poses_module, "own_motions", lambda *args: built.append(args) or real(*args))
    routine = load().routine
    assert len(built) == 1
    for step in [*routine.steps, *routine.steps_for("gentle")]:
        assert routine.motion(step) is not None
    assert len(built) == 1, "the pictures were built again"
