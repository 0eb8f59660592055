"""benchmarks/heard.py's reading of a recording, without a recording: the lines a session
asks for, matched to recognised words with their times (no pocketsphinx, no sound server)."""

from __future__ import annotations

from benchmarks.heard import Chime, Line, Word, expected, fit_clock, language_model, match, spoken_form


def line(text: str, asked: float, *, seconds: float = 2.0, latest: float | None = None, step: int = 1) -> Line:
    return Line(text, spoken_form(text), step, False, asked, asked, seconds, latest)


def said(text: str, start: float, per_word: float = 0.3) -> list[Word]:
    return [Word(word, start + k * per_word, start + (k + 1) * per_word - 0.05) for k, word in enumerate(text.split())]


def test_spoken_form_says_numbers_and_splits_hyphens():
    assert spoken_form("Cat-Cow. 1 minute 30 seconds.") == ("cat", "cow", "one", "minute", "thirty", "seconds")
    assert spoken_form("Child\u2019s Pose. 25 seconds, 105 reps.") == (
        "child's", "pose", "twenty", "five", "seconds", "one", "hundred", "and", "five", "reps")


def test_every_line_heard_on_time():
    lines = [line("Wide Leg Bend. 30 seconds.", 0.0), line("Switch sides.", 40.0, latest=41.5)]
    words = said("wide leg bend thirty seconds", 0.2) + said("switch sides", 40.1)
    results, unexpected = match(lines, words)
    assert [r.heard for r in results] == [True, True]
    assert [r.matched for r in results] == [5, 2]
    assert abs(results[0].offset - 0.2) < 1e-9
    assert not results[1].late
    assert unexpected == []


def test_a_missing_line_is_not_heard_even_when_the_same_words_come_later():
    # The second "Switch sides." was never said; the third was. The one said pairs with
    # the line it belongs to (nearest in time), not the earlier one.
    lines = [line("Switch sides.", 10.0), line("Switch sides.", 40.0)]
    results, _ = match(lines, said("switch sides", 40.2))
    assert [r.heard for r in results] == [False, True]
    assert results[0].start is None


def test_a_misheard_first_word_still_marks_when_the_line_began():
    lines = [line("Kneeling Psoas. 30 seconds each side.", 5.0)]
    words = said("the psoas thirty seconds each side", 5.1)
    (result,), unexpected = match(lines, words)
    assert result.heard and result.matched == 5
    assert abs(result.start - 5.1) < 1e-9  # at "the", the word the recogniser got wrong
    assert unexpected == []


def test_a_stale_line_said_late_and_a_line_that_runs_into_the_next_chime():
    lines = [line("Switch sides.", 10.0, latest=11.0), line("Hurdler. 22 seconds each side.", 20.0, seconds=2.5)]
    chimes = [Chime("switch", 10.0, 1.0), Chime("start", 22.0, 0.8)]
    words = said("switch sides", 12.0) + said("hurdler twenty two seconds each side", 20.5, per_word=0.35)
    results, _ = match(lines, words, chimes)
    assert results[0].heard and results[0].late
    assert results[0].over == ()  # the switch chime comes with "Switch sides.": it is not one it ran into
    assert results[1].over == (chimes[1],)


def test_a_cut_line_is_not_heard_and_stray_words_are_told():
    lines = [line("Leaning Figure Four. 30 seconds each side, left side first.", 0.0, seconds=4.0)]
    words = said("leaning figure", 0.1) + said("something else entirely", 30.0)
    (result,), unexpected = match(lines, words)
    assert result.matched == 2 and not result.heard
    assert [w.text for w in unexpected] == ["something", "else", "entirely"]


def test_the_recording_is_put_on_the_session_clock_by_its_chimes():
    chimes = [5.0, 32.0, 33.0, 34.0, 40.0]
    # Speech and noise around them; every chime 1.9 s (and a few ms) late on the recording.
    sounds = [1.93, 3.2, 6.903, 33.9, 34.9, 35.9, 36.92, 38.0, 41.9]
    clock = fit_clock(sounds, chimes, 0.5, 13.0)
    assert clock.chimes == 5
    assert abs(clock.shift - 1.9) < 0.01 and abs(clock.rate - 1) < 1e-3


