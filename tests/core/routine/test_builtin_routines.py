"""The four built-in routines: names, order, sides, counts and times as the sources give them."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

import pytest
import yaml

from stretchdesk.core.routine.library import load_library
from stretchdesk.core.paths import builtin_routines_dir
from stretchdesk.core.play.timeline import TimingSettings, build_timeline

from tests.conftest import REPO


@pytest.fixture(scope="module")
def builtin():
    library = load_library([builtin_routines_dir()])
    assert library.problems == []
    return {routine.id: routine for routine in library.routines}


def active_by_step(routine, variant=None):
    """Each step's name, sides and the time it takes without its pauses (a share of a
    duration that whole-second holds leave over is part of its get-ready)."""
    timing = TimingSettings()
    timeline = build_timeline(routine, timing, variant=variant)
    return [
        (plan.step.name, plan.step.sides,
         plan.total_seconds - timing.get_ready - timing.switch_pause * (plan.step.sides * plan.step.rounds - 1))
        for plan in timeline.steps
    ]


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


def test_the_cat_cows_breathe_as_their_sources_say_and_the_daily_one_says_either_way_will_do(builtin):
    """The daily routine breathes in to round the back, the intermediate one to arch it,
    each as its source has it; the daily one also tells a person who does both that the
    breath may go either way, as long as it is slow."""
    daily = builtin["daily-lower-back"].steps[0]
    intermediate = builtin["intermediate-lower-back"].steps[0]
    breathing_in = [line for line in daily.instructions if re.search(r"breathing in|breathe in", line, re.I)]
    assert breathing_in and "round" in breathing_in[0]
    breathing_in = [line for line in intermediate.instructions if re.search(r"breathing in|breathe in", line, re.I)]
    assert breathing_in and "sag" in breathing_in[0]  # the middle of the back sinks: an arch
    either_way = [line for line in (*daily.tips, *daily.instructions) if re.search(r"\bother way\b|\beither\b", line)]
    assert len(either_way) == 1 and "slow" in either_way[0], daily.tips


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

# Facts carry over from the sources; wording does not. A sentence of ours counts as copied
# when, compared word by word with the sources (lower case, no punctuation, small words
# such as "the" and "your" left out, a plural's "s" dropped), it
# - shares a run of RUN words with a source, unless the run is made of COMMON words only;
# - or is SIMILAR or more alike to one source sentence (difflib's ratio of the word lists);
# - or, with at least LONG words, has COVERED or more of them in runs of three or more
#   that one source sentence has in the same order (a sentence lifted from a longer one).
# Sentences are only compared with source sentences of at least SHORTEST words, which
# leaves out headings such as "Child's Pose".
# Step names and routine titles are names, and carry over like the other facts; so do the
# names of the poses a step or a movement names (poses.yaml is checked with the routines).
RUN = 5
SIMILAR = 0.6
COVERED = 0.5
SHORTEST = 4  # sentences of fewer words ("Lie face up.") are only checked for runs
LONG = 8
FILLER = frozenset("a an the your yours you my our its their this that these those s ll re ve".split())
COMMON = frozenset("and or of to in on at for with as if it is be so then but from by up down into out over".split())
NAMES = frozenset(("id", "name", "title", "step", "pose", "base", "motions"))
SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n")


def words(text: str) -> tuple[str, ...]:
    found = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in FILLER:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.append(word)
    return tuple(found)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def routine_texts(path: Path) -> Iterator[str]:
    """Every piece of text in a routine file but names: values, then the comments."""
    text = path.read_text(encoding="utf-8")
    stack: list[Any] = [yaml.safe_load(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(value for key, value in node.items() if key not in NAMES)
        elif isinstance(node, list):
            stack.extend(node)
    yield " ".join(line.strip().lstrip("#") for line in text.splitlines() if line.strip().startswith("#"))


class SourceWording:
    def __init__(self, texts: Iterable[str]):
        every = [(sentence, words(sentence)) for text in texts for sentence in sentences(text)]
        self.runs = {w[i : i + RUN] for _, w in every for i in range(len(w) - RUN + 1)}
        self.sentences = [(sentence, w) for sentence, w in every if len(w) >= SHORTEST]
        self.by_pair: dict[tuple[str, str], set[int]] = {}
        for index, (_, w) in enumerate(self.sentences):
            for pair in zip(w, w[1:]):
                self.by_pair.setdefault(pair, set()).add(index)

    def echo(self, sentence: str) -> str | None:
        """What a sentence copies (a run, or the source sentence it is too close to), or None."""
        w = words(sentence)
        for i in range(len(w) - RUN + 1):
            run = w[i : i + RUN]
            if run in self.runs and not COMMON.issuperset(run):
                return f"the run '{' '.join(run)}'"
        if len(w) < SHORTEST:
            return None
        candidates = set().union(*(self.by_pair.get(pair, ()) for pair in zip(w, w[1:])))
        closest: tuple[float, str] | None = None
        for index in sorted(candidates):
            source, source_words = self.sentences[index]
            matcher = difflib.SequenceMatcher(None, w, source_words, autojunk=False)
            # quick_ratio() bounds ratio() from above, and so the number of words in common.
            at_most = matcher.quick_ratio()
            if at_most < SIMILAR and at_most * (len(w) + len(source_words)) / 2 < COVERED * len(w):
                continue
            covered = sum(block.size for block in matcher.get_matching_blocks() if block.size >= 3)
            if matcher.ratio() >= SIMILAR or (len(w) >= LONG and covered >= COVERED * len(w)):
                closest = max(closest or (0.0, ""), (matcher.ratio(), source))
        return None if closest is None else f"'{closest[1]}'"


@pytest.fixture(scope="module")
def source_wording() -> SourceWording:
    return SourceWording(path.read_text(encoding="utf-8") for path in sorted(SOURCE.glob("*.txt")))


@pytest.mark.skipif(not SOURCE.is_dir(), reason="the source documents are not beside this checkout")
def test_no_sentence_is_copied_from_the_sources(source_wording):
    copied = []
    for path in sorted(Path(builtin_routines_dir()).glob("*.yaml")):
        for text in routine_texts(path):
            for sentence in sentences(text):
                echo = source_wording.echo(sentence)
                if echo is not None:
                    copied.append(f"{path.name}: '{sentence}' echoes {echo}")
    assert copied == [], "reword these:\n" + "\n".join(copied)


@pytest.mark.skipif(not SOURCE.is_dir(), reason="the source documents are not beside this checkout")
def test_the_copy_check_sees_light_edits(source_wording):
    """A source sentence with its small words swapped and one word changed is still a copy."""
    swaps = {"your": "the", "the": "your", "place": "set", "press": "push", "hold": "keep", "feet": "foot"}
    checked = 0
    for sentence, w in source_wording.sentences[::7]:
        if len(w) < 6:
            continue
        edited = [swaps.get(word, word) for word in re.findall(r"[A-Za-z0-9']+", sentence)]
        edited[len(edited) // 2] = "gently"
        assert source_wording.echo(" ".join(edited)) is not None, sentence
        checked += 1
    assert checked > 20


@pytest.mark.skipif(not SOURCE.is_dir(), reason="the source documents are not beside this checkout")
def test_no_sentence_of_the_app_or_its_documents_is_copied_either(source_wording):
    """The same check over what else a person reads: the README and the documents beside it,
    the app's description in the software centre, and the safety note the window shows."""
    from stretchdesk.core.routine.model import DEFAULT_SAFETY

    documents = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "benchmarks" / "README.md"]
    texts = {
        **{str(document.relative_to(REPO)): document.read_text(encoding="utf-8") for document in documents},
        "metainfo": next((REPO / "resources" / "desktop").glob("*.metainfo.xml")).read_text(encoding="utf-8"),
        "DEFAULT_SAFETY": DEFAULT_SAFETY,
    }
    # Routine titles are names, and names carry over (the documents' tables quote them).
    titles = [routine.title.lower() for routine in load_library([builtin_routines_dir()]).routines]
    copied = [f"{name}: '{sentence}' echoes {echo}" for name, text in texts.items()
              for sentence in sentences(re.sub(r"<[^<>]*>", " ", text))
              if not any(title in sentence.lower() for title in titles)
              and (echo := source_wording.echo(sentence)) is not None]
    assert copied == [], "reword these:\n" + "\n".join(copied)
