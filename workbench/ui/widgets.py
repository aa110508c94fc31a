"""Small widget makers shared by the panels and the window: docks, banners, splitters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QSplitter, QWidget

STATUS_MESSAGE_MS = 8000
"""How long a status-bar message stays (twice as long for failures)."""
BANNER_BACKGROUND = "#fff3cd"
BANNER_TEXT = "#5c4400"


def dock(title: str, object_name: str, widget: QWidget) -> QDockWidget:
    """A closable, movable, floatable dock holding ``widget``."""
    made = QDockWidget(title)
    made.setObjectName(object_name)
    made.setAccessibleName(title)
    made.setWidget(widget)
    made.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable
        | QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    return made


def banner(object_name: str, accessible_name: str) -> QLabel:
    """A hidden warning strip, dark text on pale yellow, word-wrapped."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    # Colours through the palette, not a style sheet, so that presenter mode enlarges it.
    colours = QPalette()
    colours.setColor(QPalette.ColorRole.Window, QColor(BANNER_BACKGROUND))
    colours.setColor(QPalette.ColorRole.WindowText, QColor(BANNER_TEXT))
    label.setPalette(colours)
    label.setAutoFillBackground(True)
    label.setFrameShape(QFrame.Shape.Box)
    label.setFrameShadow(QFrame.Shadow.Plain)
    label.setMargin(6)
    label.setVisible(False)
    return label


def splitter(orientation: Qt.Orientation, object_name: str, *parts: QWidget) -> QSplitter:
    """A splitter whose parts cannot be collapsed away, holding ``parts`` in order."""
    made = QSplitter(orientation)
    made.setObjectName(object_name)
    made.setChildrenCollapsible(False)
    for part in parts:
        made.addWidget(part)
    return made
