"""The routine picker: every routine with its level, step count and total time; files with
problems listed with their messages; a preview of the selected routine and its Start button.

The list is Qt's model/view: RoutineListModel hands Qt the rows core.library_view worded
(Qt asks only for the rows it shows), RoutineFilter hides those a search does not match,
and the page only forwards what the person does. The files with problems are a list model
of their own under the routines (library_problems, loaded when a library has any).

The first paint shows the list and the selected routine's title, length and Start button.
The rest of the preview (its text, variants, fit-to-time, the step table and a step's own
hold) is built just after it, or at once when something asks for one of its widgets: those
widget kinds, their enums and the rich text's layout were a third of the time to the first
paint. For the same reason the Qt namespace and the table, spin box and combo box classes
are imported where they are first used, not with this module.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, QSortFilterProxyModel, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.core.text import escape
from stretchdesk.core import words
from stretchdesk.core.views import preview as previews
from stretchdesk.core.routine.library import Library
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.views.library_view import LibraryView, ProblemList
from stretchdesk.core.views.preview import RoutinePreview
from stretchdesk.core.store.settings import Settings
from stretchdesk.core.play.timeline import StepPlan
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.text import plain_label, plain_tooltip, set_aloud

if TYPE_CHECKING:  # the history's modules load after the first paint
    from stretchdesk.core.views.progress import ResumeOffer
    from stretchdesk.ui.pages.library_problems import ProblemListView

# The item roles the models answer (Qt.ItemDataRole), spelled as their values so the first
# page needs no Qt namespace.
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
TOOLTIP_ROLE = 3
#: Where each row keeps its routine's id: Qt.ItemDataRole.UserRole, the first role Qt leaves
#: to applications.
ROUTINE_ROLE = 0x0100
#: A row's size (Qt.ItemDataRole.SizeHintRole).
SIZE_HINT_ROLE = 13
#: What a screen reader says of a row or a cell (Qt.ItemDataRole.AccessibleTextRole).
ACCESSIBLE_TEXT_ROLE = 11
#: The last character of Latin and the punctuation and symbols the list writes ("·", "—"):
#: a row with a character beyond it, or one that is not printed (a tab, a line separator),
#: is measured whole by the style (another script's font may have taller lines).
LAST_LATIN = "\u24ff"
#: Routines whose totals the list works out at once (all of them in any usual library); a
#: larger library gets the rest in batches of as many, just after.
TOTALS_AT_ONCE = 200
#: The pictures of steps in the preview's table, and of routines in the list, in pixels.
THUMBNAIL = 40
LIST_THUMBNAIL = 44


class RoutineListModel(QAbstractListModel):
    """The routines for the list, in the library's order, as core.library_view words them:
    a row's text (the title, the level, steps and total, a session to carry on), its
    tooltip, its picture once the window has been painted, its routine's id, and its size
    as the list measured it (kept until the row changes)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view: LibraryView | None = None
        #: A routine's picture for its row (None: no pictures yet).
        self.icon_for = None
        #: How the list measures a row: (index, text, picture) -> QSize, or None if it
        #: cannot (RoutineListView); None: the style measures the rows, and none is kept.
        self.measure = None
        self._sizes: list[QSize | None] = []

    def set_view(self, view: LibraryView) -> None:
        self.beginResetModel()
        self.view = view
        self._sizes = [None] * len(view.rows)
        self.endResetModel()

    def show_icons(self, icon_for) -> None:
        self.icon_for = icon_for
        self.rows_changed(range(self.rowCount()), DECORATION_ROLE)

    def forget_sizes(self) -> None:
        """The list's font or style changed: each row is measured anew."""
        self._sizes = [None] * len(self._sizes)

    def rows_changed(self, rows, role: int = DISPLAY_ROLE) -> None:
        """These rows say something new (a range, or any rows in order)."""
        rows = list(rows) if not isinstance(rows, range) else rows
        if not rows:
            return
        for row in rows:
            self._sizes[row] = None
        first = last = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == last + 1:
                last = row
                continue
            self.dataChanged.emit(self.index(first), self.index(last), [role])
            if row is not None:
                first = last = row

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if self.view is None or parent.isValid() else len(self.view.rows)

    def _picture(self, routine: Routine):
        return self.icon_for(routine) if self.icon_for is not None else None

    def data(self, index, role=DISPLAY_ROLE):
        if self.view is None or not index.isValid():
            return None
        number = index.row()
        if role == SIZE_HINT_ROLE:  # asked for every row at each layout: answered from what is kept
            if self.measure is None:
                return None  # the style measures the row itself
            size = self._sizes[number]
            if size is None:
                row = self.view.rows[number]
                size = self._sizes[number] = self.measure(index, row.text, self._picture(row.routine) is not None)
            return size
        row = self.view.rows[number]
        if role == DISPLAY_ROLE:
            return row.text
        if role == ROUTINE_ROLE:
            return row.id
        if role == DECORATION_ROLE:
            return self._picture(row.routine)
        if role == TOOLTIP_ROLE:
            return plain_tooltip(row.tooltip)
        if role == ACCESSIBLE_TEXT_ROLE:
            return row.aloud
        return None


