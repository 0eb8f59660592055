"""The colour schemes, measured: every pair a person reads or must see meets WCAG 2 in light,
dark and both high-contrast schemes, and the scheme follows the setting and the desktop."""

from __future__ import annotations

import pytest

from stretchdesk.core import colours
from stretchdesk.core.colours import DARK, DARK_HIGH_CONTRAST, LIGHT, LIGHT_HIGH_CONTRAST, SCHEMES, choose, contrast


def test_contrast_ratios_as_wcag_defines_them():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01), "the grey just short of AA on white"
    assert contrast("#ffffff", "#767676") == contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert colours.luminance((255, 255, 255)) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        colours.rgb("#fff")


@pytest.mark.parametrize("scheme", SCHEMES, ids=lambda scheme: scheme.name)
def test_every_pair_a_person_reads_or_needs_to_see_is_measured_and_meets_wcag(scheme):
    assert colours.shortfalls(scheme) == []
    least = 7.0 if scheme.high_contrast else 4.5
    assert min(contrast(colours.colour_of(scheme, a), colours.colour_of(scheme, b)) for a, b in colours.TEXT_PAIRS) >= least


def test_the_measure_finds_a_pair_too_faint():
    from dataclasses import replace

    faint = replace(LIGHT, muted="#a0a0a0", heat=("#e4e9e6", "#74b5a7", "#b5dcd2", "#3b8c7e", "#1d5e55"))
    found = colours.shortfalls(faint)
    assert any(problem.startswith("light: muted on background is 2.") for problem in found), found
    assert any("levels do not grow" in problem for problem in found), found


def test_every_scheme_names_the_same_colours_and_each_is_a_colour():
    names = [colours.named_colours(scheme) for scheme in SCHEMES]
    assert all(list(named) == list(names[0]) for named in names)
    assert {"text", "background", "heat.4", "figure.body", "figure.halo"} <= set(names[0])
    for named in names:
        for value in named.values():
            colours.rgb(value)


def test_dark_schemes_are_dark_and_light_ones_light():
    for scheme in SCHEMES:
        background, text = colours.luminance(scheme.background), colours.luminance(scheme.text)
        assert (background < text) == scheme.dark, scheme.name
        # The edge round the near limbs parts them from the body, as the background does.
        assert contrast(scheme.figure.halo, scheme.figure.body) >= 7
        assert contrast(scheme.figure.halo, scheme.background) < 1.1


@pytest.mark.parametrize(("setting", "desktop_dark", "high", "expected"), [
    ("system", None, False, LIGHT),  # the desktop says nothing (offscreen, an old desktop)
    ("system", False, False, LIGHT),
    ("system", True, False, DARK),
    ("system", True, True, DARK_HIGH_CONTRAST),
    ("system", None, True, LIGHT_HIGH_CONTRAST),
    ("light", True, False, LIGHT),
    ("dark", False, False, DARK),
    ("dark", None, True, DARK_HIGH_CONTRAST),
    ("light", True, True, LIGHT_HIGH_CONTRAST),
])
def test_the_scheme_follows_the_setting_then_the_desktop_and_high_contrast_always(setting, desktop_dark, high, expected):
    assert choose(setting, desktop_dark, high) is expected


def test_the_ring_takes_the_colour_of_the_part_of_the_step():
    assert [DARK.kind_colour(kind) for kind in ("get_ready", "hold", "rep", "breath", "switch", "rest")] == [
        DARK.get_ready, DARK.accent, DARK.accent, DARK.accent, DARK.switch, DARK.switch]
    assert LIGHT.kind_colour("hold", paused=True) == LIGHT.paused
