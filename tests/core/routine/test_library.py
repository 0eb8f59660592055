from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Callable

import pytest

from stretchdesk.core.routine import cache as library_cache
from stretchdesk.core.routine.library import list_library, load_library
from stretchdesk.core.routine.poses import builtin_poses
from stretchdesk.core.paths import builtin_routines_dir

from tests.conftest import DATA

GOOD = "title: {title}\nsteps:\n  - name: Cat cow\n    hold: 30s\n"


def test_default_library_reads_builtin_and_the_persons_folder(user_routines: Path):
    (user_routines / "evening.yaml").write_text(GOOD.format(title="My evening"))
    library = load_library()
    assert [r.id for r in library.routines][-1] == "evening"
    assert library.get("evening").title == "My evening"
    assert library.get("hip-relief") is not None
    assert library.problems == []


def test_a_broken_file_never_stops_the_others(tmp_path: Path):
    shutil.copy(DATA / "broken" / "typo_key.yaml", tmp_path / "a-broken.yaml")
    shutil.copy(DATA / "broken" / "python_tag.yaml", tmp_path / "b-broken.yml")
    (tmp_path / "c-good.yaml").write_text(GOOD.format(title="Good"))
    (tmp_path / "notes.txt").write_text("not a routine")
    library = load_library([tmp_path])
    assert [r.id for r in library.routines] == ["c-good"]
    assert library.broken_files == [str(tmp_path / "a-broken.yaml"), str(tmp_path / "b-broken.yml")]
    assert {p.file_name for p in library.problems} == {"a-broken.yaml", "b-broken.yml"}
    assert "did you mean 'duration'" in library.problems_for(str(tmp_path / "a-broken.yaml"))[0].message


def test_duplicate_id_is_reported_on_the_later_file(user_routines: Path):
    (user_routines / "mine.yaml").write_text("id: hip-relief\n" + GOOD.format(title="Imposter"))
    library = load_library()
    assert library.get("hip-relief").title == "Lower back relief through the hips"
    (problem,) = library.problems
    assert problem.file == str(user_routines / "mine.yaml")
    assert problem.line == 1 and problem.field == "id"
    assert "already used by" in problem.message and "hip-relief.yaml" in problem.message



@pytest.mark.parametrize("written", [
    'id: "daily-lower-back\\n"',  # the schema's pattern lets one last newline through
    'id: "daily-lower-back\\n"\n# and a comment',
])
def test_an_id_that_reads_as_a_builtins_is_named_as_a_collision(user_routines: Path, written: str):
    builtin = builtin_routines_dir() / "daily-lower-back.yaml"
    (user_routines / "look-alike.yaml").write_text(written + "\n" + GOOD.format(title="Look-alike"))
    for found in (load_library(), list_library(lambda routine: (), "stamp")):
        assert [routine.id for routine in found.routines].count("daily-lower-back") == 1
        assert not any("\n" in routine.id for routine in found.routines)
        (problem,) = found.problems
        assert (problem.file, problem.line, problem.field) == (str(user_routines / "look-alike.yaml"), 1, "id")
        assert problem.message == (f"the routine id 'daily-lower-back\\n' reads as 'daily-lower-back', the id of the built-in "
                                   f"routine 'Daily lower back stretches' ({builtin}); give this routine its own 'id:' (or rename the file)")
        assert found.broken_files == [str(user_routines / "look-alike.yaml")]


@pytest.mark.parametrize("name", ["daily\u200b-lower-back", "daily-lower-back\u2060", "\ufeffdaily-lower-back",
                                  "\uff44\uff41\uff49\uff4c\uff59-lower-back",
                                  "daily-lower-back\u00ad", "Daily-Lower-Back", "daily-lower-back\ufe0f"])
