"""The figure: a body in space keeps its bones' lengths and rests on the floor, its angles mean
the same on both sides, the camera sees it from where it says, the other side is the mirror
image, every built-in pose rests where it rests with nothing passing through anything (every
frame of every movement too, on both sides), and a broken pose says plainly what is wrong."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchdesk.core.figure import body as B
from stretchdesk.core.figure.body import JOINTS, LENGTHS, Pose, PoseError, check, interpolate, pose_from_mapping, posed
from stretchdesk.core.figure.camera import Camera, picture, seen
from stretchdesk.core.figure.drawing import Circle, Line, Polygon, drawing, frame_of, step_picture
from stretchdesk.core.figure.motion import HOLD_CYCLE_SECONDS, Motion, motion_share, pose_at
from stretchdesk.core.paths import builtin_routines_dir
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.routine.poses import builtin_poses, read_poses


@st.composite
def poses(draw):
    """Any pose a body can take: every joint somewhere in its range, seen from anywhere."""
    angles = {joint: tuple(draw(st.floats(low, high)) for _, low, high in ranges) for joint, ranges in JOINTS.items()}
    camera = (draw(st.floats(-180, 180)), draw(st.floats(-90, 90)))
    return Pose(angles=angles, camera=camera, mirrored=draw(st.booleans()))


BONE_LENGTHS = {
    ("shoulder", "elbow"): LENGTHS["upper_arm"], ("elbow", "wrist"): LENGTHS["forearm"], ("wrist", "fingers"): LENGTHS["hand"],
    ("hip", "knee"): LENGTHS["thigh"], ("knee", "ankle"): LENGTHS["shin"],
}


@settings(derandomize=True, max_examples=120, deadline=None)
@given(poses(), poses(), st.floats(0, 1))
def test_the_bones_keep_their_length_and_the_body_rests_on_the_floor_through_any_movement(a, b, t):
    body = posed(interpolate(a, b, t))
    joints = body.joints
    assert math.dist(joints["pelvis"], joints["waist"]) == pytest.approx(LENGTHS["lower_back"])
    assert math.dist(joints["waist"], joints["shoulders"]) == pytest.approx(LENGTHS["upper_back"])
    for side in B.SIDES:
        for (start, end), length in BONE_LENGTHS.items():
            assert math.dist(joints[f"{start}_{side}"], joints[f"{end}_{side}"]) == pytest.approx(length), (start, side)
    # Its lowest point on the floor, never under it; across, it stays over its pelvis.
    lowest = min(centre[1] - radius for centre, radius in B.all_spheres(body))
    assert lowest == pytest.approx(0.0, abs=1e-9)
    assert (joints["pelvis"][0], joints["pelvis"][2]) == (0.0, 0.0)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(poses())
def test_the_other_side_is_the_mirror_image(pose):
    one, other = picture(pose), picture(pose.mirror())
    assert [part.name for part in one.parts] == [part.name for part in other.parts]
    for a, b in zip(one.parts, other.parts):
        assert [v for x, y, r in a.circles for v in (-x, y, r)] == pytest.approx([v for circle in b.circles for v in circle], abs=1e-9)
    assert pose.mirror().mirror() == pose


def at(pose: dict, joint: str):
    return posed(pose_from_mapping(pose)).joints[joint]


def test_an_angle_means_the_same_movement_on_either_side():
    sitting = {"hip_left": [90, 0, 0], "hip_right": [90, 0, 0]}
    for side in B.SIDES:
        assert at(sitting, f"knee_{side}")[0] > at(sitting, f"hip_{side}")[0] + 0.2, "bent forward"
    wide = {"hip_left": [0, 40, 0], "hip_right": [0, 40, 0]}
    assert at(wide, "ankle_left")[2] < -0.1 and at(wide, "ankle_right")[2] > 0.1, "out to each side"
    overhead = {"shoulder_left": [180, 0, 0], "shoulder_right": [180, 0, 0]}
    for side in B.SIDES:
        assert at(overhead, f"fingers_{side}")[1] > at(overhead, "head")[1]
    # Face down the nose points at the floor; on the back, at the ceiling; lying on the
    # left side, the left shoulder is the lower one.
    for lean, sign in ((90, -1), (-90, 1)):
        body = posed(pose_from_mapping({"lean": lean}))
        assert (body.joints["nose"][1] - body.joints["head"][1]) * sign > 0.05
    side_lying = posed(pose_from_mapping({"roll": 90}))
    assert side_lying.joints["shoulder_left"][1] < side_lying.joints["shoulder_right"][1] - 0.15
    # Twisted to the left the chest turns left: its right shoulder comes forward.
    twisted = posed(pose_from_mapping({"upper_back": [0, 0, 40]}))
    assert twisted.joints["shoulder_right"][0] > 0.05 > -0.05 > twisted.joints["shoulder_left"][0]


def test_the_camera_sees_the_body_from_where_it_says():
    standing = pose_from_mapping({})
    # From the side (azimuth 0) the body faces the picture's right and shows its right side.
    side = seen(posed(standing), Camera(0, 0))
    assert side.nose is not None and side.nose[0] > 0.02
    assert side.near_side == "right"
    # From the front its left is on the picture's right.
    front = seen(posed(standing), Camera(90, 0))
    xs = {part.name: part.circles[0][0] for part in front.parts}
    assert xs["thigh_left"] > 0 > xs["thigh_right"]
    # From above, the floor is a mat under the body, not a line.
    above = seen(posed(standing), Camera(0, 60))
    assert above.floor is None and any(part.kind == "mat" for part in above.parts)
    assert side.floor == pytest.approx(0.0)


def test_every_side_view_faces_the_same_way_and_the_other_side_the_other(library):
    for name, pose in library.poses.items():
        azimuth, elevation = pose.camera
        if abs(elevation) > 20 or not -45 <= azimuth <= 45:
            continue
        # The body's own forward (its heading) points to the picture's right, and on the
        # other side, mirrored, to its left.
        right = Camera(*pose.camera).axes()[0]
        turn = math.radians(pose.angle("heading")[0])
        assert math.cos(turn) * right[0] - math.sin(turn) * right[2] > 0, name
        assert not pose.mirrored, name


def test_a_part_said_to_rest_that_does_not_touch_is_named():
    floating = pose_from_mapping({"lean": -90, "rests_on": ["back", "heel_left", "hand_left"]})
    problems = check(floating)
    assert any(problem.startswith("the left heel should rest on the floor but is") for problem in problems), problems
    assert check(pose_from_mapping({"lean": -90, "rests_on": ["back", "head"]})) == []


def test_a_limb_through_the_body_is_named():
    through = pose_from_mapping({"shoulder_left": [0, -45, 0]})
    assert "the lower back passes through the left forearm (82% deep)" in check(through)
    crossed = pose_from_mapping({"hip_left": [0, -40, 0]})
    assert check(crossed) == ["the left shin passes through the right thigh (45% deep)"]


def test_a_chair_stands_under_the_pelvis_at_a_chairs_height():
    sitting = pose_from_mapping({"hip_left": [90, 0, 0], "hip_right": [90, 0, 0], "knee_left": 90, "knee_right": 90,
                                 "rests_on": ["pelvis on chair", "foot_left", "foot_right"]})
    assert check(sitting) == []
    (prop,) = posed(sitting).props
    assert (prop.surface, prop.place) == ("chair", "pelvis") and 0.22 <= prop.level <= 0.3
    assert any(part.name == "seat" for part in picture(sitting).parts)


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


def test_a_movements_shape_drawn_alone_shows_the_props_of_its_movement(library):
    # The standing shape of a squat to a chair stands in front of the chair it sits back to.
    alone = picture(library.motion("chair-squat-up").start)
    assert any(part.name == "seat" for part in picture(library.motion("chair-squat-down").start).parts)
    assert any(part.name == "seat" for part in alone.parts)
    assert library.motion("chair-squat-up").start.angles == library.poses["chair-squat-up"].angles
    # A pose that is no movement's shape is drawn as it is.
    assert library.motion("standing").start == library.poses["standing"]


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


def test_every_builtin_pose_rests_where_it_rests_and_nothing_passes_through_anything(library):
    problems = {}
    for name, pose in library.poses.items():
        if not pose.rests_on:
            problems[name] = ["says nothing of what bears its weight"]
        for side in (pose, pose.mirror()):
            found = check(side)
            if found:
                problems[name] = found
    assert problems == {}


def test_every_frame_of_every_movement_rests_and_nothing_passes_through_anything(library):
    problems = {}
    for name, motion in library.motions.items():
        for index in range(21):
            for side in (None, "right"):
                pose = interpolate(motion.start, motion.end, index / 20)
                found = check(pose.mirror() if side else pose)
                if found:
                    problems[f"{name} at {index / 20:.2f}"] = found
    assert problems == {}


def test_a_moving_figure_keeps_its_size_and_place(library):
    """From one frame to the next the figure moves a little, never jumps: its pelvis and
    its outline move by a small share of its height, in the one frame of its movement."""
    for name, motion in library.motions.items():
        frames = [picture(interpolate(motion.start, motion.end, index / 40)) for index in range(41)]
        frame = frame_of(frames[0]).union(frame_of(frames[-1]))
        for before, after in zip(frames, frames[1:]):
            pelvis = [next(part.circles[0] for part in seen_.parts if part.name == "pelvis") for seen_ in (before, after)]
            assert math.dist(pelvis[0][:2], pelvis[1][:2]) < 0.05, name
            left, bottom, right, top = after.bounds()
            slack = 0.08  # a movement's middle may reach a little past its two ends
            assert frame.left - slack <= left and right <= frame.right + slack and frame.bottom - slack <= bottom, name


def shape_box(shape):
    if isinstance(shape, Line):
        r = shape.width / 2
        return min(shape.x1, shape.x2) - r, min(shape.y1, shape.y2) - r, max(shape.x1, shape.x2) + r, max(shape.y1, shape.y2) + r
    if isinstance(shape, Circle):
        return shape.x - shape.r, shape.y - shape.r, shape.x + shape.r, shape.y + shape.r
    assert isinstance(shape, Polygon)
    xs, ys = shape.points[0::2], shape.points[1::2]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("size", [48, 600])
def test_every_builtin_pose_stays_inside_its_box(library, size):
    for name, pose in library.poses.items():
        for side in (pose, pose.mirror()):
            for shape in drawing(picture(side), size, size):
                left, top, right, bottom = shape_box(shape)
                assert left >= -1e-6 and top >= -1e-6 and right <= size + 1e-6 and bottom <= size + 1e-6, (name, shape)


def test_a_movement_prints_as_its_two_shapes_side_by_side_with_an_arrow(library):
    shapes, width, height = step_picture(library.motions["cat-cow"], "right", 300)
    assert (width, height) == (600, 300)
    bodies = [shape for shape in shapes if isinstance(shape, Polygon)]
    assert any(min(s.points[0::2]) > 300 for s in bodies) and any(max(s.points[0::2]) < 300 for s in bodies)
    assert sum(1 for s in shapes if isinstance(s, Line) and 280 < s.x2 < 320) >= 3, "an arrow between the two"
    single, width, height = step_picture(Motion(library.poses["cobra"]), None, 300)
    assert (width, height) == (300, 300)
    assert single == drawing(picture(library.poses["cobra"]), 300, 300)


# -- plain messages ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("format: 2\nposes:\n  a:\n    base: standin\n", "poses.yaml:3: pose 'a', base: there is no pose 'standin' to start from"),
    ("format: 2\nposes:\n  standing: {}\n  b:\n    base: standng\n",
     "poses.yaml:4: pose 'b', base: there is no pose 'standng' to start from; did you mean 'standing'?"),
    ("format: 2\nposes:\n  a:\n    knee_left: 200\n",
     "poses.yaml:3: pose 'a', knee_left: 200 is beyond what a body does (knee_left goes from 0 to 160 degrees)"),
    ("format: 2\nposes:\n  a:\n    hip_left: [90, 120, 0]\n",
     "poses.yaml:3: pose 'a', hip_left: 120 is beyond what a body does (its out goes from -40 to 85 degrees)"),
    ("format: 2\nposes:\n  a:\n    lean: .nan\n", "poses.yaml:3: pose 'a', lean: give one angle in degrees, not nan"),
    ("format: 2\nposes:\n  a:\n    hip_left: [90, 0]\n", "poses.yaml:3: pose 'a', hip_left: give [bend, out, turn] in degrees, not [90, 0]"),
    ("format: 2\nposes:\n  a:\n    lean: forward\n", "poses.yaml:3: pose 'a', lean: give one angle in degrees, not 'forward'"),
    ("format: 2\nposes:\n  a:\n    knee: 30\n", "poses.yaml:3: pose 'a': 'knee' is not part of a pose"),
    ("format: 2\nposes:\n  a:\n    hip_lft: [30, 0, 0]\n", "poses.yaml:3: pose 'a': 'hip_lft' is not part of a pose; did you mean 'hip_left'?"),
    ("format: 2\nposes:\n  a:\n    view: top\n", "poses.yaml:3: pose 'a', view: 'top' is not a view; use one of side, front"),
    ("format: 2\nposes:\n  a:\n    rests_on: [elbw_left]\n", "poses.yaml:3: pose 'a', rests_on: 'elbw_left' is not a part of the body; did you mean 'elbow_left'?"),
    ("format: 2\nposes:\n  a:\n    rests_on: [hand_left on table]\n", "poses.yaml:3: pose 'a', rests_on: 'table' is not something to rest on"),
    ("format: 2\nposes:\n  a: {}\nmotions:\n  m: [a, b]\n", "poses.yaml:5: motion 'm' names no pose 'b'"),
    ("format: 3\nposes:\n  a: {}\n", "poses.yaml: this file is format 3, newer than this StretchDesk reads (format 2)"),
    ("poses: [\n", "poses.yaml:2: this is not a readable pose file"),
    # Format 1's form, still read, in its own words.
    ("format: 1\nposes:\n  a:\n    trunk: 400\n", "poses.yaml:3: pose 'a', trunk: 400 is not an angle from -360 to 360 degrees"),
    ("format: 1\nposes:\n  a:\n    turns: [40, 0]\n", "poses.yaml:3: pose 'a': 'turns' is not part of a pose; did you mean 'turn'?"),
])
def test_a_broken_pose_says_where_and_what_in_plain_words(text, expected):
    problems = read_poses(text, "poses.yaml").problems
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert "Traceback" not in problems[0] and "Error" not in problems[0]


def test_pose_from_mapping_refuses_with_a_pose_error():
    with pytest.raises(PoseError, match="not a foot"):
        pose_from_mapping({"strap": "hand_left"})
    with pytest.raises(PoseError, match="'hand' is not a part of the body"):
        pose_from_mapping({"highlight": ["hand"]})


def test_a_routine_naming_no_such_pose_gets_a_problem_on_its_line():
    text = "title: T\nsteps:\n  - name: Cat\n    breaths: 3\n    pose: cat-cwo\n  - name: Lie\n    hold: 30s\n    pose: nothing-like-it\n"
    result = load_routine_text(text, "t.yaml", default_id="t")
    assert result.routine is None
    messages = [(p.line, p.message) for p in result.problems]
    assert messages == [
        (5, "there is no pose 'cat-cwo'; did you mean 'cat-cow'?"),
        (8, "there is no pose 'nothing-like-it'; 'stretchdesk poses' lists them"),
    ]


# -- a movement over time ----------------------------------------------------------------------


@pytest.mark.parametrize("kind, phase", [("breath", "inhale"), ("breath", "exhale"), ("rep", None), ("hold", None)])
def test_how_far_a_movement_has_gone_is_the_pose_it_is_drawn_in(library, kind, phase):
    """A picture of a movement draws it a step at a time from how far it has gone: that
    share, between the first shape and the second, is the pose of the moment."""
    motion = library.motion("cat-cow")
    for progress in [index / 20 for index in range(21)]:
        elapsed = progress * HOLD_CYCLE_SECONDS * 1.5
        share = motion_share(motion, kind, progress, phase, elapsed)
        expected = pose_at(motion, kind, progress, None, phase, elapsed=elapsed)
        drawn = interpolate(motion.start, motion.end, share)
        assert 0.0 <= share <= 1.0
        for joint in JOINTS:
            assert drawn.angle(joint) == pytest.approx(expected.angle(joint)), joint


def test_a_still_pose_goes_nowhere(library):
    still = Motion(library.poses["lying-on-back"])
    assert {motion_share(still, kind, 0.4, None, 3.0) for kind in ("breath", "rep", "hold")} == {0.0}
    assert motion_share(library.motion("cat-cow"), "get_ready", 0.4, None, 3.0) == 0.0


def test_a_part_may_rest_on_another_and_is_told_when_it_does_not_reach():
    hugging = {"lean": -90, "hip_left": [100, 0, 0], "knee_left": 100, "shoulder_left": [60, 0, 0],
               "rests_on": ["back", "head", "hand_left on knee_left"]}
    assert check(pose_from_mapping(hugging)) == ["the left hand should rest on the left knee but is 0.083 away from it"]
    with pytest.raises(PoseError, match="cannot rest on itself"):
        pose_from_mapping({"rests_on": ["knee_left on knee_left"]})


def test_a_body_part_has_its_edge_as_a_rim_under_it_not_a_stroke(library):
    """The figure is filled, never stroked (a stroked outline costs a painter about three
    fills, frame after frame while it moves), and every body part still shows its edge:
    a wider outline in the edge colour straight under it."""
    from stretchdesk.core.figure.drawing import COLOURS

    for name in ("cat", "cow", "childs-pose", "figure-four-on-back", "side-plank"):
        pose = library.poses[name]
        shapes = drawing(picture(pose), 400, 400)
        assert all(not s.edge_width for s in shapes if isinstance(s, Polygon)), name
        fills = [i for i, s in enumerate(shapes) if isinstance(s, Polygon) and s.colour not in (COLOURS.halo, COLOURS.mat, COLOURS.glow)]
        assert fills, name
        rims = [s for s in shapes if isinstance(s, Polygon) and s.colour == COLOURS.halo]
        assert len(rims) >= len(fills) - 1, name
        for index in fills:
            fill = shapes[index]
            box = shape_box(fill)
            rim = next((r for r in rims if shape_box(r)[0] < box[0] and shape_box(r)[2] > box[2]), None)
            assert rim is not None, (name, index)
