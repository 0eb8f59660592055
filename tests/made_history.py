"""Sessions written into a history through the app's own store, at moments a test chooses."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from stretchdesk.core.store.history import AFTER, BEFORE, DONE, SKIPPED, HistoryStore

ZONE = timezone(timedelta(hours=1))
#: The day the tests' histories end on (a Friday).
TODAY = date(2026, 11, 20)
STEPS = (("cat-cow", "Cat-Cow"), ("childs-pose", "Child's Pose"), ("twist", "Twist"), ("bridge", "Bridge"))
TIMING = {"hold_scale": 120, "get_ready": 5, "switch_pause": 3, "breath_length": 6, "rep_tempo": 2,
          "range_end": "middle", "step_holds": {"twist": 40}}


class Wall:
    """The wall clock the store stamps its rows with, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime.combine(TODAY, time(7, 0), ZONE)

    def __call__(self) -> datetime:
        return self.now


class History:
    """Writes sessions as the app does: begun, each step ended, finished or stopped."""

    def __init__(self, path: Path):
        self.wall = Wall()
        self.store = HistoryStore(path, now=self.wall)

    def close(self) -> None:
        self.store.close()

    def session(self, day: date, at: time = time(7, 30), *, step_seconds: float = 90, skip: tuple[int, ...] = (),
                stop_at: int | None = None, before: int | None = None, after: int | None = None,
                before_note: str = "", after_note: str = "", variant: str | None = None,
                routine: tuple[str, str] = ("daily", "Daily stretches"), first_step: int = 0,
                resumed_from: str | None = None) -> str:
        self.wall.now = datetime.combine(day, at, ZONE)
        session = self.store.begin(routine_id=routine[0], routine_title=routine[1], variant=variant,
                                   step_count=len(STEPS), timing=TIMING, first_step=first_step,
                                   resumed_from=resumed_from)
        if before is not None:
            self.store.check_in(session, BEFORE, before, before_note)
        active = 0.0
        for position, (step_id, name) in enumerate(STEPS):
            if position < first_step:
                continue
            if stop_at is not None and position == stop_at:
                break
            skipped = position in skip
            self.wall.now += timedelta(seconds=step_seconds)
            active += 0 if skipped else step_seconds
            self.store.step_ended(session, position=position, step_id=step_id, name=name,
                                  status=SKIPPED if skipped else DONE, active_seconds=active)
        self.store.end(session, finished=stop_at is None, active_seconds=active, stopped_at_step=stop_at)
        if after is not None:
            self.store.check_in(session, AFTER, after, after_note)
        return session