class RoutineListView(QListView):
    """The routine list: Qt's list view, measuring its rows faster than it would. A list
    view measures every row whenever one changes (a total worked out, a session to carry
    on), and asking a row's size of Python costs more than the style's own measure, so
    the model keeps each row's size (SIZE_HINT_ROLE) and the view measures a row once: the
    style's measure of a row differs from another's with as many lines, and a picture or
    none, only by the text's width, so it is taken from the style once for each such
    shape, and each row adds the width of its widest line."""

    #: The current row changed (by a click, a key, or the page). The view's own signal:
    #: its selection model's would build that model's Python type before the first paint.
    chosen = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        #: (lines, picture) -> (the width around the text, the height).
        self._shapes: dict[tuple[int, bool], tuple[int, int]] = {}
        #: Each line of text's width, in the list's font.
        self._widths: dict[str, int] = {}
        self._metrics: QFontMetricsF | None = None
        self._rows: RoutineListModel | None = None
        self._font = None

    def show_rows(self, shown: QSortFilterProxyModel, rows: RoutineListModel) -> None:
        """Show the rows `shown` lets through of `rows`, measured here."""
        self._rows = rows
        rows.measure = self.measure_row
        self.setModel(shown)

    def style_size(self, index) -> QSize:
        """What the style measures a row (an index of the list's own model) at: the item
        delegate's measure, the rows keeping no size meanwhile (asked of Qt rather than
        worked out here, which would build the style's Python types and enums before the
        first paint)."""
        measure, self._rows.measure = self._rows.measure, None
        try:
            return self.sizeHintForIndex(index)
        finally:
            self._rows.measure = measure

    def measure_row(self, index, text: str, picture: bool) -> QSize | None:
        """The size of the row at `index` (of the rows, not of the search's view of them);
        None for a row the search hides."""
        shown = self.model().mapFromSource(index)
        if not shown.isValid():
            return None
        if self._metrics is None:
            self._metrics = QFontMetricsF(self.font())
        lines = text.split("\n")
        widest = 0
        for line in lines:
            width = self._widths.get(line)
            if width is None:  # as the style lays a line out: spaces at its end take no room
                plain = line.isprintable() and (not line or max(line) <= LAST_LATIN)
                width = self._widths[line] = ceil(self._metrics.horizontalAdvance(line.rstrip(" "))) if plain else -1
            if width < 0:
                return self.style_size(shown)
            widest = max(widest, width)
        shape = self._shapes.get((len(lines), picture))
        if shape is None:
            size = self.style_size(shown)
            shape = self._shapes[len(lines), picture] = (size.width() - widest, size.height())
        return QSize(widest + shape[0], shape[1])

    def forget_sizes(self) -> None:
        """The pictures or the font changed: each row is measured anew."""
        self._shapes.clear()
        self._widths.clear()
        self._metrics = None
        if self._rows is not None:
            self._rows.forget_sizes()

    def doItemsLayout(self) -> None:  # noqa: N802 - Qt's name
        # Qt lays the rows out anew when the font changes (as when the desktop's does): the
        # sizes kept were for the font before. (Looked for here, not in changeEvent: an
        # event handed to Python builds the event classes' enums, which the first paint
        # need not spend.)
        font = self.font()
        if font != self._font:
            self._font = font
            self.forget_sizes()
        super().doItemsLayout()

    def currentChanged(self, current, previous) -> None:  # noqa: N802 - Qt's name
        super().currentChanged(current, previous)
        self.chosen.emit()


