"""A history written through the app's own store, for the tests of what reads it (the
command line, the report, the window's export)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from stretchdesk.core.store.history import AFTER, BEFORE, DONE, HistoryStore


def today() -> date:
    """Today where the tests run, asked for when a test begins rather than once when this
    module is imported: a run that passes midnight would otherwise compare the program's
    today with the day before."""
    return datetime.now().astimezone().date()


def write_history(data: Path, sessions: list[dict], on: date | None = None) -> Path:
    """Sessions written through the app's own store: each a dict with `day` (days before
    `on`, the test's today), and optionally `title`, `steps` ([(name, status)]), `finished`, `before`,
    `after`, `note_before`, `note_after`."""
    on = on or today()
    path = data / "history.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    zone = datetime.now().astimezone().tzinfo
    moment = [datetime.now().astimezone()]
    store = HistoryStore(path, now=lambda: moment[0])
    for index, spec in enumerate(sessions):
        moment[0] = datetime.combine(on - timedelta(days=spec["day"]), time(7, 30), zone) + timedelta(minutes=index)
        steps = spec.get("steps", [("Cat-Cow", DONE), ("Child's Pose", DONE), ("Back Twist", DONE)])
        title = spec.get("title", "Daily lower back stretches")
        session = store.begin(routine_id=spec.get("id", "daily-lower-back"), routine_title=title, variant=None,
                              step_count=len(steps), timing={"hold_scale": 100})
        if "before" in spec:
            store.check_in(session, BEFORE, spec["before"], spec.get("note_before", ""))
        active = 0.0
        for position, (name, status) in enumerate(steps):
            moment[0] += timedelta(minutes=1)
            active += 60 if status == DONE else 0
            store.step_ended(session, position=position, step_id=name.lower().replace(" ", "-"), name=name,
                             status=status, active_seconds=active)
        finished = spec.get("finished", True)
        store.end(session, finished=finished, active_seconds=active, stopped_at_step=None if finished else len(steps) - 1)
        if "after" in spec:
            store.check_in(session, AFTER, spec["after"], spec.get("note_after", ""))
    store.close()
    assert not store.problems
    return path
