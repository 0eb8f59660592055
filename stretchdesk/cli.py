"""The command line: the window by default; list, show, check and play for people who script.

Nothing here imports Qt until the window is asked for, so `stretchdesk list` stays quick and
works on a machine without a display; nor the routine file reader (YAML and the schema
checker, ~70 ms) until a file is read: an unchanged library comes from its cache.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

from stretchdesk.core.about import VERSION
from stretchdesk.core.routine import library
from stretchdesk.core import paths
from stretchdesk.core.words import clock, count_of, plural
from stretchdesk.core.routine.library import Library, load_library
from stretchdesk.core.routine.model import Routine, Step
from stretchdesk.core.routine.problems import Problem
from stretchdesk.core.store.settings import BY_KEY, SETTINGS, SettingError, Settings, load_settings, settings_file, suggest_key, update_settings
from stretchdesk.core.text import VisibleWriter, data_stream, json_text, one_line, path_text
from stretchdesk.core.play.timeline import StepPlan, Timeline
from stretchdesk.core.play.timeline import timeline_for


class CommandError(Exception):
    """A plain message for the person; exits 1."""


class UsageError(CommandError):
    """What the command was asked cannot be (a period that ends before it starts): a plain
    message, and exit 2, as for a mistake in the command's words."""


def load_person_settings() -> Settings:
    """The person's settings; what was wrong with the file (put right once, so it is not
    said again) is said on stderr."""
    loaded = load_settings()
    tell(loaded.notices)
    return loaded.settings


def say(message: str) -> None:
    """An error or a notice on stderr, after the program's name. Each is a sentence and
    starts with a capital (or a number), whoever wrote it: the command line's own and the
    core's alike. Only a place comes before it: a problem in a file, 'file:line:column:
    ...' (print_problems), or a file the system refused, 'file: Permission denied'."""
    print(f"stretchdesk: {message}", file=sys.stderr)


def tell(notices: Sequence[str]) -> None:
    for notice in notices:
        say(notice)


def print_json(data: Any) -> None:
    print(json_text(data))


def step_json(plan: StepPlan) -> dict[str, Any]:
    step: Step = plan.step
    amount = plan.amount
    return {
        "index": plan.index + 1,
        "id": step.id,
        "name": step.name,
        "summary": step.summary,
        "difficulty": step.difficulty,
        "start_seconds": plan.start,
        "active_start_seconds": plan.active_start,
        "active_seconds": plan.active_seconds,
        "total_seconds": plan.total_seconds,
        "measure": amount.measure.value,
        "hold_seconds": amount.hold_seconds,
        "sides": amount.sides,
        "rounds": amount.rounds,
        "reps": step.reps,
        "rep_seconds": amount.rep_seconds,
        "breaths": step.breaths,
        "breath_seconds": amount.breath_seconds,
        "pose": step.pose,
        "instructions": list(step.instructions),
        "tips": list(step.tips),
        "adjustments": list(step.adjustments),
    }


def routine_json(timeline: Timeline) -> dict[str, Any]:
    routine: Routine = timeline.routine
    return {
        "id": routine.id,
        "title": routine.title,
        "file": path_text(routine.file) if routine.file else None,
        "summary": routine.summary,
        "level": routine.level,
        "focus": list(routine.focus),
        "variant": timeline.variant,
        "variants": [{"id": v.id, "name": v.name, "description": v.description} for v in routine.variants],
        "step_count": len(timeline.steps),
        "active_seconds": timeline.active_seconds,
        "total_seconds": timeline.total_seconds,
        "steps": [step_json(plan) for plan in timeline.steps],
    }


def print_problems(problems: Sequence[Problem], out: TextIO) -> None:
    for problem in problems:
        print(problem, file=out)


def _library() -> Library:
    library = load_library()
    _say_problems(library.problems, library.broken_files)
    return library


def _say_problems(problems: Sequence[Problem], broken_files: Sequence[str]) -> None:
    if problems:
        count = len(broken_files)
        print(f"{plural(count, 'routine file')} could not be loaded:", file=sys.stderr)
        print_problems(problems, sys.stderr)


