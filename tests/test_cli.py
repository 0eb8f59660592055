"""The command line, run the way a person runs it: a real process, its output and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stretchdesk import __version__

from tests.conftest import DATA

BROKEN = sorted((DATA / "broken").glob("*.yaml"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stretchdesk", *args],
        capture_output=True, text=True, cwd=cwd, env=os.environ.copy(), timeout=120,
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"StretchDesk {__version__}"


def test_list_shows_routines_with_steps_and_total():
    result = run("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "STEPS", "TOTAL"]
    row = next(line for line in lines if line.startswith("intermediate-lower-back"))
    assert row.split()[-2:] == ["14", "12:01"]


def test_list_again_shows_the_same_and_follows_the_settings():
    """The second listing comes from what the first kept; a new setting changes the totals."""
    first = run("list").stdout
    assert run("list").stdout == first
    run("settings", "get_ready", "10")  # 14 get-readies of 10 s instead of 5: 70 s more
    row = next(line for line in run("list").stdout.splitlines() if line.startswith("intermediate-lower-back"))
    assert row.split()[-2:] == ["14", "13:11"]


def test_list_json_has_the_documented_fields():
    routines = json.loads(run("list", "--json").stdout)
    assert len(routines) == 4
    for routine in routines:
        assert {"id", "title", "file", "active_seconds", "total_seconds", "steps"} <= routine.keys()
        assert Path(routine["file"]).is_file()
        assert routine["total_seconds"] > routine["active_seconds"] > 0
        assert sum(step["active_seconds"] for step in routine["steps"]) == pytest.approx(routine["active_seconds"])
        for step in routine["steps"]:
            assert {"name", "active_seconds", "sides", "reps", "breaths", "instructions", "tips", "adjustments"} <= step.keys()
            assert step["sides"] in (1, 2)
            assert all(isinstance(x, list) for x in (step["instructions"], step["tips"], step["adjustments"]))
    daily = next(r for r in routines if r["id"] == "daily-lower-back")
    hamstring = daily["steps"][2]
    assert (hamstring["name"], hamstring["reps"], hamstring["sides"], hamstring["breaths"]) == ("Hamstring Stretch", 10, 2, None)
    assert daily["steps"][0]["breaths"] == 5 and daily["steps"][0]["reps"] is None


def test_list_reports_broken_user_files_on_stderr_and_keeps_stdout_clean(user_routines: Path):
    (user_routines / "oops.yaml").write_text("title: Oops\nsteps:\n  - name: Cat cow\n    hodl: 30s\n")
    result = run("list", "--json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 4
    assert f"{user_routines / 'oops.yaml'}:4:5" in result.stderr
    assert "did you mean 'hold'" in result.stderr


def test_show_by_id_prints_the_timeline():
    result = run("show", "hip-relief")
    assert result.returncode == 0, result.stderr
    assert "Lower back relief through the hips" in result.stdout
    assert "Elbow Side Plank" in result.stdout and "15s each side" in result.stdout
    assert "6:23" in result.stdout


def test_show_by_path_from_another_folder(tmp_path: Path):
    path = tmp_path / "mine.yaml"
    path.write_text("title: Mine\nsteps:\n  - name: Cobra\n    hold: 20-30s\n    sides: 2\n")
    data = json.loads(run("show", str(path), "--json", cwd=tmp_path).stdout)
    assert data["id"] == "mine"
    assert data["steps"][0]["active_seconds"] == 50


def test_show_variant():
    data = json.loads(run("show", "daily-lower-back", "--variant", "flexion", "--json").stdout)
    assert data["variant"] == "flexion"
    assert data["steps"][0]["name"] == "Knees to Chest"
    bad = run("show", "daily-lower-back", "--variant", "nope")
    assert bad.returncode == 1 and "no variant 'nope'" in bad.stderr


def test_show_unknown_id_suggests():
    result = run("show", "hip-releif")
    assert result.returncode == 1
    assert "Did you mean hip-relief?" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_good_files_exit_zero():
    # Every file in the folder; poses.yaml beside the routines is checked as the pose library,
    # and so is poses-format1.yaml, the library as format 1 had it.
    files = [str(p) for p in Path("routines").glob("*.yaml")] or None
    result = run("check", *(files or []), cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok (") == 6
    assert "poses.yaml: ok (pose library, " in result.stdout and "poses-format1.yaml: ok (pose library, " in result.stdout


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_check_each_broken_file_prints_file_line_and_field(path: Path):
    from tests.core.routine.test_loader import expectations

    result = run("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for line, field, message in expectations(path):
        location = f"{path}:{line}:" if line is not None else f"{path}:"
        matching = [out for out in result.stdout.splitlines() if out.startswith(location) and message in out and field in out]
        assert matching, result.stdout


def test_check_mixed_files_lists_every_problem(tmp_path: Path):
    good = tmp_path / "good.yaml"
    good.write_text("title: Good\nsteps:\n  - name: Cobra\n    hold: 30s\n")
    result = run("check", str(good), str(DATA / "broken" / "many_problems.yaml"), str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert f"{good}: ok" in result.stdout
    assert result.stdout.count("many_problems.yaml:") == 4
    assert "missing.yaml: there is no such file" in result.stdout
    assert "2 of 3 files with problems" in result.stderr


def test_check_lists_a_misspelt_key_an_unknown_pose_and_a_bad_duration_in_one_run():
    path = DATA / "broken" / "every_kind_at_once.yaml"
    result = run("check", str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:7:5: step 1 \"Cat cow\", hodl: unknown key 'hodl'; did you mean 'hold'?",
        f"{path}:10:11: step 2 \"Cobra\", pose: there is no pose 'cobar'; did you mean 'cobra'?",
        f"{path}:14:11: step 3 \"Lunge\", hold: '90 min' is longer than an hour; is that a typo?",
    ]


def settings_path(home: Path) -> Path:
    return home / "config" / "settings.json"


def test_settings_lists_every_setting_as_json(isolated_user_folders: Path):
    rows = json.loads(run("settings", "--json").stdout)
    keys = [row["key"] for row in rows]
    assert keys[:3] == ["hold_scale", "range_end", "get_ready"] and "keep_on_top" in keys
    for row in rows:
        assert {"key", "value", "default", "type", "help"} <= row.keys()
        assert row["value"] == row["default"]
    assert not settings_path(isolated_user_folders).exists()  # listing writes nothing


def test_setting_a_value_changes_the_times_everywhere(isolated_user_folders: Path):
    result = run("settings", "hold_scale", "200")
    assert result.returncode == 0 and result.stdout.strip() == "hold_scale = 200%"
    stored = json.loads(settings_path(isolated_user_folders).read_text())
    assert stored["settings"]["hold_scale"] == 200
    data = json.loads(run("show", "hip-relief", "--json").stdout)
    assert data["steps"][0]["active_seconds"] == 60  # the 30 s wide leg bend, doubled
    assert "hold_scale" in run("settings").stdout and "200%" in run("settings").stdout
    assert run("settings", "hold_scale").stdout.strip() == "200%"


def test_a_bad_value_is_refused_and_nothing_is_written(isolated_user_folders: Path):
    run("settings", "get_ready", "8")
    before = settings_path(isolated_user_folders).read_bytes()
    for args in (("get_ready", "soon"), ("get_ready", "99"), ("sounds", "maybe"), ("volum", "3")):
        result = run("settings", *args)
        assert result.returncode == 1, args
        assert result.stderr.startswith("stretchdesk: ") and "Traceback" not in result.stderr
    assert "did you mean 'volume'" in run("settings", "volum", "3").stderr
    assert settings_path(isolated_user_folders).read_bytes() == before


def test_spoken_detail_is_set_from_the_command_line_and_lengthens_the_get_readies(isolated_user_folders: Path):
    before = json.loads(run("show", "hip-relief", "--json").stdout)
    result = run("settings", "spoken_detail", "name and how-to")
    assert result.returncode == 0 and result.stdout.strip() == "spoken_detail = name and how-to"
    assert json.loads(settings_path(isolated_user_folders).read_text())["settings"]["spoken_detail"] == "name and how-to"
    after = json.loads(run("show", "hip-relief", "--json").stdout)
    # The holds are as they were; each get-ready has the time to say the step's instructions.
    assert [step["active_seconds"] for step in after["steps"]] == [step["active_seconds"] for step in before["steps"]]
    assert after["total_seconds"] > before["total_seconds"] and after["steps"][1]["start_seconds"] > before["steps"][1]["start_seconds"]
    refused = run("settings", "spoken_detail", "everything")
    assert refused.returncode == 1 and "spoken_detail is one of name only, name and how-to" in refused.stderr
    assert run("settings", "spoken_detail").stdout.strip() == "name and how-to"


def test_a_damaged_settings_file_is_reported_on_stderr_and_kept(isolated_user_folders: Path):
    path = settings_path(isolated_user_folders)
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 2, "settings": {"get_ready": "soon", "hold_scale": 150}}')
    result = run("list", "--json")
    assert result.returncode == 0
    assert "get_ready is a whole number, not 'soon'" in result.stderr
    assert len(json.loads(result.stdout)) == 4
    kept = list(path.parent.glob("settings.json.damaged-*"))
    assert len(kept) == 1 and "soon" in kept[0].read_text()
    assert json.loads(path.read_text())["settings"]["hold_scale"] == 150  # the good value stays
    assert run("list").stderr == ""  # put right once; not repeated


def test_show_and_list_count_the_variant_chosen_in_the_library():
    from stretchdesk.core.views import preview
    from stretchdesk.core.store.settings import update_settings

    update_settings(preview.choose_variant("daily-lower-back", "flexion"))
    shown = json.loads(run("show", "daily-lower-back", "--json").stdout)
    assert shown["variant"] == "flexion" and shown["steps"][0]["name"] == "Knees to Chest"
    listed = {r["id"]: r for r in json.loads(run("list", "--json").stdout)}
    assert listed["daily-lower-back"]["total_seconds"] == shown["total_seconds"]
    assert listed["daily-lower-back"]["step_count"] == shown["step_count"]
    assert shown["steps"][0]["measure"] == "breaths"


def test_variant_standard_is_the_routine_as_written_whatever_was_chosen():
    from stretchdesk.core.views import preview
    from stretchdesk.core.store.settings import update_settings

    update_settings(preview.choose_variant("daily-lower-back", "flexion"))
    standard = json.loads(run("show", "daily-lower-back", "--variant", "standard", "--json").stdout)
    assert standard["variant"] is None and standard["steps"][0]["name"] == "Cat-Cow"
    wrong = run("show", "daily-lower-back", "--variant", "nope")
    assert wrong.returncode == 1 and "has no variant 'nope'" in wrong.stderr


def test_show_figures_writes_one_picture_per_step_and_side(tmp_path: Path):
    from stretchdesk.core.figure.camera import picture
    from stretchdesk.core.figure.drawing import drawing, svg
    from stretchdesk.core.routine.poses import builtin_poses

    folder = tmp_path / "handout" / "daily"  # made, parents and all
    result = run("show", "daily-lower-back", "--variant", "flexion", "--figures", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"11 pictures in {folder}")
    assert sorted(p.name for p in folder.iterdir()) == [
        "01-knees-to-chest.svg", "02-toe-reach.svg", "03-childs-pose.svg",
        "04-hamstring-stretch-2.svg", "04-hamstring-stretch.svg", "05-glute-stretch-2.svg", "05-glute-stretch.svg",
        "06-back-twist-2.svg", "06-back-twist.svg", "07-side-bend-2.svg", "07-side-bend.svg",
    ]
    # A held pose is the window's drawing at 600 x 600; a movement shows both its shapes.
    pose = builtin_poses().library.motion("toe-reach").start
    assert (folder / "02-toe-reach.svg").read_text() == svg(drawing(picture(pose), 600, 600), 600, 600, "Toe Reach")
    assert 'width="1200" height="600"' in (folder / "01-knees-to-chest.svg").read_text()
    # The glute stretch starts on the right: its first picture is the right side.
    assert "<title>Glute Stretch (right side)</title>" in (folder / "05-glute-stretch.svg").read_text()
    assert "<title>Glute Stretch (left side)</title>" in (folder / "05-glute-stretch-2.svg").read_text()


def test_show_figures_says_in_one_line_when_the_folder_cannot_be_made(tmp_path: Path):
    (tmp_path / "taken").write_text("")
    result = run("show", "hip-relief", "--figures", str(tmp_path / "taken" / "pictures"))
    assert result.returncode == 1
    assert result.stderr == f"stretchdesk: The pictures could not be written: {tmp_path / 'taken' / 'pictures'} is not a folder\n"


def test_show_figures_skips_a_step_that_names_no_pose(tmp_path: Path):
    routine = tmp_path / "mine.yaml"
    routine.write_text("title: Mine\nsteps:\n  - name: Cobra\n    hold: 30s\n    pose: cobra\n  - name: Shake out\n    hold: 10s\n")
    result = run("show", str(routine), "--figures", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["01-cobra.svg"]
    assert "1 picture in" in result.stdout and "(no pose named: step 2 Shake out)" in result.stdout


def test_show_figures_draws_the_routines_own_poses(tmp_path: Path):
    from stretchdesk.core.figure.body import pose_from_mapping
    from stretchdesk.core.figure.camera import picture
    from stretchdesk.core.figure.drawing import drawing, step_picture, svg
    from stretchdesk.core.figure.motion import Motion
    from stretchdesk.core.routine.poses import FormOnePoses, builtin_poses

    routine = tmp_path / "mine.yaml"
    routine.write_text(
        "title: Mine\nformat: 2\n"
        "poses:\n  cobra:\n    base: cobra\n    upper_back: [-30, 0, 0]\n"
        "  reach:\n    base: kneeling\n    shoulder_left: [170, 0, 0]\n    shoulder_right: [170, 0, 0]\n"
        "motions:\n  reach-up: [kneeling, reach]\n"
        "steps:\n  - name: Cobra\n    hold: 30s\n    pose: cobra\n  - name: Reach\n    breaths: 3\n    pose: reach-up\n"
    )
    result = run("show", str(routine), "--figures", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "2 pictures in" in result.stdout and "no pose named" not in result.stdout
    library = builtin_poses().library.poses
    cobra = pose_from_mapping({"base": "cobra", "upper_back": [-30, 0, 0]}, library)  # the routine's own, not the library's
    assert cobra != library["cobra"]
    assert (tmp_path / "out" / "01-cobra.svg").read_text() == svg(drawing(picture(cobra), 600, 600), 600, 600, "Cobra")
    reach = Motion(library["kneeling"], pose_from_mapping({"base": "kneeling", "shoulder_left": [170, 0, 0],
                                                           "shoulder_right": [170, 0, 0]}, library))
    assert (tmp_path / "out" / "02-reach.svg").read_text() == svg(*step_picture(reach, None, 600), "Reach")
    # A file of format 1 (it gives no format) still draws its own poses, in that form.
    routine.write_text("title: Mine\nposes:\n  cobra:\n    base: cobra\n    trunk: 60\n"
                       "steps:\n  - name: Cobra\n    hold: 30s\n    pose: cobra\n")
    result = run("show", str(routine), "--figures", str(tmp_path / "old"))
    assert result.returncode == 0, result.stderr
    old = FormOnePoses().read({"base": "cobra", "trunk": 60}, "cobra", "pose 'cobra'")
    assert (tmp_path / "old" / "01-cobra.svg").read_text() == svg(drawing(picture(old), 600, 600), 600, 600, "Cobra")


def test_poses_lists_every_pose_and_movement():
    from stretchdesk.core.figure.body import VIEWS, Pose
    from stretchdesk.core.routine.poses import builtin_poses, view_of

    result = run("poses")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:] if line and not line.startswith("A step")}
    library = builtin_poses().library
    assert set(rows) == set(library.poses) | set(library.motions)
    assert rows["cat-cow"] == ["movement", "side", "cat", "->", "cow"]
    assert rows["butterfly"] == ["pose", "front"] and rows["side-bend-seated"] == ["pose", "[90,", "20]"]
    # Each is seen as a file would say it: a view's name, or a camera no view names as [azimuth, elevation].
    assert all(rows[name][1] == view_of(pose).split()[0] for name, pose in library.poses.items())
    assert view_of(Pose(camera=VIEWS["three-quarter"])) == "three-quarter" and view_of(Pose(camera=(40.0, 30.0))) == "[40, 30]"


def test_a_routine_of_ones_own_named_poses_yaml_is_checked_as_a_routine(tmp_path):
    mine = tmp_path / "poses.yaml"
    mine.write_text("title: My poses\nsteps:\n  - name: Reach\n    hold: 20s\n")
    missing = tmp_path / "gone" / "poses.yaml"
    result = run("check", str(mine), str(missing))
    assert f"{mine}: ok (My poses, 1 steps)" in result.stdout
    assert result.returncode == 1 and "gone" in result.stdout  # the missing one is said, the other still checked


def test_show_writes_each_column_in_one_form():
    """The clock in the time columns, a length with its unit in HOW: a 1:30 step and a 25s
    one read alike ('1 min 30s', '25s'), not one on the clock and one in seconds."""
    import re

    result = run("show", "thirteen-stretches")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(index for index, line in enumerate(lines) if line.split()[:3] == ["#", "START", "STEP"])
    how_at = lines[header].index("HOW")
    rows = [line for line in lines[header + 1:] if line[:3].strip().isdigit()]
    assert len(rows) == 13
    clock = re.compile(r"^\d+:\d\d$")
    for row in rows:
        start, active = row.split()[1], row[:how_at].split()[-1]
        assert clock.match(start) and clock.match(active), row
    hows = [row[how_at:] for row in rows]
    assert hows[1] == "1 min 30s" and hows[0] == "25s"
    assert not [how for how in hows if re.search(r"\d:\d\d", how)], "no length on the clock in HOW"


def test_show_figures_writes_well_formed_svg_whatever_a_step_is_called(tmp_path: Path):
    import xml.etree.ElementTree as ElementTree

    routine = tmp_path / "mine.yaml"
    routine.write_text('title: Mine\nsteps:\n'
                       '  - name: "Cobra\\x01\\x08\\x0b\\x0c\\e[2J\\x7f\\x9b\\ufffe\\uffff & <b>done</b>"\n    hold: 30s\n'
                       '    pose: cobra\n'
                       '  - name: "Twist\\t\\r\\n\\u202e"\n    hold: 30s\n    sides: 2\n    pose: lying-twist\n')
    result = run("show", str(routine), "--figures", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    pictures = sorted((tmp_path / "out").iterdir())
    assert len(pictures) == 3
    titles = [ElementTree.parse(picture).getroot().findtext("{http://www.w3.org/2000/svg}title") for picture in pictures]
    assert titles[0] == "Cobra\\x01\\x08\\x0b\\x0c\\x1b[2J\\x7f\\x9b\\ufffe\\uffff & <b>done</b>"
    assert sorted(titles[1:]) == ["Twist\\x09\\x0d\\x0a\\u202e (left side)", "Twist\\x09\\x0d\\x0a\\u202e (right side)"]


def test_show_figures_needs_a_folder_name(tmp_path: Path):
    here = tmp_path / "here"
    here.mkdir()
    result = run("show", "hip-relief", "--figures", "", cwd=here)
    assert result.returncode == 2, result.stderr
    assert result.stderr == ("stretchdesk: The pictures could not be written: the folder given to --figures has no "
                             "name; give the folder to write them in\n")
    assert list(here.iterdir()) == [] and "picture" not in result.stdout


def test_show_figures_writes_over_regular_files_only(tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    os.mkfifo(folder / "02-kneeling-psoas.svg")
    result = run("show", "hip-relief", "--figures", str(folder))
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"stretchdesk: The pictures could not be written: {folder / '02-kneeling-psoas.svg'} is a "
                             "named pipe (FIFO), not a file; give the name of a new file or of a regular file to write over\n")
    assert [p.name for p in folder.iterdir()] == ["02-kneeling-psoas.svg"], "nothing written, the pipe kept"
