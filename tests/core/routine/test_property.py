"""The loader never raises, whatever it is fed: arbitrary text, arbitrary YAML documents, and
valid routines with random damage."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.timeline import build_timeline

INTERNAL = "could not read this file"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=20),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=5)),
    max_leaves=30,
)
keys = st.sampled_from(
    ["title", "steps", "name", "duration", "hold", "reps", "rep", "breaths", "sides", "rounds", "first_side",
     "variants", "replace", "with", "step", "id", "level", "instructions", "tips", "focus", "format"]
)
values = st.one_of(
    scalars, st.sampled_from(["30s", "1:30", "20-30s", "2 min", "-5", "0", "1-2 min", "left", "right", "beginner"]),
    st.integers(0, 5), st.lists(st.text(max_size=8), max_size=3),
)

BASE = {
    "title": "Base",
    "steps": [
        {"name": "Cat cow", "breaths": 5},
        {"name": "Lunge", "duration": "1:00", "sides": 2},
        {"name": "Hamstring", "reps": 3, "rep": "2s", "sides": 2, "rounds": 2},
    ],
    "variants": [{"id": "soft", "name": "Soft", "replace": [{"step": "lunge", "with": [{"name": "Rest", "hold": "20-30s"}]}]}],
}


def check(text: str) -> None:
    result = load_routine_text(text, "fuzz.yaml", default_id="fuzz")
    if result.routine is None:
        assert result.problems
        for problem in result.problems:
            assert INTERNAL not in problem.message, problem
            assert problem.line is None or problem.line >= 1
    else:
        assert result.problems == ()
        timeline = build_timeline(result.routine)  # whatever loads, plays
        assert timeline.total_seconds > 0
        for variant in result.routine.variants:
            build_timeline(result.routine, variant=variant.id)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    check(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_arbitrary_yaml_documents(document):
    check(yaml.safe_dump(document, allow_unicode=True))


@st.composite
def damaged_routines(draw):
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(["top", "step", "variant"]))
        if target == "top":
            node = data
        elif target == "step":
            node = draw(st.sampled_from(data["steps"])) if isinstance(data.get("steps"), list) and data["steps"] else data
        else:
            node = data["variants"][0] if isinstance(data.get("variants"), list) and data["variants"] else data
        if not isinstance(node, dict):
            continue
        action = draw(st.sampled_from(["set", "delete"]))
        key = draw(keys)
        if action == "delete":
            node.pop(key, None)
        else:
            node[key] = draw(values)
    return data


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_routines())
def test_damaged_valid_routines(document):
    check(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))


def test_the_undamaged_base_loads():
    result = load_routine_text(yaml.safe_dump(BASE, sort_keys=False), "base.yaml", default_id="base")
    assert result.problems == ()