def resolve_routine(reference: str, library_loader=_library) -> Routine:
    """A routine by id or file (see core.library.resolve_routine); a file's problems are
    listed on stderr, and the reason it cannot be used becomes the command's error."""
    try:
        return library.resolve_routine(reference, library_loader)
    except library.RoutineNotFound as error:
        print_problems(error.problems, sys.stderr)
        above = " above" if error.problems else ""
        raise CommandError(f"The routine file {reference} cannot be used until the problems{above} are fixed"
                           if error.problems else str(error)) from None


def check_variant(routine: Routine, variant: str | None) -> None:
    try:
        library.check_variant(routine, variant)
    except library.RoutineNotFound as error:
        raise CommandError(str(error)) from None


#: `--variant standard`: the routine as written, whatever variant the library has chosen.
STANDARD = "standard"


def _variant(routine: Routine, asked: str | None, settings: Settings) -> str | None:
    """The variant to count or play: the one asked for, 'standard' for the routine as
    written, or else the one chosen in the library (as the window counts and plays it)."""
    if asked is None:
        return settings.variant_for(routine)
    if asked == STANDARD and not routine.has_variant(STANDARD):
        return None
    check_variant(routine, asked)
    return asked


def _timeline(routine: Routine, variant: str | None, settings: Settings) -> Timeline:
    return timeline_for(settings, routine, _variant(routine, variant, settings))


def cmd_list(args: argparse.Namespace) -> int:
    if args.json:
        found = _library()
        settings = load_person_settings()
        print_json([routine_json(_timeline(routine, None, settings)) for routine in found.routines])
        return 0
    loaded = load_settings()
    settings = loaded.settings

    def steps_and_total(routine: Routine) -> tuple[int, float]:
        timeline = _timeline(routine, None, settings)
        return len(timeline.steps), timeline.total_seconds

    # An unchanged library is listed from what the last listing kept, under the same settings.
    listing = library.list_library(steps_and_total, settings.to_json())
    _say_problems(listing.problems, listing.broken_files)
    tell(loaded.notices)
    routines = listing.routines
    if not routines:
        print("No routines found.")
        return 0
    titles = [one_line(routine.title) for routine in routines]
    id_width = max(len("ID"), *(len(routine.id) for routine in routines))
    title_width = max(len("TITLE"), *(len(title) for title in titles))
    lines = [f"{'ID':<{id_width}}  {'TITLE':<{title_width}}  STEPS  TOTAL"]
    for routine, title in zip(routines, titles):
        steps, total = routine.summary
        lines.append(f"{routine.id:<{id_width}}  {title:<{title_width}}  {steps:>5}  {clock(total):>5}")
    print("\n".join(lines))
    return 0


#: The size of a printed step picture (a movement's two shapes are twice as wide).
FIGURE_SIZE = 600


def write_figures(timeline: Timeline, folder: str) -> tuple[int, list[str]]:
    """One SVG per step in `folder` (made if need be): NN-<step id>.svg, and NN-<step
    id>-2.svg for the second side of a one-sided step; the same drawing as the window's.
    Returns how many were written and the steps that have no picture. Nothing is written
    unless every picture can go where it goes: over a regular file or as a new one, never
    over the history or a file that belongs with it."""
    from pathlib import Path

    from stretchdesk.core.figure.drawing import step_picture, svg
    from stretchdesk.core.files import write_atomic
    from stretchdesk.core.store.history import history_file
    from stretchdesk.core.text import xml_text
    from stretchdesk.core.views.report import companion_problem, kind_problem

    if not folder:
        raise UsageError("The pictures could not be written: the folder given to --figures has no name; "
                         "give the folder to write them in")
    target = Path(folder)
    pictures: list[tuple[Path, str]] = []
    without = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for plan in timeline.steps:
            step = plan.step
            motion = timeline.routine.motion(step)
            if motion is None:
                without.append(f"{plan.index + 1} {one_line(step.name)}")
                continue
            for number, side in enumerate(step.side_order, start=1):
                shapes, width, height = step_picture(motion, side, FIGURE_SIZE)
                title = f"{step.name} ({side} side)" if side else step.name
                name = f"{plan.index + 1:02d}-{step.id}" + (f"-{number}" if number > 1 else "") + ".svg"
                pictures.append((target / name, svg(shapes, width, height, xml_text(title))))
        for path, _ in pictures:
            problem = kind_problem(path)
            if problem is not None:
                raise UsageError(f"The pictures could not be written: {problem}")
            problem = companion_problem(path, history_file(), "the pictures")
            if problem is not None:
                raise CommandError(f"The pictures could not be written: {problem}")
        for path, drawn in pictures:
            write_atomic(path, drawn.encode("utf-8"))
    except (FileExistsError, NotADirectoryError):
        raise CommandError(f"The pictures could not be written: {path_text(target)} is not a folder") from None
    except OSError as error:
        raise CommandError(f"The pictures could not be written in {path_text(target)}: {error.strerror or error}") from None
    return len(pictures), without


