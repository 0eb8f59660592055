from __future__ import annotations

import shutil
from pathlib import Path

from stretchdesk.core.library import load_library
from stretchdesk.core.paths import builtin_routines_dir

from ..conftest import DATA

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


def test_missing_folders_are_simply_empty(tmp_path: Path):
    library = load_library([tmp_path / "nowhere", builtin_routines_dir()])
    assert len(library.routines) == 4 and library.problems == []


def test_suggests_close_ids():
    assert load_library().suggest("hip-releif") == ["hip-relief"]


def test_an_unchanged_library_loads_from_the_cache(tmp_path: Path, monkeypatch, isolated_user_folders: Path):
    from stretchdesk.core import loader

    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    shutil.copy(DATA / "broken" / "typo_key.yaml", tmp_path / "b.yaml")
    first = load_library([tmp_path])
    assert (isolated_user_folders / "cache" / "library.pickle").is_file()

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(loader, "load_routine_file", no_parsing)
    again = load_library([tmp_path])
    assert [r.title for r in again.routines] == ["First"]
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]  # problems are remembered too


def test_a_changed_file_is_read_again(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.format(title="First"))
    load_library([tmp_path])
    path.write_text(GOOD.format(title="Second title"))  # another size, another time
    assert load_library([tmp_path]).routines[0].title == "Second title"


def test_a_damaged_cache_is_ignored(tmp_path: Path, isolated_user_folders: Path):
    (tmp_path / "a.yaml").write_text(GOOD.format(title="First"))
    cache = isolated_user_folders / "cache" / "library.pickle"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a pickle at all")
    assert load_library([tmp_path]).routines[0].title == "First"
    assert cache.read_bytes() != b"not a pickle at all"  # replaced by a good one


def test_the_cache_forgets_files_that_are_gone(tmp_path: Path, isolated_user_folders: Path):
    import pickle

    for index in range(5):
        (tmp_path / f"r{index}.yaml").write_text(GOOD.format(title=f"R{index}"))
    load_library([tmp_path])
    for index in range(1, 5):
        (tmp_path / f"r{index}.yaml").unlink()
    load_library([tmp_path])
    with (isolated_user_folders / "cache" / "library.pickle").open("rb") as handle:
        _stamp, entries = pickle.load(handle)
    assert list(entries) == [str(tmp_path / "r0.yaml")]
