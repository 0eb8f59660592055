from __future__ import annotations

import pytest

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.timeline import SegmentKind, TimingSettings, build_timeline


def routine(steps_yaml: str):
    result = load_routine_text(f"title: Test\nsteps:\n{steps_yaml}", "test.yaml", default_id="test")
    assert result.problems == ()
    return result.routine


def kinds(timeline):
    return [(s.kind.value, s.side, s.duration) for s in timeline.segments]


def test_one_total_for_a_two_sided_stretch_is_split_in_half():
    timeline = build_timeline(routine("  - name: Lunge\n    duration: '1:00'\n    sides: 2\n"))
    assert kinds(timeline) == [
        ("get_ready", "left", 5.0),
        ("hold", "left", 30.0),
        ("switch", "right", 3.0),
        ("hold", "right", 30.0),
    ]
    assert timeline.steps[0].active_seconds == 60
    assert timeline.total_seconds == 68


def test_hold_each_side_gives_each_side_the_full_hold():
    timeline = build_timeline(routine("  - name: Glute\n    hold: 30s\n    sides: 2\n    first_side: right\n"))
    holds = [(s.side, s.duration) for s in timeline.segments if s.kind is SegmentKind.HOLD]
    assert holds == [("right", 30.0), ("left", 30.0)]


def test_reps_per_side_with_the_tempo_added():
    settings = TimingSettings(rep_tempo=2)
    timeline = build_timeline(routine("  - name: Hamstring\n    reps: 10\n    rep: 2s\n    sides: 2\n"), settings)
    reps = [s for s in timeline.segments if s.kind is SegmentKind.REP]
    assert len(reps) == 20
    assert [r.rep for r in reps[:10]] == list(range(1, 11))
    assert {r.duration for r in reps} == {4.0}
    assert timeline.steps[0].active_seconds == 80


def test_breaths_alternate_inhale_and_exhale():
    timeline = build_timeline(routine("  - name: Cat cow\n    breaths: 5\n"), TimingSettings(breath_length=6))
    breaths = [s for s in timeline.segments if s.kind is SegmentKind.BREATH]
    assert [(b.breath, b.phase) for b in breaths[:4]] == [(1, "inhale"), (1, "exhale"), (2, "inhale"), (2, "exhale")]
    assert sum(b.duration for b in breaths) == 30


def test_rounds_alternate_sides():
    timeline = build_timeline(routine("  - name: Side bend\n    hold: 15s\n    sides: 2\n    rounds: 2\n"))
    assert [(k, side) for k, side, _ in kinds(timeline)] == [
        ("get_ready", "left"), ("hold", "left"), ("switch", "right"), ("hold", "right"),
        ("switch", "left"), ("hold", "left"), ("switch", "right"), ("hold", "right"),
    ]
    assert timeline.steps[0].active_seconds == 60


def test_one_sided_rounds_rest_between():
    timeline = build_timeline(routine("  - name: Bridge\n    hold: 10s\n    rounds: 3\n"))
    assert [k for k, _, _ in kinds(timeline)] == ["get_ready", "hold", "rest", "hold", "rest", "hold"]


@pytest.mark.parametrize(("pick", "hold"), [("shorter", 20), ("middle", 25), ("longer", 30)])
def test_range_end_setting(pick, hold):
    timeline = build_timeline(routine("  - name: Cobra\n    hold: 20-30s\n"), TimingSettings(range_end=pick))
    assert timeline.steps[0].unit_seconds == hold


def test_hold_scale_scales_holds_but_not_counts():
    r = routine("  - name: Cobra\n    hold: 30s\n  - name: Cat cow\n    breaths: 5\n")
    timeline = build_timeline(r, TimingSettings(hold_scale=150))
    assert timeline.steps[0].unit_seconds == 45
    assert timeline.steps[1].active_seconds == 30  # five 6 s breaths, unscaled


def test_per_step_hold_wins_over_the_scale():
    r = routine("  - name: Cobra\n    hold: 30s\n")
    timeline = build_timeline(r, TimingSettings(hold_scale=200, step_holds={"cobra": 40}))
    assert timeline.steps[0].unit_seconds == 40


def test_no_get_ready_segment_when_set_to_zero():
    timeline = build_timeline(routine("  - name: Cobra\n    hold: 30s\n"), TimingSettings(get_ready=0))
    assert kinds(timeline) == [("hold", None, 30.0)]


def test_segments_are_contiguous_and_lookup_finds_them():
    r = routine("  - name: A\n    hold: 10s\n    sides: 2\n  - name: B\n    breaths: 2\n  - name: C\n    reps: 3\n")
    timeline = build_timeline(r)
    for before, after in zip(timeline.segments, timeline.segments[1:]):
        assert after.start == pytest.approx(before.end)
    for index, segment in enumerate(timeline.segments):
        assert timeline.segment_index_at(segment.start) == index
        assert timeline.segment_index_at(segment.end - 0.001) == index
    assert timeline.segment_index_at(timeline.total_seconds) is None
    assert timeline.step_at(timeline.steps[1].active_start).step.name == "B"


def test_settings_are_checked():
    with pytest.raises(ValueError):
        TimingSettings(range_end="longest")
    with pytest.raises(ValueError):
        TimingSettings(hold_scale=0)
