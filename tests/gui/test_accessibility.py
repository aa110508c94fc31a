"""Accessibility audit of the real window: names and descriptions, and a top-to-bottom tab order."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

pytestmark = pytest.mark.gui

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    QTabBar,
)
QT_INTERNAL_CLASSES = {"QLineEditIconButton", "QTableCornerButton", "QToolBarExtension"}
QT_INTERNAL_PARENTS = {"QComboBoxPrivateContainer"}
"""Parts Qt adds inside its own widgets and names for assistive tools itself."""

MAIN_CONTROLS = (
    "tokenUrlEdit",
    "clientIdEdit",
    "clientSecretEdit",
    "scopeEdit",
    "authMethodCombo",
    "bodyEncodingCombo",
    "getTokenButton",
    "requestMethodCombo",
    "requestUrlEdit",
    "sendButton",
    "cancelSendButton",
    "applyTokenCheck",
    "revealSecretsCheck",
    "responseTabs",
    "timelineView",
)
"""Controls that need an accessible description as well as a name."""


def describe(widget: QWidget) -> str:
    """objectName/class/parent, to find the widget in the code."""
    parent = widget.parentWidget()
    parent_text = (
        f"{parent.objectName() or '?'}:{parent.metaObject().className()}" if parent else "-"
    )
    return (
        f"{widget.objectName() or '(no objectName)'} / {type(widget).__name__} / in {parent_text}"
    )


def is_qt_internal(widget: QWidget) -> bool:
    """A part Qt builds inside a composite widget (named through its owner)."""
    class_name = widget.metaObject().className()
    if class_name in QT_INTERNAL_CLASSES or widget.objectName().startswith("qt_"):
        return True
    if isinstance(widget, QHeaderView):
        return True
    parent = widget.parentWidget()
    if parent is not None and parent.metaObject().className() in QT_INTERNAL_PARENTS:
        return True  # a combo box's popup list
    if isinstance(widget, QLineEdit) and isinstance(parent, QComboBox | QAbstractSpinBox):
        return True
    # QTabBar's own scroll buttons, and the QTabBar inside a QTabWidget (named through it).
    return isinstance(parent, QTabBar) and isinstance(widget, QAbstractButton)


def interactive_widgets(window: QWidget) -> list[QWidget]:
    """Every interactive or Tab-focusable widget, visible or not, without Qt's own parts."""
    found = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, INTERACTIVE) or w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    return [w for w in found if not is_qt_internal(w)]


def named(widget: QWidget) -> bool:
    """True when assistive tools get a name: its own, or its QTabWidget's for a tab bar."""
    if widget.accessibleName().strip():
        return True
    parent = widget.parentWidget()
    return isinstance(widget, QTabBar) and parent is not None and bool(parent.accessibleName())


