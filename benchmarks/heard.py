"""Can a routine be followed by ear? Plays it as a person does, records what comes out of
the speakers and reads the words back with a speech recogniser.

Starts a private PulseAudio server with a null sink and records its monitor with parec
(tests/pulse_server.py), then runs the app itself, `python -m stretchdesk play ROUTINE`,
offscreen, with settings, data and cache folders of its own (nobody's own settings count:
the defaults, or with --how-to Spoken detail "name and how-to", set with `stretchdesk
settings`), its sounds and voice on that server. Once the first steps are over (--steps,
3 by default; --whole: the whole routine) the app is stopped, and the recording is read.

What should be heard, and when, comes from the core: the same routine and settings
played through Playback on a pretend clock, each spoken line with when it was asked for,
when it should begin (at once, or after the lines asked for with it, at the estimated
pace), the latest it may begin (the cue's `speech_within`), and each chime. The recording
is put on the session's clock by its chimes (fit_clock). The words come from pocketsphinx,
its US English model, with a language model made here for each stretch of speech from
the sentences that may be said then: every wording of every step's announcement and the
lines that are not instructions ("Switch sides."), at any time; a step's instructions
while its get-ready lasts. It is a trigram model, so any sequence of those words can
still be heard, the expected sentences only being much likelier. Without it espeak-ng's
voice came back as nonsense ("Kneeling Psoas. 30 seconds each side" as "the silence of
the country"); with it, the recogniser still misses some words, most often the first or
last of a line ("Cat", "five", "first"), so "words matched" says what it made out, not how
clearly the voice spoke. Then each expected line is found among the recognised words
(match()): heard or not (a third of its words), how many of its words, when it began
against when it should have, whether it began after the latest moment its cue allowed
(stale), and whether its words ran into a chime asked for after it (the chime that comes
with a line, as the switch chime with "Switch sides.", does not count). A line not heard
is told apart: speech in its place that the recogniser did not make out, or silence.

    apt-get install pulseaudio pulseaudio-utils speech-dispatcher espeak-ng
    .venv/bin/pip install pocketsphinx          # or: pip install -e '.[measure]'
    .venv/bin/python benchmarks/heard.py ROUTINE [--steps N | --whole] [--how-to] [--save FILE.wav]

Prints a table, one row a line ("begins": seconds after it should have begun, "~" where
its first words were not made out and that is reckoned; "latest": the latest it could
have begun, on the same scale), and a summary; exits 1 if a line was not heard. --read
FILE.wav reads a recording kept with --save again. Run it on a quiet machine: a busy one
makes the sound server stutter.
"""

from __future__ import annotations

import argparse
import array
import importlib.util
import io
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import wave
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.pulse_server import MonitorRecording, missing_tools, onsets  # noqa: E402
from stretchdesk.core.play.timeline import timeline_for

#: What the recogniser reads: 16 kHz, 16-bit mono (parec resamples the sink's 44.1 kHz).
RATE = 16_000
#: From launching the app to its first get-ready: Python and Qt start, then the first
#: get-ready waits for the voice (core.playback.VOICE_WAIT_SECONDS, 4 s at most).
STARTUP_SECONDS = 8.0
#: A line's words are looked for from when it was asked for to this long after it should
#: have ended: a line said later than that is reported as not heard, its words as unexpected.
LATE_WINDOW_SECONDS = 15.0
#: A line counts as heard when at least this share of its words were recognised: enough to
#: tell which line it was. pocketsphinx misses some of espeak-ng's words, most often the
#: first or last of a line ("Cat", "five", "first"); the voice said them all the same. With
#: fewer, a line asked for alone (not with a how-to) still counts when some were, and its
#: speech lasted at least LENGTH_SHARE of the line's estimated length (Heard.by_length):
#: "Cat-Cow. 5 breaths." is sometimes only "cow" to the recogniser.
HEARD_SHARE = 1 / 3
LENGTH_SHARE = 0.5
#: A line that began more than this after the latest moment its cue allowed was said late.
LATE_TOLERANCE_SECONDS = 0.5
#: Recognised words this close together belong to one stretch of speech.
WORD_GAP_SECONDS = 0.6
#: A chime's sound onset is looked for this close to when it was asked for.
CHIME_TOLERANCE_SECONDS = 0.05
#: Quieter than this (of full scale) is silence at the end of a chime: 1%, -40 dBFS.
SILENCE = 328
#: Words of the built-in routines that pocketsphinx's dictionary does not have (CMU phones).
PRONUNCIATIONS = {
    "flexor": "F L EH K S ER",
    "glute": "G L UW T",
    "piriformis": "P IH R IH F AO R M IH S",
    "psoas": "S OW AH S",
    "shins": "SH IH N Z",
    "tailbone": "T EY L B OW N",
}

