"""The window's colours follow the desktop live, and every page reads well in each scheme:
the desktop (a stand-in for Qt's QStyleHints, through the app's one adapter over it)
turns dark, light and high contrast while a page is on show, and each page is measured as
rendered (tests/ui/contrast.py): words at WCAG AA (AAA in high contrast), what must be
seen at 3:1. tests/ui/test_colours_xcb.py does the same through a real X server and a
desktop portal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from stretchdesk.core import colours
from stretchdesk.core.colours import DARK, DARK_HIGH_CONTRAST, LIGHT, LIGHT_HIGH_CONTRAST, SYSTEM
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.desktop_scheme import DesktopScheme

from tests.ui.conftest import advance, after_first_paint
from tests.ui.contrast import readings
from tests.ui.fake_style_hints import FakeStyleHints

#: Each desktop a person may have, and the scheme the window shows for it.
DESKTOPS = (
    ("light", Qt.ColorScheme.Light, False, LIGHT),
    ("dark", Qt.ColorScheme.Dark, False, DARK),
    ("light, high contrast", Qt.ColorScheme.Light, True, LIGHT_HIGH_CONTRAST),
    ("dark, high contrast", Qt.ColorScheme.Dark, True, DARK_HIGH_CONTRAST),
)


@pytest.fixture
def desktop(qapp):
    """The desktop the window follows, as a test sets it; the real (offscreen) one after."""
    from stretchdesk.ui.app import create_application

    create_application()
    hints = FakeStyleHints(Qt.ColorScheme.Light)
    theme.follow(SYSTEM, desktop=DesktopScheme(hints))
    yield hints
    theme.follow(SYSTEM, desktop=DesktopScheme())
    assert theme.colours() is LIGHT


def set_desktop(hints: FakeStyleHints, scheme: Qt.ColorScheme, high: bool) -> None:
    """The desktop changes; the event loop takes its turn (Qt hands the new palette to the
    widgets in posted events), with no time passing."""
    from PySide6.QtWidgets import QApplication

    hints.set_scheme(scheme)
    hints.set_contrast(high)
    QApplication.processEvents()


def painted(window, scheme: colours.Scheme) -> dict:
    """What each painted widget on show draws, in the scheme's colours."""
    from stretchdesk.ui.pages.history_page import CalendarHeatmap, ComfortChartView, GoalDots
    from stretchdesk.ui.widgets.countdown import CountdownWidget
    from stretchdesk.ui.widgets.figure_view import FigureView

    drawn = {}
    for widget in window.findChildren(CountdownWidget):
        if not widget.isVisible():
            continue
        view = window.playback.view()
        ring = scheme.kind_colour(view.segment.kind.value, view.state.name == "PAUSED")
        drawn[widget] = [("digits", "text", scheme.text), ("ring", "graphic", ring)] + (
            [("caption", "text", ring)] if widget.caption else []) + (
            [("line under", "text", scheme.muted)] if widget.small else [])
    for widget in window.findChildren(FigureView):
        drawn[widget] = [("body", "graphic", scheme.figure.body)]
    for widget in window.findChildren(CalendarHeatmap):
        drawn[widget] = [("words", "text", scheme.muted), ("fullest day", "graphic", scheme.heat[-1]),
                         ("today's ring", "graphic", scheme.text)]
    for widget in window.findChildren(ComfortChartView):
        drawn[widget] = [("scale", "text", scheme.muted), ("legend", "text", scheme.text),
                         ("before", "graphic", scheme.before), ("after", "graphic", scheme.after)]
    for widget in window.findChildren(GoalDots):
        drawn[widget] = [("dots", "graphic", scheme.accent)]
    return drawn


