"""Reading one routine file: YAML text -> checked -> a Routine, or a list of Problems.

The JSON Schema in routines/routine.schema.json decides what a routine file may contain;
this module turns the schema's findings into plain sentences that name the file, the line
and the field, and adds the checks a schema cannot express (durations that are too long,
step ids that clash, variants that name a step that is not there, poses that name no pose
to start from). Once the file reads as YAML, every problem it has is listed at once: the
checks beyond the schema look at whatever the schema let through, so a misspelt key does
not hide an unknown pose in the next step.

Loading never raises: whatever the input, the result is a routine or a list of problems.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import jsonschema
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stretchdesk.core import paths
from stretchdesk.core.files import FileRefused, read_regular_file
from stretchdesk.core.routine.durations import HOW_TO_WRITE, Duration, DurationError, parse_duration
from stretchdesk.core.routine.model import DEFAULT_SAFETY, SIDE_LABEL, Routine, Step, Variant, slugify
from stretchdesk.core.routine.own_poses import OwnPoses
from stretchdesk.core.routine.problems import LoadResult, Problem

if TYPE_CHECKING:
    from stretchdesk.core.routine.poses import Pictures

#: A routine of 200 steps with generous text is well under this; anything bigger is a mistake.
MAX_FILE_BYTES = 1024 * 1024
#: Nodes in one document; stops pathological documents before they cost memory or time.
MAX_NODES = 50_000
#: Levels of lists and mappings: a routine has six at the most (a variant's replacement's
#: step's list of lines); deeper documents would exhaust the stack of what reads them.
MAX_DEPTH = 20
#: The longest a single hold or step may be before we ask whether it is a typo.
MAX_SECONDS = 3600

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
#: Longer numbers are refused before they are converted (Python will not convert an int of
#: more than 4300 digits, and says so in words meant for programmers).
MAX_NUMBER_TEXT = 30

#: Words people reach for that mean one of the format's keys.
_SYNONYMS = {
    "time": "duration",
    "length": "duration",
    "seconds": "duration",
    "secs": "duration",
    "repetitions": "reps",
    "repeats": "reps",
    "side": "sides",
    "description": "summary",
    "name": "title",
    "exercises": "steps",
    "stretches": "steps",
    "sets": "rounds",
    "tip": "tips",
    "instruction": "instructions",
    "adjustment": "adjustments",
    "easier": "adjustments",
    "breath": "breaths",
}


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


#: libyaml's C parser when PyYAML has it (its wheels do): about ten times faster than the
#: pure-Python one, which is kept as the fallback.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)

ALIAS_MESSAGE = "aliases (*name) are not allowed in a routine file; write the value out in full"

#: Characters YAML does not allow in a document (control characters, surrogates, ...).
_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class _RoutineYamlLoader(yaml.SafeLoader):
    """The pure-Python safe loader, minus aliases: a routine never needs them, and they let
    a tiny file expand into an enormous one. (With the C loader, aliases are caught by
    _check_nodes, which sees the same node twice.)"""

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, ALIAS_MESSAGE)
        return super().compose_node(parent, index)


def _first_alias(text: str) -> yaml.Mark | None:
    """Where the first alias is used, for the message (the node tree only shows the anchor)."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
    return None


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    with paths.builtin_routines_dir().joinpath("routine.schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


def load_routine_file(path: Path | str, *, display_name: str | None = None) -> LoadResult:
    """Load one routine file. `display_name` is how the file is named in problems."""
    path = Path(path)
    name = display_name or str(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return _fail(name, None, "there is no such file")
    except FileRefused as refused:
        if refused.errno == errno.EFBIG:
            return _fail(name, None, f"{refused.strerror}; a routine file may be at most 1 MiB")
        return _fail(name, None, refused.strerror)
    return load_routine_bytes(raw, name, default_id=path.stem, file=path)


def load_routine_bytes(raw: bytes, name: str, *, default_id: str, file: Path | None = None) -> LoadResult:
    if len(raw) > MAX_FILE_BYTES:
        return _fail(name, None, f"the file is {len(raw) / 1024 / 1024:.1f} MiB; a routine file may be at most 1 MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return _fail(name, line, "the file is not UTF-8 text; save it as UTF-8 in your editor")
    result = load_routine_text(text, name, default_id=default_id, file=file)
    if result.routine is not None:
        digest = hashlib.sha256(raw).hexdigest()
        object.__setattr__(result.routine, "digest", digest)
    return result


def load_routine_text(text: str, name: str, *, default_id: str, file: Path | None = None) -> LoadResult:
    """Load a routine from YAML text. Never raises."""
    try:
        return _load(text, name, default_id, file)
    except Exception as error:  # noqa: BLE001 - the promise is that loading never raises
        return _fail(name, None, f"StretchDesk could not read this file ({type(error).__name__}: {error})")


def _fail(name: str, line: int | None, message: str, field: str = "", column: int | None = None) -> LoadResult:
    return LoadResult(None, (Problem(name, line, column, field, message),))


def _load(text: str, name: str, default_id: str, file: Path | None) -> LoadResult:
    if not text.strip():
        return _fail(name, 1, "the file is empty; a routine needs at least a title and steps")
    if "\x00" in text:
        return _fail(name, None, "the file holds binary data, not text")

    bad_character = _NOT_ALLOWED.search(text)
    if bad_character is not None:
        return _unreadable_character(name, text, bad_character.start())
    loader = (_FAST_LOADER or _RoutineYamlLoader)(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, _Refused, RecursionError) as error:
        # A parser may stop a deep document with its own words before our check sees it
        # (libyaml's C parser stops at 1000 levels, with a message for programmers, in some
        # PyYAML versions and not in others): look for our own limit first, whatever it said.
        too_deep = _first_too_deep(text)
        if too_deep is not None:
            return _too_deep(name, too_deep)
        return _composing_failed(name, text, error)
    finally:
        loader.dispose()
    if root is None:
        return _fail(name, 1, "the file is empty; a routine needs at least a title and steps")

    problems = list(_check_nodes(root, name, text))
    if problems:
        return LoadResult(None, tuple(sorted(problems, key=_problem_order)))

    try:
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        return _yaml_syntax_problem(name, error, text)
    except (ValueError, OverflowError) as error:
        return _fail(name, None, f"a value cannot be read: {error}")

    problems, refused = _schema_problems(data, root, name)
    if problems:
        if isinstance(data, dict):
            # The checks beyond the schema too, on the values it let through.
            checker = _Builder(data, root, name, refused)
            checker.check()
            problems += checker.problems
        return LoadResult(None, tuple(sorted(problems, key=_problem_order)))

    builder = _Builder(data, root, name)
    routine = builder.build(default_id, file)
    if builder.problems:
        return LoadResult(None, tuple(sorted(builder.problems, key=_problem_order)))
    return LoadResult(routine, ())


def _composing_failed(name: str, text: str, error: BaseException) -> LoadResult:
    """The problem a person reads when the YAML text cannot be put together at all."""
    if isinstance(error, yaml.reader.ReaderError):
        return _unreadable_character(name, text, min(error.position, len(text) - 1))
    if isinstance(error, _Refused):
        return _fail(name, _line(error.mark), error.message, column=_column(error.mark))
    if isinstance(error, yaml.composer.ComposerError) and "expected a single document" in str(error):
        return _fail(name, _line(error.problem_mark), "the file holds more than one YAML document (a second '---'); put one routine in each file")
    if isinstance(error, yaml.MarkedYAMLError):
        return _yaml_syntax_problem(name, error, text)
    if isinstance(error, RecursionError):
        return _fail(name, None, "the YAML is nested too deeply to be a routine")
    return _fail(name, None, f"this is not valid YAML: {error}")


def _first_too_deep(text: str) -> yaml.Mark | None:
    """Where the document first goes deeper than MAX_DEPTH, read event by event so the
    parser never gets near a depth limit of its own; None when it never does (or the text
    breaks before it does). The pure-Python parser reads it: libyaml's scanner looks ahead
    through a whole flow collection before it hands out its first event, so it reaches its
    own limit first."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent, yaml.AliasEvent)) and depth + 1 > MAX_DEPTH:
                return event.start_mark
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        return None
    return None


def _too_deep(name: str, mark: yaml.Mark | None) -> LoadResult:
    return _fail(name, _line(mark), f"the YAML is nested too deeply (more than {MAX_DEPTH} levels) to be a routine", column=_column(mark))


def _problem_order(problem: Problem) -> tuple[int, int, str]:
    return (problem.line or 0, problem.column or 0, problem.message)


def _line(mark: yaml.Mark | None) -> int | None:
    return None if mark is None else mark.line + 1


def _column(mark: yaml.Mark | None) -> int | None:
    return None if mark is None else mark.column + 1


def _unreadable_character(name: str, text: str, position: int) -> LoadResult:
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    return _fail(name, line, f"the character U+{ord(text[position]):04X} cannot appear in a routine file; delete it", column=column)


#: The line breaks YAML counts lines by (the marks' line numbers follow them).
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _tab_in_indentation(text: str, mark: yaml.Mark | None) -> int | None:
    """The column (from 1) of the tab that breaks the line the error points at, when that is
    what went wrong: the character at the mark is a tab, or the line is indented with one."""
    if mark is None:
        return None
    lines = _YAML_LINE_BREAK.split(text, maxsplit=mark.line + 1)
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    if line[mark.column : mark.column + 1] == "\t":
        return mark.column + 1
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    return indentation.index("\t") + 1 if "\t" in indentation else None


def _yaml_syntax_problem(name: str, error: yaml.MarkedYAMLError, text: str = "") -> LoadResult:
    mark = error.problem_mark or error.context_mark
    tab_column = _tab_in_indentation(text, mark)
    if tab_column is not None:
        line = _line(mark)
        return _fail(name, line, f"this is not valid YAML: line {line} is indented with a tab; YAML needs spaces, not tabs, for indentation",
                     column=tab_column)
    what = error.problem or error.context or "the text cannot be read"
    if error.context and error.problem and error.context_mark is not None:
        started = _line(error.context_mark)
        if started != _line(mark):
            what += f" ({error.context}, which starts on line {started})"
    hint = ""
    if error.problem and ("found character '\\t'" in error.problem or "tab character" in error.problem):
        hint = "; indent with spaces, not tabs"
    elif error.problem and "mapping values are not allowed" in error.problem:
        hint = "; a text that contains ': ' needs quotes around it"
    return _fail(name, _line(mark), f"this is not valid YAML: {what}{hint}", column=_column(mark))


def _check_nodes(root: Node, name: str, text: str) -> Iterable[Problem]:
    """Walk the YAML tree before building anything: aliases, foreign tags, repeated keys,
    keys that are not text, and documents too large to be a routine."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    seen: set[int] = set()
    count = 0
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # the same node twice: an alias
            mark = _first_alias(text)
            yield Problem(name, _line(mark), _column(mark), "", ALIAS_MESSAGE)
            return
        seen.add(id(node))
        count += 1
        if count > MAX_NODES:
            yield Problem(name, None, None, "", f"the file has more than {MAX_NODES} values; that is too large to be a routine")
            return
        if depth > MAX_DEPTH:
            yield _too_deep(name, node.start_mark).problems[0]
            return
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_TEXT:
            yield Problem(
                name, _line(node.start_mark), _column(node.start_mark), "",
                f"this number is {len(node.value)} characters long; no number in a routine needs more than a few digits",
            )
            continue
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            yield Problem(
                name, _line(node.start_mark), _column(node.start_mark), "",
                f"the tag {tag} is not allowed; a routine holds only text, numbers, lists and mappings",
            )
            continue
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                    yield Problem(
                        name, _line(key.start_mark), _column(key.start_mark), "",
                        "a key must be a plain word such as 'name' or 'duration'",
                    )
                    continue
                if key.value in keys:
                    first = keys[key.value]
                    yield Problem(
                        name, _line(key.start_mark), _column(key.start_mark), key.value,
                        f"'{key.value}' is given twice (first on line {_line(first.start_mark)}); keep one",
                    )
                keys[key.value] = key
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def _node_at(root: Node, path: Iterable[Any]) -> tuple[Node, Node | None]:
    """The YAML node a JSON-Schema path leads to (as deep as it exists), and its key node."""
    node, key_node = root, None
    for part in path:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == part:
                    node, key_node = value, key
                    break
            else:
                break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node, key_node = node.value[part], None
        else:
            break
    return node, key_node


def field_label(data: Any, path: Iterable[Any]) -> str:
    """('steps', 4, 'duration') -> 'step 5 "Lunge", duration', in the words a person uses."""
    words: list[str] = []
    parts = list(path)
    current = data
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if i == 0 and part in ("poses", "motions") and isinstance(nxt, str):
            words.append(f"{part[:-1]} '{nxt}'")  # pose 'my-lunge', motion 'rock'
            current = current.get(part, {}).get(nxt) if isinstance(current, dict) and isinstance(current.get(part), dict) else None
            i += 2
            continue
        if part in ("steps", "with", "variants", "replace") and isinstance(nxt, int):
            item = current[part][nxt] if _indexable(current, part, nxt) else None
            noun = {"steps": "step", "with": "step", "variants": "variant", "replace": "replacement"}[part]
            label = f"{noun} {nxt + 1}"
            title = item.get("name") if isinstance(item, dict) else None
            if isinstance(title, str) and title.strip():
                label += f' "{title.strip()}"'
            words.append(label)
            current = item
            i += 2
            continue
        if isinstance(part, int):
            words.append(f"line {part + 1}" if words else f"item {part + 1}")
            current = current[part] if isinstance(current, list) and 0 <= part < len(current) else None
        else:
            words.append(str(part))
            current = current.get(part) if isinstance(current, dict) else None
        i += 1
    return ", ".join(words)


def _indexable(container: Any, key: str, index: int) -> bool:
    return isinstance(container, dict) and isinstance(container.get(key), list) and 0 <= index < len(container[key])


def _describe_type(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping of keys and values",
    "boolean": "yes or no",
}


def _expected_type(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def _suggest(unknown: str, allowed: Iterable[str]) -> str:
    allowed = sorted(allowed)
    lowered = unknown.lower().strip()
    if lowered in allowed:
        return lowered
    if lowered in _SYNONYMS and _SYNONYMS[lowered] in allowed:
        return _SYNONYMS[lowered]
    close = difflib.get_close_matches(lowered, allowed, n=1, cutoff=0.6)
    return close[0] if close else ""


_LENGTH_KEYS = ("duration", "hold", "reps", "breaths")


def _misspelled(value: Any, schema_part: dict[str, Any]) -> set[str]:
    """The allowed keys that the unknown keys of a mapping most likely meant."""
    if not isinstance(value, dict):
        return set()
    allowed = set(schema_part.get("properties", {}))
    return {_suggest(str(key), allowed) for key in value if key not in allowed} - {""}


#: Findings about a mapping's keys (one unknown, one missing, none of a step's lengths):
#: the values under the mapping are not refused by them.
_ABOUT_KEYS = {"additionalProperties", "required", "propertyNames", "maxProperties"}


class _Refusals:
    """Where the schema refused a value (a path of keys and indexes, as jsonschema gives
    it), and the mappings that hold a key it does not know."""

    def __init__(self) -> None:
        self.values: set[tuple[Any, ...]] = set()
        self.unknown_keys: set[tuple[Any, ...]] = set()

    def __bool__(self) -> bool:
        return bool(self.values or self.unknown_keys)


def _schema_problems(data: Any, root: Node, name: str) -> tuple[list[Problem], _Refusals]:
    problems: list[Problem] = []
    refused = _Refusals()
    if not isinstance(data, dict):
        node = root
        return [Problem(
            name, _line(node.start_mark), _column(node.start_mark), "",
            f"a routine file holds keys such as 'title:' and 'steps:', but this file holds {_describe_type(data)}",
        )], refused
    for error in _validator().iter_errors(data):
        problems.extend(_explain(error, data, root, name))
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            refused.unknown_keys.add(path)
        elif error.validator not in _ABOUT_KEYS and not (error.validator == "oneOf" and "name" in error.schema.get("properties", {})):
            refused.values.add(path)
    # One message per problem: oneOf branches can report the same thing more than once.
    unique: dict[tuple[Any, ...], Problem] = {}
    for problem in problems:
        unique.setdefault((problem.line, problem.column, problem.field, problem.message), problem)
    return list(unique.values()), refused


def _explain(error: jsonschema.ValidationError, data: Any, root: Node, name: str) -> list[Problem]:
    path = list(error.absolute_path)
    node, key_node = _node_at(root, path)
    label = field_label(data, path)
    last = path[-1] if path else None
    validator = error.validator
    value = error.instance

    def at(message: str, where: Node | None = None, field: str | None = None) -> Problem:
        where = where or node
        return Problem(name, _line(where.start_mark), _column(where.start_mark), label if field is None else field, message)

    own = _explain_own_pose(error, data, root, name, path)
    if own is not None:
        return own
    if validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        results = []
        for key in sorted(set(value) - allowed, key=str):
            _, unknown_key = _node_at(root, [*path, key])
            suggestion = _suggest(str(key), allowed)
            hint = f"; did you mean '{suggestion}'?" if suggestion else f"; the keys allowed here are: {', '.join(sorted(allowed))}"
            field = f"{label}, {key}" if label else str(key)
            results.append(at(f"unknown key '{key}'{hint}", unknown_key or node, field))
        return results
    if validator == "required":
        missing = error.validator_value[0] if len(error.validator_value) == 1 else error.message
        missing = next((key for key in error.validator_value if key not in value), missing)
        if missing in _misspelled(value, error.schema):
            return []  # the unknown-key message already says "did you mean"
        return [at(f"'{missing}' is missing", node, label)]
    if validator == "oneOf" and "name" in error.schema.get("properties", {}):
        if not isinstance(value, dict):
            return []  # the type message says what is wrong
        given = [k for k in _LENGTH_KEYS if k in value]
        if not given:
            if set(_LENGTH_KEYS) & _misspelled(value, error.schema):
                return []
            return [at("the step does not say how long it lasts; give one of duration, hold, reps or breaths")]
        return [at(f"the step gives {', '.join(given)}; give only one of duration, hold, reps or breaths")]
    if validator == "oneOf" and last in ("instructions", "tips", "adjustments"):
        # Text or a list of text: explain what is wrong with the kind that was given.
        kind = "string" if isinstance(value, str) else "array" if isinstance(value, list) else None
        branch = [sub for sub in error.context or ()
                  if kind and error.validator_value[sub.relative_schema_path[0]].get("type") == kind and sub.validator != "type"]
        if branch:
            return [problem for sub in branch for problem in _explain(sub, data, root, name)]
        return [at(f"should be a list of text lines (each starting with '- '), not {_describe_type(value)}")]
    if validator == "type":
        if isinstance(value, list) and error.validator_value == "object" and last is not None:
            return [at(f"should be {_expected_type(error.validator_value)}, but this is a list; remove the '- ' in front")]
        return [at(f"should be {_expected_type(error.validator_value)}, not {_describe_type(value)}")]
    if validator == "pattern" and last in ("duration", "hold", "rep"):
        try:
            parse_duration(value)
        except DurationError as bad:
            return [at(str(bad))]
        return [at(f"{value!r} is not a duration")]
    if validator == "pattern" and last == "id" or (validator == "pattern" and path and path[-1] == "step"):
        return [at(f"{value!r} is not a valid id; use lower-case letters, digits and dashes, like 'cat-cow'")]
    if validator == "pattern" and last == "side_label":
        return [at(f"{value!r} should say where the side goes with {{side}}, once, on one line, like '{{side}} knee down'")]
    if validator == "enum" and last == "format":
        newest = max(error.validator_value)
        if isinstance(value, int) and not isinstance(value, bool) and value > newest:
            return [at(f"this file is format {value}, newer than this StretchDesk reads (format {newest}); update StretchDesk to open it")]
        return [at(f"{value!r} is not a format; use {newest} (or {', '.join(str(v) for v in error.validator_value[:-1])} for an older file)")]
    if validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return [at(f"{value!r} is not one of: {choices}")]
    if validator == "const":
        return [at(f"{value!r} is not supported; this StretchDesk reads format {error.validator_value}")]
    if validator in ("minimum", "exclusiveMinimum") and last in _LENGTH_KEYS + ("rep",) and last not in ("reps", "breaths"):
        if isinstance(value, (int, float)) and value > 0:
            return [at(f"{value} seconds is too short to do; a duration must be at least {error.validator_value} seconds")]
        return [at(f"{value} is not a duration; a duration must be more than zero")]
    if validator in ("minimum", "exclusiveMinimum"):
        return [at(f"{value} is too small; it must be {'at least' if validator == 'minimum' else 'more than'} {error.validator_value}")]
    if validator == "maximum":
        if last in ("duration", "hold", "rep"):
            return [at(f"{value} seconds is longer than an hour; is that a typo?")]
        return [at(f"{value} is too many; at most {error.validator_value}")]
    if validator in ("minLength", "minItems"):
        return [at("is empty; write something here or remove the line")]
    if validator == "maxLength" and last in ("duration", "hold", "rep"):
        return [at(f"{len(value)} characters is too long for a duration; {HOW_TO_WRITE}")]
    if validator in ("maxLength", "maxItems"):
        size = "characters" if validator == "maxLength" else "items"
        return [at(f"is too long; at most {error.validator_value} {size}")]
    return [at(error.message)]


def _form(data: Any) -> int:
    """The form a routine's own poses are given in: its format; a file that gives none was
    written for format 1 (the format said nothing of itself then), one of a format not
    known is refused already, its poses read as today's."""
    form = data.get("format", 1) if isinstance(data, dict) else 1
    return form if form in (1, 2) and not isinstance(form, bool) else 2


#: The names of poses and movements, in a step's `pose:` and a routine's own poses.
POSE_NAME_PATTERN = "^[a-z0-9][a-z0-9-]*$"


def _explain_own_pose(error: jsonschema.ValidationError, data: Any, root: Node, name: str, path: list[Any]) -> list[Problem] | None:
    """The schema's findings in a routine's own poses and movements, in the words the pose
    library uses for the same mistakes; None for what the general words say well."""
    value = error.instance
    on_key = "propertyNames" in error.schema_path  # the name of a pose or a movement
    if on_key:
        path = [*path, value]
    if error.validator == "pattern" and error.validator_value == POSE_NAME_PATTERN:
        if path[:1] == ["motions"]:
            path = path[:2]  # one of a movement's two poses: the movement is the field
        message = f"{value!r} is not a pose name; use lower-case letters, digits and dashes, like 'kneeling-lunge'"
    elif on_key and error.validator == "maxLength":
        message = f"the name is {len(value)} characters long; at most {error.validator_value}"
    elif not path or path[0] not in ("poses", "motions"):
        return None
    elif error.validator == "maxProperties":
        kind = "poses" if path == ["poses"] else "movements"
        message = f"there are {len(value)} {kind}; a routine may define at most {error.validator_value}"
    elif path[0] == "motions" and len(path) >= 2 and error.validator in ("type", "minItems", "maxItems"):
        path = path[:2]
        message = f"a movement names two poses: [from, to], not {data['motions'][path[1]]!r}"
    elif path[0] == "poses" and len(path) == 2 and not isinstance(data["poses"].get(path[1]), dict):
        message = f"pose {path[1]!r} should be a name with its angles below it"
    elif path[0] == "poses" and len(path) >= 2 and isinstance(data["poses"].get(path[1]), dict):
        return _own_pose_problems(data, root, name, path[1]) or None
    else:
        return None
    node, key_node = _node_at(root, path)
    where = key_node if on_key and key_node is not None else node
    return [Problem(name, _line(where.start_mark), _column(where.start_mark), field_label(data, path), message)]


def _own_pose_problems(data: Any, root: Node, name: str, pose: str) -> list[Problem]:
    """Everything wrong with one of a routine's own poses, in the words of the form of the
    file's format: each field on its own (a person fixes them all in one go), then, when each
    is fine alone, the pose as a whole. A key the form does not know is the pose's fault,
    found at the key's line."""
    from stretchdesk.core.routine.poses import pose_problem

    definition, form = data["poses"][pose], _form(data)
    found: list[tuple[Any, bool, str]] = []
    for key, value in definition.items():
        if key == "base":
            continue  # its name is the schema's to check; what it names, the builder's
        refused = pose_problem({key: value}, form)
        if refused is not None:
            found.append((key, refused.key is not None, refused.detail))
    if not found:
        refused = pose_problem(definition, form)
        if refused is not None:
            found.append((refused.key, refused.key is not None, refused.detail))
    problems = []
    for key, named, message in found:
        path = ["poses", pose] if key is None else ["poses", pose, key]
        node, key_node = _node_at(root, path)
        where = key_node if not named and key_node is not None else node
        problems.append(Problem(name, _line(where.start_mark), _column(where.start_mark),
                                field_label(data, path if named else path[:2]), message))
    return problems


class _Builder:
    """Turns checked data into model objects, adding the checks the schema cannot express.
    Given what the schema refused in a file, it makes the same checks (check()) on the rest
    of it, and builds nothing."""

    def __init__(self, data: dict[str, Any], root: Node, name: str, refused: _Refusals | None = None):
        self.data = data
        self.root = root
        self.name = name
        self.refused = refused or _Refusals()
        self.problems: list[Problem] = []
        self.built_steps: tuple[Step, ...] = ()
        self.own_names: set[str] = set()

    def fine(self, path: list[Any]) -> bool:
        """Whether the schema let the value at `path` through, and what holds it: only such
        values are looked into. Always, for a file the schema found nothing in."""
        refused = self.refused.values
        return not refused or not any(tuple(path[:end]) in refused for end in range(len(path) + 1))

    def given(self, item: dict[str, Any], key: str, path: list[Any], kind: type | tuple[type, ...], default: Any = None) -> Any:
        """item[key] when it is there, of this kind and let through by the schema; else `default`."""
        value = item.get(key)
        if value is None or isinstance(value, bool) or not isinstance(value, kind) or not self.fine([*path, key]):
            return default
        return value

    def check(self) -> None:
        """The checks beyond the schema, on a file it found problems in: the poses and
        movements, each step's durations, pose and id, and the variants, wherever the schema
        let them through."""
        self.own_poses()
        steps = self.steps(self.given(self.data, "steps", [], list, []), ["steps"])
        self.variants(self.given(self.data, "variants", [], list, []), {step.id for step in steps})

    def problem(self, path: list[Any], message: str, *, on_key: bool = False, field: str | None = None) -> None:
        node, key_node = _node_at(self.root, path)
        where = key_node if on_key and key_node is not None else node
        label = field_label(self.data, path) if field is None else field
        self.problems.append(Problem(self.name, _line(where.start_mark), _column(where.start_mark), label, message))

    def build(self, default_id: str, file: Path | None) -> Routine:
        data = self.data
        routine_id = data.get("id") or slugify(default_id) or "routine"
        own, pictures = self.own_poses()
        steps = self.built_steps = self.steps(data["steps"], ["steps"])
        variants = self.variants(data.get("variants", []), {step.id for step in steps})
        return Routine(
            id=routine_id,
            title=data["title"].strip(),
            steps=steps,
            summary=data.get("summary", "").strip(),
            level=data.get("level"),
            focus=tuple(data.get("focus", ())),
            about=data.get("about", "").strip(),
            targets=data.get("targets", "").strip(),
            suits=data.get("suits", "").strip(),
            tips=data.get("tips", "").strip(),
            closing=data.get("closing", "").strip(),
            credit=data.get("credit", "").strip(),
            safety=data.get("safety", DEFAULT_SAFETY).strip(),
            variants=variants,
            poses=own,
            file=file,
            pictures=pictures,
        )

    def steps(self, items: list[dict[str, Any]], path: list[Any]) -> tuple[Step, ...]:
        steps: list[Step] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if not (isinstance(item, dict) and self.fine([*path, index])):
                continue  # the schema said what is wrong with it
            step = self.step(item, [*path, index], index)
            if step.id in seen:
                where = "id" if "id" in item else "name"
                self.problem(
                    [*path, index, where],
                    f"the step id '{step.id}' is already used by step {seen[step.id] + 1}; give this step its own 'id:'",
                )
            seen[step.id] = index
            steps.append(step)
        return tuple(steps)

    def duration(self, item: dict[str, Any], key: str, path: list[Any]) -> Duration | None:
        if key not in item or not self.fine([*path, key]):
            return None
        try:
            value = parse_duration(item[key])
        except DurationError as bad:
            self.problem([*path, key], str(bad))
            return None
        if value.high > MAX_SECONDS:
            self.problem([*path, key], f"{item[key]!r} is longer than an hour; is that a typo?")
        return value

    def step(self, item: dict[str, Any], path: list[Any], index: int) -> Step:
        given = self.given
        name = given(item, "name", path, str)
        if name is not None and not name.strip():
            self.problem([*path, "name"], "the name is blank; every step needs a name a person can read")
        name = (name or "").strip()
        # The schema accepts 5.0 where it asks for a whole number (JSON has one kind of
        # number); everything after the loader counts with them, so they become ints here.
        sides = _whole(given(item, "sides", path, (int, float), 1))
        if "sides" not in item or self.fine([*path, "sides"]):
            for one_sided_only in ("first_side", "side_label"):
                if one_sided_only in item and sides != 2:
                    self.problem([*path, one_sided_only], f"{one_sided_only} only applies to a step with 'sides: 2'", on_key=True)
        if "rep" in item and "reps" not in item and tuple(path) not in self.refused.unknown_keys:
            self.problem([*path, "rep"], "'rep' is how long each repetition lasts; it needs 'reps:' beside it", on_key=True)
        return Step(
            id=given(item, "id", path, str) or slugify(name) or f"step-{index + 1}",
            name=name,
            summary=given(item, "summary", path, str, "").strip(),
            difficulty=given(item, "difficulty", path, str),
            instructions=_lines(given(item, "instructions", path, (str, list))),
            tips=_lines(given(item, "tips", path, (str, list))),
            adjustments=_lines(given(item, "adjustments", path, (str, list))),
            duration=self.duration(item, "duration", path),
            hold=self.duration(item, "hold", path),
            reps=_whole(given(item, "reps", path, (int, float))),
            rep=self.duration(item, "rep", path),
            breaths=_whole(given(item, "breaths", path, (int, float))),
            sides=sides,
            first_side=given(item, "first_side", path, str, "left"),
            side_label=given(item, "side_label", path, str, SIDE_LABEL).strip(),
            rounds=_whole(given(item, "rounds", path, (int, float), 1)),
            line=_line(_node_at(self.root, path)[0].start_mark),
            pose=self.pose(item, path),
        )

    def own_poses(self) -> tuple[OwnPoses, Pictures | None]:
        """The file's own poses and movements, each checked as the pose library's are: a
        problem names the pose and the field. With them, the pictures they make, built
        while checking them, for the routine to keep (None: made when first asked)."""
        poses, motions = self.data.get("poses") or {}, self.data.get("motions") or {}
        if self.refused and any(path[:1] in (("poses",), ("motions",)) for path in self.refused.values | self.refused.unknown_keys):
            # Refused in part: its names are known (a step naming one is not told there is no
            # such pose), and the schema has said what is wrong with it.
            self.own_names = {str(key) for part in (poses, motions) if isinstance(part, dict) for key in part}
            return OwnPoses.from_file({}, {}), None
        own = OwnPoses.from_file(poses, motions, form=_form(self.data))
        self.own_names = own.names()
        if not own:
            return own, None
        from stretchdesk.core.routine.poses import Pictures, own_motions  # only for files that define poses

        def report(section: str, name: str, key: str | int | None, detail: str) -> None:
            if isinstance(key, int):  # one of a movement's two poses: the movement is the field
                self.problem([section, name, key], detail, field=field_label(self.data, [section, name]))
            else:
                self.problem([section, name] if key is None else [section, name, key], detail, on_key=key is None)

        return own, Pictures(own, own_motions(own, report))

    def pose(self, item: dict[str, Any], path: list[Any]) -> str | None:
        name = self.given(item, "pose", path, str)
        if name is None:
            return None
        if name in self.own_names:  # the routine's own: checked where it is defined
            return name
        from stretchdesk.core.routine.poses import builtin_poses  # only for files that name a pose

        library = builtin_poses().library
        if library.motion(name) is None:
            known = sorted({*library.poses, *library.motions, *self.own_names})
            suggestion = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean '{suggestion[0]}'?" if suggestion else "; 'stretchdesk poses' lists them"
            self.problem([*path, "pose"], f"there is no pose '{name}'{hint}")
            return None
        return name

    def variants(self, items: list[dict[str, Any]], step_ids: set[str]) -> tuple[Variant, ...]:
        variants: list[Variant] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            path: list[Any] = ["variants", index]
            if not (isinstance(item, dict) and self.fine(path)):
                continue  # the schema said what is wrong with it
            variant_id = self.given(item, "id", path, str)
            if variant_id in seen:
                self.problem([*path, "id"], f"the variant id '{variant_id}' is used twice; give each variant its own id")
            if variant_id is not None:
                seen.add(variant_id)
            replacements: list[tuple[str, tuple[Step, ...]]] = []
            replaced: set[str] = set()
            for r_index, replacement in enumerate(self.given(item, "replace", path, list, [])):
                r_path = [*path, "replace", r_index]
                if not (isinstance(replacement, dict) and self.fine(r_path)):
                    continue
                target = self.given(replacement, "step", r_path, str)
                if target is None:
                    pass  # the schema said what is wrong with it
                elif target not in step_ids:
                    suggestion = difflib.get_close_matches(target, sorted(step_ids), n=1)
                    hint = f"; did you mean '{suggestion[0]}'?" if suggestion else f"; the step ids are: {', '.join(sorted(step_ids))}"
                    self.problem([*r_path, "step"], f"there is no step with the id '{target}'{hint}")
                elif target in replaced:
                    self.problem([*r_path, "step"], f"the step '{target}' is replaced twice in this variant; keep one")
                replaced.add(target)
                replacements.append((target, self.steps(self.given(replacement, "with", r_path, list, []), [*r_path, "with"])))
            variant = Variant(
                id=variant_id or "",
                name=self.given(item, "name", path, str, "").strip(),
                description=self.given(item, "description", path, str, "").strip(),
                replacements=tuple(replacements),
            )
            if self.built_steps and not Routine(id="", title="", steps=self.built_steps, variants=(variant,)).steps_for(variant.id):
                self.problem([*path, "replace"], "this variant leaves no steps at all; keep at least one", on_key=True)
            variants.append(variant)
        return tuple(variants)


def _whole(value: int | float | None) -> int | None:
    return None if value is None else int(value)


def _lines(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    return tuple(line.strip() for line in value if line.strip())
