"""The person's settings: one declarative table, from which storage, validation, the command
line and the settings dialog are all generated.

Stored as typed JSON with a format version, written atomically. A file from an older
version is migrated. A damaged file, or one with a bad value, never stops the app: the
bad values fall back to their defaults, the person is told which, and the file as it was
is kept aside.
"""

from __future__ import annotations

import errno
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from stretchdesk.core import paths, words
from stretchdesk.core.colours import SYSTEM, THEME_CHOICES
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.files import (
    DamagedFile,
    keep_aside,
    locked,
    not_a_folder,
    read_json,
    remove_stale_temporaries,
    write_json_atomic,
)
from stretchdesk.core.routine.durations import RANGE_ENDS

FORMAT_VERSION = 2

#: The values of the `spoken_detail` setting: what the voice says in each get-ready.
NAME_ONLY = "name only"
NAME_AND_HOW_TO = "name and how-to"
SPOKEN_DETAILS = (NAME_ONLY, NAME_AND_HOW_TO)


class SettingError(ValueError):
    """A value a setting cannot take; the message is a sentence meant for a person."""


@dataclass(frozen=True)
class Setting:
    key: str
    #: "int", "bool" or "choice" ("text" for free text such as a voice name).
    kind: str
    default: Any
    label: str
    help: str
    section: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    #: How a number reads: "%" or "s".
    unit: str = ""

    @property
    def type_name(self) -> str:
        return {"int": "integer", "bool": "boolean", "choice": "choice", "text": "string"}[self.kind]

    def validate(self, value: Any) -> Any:
        """A stored or given value, checked; raises SettingError with a plain message."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise SettingError(f"The setting {self.key} is on or off (true or false), not {_shown(value)}")
        if self.kind == "int":
            # An int is tested by comparison only: math.isfinite turns it into a float, and a
            # whole number of a thousand digits would raise OverflowError there.
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
                raise SettingError(f"The setting {self.key} is a whole number, not {_shown(value)}")
            if isinstance(value, float) and not value.is_integer():
                raise SettingError(f"The setting {self.key} is a whole number, not {_shown(value)}")
            value = int(value)
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                raise SettingError(f"The setting {self.key} must be from {self.minimum} to {self.show(self.maximum)}, "
                                  f"not {_shown(value)}{words.unit_suffix(self.unit)}")
            return value
        if self.kind == "choice":
            if value in self.choices:
                return value
            raise SettingError(f"The setting {self.key} is one of {', '.join(self.choices)}, not {_shown(value)}")
        if not isinstance(value, str) or len(value) > 200:
            raise SettingError(f"The setting {self.key} is a short text, not {_shown(value)}")
        return value

    def parse(self, text: str) -> Any:
        """A value typed on the command line: '120', '120%', 'on', 'longer'."""
        cleaned = text.strip()
        if self.kind == "bool":
            lowered = cleaned.lower()
            if lowered in ("on", "true", "yes", "1"):
                return True
            if lowered in ("off", "false", "no", "0"):
                return False
            raise SettingError(f"The setting {self.key} is on or off, not {_shown(text)}")
        if self.kind == "int":
            number = cleaned[: -len(self.unit)].strip() if self.unit and cleaned.endswith(self.unit) else cleaned
            try:
                return self.validate(int(number))
            except ValueError as error:
                if isinstance(error, SettingError):
                    raise
                raise SettingError(f"The setting {self.key} is a whole number{f' of {self.unit_word}' if self.unit else ''}, not {_shown(text)}") from None
        return self.validate(cleaned)

    @property
    def unit_word(self) -> str:
        return {"%": "percent", "s": "seconds"}.get(self.unit, "")

    def show(self, value: Any) -> str:
        """The value as the command line and the history write it: 'on', '120%', '5s'."""
        if self.kind == "bool":
            return "on" if value else "off"
        if self.kind == "int":
            return words.quantity(value, self.unit)
        return str(value) if value != "" else "(system default)"


SETTINGS: tuple[Setting, ...] = (
    Setting("hold_scale", "int", 100, "Hold time", "Every hold and timed step, as a share of what the routine says.",
            "Timing", 50, 200, unit="%"),
    Setting("range_end", "choice", "middle", "Where a routine gives a range",
            "Which end of a range such as 20-30 s to hold: shorter, middle or longer.", "Timing",
            choices=RANGE_ENDS),
    Setting("get_ready", "int", 5, "Get ready", "Seconds before each step, showing and announcing what comes next.",
            "Timing", 0, 30, unit="s"),
    Setting("switch_pause", "int", 3, "Pause to switch sides", "Seconds to change sides (and to rest between rounds).",
            "Timing", 0, 20, unit="s"),
    Setting("breath_length", "int", 6, "Breath length", "Seconds for one whole breath, in and out, in steps counted in breaths.",
            "Timing", 2, 20, unit="s"),
    Setting("rep_tempo", "int", 2, "Rep tempo", "Seconds added to each repetition to move between them.",
            "Timing", 0, 10, unit="s"),
    Setting("sounds", "bool", True, "Sound cues", "Chimes when a step begins, to switch sides and at the end.", "Sound"),
    Setting("countdown_ticks", "bool", True, "Countdown ticks", "A soft tick in each of the last three seconds of a hold.", "Sound"),
    Setting("volume", "int", 80, "Volume", "How loud the sounds and the voice are.", "Sound", 0, 100, unit="%"),
    Setting("voice", "bool", True, "Spoken prompts", "Say the next step's name and length, 'switch sides' and 'done'.", "Sound"),
    Setting("spoken_detail", "choice", NAME_ONLY, "Spoken detail",
            "What the voice says before each step: its name and length, or that and then how to do it, line by line "
            "(the get-ready grows to fit the words, so you can follow by ear alone).", "Sound", choices=SPOKEN_DETAILS),
    Setting("voice_name", "text", "", "Voice", "Which voice speaks, where there are several; empty for the system's default.", "Sound"),
    Setting("keep_on_top", "bool", False, "Keep on top while playing", "Keep the window above others while a routine plays.", "Window"),
    Setting("floor_view", "choice", "when maximised", "Floor view",
            "Full screen and large, for following from a mat: when the window is maximised, always, or never (F11 switches).",
            "Window", choices=("when maximised", "always", "never")),
    Setting("theme", "choice", SYSTEM, "Colours",
            "Light or dark, or as the desktop has them (system), following it when it changes; "
            "where the desktop asks for high contrast, the colours are stronger still in either.",
            "Window", choices=THEME_CHOICES),
    Setting("check_in", "bool", True, "Comfort check-in",
            "Before and after a routine, ask how your back feels (0 to 10) and keep it in your history.", "History"),
    Setting("weekly_goal", "int", 4, "Weekly goal", "How many routines a week you aim to play to the end.",
            "History", 1, 14),
)

BY_KEY: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}


def suggest_key(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(BY_KEY), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; the settings are: {', '.join(BY_KEY)}"


#: The bounds of a routine's own choices, in seconds: a step's own hold, and the time a
#: routine is fitted to. The file's checks, the preview's controls and its commands all
#: read them here.
STEP_HOLD_RANGE = (1, 3600)
FIT_TARGET_RANGE = (60, 4 * 3600)


@dataclass
class RoutinePreferences:
    """A person's choices for one routine: the variant they play, fit it to a time, and
    holds of their own per step (keyed by step id, so they stay with their step when the
    file changes around it)."""

    target_seconds: int | None = None
    step_holds: dict[str, float] = field(default_factory=dict)
    #: The variant chosen in the preview, or None for the routine as written.
    variant: str | None = None

    #: What this version stores for a routine.
    KEYS = ("target_seconds", "step_holds", "variant")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.variant is not None:
            data["variant"] = self.variant
        if self.target_seconds is not None:
            data["target_seconds"] = self.target_seconds
        if self.step_holds:
            data["step_holds"] = dict(sorted(self.step_holds.items()))
        return data

    def copy(self) -> RoutinePreferences:
        return RoutinePreferences(self.target_seconds, dict(self.step_holds), self.variant)


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=lambda: {s.key: s.default for s in SETTINGS})
    routines: dict[str, RoutinePreferences] = field(default_factory=dict)
    #: A file from a newer StretchDesk, as it was read: what this version does not know is
    #: written back with it, untouched, so that version loses nothing.
    preserved: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def adopt(self, other: Settings) -> None:
        """Take another reading of the settings as this one, in place (the window's pages
        hold on to this object)."""
        self.values = dict(other.values)
        self.routines = {rid: prefs.copy() for rid, prefs in other.routines.items()}
        self.preserved = other.preserved

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def set(self, key: str, value: Any) -> None:
        if key not in BY_KEY:
            raise SettingError(f"There is no setting '{key}'{suggest_key(key)}")
        self.values[key] = BY_KEY[key].validate(value)

    def preferences(self, routine_id: str) -> RoutinePreferences:
        return self.routines.setdefault(routine_id, RoutinePreferences())

    def variant_for(self, routine: Routine) -> str | None:
        """The variant the person chose for this routine, if the routine still has it."""
        prefs = self.routines.get(routine.id)
        chosen = prefs.variant if prefs else None
        return chosen if chosen is not None and routine.has_variant(chosen) else None

    def to_json(self) -> dict[str, Any]:
        routines = {rid: prefs.to_json() for rid, prefs in sorted(self.routines.items()) if prefs.to_json()}
        if self.preserved is None:
            return {"version": FORMAT_VERSION, "settings": dict(self.values), "routines": routines}
        # A newer file: its own version and every part this version does not know stay;
        # what this version knows is as the person has it now.
        data = dict(self.preserved)
        old_values = data.get("settings")
        data["settings"] = {**(old_values if isinstance(old_values, dict) else {}), **self.values}
        old_routines = data.get("routines") if isinstance(data.get("routines"), dict) else {}
        merged: dict[str, Any] = {rid: entry for rid, entry in old_routines.items() if rid not in self.routines}
        for rid, prefs in self.routines.items():
            old = old_routines.get(rid)
            unknown = {k: v for k, v in old.items() if k not in RoutinePreferences.KEYS} if isinstance(old, dict) else {}
            entry = {**unknown, **prefs.to_json()}
            if entry:
                merged[rid] = entry
        data["routines"] = dict(sorted(merged.items()))
        return data


# -- storage ----------------------------------------------------------------------------------

#: A settings file is a few kilobytes; a larger one is not a settings file of ours.
MAX_SETTINGS_BYTES = 1024 * 1024
SETTINGS_NAME = "settings.json"


def settings_file() -> Path:
    return paths.user_config_dir() / SETTINGS_NAME


@dataclass
class LoadedSettings:
    settings: Settings
    #: Plain sentences for the person: what was wrong and what was done about it.
    notices: list[str] = field(default_factory=list)
    #: Where the file as it was has been kept, when it had problems.
    kept_aside: Path | None = None
    #: The file had problems that were put right in memory: it is kept aside and written anew.
    damaged: bool = False


def _migrate_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept the values at the top level, under older names, holds as a factor."""
    renames = {
        "hold_factor": "hold_scale", "range": "range_end", "ready_seconds": "get_ready",
        "switch_seconds": "switch_pause", "breath_seconds": "breath_length", "rep_seconds": "rep_tempo",
        "sound": "sounds", "ticks": "countdown_ticks", "speech": "voice", "on_top": "keep_on_top",
    }
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "version":
            continue
        new_key = renames.get(key, key)
        if key == "hold_factor" and isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) <= 1000:
            # A factor beyond any sensible one is carried over as it is, for the check to refuse.
            value = round(value * 100)
        values[new_key] = value
    return {"version": 2, "settings": values, "routines": {}}