def test_a_file_name_that_reduces_to_a_builtins_id_is_named_as_a_collision(user_routines: Path, name: str):
    (user_routines / f"{name}.yaml").write_text(GOOD.format(title="Look-alike"))
    library = load_library()
    assert [routine.title for routine in library.routines].count("Look-alike") == 0
    (problem,) = library.problems
    assert problem.file == str(user_routines / f"{name}.yaml")
    assert "'daily-lower-back'" in problem.message and "the built-in routine 'Daily lower back stretches'" in problem.message


def test_ids_are_compared_as_they_read():
    from stretchdesk.core.routine.model import comparable_id

    same = ["daily-lower-back", "daily-lower-back\n", "daily\u200b-lower-back", "\uff44aily-lower-back", "DAILY-lower-back",
            "daily-lower-back\u2060\u00ad\ufeff\u034f", "daily-lower-back\U000e0100"]
    assert {comparable_id(text) for text in same} == {"daily-lower-back"}
    assert comparable_id("daily-lower-backs") != comparable_id("daily-lower-back")
    assert comparable_id("\u0430bc") != comparable_id("abc")  # a Cyrillic a is a letter of its own: no guessing


def test_missing_folders_are_simply_empty(tmp_path: Path):
    library = load_library([tmp_path / "nowhere", builtin_routines_dir()])
    assert len(library.routines) == 4 and library.problems == []


def test_suggests_close_ids():
    assert load_library().suggest("hip-releif") == ["hip-relief"]


@pytest.fixture
def settled(monkeypatch):
    """Files written by a test count as settled at once (a real file must stand still for a
    moment before it is cached; see test_a_file_changed_a_moment_ago_is_not_cached)."""
    monkeypatch.setattr(library_cache, "RECENT_SECONDS", 0.0)


def cache_file(home: Path) -> Path:
    return home / "cache" / "library.json"


def test_an_unchanged_library_loads_from_the_cache(tmp_path: Path, monkeypatch, isolated_user_folders: Path, settled):
    from stretchdesk.core.routine import loader

    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    shutil.copy(DATA / "broken" / "typo_key.yaml", tmp_path / "b.yaml")
    first = load_library([tmp_path])
    assert cache_file(isolated_user_folders).is_file()

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(loader, "load_routine_file", no_parsing)
    again = load_library([tmp_path])
    assert again.routines == first.routines
    assert [r.title for r in again.routines] == ["First"]
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]  # problems are remembered too


def test_the_built_in_routines_come_back_from_the_cache_exactly(settled):
    first = load_library()
    again = load_library()
    assert again.routines == first.routines
    assert [r.digest for r in again.routines] == [r.digest for r in first.routines]


def test_a_changed_file_is_read_again(tmp_path: Path, settled):
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.format(title="First"))
    load_library([tmp_path])
    path.write_text(GOOD.format(title="Second title"))  # another size, another time
    assert load_library([tmp_path]).routines[0].title == "Second title"


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(tmp_path: Path, settled):
    """`cp -p` keeps the size and the modification time; the change time still moves."""
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.format(title="First"))
    load_library([tmp_path])
    info = path.stat()
    other = tmp_path / "elsewhere.yml.txt"
    other.write_text(GOOD.format(title="Other"))  # the same length as "First"
    assert other.stat().st_size == info.st_size
    os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
    shutil.copyfile(other, path)  # in place: same inode
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert load_library([tmp_path]).routines[0].title == "Other"


def test_a_file_saved_while_it_is_read_is_not_cached(tmp_path: Path, monkeypatch, settled):
    from stretchdesk.core.routine import loader

    path = tmp_path / "a.yaml"
    path.write_text(GOOD.format(title="First"))
    real = loader.load_routine_file

    def read_then_saved(file, **kwargs):
        result = real(file, **kwargs)
        path.write_text(GOOD.format(title="Saved meanwhile"))  # the person saves as it is read
        return result

    monkeypatch.setattr(loader, "load_routine_file", read_then_saved)
    assert load_library([tmp_path]).routines[0].title == "First"
    monkeypatch.setattr(loader, "load_routine_file", real)
    assert load_library([tmp_path]).routines[0].title == "Saved meanwhile"


