from __future__ import annotations

import json
from pathlib import Path

import pytest

from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.store.settings import (
    BY_KEY,
    SETTINGS,
    SettingError,
    Settings,
    load_settings,
    read_settings,
    reconcile,
    settings_file,
    update_settings,
)
from stretchdesk.core.play.timeline import build_timeline, fit_limits
from stretchdesk.core.play.timeline import base_timing, timing_for


@pytest.fixture
def routines():
    return {r.id: r for r in load_library().routines}


def test_every_setting_has_a_label_help_a_section_and_a_valid_default():
    for setting in SETTINGS:
        assert setting.label and setting.help and setting.section in ("Timing", "Sound", "Window", "History")
        assert setting.validate(setting.default) == setting.default


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [("hold_scale", "120", 120), ("hold_scale", "150%", 150), ("get_ready", "8s", 8), ("sounds", "off", False),
     ("voice", "yes", True), ("range_end", "longer", "longer"), ("voice_name", "Anna", "Anna")],
)
def test_values_typed_on_the_command_line(key, text, value):
    assert BY_KEY[key].parse(text) == value


@pytest.mark.parametrize(
    ("key", "text", "says"),
    [("hold_scale", "300", "from 50 to 200%"), ("hold_scale", "lots", "whole number of percent"),
     ("get_ready", "-1", "from 0 to 30s"), ("sounds", "maybe", "on or off"), ("range_end", "longest", "shorter, middle, longer")],
)
def test_bad_values_are_refused_with_a_plain_message(key, text, says):
    with pytest.raises(SettingError, match=says):
        BY_KEY[key].parse(text)


def test_save_and_load_round_trip(tmp_path: Path):
    settings = Settings()
    settings.set("hold_scale", 150)
    settings.set("sounds", False)
    settings.preferences("hip-relief").target_seconds = 300
    settings.preferences("hip-relief").step_holds["hurdler"] = 40
    path = tmp_path / "settings.json"
    update_settings(lambda fresh: fresh.adopt(settings), path)
    loaded = load_settings(path)
    assert loaded.notices == [] and loaded.kept_aside is None
    assert loaded.settings.values == settings.values
    assert loaded.settings.routines["hip-relief"].step_holds == {"hurdler": 40}
    assert json.loads(path.read_text())["version"] == 2


def test_settings_live_in_the_test_config_folder(isolated_user_folders: Path):
    assert settings_file() == isolated_user_folders / "config" / "settings.json"


def test_no_file_means_defaults_quietly(tmp_path: Path):
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.notices == [] and loaded.settings.values == Settings().values


def test_a_version_1_file_migrates(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "hold_factor": 1.25, "ready_seconds": 8, "sound": False, "on_top": True}))
    loaded = load_settings(path)
    assert loaded.notices == []
    values = loaded.settings.values
    assert (values["hold_scale"], values["get_ready"], values["sounds"], values["keep_on_top"]) == (125, 8, False, True)


def test_bad_values_fall_back_to_defaults_are_named_and_the_file_is_kept_aside(tmp_path: Path):
    path = tmp_path / "settings.json"
    original = json.dumps({"version": 2, "settings": {"hold_scale": 900, "get_ready": "soon", "volume": 40, "volum": 3}})
    path.write_text(original)
    loaded = load_settings(path)
    values = loaded.settings.values
    assert (values["hold_scale"], values["get_ready"], values["volume"]) == (100, 5, 40)
    text = "\n".join(loaded.notices)
    assert "hold_scale must be from 50 to 200%, not 900%" in text and "back to its default, 100%" in text
    assert "get_ready is a whole number, not 'soon'" in text
    assert "'volum' is not one StretchDesk knows; did you mean 'volume'?" in text
    assert loaded.kept_aside is not None and loaded.kept_aside.read_text() == original


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\x00\x01", '{"version": 2, "settings": [1]}'])
def test_damaged_files_never_stop_anything(tmp_path: Path, content):
    path = tmp_path / "settings.json"
    path.write_text(content)
    loaded = load_settings(path)
    assert loaded.settings.values == Settings().values
    assert loaded.notices
    assert loaded.kept_aside is not None and loaded.kept_aside.read_text() == content


