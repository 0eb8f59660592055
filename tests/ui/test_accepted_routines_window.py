"""Whatever the routine checker accepts, the window previews and plays: documents generated
from the schema (tests/core/routine/test_schema_space.py), each shown in the library's
preview with every variant and played through the real window on the fake clock, from
Start to the completion page, with the timing settings at their ends (no get-ready, no
pause to switch, holds at half), the controls pressed along the way, and the library shown
mid-session. Six examples, the same on every run (one of two hundred steps takes the window seconds)."""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from stretchdesk.core.routine.library import Library
from stretchdesk.core.routine.loader import load_routine_text
from tests.core.routine.test_schema_space import routine_documents

TIMINGS = st.fixed_dictionaries({
    "hold_scale": st.sampled_from([50, 100, 200]),
    "get_ready": st.sampled_from([0, 1, 5]),
    "switch_pause": st.sampled_from([0, 3]),
    "rep_tempo": st.sampled_from([0, 2]),
    "breath_length": st.sampled_from([2, 6]),
    "check_in": st.just(False),
})


def play_to_the_end(window, clock, rng: random.Random) -> None:
    """Tick as the driver's timer would, where the playback says, pressing a control now and
    then, until the completion page shows; a session that never ends fails."""
    timeline = window.playback.timeline
    ticks = 0
    # Each segment's change, a wake-up at each of the countdown's seconds (and while a
    # spoken cue is awaited), and what the controls pressed undo: "previous" plays a step
    # again, up to three times over in a long routine of short steps.
    bound = 12 * len(timeline.segments) + 3 * timeline.total_seconds + 500
    while ticks < bound:
        ticks += 1
        if window.current_page() is window.completion_page:
            return
        roll = rng.random()
        if roll < 0.05:
            window._do("next_step")
        elif roll < 0.08:
            window._do("previous_step")
        elif roll < 0.11:
            window._do("toggle")
            clock.advance(rng.choice([0.5, 30]))
            window._do("toggle")
        wait = window.playback.wake_in()
        clock.advance(min(wait, 30.0) if wait is not None else 1.0)
        window.driver.tick()
    view = window.playback.view()
    raise AssertionError(f"the routine never came to its end: {ticks} ticks, at {view.position} of {view.total} s")


# No shrinking: a failing window example is reported as drawn, in seconds, not minutes.
# A document as large as the schema allows (a hundred poses of its own, each with every
# joint) makes a long call to print; Hypothesis warns of that before it prints it, and
# the warning is not a failure of the window.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=6, derandomize=True, database=None, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(document=routine_documents(), timing=TIMINGS, seed=st.integers(0, 2**16))
def test_every_accepted_routine_previews_and_plays_in_the_window(window, clock, document, timing, seed):
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    routine = load_routine_text(text, "accepted.yaml", default_id="accepted").routine
    assume(routine is not None)  # what the loader refuses is tested in the core, in plain words
    rng = random.Random(seed)
    window.show_library()
    window.apply_settings(timing)
    window._take_library(Library([routine]), [])
    page = window.library_page
    page.select(routine.id)
    for variant in [None, *(variant.id for variant in routine.variants)]:
        if variant is not None:
            page.variant.setCurrentIndex(page.variant.findData(variant))
        assert page.selected_routine() is routine and page.title.text()
        window.start_routine(routine, variant)
        assert window.current_page() is window.player_page
        if rng.random() < 0.2:  # left mid-way, and started again
            window.driver.tick()
            window.show_library()
            window.start_routine(routine, variant)
        play_to_the_end(window, clock, rng)
        window.show_library()