def test_a_file_changed_a_moment_ago_is_not_cached(tmp_path: Path, monkeypatch):
    """A second change within the file system's time grain could leave the same identity."""
    from stretchdesk.core.routine import loader

    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    load_library([tmp_path])
    parsed = []
    real = loader.load_routine_file
    monkeypatch.setattr(loader, "load_routine_file", lambda file, **kw: parsed.append(file) or real(file, **kw))
    load_library([tmp_path])
    assert parsed == [tmp_path / "a.yaml"]


def test_a_damaged_cache_is_ignored(tmp_path: Path, isolated_user_folders: Path, settled):
    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    cache = cache_file(isolated_user_folders)
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not JSON at all")
    assert load_library([tmp_path]).routines[0].title == "First"
    assert json.loads(cache.read_bytes())["entries"]  # replaced by a good one


def test_the_cache_is_data_only_a_pickle_there_is_never_run(tmp_path: Path, isolated_user_folders: Path, settled):
    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache = cache_file(isolated_user_folders)
    cache.parent.mkdir(parents=True)
    for name in ("library.json", "library.pickle"):
        (cache.parent / name).write_bytes(pickle.dumps(Payload()))
    load_library([tmp_path])
    assert not marker.exists()
    assert load_library([tmp_path]).routines[0].title == "First"


def _poisoned(home: Path, change) -> None:
    data = json.loads(cache_file(home).read_bytes())
    for entry in data["entries"].values():
        change(entry)
    cache_file(home).write_text(json.dumps(data))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: e["routine"]["steps"][0].update(reps=10**9, hold=None), id="a billion reps"),
        pytest.param(lambda e: e["routine"]["steps"][0].update(hold=[-1, 5]), id="a negative hold"),
        pytest.param(lambda e: e["routine"]["steps"][0].update(hold=[1e308, 1e308]), id="an endless hold"),
        pytest.param(lambda e: e["routine"]["steps"][0].update(sides="2"), id="sides as text"),
        pytest.param(lambda e: e["routine"].update(title=["a", "list"]), id="a title that is a list"),
        pytest.param(lambda e: e["routine"].update(steps=[]), id="no steps"),
        pytest.param(lambda e: e["routine"].update(steps=e["routine"]["steps"] * 300), id="too many steps"),
        pytest.param(lambda e: e["routine"]["steps"][0].update(name="x" * 10_000), id="a huge name"),
        pytest.param(lambda e: e.update(routine=None, problems=[]), id="neither routine nor problems"),
        pytest.param(lambda e: e.update(problems=[["f", "1", None, "", "m"]]), id="a line that is text"),
    ],
)
def test_a_cache_the_loader_could_not_have_written_is_ignored_and_rebuilt(tmp_path, isolated_user_folders, settled, change):
    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    load_library([tmp_path])
    _poisoned(isolated_user_folders, change)
    routine = load_library([tmp_path]).routines[0]
    assert routine.title == "First" and routine.steps[0].hold is not None and routine.steps[0].reps is None
    again = json.loads(cache_file(isolated_user_folders).read_bytes())
    assert again["entries"][str(tmp_path / "a.yaml")]["routine"]["title"] == "First"  # rebuilt


#: A routine with a pose and a movement of its own, in format 2's form: a body in space.
OWN = ("format: 2\n" + GOOD + "    pose: reach\nposes:\n  reach:\n    base: standing\n    shoulder_left: [170, 0, 0]\n"
       "motions:\n  reach-up: [standing, reach]\n")
#: The same in format 1's form (a file that gives no format), still read.
OWN_FORMAT1 = GOOD + "    pose: reach\nposes:\n  reach:\n    base: standing\n    arm_near: [170, 0]\nmotions:\n  reach-up: [standing, reach]\n"


