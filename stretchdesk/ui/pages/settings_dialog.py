"""The settings dialog, generated from the settings table: one field per setting, grouped
by section, with the setting's help as its tooltip. Its bounds come from the same table
the command line and the file loader check against.

It opens as tall as its fields where the screen has room, else as tall as the screen
allows: the fields then scroll, and OK, Cancel and Restore defaults stay below them."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.core import words
from stretchdesk.core.store.settings import SETTINGS, Setting, Settings
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.screen import fit_to_screen

SECTION_TITLES = {"Timing": "Timing", "Sound": "Sound and voice", "Window": "Window", "History": "History"}


class FieldsScroll(QScrollArea):
    """The fields' scroll area: never narrower than its fields with a scroll bar beside
    them, as they are now (the font and the scheme's style may widen them after it was
    made), since they do not scroll across."""

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        fields = self.widget()
        if fields is not None:
            scroll_bar = max(self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent),
                             self.verticalScrollBar().sizeHint().width())
            hint.setWidth(max(hint.width(), fields.minimumSizeHint().width() + scroll_bar + 2 * self.frameWidth()))
        return hint


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, voices: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.setMinimumWidth(520)
        theme.style(self, "page")
        self.fields: dict[str, QWidget] = {}
        self._voices = voices or []
        layout = QVBoxLayout(self)
        fields = QWidget()
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("Times apply to every routine; a routine's own choices (fit to a time, a step's hold) are in its preview. "
                       "Changes made while a routine plays apply from the next step.")
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        fields_layout.addWidget(intro)
        for section in SECTION_TITLES:
            group = QGroupBox(SECTION_TITLES[section])
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            for setting in (s for s in SETTINGS if s.section == section):
                field = self._field(setting)
                field.setToolTip(setting.help)
                field.setAccessibleName(setting.label)
                field.setAccessibleDescription(setting.help)
                self.fields[setting.key] = field
                if isinstance(field, QCheckBox):
                    form.addRow("", field)
                else:
                    label = QLabel(f"{setting.label}:")
                    label.setBuddy(field)
                    label.setToolTip(setting.help)
                    form.addRow(label, field)
            fields_layout.addWidget(group)
        fields_layout.addStretch(1)
        self.scroll = FieldsScroll()
        self.scroll.setAccessibleName("Settings")
        # Not a tab stop of its own: everything in it is a field, and Tab to a field
        # scrolls it into view.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(fields)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # As large as the fields ask for: the dialog opens showing them all where it can.
        self.scroll.setSizeAdjustPolicy(QScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setToolTip("Put every field back to its default (nothing is saved until OK)")
        self.restore_button.clicked.connect(self.restore_defaults)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.load(settings.values)
        fit_to_screen(self)

    def _field(self, setting: Setting) -> QWidget:
        if setting.kind == "bool":
            return QCheckBox(setting.label)
        if setting.kind == "int":
            spin = QSpinBox()
            spin.setRange(setting.minimum, setting.maximum)
            spin.setSuffix(words.unit_suffix(setting.unit))  # "120%", "5s", as the settings are written everywhere
            spin.setSingleStep(10 if setting.unit == "%" else 1)
            return spin
        combo = QComboBox()
        combo.setMinimumContentsLength(14)
        if setting.kind == "choice":
            for choice in setting.choices:
                combo.addItem(choice.capitalize(), choice)
        else:  # the voice
            combo.addItem("System default", "")
            for voice in self._voices:
                combo.addItem(voice, voice)
            combo.setEnabled(bool(self._voices))
        return combo

    def set_voices(self, voices: list[str]) -> None:
        """The voices, listed after the dialog opened: offered from now on, the choice kept."""
        combo = self.fields["voice_name"]
        chosen = combo.currentData()
        self._voices = list(voices)
        combo.clear()
        combo.addItem("System default", "")
        for voice in self._voices:
            combo.addItem(voice, voice)
        combo.setEnabled(bool(self._voices))
        self.load({"voice_name": chosen})

    def load(self, values: dict[str, Any]) -> None:
        for key, field in self.fields.items():
            if key not in values:
                continue
            value = values[key]
            if isinstance(field, QCheckBox):
                field.setChecked(bool(value))
            elif isinstance(field, QSpinBox):
                field.setValue(int(value))
            elif isinstance(field, QComboBox):
                index = field.findData(value)
                if index < 0:  # a voice that is not installed here: keep it, labelled
                    field.addItem(f"{value} (not available)", value)
                    index = field.count() - 1
                field.setCurrentIndex(index)

    def restore_defaults(self) -> None:
        self.load({setting.key: setting.default for setting in SETTINGS})

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, field in self.fields.items():
            if isinstance(field, QCheckBox):
                result[key] = field.isChecked()
            elif isinstance(field, QSpinBox):
                result[key] = field.value()
            elif isinstance(field, QComboBox):
                result[key] = field.currentData()
        return result


def open_settings_dialog(parent: QWidget, settings: Settings, cues, apply: Callable[[dict[str, Any]], None]) -> SettingsDialog:
    """The dialog, opened over `parent`; OK hands `apply` what the person changed in it.
    `cues` is the window's CuePlayer: its voices, listed only once asked, follow."""
    dialog = SettingsDialog(settings, cues.output.voice_names(), parent)
    cues.voicesListed.connect(dialog.set_voices)
    shown = dict(settings.values)
    # Only what the person changed in the dialog is applied: a value changed meanwhile
    # elsewhere (the command line, another window) and not touched here stays.
    dialog.accepted.connect(lambda: apply({k: v for k, v in dialog.values().items() if v != shown[k]}))
    # One is made per opening: let it go once it is closed, with what it listened to.
    dialog.finished.connect(lambda _result: cues.voicesListed.disconnect(dialog.set_voices))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