class RoutineFilter(QSortFilterProxyModel):
    """The routines a search shows, in the library's order; which ones is the core's to say
    (LibraryView.matching), asked once for each search and library."""

    def __init__(self, routines: RoutineListModel, parent=None):
        super().__init__(parent)
        self._routines = routines
        self.setSourceModel(routines)
        self._search = ""
        #: The view the rows below were worked out for, and the rows shown (None: all).
        self._matched_in: LibraryView | None = None
        self._shown: list[bool] | None = None

    def _matching(self, view: LibraryView | None) -> list[bool] | None:
        shown = view.matching(self._search) if view is not None else None
        return None if shown is not None and all(shown) else shown

    def set_search(self, text: str) -> None:
        self._search = text
        view = self._routines.view
        shown = self._matching(view)
        if view is self._matched_in and shown == self._shown:
            return  # the same rows: nothing for the list to do
        self.beginFilterChange()
        self._matched_in, self._shown = view, shown
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent) -> bool:  # noqa: N802 - Qt's name
        view = self._routines.view
        if view is not self._matched_in:  # a new library
            self._matched_in, self._shown = view, self._matching(view)
        return self._shown is None or self._shown[source_row]


class PreviewDetails:
    """The preview below the title: what the routine is about, its safety note, variants,
    fit-to-time, the step table and the chosen step's own hold, in one scrolling column."""

    def __init__(self, page: LibraryPage):
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import (
            QAbstractItemView,
            QCheckBox,
            QComboBox,
            QFrame,
            QHeaderView,
            QScrollArea,
            QSpinBox,
            QTableWidget,
        )

        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.setAccessibleDescription("About this routine")
        self.safety = QLabel()
        self.safety.setWordWrap(True)
        self.safety.setTextFormat(Qt.TextFormat.RichText)
        self.safety.setObjectName("banner")
        self.safety.setAccessibleDescription("Safety note")
        theme.style(self.safety, "banner", extra="QLabel { padding: 8px; }")

        self.variant_label = QLabel("Variant:")
        self.variant = QComboBox()
        theme.style(self.variant, "fields")
        self.variant_label.setBuddy(self.variant)  # a screen reader names the box by it
        self.variant.setAccessibleName("Variant")
        self.variant.setToolTip("Some routines offer a version for a different need; choose it before you start")
        self.variant_note = QLabel()
        self.variant_note.setWordWrap(True)
        self.variant_note.setTextFormat(Qt.TextFormat.PlainText)
        theme.set_role(self.variant_note, "muted")

        self.steps = QTableWidget(0, 3)
        self.steps.setHorizontalHeaderLabels(["Step", "How", "Time"])
        self.steps.verticalHeader().setVisible(True)
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps.setTabKeyNavigation(False)  # arrows choose a step; Tab moves on to the hold
        self.steps.setAccessibleName("Steps and their times")
        theme.style(self.steps, "picture_rows")
        self.steps.setToolTip("Choose a step to give it a hold time of your own")
        header = self.steps.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.steps.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # A step's own hold, for the step chosen in the table.
        self.hold_label = plain_label(QLabel())
        self.hold_label.setWordWrap(True)
        self.hold_spin = QSpinBox()
        self.hold_spin.setSuffix("s")  # "45s", as core.words writes seconds
        # One change when the person has finished typing "45", not one for "4" and another
        # for "45": each is a locked write of the settings file and a refresh of the list.
        self.hold_spin.setKeyboardTracking(False)
        self.hold_spin.setAccessibleName("Your hold for this step")
        self.hold_spin.setToolTip("How long this step's hold lasts for you, in seconds (each side, for two-sided steps)")
        self.hold_reset = QPushButton("Use the routine's time")
        self.hold_reset.setAccessibleName("Reset this step's hold")
        self.hold_reset.setToolTip("Forget your own hold for this step")
        theme.style_buttons(self.hold_reset)
        hold_row = QHBoxLayout()
        hold_row.addWidget(self.hold_label, 1)
        hold_row.addWidget(self.hold_spin)
        hold_row.addWidget(self.hold_reset)

        # Fit the whole routine to a time.
        self.fit_check = QCheckBox("Fit this routine to")
        self.fit_check.setToolTip("Scale every hold so the routine takes the time you choose")
        self.fit_check.setAccessibleName("Fit this routine to a time")
        self.fit_minutes = QSpinBox()
        self.fit_minutes.setSuffix(" min")
        self.fit_minutes.setKeyboardTracking(False)
        self.fit_minutes.setAccessibleName("Minutes to fit the routine to")
        self.fit_minutes.setToolTip("The time the whole routine should take")
        self.fit_note = QLabel()
        theme.set_role(self.fit_note, "muted")
        fit_row = QHBoxLayout()
        fit_row.addWidget(self.fit_check)
        fit_row.addWidget(self.fit_minutes)
        fit_row.addWidget(self.fit_note, 1)

        variant_row = QHBoxLayout()
        variant_row.addWidget(self.variant_label)
        variant_row.addWidget(self.variant, 1)

        # The details scroll as one page (the step table shows all its rows), while the
        # title above and the Start button below stay in view, however small the window.
        # The steps come first, under the routine's choices: what the routine is made of
        # shows at once, and the words about it follow (above them, the table began at
        # the foot of a small window's preview, a row and a half of it in sight).
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 8, 0)
        column_layout.addLayout(variant_row)
        column_layout.addWidget(self.variant_note)
        column_layout.addLayout(fit_row)
        column_layout.addWidget(self.steps)
        column_layout.addLayout(hold_row)
        column_layout.addSpacing(6)
        column_layout.addWidget(self.about)
        column_layout.addWidget(self.safety)
        column_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(column)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab stops on it, so the keys can scroll what it holds: named and ringed then.
        self.scroll.setAccessibleName("Routine details")
        # Made anew with the scheme (theme.style), so the details' words follow it.
        theme.style(self.scroll, extra="QScrollArea { border: 2px solid transparent; }" + theme.focus_ring("QScrollArea"))

        #: What acts on a routine: with none to show, they are off and out of sight.
        self.acting = (self.variant_label, self.variant, self.fit_check, self.fit_minutes, self.fit_note,
                       self.steps, self.hold_label, self.hold_spin, self.hold_reset)

        # Connected last: filling the widgets above must not call back into the page.
        self.variant.currentIndexChanged.connect(page._variant_changed)
        self.steps.currentCellChanged.connect(lambda *_: page._show_step_editor())
        self.hold_spin.valueChanged.connect(page._step_hold_changed)
        self.hold_reset.clicked.connect(page._reset_step_hold)
        self.fit_check.toggled.connect(page._fit_changed)
        self.fit_minutes.valueChanged.connect(page._fit_changed)


