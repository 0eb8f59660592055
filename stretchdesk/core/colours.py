"""The window's colours: a light and a dark scheme, each also in high contrast, and the
contrast between two colours as WCAG 2 measures it, so every pair a person reads can be
checked (tests/core/test_colours.py) rather than judged by eye.

Plain Python: the window (ui/widgets/theme.py) builds its palette, its style sheets and its
painting from the scheme `choose` picks; the figure's drawing (core/figure/drawing.py)
takes the scheme's figure colours. The PDF report is for paper and keeps LIGHT.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

#: The `theme` setting's values: follow the desktop, or always light or always dark.
SYSTEM, LIGHT_NAME, DARK_NAME = "system", "light", "dark"
THEME_CHOICES = (SYSTEM, LIGHT_NAME, DARK_NAME)

#: WCAG 2's least contrast ratios: text (AA), text in high contrast (AAA), and the
#: outlines and drawings a person needs to see (non-text contrast, 1.4.11).
TEXT_RATIO = 4.5
HIGH_TEXT_RATIO = 7.0
GRAPHIC_RATIO = 3.0


@dataclass(frozen=True)
class FigureColours:
    """The figure's colours (core/figure/drawing.py): the body, the limbs behind it, the
    glow over what stretches, the floor, the props, the mat seen from above, the edge round
    the limbs in front of the body (the colour behind the figure), a wall seen from the
    front and a strap."""

    body: str
    far: str
    glow: str
    floor: str
    prop: str
    mat: str
    halo: str
    wall: str
    strap: str
    #: How strongly the glow shows over what is under it: on a dark page a faint orange
    #: reads as brown, so the dark schemes glow more.
    glow_opacity: float = 0.45


@dataclass(frozen=True)
class Scheme:
    name: str
    dark: bool
    high_contrast: bool
    #: The window behind everything, and the cards, lists and fields on it.
    background: str
    surface: str
    #: A button's face, a list's every other row.
    raised: str
    alternate: str
    text: str
    #: Quieter words: captions, notes, what a number means.
    muted: str
    #: The app's green: filled buttons, progress, the ring while holding, selection.
    accent: str
    #: Words on the accent (a filled button), and the accent's hover.
    on_accent: str
    accent_hover: str
    #: The accent as words on the background or a card (a figure, a note to act on).
    accent_text: str
    #: Behind a chosen or hovered row, with `text` on it.
    tint: str
    #: Soft lines between parts (cards, rows); not needed to see what can be used.
    line: str
    #: The edge of what can be used: fields, check boxes, buttons. Seen at 3:1.
    outline: str
    #: The keyboard focus ring.
    focus: str
    disabled_text: str
    disabled_fill: str
    #: Something wrong: a file's problems, the sound off.
    problem: str
    #: The notes across the top (the safety note) and the stop question.
    banner: str
    banner_line: str
    #: The ring's empty track, and its colour (and caption's) in each part of a step.
    track: str
    get_ready: str
    switch: str
    paused: str
    #: The calendar's five levels, from no stretching to 20 minutes or more.
    heat: tuple[str, str, str, str, str]
    #: The check-in chart's lines (before and after a routine) and its scale lines.
    before: str
    after: str
    grid: str
    figure: FigureColours

    @property
    def text_ratio(self) -> float:
        return HIGH_TEXT_RATIO if self.high_contrast else TEXT_RATIO

    def kind_colour(self, kind: str, paused: bool = False) -> str:
        """The ring's (and its caption's) colour in a part of a step: get_ready, hold, rep,
        breath, switch or rest."""
        if paused:
            return self.paused
        return {"get_ready": self.get_ready, "switch": self.switch, "rest": self.switch}.get(kind, self.accent)


LIGHT = Scheme(
    name="light", dark=False, high_contrast=False,
    background="#f6f4ef", surface="#ffffff", raised="#ffffff", alternate="#f3f6f5",
    text="#1f2d35", muted="#56666e",
    accent="#26776c", on_accent="#ffffff", accent_hover="#1f645b", accent_text="#226a60",
    tint="#dcefeb", line="#e3e0d8", outline="#7e8a8c", focus="#26776c",
    disabled_text="#7d888c", disabled_fill="#e3e8e6",
    problem="#a4462f", banner="#fff6df", banner_line="#d9c48a",
    track="#dde5e3", get_ready="#94620a", switch="#4b5fb5", paused="#626e74",
    heat=("#e4e9e6", "#b5dcd2", "#74b5a7", "#3b8c7e", "#1d5e55"),
    before="#94620a", after="#26776c", grid="#e3e0d8",
    figure=FigureColours(body="#2f4f4f", far="#6a8585", glow="#f2a65a", floor="#b9c2c0", prop="#d5dcd9",
                         mat="#dfe8e4", halo="#ffffff", wall="#eef2f0", strap="#c08a5a"),
)

DARK = Scheme(
    name="dark", dark=True, high_contrast=False,
    background="#1b2024", surface="#242b30", raised="#2d353b", alternate="#283035",
    text="#e7ecee", muted="#a7b4ba",
    accent="#4fb8a7", on_accent="#0b1a17", accent_hover="#6cc8b9", accent_text="#6fd0bf",
    tint="#214640", line="#343e44", outline="#7d8c93", focus="#6fd0bf",
    disabled_text="#7c888e", disabled_fill="#2a3136",
    problem="#f09579", banner="#3a3222", banner_line="#6e5c30",
    track="#33403f", get_ready="#e6ad4f", switch="#9cabf2", paused="#a3afb5",
    heat=("#2e373c", "#1f5047", "#2d7568", "#44a18f", "#7fdcc9"),
    before="#e6ad4f", after="#4fb8a7", grid="#3a454b",
    figure=FigureColours(body="#d6e3e0", far="#8aa19d", glow="#ffb46b", floor="#5b686c", prop="#56646a",
                         mat="#28333a", halo="#1b2024", wall="#252e33", strap="#c99a6b", glow_opacity=0.7),
)

LIGHT_HIGH_CONTRAST = Scheme(
    name="light, high contrast", dark=False, high_contrast=True,
    background="#ffffff", surface="#ffffff", raised="#ffffff", alternate="#f0f0f0",
    text="#000000", muted="#303030",
    accent="#00574d", on_accent="#ffffff", accent_hover="#003d36", accent_text="#00574d",
    tint="#cdeee7", line="#5c5c5c", outline="#000000", focus="#00574d",
    disabled_text="#595959", disabled_fill="#e6e6e6",
    problem="#8c1c00", banner="#fff3c4", banner_line="#000000",
    track="#c4c4c4", get_ready="#6b4300", switch="#26378f", paused="#3d3d3d",
    heat=("#e6e6e6", "#9fd6c9", "#4fa392", "#1d6d60", "#003a33"),
    before="#6b4300", after="#00574d", grid="#9e9e9e",
    figure=FigureColours(body="#000000", far="#5e6e6e", glow="#f2a65a", floor="#6e6e6e", prop="#8f8f8f",
                         mat="#e3ebe8", halo="#ffffff", wall="#eef2f0", strap="#8a5a2a"),
)

DARK_HIGH_CONTRAST = Scheme(
    name="dark, high contrast", dark=True, high_contrast=True,
    background="#000000", surface="#000000", raised="#000000", alternate="#141414",
    text="#ffffff", muted="#e0e0e0",
    accent="#7fe3d2", on_accent="#000000", accent_hover="#a8efe3", accent_text="#7fe3d2",
    tint="#06302a", line="#a0a0a0", outline="#ffffff", focus="#7fe3d2",
    disabled_text="#a6a6a6", disabled_fill="#1f1f1f",
    problem="#ffa78f", banner="#2e2500", banner_line="#ffffff",
    track="#4a4a4a", get_ready="#ffc861", switch="#bcc6ff", paused="#d6d6d6",
    heat=("#262626", "#145c50", "#238a78", "#3fbfa8", "#9ff5e6"),
    before="#ffc861", after="#7fe3d2", grid="#6e6e6e",
    figure=FigureColours(body="#ffffff", far="#9fb3b0", glow="#ffb46b", floor="#9a9a9a", prop="#8a8a8a",
                         mat="#1e2a2a", halo="#000000", wall="#151c1c", strap="#d9a878", glow_opacity=0.7),
)

SCHEMES = (LIGHT, DARK, LIGHT_HIGH_CONTRAST, DARK_HIGH_CONTRAST)


def choose(setting: str, desktop_dark: bool | None, high_contrast: bool) -> Scheme:
    """The scheme for the `theme` setting ('system', 'light' or 'dark'), the desktop's own
    scheme (True for dark, None where it says nothing: light) and whether the desktop asks
    for more contrast (always followed: a person who needs it needs it in every app)."""
    dark = desktop_dark is True if setting == SYSTEM else setting == DARK_NAME
    if high_contrast:
        return DARK_HIGH_CONTRAST if dark else LIGHT_HIGH_CONTRAST
    return DARK if dark else LIGHT


# -- measuring ------------------------------------------------------------------------------


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1f2d35' as (31, 45, 53)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"A colour is written #rrggbb, not {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str | tuple[int, int, int]) -> float:
    """WCAG 2's relative luminance: 0 for black, 1 for white."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb(colour) if isinstance(colour, str) else colour
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(first: str | tuple[int, int, int], second: str | tuple[int, int, int]) -> float:
    """WCAG 2's contrast ratio, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: What a person reads, and on what: (words, behind them). Checked at the scheme's text ratio.
TEXT_PAIRS = (
    ("text", "background"), ("text", "surface"), ("text", "raised"), ("text", "alternate"), ("text", "tint"),
    ("text", "banner"), ("muted", "background"), ("muted", "surface"), ("muted", "alternate"),
    ("accent_text", "background"), ("accent_text", "surface"), ("on_accent", "accent"), ("on_accent", "accent_hover"),
    ("problem", "background"), ("problem", "surface"), ("problem", "tint"),
    # The ring's caption is written in the ring's colour.
    ("accent", "background"), ("get_ready", "background"), ("switch", "background"), ("paused", "background"),
)

#: What a person must see to use or follow it, on what: (drawing, behind it), at 3:1.
GRAPHIC_PAIRS = (
    ("outline", "surface"), ("outline", "background"), ("outline", "raised"),
    ("focus", "background"), ("focus", "surface"), ("focus", "raised"),
    # The ring: what is left of the step against the track it empties onto.
    ("accent", "track"), ("get_ready", "track"), ("switch", "track"), ("paused", "track"),
    ("before", "surface"), ("after", "surface"), ("text", "surface"),
    ("figure.body", "background"), ("figure.far", "background"), ("figure.body", "figure.mat"),
    ("figure.far", "figure.mat"), ("figure.body", "surface"), ("figure.far", "surface"),
)


def colour_of(scheme: Scheme, name: str) -> str:
    """A scheme's colour by its name: 'text', 'figure.body', 'heat.4'."""
    value: object = scheme
    for part in name.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return str(value)


