"""The window's pages, one on show at a time: the library from the start, each other page
built the first time it is asked for (so the first paint has only the library to draw);
the window-wide keys handed to the page on show; and the page a page opened over another
(the History page) goes back to."""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtWidgets import QStackedWidget, QWidget

Page = TypeVar("Page", bound=QWidget)


class PageStack(QStackedWidget):
    def __init__(self, first: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.addWidget(first)
        self._built: dict[str, QWidget] = {}
        #: The page on show when a page was opened over it, for back().
        self._under: QWidget | None = None

    def page(self, name: str, build: Callable[[], Page]) -> Page:
        """The page called `name`, built and added the first time it is asked for."""
        if name not in self._built:
            self._built[name] = build()
            self.addWidget(self._built[name])
        return self._built[name]

    def built(self, name: str) -> QWidget | None:
        """The page called `name` if it has been built."""
        return self._built.get(name)

    def answers(self, key: str) -> bool:
        """Whether the page on show has a use for this window-wide key."""
        return key in self.currentWidget().page_keys()

    def page_key(self, key: str) -> None:
        """A window-wide key (Space, Esc, the arrows): the page on show answers it, or not
        (each page says which it answers in page_keys())."""
        handler = self.currentWidget().page_keys().get(key)
        if handler is not None:
            handler()

    def show_page(self, page: QWidget, focus: QWidget | None = None) -> None:
        """Show `page`, with the keyboard's focus on `focus` (or the page itself)."""
        self.setCurrentWidget(page)
        (focus or page).setFocus()

    def open_over(self, page: QWidget, focus: QWidget | None = None) -> None:
        """Show `page` over the page on show, which back() then gives (opened again while
        on show, it still goes back to where it was first opened from)."""
        if self.currentWidget() is not page:
            self._under = self.currentWidget()
        self.show_page(page, focus)

    def back(self) -> QWidget | None:
        """The page the last page opened over was opened from, if any; forgotten."""
        under, self._under = self._under, None
        return under