def _detail(name: str) -> property:
    def get(page: LibraryPage):
        return getattr(page.build_details(), name)

    return property(get, doc=f"The preview's {name.replace('_', ' ')}; the details are built if need be.")



#: What the preview shows before anything is chosen (no routine is, nor is nothing).
_NOTHING = object()


class LibraryPage(QWidget):
    #: (routine, variant id or None)
    startRequested = Signal(object, object)
    #: (routine, core.progress.ResumeOffer): carry on its session stopped early.
    resumeRequested = Signal(object, object)
    #: A routine's own choices are to change (its variant, a step's hold, fit to a time):
    #: a command from core.preview, for the window to run on the settings file.
    changeRequested = Signal(object)
    #: The person asked for their history.
    historyRequested = Signal()

    about = _detail("about")
    safety = _detail("safety")
    variant_label = _detail("variant_label")
    variant = _detail("variant")
    variant_note = _detail("variant_note")
    steps = _detail("steps")
    hold_label = _detail("hold_label")
    hold_spin = _detail("hold_spin")
    hold_reset = _detail("hold_reset")
    fit_check = _detail("fit_check")
    fit_minutes = _detail("fit_minutes")
    fit_note = _detail("fit_note")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = Settings()
        #: What the list says, as the core worked it out for the library and the settings.
        self._view = LibraryView(Library(), self._settings)
        #: A batch of the list's totals waits for the window's next turn.
        self._totals_queued = False
        #: The steps' pictures, drawn once (and again in another scheme): (pose, side) -> QIcon.
        self._icons: dict = {}
        theme.notifier().changed.connect(self._redraw_pictures)
        #: What the preview shows of the selected routine, as the core worked it out.
        self._preview: RoutinePreview | None = None
        self._details: PreviewDetails | None = None
        #: The routine the preview shows (by identity: a library loaded anew is shown anew).
        self._showing: object = _NOTHING
        #: The list's rows are changing under it (a search, a new library): where its
        #: current row moves meanwhile is settled once they have.
        self._settling = False
        #: Sessions to carry on, by routine id (from the history, after the first paint);
        #: the preview's line and Resume button, built with the first one.
        self._offers: dict[str, ResumeOffer] = {}
        self.resume_note: QLabel | None = None
        self.resume_button: QPushButton | None = None
        #: The files with problems, under the list: built with the first library that has any.
        self.problems_title: QLabel | None = None
        self.problems: ProblemListView | None = None

        self.search = QLineEdit(placeholderText="Search routines")
        # Its clear button (shown once there is text) comes with the details, just after
        # the first paint: the first one made loads its icon, ~20 ms of every start.
        theme.style(self.search, "search")
        self.search.setAccessibleName("Search routines")
        self.search.setToolTip("Filter the routines by title, focus or step name")
        self.search.textChanged.connect(self._apply_filter)

        self._routines = RoutineListModel(self)
        self._filter = RoutineFilter(self._routines, self)
        self.list = RoutineListView()
        self.list.show_rows(self._filter, self._routines)
        self.list.setAccessibleName("Routines")
        theme.style(self.list, "list")
        self.list.setToolTip("Choose a routine to see its steps; double-click to start it")
        self.list.chosen.connect(self._current_changed)
        self.list.activated.connect(lambda _index: self._request_start())

        left = QWidget()
        left_layout = self._left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # The history, beside the search: where the days stretched and every session are.
        self.history_button = QPushButton("History")
        self.history_button.setAccessibleName("Your history")
        self.history_button.setToolTip("The days you stretched, your streak, your weekly goal and every session (Ctrl+H)")
        self.history_button.clicked.connect(self.historyRequested.emit)
        theme.style_buttons(self.history_button)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.history_button)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.list, 1)

        # The preview of the selected routine: its title and length, then the details.
        self.title = plain_label(QLabel())
        self.title.setWordWrap(True)
        self.title.setAccessibleDescription("Routine title")
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.8)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.meta = plain_label(QLabel())
        theme.set_role(self.meta, "muted")
        self.meta.setAccessibleDescription("Level, steps and total time")

        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Start routine")
        self.start_button.setToolTip("Start the selected routine (Space or Enter)")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._request_start)
        self.start_button.setMinimumHeight(44)
        theme.style_buttons(self.start_button)

        preview = QWidget()
        self._preview_layout = QVBoxLayout(preview)
        self._preview_layout.setContentsMargins(0, 0, 0, 0)
        self._preview_layout.addWidget(self.title)
        self._preview_layout.addWidget(self.meta)
        self._preview_layout.addStretch(1)  # the details take its place
        start_row = self._start_row = QHBoxLayout()
        self.total_note = QLabel()
        theme.set_role(self.total_note, "muted")
        start_row.addWidget(self.total_note)
        start_row.addStretch(1)
        start_row.addWidget(self.start_button)
        self._preview_layout.addLayout(start_row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(splitter)

    def build_details(self) -> PreviewDetails:
        """The rest of the preview, built once (the window asks just after its first paint)
        and filled for the selected routine."""
        if self._details is None:
            self.search.setClearButtonEnabled(True)
            details = PreviewDetails(self)
            self._preview_layout.takeAt(2)  # the stretch that held their place
            self._preview_layout.insertWidget(2, details.scroll, 1)
            details.scroll.show()  # now, not when the layout's queued show comes round
            # Tab goes down the page as it reads: the list, the details top to bottom, Start
            # (built later than Start, the details would otherwise come after it).
            chain = [self.list, details.variant, details.fit_check, details.fit_minutes, details.steps,
                     details.hold_spin, details.hold_reset, self.start_button]  # the text between has no stop
            for before, after in zip(chain, chain[1:]):
                QWidget.setTabOrder(before, after)
            from PySide6.QtWidgets import QToolButton

            for button in self.search.findChildren(QToolButton):  # its clear button, for a screen reader
                button.setAccessibleName("Clear the search")
            self._details = details
            self._show_selected(self.selected_routine())
            self._show_icons()
        return self._details

    # -- data ---------------------------------------------------------------------------

    def page_keys(self) -> dict[str, Callable[[], None]]:
        """The window-wide keys this page answers ('Space', 'Esc', 'Left', 'Right'): the
        window hands each to the page on show."""
        return {"Space": self.start_button.click, "Esc": self.search.clear}

    def set_library(self, library: Library, settings: Settings | None = None) -> None:
        previous = self.selected_routine()
        if settings is not None:
            self._settings = settings
        view = LibraryView(library, self._settings, {key: offer.text for key, offer in self._offers.items()})
        # The first rows with their totals; the rest show their level now and their total
        # a moment later (see _fill_totals), so a library of thousands of routines opens as
        # fast as one of four.
        view.work_out_totals(TOTALS_AT_ONCE)
        self._view = view
        self._settling = True
        try:
            self._routines.set_view(view)
        finally:
            self._settling = False
        self._queue_totals()
        self._show_problems(view.problems)
        self._showing = _NOTHING  # new routines: the preview is shown anew
        self.select(previous.id if previous else (library.routines[0].id if library.routines else None))

    def _show_problems(self, problems: ProblemList) -> None:
        if self.problems is None:
            if not problems.lines:
                return
            from stretchdesk.ui.pages.library_problems import ProblemListView

            self.problems_title = plain_label(QLabel())
            title_font = self.problems_title.font()
            title_font.setBold(True)
            self.problems_title.setFont(title_font)
            theme.set_role(self.problems_title, "problem")
            self.problems = ProblemListView()
            self.problems.setAccessibleName("Routine files with problems")
            self._left_layout.addWidget(self.problems_title)
            self._left_layout.addWidget(self.problems)
        self.problems_title.setText(problems.heading)
        self.problems.set_problems(problems)
        self.problems_title.setVisible(bool(problems.lines))
        self.problems.setVisible(bool(problems.lines))

    def show_loading(self) -> None:
        """Before a large library is loaded: say so, and offer nothing to start yet."""
        self.title.setText("Loading the routines…")
        self.start_button.setEnabled(False)

    # -- carrying on a session stopped early ----------------------------------------------

    def set_resume_offers(self, offers: dict[str, ResumeOffer]) -> None:
        """The routines with a session to carry on, as the core worked them out from the
        history (after the first paint): their rows say so, and the preview offers Resume."""
        self._offers = dict(offers)
        if offers and self.resume_button is None:
            self._build_resume()
        self._routines.rows_changed(self._view.set_resume({key: offer.text for key, offer in offers.items()}))
        self._show_resume()

    def resume_offer(self) -> ResumeOffer | None:
        """The selected routine's session to carry on, if it has one."""
        routine = self.selected_routine()
        return self._offers.get(routine.id) if routine is not None else None

    def _build_resume(self) -> None:
        self.resume_note = plain_label(QLabel())
        self.resume_note.setAccessibleDescription("Session to carry on")
        theme.set_role(self.resume_note, "accent")
        self.resume_note.setStyleSheet("font-weight: 600;")
        self.resume_button = QPushButton("Resume")
        self.resume_button.setAccessibleName("Resume routine")
        self.resume_button.setToolTip("Carry on from the step where it stopped (Start plays it from the beginning)")
        self.resume_button.setMinimumHeight(44)
        self.resume_button.clicked.connect(self._request_resume)
        theme.style_buttons(self.resume_button)
        self._start_row.insertWidget(self._start_row.indexOf(self.start_button), self.resume_button)
        self._preview_layout.insertWidget(self._preview_layout.count() - 1, self.resume_note)
        QWidget.setTabOrder(self.resume_button, self.start_button)  # Resume, then Start

    def _show_resume(self) -> None:
        if self.resume_button is None:
            return
        offer = self.resume_offer()
        self.resume_note.setText(offer.text if offer is not None else "")
        self.resume_note.setToolTip(plain_tooltip(f"The last session {offer.ended}" if offer is not None else ""))
        self.resume_note.setVisible(offer is not None)
        self.resume_button.setVisible(offer is not None)

    def refresh_times(self) -> None:
        """The settings changed: every total in the list, and the preview, follow."""
        self._view.settings_changed()
        self._fill_totals()
        self._render_preview()

    def _fill_totals(self) -> None:
        """Work out the next batch of the list's totals now and, while any wait, queue the
        next batch for the window's next turn, so it never stops answering."""
        self._routines.rows_changed(self._view.work_out_totals(TOTALS_AT_ONCE))
        self._queue_totals()

    def _queue_totals(self) -> None:
        if self._view.totals_pending and not self._totals_queued:
            from PySide6.QtCore import QTimer

            self._totals_queued = True
            QTimer.singleShot(0, self, self._next_totals)  # the page as context: gone with it

    def _next_totals(self) -> None:
        self._totals_queued = False
        self._fill_totals()

    # -- the list -------------------------------------------------------------------------

    def select(self, routine_id: str | None) -> None:
        """Choose this routine in the list if the search shows it, else the first one shown."""
        row = self._view.row_of(routine_id)
        index = self._filter.mapFromSource(self._routines.index(row)) if row is not None else QModelIndex()
        if not index.isValid():
            index = self._filter.index(0, 0)
        self.list.setCurrentIndex(index)
        self._current_changed()  # also when it was current already

    def selected_routine(self) -> Routine | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        row = self._filter.mapToSource(index).row()
        return self._view.rows[row].routine if 0 <= row < len(self._view.rows) else None

    def selected_variant(self) -> str | None:
        """The variant the routine plays in: the one the person chose for it."""
        routine = self.selected_routine()
        return self._settings.variant_for(routine) if routine is not None else None

    def row_texts(self) -> list[str]:
        """What each row the list shows says, top to bottom."""
        return [self._filter.index(row, 0).data() for row in range(self._filter.rowCount())]

    def visible_titles(self) -> list[str]:
        return [text.split("\n")[0] for text in self.row_texts()]

    # -- behaviour ----------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        previous = self.selected_routine()
        self._settling = True
        try:
            self._filter.set_search(text)
        finally:
            self._settling = False
        self.select(previous.id if previous is not None else None)

    def _current_changed(self, *_indexes) -> None:
        if self._settling:
            return
        routine = self.selected_routine()
        if routine is None or routine is not self._showing:
            self._show_selected(routine)

    def _show_selected(self, routine: Routine | None) -> None:
        self._showing = routine
        details = self._details
        self.start_button.setEnabled(routine is not None)
        self._show_resume()
        if routine is None:
            # Nothing to start, fit or hold: say why, and leave nothing on that cannot act.
            self._preview = None
            title, hint = self._view.nothing_chosen(self.search.text())
            self.title.setText(title)
            set_aloud(self.meta, hint)
            set_aloud(self.total_note, "")
            if details is not None:
                for widget in (details.about, details.safety, details.variant_note, details.hold_label, details.fit_note):
                    widget.clear()
                details.steps.setRowCount(0)
                details.fit_check.blockSignals(True)
                details.fit_check.setChecked(False)
                details.fit_check.blockSignals(False)
                for widget in details.acting:
                    widget.setEnabled(False)
                    widget.hide()
            return
        self.title.setText(routine.title)
        if details is not None:
            sections = [("", routine.summary), ("About", routine.about), ("What it targets", routine.targets), ("Who it suits", routine.suits), ("Tips", routine.tips)]
            details.about.setText("".join(f"<p>{f'<b>{escape(head)}.</b> ' if head else ''}{escape(body)}</p>" for head, body in sections if body))
            details.safety.setText(f"<b>Safety.</b> {escape(routine.safety)}")
            # What a routine can do, back (the variant and the step's hold as it has them).
            for widget in (details.fit_check, details.fit_minutes, details.fit_note, details.steps, details.hold_label):
                widget.show()
            details.fit_check.setEnabled(True)
            details.steps.setEnabled(True)
        self._render_preview()

    def _render_preview(self) -> None:
        """Show the selected routine as the core sees it now: the settings, its chosen
        variant, the person's holds and fit."""
        routine = self.selected_routine()
        if routine is None:
            return
        shown = previews.preview(routine, self._settings, details=self._details is not None)
        self._preview = shown
        set_aloud(self.meta, shown.meta)  # '6:08' read as a length, not a time of day
        set_aloud(self.total_note, shown.total_note)
        # The list row says what the preview says: the same timeline, variant included.
        changed = self._view.take_meta(routine.id, shown.meta)
        if changed is not None:
            self._routines.rows_changed([changed])
        if self._details is not None:
            self._show_details(shown)

    def _show_details(self, shown: RoutinePreview) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QTableWidgetItem

        details = self._details
        variant = details.variant
        variant.blockSignals(True)
        if [variant.itemData(i) for i in range(variant.count())] != [data for _name, data in shown.variant_choices] or \
                [variant.itemText(i) for i in range(variant.count())] != [name for name, _data in shown.variant_choices]:
            variant.clear()
            for name, data in shown.variant_choices:
                variant.addItem(name, data)
        variant.setCurrentIndex(max(0, variant.findData(shown.variant)) if shown.variant is not None else 0)
        variant.blockSignals(False)
        has_variants = bool(shown.variant_choices)
        variant.setVisible(has_variants)
        details.variant_label.setVisible(has_variants)
        details.variant_note.setText(shown.variant_description)
        details.variant_note.setVisible(bool(shown.variant_description))

        fit = shown.fit
        for widget in (details.fit_check, details.fit_minutes):
            widget.blockSignals(True)
        details.fit_check.setChecked(fit.on)
        details.fit_minutes.setRange(fit.minimum_minutes, fit.maximum_minutes)
        details.fit_minutes.setValue(fit.minutes)
        details.fit_minutes.setEnabled(fit.on)
        for widget in (details.fit_check, details.fit_minutes):
            widget.blockSignals(False)
        set_aloud(details.fit_note, fit.note)
        details.fit_note.setToolTip("Get-ready and switch pauses, reps, breaths and your own step holds keep their length; the holds stretch or shrink")

        steps = details.steps
        current_row = max(0, steps.currentRow())
        steps.setRowCount(len(shown.rows))
        steps.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        for row, step in enumerate(shown.rows):
            for column, text in enumerate((step.name, step.how, step.time)):
                item = QTableWidgetItem(text)
                if column == 0:
                    icon = self._step_icon(step, step.first_side, shown.routine)
                    if icon is not None:
                        item.setIcon(icon)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column > 0:  # '0:30' and '30s each side' in words, for a screen reader
                    item.setData(ACCESSIBLE_TEXT_ROLE, words.aloud(text))
                if column == 0 and step.summary:
                    item.setToolTip(plain_tooltip(step.summary))
                steps.setItem(row, column, item)
        steps.resizeRowsToContents()
        height = steps.horizontalHeader().height() + sum(steps.rowHeight(r) for r in range(steps.rowCount()))
        steps.setFixedHeight(height + 2 * steps.frameWidth())
        steps.blockSignals(True)
        steps.setCurrentCell(min(current_row, len(shown.rows) - 1), 0)
        steps.blockSignals(False)
        self._show_step_editor()

    def _step_icon(self, step, side: str | None, routine: Routine):
        """A step's picture for the table, drawn once per pose (the library's, or a routine's own) and side."""
        pose, own = step.pose, routine.poses
        if pose is None:
            return None
        key = (pose, side, own if own and pose in own.names() else None)
        if key not in self._icons:
            from PySide6.QtGui import QIcon

            from stretchdesk.ui.widgets.figure_view import thumbnail

            motion = routine.motion(step)
            ratio = self.devicePixelRatioF()
            self._icons[key] = QIcon(thumbnail(motion, THUMBNAIL, side, ratio)) if motion is not None else None
        return self._icons[key]

    def _list_icon(self, routine: Routine):
        """A routine's picture in the list: its first step's pose."""
        if not routine.steps:
            return None
        first = routine.steps[0]
        return self._step_icon(first, first.side_order[0], routine)

    def _show_icons(self) -> None:
        """Each routine's picture in the list: after the first paint, since nothing needs
        them to open the window."""
        self.list.setIconSize(QSize(LIST_THUMBNAIL, LIST_THUMBNAIL))
        self.list.forget_sizes()
        self._routines.show_icons(self._list_icon)

    def _redraw_pictures(self) -> None:
        """The scheme changed: the pictures, drawn in its colours, are drawn anew."""
        self._icons.clear()
        if self._routines.icon_for is not None:
            self._routines.show_icons(self._list_icon)
        if self._details is not None:
            self._render_preview()

    def selected_plan(self) -> StepPlan | None:
        if self._preview is None:
            return None
        row = self.steps.currentRow()
        plans = self._preview.timeline.steps
        return plans[row] if 0 <= row < len(plans) else None

    def _show_step_editor(self) -> None:
        editor = self._preview.hold_editor(self.steps.currentRow()) if self._preview is not None else None
        if editor is None:  # no step to hold: no box showing another step's time
            self.hold_label.setText("")
            for widget in (self.hold_spin, self.hold_reset):
                widget.setEnabled(False)
                widget.setVisible(False)
            return
        self.hold_label.setText(editor.text)
        # A counted step has no hold: no box at all, rather than one showing another step's value.
        self.hold_spin.setVisible(editor.editable)
        self.hold_reset.setVisible(editor.editable)
        self.hold_spin.setEnabled(editor.editable)
        self.hold_reset.setEnabled(editor.own)
        if editor.seconds is not None:
            self.hold_spin.blockSignals(True)
            self.hold_spin.setRange(editor.minimum, editor.maximum)
            self.hold_spin.setValue(editor.seconds)
            self.hold_spin.blockSignals(False)

    # -- what the person does: commands for the window to run ---------------------------

    def _variant_changed(self, *_args) -> None:
        routine = self.selected_routine()
        if routine is not None and self._details is not None:
            self.changeRequested.emit(previews.choose_variant(routine.id, self._details.variant.currentData()))

    def _step_hold_changed(self, seconds: int) -> None:
        plan, routine = self.selected_plan(), self.selected_routine()
        if plan is not None and routine is not None:
            self.changeRequested.emit(previews.set_step_hold(routine.id, plan.step.id, seconds))

    def _reset_step_hold(self) -> None:
        plan, routine = self.selected_plan(), self.selected_routine()
        if plan is not None and routine is not None:
            self.changeRequested.emit(previews.clear_step_hold(routine.id, plan.step.id))

    def _fit_changed(self, *_args) -> None:
        routine = self.selected_routine()
        if routine is not None:
            on = self.fit_check.isChecked()
            self.changeRequested.emit(previews.fit_to(routine.id, self.fit_minutes.value() if on else None))

    def _request_start(self) -> None:
        routine = self.selected_routine()
        if routine is not None:
            self.startRequested.emit(routine, self.selected_variant())

    def _request_resume(self) -> None:
        routine, offer = self.selected_routine(), self.resume_offer()
        if routine is not None and offer is not None:
            self.resumeRequested.emit(routine, offer)