@pytest.mark.parametrize("text", [OWN, OWN_FORMAT1], ids=["format 2", "format 1"])
def test_a_routines_own_poses_come_back_from_the_cache(tmp_path, monkeypatch, isolated_user_folders, settled, text):
    from stretchdesk.core.routine import loader

    (tmp_path / "a.yaml").write_text(text.format(title="Own"))
    first = load_library([tmp_path]).routines[0]
    monkeypatch.setattr(loader, "load_routine_file", lambda *_a, **_k: pytest.fail("an unchanged file was parsed again"))
    again = load_library([tmp_path]).routines[0]
    assert again == first and again.poses.names() == {"reach", "reach-up"}
    assert again.motion(again.steps[0]) == first.motion(first.steps[0]) is not None
    # The arm raised: the pose is the routine's own, not the library's standing one.
    assert again.motion(again.steps[0]).start != builtin_poses().library.poses["standing"]


def _own_poses(entry) -> list:
    return entry["routine"]["poses"]


def _own_field(index: int, key: str, value) -> Callable:
    """A change to the cache: the first own pose's field at `index` becomes key: value."""
    return lambda e: _own_poses(e)[0][1].__setitem__(index, [key, value])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: _own_poses(e)[0][1].append(["knee_left", 1e9]), id="an angle out of range"),
        pytest.param(_own_field(1, "shoulder_left", [200, 0, 0]), id="an angle beyond what a body does"),
        pytest.param(_own_field(1, "shoulder_left", [1e308, 0, 0]), id="an endless angle"),
        pytest.param(_own_field(1, "shoulder_left", ["up", 0, 0]), id="an angle that is text"),
        pytest.param(_own_field(1, "shoulder_left", [170, 0]), id="two angles of three"),
        pytest.param(_own_field(1, "shoulder_left", [[[[170]]], 0, 0]), id="nested too deep"),
        pytest.param(lambda e: _own_poses(e)[0][1].append(["elbow", 30]), id="an unknown joint"),
        pytest.param(_own_field(1, "arm_near", [170, 0]), id="a joint of format 1 in a pose of format 2"),
        pytest.param(lambda e: _own_poses(e)[0][1].append(["view", "top"]), id="a view that is not one"),
        pytest.param(lambda e: _own_poses(e)[0][1].append(["rests_on", ["ribs"]]), id="resting on no part of the body"),
        pytest.param(lambda e: _own_poses(e)[0][1].append(["base", "standing"]), id="a key given twice"),
        pytest.param(lambda e: _own_poses(e)[0].__setitem__(0, "x" * 10_000), id="a huge name"),
        pytest.param(lambda e: _own_poses(e)[0].__setitem__(0, 5), id="a name that is a number"),
        pytest.param(lambda e: e["routine"].update(poses=_own_poses(e) * 200), id="too many poses"),
        pytest.param(lambda e: e["routine"]["motions"][0].__setitem__(1, ["standing"]), id="a movement of one pose"),
        pytest.param(lambda e: e["routine"]["motions"][0].__setitem__(0, "reach"), id="a movement named as a pose"),
        pytest.param(lambda e: e["routine"].pop("poses"), id="no poses at all"),
        pytest.param(lambda e: e["routine"].update(pose_form=1), id="format 2's poses said to be format 1's"),
        pytest.param(lambda e: e["routine"].update(pose_form=3), id="a form of poses that is not one"),
    ],
)
def test_a_cache_with_an_own_pose_the_loader_could_not_have_written_is_ignored_and_rebuilt(
        tmp_path, isolated_user_folders, settled, change):
    _assert_rebuilt(tmp_path, isolated_user_folders, OWN, change)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: _own_poses(e)[0][1].append(["trunk", 1e9]), id="an angle out of range"),
        pytest.param(_own_field(1, "shoulder_left", [170, 0, 0]), id="a joint of format 2 in a pose of format 1"),
        pytest.param(lambda e: e["routine"].update(pose_form=2), id="format 1's poses said to be format 2's"),
    ],
)
def test_a_cache_with_an_own_pose_of_format_1_the_loader_could_not_have_written_is_ignored_and_rebuilt(
        tmp_path, isolated_user_folders, settled, change):
    _assert_rebuilt(tmp_path, isolated_user_folders, OWN_FORMAT1, change)


