"""The flow diagram: your app, the authorization server and the API, with an arrow per message."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QSizePolicy, QToolTip, QWidget

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.ui.flow_arrows import ACTOR_NAMES, ACTOR_SHORT_NAMES, Actor, Arrow, arrows_for
from workbench.ui.style import tone_colour

DEFAULT_MAX_VISIBLE = 12
"""At most this many arrows are drawn at once; older ones are a scroll away."""
MAX_ARROWS = 1000
"""The diagram keeps this many arrows (500 exchanges); the oldest drop off."""
PRESENTER_SCALE = 1.6
"""How much larger the type is in presenter mode."""


class FlowDiagram(QWidget):
    """Three lanes (your app, the authorization server, the API) and an arrow per message.

    Arrows are added live with ``add_exchange``; the newest are shown (at most
    ``max_visible``), older ones a scroll away. Clicking an arrow (or Enter on the selected
    one) emits ``exchange_clicked``. ``set_presenter_mode`` enlarges the type and thickens
    the lines for a projector.

    Signals:
        exchange_clicked(object, object): the ``Exchange`` and ``Problem | None`` of the
            arrow clicked, for the window to select it in the timeline and open it.
    """

    exchange_clicked = Signal(object, object)

    def __init__(self, parent: QWidget | None = None, *, max_visible: int = DEFAULT_MAX_VISIBLE):
        super().__init__(parent)
        self.setObjectName("flowDiagram")
        self.setAccessibleName("Flow diagram")
        self.setAccessibleDescription(
            "Messages between your app, the authorization server and the API, oldest at the top"
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._arrows: list[Arrow] = []
        self._token_exchanges = 0
        self._max_visible = max(1, max_visible)
        self._presenter = False
        self._enlarge_type = True
        self._selected: int | None = None
        self._hovered: int | None = None
        self._scroll = QScrollBar(Qt.Orientation.Vertical, self)
        self._scroll.setObjectName("flowDiagramScrollBar")
        self._scroll.setAccessibleName("Scroll the flow diagram")
        self._scroll.setRange(0, 0)
        self._scroll.valueChanged.connect(self.on_scroll_value_changed)
        self._scroll.hide()

    # ----------------------------------------------------------------- API

    def add_exchange(self, exchange: Exchange, problem: Problem | None) -> None:
        """Draw the request and the answer of ``exchange``; follow the newest when at the end."""
        self.add_exchanges(((exchange, problem),))

    def add_exchanges(self, recorded: Iterable[tuple[Exchange, Problem | None]]) -> None:
        """Draw the request and the answer of each exchange of ``recorded`` (oldest first) and
        repaint once; follow the newest when at the end."""
        at_end = self._scroll.value() >= self._scroll.maximum()
        for exchange, problem in recorded:
            self._arrows.extend(arrows_for(exchange, problem, tokens_before=self._token_exchanges))
            if exchange.kind is ExchangeKind.TOKEN:
                self._token_exchanges += 1
        overflow = len(self._arrows) - MAX_ARROWS
        if overflow > 0:
            del self._arrows[:overflow]
            self._selected = _shifted(self._selected, overflow)
            self._hovered = None
        self._update_scroll_range()
        if at_end:
            self._scroll.setValue(self._scroll.maximum())
        self._announce(len(self._arrows) - 1)
        self.update()

    def clear(self) -> None:
        """Remove every arrow."""
        self._arrows.clear()
        self._token_exchanges = 0
        self._selected = self._hovered = None
        self._update_scroll_range()
        self.setAccessibleDescription("No messages yet")
        self.update()

    def arrows(self) -> list[Arrow]:
        """Every arrow kept, oldest first."""
        return list(self._arrows)

    def count(self) -> int:
        """How many arrows are kept."""
        return len(self._arrows)

    @property
    def max_visible(self) -> int:
        """The most arrows drawn at once."""
        return self._max_visible

    def set_max_visible(self, count: int) -> None:
        """Draw at most ``count`` arrows at once."""
        self._max_visible = max(1, count)
        self._update_scroll_range()
        self.update()

    def visible_range(self) -> range:
        """Indexes (into ``arrows()``) of the arrows drawn now."""
        first = self._scroll.value()
        return range(first, min(len(self._arrows), first + self._visible_rows()))

    def arrow_rect(self, index: int) -> QRect:
        """Where arrow ``index`` is drawn (its caption and line); empty when scrolled away."""
        if index not in self.visible_range():
            return QRect()
        arrow = self._arrows[index]
        row_top = self._row_top(index - self._scroll.value())
        left, right = sorted((self._lane_x(arrow.source), self._lane_x(arrow.target)))
        line = QRectF(left, row_top, right - left, self._row_height())
        caption_box, _shown = self._caption_layout(index, row_top)
        return line.united(caption_box).toAlignedRect()

    def arrow_at(self, x: float, y: float) -> int | None:
        """The index of the arrow drawn at ``(x, y)``, if any."""
        for index in self.visible_range():
            if self.arrow_rect(index).contains(round(x), round(y)):
                return index
        return None

    def scroll_to(self, index: int) -> None:
        """Scroll so that arrow ``index`` is drawn."""
        visible = self.visible_range()
        if index in visible:
            return
        if index < visible.start:
            self._scroll.setValue(index)
        else:
            self._scroll.setValue(index - self._visible_rows() + 1)

    def selected_index(self) -> int | None:
        """The arrow last clicked or chosen with the keyboard."""
        return self._selected

    @property
    def presenter_mode(self) -> bool:
        """True while the diagram is drawn for a projector."""
        return self._presenter

    def set_presenter_mode(self, enabled: bool, *, enlarge_type: bool = True) -> None:
        """Larger type, thicker lines and captions in the strongest text colour.

        ``enlarge_type`` False keeps the font as inherited: for a window that enlarges every
        font itself (``workbench.ui.presenter``), so the type is not enlarged twice.
        """
        self._presenter = bool(enabled)
        self._enlarge_type = enlarge_type
        self._update_scroll_range()
        self.updateGeometry()
        self.update()

    def caption_font(self) -> QFont:
        """The font captions are drawn in (larger in presenter mode)."""
        font = QFont(self.font())
        size = font.pointSizeF()
        if size <= 0:
            size = 10.0
        if self._presenter:
            if self._enlarge_type:
                font.setPointSizeF(size * PRESENTER_SCALE)
            font.setBold(True)
        return font

    def actor_font(self) -> QFont:
        """The font of the actors' names."""
        font = self.caption_font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Room for the actors and about eight arrows."""
        return QSize(720, round(self._header_height() + 8 * self._row_height() + 16))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Room for the actors and two arrows."""
        return QSize(360, round(self._header_height() + 2 * self._row_height() + 16))

    # ----------------------------------------------------------------- slots

    @Slot(int)
    def on_scroll_value_changed(self, _value: int) -> None:
        """Redraw the arrows now in view."""
        self._hovered = None
        self.update()

    # ----------------------------------------------------------------- geometry

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.caption_font())

    def _row_height(self) -> float:
        return self._metrics().height() * 2.4

    def _header_height(self) -> float:
        return QFontMetrics(self.actor_font()).height() * 2.2 + 12

    def _margin(self) -> float:
        return 12.0

    def _drawing_width(self) -> float:
        scroll = self._scroll.sizeHint().width() if self._scroll.isVisible() else 0
        return max(1.0, self.width() - scroll)

    def _lane_x(self, actor: Actor) -> float:
        margin = self._margin()
        usable = self._drawing_width() - 2 * margin
        return margin + usable * (2 * int(actor) + 1) / 6

    def _row_top(self, row: int) -> float:
        return self._header_height() + 6 + row * self._row_height()

    def _visible_rows(self) -> int:
        room = self.height() - self._header_height() - 6
        fits = max(1, math.floor(room / self._row_height())) if room > 0 else 1
        return min(self._max_visible, fits)

    def _update_scroll_range(self) -> None:
        hidden = max(0, len(self._arrows) - self._visible_rows())
        self._scroll.setRange(0, hidden)
        self._scroll.setPageStep(self._visible_rows())
        self._scroll.setVisible(hidden > 0)
        self._place_scroll_bar()

    def _place_scroll_bar(self) -> None:
        width = self._scroll.sizeHint().width()
        self._scroll.setGeometry(self.width() - width, 0, width, self.height())

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Actors, lifelines, then the arrows in view."""
        del event
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            palette = self.palette()
            painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
            self._paint_actors(painter, palette)
            if not self._arrows:
                self._paint_empty(painter, palette)
            first = self._scroll.value()
            for index in self.visible_range():
                self._paint_arrow(painter, palette, index, index - first)
        finally:
            painter.end()

    def _paint_actors(self, painter: QPainter, palette: QPalette) -> None:
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        line = QColor(text_colour)
        line.setAlphaF(0.35 if not self._presenter else 0.6)
        header = self._header_height()
        width = min(self._drawing_width() / 3 - 16, 260.0)
        font, names = self._actor_labels(math.floor(width) - 10)
        painter.setFont(font)
        for actor in Actor:
            x = self._lane_x(actor)
            box = QRectF(x - width / 2, 6, width, header - 12)
            painter.setPen(QPen(text_colour, 2 if self._presenter else 1))
            painter.setBrush(QBrush(palette.color(QPalette.ColorRole.AlternateBase)))
            painter.drawRoundedRect(box, 6, 6)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, names[actor])
            painter.setPen(QPen(line, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, header), QPointF(x, self.height()))

    def _actor_labels(self, room: int) -> tuple[QFont, dict[Actor, str]]:
        """The largest font and the fullest names that fit boxes ``room`` pixels wide."""
        room = max(10, room)
        base = self.actor_font()
        font = QFont(base)
        for names in (ACTOR_NAMES, ACTOR_SHORT_NAMES):
            for scale in (1.0, 0.85, 0.7):
                font = QFont(base)
                font.setPointSizeF(base.pointSizeF() * scale)
                metrics = QFontMetrics(font)
                if all(metrics.horizontalAdvance(name) <= room for name in names.values()):
                    return font, dict(names)
        metrics = QFontMetrics(font)
        return font, {
            actor: metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
            for actor, name in ACTOR_SHORT_NAMES.items()
        }

    def _paint_empty(self, painter: QPainter, palette: QPalette) -> None:
        colour = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(colour)
        painter.setFont(self.caption_font())
        area = QRectF(0, self._header_height() + 8, self._drawing_width(), self._row_height() * 2)
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            "Get a token or send a request: each message appears here as an arrow.",
        )

    def _paint_arrow(self, painter: QPainter, palette: QPalette, index: int, row: int) -> None:
        arrow = self._arrows[index]
        colour = tone_colour(arrow.tone, palette)
        top = self._row_top(row)
        height = self._row_height()
        start_x, end_x = self._lane_x(arrow.source), self._lane_x(arrow.target)
        line_y = top + height * 0.72
        if index in (self._selected, self._hovered):
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlphaF(0.28 if index == self._selected else 0.12)
            painter.fillRect(QRectF(self.arrow_rect(index)), highlight)
        width = 3.5 if self._presenter else 2.0
        style = Qt.PenStyle.DashLine if arrow.exchange.response is None else Qt.PenStyle.SolidLine
        painter.setPen(QPen(colour, width, style, Qt.PenCapStyle.RoundCap))
        head = 9.0 if not self._presenter else 14.0
        direction = 1.0 if end_x > start_x else -1.0
        tip = QPointF(end_x - direction * 2, line_y)
        painter.drawLine(QPointF(start_x + direction * 2, line_y), tip)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(
            QPolygonF(
                [
                    tip,
                    QPointF(tip.x() - direction * head, line_y - head / 2),
                    QPointF(tip.x() - direction * head, line_y + head / 2),
                ]
            )
        )
        font = self.caption_font()
        painter.setFont(font)
        text_colour = palette.color(QPalette.ColorRole.WindowText) if self._presenter else colour
        painter.setPen(text_colour)
        text_box, shown = self._caption_layout(index, top)
        if index not in (self._selected, self._hovered):
            # Lifelines pass behind the caption, not through it.
            painter.fillRect(text_box, palette.color(QPalette.ColorRole.Base))
        painter.drawText(
            text_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, shown
        )

    def _caption_layout(self, index: int, top: float) -> tuple[QRectF, str]:
        """The caption's box and text: centred on its arrow, spilling past the lanes when long
        (each row holds one arrow, so there is room), elided only beyond the whole width."""
        arrow = self._arrows[index]
        metrics = QFontMetrics(self.caption_font())
        caption = f"{index + 1}. {arrow.caption}"
        margin = self._margin()
        room = max(20.0, self._drawing_width() - 2 * margin)
        shown = metrics.elidedText(caption, Qt.TextElideMode.ElideRight, math.floor(room))
        width = min(room, metrics.horizontalAdvance(shown) + 8.0)
        centre = (self._lane_x(arrow.source) + self._lane_x(arrow.target)) / 2
        left = min(max(margin, centre - width / 2), margin + room - width)
        line_y = top + self._row_height() * 0.72
        return QRectF(left, top + 2, width, line_y - top - 4), shown

    # ----------------------------------------------------------------- input

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """Keep the newest arrows in view and the scroll bar on the right."""
        at_end = self._scroll.value() >= self._scroll.maximum()
        super().resizeEvent(event)
        self._update_scroll_range()
        if at_end:
            self._scroll.setValue(self._scroll.maximum())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Clicking an arrow selects it and emits ``exchange_clicked``."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        index = self.arrow_at(event.position().x(), event.position().y())
        if index is None:
            super().mousePressEvent(event)
            return
        self._choose(index)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Highlight the arrow under the pointer."""
        index = self.arrow_at(event.position().x(), event.position().y())
        if index != self._hovered:
            self._hovered = index
            self.setCursor(
                Qt.CursorShape.PointingHandCursor
                if index is not None
                else Qt.CursorShape.ArrowCursor
            )
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """No hover highlight once the pointer has gone."""
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        """The wheel scrolls the arrows."""
        if not self._scroll.isVisible():
            super().wheelEvent(event)
            return
        steps = round(event.angleDelta().y() / 120)
        if steps:
            self._scroll.setValue(self._scroll.value() - steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Up and Down move the selection; Enter or Space open the selected arrow."""
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._arrows:
            step = -1 if key == Qt.Key.Key_Up else 1
            current = self._selected if self._selected is not None else len(self._arrows)
            self._selected = min(len(self._arrows) - 1, max(0, current + step))
            self.scroll_to(self._selected)
            self._announce(self._selected)
            self.update()
            event.accept()
            return
        opens = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if opens and self._selected is not None:
            self._choose(self._selected)
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Tooltips give each arrow's full caption."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.arrow_at(event.pos().x(), event.pos().y())
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self._arrows[index].description, self)
            return True
        return super().event(event)

    def _choose(self, index: int) -> None:
        self._selected = index
        arrow = self._arrows[index]
        self._announce(index)
        self.update()
        self.exchange_clicked.emit(arrow.exchange, arrow.problem)

    def _announce(self, index: int) -> None:
        arrow = self._arrows[index]
        self.setAccessibleDescription(
            f"Message {index + 1} of {len(self._arrows)}: {arrow.description}"
        )


def _shifted(index: int | None, by: int) -> int | None:
    if index is None or index - by < 0:
        return None
    return index - by
