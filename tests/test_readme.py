"""The documents a person reads hold true: the routine format's examples are routines a person
can copy (they must load and play)."""

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
    from dataclasses import replace

    from stretchdesk.core.figure.skeleton import Motion
    from stretchdesk.core.routine.poses import builtin_poses

    text = format_example("<!-- the block below is loaded by tests/test_readme.py (poses of its own) -->")
    result = load_routine_text(text, "kneeling-reach.yaml", default_id="kneeling-reach")
    assert result.problems == ()
    routine = result.routine
    reach = replace(builtin_poses().library.poses["kneeling"], arm_near=(170.0, 0.0), arm_far=(170.0, 0.0),
                    highlight=("flank_near", "flank_far"))
    assert routine.motion(routine.steps[0]) == Motion(reach)
    assert routine.motion(routine.steps[1]) == Motion(reach, replace(reach, trunk=-15.0))


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