def _assert_rebuilt(folder: Path, home: Path, text: str, change) -> None:
    (folder / "a.yaml").write_text(text.format(title="Own"))
    first = load_library([folder]).routines[0]
    written = json.loads(cache_file(home).read_bytes())
    _poisoned(home, change)
    routine = load_library([folder]).routines[0]
    assert routine == first and routine.motion(routine.steps[0]) == first.motion(first.steps[0])
    again = json.loads(cache_file(home).read_bytes())
    assert again["entries"] == written["entries"]  # rebuilt


def test_a_cache_that_is_not_a_regular_file_is_passed_over(tmp_path, isolated_user_folders, settled):
    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    cache = cache_file(isolated_user_folders)
    cache.parent.mkdir(parents=True)
    os.mkfifo(cache)  # reading it would block forever
    assert load_library([tmp_path]).routines[0].title == "First"


def test_the_cache_forgets_files_that_are_gone(tmp_path: Path, isolated_user_folders: Path, settled):
    for index in range(5):
        (tmp_path / f"r{index}.yaml").write_text(GOOD.format(title=f"R{index}"))
    load_library([tmp_path])
    for index in range(1, 5):
        (tmp_path / f"r{index}.yaml").unlink()
    load_library([tmp_path])
    entries = json.loads(cache_file(isolated_user_folders).read_bytes())["entries"]
    assert list(entries) == [str(tmp_path / "r0.yaml")]


def test_the_cache_checks_the_bounds_the_routine_format_sets():
    from stretchdesk.core.routine.loader import schema
    from stretchdesk.core.routine.model import LIMITS

    step = schema()["$defs"]["step"]["properties"]
    assert LIMITS["reps"] == step["reps"]["maximum"]
    assert LIMITS["breaths"] == step["breaths"]["maximum"]
    assert LIMITS["rounds"] == step["rounds"]["maximum"]
    assert LIMITS["seconds"] == step["hold"]["maximum"] == step["duration"]["maximum"] == step["rep"]["maximum"]
    assert LIMITS["name"] == step["name"]["maxLength"] == schema()["properties"]["title"]["maxLength"]
    assert LIMITS["steps"] == schema()["properties"]["steps"]["maxItems"]
    assert LIMITS["variants"] == schema()["properties"]["variants"]["maxItems"]
    assert LIMITS["lines"] == step["instructions"]["oneOf"][0]["maxItems"]
    assert LIMITS["text"] == max(p.get("maxLength", 0) for p in schema()["properties"].values())
    assert tuple(LIMITS["levels"]) == tuple(step["difficulty"]["enum"])
    assert LIMITS["poses"] == schema()["properties"]["poses"]["maxProperties"] == schema()["properties"]["motions"]["maxProperties"]


def test_the_caches_stale_temporaries_are_cleared_when_it_is_written(tmp_path: Path, isolated_user_folders: Path, settled):
    folder = isolated_user_folders / "cache"
    folder.mkdir(parents=True)
    stale = folder / ".library.json.k1ll3d.tmp"
    stale.write_text("{")
    os.utime(stale, (0, 0))
    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    load_library([tmp_path])
    assert not stale.exists()