def test_the_recordings_clock_may_drift_from_the_sessions():
    chimes = [5.0 + 30 * k for k in range(14)]
    drift = 400e-6  # 0.16 s over the 400 s: more than a chime is looked for either side of where it should be
    sounds = sorted([1.5 + at * (1 + drift) for at in chimes] + [3.0 + 30 * k for k in range(14)])
    clock = fit_clock(sounds, chimes, 0.0, 10.0)
    assert clock.chimes == 14
    assert abs(clock.rate - 1 - drift) < 1e-6
    assert abs(clock.session(clock.recording(200.0)) - 200.0) < 1e-9


def test_the_core_asks_for_the_first_announcement_at_once_and_each_chime():
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.core.store.settings import Settings

    routine = next(r for r in load_library().routines if r.id == "hip-relief")
    lines, chimes = expected(routine, None, Settings(), 45.0)
    assert lines[0].announcement and lines[0].asked == 0.0 and lines[0].text.startswith("Wide Leg Bend.")
    assert lines[1].announcement and lines[1].step == 2
    assert ("start", 5.0) in chimes


def test_the_language_model_is_well_formed():
    text = language_model([("switch", "sides"), ("wide", "leg", "bend")])
    assert text.startswith("\\data\\\nngram 1=7\nngram 2=7\nngram 3=5\n")
    assert text.rstrip().endswith("\\end\\")
    unigrams = text.split("\\1-grams:\n")[1].split("\n\n")[0].splitlines()
    assert sum(10 ** float(row.split()[0]) for row in unigrams if " <s> " not in f" {row} ") > 0.99


def sound(*spans: tuple[float, float]):
    """`loud` for match(): sound in these spans (seconds on the session's clock)."""
    return lambda at: any(start <= at < end for start, end in spans)


def test_the_sound_tells_when_a_line_began_and_whether_it_ran_into_the_chime():
    lines = [line("Glute Stretch. 30 seconds each side, right side first.", 0.0, seconds=4.4, latest=0.4)]
    start_chime = Chime("start", 5.0, 0.8)
    # "Glute Stretch." and "first" were not made out; the voice spoke from 0.05 s.
    words = said("thirty seconds each side right side", 1.0)
    quiet = sound((0.05, 0.6), (0.9, 3.0), (3.3, 3.7), (5.0, 5.8))
    (result,), _ = match(lines, words, [start_chime], quiet)
    assert abs(result.start - 0.05) < 0.011 and abs(result.end - 3.7) < 0.011
    assert result.over == () and not result.late
    # The same, but the voice runs on into the start chime.
    (result,), _ = match(lines, words, [start_chime], sound((0.05, 0.6), (0.9, 3.0), (3.3, 5.8)))
    assert result.over == (start_chime,)


def test_a_line_not_made_out_is_told_from_a_line_not_said():
    lines = [line("Child's Pose. 30 seconds.", 50.0), line("Switch sides.", 80.0)]
    words = said("switch sides", 80.05)
    chimes = [Chime("switch", 80.0, 1.2)]
    results, _ = match(lines, words, chimes, sound((50.05, 51.9), (80.0, 81.6)))
    assert not results[0].heard and abs(results[0].speech_there - 1.85) < 0.02
    results, _ = match(lines, words, chimes, sound((80.0, 81.6)))
    assert not results[0].heard and results[0].speech_there == 0.0


def test_a_line_with_few_words_made_out_is_heard_by_its_length():
    # "Cat-Cow. 5 breaths." as the recogniser often hears espeak-ng say it: "cow".
    lines = [line("Cat-Cow. 5 breaths.", 0.0, seconds=1.92)]
    words = [Word("cow", 0.33, 0.63)]
    (result,), _ = match(lines, words, [], sound((0.05, 0.65), (0.97, 1.68)))
    assert result.by_length and result.heard and abs(result.start - 0.05) < 0.011
    # The same word in a quarter of a second of speech: not enough to say the line was said.
    (result,), _ = match(lines, words, [], sound((0.33, 0.63)))
    assert not result.heard


def test_a_line_said_under_its_chime_begins_where_its_words_put_it():
    # "Done." is lost in the finish chime; "well" comes back as another word, "done" as itself.
    lines = [line("Done. Well done.", 100.0, seconds=1.58)]
    finish = Chime("finish", 100.0, 2.0)
    words = [Word("glute", 100.69, 100.95), Word("done", 100.95, 101.24)]
    (result,), unexpected = match(lines, words, [finish], sound((100.0, 102.0)))
    assert result.heard and result.approximate and unexpected == []
    assert abs(result.start - (100.69 - 1.58 / 3)) < 1e-9  # one word ("Done.") reckoned back, not the chime's start