def cmd_show(args: argparse.Namespace) -> int:
    routine = resolve_routine(args.routine)
    timeline = _timeline(routine, args.variant, load_person_settings())
    figures = write_figures(timeline, args.figures) if args.figures is not None else None
    if args.json:
        print_json(routine_json(timeline))
        return 0
    print(f"{one_line(routine.title)}  ({routine.id})")
    if routine.summary:
        print(one_line(routine.summary))
    print(
        f"{len(timeline.steps)} steps, {clock(timeline.active_seconds)} of stretching, "
        f"{clock(timeline.total_seconds)} in all with get-ready and switch pauses"
    )
    if timeline.variant:
        print(f"Variant: {one_line(routine.variant(timeline.variant).name)}")
    elif routine.variants:
        names = ", ".join(f"{v.id} ({one_line(v.name)})" for v in routine.variants)
        print(f"Variants: {names}; choose one with --variant ID")
    print()
    names = [one_line(plan.step.name) for plan in timeline.steps]
    name_width = max(len("STEP"), *(len(name) for name in names))
    print(f"{'#':>3}  {'START':>5}  {'STEP':<{name_width}}  {'ACTIVE':>6}  HOW")
    for plan, name in zip(timeline.steps, names):
        print(
            f"{plan.index + 1:>3}  {clock(plan.active_start):>5}  {name:<{name_width}}  "
            f"{clock(plan.active_seconds):>6}  {plan.amount.written()}"
        )
    print(f"{'':>3}  {clock(timeline.total_seconds):>5}  Done")
    if figures is not None:
        written, without = figures
        print(f"\n{plural(written, 'picture')} in {path_text(args.figures)}"
              + (f" (no pose named: step {', step '.join(without)})" if without else ""))
    return 0


def cmd_poses(args: argparse.Namespace) -> int:
    from stretchdesk.core.routine.poses import builtin_poses, view_of

    loaded = builtin_poses()
    library = loaded.library
    rows = [(name, "pose", view_of(pose), "") for name, pose in library.poses.items()]
    rows += [(name, "movement", view_of(motion.start), " -> ".join(library.moves_between.get(name, ("?", "?"))))
             for name, motion in library.motions.items()]
    if rows:
        width = max(len("NAME"), *(len(row[0]) for row in rows))
        views = max(len("VIEW"), *(len(row[2]) for row in rows))
        print(f"{'NAME':<{width}}  {'KIND':<8}  {'VIEW':<{views}}  MOVES BETWEEN")
        for name, kind, view, between in rows:
            print(f"{name:<{width}}  {kind:<8}  {view:<{views}}  {between}".rstrip())
        print("\nA step names one with 'pose: NAME'; each is drawn for the left side, and the right side is its mirror image.")
    for problem in loaded.problems:
        print(problem, file=sys.stderr)
    return 1 if loaded.problems else 0


