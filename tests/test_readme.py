"""The documents a person reads hold true: the routine format's examples are routines a person
can copy (they must load and play), and the times they give for the built-in routines are
the ones the routines play."""

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
    from stretchdesk.core.figure.body import pose_from_mapping
    from stretchdesk.core.figure.motion import Motion
    from stretchdesk.core.routine.poses import builtin_poses

    text = format_example("<!-- the block below is loaded by tests/test_readme.py (poses of its own) -->")
    result = load_routine_text(text, "kneeling-reach.yaml", default_id="kneeling-reach")
    assert result.problems == ()
    routine = result.routine
    library = builtin_poses().library.poses
    reach = pose_from_mapping({"base": "kneeling", "shoulder_left": [170, 0, 0], "shoulder_right": [170, 0, 0],
                               "highlight": ["upper_back", "lower_back"]}, library)
    lean = pose_from_mapping({"base": "kneeling-reach", "upper_back": [-20, 0, 0]}, {**library, "kneeling-reach": reach})
    assert reach != library["kneeling"] and lean != reach
    assert routine.motion(routine.steps[0]) == Motion(reach)
    assert routine.motion(routine.steps[1]) == Motion(reach, lean)


# -- every path and link in the documents leads somewhere ----------------------------------

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "benchmarks" / "README.md"]

#: A path of the repository as the documents write it: from the checkout's root
#: (`stretchdesk/core/play/playback.py`, `packaging/bootstrap.sh`, `resources/desktop/*.desktop`),
#: or a module of the package from inside it (`ui/driver.py`). Not a part of a longer path
#: (`~/.local/share/stretchdesk/routines/`, `.venv/bin/stretchdesk`).
REPO_PATH = re.compile(r"(?<![\w./~%\\-])((?:stretchdesk|tests|packaging|benchmarks|routines|resources|docs|\.ci)/[\w.*/-]*"
                       r"|pyproject\.toml)")
PACKAGE_PATH = re.compile(r"(?<![\w./~-])((?:core|ui|sound)/[\w/-]*\.py)\b")
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _exists(path: str) -> bool:
    if "*" in path:
        return any(REPO.glob(path))
    target = REPO / path
    # An output prefix (pdftoppm's packaging/screenshots/report) names the file it writes.
    return target.exists() or any(target.parent.glob(target.name + ".*"))


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(document) -> set[str]:
    text = FENCE.sub("", document.read_text(encoding="utf-8"))
    return {_slug(match) for match in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_every_file_the_documents_name_is_in_the_repository():
    missing = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        named = [path.rstrip(".,:;") for path in REPO_PATH.findall(text)]
        named += ["stretchdesk/" + path for path in PACKAGE_PATH.findall(text)]
        missing += [f"{document.relative_to(REPO)}: {path}" for path in named if not _exists(path)]
    assert not missing, "named but not in the repository:\n" + "\n".join(missing)


def test_every_link_of_the_documents_leads_to_a_file_and_a_heading_there():
    broken = []
    for document in DOCUMENTS:
        for target in LINK.findall(FENCE.sub("", document.read_text(encoding="utf-8"))):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (document.parent / path).resolve() if path else document
            if not linked.exists():
                broken.append(f"{document.relative_to(REPO)}: {target} (no such file)")
            elif anchor and (linked.suffix != ".md" or anchor not in _anchors(linked)):
                broken.append(f"{document.relative_to(REPO)}: {target} (no such heading)")
    assert not broken, "links that lead nowhere:\n" + "\n".join(broken)


def test_the_readme_links_every_document():
    """Every moved section stays within reach: each document is linked from the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = {(REPO / target.partition("#")[0]).resolve() for target in LINK.findall(readme)}
    assert [str(d.relative_to(REPO)) for d in DOCUMENTS[1:] if d.resolve() not in links] == []


# -- the times the documents give for the built-in routines are the ones they play --------------

CONSOLE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
#: Where an example leaves the rest of the output out.
ELLIPSIS = {"...", "…"}


def console_examples(document) -> list[tuple[list[str], list[str]]]:
    """Each '$ stretchdesk ...' of the document's console blocks: its words after the
    program's name, and the output shown under it (to the next command or the block's end)."""
    import shlex

    examples = []
    for block in CONSOLE.findall(document.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                words = shlex.split(line[2:], comments=True)
                examples.append((words[1:] if words[:1] == ["stretchdesk"] else [], []))
            elif examples:
                examples[-1][1].append(line.rstrip())
    return examples


def test_the_documents_list_and_show_the_built_in_routines_as_the_commands_do(capsys):
    """The console examples of 'stretchdesk list' and 'stretchdesk show ROUTINE' print, line
    for line (up to a '...'), what the commands print: the steps, the time of stretching
    and the totals of the built-in routines, with the default settings."""
    from stretchdesk import cli

    checked, differ = 0, []
    for document in DOCUMENTS:
        for command, shown in console_examples(document):
            if command[:1] not in (["list"], ["show"]) or "--json" in command or "--figures" in command:
                continue
            assert cli.main(command) == 0, command
            printed = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
            while shown and not shown[-1]:
                shown.pop()
            for index, line in enumerate(shown):
                if line.strip() in ELLIPSIS:
                    break
                if index >= len(printed) or printed[index] != line:
                    differ.append(f"{document.relative_to(REPO)}: stretchdesk {' '.join(command)}\n"
                                  f"  the document: {line!r}\n  the command:  {printed[index] if index < len(printed) else None!r}")
                    break
            checked += 1
    assert checked >= 2, "the list and show examples were not found"
    assert not differ, "\n".join(differ)


def test_the_lengths_the_documents_give_for_the_built_in_routines():
    """The README's shortest and longest routine in minutes, and the user guide's longer
    get-readies of 'name and how-to' and what they make of a routine's total."""
    from stretchdesk.core.play.timeline import SegmentKind, timeline_for
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.core.store.settings import NAME_AND_HOW_TO, Settings
    from stretchdesk.core.words import clock

    routines = {routine.id: routine for routine in load_library().routines}
    settings = Settings()

    def totals(settings: Settings) -> dict[str, float]:
        return {key: timeline_for(settings, routine, settings.variant_for(routine)).total_seconds
                for key, routine in routines.items()}

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    count, shortest, longest = re.search(r"ships with (\w+) lower-back routines \(from (\d+) to (\d+) minutes\)", readme).groups()
    minutes = sorted(round(seconds / 60) for seconds in totals(settings).values())
    assert (count, int(shortest), int(longest)) == ("four", minutes[0], minutes[-1]) and len(minutes) == 4

    guide = (REPO / "docs" / "user-guide.md").read_text(encoding="utf-8")
    fewest, most = map(int, re.search(r"\((\d+) to (\d+) s for the\s+built-in steps", guide).groups())
    routine, before, after = re.search(r"\((\S+): (\d+:\d\d) to (\d+:\d\d)\)", guide).groups()
    assert clock(totals(settings)[routine]) == before
    settings.set("spoken_detail", NAME_AND_HOW_TO)
    assert clock(totals(settings)[routine]) == after
    get_readies = [segment.duration for each in routines.values()
                   for segment in timeline_for(settings, each, settings.variant_for(each)).segments
                   if segment.kind is SegmentKind.GET_READY]
    assert (min(get_readies), max(get_readies)) == (fewest, most)