def spoken_description(widget: QWidget) -> str:
    """The description assistive tools get (Qt falls back to the tooltip)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, describe(widget)
    return interface.text(QAccessible.Text.Description).strip()


@pytest.fixture
def window(build: Any, sandbox: Any, qtbot: Any) -> Any:
    """The demo window, shown (offscreen) so layouts and visibility are real."""
    built = build(sandbox=sandbox)
    with qtbot.waitExposed(built.window):
        built.window.show()
    return built.window


def test_every_interactive_widget_has_an_accessible_name(window: Any) -> None:
    widgets = interactive_widgets(window)
    assert len(widgets) > 20
    offenders = sorted(describe(w) for w in widgets if not named(w))
    assert not offenders, (
        f"{len(offenders)} interactive widgets have no accessibleName "
        "(objectName / class / parent):\n  " + "\n  ".join(offenders)
    )


def test_every_interactive_widget_has_an_accessible_description(window: Any) -> None:
    widgets = interactive_widgets(window)
    offenders = sorted(
        describe(w)
        for w in widgets
        if not spoken_description(w) and named(w) and not isinstance(w, QTabBar)
    )
    assert not offenders, (
        f"{len(offenders)} interactive widgets have no accessibleDescription "
        "(objectName / class / parent):\n  " + "\n  ".join(offenders)
    )


def test_main_controls_have_an_accessible_description(window: Any) -> None:
    missing = []
    for object_name in MAIN_CONTROLS:
        widget = window.findChild(QWidget, object_name)
        if widget is None:
            missing.append(f"{object_name}: not found")
        elif not spoken_description(widget):
            missing.append(f"{describe(widget)}: no accessibleDescription")
    assert not missing, "main controls without a description:\n  " + "\n  ".join(missing)


def tab_chain(window: QWidget, start: QWidget) -> list[QWidget]:
    """Widgets Tab visits from ``start``, in order, once round the focus chain."""
    chain = [start]
    widget = start.nextInFocusChain()
    while widget is not start and widget is not None:
        takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        visible = widget.isVisibleTo(window) and widget.isEnabled()
        if takes_tab and visible and widget.focusProxy() is None:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _geometry(widget: QWidget, area: QWidget) -> tuple[int, int, int]:
    """(top, vertical centre, left) of ``widget`` in ``area``'s coordinates."""
    top_left = widget.mapTo(area, QPoint(0, 0))
    return top_left.y(), top_left.y() + widget.height() // 2, top_left.x()


def reading_order_breaks(widgets: list[QWidget], area: QWidget) -> list[str]:
    """Consecutive pairs where Tab goes up, or right-to-left within one row."""
    breaks = []
    for before, after in itertools.pairwise(widgets):
        top_b, centre_b, left_b = _geometry(before, area)
        _top, centre_a, left_a = _geometry(after, area)
        same_row = abs(centre_a - centre_b) < max(before.height(), after.height()) // 2
        if (same_row and left_a < left_b) or (not same_row and centre_a < top_b):
            breaks.append(f"{describe(before)}  ->  {describe(after)}")
    return breaks


def test_tab_order_reads_the_form_then_the_token_then_the_composer(window: Any) -> None:
    chain = tab_chain(window, window.form.tokenUrlEdit)

    def section(widget: QWidget) -> str:
        for name, area in (
            ("form", window.form),
            ("token", window.token_panel),
            ("composer", window.composer),
        ):
            if widget is area or area.isAncestorOf(widget):
                return name
        return "other"

    # Tab goes round: begin where it enters the form (a header button may sit above the URL).
    sections = [section(w) for w in chain]
    entries = [i for i, s in enumerate(sections) if s == "form" and sections[i - 1] != "form"]
    if len(entries) == 1:
        chain = chain[entries[0] :] + chain[: entries[0]]
        sections = sections[entries[0] :] + sections[: entries[0]]
    names = [w.objectName() or type(w).__name__ for w in chain]
    visited = [s for i, s in enumerate(sections) if s != "other" and s not in sections[:i]]
    problems = []
    if visited[:3] != ["form", "token", "composer"]:
        problems.append(f"sections in the order {visited}, not form, token, composer")
    for name in ("form", "token", "composer"):
        positions = [i for i, s in enumerate(sections) if s == name]
        if positions and positions != list(range(positions[0], positions[-1] + 1)):
            problems.append(f"Tab leaves the {name} and comes back to it")
    form_widgets = [w for w in chain if section(w) == "form"]
    problems += [
        f"form not top to bottom: {b}" for b in reading_order_breaks(form_widgets, window.form)
    ]
    composer_line = [
        w.objectName()
        for w in chain
        if w.objectName() in ("requestMethodCombo", "requestUrlEdit", "sendButton")
    ]
    if composer_line != ["requestMethodCombo", "requestUrlEdit", "sendButton"]:
        problems.append(f"composer's first line in the order {composer_line}")
    message = "\n".join(problems) + "\nTab visits: " + ", ".join(names)
    del chain, form_widgets  # a failure's traceback must not keep widgets past the app
    assert not problems, message