def cmd_check(args: argparse.Namespace) -> int:
    from stretchdesk.core.routine.loader import load_routine_file

    bad = 0
    for name in args.files:
        if paths.is_pose_library(Path(name)):  # beside the built-in routines: checked as what it is
            from stretchdesk.core.files import read_regular_file
            from stretchdesk.core.routine.poses import MAX_POSES_BYTES, read_poses

            try:
                loaded = read_poses(read_regular_file(Path(name), MAX_POSES_BYTES).decode("utf-8", "replace"), name)
            except OSError as error:
                bad += 1
                print(f"{path_text(name)}: {error.strerror or error}")
                continue
            if loaded.problems:
                bad += 1
                for problem in loaded.problems:
                    print(problem)
            elif not args.quiet:
                print(f"{name}: ok (pose library, {len(loaded.library.poses)} poses, {len(loaded.library.motions)} movements)")
            continue
        result = load_routine_file(name)
        if result.routine is None:
            bad += 1
            print_problems(result.problems, sys.stdout)
        elif not args.quiet:
            print(f"{name}: ok ({one_line(result.routine.title)}, {len(result.routine.steps)} steps)")
    if bad:
        print(f"{count_of(bad, len(args.files), 'file')} with problems", file=sys.stderr)
        return 1
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    if args.key is None:
        settings = load_person_settings()
        rows = [
            {"key": s.key, "value": settings[s.key], "default": s.default, "type": s.type_name, "help": s.help,
             "label": s.label, "section": s.section, "minimum": s.minimum, "maximum": s.maximum,
             "choices": list(s.choices) or None, "unit": s.unit or None}
            for s in SETTINGS
        ]
        if args.json:
            print_json(rows)
            return 0
        width = max(len(s.key) for s in SETTINGS)
        print(f"{'KEY':<{width}}  {'VALUE':<18}  {'DEFAULT':<18}  HELP")
        for setting in SETTINGS:
            value, default = setting.show(settings[setting.key]), setting.show(setting.default)
            print(f"{setting.key:<{width}}  {value:<18}  {default:<18}  {setting.help}")
        print(f"\nSaved in {settings_file()}")
        return 0
    if args.key not in BY_KEY:
        raise CommandError(f"There is no setting '{args.key}'{suggest_key(args.key)}")
    if args.value is None:
        settings = load_person_settings()
        print(BY_KEY[args.key].show(settings[args.key]))
        return 0
    setting = BY_KEY[args.key]
    try:
        value = setting.parse(args.value)
    except SettingError as error:
        raise CommandError(str(error)) from None
    try:
        # Read, changed and written under the settings file's lock: a change made at the
        # same moment by the window or another command is kept too.
        loaded = update_settings(lambda settings: settings.set(setting.key, value))
    except OSError as error:
        raise CommandError(f"The settings could not be saved in {settings_file()}: {error.strerror or error}") from None
    tell(loaded.notices)
    print(f"{setting.key} = {setting.show(value)}")
    return 0


def cmd_menu_entry(args: argparse.Namespace) -> int:
    from stretchdesk import desktop

    try:
        if args.remove:
            removed = desktop.remove()
            print(f"Removed {len(removed)} files: StretchDesk is no longer in the application menu.")
            return 0
        written = desktop.install()
    except OSError as error:
        where = f" ({path_text(error.filename)})" if error.filename else ""
        raise CommandError(f"The menu entry could not be written under {path_text(desktop.data_home())}: "
                           f"{error.strerror or error}{where}") from None
    print(f"StretchDesk is in the application menu ({len(written)} files under {desktop.data_home()}).")
    return 0


# -- the history and the report ---------------------------------------------------------------

def _today():
    from datetime import datetime

    return datetime.now().astimezone().date()


def _period(args: argparse.Namespace, default_weeks: int | None):
    from stretchdesk.core.views.report import PeriodError, choose_period

    try:
        return choose_period(args.start, args.end, _today(), default_weeks=default_weeks)
    except PeriodError as error:
        raise UsageError(str(error)) from None