#: version -> the function that turns a file of that version into the next one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_1}


def read_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings file as it is; never raises and never writes. Anything wrong is
    put right in memory, said in the notices, and marked `damaged`."""
    path = path or settings_file()
    settings = Settings()
    notices: list[str] = []
    try:
        data = read_json(path, MAX_SETTINGS_BYTES)
    except (DamagedFile, OSError) as error:
        blocker = not_a_folder(path.parent) if isinstance(error, OSError) else None
        if blocker is not None:
            # Nothing of the person's to read or to keep aside, and nowhere to write: said
            # once, and not a damaged file to repair.
            return LoadedSettings(settings, [_no_folder_notice(path.parent, blocker)])
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = f"{path}:{error.line}" if isinstance(error, DamagedFile) and error.line else str(path)
        return LoadedSettings(settings, [f"Your settings file could not be read ({where}: {reason}); the defaults are in use."], damaged=True)
    if data is None:
        return LoadedSettings(settings)
    if not isinstance(data, dict):
        return LoadedSettings(settings, ["Your settings file holds no settings; the defaults are in use."], damaged=True)

    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        notices.append(f"The settings file's version {_shown(version)} is not one StretchDesk knows; read as the current one.")
        version = FORMAT_VERSION
    newer = version > FORMAT_VERSION
    if newer:
        # Read what this version knows; keep the rest, to write back untouched with any
        # change the person makes here (and nothing is written until they make one).
        notices.append(f"The settings file comes from a newer StretchDesk (format {_shown(version)}); this version uses what it "
                       "understands and keeps the rest as it is.")
        settings.preserved = data
    while version < FORMAT_VERSION and version in MIGRATIONS:
        data = MIGRATIONS[version](data)
        version += 1

    values = data.get("settings", {})
    if not isinstance(values, dict):
        notices.append("The settings file's 'settings' part is damaged; the defaults are in use.")
        values = {}
    for key, value in values.items():
        if key not in BY_KEY:
            if not newer:
                notices.append(f"The setting {_shown(key)} is not one StretchDesk knows{suggest_key(str(key))} It was ignored.")
            continue
        try:
            settings.set(key, value)
        except SettingError as error:
            setting = BY_KEY[key]
            notices.append(f"{error}; {setting.label.lower()} is back to its default, {setting.show(setting.default)}.")

    routines = data.get("routines", {})
    if not isinstance(routines, dict):
        notices.append("The per-routine part of the settings file is damaged; per-routine choices were reset.")
        routines = {}
    for routine_id, prefs in routines.items():
        parsed = _routine_preferences(routine_id, prefs, notices)
        if parsed is not None:
            settings.routines[str(routine_id)] = parsed
    damaged = bool(notices) and not newer
    return LoadedSettings(settings, notices, damaged=damaged)


def _no_folder_notice(folder: Path, blocker: Path) -> str:
    made = "is a file, not a folder" if blocker == folder else f"cannot be made: {blocker} is a file, not a folder"
    return f"Your settings folder {folder} {made}; the default settings are in use and no change is saved until it is moved."


def _check_folder(path: Path) -> None:
    """Raise a plain OSError when a file stands where the settings' folder should be (the
    lock file would otherwise fail with a bare 'File exists')."""
    blocker = not_a_folder(path.parent)
    if blocker is not None:
        raise NotADirectoryError(errno.ENOTDIR, f"{blocker} is a file, not a folder")


def _shown(value: Any) -> str:
    """A value from the file, quoted and cut short for a message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def load_settings(path: Path | None = None) -> LoadedSettings:
    """The settings at start-up; never raises. A damaged file is kept aside (so nothing
    the person wrote is lost) and written anew, put right, so its notices are told once."""
    path = path or settings_file()
    remove_stale_temporaries(path.parent, path.name)
    loaded = read_settings(path)
    if not loaded.damaged:
        return loaded
    try:
        with locked(path):
            loaded = read_settings(path)  # another process may have put it right meanwhile
            if loaded.damaged:
                _repair(path, loaded)
    except OSError as error:
        loaded.notices.append(f"The settings could not be saved: {error.strerror or error}.")
    return loaded


