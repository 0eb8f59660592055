"""A history of made-up but realistic sessions, for screenshots, the report's example and
the benchmarks.

    python packaging/make_history.py --days 90 --out /tmp/history.sqlite3
    python packaging/make_history.py --days 365 --daily --out /tmp/year.sqlite3
    STRETCHDESK_DATA_DIR=/tmp/demo python packaging/make_history.py --days 90   # the app's own place

A person who starts with a sore back (6-7 out of 10) on a therapist's advice: most days at
first, some gaps later, a weekend off now and then, the odd routine stopped early (and
carried on the same evening) or a step skipped; the pain eases over the weeks, a little
lower after each session than before it, with a note now and then. `--daily` plays one
session every day, each finished (for timing a full year). The same `--seed` gives the
same history. The file is written through the app's own history store, as the app writes
it, ending today (or on `--until`).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stretchdesk.core.store.history import AFTER, BEFORE, DONE, SKIPPED, HistoryStore, history_file  # noqa: E402
from stretchdesk.core.routine.library import load_library  # noqa: E402
from stretchdesk.core.store.settings import Settings  # noqa: E402
from stretchdesk.core.play.timeline import timing_for

NOTES_BEFORE = ["Stiff after the drive", "Slept badly", "Long day at the desk", "Tight on the left side",
                "Better than yesterday", "Sore after gardening"]
NOTES_AFTER = ["Looser", "Much easier to stand up", "Hips feel open", "Still a little tight low down",
               "Calm", "The twist helped most"]


class Moment:
    """The wall clock the store stamps its rows with, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime.now().astimezone()

    def __call__(self) -> datetime:
        return self.now


def make(path: Path, days: int, *, daily: bool = False, seed: int = 7, until: date | None = None) -> int:
    rng = random.Random(seed)
    routines = {routine.id: routine for routine in load_library().routines}
    settings = Settings()
    moment = Moment()
    zone = moment.now.tzinfo
    store = HistoryStore(path, now=moment)
    last = until or date.today()
    first = last - timedelta(days=days - 1)
    made = 0
    for offset in range(days):
        day = first + timedelta(days=offset)
        progress = offset / max(days - 1, 1)
        if not daily:
            # Keen at first, then four or five days a week, weekends more often off.
            chance = 0.85 - 0.25 * progress - (0.2 if day.weekday() >= 5 else 0.0)
            if rng.random() > chance:
                continue
        routine_id = "daily-lower-back" if daily else rng.choices(
            ["daily-lower-back", "hip-relief", "thirteen-stretches", "intermediate-lower-back"],
            weights=[6, 3, 2, 1 + 3 * progress])[0]
        routine = routines[routine_id]
        timeline = timing_for(settings, routine)
        from stretchdesk.core.play.timeline import build_timeline

        plans = build_timeline(routine, timeline).steps
        hour = rng.choice([7, 7, 8, 12, 18, 19, 21]) if not daily else 7
        moment.now = datetime.combine(day, time(hour, rng.randrange(0, 60)), zone)
        session = store.begin(routine_id=routine.id, routine_title=routine.title, variant=None,
                              step_count=len(plans), timing={"hold_scale": 100, "get_ready": 5})
        # Easing over the weeks, from about 6.5 to about 3, with good and bad days.
        pain = max(0.0, min(9.0, 6.5 - 3.5 * progress + rng.gauss(0, 0.9)))
        checked = daily or rng.random() < 0.8
        if checked:
            store.check_in(session, BEFORE, round(pain), rng.choice(NOTES_BEFORE) if rng.random() < 0.15 else "")
        stop_at = None if daily or rng.random() > 0.08 else rng.randrange(1, len(plans))
        active = 0.0
        for plan in plans:
            if stop_at is not None and plan.index == stop_at:
                break
            skipped = not daily and rng.random() < 0.03
            active += 0 if skipped else plan.end - plan.start
            moment.now += timedelta(seconds=plan.end - plan.start)
            store.step_ended(session, position=plan.index, step_id=plan.step.id, name=plan.step.name,
                             status=SKIPPED if skipped else DONE, active_seconds=active)
        store.end(session, finished=stop_at is None, active_seconds=active, stopped_at_step=stop_at)
        made += 1
        if checked and stop_at is None:
            relief = rng.uniform(0.5, 2.5)
            store.check_in(session, AFTER, max(0, round(pain - relief)), rng.choice(NOTES_AFTER) if rng.random() < 0.15 else "")
        if stop_at is not None and rng.random() < 0.7:
            # Carried on later the same day.
            moment.now += timedelta(hours=rng.randrange(2, 6))
            carried = store.begin(routine_id=routine.id, routine_title=routine.title, variant=None,
                                  step_count=len(plans), timing={"hold_scale": 100, "get_ready": 5},
                                  first_step=stop_at, resumed_from=session)
            active = 0.0
            for plan in plans[stop_at:]:
                active += plan.end - plan.start
                moment.now += timedelta(seconds=plan.end - plan.start)
                store.step_ended(carried, position=plan.index, step_id=plan.step.id, name=plan.step.name,
                                 status=DONE, active_seconds=active)
            store.end(carried, finished=True, active_seconds=active)
            made += 1
    store.close()
    for problem in store.problems:
        print(problem, file=sys.stderr)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90, help="how many days back from --until (default 90)")
    parser.add_argument("--daily", action="store_true", help="a finished session every day")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--until", type=date.fromisoformat, help="the last day (YYYY-MM-DD; default today)")
    parser.add_argument("--out", type=Path, help="the file to write (default: the app's own history)")
    options = parser.parse_args(argv)
    path = options.out or history_file()
    if path.exists():
        print(f"{path} exists already: sessions are added to it", file=sys.stderr)
    made = make(path, options.days, daily=options.daily, seed=options.seed, until=options.until)
    print(f"{made} sessions over {options.days} days written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