def measure_every_scheme(window, hints, page: str) -> dict[str, int]:
    """Turn the desktop through every scheme with the page on show; every reading passes.
    Returns how many readings each scheme had."""
    counted = {}
    for name, scheme_of_desktop, high, expected in DESKTOPS:
        set_desktop(hints, scheme_of_desktop, high)
        assert theme.colours() is expected, name
        found = readings(window, expected, painted(window, expected))
        failing = [str(reading) for reading in found if reading.fails]
        assert not failing, f"{page} in {name}:\n" + "\n".join(failing)
        counted[name] = len(found)
    return counted


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # the dialog, offscreen
def test_every_page_reads_well_in_light_dark_and_high_contrast_as_the_desktop_changes(qtbot, desktop, window, clock):
    window.resize(1100, 760)
    after_first_paint(window)
    window.library_page.select("daily-lower-back")
    counts = {"library": measure_every_scheme(window, desktop, "the library")}

    window.library_page.start_button.click()
    assert window.current_page() is window.checkin_page
    counts["check-in"] = measure_every_scheme(window, desktop, "the check-in")

    window.checkin_page.row.buttons[4].click()
    advance(window, clock, 2)
    counts["get ready"] = measure_every_scheme(window, desktop, "the player, getting ready")
    advance(window, clock, window.playback.timeline.steps[1].active_start + 3 - 2)
    counts["hold"] = measure_every_scheme(window, desktop, "the player, holding")
    window.player_page.escapeRequested.emit()
    assert window.player_page.stop_question.isVisible()
    counts["stop?"] = measure_every_scheme(window, desktop, "the player, asking to stop")

    window.player_page.stopRequested.emit()
    assert window.current_page() is window.completion_page
    counts["completion"] = measure_every_scheme(window, desktop, "the completion page")

    window.completion_page.checkin.buttons[2].click()
    window.show_history()
    counts["history"] = measure_every_scheme(window, desktop, "the History page")

    dialog = window.open_settings()
    qtbot.waitExposed(dialog)
    counts["settings"] = measure_every_scheme(dialog, desktop, "the settings dialog")
    dialog.reject()
    # Each page was read widget by widget, not passed over.
    assert all(count >= 8 for page in counts.values() for count in page.values()), counts


def test_a_change_of_scheme_reaches_what_was_built_before_it(qtbot, desktop, window):
    after_first_paint(window)
    start = window.library_page.start_button
    before = start.palette().color(start.backgroundRole()).name()
    meta = window.library_page.meta.palette().color(window.library_page.meta.foregroundRole()).name()
    assert (before, meta) == (LIGHT.accent, LIGHT.muted)
    set_desktop(desktop, Qt.ColorScheme.Dark, False)
    assert start.palette().color(start.backgroundRole()).name() == DARK.accent
    assert window.library_page.meta.palette().color(window.library_page.meta.foregroundRole()).name() == DARK.muted
    assert window.palette().color(window.backgroundRole()).name() == DARK.background
    # The menu titles are drawn in the scheme's words colour on its window colour.
    bar = window.menuBar()
    assert bar.palette().color(bar.foregroundRole()).name() == DARK.text


def test_the_setting_keeps_light_or_dark_whatever_the_desktop_says(qtbot, desktop, window):
    set_desktop(desktop, Qt.ColorScheme.Dark, False)
    assert theme.colours() is DARK
    window.apply_settings({"theme": "light"})
    assert theme.colours() is LIGHT
    desktop.set_scheme(Qt.ColorScheme.Light)
    desktop.set_scheme(Qt.ColorScheme.Dark)
    assert theme.colours() is LIGHT, "the setting holds while the desktop changes"
    desktop.set_contrast(True)
    assert theme.colours() is LIGHT_HIGH_CONTRAST, "high contrast is followed whatever the setting"
    window.apply_settings({"theme": "system"})
    assert theme.colours() is DARK_HIGH_CONTRAST


def test_a_desktop_that_says_no_scheme_gets_the_light_one(qtbot, desktop, window):
    desktop.set_scheme(Qt.ColorScheme.Dark)
    desktop.set_scheme(Qt.ColorScheme.Unknown)
    assert theme.colours() is LIGHT


def test_offscreen_qt_reports_no_scheme_and_no_preference(qapp):
    adapter = DesktopScheme()
    assert adapter.dark() is None and adapter.high_contrast() is False
