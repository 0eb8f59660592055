"""A routine's own poses: defined in its file (`poses:` and `motions:`, in the form of
poses.yaml, or in format 1's form in a file of format 1), named by its steps and its
variants' steps as the library's are (the routine's own win), refused in the same plain
words as the library's, played and drawn; a file of a newer format is refused saying so."""

from __future__ import annotations

from dataclasses import replace

from stretchdesk.core.figure import body, format1
from stretchdesk.core.figure.body import pose_from_mapping
from stretchdesk.core.figure.motion import Motion, pose_at
from stretchdesk.core.routine.loader import load_routine_text, schema
from stretchdesk.core.routine.model import LIMITS
from stretchdesk.core.routine.own_poses import OwnPoses
from stretchdesk.core.routine.poses import builtin_poses
from stretchdesk.core.play.session import Session
from stretchdesk.core.play.timeline import TimingSettings, build_timeline

OWN = """title: Kneeling flow
format: 2
poses:
  # Kneeling tall, both arms overhead.
  kneeling-reach:
    base: kneeling
    shoulder_left: [170, 0, 0]
    shoulder_right: [170, 0, 0]
    highlight: [upper_back]
  # The library's kneeling, leaning back a little: this one wins in this routine.
  kneeling:
    base: kneeling
    lean: -10
  # One that starts from another of the routine's own.
  kneeling-lean:
    base: kneeling-reach
    lean: -15
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


REACH = pose_from_mapping({"base": "kneeling", "shoulder_left": [170, 0, 0], "shoulder_right": [170, 0, 0],
                           "highlight": ["upper_back"]}, builtin_poses().library.poses)
LEANING = pose_from_mapping({"base": "kneeling", "lean": -10}, builtin_poses().library.poses)


def load(text: str = OWN):
    return load_routine_text(text, "own.yaml", default_id="own")


def test_a_routine_keeps_its_own_poses_as_plain_data():
    routine = load().routine
    assert routine.poses == OwnPoses(
        poses=(
            ("kneeling-reach", (("base", "kneeling"), ("shoulder_left", (170, 0, 0)), ("shoulder_right", (170, 0, 0)),
                                ("highlight", ("upper_back",)))),
            ("kneeling", (("base", "kneeling"), ("lean", -10))),
            ("kneeling-lean", (("base", "kneeling-reach"), ("lean", -15))),
        ),
        motions=(("reach-up", ("kneeling", "kneeling-reach")),),
        form=2,
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
    assert routine.motion(lean) == Motion(replace(REACH, angles={**REACH.angles, "lean": (-15.0,)}))
    # The library itself is as it was, for every other routine.
    assert builtin_poses().library.motion("kneeling") == Motion(library_pose("kneeling"))


def test_own_poses_win_over_the_librarys_movements_too():
    text = "title: T\nformat: 2\nposes:\n  cat-cow:\n    base: cat\n    neck: [30, 0, 0]\nsteps:\n  - name: Cat\n    hold: 10s\n    pose: cat-cow\n"
    routine = load(text).routine
    assert routine.motion(routine.steps[0]) == Motion(replace(library_pose("cat"), angles={**library_pose("cat").angles, "neck": (30.0, 0.0, 0.0)}))
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
    # The movement shows its first shape placed about what both its shapes rest on.
    assert seen == [REACH, Motion(LEANING, REACH).start, library_pose("childs-pose")]


def test_poses_the_file_defines_but_no_step_names_are_checked_too():
    text = "title: T\nformat: 2\nposes:\n  unused:\n    knee_left: 500\nsteps:\n  - name: A\n    hold: 10s\n"
    (problem,) = load(text).problems
    assert (problem.line, problem.field, problem.message) == (
        5, "pose 'unused', knee_left", "500 is beyond what a body does (knee_left goes from 0 to 160 degrees)")


def test_a_joint_past_its_range_is_refused_with_the_field_named():
    text = "title: T\nformat: 2\nposes:\n  twist:\n    base: seated\n    upper_back: [0, 0, 100]\nsteps:\n  - name: A\n    hold: 10s\n    pose: twist\n"
    (problem,) = load(text).problems
    assert (problem.line, problem.field, problem.message) == (
        6, "pose 'twist', upper_back", "100 is beyond what a body does (its twist goes from -45 to 45 degrees)")
    (problem,) = load(text.replace("[0, 0, 100]", "45")).problems
    assert (problem.field, problem.message) == ("pose 'twist', upper_back", "give [bend, side, twist] in degrees, not 45")
    routine = load(text.replace("[0, 0, 100]", "[0, 0, 30]")).routine
    assert routine.motion(routine.steps[0]) == Motion(pose_from_mapping({"base": "seated", "upper_back": [0, 0, 30]},
                                                                        builtin_poses().library.poses))


FORMAT_1 = """title: Old kneeling flow
format: 1
poses:
  kneeling-reach:
    base: kneeling
    arm_near: [170, 0]
    arm_far: [170, 0]
    highlight: [flank_near]
  turned:
    base: seated
    turn: [45, 30]