def test_a_cache_that_is_a_folder_leaves_nothing_behind_however_often_it_is_loaded(tmp_path: Path, isolated_user_folders: Path,
                                                                                  settled):
    from stretchdesk.core.routine.library import list_library

    folder = isolated_user_folders / "cache"
    (folder / "library.json").mkdir(parents=True)
    (folder / "library-list.json").mkdir()
    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    for _ in range(3):
        assert [routine.title for routine in load_library([tmp_path]).routines] == ["First"]
        assert [listed.title for listed in list_library(lambda routine: (), "stamp", [tmp_path]).routines] == ["First"]
    assert sorted(entry.name for entry in folder.iterdir()) == ["library-list.json", "library.json"]
    assert [list((folder / name).iterdir()) for name in ("library-list.json", "library.json")] == [[], []]


# -- the listing: what `stretchdesk list` shows, as fast as the disk allows ------------------


def steps_of(routine):
    return (len(routine.steps), routine.title.upper())


def test_an_unchanged_library_is_listed_without_a_routine_read_or_decoded(tmp_path, monkeypatch, isolated_user_folders, settled):
    from stretchdesk.core.routine import loader
    from stretchdesk.core.routine.library import list_library

    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    (tmp_path / "b.yaml").write_text("id: a\n" + GOOD.format(title="Same id"))
    shutil.copy(DATA / "broken" / "typo_key.yaml", tmp_path / "c.yaml")
    first = list_library(steps_of, "settings", [tmp_path])
    loaded = load_library([tmp_path])

    def nothing_read(*_args, **_kwargs):
        raise AssertionError("an unchanged file was read or decoded again")

    monkeypatch.setattr(loader, "load_routine_file", nothing_read)
    monkeypatch.setattr(library_cache, "decode_result", nothing_read)
    again = list_library(steps_of, "settings", [tmp_path])
    assert again == first
    assert [(r.id, r.title, r.summary) for r in again.routines] == [("a", "First", (1, "FIRST"))]
    # The same routines, problems and broken files as the library itself.
    assert [r.id for r in loaded.routines] == [r.id for r in again.routines]
    assert [str(p) for p in again.problems] == [str(p) for p in loaded.problems]
    assert again.broken_files == loaded.broken_files == [str(tmp_path / "b.yaml"), str(tmp_path / "c.yaml")]


def test_a_changed_file_or_other_settings_are_listed_anew(tmp_path, isolated_user_folders, settled):
    from stretchdesk.core.routine.library import list_library

    path = tmp_path / "a.yaml"
    path.write_text(GOOD.format(title="First"))
    assert list_library(steps_of, "settings", [tmp_path]).routines[0].summary == (1, "FIRST")
    path.write_text(GOOD.format(title="Second title"))
    assert list_library(steps_of, "settings", [tmp_path]).routines[0].title == "Second title"
    counted = []
    again = list_library(lambda routine: counted.append(routine.id) or (2,), "other settings", [tmp_path])
    assert counted == ["a"] and again.routines[0].summary == (2,)


@pytest.mark.parametrize("entry", [
    ["a"], [[1, 2, 3, 4, 5], ["a", "A title", [True]]], [[1, 2, 3, 4, 5], ["a", "x" * 100_000, []]],
    [[1, 2, 3, 4, 5], [None, []]], [[1, 2, 3, 4, 5], ["a", "t", [[1]]]],
])
def test_a_listing_the_code_could_not_have_written_is_ignored_and_rebuilt(tmp_path, isolated_user_folders, settled, entry):
    from stretchdesk.core.files import file_identity
    from stretchdesk.core.routine.library import list_library

    path = tmp_path / "a.yaml"
    path.write_text(GOOD.format(title="First"))
    list_library(steps_of, "settings", [tmp_path])
    listing_file = isolated_user_folders / "cache" / library_cache.LISTING_NAME
    data = json.loads(listing_file.read_bytes())
    if len(entry) == 2:
        entry[0] = list(file_identity(path))
    data["entries"][str(path)] = entry
    listing_file.write_text(json.dumps(data))
    assert list_library(steps_of, "settings", [tmp_path]).routines[0].summary == (1, "FIRST")
    assert json.loads(listing_file.read_bytes())["entries"][str(path)][1] == ["a", "First", [1, "FIRST"]]