def test_not_json_names_the_line(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text('{\n  "version": 2,\n  "settings": {,}\n}')
    assert "settings.json:3" in load_settings(path).notices[0]


def test_timing_follows_the_settings(routines):
    settings = Settings()
    settings.set("hold_scale", 200)
    settings.set("get_ready", 10)
    routine = routines["hip-relief"]
    timeline = build_timeline(routine, timing_for(settings, routine))
    assert timeline.steps[0].unit_seconds == 60  # the 30 s wide leg bend, doubled
    assert timeline.steps[0].active_start == 10


def test_a_step_hold_of_ones_own(routines):
    settings = Settings()
    routine = routines["hip-relief"]
    settings.preferences(routine.id).step_holds["hurdler"] = 40
    timeline = build_timeline(routine, timing_for(settings, routine))
    hurdler = next(plan for plan in timeline.steps if plan.step.id == "hurdler")
    assert hurdler.unit_seconds == 40 and hurdler.active_seconds == 80


def test_fit_a_routine_to_a_time(routines):
    settings = Settings()
    routine = routines["intermediate-lower-back"]
    settings.preferences(routine.id).target_seconds = 8 * 60
    timeline = build_timeline(routine, timing_for(settings, routine))
    # On the minute, not 7:59; and every hold a whole number of seconds, not 19.5s.
    assert timeline.total_seconds == 480
    assert all(plan.unit_seconds == int(plan.unit_seconds) for plan in timeline.steps if plan.step.measure.timed)
    shortest, longest = fit_limits(routine, base_timing(settings))
    assert shortest < 480 < 12 * 60 < longest


@pytest.mark.parametrize("minutes", [5, 7, 8, 9, 11, 15, 20])
def test_every_built_in_routine_fits_on_the_minute(routines, minutes):
    for routine in routines.values():
        for variant in (None, *(v.id for v in routine.variants)):
            settings = Settings()
            shortest, longest = fit_limits(routine, timing_for(settings, routine, variant, fit=False), variant)
            if not shortest <= minutes * 60 <= longest:
                continue
            settings.preferences(routine.id).target_seconds = minutes * 60
            timeline = build_timeline(routine, timing_for(settings, routine, variant), variant)
            assert timeline.total_seconds == minutes * 60, (routine.id, variant)
            assert all(plan.unit_seconds == int(plan.unit_seconds) for plan in timeline.steps if plan.step.measure.timed)


def test_a_fitted_routine_is_fitted_once_and_again_when_anything_it_depends_on_changes(routines, monkeypatch):
    from stretchdesk.core.play import timeline as timeline_module

    searches = []
    real_fit = timeline_module.fit_timing
    monkeypatch.setattr(timeline_module, "fit_timing", lambda *args: searches.append(args) or real_fit(*args))
    settings = Settings()
    routine = routines["intermediate-lower-back"]
    settings.preferences(routine.id).target_seconds = 8 * 60
    first = timing_for(settings, routine)
    assert timing_for(settings, routine) == first and len(searches) == 1  # the preview asks often
    settings.preferences(routine.id).target_seconds = 10 * 60
    assert build_timeline(routine, timing_for(settings, routine)).total_seconds == 600
    settings.set("get_ready", 10)
    settings.preferences(routine.id).step_holds["cat-cow"] = 60
    assert build_timeline(routine, timing_for(settings, routine)).total_seconds == 600
    assert len(searches) == 3


def test_fit_cannot_go_below_the_pauses(routines):
    settings = Settings()
    routine = routines["daily-lower-back"]
    settings.preferences(routine.id).target_seconds = 60
    timeline = build_timeline(routine, timing_for(settings, routine))
    shortest, _ = fit_limits(routine, base_timing(settings))
    assert timeline.total_seconds == shortest > 60


def test_holds_for_steps_that_are_gone_are_dropped_with_a_notice():
    text = "title: Mine\nsteps:\n  - name: Cobra\n    hold: 30s\n  - name: Bridge\n    hold: 20s\n"
    routine = load_routine_text(text, "mine.yaml", default_id="mine").routine
    settings = Settings()
    settings.preferences("mine").step_holds.update({"cobra": 45, "plank": 20})
    settings.preferences("gone-routine").step_holds["x"] = 10
    notices = reconcile(settings, [routine])
    assert settings.routines["mine"].step_holds == {"cobra": 45}
    assert notices == ["Your hold for the step 'plank' of 'Mine' was dropped: the routine no longer has that step."]
    assert settings.routines["gone-routine"].step_holds == {"x": 10}  # not loaded now: kept


def test_a_chosen_variant_is_checked_when_read_and_dropped_when_the_routine_loses_it(tmp_path: Path, routines):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "settings": {}, "routines": {
        "daily-lower-back": {"variant": "flexion"}, "hip-relief": {"variant": ["not", "a", "name"]}}}))
    loaded = read_settings(path)
    assert loaded.settings.variant_for(routines["daily-lower-back"]) == "flexion"
    assert loaded.settings.routines["hip-relief"].variant is None
    assert any("is not a variant name" in notice for notice in loaded.notices)
    settings = Settings()
    settings.preferences("daily-lower-back").variant = "gone"
    notices = reconcile(settings, list(routines.values()))
    assert settings.routines["daily-lower-back"].variant is None
    assert notices == ["'Daily lower back stretches' no longer has the variant 'gone' you chose; it plays as written."]