steps:
  - name: Reach up
    pose: kneeling-reach
    hold: 20s
  - name: Turn
    pose: turned
    hold: 20s
  - name: Cat cow
    pose: cat-cow
    breaths: 3
"""


def test_a_routine_of_format_1_keeps_its_own_poses_in_that_form():
    """Its own poses start from the library as format 1 had it and draw as a body turned the
    way the old picture showed it; its steps may still name today's library."""
    routine = load(FORMAT_1).routine
    assert routine is not None and routine.poses.form == 1
    reach = routine.motion(routine.steps[0]).start
    # The near arm of format 1, seen from the side, is the arm nearer the camera.
    assert reach.angle("shoulder_right")[0] == 170.0 and reach.angle("shoulder_left")[0] == 170.0
    assert reach.angle("knee_left") == (90.0,) and reach.highlight == ("lower_back",)
    turned = routine.motion(routine.steps[1]).start
    assert turned.angle("upper_back")[2] == 45.0 and turned.angle("neck")[2] == 30.0
    assert routine.motion(routine.steps[2]) == builtin_poses().library.motion("cat-cow")
    # In format 1's own words when something is wrong.
    (problem,) = load(FORMAT_1.replace("turn: [45, 30]", "turn: [100, 0]")).problems
    assert (problem.line, problem.field, problem.message) == (11, "pose 'turned', turn", "100 is not an angle from -90 to 90 degrees")
    # A pose of format 2's form in a file of format 1 is not one of its poses.
    (problem,) = load(FORMAT_1.replace("turn: [45, 30]", "lean: 30")).problems
    assert problem.field == "pose 'turned'" and "'lean' is not part of a pose" in problem.message


def test_a_routine_of_a_newer_format_is_refused_saying_so():
    (problem,) = load(OWN.replace("format: 2", "format: 3")).problems
    assert (problem.line, problem.message) == (2, "this file is format 3, newer than this StretchDesk reads (format 2); update StretchDesk to open it")


def test_a_routine_may_define_at_most_so_many_poses():
    many = "".join(f"  p{n}:\n    base: standing\n" for n in range(LIMITS["poses"] + 1))
    text = f"title: T\nformat: 2\nposes:\n{many}steps:\n  - name: A\n    hold: 10s\n    pose: p0\n"
    (problem,) = load(text).problems
    assert (problem.line, problem.field) == (4, "poses")
    assert problem.message == f"there are {LIMITS['poses'] + 1} poses; a routine may define at most {LIMITS['poses']}"
    assert load(text.replace(f"  p{LIMITS['poses']}:\n    base: standing\n", "")).routine is not None


def test_the_schema_and_the_figure_agree_on_what_a_pose_holds():
    definitions = schema()["$defs"]
    assert definitions["pose"]["anyOf"] == [{"$ref": "#/$defs/pose-format2"}, {"$ref": "#/$defs/pose-format1"}]
    assert schema()["properties"]["format"]["enum"] == [1, 2]
    # Format 2: a body in space, each joint within its range.
    pose = definitions["pose-format2"]["properties"]
    assert set(pose) == {*body.FIELDS, *body.JOINTS} - {"name", "summary"}
    assert tuple(pose["view"]["enum"]) == tuple(body.VIEWS)
    assert tuple(pose["highlight"]["items"]["enum"]) == body.PARTS
    for joint, ranges in body.JOINTS.items():
        if len(ranges) == 1:
            assert (pose[joint]["minimum"], pose[joint]["maximum"]) == ranges[0][1:], joint
        else:
            assert (pose[joint]["minItems"], pose[joint]["maxItems"]) == (len(ranges), len(ranges)), joint
            assert pose[joint]["items"]["minimum"] == min(low for _, low, _ in ranges), joint
            assert pose[joint]["items"]["maximum"] == max(high for _, _, high in ranges), joint
    # Format 1: a flat figure.
    pose = definitions["pose-format1"]["properties"]
    assert set(pose) == {*format1.FIELDS, *format1.JOINTS}
    assert tuple(pose["view"]["enum"]) == format1.VIEWS
    assert tuple(pose["prop"]["enum"]) == format1.PROPS
    assert tuple(pose["facing"]["enum"]) == ("right", "left")
    assert tuple(pose["highlight"]["items"]["enum"]) == format1.SEGMENTS
    assert tuple(pose["behind"]["items"]["enum"]) == tuple(pose["in_front"]["items"]["enum"]) == format1.LIMBS
    for joint, count in format1.JOINTS.items():
        angle = {"$ref": "#/$defs/turn-angle" if joint in format1.RANGES else "#/$defs/angle"}
        if count == 1:
            assert pose[joint] == angle
        else:
            assert (pose[joint]["minItems"], pose[joint]["maxItems"], pose[joint]["items"]) == (count, count, angle)
    assert (definitions["angle"]["minimum"], definitions["angle"]["maximum"]) == format1.ANGLE_RANGE
    assert (definitions["turn-angle"]["minimum"], definitions["turn-angle"]["maximum"]) == format1.RANGES["turn"]
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