# -- what should be heard ---------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A spoken line a cue asked for, on the session's clock (seconds from its start)."""

    text: str
    #: Its words as they are said and recognised (see spoken_form).
    words: tuple[str, ...]
    #: The step it belongs to, from 1.
    step: int
    #: The step's announcement (the first line of its get-ready).
    announcement: bool
    asked: float
    #: When it should begin: when asked, or once the lines before it are said.
    due: float
    #: How long it should take (core.spoken.speech_seconds).
    seconds: float
    #: The latest it may begin (asked + the cue's speech_within); None: any time.
    latest: float | None = None


@dataclass(frozen=True)
class Chime:
    name: str
    at: float
    #: How long it is audible.
    seconds: float


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(number: int) -> list[str]:
    """A number as it is said: 30 'thirty', 25 'twenty five', 105 'one hundred and five'
    (digit by digit from 1000 on)."""
    if number < 20:
        return [_ONES[number]]
    if number < 100:
        return [_TENS[number // 10]] + ([_ONES[number % 10]] if number % 10 else [])
    if number < 1000:
        rest = number % 100
        return [_ONES[number // 100], "hundred"] + (["and", *number_words(rest)] if rest else [])
    return [_ONES[int(digit)] for digit in str(number)]


def spoken_form(text: str) -> tuple[str, ...]:
    """The words of `text` as the voice says them and the recogniser spells them: lower
    case, numbers in words, hyphenated words apart ("Cat-Cow. 30 seconds." is cat cow
    thirty seconds)."""
    words: list[str] = []
    for word in re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'")):
        word = word.strip("'")
        if word.isascii() and word.isdigit():
            words.extend(number_words(int(word)))
        elif word:
            words.append(word)
    return tuple(words)


def expected(routine, variant: str | None, settings, until: float) -> tuple[list[Line], list[tuple[str, float]]]:
    """The lines and chimes (name, when asked) of the first `until` seconds of a session,
    as the core asks for them: Playback driven by a pretend clock, as the window drives it."""
    from stretchdesk.core.play.playback import Playback
    from stretchdesk.core.play.session import EventKind
    from stretchdesk.core.play.spoken import speech_seconds

    clock = 0.0
    playback = Playback(settings, lambda: clock)
    update = playback.start(routine, variant)
    lines: list[Line] = []
    chimes: list[tuple[str, float]] = []
    step = 1
    voice_free = 0.0
    while True:
        announcing = False
        for event in update.events:
            if event.step_index is not None:
                step = event.step_index + 1
            announcing = announcing or event.kind is EventKind.STEP_STARTED
        for cue in update.cues:
            if cue.sound:
                chimes.append((cue.sound, clock))
            if cue.speech:
                due = max(clock, voice_free)
                seconds = speech_seconds(cue.speech)
                voice_free = due + seconds
                latest = None if cue.speech_within is None else clock + cue.speech_within
                lines.append(Line(cue.speech, spoken_form(cue.speech), step, announcing, clock, due, seconds, latest))
                announcing = False
        wait = playback.wake_in()
        if update.ended or wait is None or clock > until:
            return lines, chimes
        clock += max(wait, 0.001)
        update = playback.tick()


def audible_seconds(volume: float) -> dict[str, float]:
    """How long each cue sound is heard at `volume`: until it falls silent for good."""
    from stretchdesk.core.play.cues import SOUNDS
    from stretchdesk.core.paths import resources_dir
    from stretchdesk.sound.mixer import SAMPLE_RATE, read_sounds

    sounds, _ = read_sounds(resources_dir() / "sounds", SOUNDS)
    lengths = {}
    for name, pcm in sounds.items():
        samples = array.array("h", pcm)
        last = max((i for i, v in enumerate(samples) if abs(v) * volume > SILENCE), default=0)
        lengths[name] = last / SAMPLE_RATE
    return lengths


# -- matching what was heard to what should have been ------------------------------------


@dataclass(frozen=True)
class Word:
    """A recognised word and when it was said (s)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Heard:
    line: Line
    #: How many of its words were recognised, in order.
    matched: int
    #: When its speech began and ended (None: none of it was heard).
    start: float | None = None
    end: float | None = None
    #: The chimes asked for after it that its words ran into.
    over: tuple[Chime, ...] = ()
    #: Its first words were not recognised and nothing else tells when they began: `start`
    #: is reckoned back from the first word recognised, at the line's estimated pace.
    approximate: bool = False
    #: Not heard: how many seconds of speech (sound outside the chimes) there were in its
    #: place, between the lines heard before and after it. Some: the voice said something
    #: the recogniser could not make out; none: the line was not said.
    speech_there: float = 0.0
    #: No other line was asked for with it: the speech around its words is its own.
    alone: bool = True

    @property
    def share(self) -> float:
        return self.matched / len(self.line.words) if self.line.words else 1.0

    @property
    def heard(self) -> bool:
        return self.start is not None and (self.share >= HEARD_SHARE or self.by_length)

    @property
    def by_length(self) -> bool:
        """Heard by its length: too few of its words made out, but some, in speech of its
        own that lasted as long as the line would (see HEARD_SHARE)."""
        return (self.alone and self.start is not None and self.end is not None and 0 < self.share < HEARD_SHARE
                and self.end - self.start >= LENGTH_SHARE * self.line.seconds)

    @property
    def offset(self) -> float | None:
        """How long after it was due it began."""
        return None if self.start is None else self.start - self.line.due

    @property
    def late(self) -> bool:
        """It began after the latest moment its cue allowed: it was stale."""
        latest = self.line.latest
        return self.start is not None and latest is not None and self.start > latest + LATE_TOLERANCE_SECONDS


def _align(expected_words: list[tuple[str, float, float, float]], words: list[Word]) -> list[int | None]:
    """For each expected word (text, earliest, latest, when), the index of the recognised
    word it is paired with, or None: the most pairs of equal words, in order on both
    sides, each recognised word between its expected word's earliest and latest; among
    as many pairs, those nearest to when each word was expected."""
    def gain(expected_word: tuple[str, float, float, float], word: Word) -> float | None:
        text, earliest, latest, when = expected_word
        if word.text != text or not earliest <= word.start <= latest:
            return None
        return 1.0 - min(abs(word.start - when), 60.0) / 600.0  # nearer wins, never over one more pair

    rows = len(expected_words)
    columns = len(words)
    score = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        above, row = score[i - 1], score[i]
        for j in range(1, columns + 1):
            best = above[j] if above[j] >= row[j - 1] else row[j - 1]
            pair = gain(expected_words[i - 1], words[j - 1])
            if pair is not None and above[j - 1] + pair > best:
                best = above[j - 1] + pair
            row[j] = best
    paired: list[int | None] = [None] * rows
    i, j = rows, columns
    while i > 0 and j > 0:
        pair = gain(expected_words[i - 1], words[j - 1])
        if pair is not None and score[i][j] == score[i - 1][j - 1] + pair:
            paired[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return paired


def match(lines: list[Line], words: list[Word], chimes: Sequence[Chime] = (),
          loud: Callable[[float], bool] | None = None) -> tuple[list[Heard], list[Word]]:
    """Finds each expected line among the recognised words (both on the session's clock):
    how many of its words were heard, when its speech began and ended, and the chimes
    asked for after it that its words ran into. Also returns the recognised words that
    belong to no line.

    The words of every line, in order, are paired with the recognised words, in order
    (_align): a line's word only with one heard from when the line was asked for to
    LATE_WINDOW_SECONDS after it should have ended. A line's speech begins at its first
    paired word, or at the unpaired words said just before it (a first word the recogniser
    got wrong is still a word said), and ends likewise. With `loud` (is there sound in the
    10 ms from this moment?), it begins where the sound it starts in began and ends where
    that sound ends (see _widen): a first or last word the recogniser missed is still
    heard, and one that runs on into a chime runs into it."""
    expected_words = []
    owner = []
    for number, line in enumerate(lines):
        latest = line.due + line.seconds + LATE_WINDOW_SECONDS
        for k, text in enumerate(line.words):
            when = line.due + line.seconds * k / len(line.words)
            expected_words.append((text, line.asked - 0.3, latest, when))
            owner.append(number)
    words = sorted(words, key=lambda word: word.start)
    paired = _align(expected_words, words)
    taken: dict[int, int] = {}  # recognised word -> line
    missed_first: dict[int, int] = {}  # line -> how many of its first words were not recognised
    for position, index in enumerate(paired):
        if index is not None:
            taken[index] = owner[position]
            missed_first.setdefault(owner[position], position - owner.index(owner[position]))
    spans: dict[int, list[int]] = defaultdict(list)
    for index, number in taken.items():
        spans[number].append(index)
    # Unpaired words right before a line's first paired word, then right after its last.
    bounds: dict[int, tuple[int, int]] = {}
    for number, indexes in spans.items():
        first = min(indexes)
        while first > 0 and first - 1 not in taken and words[first].start - words[first - 1].end <= WORD_GAP_SECONDS \
                and words[first - 1].start >= lines[number].asked - 0.3:
            first -= 1
            taken[first] = number
        bounds[number] = (first, max(indexes))
    for number, (first, last) in bounds.items():
        while last + 1 < len(words) and last + 1 not in taken and words[last + 1].start - words[last].end <= WORD_GAP_SECONDS:
            last += 1
            taken[last] = number
        bounds[number] = (first, last)
    results = []
    heard_spans = {number: (words[first].start, words[last].end) for number, (first, last) in bounds.items()}
    previous_end = -math.inf
    for number, line in enumerate(lines):
        matched = len(spans.get(number, ()))
        if number not in bounds:
            results.append(Heard(line, 0))
            continue
        start, end = heard_spans[number]
        # Only its words tell when a line began if it is said with a chime ("Switch sides."
        # begins in the chime's sound), or right after other lines (the sound before it is theirs).
        words_only = loud is None or line.due > line.asked + 1e-6 or any(abs(c.at - line.asked) < 1e-6 for c in chimes)
        alone = not any(abs(other.asked - line.asked) < 1e-6 for other in lines if other is not line)
        if loud is not None:
            # Nor when it ended, if another line was asked for with it (the sound after it is that line's).
            later = [heard_spans[n][0] for n in range(number + 1, len(lines)) if n in heard_spans]
            more = any(abs(other.asked - line.asked) < 1e-6 for other in lines[number + 1:])
            floor = start if words_only else max(line.asked - 0.05, previous_end)
            start, end = _widen(loud, start, end, floor, end if more else min(later, default=math.inf),
                                [chime.at for chime in chimes if chime.at > line.asked + 1e-6])
        # Its first words not made out, and fewer other words heard just before it: reckon
        # back over the rest at the line's estimated pace ("Done." under the finish chime).
        unaccounted = missed_first[number] - (min(spans[number]) - bounds[number][0])
        approximate = words_only and unaccounted > 0
        if approximate:
            start = max(line.asked, start - unaccounted * line.seconds / len(line.words))
        previous_end = end
        over = tuple(chime for chime in chimes
                     if chime.at > line.asked + 1e-6 and chime.at < end and chime.at + chime.seconds > start)
        results.append(Heard(line, matched, start, end, over, approximate, alone=alone))
    if loud is not None:
        for number, result in enumerate(results):
            if result.heard:
                continue
            line = result.line
            before = [r.end for r in results[:number] if r.heard]
            after = [r.start for r in results[number + 1:] if r.heard]
            start = max([line.asked - 0.05, *before])
            end = min(after, default=line.due + line.seconds + 1.0)
            windows = sum(1 for k in range(int((end - start) / 0.01)) if loud(start + k * 0.01) and not any(
                chime.at <= start + k * 0.01 < chime.at + chime.seconds for chime in chimes))
            results[number] = replace(result, speech_there=windows * 0.01)
    unexpected = [word for index, word in enumerate(words) if index not in taken]
    return results, unexpected


def _widen(loud: Callable[[float], bool], start: float, end: float, floor: float, ceiling: float,
           chimes: list[float], gap: float = 0.5) -> tuple[float, float]:
    """[start, end] widened over the sound around it, across quiet shorter than `gap` (a
    pause at a full stop is shorter), never before `floor` nor past `ceiling`. Forward it
    stops at a chime's beginning unless the sound runs on into it."""
    step = 0.01
    t, quiet = start - step, 0.0
    while t >= floor and quiet < gap:
        if loud(t):
            start, quiet = t, 0.0
        else:
            quiet += step
        t -= step
    t, quiet = end, 0.0
    while t < ceiling and quiet < gap:
        chime = next((at for at in chimes if at <= t < at + step), None)
        if chime is not None and not all(loud(chime - k * step) for k in (1, 2, 3)):
            break  # quiet just before the chime: the words were over
        if loud(t):
            end, quiet = t + step, 0.0
        else:
            quiet += step
        t += step
    return start, end


@dataclass(frozen=True)
class Clock:
    """The recording's clock against the session's: a moment `at` of the session is
    `shift + rate * at` into the recording. The rate is not quite 1: the private server's
    null sink keeps time by itself, and over a routine drifts from the app's clock (0.14 s
    in six minutes)."""

    shift: float
    rate: float
    #: How many chimes it was fitted to (found in the recording where the core asked for them).
    chimes: int

    def recording(self, at: float) -> float:
        return self.shift + self.rate * at

    def session(self, at: float) -> float:
        return (at - self.shift) / self.rate


def fit_clock(sound_onsets: list[float], chime_times: list[float], earliest: float, latest: float) -> Clock | None:
    """The recording's clock from its chimes. First where the session began: the shift,
    between `earliest` and `latest`, that puts a sound onset within CHIME_TOLERANCE_SECONDS
    of the most chimes of the first minute (then the nearest). Then, chime by chime, the
    onset nearest to where the clock so far puts it, and the clock fitted to all of them
    (least squares)."""
    sound_onsets = sorted(sound_onsets)
    chime_times = sorted(chime_times)

    def nearest(at: float) -> float | None:
        k = bisect_left(sound_onsets, at - CHIME_TOLERANCE_SECONDS)
        near = [onset for onset in sound_onsets[k:k + 2] if abs(onset - at) <= CHIME_TOLERANCE_SECONDS]
        return min(near, key=lambda onset: abs(onset - at)) if near else None

    first_minute = [at for at in chime_times if at <= chime_times[0] + 60] if chime_times else []
    best: tuple[int, float, float] | None = None
    for at in first_minute[:4]:
        for onset in sound_onsets:
            shift = onset - at
            if earliest <= shift <= latest:
                errors = [found - (t + shift) for t in first_minute if (found := nearest(t + shift)) is not None]
                key = (len(errors), -sum(abs(e) for e in errors), shift)
                if best is None or key[:2] > best[:2]:
                    best = key
    if best is None:
        return None
    clock = Clock(best[2], 1.0, 0)
    pairs: list[tuple[float, float]] = []
    for at in chime_times:
        found = nearest(clock.recording(at))
        if found is None:
            continue
        pairs.append((at, found))
        n = len(pairs)
        sx, sy = sum(x for x, _ in pairs), sum(y for _, y in pairs)
        sxx, sxy = sum(x * x for x, _ in pairs), sum(x * y for x, y in pairs)
        spread = n * sxx - sx * sx
        rate = (n * sxy - sx * sy) / spread if pairs[-1][0] - pairs[0][0] >= 10 and spread > 0 else 1.0
        clock = Clock((sy - rate * sx) / n, rate, n)
    return clock


# -- recognising ------------------------------------------------------------------------


def language_model(sentences: list[tuple[str, ...]], order: int = 3, discount: float = 0.5) -> str:
    """An ARPA n-gram model of `sentences` (interpolated absolute discounting, add-one
    unigrams): the words of the sentences in any order, their own sequences much likelier."""
    counts: list[Counter] = [Counter() for _ in range(order + 1)]
    for sentence in sentences:
        tokens = ("<s>", *sentence, "</s>")
        for n in range(1, order + 1):
            for i in range(len(tokens) - n + 1):
                counts[n][tokens[i:i + n]] += 1
    total = sum(count for gram, count in counts[1].items() if gram != ("<s>",))
    probability = {gram: (count + 1) / (total + len(counts[1]) - 1) for gram, count in counts[1].items()}  # not <s>
    probability[("<s>",)] = 0.0
    backoff: dict[tuple[str, ...], float] = {}

    def p(gram: tuple[str, ...]) -> float:
        if gram in probability:
            return probability[gram]
        return backoff.get(gram[:-1], 1.0) * p(gram[1:]) if len(gram) > 1 else 0.0

    for n in range(2, order + 1):
        seen: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for gram in counts[n]:
            seen[gram[:-1]].append(gram)
        for history, grams in seen.items():
            total_history = sum(counts[n][gram] for gram in grams)
            left = discount * len(grams) / total_history
            for gram in grams:
                probability[gram] = (counts[n][gram] - discount) / total_history + left * p(gram[1:])
            lower = 1 - sum(p(gram[1:]) for gram in grams)
            backoff[history] = (1 - sum(probability[gram] for gram in grams)) / lower if lower > 1e-9 else 1.0
    out = ["\\data\\", *(f"ngram {n}={len(counts[n])}" for n in range(1, order + 1)), ""]
    for n in range(1, order + 1):
        out.append(f"\\{n}-grams:")
        for gram in sorted(counts[n]):
            value = probability[gram]
            row = f"{math.log10(value) if value > 0 else -99.0:.4f} {' '.join(gram)}"
            if n < order:
                row += f" {math.log10(max(backoff.get(gram, 1.0), 1e-12)):.4f}"
            out.append(row)
        out.append("")
    out.append("\\end\\")
    return "\n".join(out) + "\n"


class Recogniser:
    """pocketsphinx, knowing only the words of the sentences that may be said, and likeliest
    to hear those sentences: for each stretch of speech, a language model of the sentences
    that may be said then (see words())."""

    def __init__(self, sentences: list[str]):
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=RATE, lm=None, loglevel="FATAL")
        for word, phones in PRONUNCIATIONS.items():
            if self.decoder.lookup_word(word) is None:
                self.decoder.add_word(word, phones, False)
        #: Words it cannot hear: not in its dictionary (they are left out of the matching).
        self.unknown = sorted({word for text in sentences for word in spoken_form(text) if not self.knows(word)})
        self._searches: dict[tuple[str, ...], str] = {}

    def knows(self, word: str) -> bool:
        return self.decoder.lookup_word(word) is not None

    def _search(self, sentences: tuple[str, ...]) -> str:
        """The search (a language model) for these sentences, made the first time."""
        if sentences not in self._searches:
            name = f"lines{len(self._searches)}"
            forms = [tuple(word for word in spoken_form(text) if self.knows(word)) for text in sentences]
            with tempfile.NamedTemporaryFile("w", suffix=".lm", encoding="utf-8") as model:
                model.write(language_model([form for form in forms if form]))
                model.flush()
                self.decoder.add_lm_file(name, model.name)
            self._searches[sentences] = name
        return self._searches[sentences]

    def words(self, pcm: bytes, sentences_between: Callable[[float, float], list[str]]) -> list[Word]:
        """The words said in `pcm` (16 kHz 16-bit mono), with when (s from its start).
        Each stretch of speech is heard with the sentences `sentences_between(start, end)`
        says may be said in it: with every sentence of a long how-to at once, the
        recogniser heard a third fewer words."""
        from pocketsphinx import Segmenter

        words = []
        frame = 1 / self.decoder.config["frate"]
        for speech in Segmenter(sample_rate=RATE).segment(io.BytesIO(pcm)):
            sentences = tuple(sorted(set(sentences_between(speech.start_time, speech.end_time))))
            if not sentences:
                continue
            self.decoder.activate_search(self._search(sentences))
            self.decoder.start_utt()
            self.decoder.process_raw(speech.pcm, full_utt=True)
            self.decoder.end_utt()
            for part in self.decoder.seg():
                if part.word.startswith(("<", "[")):
                    continue  # silence and noise
                words.append(Word(part.word.split("(")[0], speech.start_time + part.start_frame * frame,
                                  speech.start_time + (part.end_frame + 1) * frame))
        return words


# -- playing ----------------------------------------------------------------------------


def app_environment(runtime: Path, sound: dict[str, str]) -> dict[str, str]:
    """The app's environment: folders of its own, offscreen, sound and voice on the private
    server, no session bus (the screen of the person running it is left alone)."""
    home = runtime / "home"
    return {
        **os.environ, **sound,
        "QT_QPA_PLATFORM": "offscreen",
        "STRETCHDESK_DATA_DIR": str(home / "data"),
        "STRETCHDESK_CONFIG_DIR": str(home / "config"),
        "STRETCHDESK_CACHE_DIR": str(home / "cache"),
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={runtime / 'no-session-bus'}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }


def stretchdesk(env: dict[str, str], *arguments: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "stretchdesk", *arguments], env=env, cwd=REPO, **options)


def play(runtime: Path, routine: str, seconds: float) -> tuple[array.array, float]:
    """Runs `stretchdesk play ROUTINE` for `seconds` after its start-up, recorded; returns
    the recording and when on it the app was launched."""
    recording = MonitorRecording(runtime, RATE)
    try:
        env = app_environment(runtime, recording.env)
        with (runtime / "app.log").open("w") as log:
            launched = recording.now()
            print("recording...", flush=True)
            app = stretchdesk(env, "play", routine, stdout=log, stderr=subprocess.STDOUT)
        while recording.now() < launched + STARTUP_SECONDS + seconds and app.poll() is None:
            time.sleep(0.1)
        ended = app.poll()
        app.terminate()
        app.wait(10)
    finally:
        samples = recording.stop()
    if ended is not None:
        sys.stdout.write((runtime / "app.log").read_text(errors="replace"))
        raise SystemExit(f"heard: the app ended by itself (exit status {ended}) {recording.now() - launched:.0f} s in")
    return samples, launched


def save_wav(path: str, pcm: bytes) -> None:
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)


def seconds_text(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


def report(name: str, results: list[Heard], unexpected: list[Word], chimes_found: int, chimes: int) -> int:
    print(f"\n{'#':>2} {'line':<58} {'heard':<5} {'words':>5} {'begins':>7} {'latest':>7}  notes")
    for result in results:
        line = result.line
        notes = []
        if result.late:
            notes.append("LATE: stale when said")
        if result.by_length:
            notes.append(f"few words made out, heard by its length ({result.end - result.start:.1f} s)")
        if not result.heard:
            notes.append(f"{result.speech_there:.1f} s of speech in its place, not made out" if result.speech_there
                         else "silence in its place")
        notes.extend(f"over the {chime.name} chime at {chime.at - line.due:+.2f}" for chime in result.over)
        text = line.text if len(line.text) <= 58 else line.text[:55] + "..."
        begins = ("~" if result.approximate else "") + seconds_text(result.offset)
        print(f"{line.step:>2} {text:<58} {'yes' if result.heard else 'NO':<5} {result.matched:>2}/{len(line.words):<2} "
              f"{begins:>7} {seconds_text(None if line.latest is None else line.latest - line.due):>7}  "
              f"{'; '.join(notes)}")
    groups: list[list[Word]] = []
    for word in unexpected:
        if groups and word.start - groups[-1][-1].end <= 1.0:
            groups[-1].append(word)
        else:
            groups.append([word])
    for group in groups:
        print(f"   heard at {group[0].start:7.2f} s, belonging to no line: {' '.join(word.text for word in group)}")

    heard = [result for result in results if result.heard]
    announcements = [result for result in results if result.line.announcement]
    words = sum(len(result.line.words) for result in results)
    matched = sum(result.matched for result in results)
    offsets = [result.offset for result in heard if result.offset is not None]
    over = sum(1 for result in results if result.over)
    late = sum(1 for result in results if result.late)
    first = announcements[0] if announcements else None
    print(f"\nchimes: {chimes_found} of {chimes} found in the recording where the core asked for them")
    if first is not None:
        print(f"first announcement: {'heard' if first.heard else 'NOT HEARD'}"
              + (f", began {first.offset:+.2f} s after its get-ready did" if first.offset is not None else ""))
    print(f"{name}: {len(heard)} of {len(results)} lines heard "
          f"({sum(1 for r in announcements if r.heard)} of {len(announcements)} announcements), "
          f"words matched {matched / words:.0%}, latest start {max(offsets, default=0.0):+.2f} s, "
          f"{late} late, {over} over a chime")
    return 0 if len(heard) == len(results) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("routine", help="a routine id (see 'stretchdesk list') or the path to a routine file")
    parser.add_argument("--steps", type=int, default=3, help="record the first N steps (default 3)")
    parser.add_argument("--whole", action="store_true", help="record the whole routine")
    parser.add_argument("--how-to", action="store_true", help='with Spoken detail "name and how-to" (to follow by ear alone)')
    parser.add_argument("--save", metavar="FILE.wav", help="keep the recording")
    parser.add_argument("--read", metavar="FILE.wav",
                        help="read a recording kept with --save (same routine and options) instead of playing")
    args = parser.parse_args()
    if missing_tools() and not args.read:
        raise SystemExit(f"heard: {', '.join(missing_tools())} needed (apt-get install pulseaudio pulseaudio-utils)")
    if importlib.util.find_spec("pocketsphinx") is None:
        raise SystemExit("heard: pocketsphinx is needed (pip install pocketsphinx)")

    runtime = Path(tempfile.mkdtemp(prefix="stretchdesk-heard-"))
    env = app_environment(runtime, {})
    if args.how_to:
        from stretchdesk.core.store.settings import NAME_AND_HOW_TO

        if stretchdesk(env, "settings", "spoken_detail", NAME_AND_HOW_TO, stdout=subprocess.DEVNULL).wait():
            raise SystemExit("heard: the setting could not be made")
    # The core reads the same folders as the app: the same settings, the same routine.
    for key in ("STRETCHDESK_DATA_DIR", "STRETCHDESK_CONFIG_DIR", "STRETCHDESK_CACHE_DIR"):
        os.environ[key] = env[key]
    from stretchdesk.cli import CommandError, resolve_routine
    from stretchdesk.core.store.settings import load_settings

    try:
        routine = resolve_routine(args.routine)
    except CommandError as error:
        raise SystemExit(f"heard: {error}") from None
    settings = load_settings().settings
    variant = settings.variant_for(routine)
    timeline = timeline_for(settings, routine, variant)
    steps = len(timeline.steps) if args.whole else max(1, min(args.steps, len(timeline.steps)))
    until = timeline.total_seconds + 4.0 if steps == len(timeline.steps) else timeline.steps[steps - 1].end + 1.0
    lines, asked_chimes = expected(routine, variant, settings, until + STARTUP_SECONDS)
    print(f"{routine.id}: the first {steps} of {len(timeline.steps)} steps, {until:.0f} s "
          f"(spoken detail: {settings['spoken_detail']})", flush=True)
    if args.read:
        with wave.open(args.read) as kept:
            samples = array.array("h", kept.readframes(kept.getnframes()))
        launched = 0.0
    else:
        samples, launched = play(runtime, args.routine, until)
    pcm = samples.tobytes()
    if args.save:
        save_wav(args.save, pcm)

    lengths = audible_seconds(settings["volume"])
    clock = fit_clock(onsets(samples, RATE), [at for _, at in asked_chimes], launched, launched + STARTUP_SECONDS + 5)
    if clock is None:
        raise SystemExit("heard: no chime in the recording where the core asked for one; is the sound on?")
    covered = clock.session(len(samples) / RATE)
    lines = [line for line in lines if line.due + line.seconds + 0.3 <= covered]
    chimes = [Chime(name, at, lengths.get(name, 0.0)) for name, at in asked_chimes if at <= covered]
    began = f"{clock.shift:.2f} s into the recording" if args.read else f"{clock.shift - launched:.2f} s after the app was launched"
    print(f"the session began {began}; its clock and the recording's "
          f"differ by {(clock.rate - 1) * 1e6:+.0f} ppm; reading {len(samples) / RATE:.0f} s of recording...", flush=True)

    # Heard anywhere: every wording of every step's announcement, and the lines that are not
    # a step's instructions ("Switch sides."), so a line said at the wrong moment is still
    # heard as itself. The instructions only while their get-ready lasts (and a while after).
    from stretchdesk.core.play.cues import announcements
    from stretchdesk.core.play.spoken import how_to_lines

    instructions = {text for plan in timeline.steps for text in how_to_lines(plan.step)}
    anywhere = [text for plan in timeline.steps for text in announcements(plan)]
    anywhere += [line.text for line in lines if line.text not in instructions]

    def sentences_between(start: float, end: float) -> list[str]:
        start, end = clock.session(start), clock.session(end)
        return anywhere + [line.text for line in lines if line.text in instructions
                           and line.asked - 0.3 <= end and start <= line.due + line.seconds + LATE_WINDOW_SECONDS]

    recogniser = Recogniser([*anywhere, *(line.text for line in lines)])
    if recogniser.unknown:
        print(f"not in the recogniser's dictionary, left out: {', '.join(recogniser.unknown)}")
        lines = [replace(line, words=tuple(w for w in line.words if recogniser.knows(w))) for line in lines]
    words = [Word(word.text, clock.session(word.start), clock.session(word.end))
             for word in recogniser.words(pcm, sentences_between)]
    window = RATE // 100

    def loud(at: float) -> bool:
        """Is there sound in the 10 ms from `at` (on the session's clock)?"""
        first = int(clock.recording(at) * RATE)
        return first >= 0 and max(map(abs, samples[first:first + window]), default=0) > SILENCE

    results, unexpected = match(lines, words, chimes, loud)
    name = routine.id if args.whole or steps == len(timeline.steps) else f"{routine.id} (first {steps} steps)"
    return report(name, results, unexpected, min(clock.chimes, len(chimes)), len(chimes))


if __name__ == "__main__":
    sys.exit(main())
