"""Input fields with a border that stands out (WCAG 1.4.11), in every theme and presenting."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionComplex,
    QTextEdit,
    QWidget,
)

BORDER_MINIMUM = 3.0
"""WCAG 1.4.11: what identifies a control (an input field's border) needs 3:1 against what is
next to it."""
BORDER_TARGET = 3.3
"""The contrast ``field_border_colour`` aims at: the minimum with a margin for rounding."""
INPUT_FIELD_TYPES = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)
"""The input fields (and text views) that get the border."""
_BACKGROUND_ROLES = (QPalette.ColorRole.Base, QPalette.ColorRole.Window, QPalette.ColorRole.Button)
"""Inside a field (Base; a plain combo box is a Button) and around it (Window)."""
_BLEND_STEPS = 20


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def field_border_colour(palette: QPalette) -> QColor:
    """The border for input fields painted with ``palette``: the window's colour moved toward
    the text's just far enough for ``BORDER_TARGET`` against the field's inside and the window
    around it (the text's own colour when nothing short of it does)."""
    return QColor.fromRgba(
        _border_rgba(
            palette.color(QPalette.ColorRole.Text).rgba(),
            tuple(palette.color(role).rgba() for role in _BACKGROUND_ROLES),
        )
    )


@lru_cache(maxsize=32)
def _border_rgba(text: int, backgrounds: tuple[int, ...]) -> int:
    start, end = QColor.fromRgba(backgrounds[1]), QColor.fromRgba(text)
    colours = [QColor.fromRgba(background) for background in backgrounds]
    for step in range(1, _BLEND_STEPS + 1):
        share = step / _BLEND_STEPS
        blend = QColor.fromRgbF(
            start.redF() + (end.redF() - start.redF()) * share,
            start.greenF() + (end.greenF() - start.greenF()) * share,
            start.blueF() + (end.blueF() - start.blueF()) * share,
        )
        if all(contrast_ratio(blend, colour) >= BORDER_TARGET for colour in colours):
            return blend.rgba()
    return end.rgba()


class BorderedFieldStyle(QProxyStyle):
    """A style (Fusion for the Light and Dark themes) with a border of ``field_border_colour``
    drawn around input fields; the focused one keeps the style's focus frame. A proxy style
    rather than a style sheet, which would cut the fields off the window's palette and font."""

    def drawPrimitive(  # noqa: N802 - Qt API
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """The style's drawing, then the border around a line edit."""
        super().drawPrimitive(element, option, painter, widget)
        if element == QStyle.PrimitiveElement.PE_FrameLineEdit:
            _draw_border(option, painter)

    def drawComplexControl(  # noqa: N802 - Qt API
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """The style's drawing, then the border around a combo box or a spin box."""
        super().drawComplexControl(control, option, painter, widget)
        if control in (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox):
            _draw_border(option, painter)

    def drawControl(  # noqa: N802 - Qt API
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """The style's drawing, then the border around a text view's frame."""
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_ShapedFrame and isinstance(
            widget, QPlainTextEdit | QTextEdit
        ):
            _draw_border(option, painter)


def _draw_border(option: QStyleOption, painter: QPainter) -> None:
    if option.state & QStyle.StateFlag.State_HasFocus:
        return  # the style's focus frame, in the highlight colour, says more
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(field_border_colour(option.palette))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
    painter.restore()


def bordered_style(name: str) -> BorderedFieldStyle:
    """The style called ``name`` (Fusion when Qt has none by that name), with bordered input
    fields."""
    base = QStyleFactory.create(name) or QStyleFactory.create("Fusion")
    return BorderedFieldStyle(base)


def style_name(style: QStyle) -> str:
    """The name of ``style``, or of the style it wraps (a proxy style has no name of its own)."""
    if isinstance(style, QProxyStyle) and style.baseStyle() is not None:
        return style.baseStyle().name()
    return style.name()


def input_fields(window: QWidget) -> list[QWidget]:
    """The input fields and text views in ``window`` (``INPUT_FIELD_TYPES``), not those
    inside another field (a spin box's line edit)."""
    return [
        widget
        for widget in window.findChildren(QWidget)
        if isinstance(widget, INPUT_FIELD_TYPES)
        and not isinstance(widget.parentWidget(), INPUT_FIELD_TYPES)
    ]
