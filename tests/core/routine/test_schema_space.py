"""Whatever the routine checker accepts, everything after it handles.

Routine documents are generated from routines/routine.schema.json itself: a small walker
turns each schema keyword into a Hypothesis strategy, so a field added to the schema is
generated here without this file changing (and a keyword the walker does not know stops
it with a message saying so). Every document the schema accepts is written as YAML and
loaded. What loads goes through the library cache and back, is built into timelines with
several timing settings (and fitted to a time), and is played by the Playback controller
with a fake clock: from start to end, with the controls (pause, resume, a sleeping
computer, next, previous, stop, start again), and with the settings changed mid-session.
A sample goes through the command line. A document the loader refuses must be refused in
plain words.

The examples are the same on every run (derandomized, nothing remembered between runs,
whichever other tests run too), and few and small enough for the whole file to take
seconds: documents have a few steps, now and then as many as the schema allows; the clock
moves in jumps of up to ten seconds, often to a segment boundary exactly, with a few short
ticks where `wake_in` says.

(hypothesis-jsonschema would be the library for the generator, but 0.23.1, its latest
release, reaches into a private Hypothesis API that Hypothesis 6.170.10 changed, and fails
on every object schema with "'many' object has no attribute 'more'".)
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import importlib
import json
import math
import random
import re
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchdesk.cli import main, routine_json
from stretchdesk.core.routine import loader
from stretchdesk.core.play.cues import Cue
from stretchdesk.core.routine.durations import DURATION_PATTERN, RANGE_ENDS, parse_duration
from stretchdesk.core.files import json_bytes
from stretchdesk.core.routine.cache import decode_result, encode_result
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.figure.drawing import step_picture, svg
from stretchdesk.core.routine.poses import Pictures, builtin_poses
from stretchdesk.core.routine.model import Measure, Routine, slugify
from stretchdesk.core.play.playback import Playback, Update
from stretchdesk.core.play.session import SLEEP_GAP_SECONDS, EventKind, Session, State
from stretchdesk.core.store.settings import BY_KEY, Settings
from stretchdesk.core.text import visible
from stretchdesk.core.play.timeline import (
    MAX_FIT_SCALE,
    MIN_FIT_SCALE,
    TIMING_KEYS,
    SegmentKind,
    Timeline,
    TimingSettings,
    build_timeline,
    fit_limits,
    fit_timing,
)
from tests.fakes import FakeClock
from stretchdesk.core.play.timeline import timing_for

#: The loader's own words for a failure it did not foresee; a refusal must never be this.
INTERNAL = "StretchDesk could not read this file"

#: Reproducible in CI: the same examples every run, nothing remembered between runs.
SPACE = dict(derandomize=True, database=None, deadline=None,
             suppress_health_check=[HealthCheck.too_slow])
EXAMPLES = 160
#: One document in this many goes through the command line too (and one in that many of
#: those through `stretchdesk list`).
CLI_EVERY = 4
#: Routines are played only up to this long: the clock moves at most ten seconds a tick (a
#: longer gap is a computer that slept), and the schema allows routines of weeks.
PLAY_LIMIT_SECONDS = 4 * 3600


#: The names a step's `pose:` can take.
POSE_NAMES = sorted([*builtin_poses().library.poses, *builtin_poses().library.motions])
#: The names a pose of a routine's own can start from (`base:`), and a movement can name.
BASE_NAMES = sorted(builtin_poses().library.poses)


# -- a Hypothesis strategy from a JSON Schema ---------------------------------------------------

#: Keywords that say nothing about which documents are valid.
ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"}
#: Keywords the walker turns into strategies. Anything else stops it: teach it the keyword.
HANDLED = {
    "$ref", "type", "const", "enum", "oneOf", "anyOf",
    "properties", "required", "additionalProperties", "propertyNames", "maxProperties",
    "items", "minItems", "maxItems",
    "minLength", "maxLength", "pattern",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
}
#: Lists are usually short; now and then (see `rarely`) exactly as long as the schema allows.
USUAL_ITEMS = 3
USUAL_TEXT = 30
#: Numbers are mostly near the bottom of their range (a 30 s hold, not a 50 min one)...
USUAL_NUMBER_SPAN = 60
#: ...and in the items of a list drawn at its limit, very near it, so that a routine of two
#: hundred steps stays a routine a test can play through in moments.
SMALL_NUMBER_SPAN = 2

#: Text as people (and careless editors) write it: any code point, with the ones that are
#: special to YAML, terminals and bidirectional text coming up more often.
#: (Not lone surrogates: text to the schema checker, but no UTF-8 file can hold one, and the
#: loader refuses the escape YAML writes for it in plain words.)
SPECIAL_TEXT = ["\t", "\n", "\r\n", "\x1b[31m", "\u202e", "\u200b", "\u2028", "\x85", "#", ": ", "- ", "'", '"', "\\",
                "{", "&a", "*a", "!!str", "~", "null", "yes", "😀", "ß", "İ", "ﬃ", "\u0301"]
TEXT_ALPHABET = st.one_of(st.characters(codec="utf-8"), st.sampled_from("abc XYZ 019-"))
TEXT = st.lists(st.one_of(st.text(TEXT_ALPHABET, max_size=6), st.sampled_from(SPECIAL_TEXT)), max_size=6).map("".join)


def evenly(*options: st.SearchStrategy) -> st.SearchStrategy:
    """One of the options, each as often as the others. (st.one_of flattens the options
    that are themselves one_of, so an option of five kinds would be drawn five times as
    often as an option of one; a mapped strategy is not flattened.)"""
    return st.one_of(*(option.map(_as_drawn) for option in options))


def _as_drawn(value: Any) -> Any:
    return value


def rarely(common: st.SearchStrategy, rare: st.SearchStrategy) -> st.SearchStrategy:
    """`rare` about one time in six; shrinks towards `common`."""
    return st.integers(0, 5).flatmap(lambda pick: rare if pick == 5 else common)


def _duration_texts(extremes: bool = True) -> st.SearchStrategy[str]:
    """Durations in every form the grammar has, mostly under an hour and in order, so many
    of them load: 30, 12.5s, 2 min, 1:30, 1m30s, 1 min 30 s, 20-30s, 1-2 min, 0:30 to 1:00.
    Without `extremes`, in every form but short: a few seconds each."""
    seconds_unit = st.sampled_from(["s", "sec", "secs", "second", "seconds"])
    minutes_unit = st.sampled_from(["m", "min", "mins", "minute", "minutes"])
    space = st.sampled_from(["", " ", "  "])
    top, top_minutes, top_seconds = (600, 60, 59) if extremes else (9, 0, 9)
    number = st.one_of(st.integers(1, top).map(str), st.decimals(0, top, places=1).map(str))
    clock = st.tuples(st.integers(0, min(top_minutes, 59)), st.integers(0, top_seconds)).map(lambda ms: f"{ms[0]}:{ms[1]:02d}")
    minutes_and_seconds = st.tuples(st.integers(0, top_minutes), space, minutes_unit, space, st.integers(0, top_seconds), space, seconds_unit) \
        .map(lambda p: f"{p[0]}{p[1]}{p[2]}{p[3]}{p[4]}{p[5]}{p[6]}")
    one = evenly(
        number,
        st.tuples(number, space, seconds_unit).map("".join),
        st.tuples(st.integers(0, top_minutes).map(str), space, minutes_unit).map("".join),
        clock, clock,  # (the forms of two parts, twice: each part has its own ways to go wrong)
        minutes_and_seconds, minutes_and_seconds,
    )
    separator = st.sampled_from(["-", " - ", "–", "—", " to "])

    def ordered(parts: tuple[str, str, str, str]) -> str:
        low, separator_text, high, order = parts
        # Put the ends in order, as the range reads as a whole ("30-2 min" is 30 to 2
        # minutes); a backwards range is still in the space, now and then.
        with contextlib.suppress(ValueError):
            whole = parse_duration(f"{high}{separator_text}{low}")
            if order == "order" and whole.low < whole.high:
                low, high = high, low
        return f"{low}{separator_text}{high}"

    any_range = st.tuples(one, separator, one, st.sampled_from(["order", "order", "as drawn"])).map(ordered)
    # Two ends that differ (drawn freely, they are often the same).
    wider = st.tuples(st.integers(1, top), st.integers(1, top // 2), separator, st.sampled_from(["", "s", " sec", " seconds"])) \
        .map(lambda p: f"{p[0]}{p[2]}{p[0] + p[1]}{p[3]}")
    wider_minutes = st.tuples(st.integers(1, max(1, top_minutes // 2)), st.integers(1, 10), separator, minutes_unit) \
        .map(lambda p: f"{p[0]}{p[2]}{p[0] + p[1]}{p[3]}")
    a_range = st.one_of(any_range, wider, wider_minutes) if extremes else st.one_of(any_range, wider)
    return st.tuples(space, evenly(a_range, one), space).map("".join)


#: Text that matches a pattern of the schema, beyond what from_regex finds, by the pattern
#: (and whether the schema's extremes are wanted).
PATTERN_EXAMPLES: dict[str, Callable[[bool], st.SearchStrategy[str]]] = {DURATION_PATTERN: _duration_texts}


class SchemaWalker:
    """Turns a JSON Schema (the keywords in HANDLED) into a strategy for documents it accepts.

    `extremes` lets a node take the schema's limits (a list of maxItems, a text of maxLength,
    a number anywhere in its range); inside a list drawn at its limit the items stay small,
    so a document stays small enough to check many of them."""

    def __init__(self, root: dict[str, Any]):
        self.root = root
        self._memo: dict[tuple[str, bool], st.SearchStrategy] = {}

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            reference = schema["$ref"]
            if not reference.startswith("#/"):
                raise NotImplementedError(f"the schema walker follows only local references, not {reference!r}")
            target: Any = self.root
            for part in reference[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def strategy(self, schema: dict[str, Any], extremes: bool = True) -> st.SearchStrategy:
        key = (json.dumps(schema, sort_keys=True), extremes)
        if key not in self._memo:
            self._memo[key] = self._build(self.resolve(schema), extremes)
        return self._memo[key]

    def _build(self, schema: dict[str, Any], extremes: bool) -> st.SearchStrategy:
        unknown = set(schema) - HANDLED - ANNOTATIONS
        if unknown:
            raise NotImplementedError(f"the schema walker does not know {sorted(unknown)}; teach it in {__file__}")
        for combinator in ("oneOf", "anyOf"):
            if combinator in schema:
                return self._branches(schema, combinator, extremes)
        if "const" in schema:
            return st.sampled_from(_with_whole_floats([schema["const"]]))
        if "enum" in schema:
            return st.sampled_from(_with_whole_floats(schema["enum"]))
        types = schema.get("type")
        if types is None:
            if "properties" in schema or "required" in schema:
                types = "object"
            else:
                raise NotImplementedError(f"the schema walker needs a type for {schema}")
        types = types if isinstance(types, list) else [types]
        # Text in a grammar of many forms (a duration) comes up twice as often as the
        # plain number the same field also takes.
        weights = {kind: 2 if kind == "string" and schema.get("pattern") in PATTERN_EXAMPLES and len(types) > 1 else 1 for kind in types}
        return evenly(*(self._typed(kind, schema, extremes) for kind in types for _ in range(weights[kind])))

    def _branches(self, schema: dict[str, Any], combinator: str, extremes: bool) -> st.SearchStrategy:
        base = {k: v for k, v in schema.items() if k != combinator}
        branches = [self.resolve(branch) for branch in schema[combinator]]
        options = []
        for index, branch in enumerate(branches):
            merged = _merge(base, branch)
            if combinator == "oneOf" and "properties" in merged:
                # Exactly one branch: leave out the keys the other branches require, so no
                # other branch matches too (duration, hold, reps or breaths: just one).
                others = {key for j, other in enumerate(branches) if j != index for key in other.get("required", ())}
                left_out = others - set(merged.get("required", ()))
                merged["properties"] = {k: v for k, v in merged["properties"].items() if k not in left_out}
            options.append(self.strategy(merged, extremes))
        return st.one_of(options)

    def _property(self, key: str, schema: dict[str, Any], extremes: bool) -> st.SearchStrategy:
        if key == "pose":
            # A pose is a name from the pose library; any other name the schema allows is
            # refused by the loader, which it should be now and then, not nearly always.
            return rarely(st.sampled_from(POSE_NAMES), self.strategy(schema, extremes))
        if key == "base":
            # The same for the pose a routine's own pose starts from.
            return rarely(st.sampled_from(BASE_NAMES), self.strategy(schema, extremes))
        return self.strategy(schema, extremes)

    def _typed(self, kind: str, schema: dict[str, Any], extremes: bool) -> st.SearchStrategy:
        if kind == "object":
            values = schema.get("additionalProperties", False)
            if isinstance(values, dict) and not schema.get("properties") and not schema.get("required"):
                return self._mapping(schema, values, extremes)
            if values is not False:
                raise NotImplementedError("the schema walker makes only objects with additionalProperties: false, "
                                          "or mappings of names (propertyNames) to values (additionalProperties)")
            properties = schema.get("properties", {})
            required = schema.get("required", [])
            return st.fixed_dictionaries(
                {key: self._property(key, properties[key], extremes) for key in required},
                optional={key: self._property(key, sub, extremes) for key, sub in properties.items() if key not in required},
            )
        if kind == "array":
            low = schema.get("minItems", 0)
            high = schema.get("maxItems", low + USUAL_ITEMS)
            usual = st.lists(self.strategy(schema.get("items", {}), extremes), min_size=low, max_size=min(high, low + USUAL_ITEMS))
            if not extremes or high <= low + USUAL_ITEMS:
                return usual
            # As many items as allowed: a few drawn, then repeated (two hundred drawn ones
            # would not fit in one example).
            few = st.lists(self.strategy(schema.get("items", {}), False), min_size=1, max_size=3)
            return rarely(usual, few.map(lambda items: [copy.deepcopy(items[i % len(items)]) for i in range(high)]))
        if kind == "string":
            low = schema.get("minLength", 0)
            high = schema.get("maxLength")
            if "pattern" in schema:
                pattern = schema["pattern"]
                # Without fullmatch: the text the pattern finds, as the schema checker searches
                # for it (in Python "$" also matches before a last newline).
                found = st.from_regex(pattern)
                if pattern in PATTERN_EXAMPLES:
                    examples = PATTERN_EXAMPLES[pattern](extremes).filter(lambda text: re.search(pattern, text))
                    found = rarely(examples, found) if extremes else examples
                return found.filter(lambda text: low <= len(text) <= (high if high is not None else len(text)))
            high = high if high is not None else low + USUAL_TEXT
            usual = TEXT.map(lambda text: text[:high]).filter(lambda text: len(text) >= low)
            if not extremes or high <= low + USUAL_TEXT:
                return usual
            at_limit = st.text(TEXT_ALPHABET, min_size=1, max_size=12).map(lambda chunk: (chunk * high)[:high])
            return rarely(usual, at_limit)
        if kind in ("integer", "number"):
            return _numbers(schema, whole=kind == "integer", extremes=extremes)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        raise NotImplementedError(f"the schema walker does not know the type {kind!r}")

    def _mapping(self, schema: dict[str, Any], values: dict[str, Any], extremes: bool) -> st.SearchStrategy:
        """Names (propertyNames) each with a value (additionalProperties): a routine's own poses."""
        names = self.strategy({"type": "string", **schema.get("propertyNames", {})}, extremes)
        high = schema.get("maxProperties", USUAL_ITEMS)
        usual = st.dictionaries(names, self.strategy(values, extremes), max_size=min(high, USUAL_ITEMS))
        if not extremes or high <= USUAL_ITEMS:
            return usual
        # As many as allowed: as many names, and a few values drawn and repeated.
        few = st.lists(self.strategy(values, False), min_size=1, max_size=3)
        at_limit = st.tuples(st.lists(names, min_size=high, max_size=high, unique=True), few).map(
            lambda drawn: {name: copy.deepcopy(drawn[1][i % len(drawn[1])]) for i, name in enumerate(drawn[0])})
        return rarely(usual, at_limit)


