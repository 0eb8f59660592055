"""The routine picker: every routine with its level, step count and total time; files with
problems listed with their messages; a preview of the selected routine and its Start button.

The first paint shows the list and the selected routine's title, length and Start button.
The rest of the preview (its text, variants, fit-to-time, the step table and a step's own
hold) is built just after it, or at once when something asks for one of its widgets: those
widget kinds, their enums and the rich text's layout were a third of the time to the first
paint. For the same reason the Qt namespace and the table, spin box and combo box classes
are imported where they are first used, not with this module.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.core.views import preview as previews
from stretchdesk.core.routine.library import Library
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.views.preview import RoutinePreview
from stretchdesk.core.store.settings import Settings
from stretchdesk.core.play.timeline import StepPlan
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.text import plain_label, plain_tooltip, rich_label

if TYPE_CHECKING:  # the history's modules load after the first paint
    from stretchdesk.core.views.progress import ResumeOffer

#: Where each list item keeps its routine's id: Qt.ItemDataRole.UserRole, the first role
#: Qt leaves to applications (spelled as its value so the first page needs no Qt namespace).
ROUTINE_ROLE = 0x0100
#: Routines whose totals the list works out at once (all of them in any usual library); a
#: larger library gets the rest in batches of as many, just after.
TOTALS_AT_ONCE = 200
#: The pictures of steps in the preview's table, and of routines in the list, in pixels.
THUMBNAIL = 40
LIST_THUMBNAIL = 44
#: Problems listed under the routines; `stretchdesk check` lists every one.
PROBLEMS_SHOWN = 30


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
        self.about.setAccessibleName("About this routine")
        self.safety = QLabel()
        self.safety.setWordWrap(True)
        self.safety.setTextFormat(Qt.TextFormat.RichText)
        self.safety.setObjectName("banner")
        self.safety.setAccessibleName("Safety note")
        self.safety.setStyleSheet(theme.BANNER_STYLE + "QLabel { padding: 8px; }")

        self.variant_label = QLabel("Variant:")
        self.variant = QComboBox()
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
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 8, 0)
        column_layout.addWidget(self.about)
        column_layout.addWidget(self.safety)
        column_layout.addLayout(variant_row)
        column_layout.addWidget(self.variant_note)
        column_layout.addLayout(fit_row)
        column_layout.addWidget(self.steps)
        column_layout.addLayout(hold_row)
        column_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(column)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

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
        self._library = Library()
        #: The library's routines by id, and what the search looks in (made on first search).
        self._by_id: dict[str, Routine] = {}
        self._haystacks: dict[str, str] | None = None
        #: Bumped whenever the list's totals are worked out anew, so an older batch stops.
        self._fill_generation = 0
        self._settings = Settings()
        #: The steps' pictures, drawn once: (pose, side) -> QIcon.
        self._icons: dict = {}
        #: What the preview shows of the selected routine, as the core worked it out.
        self._preview: RoutinePreview | None = None
        self._details: PreviewDetails | None = None
        #: Sessions to carry on, by routine id (from the history, after the first paint);
        #: the preview's line and Resume button, built with the first one.
        self._offers: dict[str, ResumeOffer] = {}
        self.resume_note: QLabel | None = None
        self.resume_button: QPushButton | None = None

        self.search = QLineEdit(placeholderText="Search routines")
        self.search.setClearButtonEnabled(True)
        self.search.setStyleSheet(theme.SEARCH_STYLE)
        self.search.setAccessibleName("Search routines")
        self.search.setToolTip("Filter the routines by title, focus or step name")
        self.search.textChanged.connect(self._apply_filter)

        self.list = QListWidget()
        self.list.setAccessibleName("Routines")
        self.list.setStyleSheet(theme.LIST_STYLE)
        self.list.setToolTip("Choose a routine to see its steps; double-click to start it")
        self.list.currentItemChanged.connect(self._show_selected)
        self.list.itemActivated.connect(lambda _item: self._request_start())

        # Rich text of our own (bold headings and file names); the names and messages are escaped.
        self.problems_title = rich_label(QLabel())
        theme.set_role(self.problems_title, "problem")
        self.problems = rich_label(QLabel())
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Routine files with problems")
        theme.set_role(self.problems, "problem")

        left = QWidget()
        left_layout = QVBoxLayout(left)
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
        left_layout.addWidget(self.problems_title)
        left_layout.addWidget(self.problems)

        # The preview of the selected routine: its title and length, then the details.
        self.title = plain_label(QLabel())
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Routine title")
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.8)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.meta = plain_label(QLabel())
        theme.set_role(self.meta, "muted")
        self.meta.setAccessibleName("Level, steps and total time")

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
            details = PreviewDetails(self)
            self._preview_layout.takeAt(2)  # the stretch that held their place
            self._preview_layout.insertWidget(2, details.scroll, 1)
            details.scroll.show()  # now, not when the layout's queued show comes round
            # Tab goes down the page as it reads: the list, the details top to bottom, Start
            # (built later than Start, the details would otherwise come after it).
            chain = [self.list, details.variant, details.fit_check, details.fit_minutes, details.steps,
                     details.hold_spin, details.hold_reset, self.start_button]
            for before, after in zip(chain, chain[1:]):
                QWidget.setTabOrder(before, after)
            self._details = details
            self._show_selected(self.list.currentItem())
            self._fill_icons()
        return self._details

    # -- data ---------------------------------------------------------------------------

    def set_library(self, library: Library, settings: Settings | None = None) -> None:
        previous = self.selected_routine()
        self._library = library
        self._by_id = {routine.id: routine for routine in library.routines}
        self._haystacks = None
        if settings is not None:
            self._settings = settings
        self.list.clear()
        for row, routine in enumerate(library.routines):
            # The first rows with their totals; the rest show their title now and their
            # total a moment later (see _fill_totals), so a library of thousands of
            # routines opens as fast as one of four.
            text = self._item_text(routine) if row < TOTALS_AT_ONCE else previews.row_text(
                routine, previews.level_text(routine), self._resume_text(routine))
            item = QListWidgetItem(text)
            item.setData(ROUTINE_ROLE, routine.id)
            item.setToolTip(plain_tooltip(routine.summary or routine.title))
            self.list.addItem(item)
        self._fill_totals(TOTALS_AT_ONCE, now=False)
        count = len(library.broken_files)
        self.problems_title.setVisible(bool(count))
        self.problems.setVisible(bool(count))
        if count:
            from PySide6.QtCore import Qt

            from stretchdesk.core.words import plural

            self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.problems_title.setText(f"<b>{plural(count, 'routine file')} with problems</b>")
            shown = library.problems[:PROBLEMS_SHOWN]
            lines = [f"<b>{escape(p.file_name)}</b>{escape(p.location[len(p.file):])}: {escape(p.field + ': ' if p.field else '')}{escape(p.message)}" for p in shown]
            if len(library.problems) > len(shown):
                lines.append(f"… and {len(library.problems) - len(shown)} more; <i>stretchdesk check</i> lists them all")
            self.problems.setText("<br>".join(lines))
            self.problems.setToolTip(plain_tooltip("\n".join(str(p) for p in shown)))
        self._apply_filter(self.search.text())
        self.select(previous.id if previous else (library.routines[0].id if library.routines else None))
        if self._details is not None:  # after the first paint: the pictures at once
            self._fill_icons()

    def show_loading(self) -> None:
        """Before a large library is loaded: say so, and offer nothing to start yet."""
        self.title.setText("Loading the routines…")
        self.start_button.setEnabled(False)

    def _item_text(self, routine: Routine) -> str:
        return previews.list_text(routine, self._settings, self._resume_text(routine))

    def _resume_text(self, routine: Routine) -> str:
        offer = self._offers.get(routine.id)
        return offer.text if offer is not None else ""

    # -- carrying on a session stopped early ----------------------------------------------

    def set_resume_offers(self, offers: dict[str, ResumeOffer]) -> None:
        """The routines with a session to carry on, as the core worked them out from the
        history (after the first paint): their rows say so, and the preview offers Resume."""
        changed = {key for key in offers.keys() | self._offers.keys() if offers.get(key) != self._offers.get(key)}
        self._offers = dict(offers)
        if offers and self.resume_button is None:
            self._build_resume()
        for row in range(self.list.count()):
            item = self.list.item(row)
            routine = self._by_id.get(item.data(ROUTINE_ROLE))
            if routine is not None and routine.id in changed:
                item.setText(self._item_text(routine))
        self._show_resume()

    def resume_offer(self) -> ResumeOffer | None:
        """The selected routine's session to carry on, if it has one."""
        routine = self.selected_routine()
        return self._offers.get(routine.id) if routine is not None else None

    def _build_resume(self) -> None:
        self.resume_note = plain_label(QLabel())
        self.resume_note.setAccessibleName("Session to carry on")
        self.resume_note.setStyleSheet(f"color: {theme.ACCENT_DARK}; font-weight: 600;")
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
        self._fill_totals(0)
        self._render_preview()

    def _fill_totals(self, start: int, *, now: bool = True) -> None:
        """Work out the list's totals from row `start` on: a batch now (or, unless `now`,
        once the window has had its turn), each next batch after the window's next turn, so
        it never stops answering."""
        self._fill_generation += 1
        generation = self._fill_generation

        def batch(first: int) -> None:
            if generation != self._fill_generation:
                return  # the library or the settings changed meanwhile: a newer fill runs
            last = min(first + TOTALS_AT_ONCE, self.list.count())
            for row in range(first, last):
                item = self.list.item(row)
                routine = self._by_id.get(item.data(ROUTINE_ROLE))
                if routine is not None:
                    item.setText(self._item_text(routine))
            if last < self.list.count():
                from PySide6.QtCore import QTimer

                QTimer.singleShot(0, self, lambda: batch(last))  # the page as context: gone with it

        if start < self.list.count():
            if now:
                batch(start)
            else:
                from PySide6.QtCore import QTimer

                QTimer.singleShot(0, self, lambda: batch(start))

    def select(self, routine_id: str | None) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ROUTINE_ROLE) == routine_id and not item.isHidden():
                self.list.setCurrentItem(item)
                return
        visible = [self.list.item(r) for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        self.list.setCurrentItem(visible[0] if visible else None)
        if not visible:
            self._show_selected(None, None)

    def selected_routine(self) -> Routine | None:
        item = self.list.currentItem()
        return self._by_id.get(item.data(ROUTINE_ROLE)) if item is not None else None

    def selected_variant(self) -> str | None:
        """The variant the routine plays in: the one the person chose for it."""
        routine = self.selected_routine()
        return self._settings.variant_for(routine) if routine is not None else None

    def visible_titles(self) -> list[str]:
        return [self.list.item(r).text().split("\n")[0] for r in range(self.list.count()) if not self.list.item(r).isHidden()]

    # -- behaviour ----------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        if needle and self._haystacks is None:
            self._haystacks = {
                routine.id: " ".join([routine.title, routine.summary, " ".join(routine.focus), *(s.name for s in routine.steps)]).lower()
                for routine in self._library.routines
            }
        for row in range(self.list.count()):
            item = self.list.item(row)
            hide = bool(needle) and needle not in self._haystacks.get(item.data(ROUTINE_ROLE), "")
            if item.isHidden() != hide:  # a hidden row's change re-lays the list: only real changes
                item.setHidden(hide)
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.select(None)

    def _show_selected(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        routine = self._by_id.get(current.data(ROUTINE_ROLE)) if current is not None else None
        details = self._details
        self.start_button.setEnabled(routine is not None)
        self._show_resume()
        if routine is None:
            self._preview = None
            self.title.setText("No routine matches" if self.list.count() else "No routines yet")
            self.meta.clear()
            self.total_note.clear()
            if details is not None:
                for widget in (details.about, details.safety, details.variant_note, details.hold_label, details.fit_note):
                    widget.clear()
                details.steps.setRowCount(0)
                details.variant.hide()
                details.variant_label.hide()
            return
        self.title.setText(routine.title)
        if details is not None:
            sections = [("", routine.summary), ("About", routine.about), ("What it targets", routine.targets), ("Who it suits", routine.suits), ("Tips", routine.tips)]
            details.about.setText("".join(f"<p>{f'<b>{escape(head)}.</b> ' if head else ''}{escape(body)}</p>" for head, body in sections if body))
            details.safety.setText(f"<b>Safety.</b> {escape(routine.safety)}")
        self._render_preview()

    def _render_preview(self) -> None:
        """Show the selected routine as the core sees it now: the settings, its chosen
        variant, the person's holds and fit."""
        routine = self.selected_routine()
        if routine is None:
            return
        shown = previews.preview(routine, self._settings, details=self._details is not None)
        self._preview = shown
        self.meta.setText(shown.meta)
        self.total_note.setText(shown.total_note)
        # The list row says what the preview says: the same timeline, variant included.
        item = self.list.currentItem()
        if item is not None:
            item.setText(previews.row_text(routine, shown.meta, self._resume_text(routine)))
        if self._details is not None:
            self._show_details(shown)

    def _show_details(self, shown: RoutinePreview) -> None:
        from PySide6.QtCore import QSize, Qt
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
        details.fit_note.setText(fit.note)
        details.fit_note.setToolTip("Get-ready and switch pauses, reps, breaths and your own step holds keep their length; the holds stretch or shrink")

        steps = details.steps
        current_row = max(0, steps.currentRow())
        steps.setRowCount(len(shown.rows))
        steps.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        for row, step in enumerate(shown.rows):
            for column, text in enumerate((step.name, step.how, step.time)):
                item = QTableWidgetItem(text)
                if column == 0:
                    icon = self._step_icon(step.pose, step.first_side, shown.routine.poses)
                    if icon is not None:
                        item.setIcon(icon)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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

    def _step_icon(self, pose: str | None, side: str | None, own=None):
        """A step's picture for the table, drawn once per pose (the library's, or a routine's own) and side."""
        if pose is None:
            return None
        key = (pose, side, own if own and pose in own.names() else None)
        if key not in self._icons:
            from PySide6.QtGui import QIcon

            from stretchdesk.core.routine.poses import motion_for
            from stretchdesk.ui.widgets.figure_view import thumbnail

            motion = motion_for(pose, own)
            ratio = self.devicePixelRatioF()
            self._icons[key] = QIcon(thumbnail(motion, THUMBNAIL, side, ratio)) if motion is not None else None
        return self._icons[key]

    def _fill_icons(self) -> None:
        """Each routine's picture (its first step's pose) in the list: after the first paint,
        since nothing needs them to open the window."""
        from PySide6.QtCore import QSize

        self.list.setIconSize(QSize(LIST_THUMBNAIL, LIST_THUMBNAIL))
        for row in range(self.list.count()):
            item = self.list.item(row)
            routine = self._by_id.get(item.data(ROUTINE_ROLE))
            if routine is not None and routine.steps:
                first = routine.steps[0]
                icon = self._step_icon(first.pose, first.side_order[0], routine.poses)
                if icon is not None:
                    item.setIcon(icon)

    def selected_plan(self) -> StepPlan | None:
        if self._preview is None:
            return None
        row = self.steps.currentRow()
        plans = self._preview.timeline.steps
        return plans[row] if 0 <= row < len(plans) else None

    def _show_step_editor(self) -> None:
        editor = self._preview.hold_editor(self.steps.currentRow()) if self._preview is not None else None
        if editor is None:
            self.hold_label.setText("")
            for widget in (self.hold_spin, self.hold_reset):
                widget.setEnabled(False)
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