def read_history(unusable: str):
    """Every session in the person's history, oldest first, or None when there is no
    history yet (nothing is made by looking). What was wrong with the file is said on
    stderr; a file that cannot be read (damaged, and kept aside by the store) is the
    command's error, with `unusable` after it."""
    from stretchdesk.core.store.history import HistoryStore, history_file

    path = history_file()
    if not os.path.lexists(path):
        return None
    with HistoryStore(path, reading=True) as store:  # only read: a full disk or a read-only folder is no matter
        records = store.sessions()
        readable = store.available and store.kept_aside is None
        problems = store.take_problems()
    if not readable:
        raise CommandError(" ".join([*problems, unusable]))
    tell(problems)
    return records


def _empty_history() -> str:
    from stretchdesk.core.store.history import history_file

    return (f"No sessions in your history yet. Each routine you play in the window is kept there, on this "
            f"computer only ({path_text(history_file())}).")


def cmd_history(args: argparse.Namespace) -> int:
    from stretchdesk.core import words
    from stretchdesk.core.views.history_stats import current_streaks, week_progress
    from stretchdesk.core.views.history_view import COLUMNS, session_row
    from stretchdesk.core.views.report import session_json, write_csv

    start, end = _period(args, None)
    everything = read_history("Nothing could be listed.")
    records = [record for record in everything or []
               if (start is None or record.day >= start) and (end is None or record.day <= end)]
    if args.json:
        print_json([session_json(record) for record in records])
        return 0
    if args.csv:
        # Into a file or a pipe the CSV is data, written as it is; a terminal shows it with
        # its control characters made visible.
        write_csv(records, data_stream(sys.stdout), lineterminator="\n")
        return 0
    if not records:
        if not everything:
            print(_empty_history())
        else:
            asked = f"from {start.isoformat() if start else 'the start'} to {end.isoformat() if end else 'today'}"
            print(f"No sessions {asked}; the history holds {len(everything)}, from {everything[0].day.isoformat()} "
                  f"to {everything[-1].day.isoformat()}.")
        return 0
    # The History page's list, a line a session: when, the routine, its time, how it ended,
    # the check-ins before and after; a session's notes on the line below it.
    today = _today()
    rows = [session_row(record, this_year=today.year) for record in records]
    when, routine, time, ended, comfort = (COLUMNS[index].upper() for index in (0, 1, 2, 3, 5))
    titles = [one_line(row.routine) for row in rows]
    when_width = max(len(when), *(len(row.when) for row in rows))
    title_width = min(max(len(routine), *(len(title) for title in titles)), 40)
    time_width = max(len(time), *(len(row.minutes) for row in rows))
    ended_width = max(len(ended), *(len(row.outcome) for row in rows))
    print(f"{when:<{when_width}}  {routine:<{title_width}}  {time:>{time_width}}  {ended:<{ended_width}}  {comfort}")
    for row, title in zip(rows, titles):
        if len(title) > title_width:
            title = title[:title_width - 1] + "…"
        print(f"{row.when:<{when_width}}  {title:<{title_width}}  {row.minutes:>{time_width}}  "
              f"{row.outcome:<{ended_width}}  {row.comfort}".rstrip())
        if row.notes:
            print(f"{'':<{when_width}}  {one_line(row.notes)}")
    finished = sum(1 for record in records if record.finished)
    active = sum(record.active_seconds for record in records)
    print(f"\n{plural(len(records), 'session')}, {finished} played to the end; {words.minutes(active)} of stretching.")
    if start is None and end is None:
        # The whole history: where it stands today, as the History page says it.
        current, best = current_streaks(everything, today)
        print(words.streak(current, best))
        print(words.week(week_progress(everything, today), load_person_settings()["weekly_goal"]))
    return 0


def _report_target(name: str) -> Path:
    """Where the report may go: a new file or a regular file in a folder that is there,
    never the history or a file that belongs with it. A place that is no file at all (a
    named pipe, a device) is a mistake in the command's words: exit 2."""
    from stretchdesk.core.store.history import history_file
    from stretchdesk.core.views.report import kind_problem, target_problem

    target = Path(name)
    if not name:
        raise UsageError("The report could not be written: the file name is empty; give the file to write")
    problem = kind_problem(target)
    if problem is not None:
        raise UsageError(f"The report could not be written: {problem}")
    problem = target_problem(target, history_file())
    if problem is not None:
        raise CommandError(f"The report could not be written: {problem}")
    return target