def _merge(base: dict[str, Any], branch: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in branch.items():
        if key == "required":
            merged["required"] = [*merged.get("required", []), *(k for k in value if k not in merged.get("required", []))]
        elif key == "properties":
            merged["properties"] = {**merged.get("properties", {}), **value}
        elif key in merged and merged[key] != value and key not in ANNOTATIONS:
            raise NotImplementedError(f"the schema walker cannot merge two values of {key!r}")
        else:
            merged[key] = value
    return merged


def _with_whole_floats(values: list[Any]) -> list[Any]:
    """JSON has one kind of number: where 2 is allowed, so is 2.0."""
    return [*values, *(float(v) for v in values if isinstance(v, int) and not isinstance(v, bool))]


def _numbers(schema: dict[str, Any], *, whole: bool, extremes: bool) -> st.SearchStrategy:
    low, low_open = schema.get("minimum"), False
    if "exclusiveMinimum" in schema:
        low, low_open = schema["exclusiveMinimum"], True
    high, high_open = schema.get("maximum"), False
    if "exclusiveMaximum" in schema:
        high, high_open = schema["exclusiveMaximum"], True
    int_low = None if low is None else math.floor(low) + 1 if low_open else math.ceil(low)
    int_high = None if high is None else math.ceil(high) - 1 if high_open else math.floor(high)
    # Mostly near the bottom of the range, as routines are (a 30 s hold, not a 50 min one),
    # now and then anywhere in it, up to the limit.
    span = USUAL_NUMBER_SPAN if extremes else SMALL_NUMBER_SPAN
    near = None if int_low is None or int_high is None else min(int_high, int_low + span)
    integers = st.integers(int_low, near)
    if extremes:
        integers = rarely(integers, st.integers(int_low, int_high))
    options = [integers, integers.map(float)]  # 5 and 5.0: the schema accepts both
    if not whole:
        def floats(top: float | None) -> st.SearchStrategy[float]:
            return st.floats(low, top, exclude_min=low_open and low is not None,
                             exclude_max=high_open and top == high and high is not None, allow_nan=False, allow_infinity=False)
        options.append(floats(near if near is not None and not extremes else high) if not extremes or near is None
                       else rarely(floats(near), floats(high)))
    return st.one_of(options)


#: libyaml's writer and reader where PyYAML has them (its wheels do): several times faster.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
READER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SCHEMA = loader.schema()
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
SCHEMA_DOCUMENTS = SchemaWalker(SCHEMA).strategy(SCHEMA)
STEPS = SchemaWalker(SCHEMA).strategy(SCHEMA["properties"]["steps"]["items"])
SMALL_STEPS = SchemaWalker(SCHEMA).strategy(SCHEMA["properties"]["steps"]["items"], extremes=False)
MAX_STEPS = SCHEMA["properties"]["steps"]["maxItems"]
VARIANTS = SchemaWalker(SCHEMA).strategy({**SCHEMA["properties"]["variants"], "minItems": 1})


# -- documents that get past the loader's own checks more often ---------------------------------


def _step_id(item: dict[str, Any], index: int) -> str:
    """The id a step ends up with: its own, or its name made into one (as the loader does)."""
    return item.get("id") or slugify(item["name"].strip()) or f"step-{index + 1}"


def _unique_ids(items: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if _step_id(item, index) in seen:
            item["id"] = next(f"s{index + 1}-{n}" for n in range(1000) if f"s{index + 1}-{n}" not in seen)
        seen.add(_step_id(item, index))


def _tidy_steps(items: list[dict[str, Any]]) -> None:
    for index, item in enumerate(items):
        if not item["name"].strip():
            item["name"] = f"Step {index + 1}"
    _unique_ids(items)
    for item in items:
        if item.get("sides") != 2:
            item.pop("first_side", None)
            item.pop("side_label", None)
        if "reps" not in item:
            item.pop("rep", None)


#: The keys a pose may give in each form (a routine file's format): format 1's flat figure, format 2's body.
POSE_KEYS = {form: set(SCHEMA["$defs"][f"pose-format{form}"]["properties"]) for form in (1, 2)}


def _tidy_poses(document: dict[str, Any], draw: Callable) -> None:
    """A routine's own poses as a person writes them: each in the form of the document's
    format (format 1's flat figure when it gives none, format 2's body in space), starting
    from a pose there is; in format 1, one that faces a way is seen from the side and no limb
    is both behind and in front; in format 2, each joint within the body's range, each part
    it rests on a part on something to rest on, a camera that looks from above the floor or
    below it; its movements name poses there are; and a step or two shows one of them."""
    poses, motions = document.get("poses", {}), document.get("motions", {})
    form = 2 if document.get("format") == 2 else 1
    known = list(BASE_NAMES)
    for name, pose in poses.items():
        for key in [key for key in pose if key not in POSE_KEYS[form]]:
            del pose[key]
        if pose.get("base") not in known:
            pose.pop("base", None)
        if form == 1:
            if "facing" in pose:
                pose["view"] = "side"
            if "behind" in pose or "in_front" in pose:
                pose["behind"] = pose.get("behind", [])
                pose["in_front"] = [limb for limb in pose.get("in_front", []) if limb not in pose["behind"]]
        else:
            _tidy_body(pose, draw)
        known.append(name)
    for name in list(motions):
        if name in poses:
            del motions[name]
        else:
            motions[name] = [part if part in known else draw(st.sampled_from(known)) for part in motions[name]]
    own = [*poses, *motions]
    if own:
        for step in draw(st.lists(st.sampled_from(_all_steps(document)), max_size=2)):
            step["pose"] = draw(st.sampled_from(own))


def _tidy_body(pose: dict[str, Any], draw: Callable) -> None:
    from stretchdesk.core.figure import body

    for joint, ranges in body.JOINTS.items():
        if joint in pose:
            values = pose[joint] if isinstance(pose[joint], list) else [pose[joint]]
            kept = [min(high, max(low, value)) for value, (_, low, high) in zip(values, ranges)]
            pose[joint] = kept if isinstance(pose[joint], list) else kept[0]
    if "camera" in pose:
        pose["camera"] = [pose["camera"][0], min(90, max(-90, pose["camera"][1]))]
    if "rests_on" in pose:
        places = st.sampled_from([*body.PARTS, *body.PLACES])
        pose["rests_on"] = [draw(st.tuples(places, st.sampled_from(body.SURFACES)).map(" on ".join)) for _ in pose["rests_on"]]


@st.composite
def routine_documents(draw: Callable) -> dict[str, Any]:
    """A document the schema accepts. Most are tidied the way a person writing a routine would
    (step ids of their own, a variant replacing steps that exist, first_side only with two
    sides) so they reach everything after the loader; the rest stay as drawn."""
    document = draw(SCHEMA_DOCUMENTS)
    if draw(st.integers(0, 3)) == 0:
        return document
    # Drawn freely, most documents have one step and no variants: give more of them a few
    # steps and a variant, which is where steps are replaced and left out.
    if len(document["steps"]) == 1 and draw(st.booleans()):
        document["steps"] += draw(st.lists(STEPS, min_size=1, max_size=3))
    elif len(document["steps"]) < MAX_STEPS and draw(st.integers(0, 15)) == 0:
        few = draw(st.lists(SMALL_STEPS, min_size=1, max_size=3))
        document["steps"] = [copy.deepcopy(few[i % len(few)]) for i in range(MAX_STEPS)]
    if not document.get("variants") and draw(st.booleans()):
        document["variants"] = draw(VARIANTS)
    _tidy_steps(document["steps"])
    ids = [_step_id(item, index) for index, item in enumerate(document["steps"])]
    variant_ids: set[str] = set()
    for number, variant in enumerate(document.get("variants", [])):
        if variant["id"] in variant_ids:
            variant["id"] = f"v{number + 1}"
        variant_ids.add(variant["id"])
        targets = draw(st.permutations(ids))
        variant["replace"] = variant["replace"][: len(targets)]
        for replacement, target in zip(variant["replace"], targets):
            replacement["step"] = target
            _tidy_steps(replacement["with"])
        if len(variant["replace"]) == len(ids) and not any(r["with"] for r in variant["replace"]):
            # A variant may not leave a routine without steps: one step stays, or one comes in.
            if len(ids) > 1:
                variant["replace"].pop()
            else:
                variant["replace"][0]["with"] = [draw(STEPS)]
                _tidy_steps(variant["replace"][0]["with"])
    _tidy_poses(document, draw)
    return document


# -- timing settings ----------------------------------------------------------------------------


def _step_ids(routine: Routine) -> list[str]:
    return sorted({step.id for variant in (None, *(v.id for v in routine.variants)) for step in routine.steps_for(variant)})


def timings(routine: Routine) -> st.SearchStrategy[TimingSettings]:
    """Timing settings as the timeline takes them, beyond what the settings file allows:
    any hold scale fitting may choose, holds of the person's own, spare seconds."""
    return st.builds(
        TimingSettings,
        hold_scale=st.one_of(st.integers(50, 200), st.floats(MIN_FIT_SCALE, MAX_FIT_SCALE)),
        range_end=st.sampled_from(RANGE_ENDS),
        get_ready=st.integers(0, 30),
        switch_pause=st.integers(0, 20),
        breath_length=st.integers(2, 20),
        rep_tempo=st.integers(0, 10),
        step_holds=st.dictionaries(st.sampled_from(_step_ids(routine)), st.floats(1, 600), max_size=3),
        spare_seconds=rarely(st.just(0.0), st.floats(0, 300)),
    )


#: No pauses at all and everything as long as it goes: the segments a setting can drop.
NO_PAUSES = TimingSettings(hold_scale=MAX_FIT_SCALE, range_end="longer", get_ready=0, switch_pause=0, breath_length=20, rep_tempo=0)


def _setting_values(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Values the settings file allows, from the settings' own table."""
    def values(key: str) -> st.SearchStrategy:
        setting = BY_KEY[key]
        if setting.kind == "int":
            return st.integers(setting.minimum, setting.maximum)
        if setting.kind == "choice":
            return st.sampled_from(setting.choices)
        return st.booleans()
    return st.fixed_dictionaries({key: values(key) for key in keys})


@dataclasses.dataclass
class Choices:
    """What a person may have set: the settings, and for this routine a variant, holds of
    their own and a time to fit it to."""

    values: dict[str, Any]
    variant: str | None
    step_holds: dict[str, float]
    target_seconds: int | None

    def apply(self, settings: Settings, routine: Routine) -> Settings:
        for key, value in self.values.items():
            settings.set(key, value)
        prefs = settings.preferences(routine.id)
        prefs.variant = self.variant
        prefs.step_holds = dict(self.step_holds)
        prefs.target_seconds = self.target_seconds
        return settings


def choices(routine: Routine) -> st.SearchStrategy[Choices]:
    return st.builds(
        Choices,
        values=_setting_values((*TIMING_KEYS, "sounds", "voice", "countdown_ticks")),
        variant=st.sampled_from([None, *(v.id for v in routine.variants)]),
        step_holds=rarely(st.just({}), st.dictionaries(st.sampled_from(_step_ids(routine)), st.integers(1, 90), max_size=3)),
        # Mostly not fitted; fitted, mostly to a few minutes (the longest is four hours).
        target_seconds=rarely(st.none(), rarely(st.integers(60, 900), st.integers(60, 4 * 3600))),
    )


# -- what is checked for each timeline ----------------------------------------------------------


def check_timeline(routine: Routine, variant: str | None, timing: TimingSettings) -> Timeline:
    timeline = build_timeline(routine, timing, variant)
    steps = routine.steps_for(variant)
    assert [plan.step for plan in timeline.steps] == list(steps), "the steps play in the routine's order"
    assert [plan.index for plan in timeline.steps] == list(range(len(steps)))
    total = timeline.total_seconds
    assert math.isfinite(total) and total > 0
    assert math.isclose(total, math.fsum(s.duration for s in timeline.segments), rel_tol=1e-9), "the total is its parts"
    assert timeline.segments[0].start == 0
    for before, after in zip(timeline.segments, timeline.segments[1:]):
        assert after.start == before.end, "no gap and no overlap between segments"
        assert before.step_index <= after.step_index
    expected_total = timing.spare_seconds
    for plan in timeline.steps:
        step = plan.step
        assert math.isfinite(plan.active_seconds) and plan.active_seconds > 0, f"step {plan.index + 1} has no time to do it in"
        assert plan.start <= plan.active_start <= plan.end
        assert plan.first_segment < plan.last_segment
        segments = timeline.segments[plan.first_segment:plan.last_segment]
        assert all(s.step_index == plan.index for s in segments)
        assert segments[0].start == plan.start and segments[-1].end == plan.end
        active = [s for s in segments if s.kind.active]
        assert math.isclose(math.fsum(s.duration for s in active), plan.active_seconds, rel_tol=1e-9)
        if step.measure.timed:
            assert plan.unit_seconds >= 1 and plan.unit_seconds.is_integer(), f"a hold of {plan.unit_seconds} s: holds are whole seconds"
            assert len(active) == step.sides * step.rounds
        elif step.measure is Measure.REPS:
            assert len(active) == step.reps * step.sides * step.rounds
        else:
            assert len(active) == 2 * step.breaths * step.sides * step.rounds
        # A step given by duration takes that time to the second (its holds in whole
        # seconds, and the whole seconds that leaves over in the get-ready), unless even one
        # second a hold is longer.
        pauses = timing.switch_pause * (step.sides * step.rounds - 1)
        doing = plan.active_seconds
        if step.measure is Measure.DURATION and step.id not in timing.step_holds:
            whole = step.duration.pick(timing.range_end) * timing.hold_scale / 100
            doing += max(0.0, math.floor(whole - doing + 1e-9))
        expected_total += timing.get_ready + pauses + doing
        text = plan.amount.written()
        assert isinstance(text, str) and text.strip()
    assert math.isclose(total, expected_total, rel_tol=1e-9), "every step takes its time, and only that"
    assert timeline.active_seconds <= total * (1 + 1e-9)

    data = routine_json(timeline)
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert data["step_count"] == len(steps) and data["total_seconds"] == total
    return timeline


def check_fitting(routine: Routine, variant: str | None, timing: TimingSettings, target: float) -> None:
    """A routine fitted to a time lasts that time, unless even its shortest holds are longer
    (then it plays its shortest) or its longest are shorter (then its longest)."""
    shortest, longest = fit_limits(routine, timing, variant)
    assert shortest <= longest
    fitted = fit_timing(routine, timing, variant, target)
    assert MIN_FIT_SCALE <= fitted.hold_scale <= MAX_FIT_SCALE
    timeline = check_timeline(routine, variant, fitted)
    assert math.isclose(timeline.total_seconds, min(max(target, shortest), longest), rel_tol=1e-9), (target, shortest, longest)


# -- playing, with a fake clock -----------------------------------------------------------------


class Player:
    """Drives a Playback as a front end does, with a fake clock that starts at zero, so that
    until the first pause or jump the clock reads the position in the routine exactly and
    a tick can land on a segment boundary to the last bit."""

    def __init__(self, settings: Settings, rng: random.Random):
        self.clock = FakeClock(0.0)
        self.playback = Playback(settings, self.clock)
        self.rng = rng
        self.updates: list[Update] = []
        self.ticks = 0

    @property
    def events(self) -> list:
        return [event for update in self.updates for event in update.events]

    def record(self, update: Update) -> Update:
        self.updates.append(update)
        if update.ended:
            assert update.view.state is State.FINISHED
            assert self.playback.wake_in() is None, "nothing to wake for once the session is over"
        return update

    def start(self, routine: Routine, variant: str | None) -> Update:
        self.voice_at_start = self.playback.settings["voice"]
        update = self.record(self.playback.start(routine, variant))
        assert update.events[0].kind is EventKind.STARTED and update.view.step_index == 0
        return update

    def tick(self, *, until: float | None = None, exact: bool = True) -> Update:
        """One tick, after a jump of the clock: as far as `wake_in` says, to the end of the
        segment under way (exactly), or a few seconds; never as far as `until`, and never
        as far as a sleeping computer's gap."""
        playback, clock = self.playback, self.clock
        wake = playback.wake_in()
        assert wake is not None and wake >= 0, f"wake_in is {wake} while the session runs"
        now = clock()
        pick = self.rng.random()
        segment = playback.view().segment
        reach = SLEEP_GAP_SECONDS * 0.99
        if pick < 0.15:
            target = now + max(wake, 1e-3)
        elif segment is None or segment.end < now + reach:
            # A boundary within reach: land on it exactly, or anywhere up to a jump past it.
            target = segment.end if pick < 0.6 and exact and segment is not None else now + self.rng.uniform(0.01, reach)
        else:
            # Nothing happens for a while: big jumps.
            target = now + self.rng.uniform(reach * 0.6, reach)
        if until is not None:
            target = min(target, until)
        clock.now = target
        self.ticks += 1
        update = self.record(playback.tick())
        assert EventKind.SLEPT not in [event.kind for event in update.events]
        return update

    def tick_to_end(self, *, exact: bool = True) -> Update:
        timeline = self.playback.timeline
        budget = 1000 + 10 * (len(timeline.segments) + timeline.total_seconds)
        update = self.updates[-1]
        while not update.ended:
            assert self.ticks < budget, "the session does not finish"
            update = self.tick(exact=exact)
        return update


def _finish_cue(settings: Settings) -> Cue | None:
    sound = "finish" if settings["sounds"] else None
    speech = "Done. Well done." if settings["voice"] else None
    return Cue(sound, speech) if sound or speech else None


def check_played_through(player: Player) -> None:
    """Every step announced once and completed, in order; the end reached once, and said."""
    playback = player.playback
    timeline = playback.timeline
    steps = list(range(len(timeline.steps)))
    events = player.events
    kinds = [event.kind for event in events]
    assert kinds[0] is EventKind.STARTED and kinds[-1] is EventKind.FINISHED and kinds.count(EventKind.FINISHED) == 1
    assert EventKind.SLEPT not in kinds and EventKind.PAUSED not in kinds and EventKind.STEP_SKIPPED not in kinds
    assert [e.step_index for e in events if e.kind is EventKind.STEP_STARTED] == steps, "each step is announced once, in order"
    assert [e.step_index for e in events if e.kind is EventKind.STEP_COMPLETED] == steps, "each step is completed once, in order"
    assert all(a.at <= b.at for a, b in zip(events, events[1:])), "events come in the order they happened"
    assert events[-1].at == timeline.total_seconds
    counted = {kind: sum(1 for s in timeline.segments if s.kind is kind) for kind in (SegmentKind.REP, SegmentKind.BREATH)}
    assert kinds.count(EventKind.REP) == counted[SegmentKind.REP], "every rep is counted"
    assert kinds.count(EventKind.BREATH) == counted[SegmentKind.BREATH], "every breath is counted"
    long_holds = sum(1 for s in timeline.segments if s.kind is SegmentKind.HOLD and s.duration >= 5)
    assert kinds.count(EventKind.COUNTDOWN) == 3 * long_holds, "every long hold counts down its last three seconds"

    last = player.updates[-1]
    assert [u.ended for u in player.updates] == [False] * (len(player.updates) - 1) + [True]
    summary = last.summary
    assert summary.completed == steps and summary.skipped == [] and not summary.stopped_early
    # The time spent: from the start to the tick that saw the end (the clock read the
    # position until then: no pauses).
    assert math.isclose(summary.active_time, player.clock(), rel_tol=1e-9, abs_tol=1e-6)
    assert summary.active_time >= timeline.total_seconds * (1 - 1e-9)
    finish = _finish_cue(playback.settings)
    assert finish is None or last.cues[-1] == finish, "the end is chimed and said"
    first_cues = player.updates[0].cues
    if player.voice_at_start:
        # The first step's name when there is time to say it (a get-ready of 0 s has none).
        spoken = [cue.speech for cue in first_cues if cue.speech]
        assert all(timeline.steps[0].step.name in line for line in spoken[:1]), spoken
    view = last.view
    assert view.remaining == 0 and view.position == timeline.total_seconds and view.segment is None
    positions = [u.view.position for u in player.updates]
    assert positions == sorted(positions), "the routine never goes back by itself"


def play_through(settings: Settings, routine: Routine, variant: str | None, rng: random.Random) -> Timeline:
    """Start, then ticks to the end."""
    player = Player(settings, rng)
    player.start(routine, variant)
    player.tick_to_end()
    check_played_through(player)
    return player.playback.timeline


def use_controls(settings: Settings, routine: Routine, variant: str | None, rng: random.Random) -> None:
    """Pause and resume, a computer that sleeps, next and previous, stop, start again, and
    next to the end."""
    player = Player(settings, rng)
    playback, clock = player.playback, player.clock
    player.start(routine, variant)
    timeline = playback.timeline
    count = len(timeline.steps)
    first = timeline.steps[0]

    clock.advance(rng.uniform(0, min(first.total_seconds * 0.9, SLEEP_GAP_SECONDS * 0.9)))
    player.record(playback.tick())
    update = player.record(playback.pause())
    assert update.events[-1].kind is EventKind.PAUSED and update.view.paused and update.view.state is State.PAUSED
    assert playback.wake_in() is None, "a paused session needs no ticks"
    where = update.view.position
    clock.advance(600)
    update = player.record(playback.tick())
    assert update.events == () and update.view.position == where, "a paused session stays where it is"
    update = player.record(playback.toggle())
    assert update.events[0].kind is EventKind.RESUMED and update.view.position == where and not update.view.paused
    clock.advance(SLEEP_GAP_SECONDS + 5)
    update = player.record(playback.tick())
    assert update.events[-1].kind is EventKind.SLEPT and update.view.paused and update.view.position == where, \
        "after the computer slept the session waits where it was"
    update = player.record(playback.resume())
    assert update.events[0].kind is EventKind.RESUMED and update.view.position == where

    if count >= 2:
        update = player.record(playback.next_step())
        assert [(e.kind, e.step_index) for e in update.events][:2] == [(EventKind.STEP_SKIPPED, 0), (EventKind.STEP_STARTED, 1)]
        assert update.view.step_index == 1 and update.view.position == timeline.steps[1].start
        update = player.record(playback.previous_step())
        assert update.view.step_index == 0 and update.view.position == 0, "previous, right after next, goes back a step"
        assert (update.events[0].kind, update.events[0].step_index) == (EventKind.STEP_STARTED, 0)
        # Announced again when the get-ready leaves time to say its name.
        assert all(first.step.name in cue.speech for cue in update.cues if cue.speech) or not settings["voice"]
    # Well into a step, previous starts it again.
    target = first.active_start + 3.5
    if first.end > target + 0.1:
        while playback.view().position < target - 1e-3:
            player.tick(until=clock() + min(target - playback.view().position, SLEEP_GAP_SECONDS * 0.9), exact=False)
        assert playback.view().step_index == 0
        update = player.record(playback.previous_step())
        assert update.view.step_index == 0 and update.view.position == 0 and update.view.segment == timeline.segments[0]

    update = player.record(playback.stop())
    assert update.events[-1].kind is EventKind.STOPPED and update.ended and update.summary.stopped_early
    assert update.summary.completed == [] and playback.wake_in() is None
    assert player.record(playback.tick()).events == (), "a stopped session stays stopped"

    update = player.record(playback.toggle())
    assert update.events[0].kind is EventKind.STARTED and update.view.position == 0 and not update.ended
    for press in range(count):
        update = player.record(playback.next_step())
        assert update.ended == (press == count - 1), "next, once per step, reaches the end"
    assert update.events[-1].kind is EventKind.FINISHED
    finish = _finish_cue(settings)
    assert finish is None or update.cues[-1] == finish
    assert update.summary.skipped == list(range(count)) and update.summary.completed == []
    assert player.record(playback.next_step()).events == (), "nothing to skip once it is over"


#: What the runs with a settings change covered between them.
CHANGE_CASES = {
    "during a get-ready": lambda view, total: view.segment is not None and view.segment.kind is SegmentKind.GET_READY,
    "during an exercise": lambda view, total: view.segment is not None and view.segment.kind.active,
    "on a segment boundary": lambda view, total: view.segment is not None and view.position == view.segment.start,
    "at the very end, before the tick that ends it": lambda view, total: view.position == total,
}


def change_settings_mid_session(settings: Settings, routine: Routine, variant: str | None, changed: Choices,
                                rng: random.Random, seen: set[str]) -> None:
    """New settings arrive during the session (as from the settings dialog, on the same
    Settings object, perhaps after the loop stalled): from the step after the one under way
    the session follows them; the countdown under way does not jump; no step is left out."""
    player = Player(settings, rng)
    playback, clock = player.playback, player.clock
    player.start(routine, variant)
    old = playback.timeline
    total = old.total_seconds
    # During a get-ready or anywhere, on a boundary, or at (or just after) the very end.
    where = rng.randrange(4)
    get_readies = [s for s in old.segments if s.kind is SegmentKind.GET_READY]
    if where == 0 and get_readies:
        segment = rng.choice(get_readies)
        change_at = rng.uniform(segment.start, segment.end)
    elif where <= 1:
        change_at = rng.uniform(0, total)
    elif where == 2:
        change_at = rng.choice(old.segments).start
    else:
        change_at = total + rng.choice([0.0, 0.0, rng.uniform(0, 5)])
    update = player.updates[-1]
    while clock() < change_at - SLEEP_GAP_SECONDS * 0.9 and not update.ended:
        update = player.tick(until=change_at - SLEEP_GAP_SECONDS * 0.9)
    if update.ended:  # the session ended on a boundary on the way
        assert playback.settings_changed() == Update()
        return
    clock.now = change_at  # the settings dialog closes before the next tick
    before = playback.view()
    changed.apply(playback.settings, routine)
    update = player.record(playback.settings_changed())
    after = update.view
    seen.update(case for case, applies in CHANGE_CASES.items() if applies(before, total))
    assert after.position == before.position, "the change does not move the routine on or back"
    assert (after.step_index, after.segment, after.segment_remaining, after.display_seconds) == \
        (before.step_index, before.segment, before.segment_remaining, before.display_seconds), "the countdown under way does not jump"
    spliced = playback.timeline
    kept = len(old.steps) if before.step_index is None else before.step_index + 1
    assert spliced.steps[:kept] == old.steps[:kept], "what has begun keeps its times"
    assert spliced.segments[:old.steps[kept - 1].last_segment] == old.segments[:old.steps[kept - 1].last_segment]
    upcoming = playback.timeline_for(routine, variant)
    if kept < len(old.steps):
        tail = [(s.kind, s.duration, s.side) for s in spliced.segments[spliced.steps[kept].first_segment:]]
        assert tail == [(s.kind, s.duration, s.side) for s in upcoming.segments[upcoming.steps[kept].first_segment:]], \
            "the steps after the one under way follow the new settings"
    for before_segment, after_segment in zip(spliced.segments, spliced.segments[1:]):
        assert after_segment.start == before_segment.end, "no gap and no overlap where the timelines meet"
    if before.position >= total:
        assert update.ended, "a routine whose end has passed ends at the next tick, whatever the settings"
    player.tick_to_end()
    check_played_through(player)


# -- the command line ---------------------------------------------------------------------------


def run_cli(capsys, *arguments: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def check_command_line(capsys, path: Path, routine: Routine, user_routines: Path, *, listed: bool) -> None:
    code, out, err = run_cli(capsys, "show", str(path), "--json")
    assert code == 0, err
    shown = json.loads(out)
    expected = routine_json(build_timeline(routine))
    assert {**shown, "file": None} == {**expected, "file": None}, "show --json prints the routine as the player times it"

    code, out, err = run_cli(capsys, "show", str(path))
    assert code == 0, err
    assert visible(out) == out, "nothing from the file reaches the terminal unescaped"
    lines = out.splitlines()
    assert lines[-1].split()[-1] == "Done"
    assert len(lines) >= len(routine.steps) + 4

    if routine.variants:
        variant = routine.variants[-1]
        code, out, err = run_cli(capsys, "show", str(path), "--variant", variant.id, "--json")
        assert code == 0, err
        assert json.loads(out)["step_count"] == len(routine.steps_for(variant.id))

    code, out, err = run_cli(capsys, "check", str(path))
    assert code == 0 and ": ok (" in out, out + err

    if listed:
        copy_in_library = user_routines / path.name
        copy_in_library.write_bytes(path.read_bytes())
        try:
            code, out, err = run_cli(capsys, "list")
            assert code == 0, err
            assert visible(routine.id) in out, out
        finally:
            copy_in_library.unlink()


# -- what the documents that loaded covered -----------------------------------------------------

#: What the documents that loaded must have included between them, so the space stays wide.
FEATURES: dict[str, Callable[[dict[str, Any], Routine], bool]] = {
    "a whole number written as 5.0": lambda d, r: any(isinstance(s.get(k), float) for s in _all_steps(d) for k in ("reps", "breaths", "rounds", "sides")),
    "a duration as a number": lambda d, r: any(isinstance(s.get(k), (int, float)) for s in _all_steps(d) for k in ("duration", "hold", "rep")),
    "a duration as text": lambda d, r: any(isinstance(s.get(k), str) for s in _all_steps(d) for k in ("duration", "hold", "rep")),
    "a range": lambda d, r: any(x is not None and x.is_range for s in _routine_steps(r) for x in (s.duration, s.hold, s.rep)),
    "a clock time": lambda d, r: _duration_text_matches(d, r"\d:\d\d"),
    "minutes and seconds": lambda d, r: _duration_text_matches(d, r"\d\s*m\D*\d+\s*s"),
    "minutes": lambda d, r: _duration_text_matches(d, r"\d\s*min"),
    "a step given by duration": lambda d, r: any(s.measure is Measure.DURATION for s in _routine_steps(r)),
    "a step given by hold": lambda d, r: any(s.measure is Measure.HOLD for s in _routine_steps(r)),
    "reps": lambda d, r: any(s.measure is Measure.REPS for s in _routine_steps(r)),
    "reps with a rep time": lambda d, r: any(s.rep for s in _routine_steps(r)),
    "breaths": lambda d, r: any(s.measure is Measure.BREATHS for s in _routine_steps(r)),
    "one-sided steps": lambda d, r: any(not s.two_sided for s in _routine_steps(r)),
    "two-sided steps": lambda d, r: any(s.two_sided for s in _routine_steps(r)),
    "right side first": lambda d, r: any(s.two_sided and s.first_side == "right" for s in _routine_steps(r)),
    "rounds": lambda d, r: any(s.rounds > 1 for s in _routine_steps(r)),
    "a variant": lambda d, r: bool(r.variants),
    "a variant that replaces a step with others": lambda d, r: any(steps for v in r.variants for _, steps in v.replacements),
    "a variant that leaves a step out": lambda d, r: any(not steps for v in r.variants for _, steps in v.replacements),
    "text at its longest": lambda d, r: any(len(t) in (4000, 1000) for t in _texts(d)),
    "text beyond ASCII": lambda d, r: any(not t.isascii() for t in _texts(d)),
    "many steps": lambda d, r: len(r.steps) == MAX_STEPS,
    "poses of the routine's own": lambda d, r: bool(r.poses.poses),
    "a movement of the routine's own": lambda d, r: bool(r.poses.motions),
    "a step that shows a pose of the routine's own": lambda d, r: any(s.pose in r.poses.names() for s in _routine_steps(r)),
}


def _all_steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    replacements = [step for v in document.get("variants", []) for r in v["replace"] for step in r["with"]]
    return [*document["steps"], *replacements]


def _routine_steps(routine: Routine) -> list:
    return [step for variant in (None, *(v.id for v in routine.variants)) for step in routine.steps_for(variant)]


def _duration_text_matches(document: dict[str, Any], pattern: str) -> bool:
    return any(isinstance(s.get(k), str) and re.search(pattern, s[k]) for s in _all_steps(document) for k in ("duration", "hold", "rep"))


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


@pytest.fixture
def same_examples_in_any_company(monkeypatch):
    """Hypothesis now and then draws a constant found in the project's modules imported so
    far, and which those are depends on the other tests collected and run before this one:
    here it draws from the constants of the modules that read a routine file alone, so the
    examples are the same whether it runs alone or with the whole suite, and whatever else
    in the code changes.
    (Hypothesis's internals: should they change, it draws as it would without this.)"""
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import constants_from_module

        # Kept in order, as Hypothesis keeps its own: drawn from a plain set, a text constant
        # would depend on the order of the set, which is the order of the texts' hashes, and
        # those change from one run of Python to the next.
        pool = providers.Constants(integers=providers.SortedSet(), floats=providers.SortedSet(key=providers.float_to_int),
                                   bytes=providers.SortedSet(), strings=providers.SortedSet())
        # The modules that say what a routine file holds and how its text is read: a change
        # anywhere else in the code (a figure, the history) leaves the examples as they were.
        for name in ("stretchdesk.core.routine.durations", "stretchdesk.core.routine.loader", "stretchdesk.core.routine.model"):
            for constant in constants_from_module(importlib.import_module(name)):
                pool.add(constant)
        monkeypatch.setattr(providers, "_get_local_constants", lambda: pool)
        providers.CONSTANTS_CACHE.cache.clear()
    except (ImportError, AttributeError):
        yield
        return
    yield
    providers.CONSTANTS_CACHE.cache.clear()  # drawn from this pool: not kept for later tests


def test_whatever_the_schema_accepts_loads_plays_and_prints(capsys, user_routines: Path, tmp_path: Path, same_examples_in_any_company):
    seen: set[str] = set()
    changes_seen: set[str] = set()
    outcomes = {"loaded": 0, "refused": 0, "played": 0, "command line": 0}
    files = iter(range(10**6))

    @settings(max_examples=EXAMPLES, **SPACE)
    @given(document=routine_documents(), data=st.data())
    def check(document: dict[str, Any], data: st.DataObject) -> None:
        text = yaml.dump(document, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
        path = tmp_path / f"space-{next(files)}.yaml"
        result = load_routine_text(text, path.name, default_id=path.stem)
        if result.routine is None:  # (one that loads, the loader has checked against the schema)
            assert VALIDATOR.is_valid(document), "the generator made a document the schema refuses"
        else:
            # What the file says, as YAML reads it back (PyYAML writes a few characters, such
            # as U+0085, as line breaks that read back as spaces), to compare the routine
            # with. (Only for one that loaded: a refusal is checked against its problems.)
            document = yaml.load(text, Loader=READER)
        path.write_text(text, encoding="utf-8")
        try:
            follow(document, result, path, data)
        finally:
            path.unlink()

    def follow(document: dict[str, Any], result, path: Path, data: st.DataObject) -> None:
        if result.routine is None:
            outcomes["refused"] += 1
            assert result.problems
            for problem in result.problems:
                assert isinstance(problem.message, str) and problem.message.strip()
                assert INTERNAL not in problem.message, f"an internal error instead of a plain message: {problem}"
                assert "Traceback" not in str(problem)
            if outcomes["refused"] % CLI_EVERY == 1:  # a sample: the command line takes a while
                code, out, err = run_cli(capsys, "check", str(path))
                assert code == 1 and out.strip() and INTERNAL not in out, out + err
            return

        outcomes["loaded"] += 1
        routine = result.routine
        assert result.problems == ()
        assert routine.title == document["title"].strip(), "the title reads as written"
        assert [step.name for step in routine.steps] == [item["name"].strip() for item in document["steps"]]
        for step in _routine_steps(routine):
            for number in (step.reps, step.breaths, step.rounds, step.sides):
                assert number is None or type(number) is int, f"{step.name!r}: {number!r} is counted with, so it must be an int"
            assert step.measure is {"duration": Measure.DURATION, "hold": Measure.HOLD, "reps": Measure.REPS, "breaths": Measure.BREATHS}[
                next(key for key in ("reps", "breaths", "hold", "duration") if getattr(step, key) is not None)]
        seen.update(name for name, present in FEATURES.items() if present(document, routine))

        # The library's cache gives back the very routine the file held.
        encoded = json.loads(json_bytes(encode_result(result), ascii_only=True))
        assert decode_result(encoded, path).routine == dataclasses.replace(routine, file=path)

        # Each pose and movement of the routine's own is drawn, whatever angles it was given.
        for name in routine.poses.names():
            motion = Pictures(routine.poses).motion(name)
            assert motion is not None, name
            assert svg(*step_picture(motion, "right", 48))

        if outcomes["loaded"] % CLI_EVERY == 1:
            outcomes["command line"] += 1
            check_command_line(capsys, path, routine, user_routines, listed=outcomes["command line"] % CLI_EVERY == 1)

        drawn = data.draw(timings(routine), label="timing")
        for variant in (None, *(v.id for v in routine.variants)):
            check_timeline(routine, variant, TimingSettings())
            check_timeline(routine, variant, NO_PAUSES)
            check_timeline(routine, variant, drawn)
            totals = [build_timeline(routine, TimingSettings(range_end=end), variant).total_seconds for end in RANGE_ENDS]
            assert totals == sorted(totals), "a longer end of a range never makes the routine shorter"
        variant = data.draw(st.sampled_from([None, *(v.id for v in routine.variants)]), label="variant")
        totals = [build_timeline(routine, dataclasses.replace(drawn, hold_scale=scale), variant).total_seconds
                  for scale in (MIN_FIT_SCALE, 50, 100, 200, MAX_FIT_SCALE)]
        assert totals == sorted(totals), "longer holds never make the routine shorter"
        check_fitting(routine, variant, drawn, data.draw(st.integers(60, 3600), label="fit to"))

        person = data.draw(choices(routine), label="settings")
        changed = dataclasses.replace(data.draw(choices(routine), label="changed settings"), variant=person.variant)
        # The moments of the ticks, from a seed: hundreds of draws from Hypothesis itself
        # would overrun an example's data, and Hypothesis drops such examples silently.
        rng = random.Random(data.draw(st.integers(0, 2**32 - 1), label="seed of the ticks"))
        lengths = [Playback(choice.apply(Settings(), routine)).timeline_for(routine, person.variant).total_seconds
                   for choice in (person, changed)]
        if max(lengths) > PLAY_LIMIT_SECONDS:
            return  # a routine of days (a hundred reps of an hour each): timed above, too long to play here
        outcomes["played"] += 1
        settings_object = person.apply(Settings(), routine)
        played = play_through(settings_object, routine, person.variant, rng)
        if person.target_seconds is not None:
            shortest, longest = fit_limits(routine, timing_for(settings_object, routine, person.variant, fit=False), person.variant)
            assert math.isclose(played.total_seconds, min(max(person.target_seconds, shortest), longest), rel_tol=1e-9), "it plays fitted"
        use_controls(person.apply(Settings(), routine), routine, person.variant, rng)
        change_settings_mid_session(person.apply(Settings(), routine), routine, person.variant, changed, rng, changes_seen)


    check()
    # About four documents in ten load, the share moving a little with what is drawn: a
    # third is the floor below which too little gets past the loader to test what follows.
    assert outcomes["loaded"] >= outcomes["refused"] / 3, f"too few documents get past the loader to test what follows: {outcomes}"
    assert outcomes["played"] >= outcomes["loaded"] / 2, f"too few routines short enough to play: {outcomes}"
    assert outcomes["command line"] >= 3, outcomes
    missing = set(FEATURES) - seen
    assert not missing, f"no document that loaded had: {', '.join(sorted(missing))}"
    missing = set(CHANGE_CASES) - changes_seen
    assert not missing, f"no settings change came: {', '.join(sorted(missing))}"


def test_new_settings_mid_session_leave_no_step_out():
    """New settings spliced in with a rep time such as 0.3 s: the segments still meet
    exactly, so a tick landing on a boundary (27.5) sees it pass."""
    text = "title: T\nsteps:\n- {name: A, hold: 1}\n- {name: B, reps: 5, rep: 0.3}\n- {name: C, hold: 1}\n"
    routine = load_routine_text(text, "t.yaml", default_id="t").routine
    session = Session(build_timeline(routine))
    events = session.start(0.0) + session.tick(5.0)
    # During step A the person sets a longer get-ready; it applies from step B on.
    session.update_timeline(build_timeline(routine, TimingSettings(get_ready=10)), 5.0)
    now = 5.0
    while session.state is not State.FINISHED:
        now += 0.5
        events += session.tick(now)
    assert [e.step_index for e in events if e.kind is EventKind.STEP_STARTED] == [0, 1, 2], "every step is announced"
    assert session.summary(now).completed == [0, 1, 2]