def _repair(path: Path, loaded: LoadedSettings) -> None:
    """Keep the file as it was beside it, then write the settings as put right. Under the lock."""
    loaded.kept_aside = keep_aside(path)
    if loaded.kept_aside is not None:
        loaded.notices.append(f"The settings file as it was is kept as {loaded.kept_aside.name}.")
    write_json_atomic(path, loaded.settings.to_json())


def update_settings(change: Callable[[Settings], None], path: Path | None = None) -> LoadedSettings:
    """Change the settings file: read it as it is now, apply `change`, write it, all under
    the lock, so a change made meanwhile by another window or command is never lost. Raises
    OSError when the file cannot be written, and whatever `change` raises (nothing is
    written then)."""
    path = path or settings_file()
    _check_folder(path)
    with locked(path):
        loaded = read_settings(path)
        change(loaded.settings)
        if loaded.damaged:
            _repair(path, loaded)
        else:
            write_json_atomic(path, loaded.settings.to_json())
    return loaded


def _routine_preferences(routine_id: Any, data: Any, notices: list[str]) -> RoutinePreferences | None:
    if not isinstance(data, dict):
        notices.append(f"The choices saved for the routine {_shown(routine_id)} are damaged and were reset.")
        return None
    prefs = RoutinePreferences()
    target = data.get("target_seconds")
    if target is not None:
        if isinstance(target, (int, float)) and not isinstance(target, bool) and FIT_TARGET_RANGE[0] <= target <= FIT_TARGET_RANGE[1]:
            prefs.target_seconds = int(target)
        else:
            notices.append(f"The time to fit {_shown(routine_id)} to ({_shown(target)}) is not a usable length; the routine plays as written.")
    holds = data.get("step_holds", {})
    if not isinstance(holds, dict):
        notices.append(f"The step holds saved for {_shown(routine_id)} are damaged and were reset.")
        holds = {}
    for step_id, seconds in holds.items():
        if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and STEP_HOLD_RANGE[0] <= seconds <= STEP_HOLD_RANGE[1]:
            prefs.step_holds[str(step_id)] = float(seconds)
        else:
            notices.append(f"Your hold for step {_shown(step_id)} of {_shown(routine_id)} ({_shown(seconds)}) is not a usable length and was reset.")
    variant = data.get("variant")
    if variant is not None:
        if isinstance(variant, str) and 0 < len(variant) <= 64:
            prefs.variant = variant
        else:
            notices.append(f"The variant chosen for {_shown(routine_id)} ({_shown(variant)}) is not a variant name; the routine plays as written.")
    return prefs


def reconcile(settings: Settings, routines: list[Routine]) -> list[str]:
    """Drop step holds whose step is gone from its routine, and a chosen variant the routine
    no longer has, and say so. Choices for routines that are not loaded right now (a
    personal file that is broken) are kept."""
    notices = []
    by_id = {routine.id: routine for routine in routines}
    for routine_id, prefs in settings.routines.items():
        routine = by_id.get(routine_id)
        if routine is None:
            continue
        known = {step.id for variant in (None, *(v.id for v in routine.variants)) for step in routine.steps_for(variant)}
        for step_id in sorted(set(prefs.step_holds) - known):
            del prefs.step_holds[step_id]
            notices.append(f"Your hold for the step '{step_id}' of '{routine.title}' was dropped: the routine no longer has that step.")
        if prefs.variant is not None and not routine.has_variant(prefs.variant):
            notices.append(f"'{routine.title}' no longer has the variant '{prefs.variant}' you chose; it plays as written.")
            prefs.variant = None
    return notices
