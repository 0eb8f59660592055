"""What the history says around a session: the streak and the week on the completion page,
what a check-in kept, and the offer to carry on a session stopped early or cut off. The
sessions are written through the history store with a fixed wall clock."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from stretchdesk.core.store.history import BEFORE, HistoryStore
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.views.progress import (
    completion_view,
    kept_text,
    offer_for,
    resume_offers,
)
from stretchdesk.core.store.settings import Settings

from tests.core.store.test_history import dead_pid
from stretchdesk.core.play.timeline import timeline_for

ZONE = timezone(timedelta(hours=1))
#: A Thursday.
TODAY = date(2026, 11, 19)

ROUTINE = """title: Test
steps:
  - name: Twist
    hold: 10s
  - name: Cat cow
    breaths: 2
  - name: Bridge
    reps: 2
  - name: Child's pose
    hold: 20s
variants:
  - id: short
    name: Short
    replace:
      - step: bridge
        with: []
"""


class Moment:
    def __init__(self) -> None:
        self.now = datetime.combine(TODAY, datetime.min.time(), ZONE)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def moment() -> Moment:
    return Moment()


@pytest.fixture
def store(tmp_path, moment) -> HistoryStore:
    made = HistoryStore(tmp_path / "history.sqlite3", now=moment)
    yield made
    made.close()


def routine(text: str = ROUTINE):
    return load_routine_text(text, "t.yaml", default_id="t").routine


def session(store, moment, day: date, *, stop_at: int | None = None, steps: int = 4, routine_id: str = "t",
            variant: str | None = None, end: bool = True) -> str:
    """A session on `day` at 8:00, its steps done up to `stop_at` (all when None)."""
    moment.now = datetime.combine(day, datetime.min.time(), ZONE) + timedelta(hours=8)
    made = store.begin(routine_id=routine_id, routine_title="Test", variant=variant, step_count=steps, timing={})
    ids = ["twist", "cat-cow", "bridge", "childs-pose"] if variant is None else ["twist", "cat-cow", "childs-pose"]
    for position in range(steps if stop_at is None else stop_at):
        store.step_ended(made, position=position, step_id=ids[position], name=ids[position], status="done",
                         active_seconds=10.0 * (position + 1))
    if end:
        store.end(made, finished=stop_at is None, active_seconds=40.0, stopped_at_step=stop_at)
    return made


def test_what_a_check_in_kept():
    assert kept_text(3, 6) == "Thanks. Kept: 3 of 10 after, 6 before."
    assert kept_text(0, None) == "Thanks. Kept: 0 of 10 after."
    assert kept_text(3, 6, kept=False) == "Thanks. 3 of 10 after, not kept: your history can only be read just now."


def test_the_completion_page_counts_the_streak_and_the_week_from_the_history(store, moment):
    # Monday to Thursday of this week finished, and four days in a row from the 7th to the
    # 10th (the best); the 15th (Sunday) stopped before any step was done: not practised.
    for day in (7, 8, 9, 10, 12):
        session(store, moment, date(2026, 11, day))
    session(store, moment, date(2026, 11, 15), stop_at=0)
    for day in (16, 17, 18):
        session(store, moment, date(2026, 11, day))
    last = session(store, moment, TODAY, stop_at=2)  # stopped today, two steps done
    store.check_in(last, BEFORE, 6, "stiff")
    view = completion_view(store.sessions(), last, timeline_for(Settings(), routine(), None), goal=4, today=TODAY)
    assert view.streak == "4 days in a row · your best yet"
    assert view.week == "3 of 4 this week", "the session stopped today does not count towards the goal"
    assert view.before.score == 6 and view.before.note == "stiff"
    assert view.resume.from_step == 2 and view.resume.session_id == last
    assert view.resume.button_text == "Carry on from step 3"

    carried = session(store, moment, TODAY)
    view = completion_view(store.sessions(), carried, timeline_for(Settings(), routine(), None), goal=3, today=TODAY)
    assert view.week == "4 this week · goal of 3 reached" and view.resume is None and view.before is None
    next_week = completion_view(store.sessions(), carried, timeline_for(Settings(), routine(), None), goal=4,
                                today=TODAY + timedelta(days=4))
    assert next_week.week == "0 of 4 this week"
    assert next_week.streak == "Your next routine starts a new streak · best 4"


def test_before_any_day_with_a_step_done_nothing_is_said_of_days_in_a_row(store, moment):
    stopped = session(store, moment, TODAY, stop_at=0)
    view = completion_view(store.sessions(), stopped, timeline_for(Settings(), routine(), None), goal=4, today=TODAY)
    assert view.streak == "" and view.week == "0 of 4 this week"
    first = session(store, moment, TODAY)
    view = completion_view(store.sessions(), first, timeline_for(Settings(), routine(), None), goal=4, today=TODAY)
    assert view.streak == "1 day in a row" and view.week == "1 of 4 this week"


def test_without_the_session_in_the_history_nothing_is_said(store, moment):
    session(store, moment, TODAY)
    view = completion_view(store.sessions(), None, timeline_for(Settings(), routine(), None), goal=4, today=TODAY)
    assert (view.streak, view.week, view.resume, view.before) == ("", "", None, None)


def test_a_stopped_session_is_offered_with_the_steps_left(store, moment):
    session(store, moment, TODAY, stop_at=1)
    offers = resume_offers(store.resumable(), [routine()], Settings())
    offer = offers["t"]
    assert (offer.from_step, offer.step_count, offer.steps_left) == (1, 4, 3)
    assert offer.text == "Resume — 3 of 4 steps left"
    assert offer.ended == "stopped at step 2 of 4"


def test_a_session_cut_off_is_offered_too(store, moment):
    session(store, moment, TODAY, stop_at=3, end=False)
    assert resume_offers(store.resumable(), [routine()], Settings()) == {}, "still running, in this process"
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE sessions SET owner_pid = ?", (dead_pid(),))
    offer = resume_offers(store.resumable(), [routine()], Settings())["t"]
    assert offer.from_step == 3 and offer.text == "Resume — 1 of 4 steps left" and offer.ended == "cut off"


def test_a_routine_whose_steps_changed_is_not_offered(store, moment):
    session(store, moment, TODAY, stop_at=2)
    fewer = ROUTINE.split("variants:")[0].replace("  - name: Bridge\n    reps: 2\n", "")
    assert resume_offers(store.resumable(), [routine(fewer)], Settings()) == {}
    renamed = ROUTINE.replace("name: Cat cow", "name: Cat and cow")  # as many steps, another in its place
    assert resume_offers(store.resumable(), [routine(renamed)], Settings()) == {}
    assert resume_offers(store.resumable(), [routine()], Settings())["t"].from_step == 2


def test_the_variant_played_is_the_one_carried_on(store, moment):
    session(store, moment, TODAY, stop_at=1, steps=3, variant="short")
    settings = Settings()
    offer = resume_offers(store.resumable(), [routine()], settings)["t"]
    assert offer.variant == "short" and offer.text == "Resume — 2 of 3 steps left"
    assert offer_for(store.resumable()["t"], timeline_for(settings, routine(), None)) is None, "another variant"
    lost = ROUTINE.split("variants:")[0]
    assert resume_offers(store.resumable(), [routine(lost)], settings) == {}, "the variant is gone"


def test_a_finished_or_carried_on_session_is_not_offered(store, moment):
    first = session(store, moment, TODAY, stop_at=1)
    moment.now += timedelta(hours=1)
    carried = store.begin(routine_id="t", routine_title="Test", variant=None, step_count=4, timing={},
                          first_step=1, resumed_from=first)
    store.end(carried, finished=True, active_seconds=30.0)
    assert resume_offers(store.resumable(), [routine()], Settings()) == {}
    [old, new] = store.sessions()
    assert offer_for(old, timeline_for(Settings(), routine(), None)) is None
    assert offer_for(new, timeline_for(Settings(), routine(), None)) is None
