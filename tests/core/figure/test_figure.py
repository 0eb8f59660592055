"""The figure: its kinematics keep the body in one piece, mirroring flips it, every built-in
step has a picture that stands on the floor inside its box, and a broken pose says plainly
what is wrong with it."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchdesk.core.figure.skeleton import (
    BONES, FOOT_FORESHORTENED, VIEWS, Motion, Pose, PoseError, interpolate, pose_at, pose_from_mapping, skeleton,
)
from stretchdesk.core.figure.drawing import Box, Circle, Line, drawing, frame_of, step_picture
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.paths import builtin_routines_dir
from stretchdesk.core.routine.poses import builtin_poses, read_poses

angle = st.floats(-180, 180, allow_nan=False)
turn = st.floats(-90, 90, allow_nan=False)


@st.composite
def poses(draw, view=None, fold=False):
    return Pose(
        view=view or draw(st.sampled_from(VIEWS)),
        trunk=draw(angle), curve=draw(angle), neck=draw(angle),
        fold=draw(angle) if fold else 0.0,
        turn=(draw(turn), draw(turn)),
        arm_near=(draw(angle), draw(angle)), arm_far=(draw(angle), draw(angle)),
        leg_near=(draw(angle), draw(angle), draw(angle)), leg_far=(draw(angle), draw(angle), draw(angle)),
        hand_near=draw(angle), hand_far=draw(angle),
        mirrored=draw(st.booleans()),
    )


def expected_lengths(pose: Pose) -> dict[str, float]:
    lengths = {"spine": BONES["spine"], "upper_spine": BONES["upper_spine"], "neck": BONES["neck"]}
    if pose.view == "feet":  # the trunk seen end on, the head over the chest
        lengths = {"spine": 0.0, "upper_spine": 0.0, "neck": BONES["trunk_depth"] / 2}
    for which in ("near", "far"):
        lengths |= {f"upper_arm_{which}": BONES["upper_arm"], f"forearm_{which}": BONES["forearm"],
                    f"hand_{which}": BONES["hand"], f"thigh_{which}": BONES["thigh"], f"shin_{which}": BONES["shin"]}
        ankle = getattr(pose, f"leg_{which}")[2]
        seen = 1.0 if pose.view == "side" else max(FOOT_FORESHORTENED, abs(math.cos(math.radians(ankle))))
        lengths[f"foot_{which}"] = BONES["foot"] * seen
    # A turn shows the shoulders' width from the side and narrows them from the front;
    # from above the shoulders lie flat and the hips narrow.
    twist = math.radians(pose.turn[0])
    shoulders, hips = {"side": (abs(math.sin(twist)), 0.0), "front": (abs(math.cos(twist)), 1.0),
                       "above": (1.0, abs(math.cos(twist))), "feet": (abs(math.cos(twist)), 1.0)}[pose.view]
    lengths |= {"pelvis": 2 * BONES["hip_width"] * hips, "shoulder_line": 2 * BONES["shoulder_width"] * shoulders}
    return lengths


@settings(derandomize=True, max_examples=150, deadline=None)
@given(poses(), st.data(), st.floats(0, 1))
def test_the_bones_keep_their_length_through_any_movement(a, data, t):
    b = data.draw(poses(view=a.view))
    pose = interpolate(a, b, t)
    figure = skeleton(pose)
    for bone, length in expected_lengths(pose).items():
        assert figure.length(bone) == pytest.approx(length, abs=1e-9), bone


@settings(derandomize=True, max_examples=60, deadline=None)
@given(poses(view="front", fold=True))
def test_a_fold_towards_us_shortens_the_upper_body_as_seen_and_leaves_the_legs(pose):
    figure = skeleton(pose)
    squash = abs(math.cos(math.radians(pose.fold)))
    for bone in ("spine", "upper_spine", "upper_arm_near", "forearm_far"):
        length = BONES["spine" if "spine" in bone else bone.rsplit("_", 1)[0]]
        assert squash * length - 1e-9 <= figure.length(bone) <= length + 1e-9, bone
    for bone in ("thigh_near", "shin_far"):
        assert figure.length(bone) == pytest.approx(BONES[bone.split("_")[0]])


@settings(derandomize=True, max_examples=80, deadline=None)
@given(poses(fold=True))
def test_a_mirrored_pose_is_the_mirror_image(pose):
    figure, mirrored = skeleton(pose), skeleton(pose.mirror())
    assert mirrored.joints.keys() == figure.joints.keys()
    for name, (x, y) in figure.joints.items():
        assert mirrored.joints[name] == pytest.approx((-x, y), abs=1e-12), name
    assert pose.mirror().mirror() == pose


def test_a_turned_pose_on_the_other_side_is_its_mirror_image_and_turns_the_other_way(library):
    for name in ("seated-twist", "lying-twist", "figure-four-twist"):
        pose = library.poses[name]
        assert pose.turn[0] > 0 and pose.turn[1] > 0, name
        figure, other = skeleton(pose), skeleton(pose.mirror())
        for joint, (x, y) in figure.joints.items():
            assert other.joints[joint] == pytest.approx((-x, y), abs=1e-12), (name, joint)
    # Seen from the side, turned to its left the figure shows us its chest: its left
    # shoulder goes back, its right one comes forward, and it looks back over its left
    # shoulder; facing left on the other side, it turns to its right the same way.
    twist = skeleton(library.poses["seated-twist"])
    joints = twist.joints
    assert joints["shoulder_near"][0] < joints["shoulders"][0] < joints["shoulder_far"][0]
    assert joints["nose"][0] < joints["head"][0]
    other = skeleton(library.poses["seated-twist"].mirror()).joints
    assert other["shoulder_near"][0] > other["shoulders"][0] > other["shoulder_far"][0]
    assert other["nose"][0] > other["head"][0]
    # From above, the head turned to the figure's left looks to the picture's right (its
    # left, as it faces us); the other side looks to the left.
    lying = library.poses["lying-twist"]
    assert skeleton(lying).joints["nose"][0] > skeleton(lying).joints["head"][0]
    assert skeleton(lying.mirror()).joints["nose"][0] < skeleton(lying.mirror()).joints["head"][0]


def test_a_turn_shows_as_each_view_sees_it():
    def width(pose, a, b):
        joints = skeleton(pose).joints
        return math.dist(joints[a], joints[b])

    sitting = Pose(leg_near=(90, 0, 90), leg_far=(90, 0, 90))
    assert width(sitting, "shoulder_near", "shoulder_far") == 0.0
    assert width(replace(sitting, turn=(90, 0)), "shoulder_near", "shoulder_far") == pytest.approx(2 * BONES["shoulder_width"])
    assert width(replace(sitting, turn=(30, 0)), "shoulder_near", "shoulder_far") == pytest.approx(BONES["shoulder_width"])
    front = Pose(view="front")
    assert width(replace(front, turn=(60, 0)), "shoulder_near", "shoulder_far") == pytest.approx(BONES["shoulder_width"])
    assert width(replace(front, turn=(60, 0)), "hip_near", "hip_far") == pytest.approx(2 * BONES["hip_width"])
    above = Pose(view="above", trunk=0)
    assert width(replace(above, turn=(60, 0)), "shoulder_near", "shoulder_far") == pytest.approx(2 * BONES["shoulder_width"])
    assert width(replace(above, turn=(60, 0)), "hip_near", "hip_far") == pytest.approx(BONES["hip_width"])
    # The head: from the front it looks to the side it turns to, with the shoulders or on
    # its own; from above, where the shoulders lie flat, on its own only.
    for pose, looks in ((front, 0), (replace(front, turn=(40, 0)), 1), (replace(front, turn=(40, -80)), -1),
                        (replace(above, turn=(60, 0)), 0), (replace(above, turn=(60, 70)), 1)):
        joints = skeleton(pose).joints
        assert (joints["nose"][0] - joints["head"][0] > 1e-9) - (joints["nose"][0] - joints["head"][0] < -1e-9) == looks, pose
    # From the side, a face turned to us shows no profile; turned further, it looks back.
    faces = [skeleton(replace(sitting, turn=(45, head))).joints for head in (-45, 45, 90)]
    assert [round(j["nose"][0] - j["head"][0], 6) > 0 for j in faces] == [True, False, False]
    assert faces[1]["nose"] == pytest.approx(faces[1]["head"])
    assert faces[2]["nose"][0] < faces[2]["head"][0] - 0.9 * BONES["head"]


def test_from_the_feet_the_trunk_lies_end_on_and_the_limbs_go_up(library):
    # The trunk's angles do not show: its back lies on the floor, the shoulders level with
    # the hips, the head just over the chest.
    flat = Pose(view="feet", arm_near=(90, 0), arm_far=(90, 0), leg_near=(150, 0, 0), leg_far=(150, 0, 0))
    for pose in (flat, replace(flat, trunk=-90, curve=30, fold=60, neck=40)):
        joints = skeleton(pose).joints
        assert joints["pelvis"] == joints["shoulders"] == pytest.approx((0.0, BONES["trunk_depth"] / 2))
        assert joints["shoulder_near"][1] == pytest.approx(joints["hip_near"][1]) == joints["pelvis"][1]
        assert joints["head"][1] - BONES["head"] < BONES["trunk_depth"] < joints["head"][1] + BONES["head"]
    # Happy baby: knees wide, out past the shoulders, shins upright with the feet above the
    # knees, and the hands at the feet.
    joints = skeleton(library.poses["happy-baby"]).joints
    for which in ("near", "far"):
        knee, ankle, toe = joints[f"knee_{which}"], joints[f"ankle_{which}"], joints[f"toe_{which}"]
        assert abs(knee[0]) > abs(joints[f"shoulder_{which}"][0]) + BONES["shoulder_width"]
        assert ankle[0] == pytest.approx(knee[0], abs=0.02) and ankle[1] > knee[1] + 0.9 * BONES["shoulder_width"] * 2
        assert toe[1] == pytest.approx(ankle[1], abs=0.01)  # the sole faces the ceiling
        assert math.dist(joints[f"hand_{which}"], ankle) < 0.06
    assert joints["knee_near"][0] == pytest.approx(-joints["knee_far"][0])


def test_the_figure_stands_on_the_floor_and_moves_about_its_pelvis():
    lying = Pose(trunk=-90, leg_near=(90, 0, 0), leg_far=(90, 0, 0))
    raised = Pose(trunk=-90, leg_near=(0, 0, 0), leg_far=(90, 0, 0))
    for t in (0, 0.3, 0.7, 1):
        figure = skeleton(interpolate(lying, raised, t))
        assert figure.joints["pelvis"][0] == 0.0
        assert min(figure.bounds()[1], min(y for _, y in figure.joints.values())) == pytest.approx(0.0, abs=1e-9)


# -- the built-in poses ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    loaded = builtin_poses()
    assert loaded.problems == []
    return loaded.library


@pytest.fixture(scope="module")
def builtin_steps():
    routines = load_library([builtin_routines_dir()], use_cache=False)
    assert routines.problems == []
    steps = []
    for routine in routines.routines:
        steps += [(routine.id, step) for step in routine.steps]
        for variant in routine.variants:
            steps += [(f"{routine.id} ({variant.id})", step) for _, replaced in variant.replacements for step in replaced]
    return steps


def test_every_builtin_step_has_a_picture(builtin_steps, library):
    assert len(builtin_steps) == 6 + 2 + 7 + 14 + 13
    missing = [f"{where}: {step.name}" for where, step in builtin_steps if builtin_poses().library.motion(step.pose) is None]
    assert missing == []
    # Counted steps move between two shapes; every hold but the flowing ones keeps still.
    for where, step in builtin_steps:
        motion = library.motion(step.pose)
        if step.measure.counted:
            assert motion.end is not None, f"{where}: {step.name} repeats or breathes, so its figure moves"


def test_a_one_sided_step_names_its_first_side_in_words(builtin_steps):
    for where, step in builtin_steps:
        if step.two_sided:
            text = " ".join(step.instructions).lower()
            assert step.first_side in text, f"{where}: {step.name} should say what its {step.first_side} side is"


def shape_box(shape):
    if isinstance(shape, Line):
        r = shape.width / 2
        return min(shape.x1, shape.x2) - r, min(shape.y1, shape.y2) - r, max(shape.x1, shape.x2) + r, max(shape.y1, shape.y2) + r
    if isinstance(shape, Circle):
        return shape.x - shape.r, shape.y - shape.r, shape.x + shape.r, shape.y + shape.r
    assert isinstance(shape, Box)
    return shape.x, shape.y, shape.x + shape.width, shape.y + shape.height


def frames(library):
    """Every pose on both sides, and each movement half way, in the frame it is drawn in."""
    for name, pose in library.poses.items():
        for side in (pose, pose.mirror()):
            yield name, skeleton(side), None
    for name, motion in library.motions.items():
        for side in ("left", "right"):
            shapes = [skeleton(pose_at(motion, "rep", p, side)) for p in (0.0, 0.25, 0.5)]
            frame = frame_of(shapes[0]).union(frame_of(shapes[2]))
            yield name, shapes[1], frame


@pytest.mark.parametrize("size", [48, 600])
def test_every_builtin_pose_stays_on_the_floor_and_inside_its_box(library, size):
    for name, figure, frame in frames(library):
        lowest = min(y for _, y in figure.joints.values())
        assert lowest >= -1e-9 and figure.bounds()[1] >= -1e-9, name
        for shape in drawing(figure, size, size, frame):
            left, top, right, bottom = shape_box(shape)
            assert left >= -1e-6 and top >= -1e-6 and right <= size + 1e-6 and bottom <= size + 1e-6, (name, shape)


@pytest.mark.parametrize("size", [48, 600])
def test_from_above_the_figure_lies_on_a_mat_not_in_a_frame(library, size):
    from stretchdesk.core.figure.drawing import MAT, MAT_WIDTH

    for name in ("lying-twist", "figure-four-twist"):
        figure = skeleton(library.poses[name])
        shapes = drawing(figure, size, size)
        (mat,) = [shape for shape in shapes if isinstance(shape, Box) and shape.colour == MAT]
        assert shapes[0] == mat, "under everything"
        # A strip along the body, rounded, under the pelvis: the arms out wide reach past
        # it onto the floor.
        frame = frame_of(figure)
        scale = mat.width / MAT_WIDTH  # the whole of its width shows
        assert mat.height > 2 * mat.width and mat.radius > 0
        pelvis_x = size / 2 - (frame.left + frame.right) / 2 * scale
        assert mat.x < pelvis_x < mat.x + mat.width
        hands = [x for x, _ in (figure.joints["hand_near"], figure.joints["hand_far"])]
        assert max(hands) * scale + pelvis_x > mat.x + mat.width, name


def test_a_movement_prints_as_its_two_shapes_side_by_side(library):
    shapes, width, height = step_picture(library.motions["cat-cow"], "right", 300)
    assert (width, height) == (600, 300)
    assert any(isinstance(s, Line) and s.x1 > 300 for s in shapes) and any(isinstance(s, Line) and s.x2 < 300 for s in shapes)
    single, width, height = step_picture(Motion(library.poses["cobra"]), None, 300)
    assert (width, height) == (300, 300)
    assert single == drawing(skeleton(library.poses["cobra"]), 300, 300)


# -- plain messages ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("poses:\n  a:\n    base: standin\n", "poses.yaml:2: pose 'a', base: there is no pose 'standin' to start from"),
    ("poses:\n  standing: {}\n  b:\n    base: standng\n", "poses.yaml:3: pose 'b', base: there is no pose 'standng' to start from; did you mean 'standing'?"),
    ("poses:\n  a:\n    trunk: 400\n", "poses.yaml:2: pose 'a', trunk: 400 is not an angle from -360 to 360 degrees"),
    ("poses:\n  a:\n    trunk: .nan\n", "poses.yaml:2: pose 'a', trunk: nan is not an angle from -360 to 360 degrees"),
    ("poses:\n  a:\n    leg_near: [90, 0]\n", "poses.yaml:2: pose 'a', leg_near: give a list of 3 angles in degrees, not [90, 0]"),
    ("poses:\n  a:\n    trunk: forward\n", "poses.yaml:2: pose 'a', trunk: give one angle in degrees, not 'forward'"),
    ("poses:\n  a:\n    turn: [120, 0]\n", "poses.yaml:2: pose 'a', turn: 120 is not an angle from -90 to 90 degrees"),
    ("poses:\n  a:\n    turn: [30, -91.5]\n", "poses.yaml:2: pose 'a', turn: -91.5 is not an angle from -90 to 90 degrees"),
    ("poses:\n  a:\n    turn: 40\n", "poses.yaml:2: pose 'a', turn: give a list of 2 angles in degrees, not 40"),
    ("poses:\n  a:\n    turns: [40, 0]\n", "poses.yaml:2: pose 'a': 'turns' is not part of a pose; did you mean 'turn'?"),
    ("poses:\n  a:\n    elbow: 30\n", "poses.yaml:2: pose 'a': 'elbow' is not part of a pose"),
    ("poses:\n  a:\n    trunkk: 30\n", "poses.yaml:2: pose 'a': 'trunkk' is not part of a pose; did you mean 'trunk'?"),
    ("poses:\n  a:\n    view: top\n", "poses.yaml:2: pose 'a', view: 'top' is not a view; use one of side, front, above"),
    ("poses:\n  a:\n    view: front\n    facing: left\n", "poses.yaml:2: pose 'a', facing: only a figure seen from the side"),
    ("poses:\n  a: {}\nmotions:\n  m: [a, b]\n", "poses.yaml:4: motion 'm' names no pose 'b'"),
    ("poses: [\n", "poses.yaml:2: this is not a readable pose file"),
])
def test_a_broken_pose_says_where_and_what_in_plain_words(text, expected):
    problems = read_poses(text, "poses.yaml").problems
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert "Traceback" not in problems[0] and "Error" not in problems[0]


def test_pose_from_mapping_refuses_with_a_pose_error():
    with pytest.raises(PoseError, match="is both behind and in front"):
        pose_from_mapping({"behind": ["arm_far"], "in_front": "arm_far"})
    with pytest.raises(PoseError, match="'hand' is not a limb"):
        pose_from_mapping({"behind": ["hand"]})


def test_a_routine_naming_no_such_pose_gets_a_problem_on_its_line():
    text = "title: T\nsteps:\n  - name: Cat\n    breaths: 3\n    pose: cat-cwo\n  - name: Lie\n    hold: 30s\n    pose: nothing-like-it\n"
    result = load_routine_text(text, "t.yaml", default_id="t")
    assert result.routine is None
    messages = [(p.line, p.message) for p in result.problems]
    assert messages == [
        (5, "there is no pose 'cat-cwo'; did you mean 'cat-cow'?"),
        (8, "there is no pose 'nothing-like-it'; 'stretchdesk poses' lists them"),
    ]


def test_a_pose_may_face_left_and_its_other_side_then_faces_right():
    right_facing = pose_from_mapping({"trunk": 60, "leg_near": [82, 176, 0]})
    left_facing = pose_from_mapping({"trunk": 60, "leg_near": [82, 176, 0], "facing": "left"})
    assert left_facing == right_facing.mirror()
    assert pose_at(Motion(left_facing), "hold", 0.5, "right") == right_facing


def test_limbs_put_behind_the_trunk_are_drawn_under_it_and_lighter():
    from stretchdesk.core.figure.drawing import BODY, FAR

    pose = pose_from_mapping({"view": "above", "behind": ["leg_near"], "in_front": ["arm_far"]})
    order = [name for name, _, _ in skeleton(pose).bones]
    assert order.index("thigh_near") < order.index("spine") < order.index("upper_arm_near") < order.index("upper_arm_far")
    colours = {}
    figure = skeleton(pose)
    for shape in drawing(figure, 300, 300):
        if isinstance(shape, Line) and shape.colour in (BODY, FAR):
            colours.setdefault(shape.colour, 0)
            colours[shape.colour] += 1
    # The far leg and the tucked near leg are lighter; the far arm over everything is not.
    assert colours[FAR] == 2 * 3  # thigh, shin and foot of each leg


@pytest.mark.parametrize("kind, phase", [("breath", "inhale"), ("breath", "exhale"), ("rep", None), ("hold", None)])
def test_how_far_a_movement_has_gone_is_the_pose_it_is_drawn_in(library, kind, phase):
    """A picture of a movement draws it a step at a time from how far it has gone: that
    share, between the first shape and the second, is the pose of the moment."""
    from stretchdesk.core.figure.skeleton import HOLD_CYCLE_SECONDS, motion_share

    motion = library.motion("cat-cow")
    for progress in [index / 20 for index in range(21)]:
        elapsed = progress * HOLD_CYCLE_SECONDS * 1.5
        share = motion_share(motion, kind, progress, phase, elapsed)
        expected = pose_at(motion, kind, progress, None, phase, elapsed=elapsed)
        drawn = interpolate(motion.start, motion.end, share)
        assert 0.0 <= share <= 1.0
        assert drawn.neck == pytest.approx(expected.neck) and drawn.trunk == pytest.approx(expected.trunk)
        assert drawn.leg_near == pytest.approx(expected.leg_near) and drawn.arm_near == pytest.approx(expected.arm_near)


def test_a_still_pose_goes_nowhere(library):
    from stretchdesk.core.figure.skeleton import motion_share

    still = Motion(library.poses["lying-on-back"])
    assert {motion_share(still, kind, 0.4, None, 3.0) for kind in ("breath", "rep", "hold")} == {0.0}
    assert motion_share(library.motion("cat-cow"), "get_ready", 0.4, None, 3.0) == 0.0