def cmd_report(args: argparse.Namespace) -> int:
    from stretchdesk.core.views.report import build_report, csv_bytes, summary_lines

    start, end = _period(args, 4)
    everything = read_history("No report was written.")
    if args.pdf is None and args.csv is None:
        records = everything or []
    elif not everything:
        raise CommandError(_empty_history() + " No report was written.")
    else:
        records = everything
    settings = load_person_settings()
    report = build_report(records, start, end, weekly_goal=settings["weekly_goal"], today=_today())
    if args.pdf is None and args.csv is None:
        if everything is None:
            print(_empty_history())
            return 0
        for line in summary_lines(report):
            print(one_line(line))
        print("\nWrite it for your therapist with --pdf FILE (or --csv FILE for a spreadsheet).")
        return 0
    target = _report_target(args.pdf if args.pdf is not None else args.csv)
    existed = target.exists()
    try:
        if args.pdf is not None:
            from stretchdesk.ui.output.report_pdf import write_pdf  # Qt only for the PDF

            pages = write_pdf(report, target)
            what = plural(pages, "page")
        else:
            from stretchdesk.core.files import write_atomic

            write_atomic(target, csv_bytes(report.sessions))
            what = plural(report.played, "row")
    except OSError as error:
        kept = f"; {path_text(target)} is as it was" if existed else ""
        raise CommandError(f"The report could not be written to {path_text(target)}: {error.strerror or error}; "
                           f"nothing was written{kept}") from None
    print(f"The report for {report.period}, {plural(report.played, 'session')}, "
          f"is in {path_text(target)} ({what}).")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from stretchdesk.ui.app import no_display_reason, run  # Qt only when the window is asked for

    reason = no_display_reason()
    if reason is not None:
        raise CommandError(reason)
    routine, variant = None, getattr(args, "variant", None)
    reference = getattr(args, "routine", None)
    if reference is not None:
        routine = resolve_routine(reference)
        variant = _variant(routine, variant, load_person_settings())
    return run(routine, variant)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stretchdesk",
        description="Guided stretching routines with a large countdown and sound cues. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"StretchDesk {VERSION}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation offscreen (routines, sounds, settings, window) and exit")
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    listing = commands.add_parser("list", help="list the routines with step count and total time")
    listing.add_argument("--json", action="store_true", help="print a JSON array, one object per routine")
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help="show one routine's timeline, step by step")
    show.add_argument("routine", help="a routine id (see 'list') or the path to a routine file")
    show.add_argument("--variant", help="a variant id, or 'standard' for the routine as written (default: the variant chosen in the library)")
    show.add_argument("--json", action="store_true", help="print the routine as a JSON object")
    show.add_argument("--figures", metavar="DIR",
                      help="also write each step's picture as an SVG into DIR (NN-<step id>.svg; -2.svg for a second side)")
    show.set_defaults(handler=cmd_show)

    poses = commands.add_parser("poses", help="list the poses and movements a step can name ('pose: NAME')")
    poses.set_defaults(handler=cmd_poses)

    check = commands.add_parser("check", help="check routine files; exit 1 with every problem listed")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    check.set_defaults(handler=cmd_check)

    settings = commands.add_parser(
        "settings", help="list the settings, or set one: stretchdesk settings KEY VALUE",
        description="With no arguments, lists every setting with its value, default and help. "
        "With KEY VALUE, sets one, checked exactly as the settings dialog checks it.",
    )
    settings.add_argument("key", nargs="?", metavar="KEY")
    settings.add_argument("value", nargs="?", metavar="VALUE")
    settings.add_argument("--json", action="store_true", help="list as JSON: key, value, default, type, help")
    settings.set_defaults(handler=cmd_settings)

    menu = commands.add_parser("menu-entry", help="add StretchDesk to your application menu (or --remove it)")
    menu.add_argument("--remove", action="store_true", help="take the menu entry, metainfo and icons away again")
    menu.set_defaults(handler=cmd_menu_entry)

    history = commands.add_parser(
        "history", help="the sessions you have played: a table, --json or --csv",
        description="Every session kept in your history (on this computer only), oldest first.")
    history_format = history.add_mutually_exclusive_group()
    history_format.add_argument("--json", action="store_true", help="print a JSON array: each session with its steps and check-ins")
    history_format.add_argument("--csv", action="store_true", help="print CSV, one row per session")
    _period_options(history, "everything")
    history.set_defaults(handler=cmd_history)

    report = commands.add_parser(
        "report", help="a report for a therapist: --pdf FILE or --csv FILE (a summary without either)",
        description="The period's sessions per week against your weekly goal, each routine with its steps and "
        "the ones skipped, comfort before and after, and your notes. Nothing leaves this computer "
        "unless you send the file yourself.")
    report_output = report.add_mutually_exclusive_group()
    report_output.add_argument("--pdf", metavar="FILE", help="write the report as a PDF")
    report_output.add_argument("--csv", metavar="FILE", help="write the period's sessions as CSV, one row each")
    _period_options(report, "this week and the three before it")
    report.set_defaults(handler=cmd_report)

    play = commands.add_parser("play", help="open the window and start a routine at once")
    play.add_argument("routine", help="a routine id (see 'list') or the path to a routine file")
    play.add_argument("--variant", help="a variant id, or 'standard' for the routine as written (default: the variant chosen in the library)")
    play.set_defaults(handler=cmd_gui)
    return parser