def shortfalls(scheme: Scheme) -> list[str]:
    """Every pair in the scheme that is harder to tell apart than WCAG asks, in words;
    empty when there is none."""
    found = []
    for pairs, least in ((TEXT_PAIRS, scheme.text_ratio), (GRAPHIC_PAIRS, GRAPHIC_RATIO)):
        for front, back in pairs:
            ratio = contrast(colour_of(scheme, front), colour_of(scheme, back))
            if ratio < least:
                found.append(f"{scheme.name}: {front} on {back} is {ratio:.2f}:1, under {least}:1")
    # The calendar: each level stands out from the one under it (more minutes, more
    # unlike an empty card), and the fullest at 3:1 against the card.
    steps = [abs(luminance(colour) - luminance(scheme.surface)) for colour in scheme.heat]
    if steps != sorted(steps) or len(set(scheme.heat)) != len(scheme.heat):
        found.append(f"{scheme.name}: the calendar's levels do not grow away from the card")
    if contrast(scheme.heat[-1], scheme.surface) < GRAPHIC_RATIO:
        found.append(f"{scheme.name}: the calendar's fullest level is under {GRAPHIC_RATIO}:1 against the card")
    return found


def named_colours(scheme: Scheme) -> dict[str, str]:
    """Every colour of the scheme by its name ('text', 'heat.0', 'figure.body')."""
    names: dict[str, str] = {}
    for item in fields(scheme):
        value = getattr(scheme, item.name)
        if isinstance(value, FigureColours):
            names.update({f"figure.{part.name}": getattr(value, part.name) for part in fields(value)
                          if str(getattr(value, part.name)).startswith("#")})
        elif isinstance(value, tuple):
            names.update({f"{item.name}.{index}": colour for index, colour in enumerate(value)})
        elif isinstance(value, str) and value.startswith("#"):
            names[item.name] = value
    return names
