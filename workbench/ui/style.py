"""Colours and fonts shared by the panels: HTTP status classes and token states, light and dark."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from workbench.core.http import Exchange
from workbench.core.problems import Problem, ProblemKind


class Tone(StrEnum):
    """A meaning that has a colour: an HTTP status class, a transport failure, a token state."""

    SUCCESS = "success"
    """2xx."""
    REDIRECT = "redirect"
    """3xx."""
    CLIENT_ERROR = "client-error"
    """4xx."""
    SERVER_ERROR = "server-error"
    """5xx."""
    INFORMATIONAL = "informational"
    """1xx or anything outside 100-599."""
    FAILURE = "failure"
    """No HTTP answer at all (refused, DNS, TLS, timeout) or a cancel."""
    FRESH = "fresh"
    """A token with plenty of life left."""
    EXPIRING = "expiring"
    """A token in its last 10 % or last minute."""
    EXPIRED = "expired"
    """A lapsed token."""
    UNKNOWN = "unknown"
    """A token of unknown lifetime, or nothing to say."""
    ERROR = "error"
    """A field or an action that cannot work as it is (a form's ✖ message)."""
    WARNING = "warning"
    """Something that works but deserves a second look (a form's ⚠ message, secrets in clear)."""


_LIGHT: dict[Tone, str] = {
    Tone.SUCCESS: "#116329",
    Tone.REDIRECT: "#0550ae",
    Tone.CLIENT_ERROR: "#9a4a00",
    Tone.SERVER_ERROR: "#b3130a",
    Tone.INFORMATIONAL: "#57606a",
    Tone.FAILURE: "#a40e26",
    Tone.FRESH: "#116329",
    Tone.EXPIRING: "#7d4e00",
    Tone.EXPIRED: "#b3130a",
    Tone.UNKNOWN: "#57606a",
    Tone.ERROR: "#b3130a",
    Tone.WARNING: "#7d4e00",
}
"""Colours with at least 4.5:1 contrast on white and on the grey windows of light themes
(down to #e0e0e0; tests/gui/test_theme.py checks them against the palettes we apply)."""

_DARK: dict[Tone, str] = {
    Tone.SUCCESS: "#57d364",
    Tone.REDIRECT: "#6cb6ff",
    Tone.CLIENT_ERROR: "#f0a04b",
    Tone.SERVER_ERROR: "#ff7b72",
    Tone.INFORMATIONAL: "#a8b1bb",
    Tone.FAILURE: "#ff8e8e",
    Tone.FRESH: "#57d364",
    Tone.EXPIRING: "#e3b341",
    Tone.EXPIRED: "#ff7b72",
    Tone.UNKNOWN: "#a8b1bb",
    Tone.ERROR: "#ff7b72",
    Tone.WARNING: "#e3b341",
}
"""Colours with at least 4.5:1 contrast on the dark greys of dark themes (up to #3a3a3a)."""


TONE_PROPERTY = "workbenchTone"
"""The dynamic property holding the tone ``set_tone`` gave a widget's text."""


def tone_for_status(status: int | None) -> Tone:
    """The tone of an HTTP status code; None (no answer) is a failure."""
    if status is None:
        return Tone.FAILURE
    if 200 <= status < 300:
        return Tone.SUCCESS
    if 300 <= status < 400:
        return Tone.REDIRECT
    if 400 <= status < 500:
        return Tone.CLIENT_ERROR
    if 500 <= status < 600:
        return Tone.SERVER_ERROR
    return Tone.INFORMATIONAL


def exchange_tone(exchange: Exchange) -> Tone:
    """The tone of an exchange: its status class, or a failure when no answer came."""
    if exchange.response is None:
        return Tone.FAILURE
    return tone_for_status(exchange.response.status)


def answer_tone(exchange: Exchange, problem: Problem | None) -> Tone:
    """The tone of an answer as it matters: its status class, except a 2xx that carried a web
    page where data was expected (a proxy's or a captive portal's), which is a client error."""
    if exchange.ok and problem is not None and problem.kind is ProblemKind.WEB_PAGE:
        return Tone.CLIENT_ERROR
    return exchange_tone(exchange)


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette's window background is dark (the application's when None)."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def tone_colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    """The colour for ``tone``, readable on ``palette``'s background (light or dark)."""
    table = _DARK if is_dark(palette) else _LIGHT
    return QColor(table[tone])


def set_tone(
    widget: QWidget,
    tone: Tone | None,
    palette: QPalette | None = None,
    *,
    bold: bool | None = None,
) -> None:
    """Colour ``widget``'s text for ``tone`` (None: back to the palette's own), chosen to suit
    ``palette`` (light or dark; the application's when None). The tone is remembered on the
    widget, so that ``retone`` colours it again for another theme. With ``bold`` given, make the
    text bold or not (None leaves the font alone)."""
    widget.setProperty(TONE_PROPERTY, "" if tone is None else tone.value)
    set_text_colour(widget, None if tone is None else tone_colour(tone, palette), bold=bold)


def retone(root: QWidget, palette: QPalette | None = None) -> None:
    """Colour again, for ``palette`` (a new theme), every widget in ``root`` given a tone."""
    for widget in root.findChildren(QWidget):
        value = widget.property(TONE_PROPERTY)
        if value:
            set_text_colour(widget, tone_colour(Tone(value), palette))


def set_text_colour(
    widget: QWidget, colour: QColor | str | None, *, bold: bool | None = None
) -> None:
    """Colour ``widget``'s text (None: back to the palette's own); ``bold`` as in ``set_tone``.

    Through the widget's palette and a weight-only font rather than a style sheet: a style
    sheet would freeze the font, so the text would not grow with the window's (presenter
    mode enlarges it).
    """
    colours = QPalette()
    if colour is not None:
        colours.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        colours.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(colours)
    if bold is not None:
        font = QFont()  # only the weight is set: family and size follow the window
        if bold:
            font.setBold(True)
        widget.setFont(font)


def text_colour(widget: QWidget) -> QColor:
    """The colour ``widget`` draws its text in now."""
    return widget.palette().color(QPalette.ColorRole.WindowText)


def monospace_font() -> QFont:
    """The system's fixed-width font, for wire text, JSON and tokens."""
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class SyntaxColours:
    """Colours for JSON highlighting, chosen for the current palette."""

    def __init__(self, palette: QPalette | None = None) -> None:
        dark = is_dark(palette)
        self.key = QColor("#79c0ff" if dark else "#0550ae")
        self.string = QColor("#a5d6ff" if dark else "#0a3069")
        self.number = QColor("#f0a04b" if dark else "#953800")
        self.literal = QColor("#d2a8ff" if dark else "#6639ba")
        self.punctuation = QColor("#a8b1bb" if dark else "#57606a")