def _period_options(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE",
                        help=f"the first day, YYYY-MM-DD or 'today' (default: {default})")
    parser.add_argument("--to", dest="end", metavar="DATE", help="the last day, YYYY-MM-DD or 'today' (default: today)")


#: Python's datetime takes offsets strictly within a day of UTC; the C library takes more.
DAY_SECONDS = 24 * 60 * 60


def use_a_usable_time_zone() -> None:
    """Fall back to UTC, with one notice, when the time zone (TZ) is one the C library
    takes but Python's datetime cannot: an offset of a day or more, now or in the other
    half of the year ('XYZ+25'), which would end every command, and the window, at the
    first time it reads. The window and every command start here; what they start
    (the speech helper) inherits the fallback."""
    import time
    from datetime import datetime

    try:
        datetime.now().astimezone()
        usable = abs(time.timezone) < DAY_SECONDS and abs(time.altzone) < DAY_SECONDS
    except (ValueError, OverflowError, OSError):
        usable = False
    if usable:
        return
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):
        time.tzset()
    named = f"The time zone TZ={zone!r}" if zone is not None else "This computer's time zone"
    say(f"{named} cannot be used (a day or more from UTC); times are shown in UTC")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--speech-helper"]:
        # The bundle has no "python -m": its own executable runs the speech helper.
        from stretchdesk.ui.output.speech_helper import main as speech_helper

        return speech_helper(arguments[1] if len(arguments) > 1 else None)
    # Whatever a command prints, text that came from a file (a title, a file name) reaches
    # the terminal with its control characters made visible.
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleWriter(stdout), VisibleWriter(stderr)
    try:
        use_a_usable_time_zone()
        return _run(arguments)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run(arguments: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(arguments)
    try:
        if args.self_test:
            from stretchdesk.selftest import run_self_test

            code = run_self_test()
        else:
            code = args.handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except CommandError as error:
        say(str(error))
        return 2 if isinstance(error, UsageError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `stretchdesk list | head`: the reader left; nothing is wrong.
        _silence_stdout()
        return 0
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG) or error.filename is None:
            _silence_stdout()
            say(f"The output could not be written: {error.strerror or error}")
        else:
            say(f"{path_text(error.filename)}: {error.strerror or error}")
        return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit does not fail
    again on what could not be written."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
