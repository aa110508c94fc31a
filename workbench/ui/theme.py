"""Light and dark themes: follow the system's colour scheme, or a manual override that persists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from workbench.ui.field_borders import BorderedFieldStyle, bordered_style, style_name
from workbench.ui.style import is_dark

SETTINGS_KEY = "appearance/theme"
"""QSettings key holding the chosen ``ThemeMode`` value."""
OVERRIDE_STYLE = "Fusion"
"""The style that draws our explicit palettes the same way on every platform; it is given
input fields with a border of 3:1 (``BorderedFieldStyle``): Fusion's own is a shade darker
than the window, nearly invisible on the dark palette."""


class ThemeMode(StrEnum):
    """What the user chose in View > Theme."""

    SYSTEM = "system"
    """Follow the operating system's light or dark scheme, live."""
    LIGHT = "light"
    """Always light."""
    DARK = "dark"
    """Always dark."""


class Scheme(StrEnum):
    """The scheme actually on screen (compares equal to ``"light"`` and ``"dark"``)."""

    LIGHT = "light"
    DARK = "dark"


MODE_LABELS: tuple[tuple[ThemeMode, str], ...] = (
    (ThemeMode.SYSTEM, "Follow system"),
    (ThemeMode.LIGHT, "Light"),
    (ThemeMode.DARK, "Dark"),
)
"""Menu labels, in menu order."""

_PaletteRoles = dict[QPalette.ColorRole, str]

_LIGHT_ROLES: _PaletteRoles = {
    QPalette.ColorRole.Window: "#efefef",
    QPalette.ColorRole.WindowText: "#1f2328",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f3f5f7",
    QPalette.ColorRole.Text: "#1f2328",
    QPalette.ColorRole.PlaceholderText: "#6e7781",
    QPalette.ColorRole.Button: "#efefef",
    QPalette.ColorRole.ButtonText: "#1f2328",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffdc",
    QPalette.ColorRole.ToolTipText: "#1f2328",
    QPalette.ColorRole.Highlight: "#0969da",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#0550ae",
    QPalette.ColorRole.LinkVisited: "#6639ba",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#f6f6f6",
    QPalette.ColorRole.Mid: "#b8b8b8",
    QPalette.ColorRole.Dark: "#9f9f9f",
    QPalette.ColorRole.Shadow: "#767676",
}
_LIGHT_DISABLED: _PaletteRoles = {
    QPalette.ColorRole.WindowText: "#8c959f",
    QPalette.ColorRole.Text: "#8c959f",
    QPalette.ColorRole.ButtonText: "#8c959f",
    QPalette.ColorRole.Base: "#efefef",
    QPalette.ColorRole.Highlight: "#919191",
}

_DARK_ROLES: _PaletteRoles = {
    QPalette.ColorRole.Window: "#2b2f35",
    QPalette.ColorRole.WindowText: "#e6edf3",
    QPalette.ColorRole.Base: "#1e2228",
    QPalette.ColorRole.AlternateBase: "#262b31",
    QPalette.ColorRole.Text: "#e6edf3",
    QPalette.ColorRole.PlaceholderText: "#8b949e",
    QPalette.ColorRole.Button: "#343a42",
    QPalette.ColorRole.ButtonText: "#e6edf3",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#343a42",
    QPalette.ColorRole.ToolTipText: "#e6edf3",
    QPalette.ColorRole.Highlight: "#1f6feb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6cb6ff",
    QPalette.ColorRole.LinkVisited: "#d2a8ff",
    QPalette.ColorRole.Light: "#4a515b",
    QPalette.ColorRole.Midlight: "#3d434c",
    QPalette.ColorRole.Mid: "#23272d",
    QPalette.ColorRole.Dark: "#16191d",
    QPalette.ColorRole.Shadow: "#0b0d0f",
}
_DARK_DISABLED: _PaletteRoles = {
    QPalette.ColorRole.WindowText: "#7d8590",
    QPalette.ColorRole.Text: "#7d8590",
    QPalette.ColorRole.ButtonText: "#7d8590",
    QPalette.ColorRole.Base: "#2b2f35",
    QPalette.ColorRole.Highlight: "#3d434c",
}


def _palette(roles: _PaletteRoles, disabled: _PaletteRoles) -> QPalette:
    palette = QPalette()
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role, colour in disabled.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    """The explicit light palette applied when the theme is Light (or the system is light)."""
    return _palette(_LIGHT_ROLES, _LIGHT_DISABLED)


def dark_palette() -> QPalette:
    """The explicit dark palette applied when the theme is Dark (or the system is dark)."""
    return _palette(_DARK_ROLES, _DARK_DISABLED)


def system_scheme(app: QGuiApplication | None = None) -> Scheme | None:
    """The scheme the operating system reports, or None when it does not say."""
    instance = app if app is not None else QGuiApplication.instance()
    if not isinstance(instance, QGuiApplication):
        return None
    scheme = instance.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return Scheme.DARK
    if scheme == Qt.ColorScheme.Light:
        return Scheme.LIGHT
    return None


def current_scheme(app: QGuiApplication | None = None) -> Scheme:
    """The scheme on screen now, judged from the application palette's window colour."""
    palette = app.palette() if app is not None else QGuiApplication.palette()
    return Scheme.DARK if is_dark(palette) else Scheme.LIGHT


class _Baseline:
    """The platform's style, noted before a theme first replaces it (None: never replaced),
    and whether an explicit palette is in place."""

    style_name: str | None = None
    explicit_palette = False


def apply_theme(app: QApplication, mode: ThemeMode) -> Scheme:
    """Apply ``mode`` to ``app`` at once; returns the scheme now on screen.

    Light and Dark set the Qt colour scheme (native title bars and dialogs follow where the
    platform supports it) and, so that the override works everywhere (including offscreen and
    platforms that ignore the hint), the Fusion style (fields bordered) with an explicit
    palette. System restores the platform's style and palette; when the platform reports a
    scheme its palette does not show (a dark system with a light palette), the matching
    explicit palette is used instead.
    """
    hints = app.styleHints()
    if mode is ThemeMode.SYSTEM:
        hints.unsetColorScheme()
        # Nothing to undo at start-up: asking for the style would cost start-up time.
        if _Baseline.style_name is not None:
            _set_style(app, _Baseline.style_name)
        if _Baseline.explicit_palette:
            app.setPalette(QPalette())  # back to the style's and platform's own palette
            _Baseline.explicit_palette = False
        wanted = system_scheme(app)
        if wanted is not None and current_scheme(app) != wanted:
            _apply_explicit(app, wanted)
        return current_scheme(app)
    scheme = Scheme.DARK if mode is ThemeMode.DARK else Scheme.LIGHT
    hints.setColorScheme(Qt.ColorScheme.Dark if scheme is Scheme.DARK else Qt.ColorScheme.Light)
    _apply_explicit(app, scheme)
    return current_scheme(app)


def _apply_explicit(app: QApplication, scheme: Scheme) -> None:
    if _Baseline.style_name is None:
        _Baseline.style_name = style_name(app.style())
    _set_style(app, OVERRIDE_STYLE)
    app.setPalette(dark_palette() if scheme is Scheme.DARK else light_palette())
    _Baseline.explicit_palette = True


def _set_style(app: QApplication, name: str) -> None:
    """Make ``name`` the application's style; Fusion always with bordered fields."""
    current = app.style()
    bordered = name.lower() == OVERRIDE_STYLE.lower()
    if style_name(current).lower() == name.lower() and (
        not bordered or isinstance(current, BorderedFieldStyle)
    ):
        return
    style = bordered_style(name) if bordered else QStyleFactory.create(name)
    if style is not None:
        app.setStyle(style)


@contextmanager
def theme_applied(app: QApplication, mode: ThemeMode) -> Iterator[Scheme]:
    """Apply ``mode`` for the ``with`` block (screenshots of both themes), then System again.

    Yields the scheme on screen. Widgets repaint on the palette change; let the event loop run
    once before grabbing them.
    """
    try:
        yield apply_theme(app, mode)
    finally:
        apply_theme(app, ThemeMode.SYSTEM)


def default_settings() -> QSettings:
    """The application's settings file, the one the window keeps its layout in."""
    from workbench.ui.settings import app_settings

    return app_settings()


class ThemeController(QObject):
    """Owns the theme choice: applies it, persists it, follows the system while on System.

    Signals:
        mode_changed(str): the user's choice changed (a ``ThemeMode`` value).
        scheme_changed(str): the scheme on screen changed (a ``Scheme`` value), whether by the
            user's choice or by the system switching between light and dark.
    """

    mode_changed = Signal(str)
    scheme_changed = Signal(str)

    def __init__(
        self,
        app: QApplication,
        settings: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._settings = settings if settings is not None else default_settings()
        self._mode = _read_mode(self._settings)
        self._scheme = current_scheme(app)
        self._applying = False
        app.styleHints().colorSchemeChanged.connect(self.on_style_hints_color_scheme_changed)

    @property
    def mode(self) -> ThemeMode:
        """The user's choice."""
        return self._mode

    @property
    def scheme(self) -> Scheme:
        """The scheme on screen."""
        return self._scheme

    def apply(self) -> Scheme:
        """Apply the stored choice (call once at start-up, before the window is shown)."""
        return self._apply()

    def set_mode(self, mode: ThemeMode | str) -> None:
        """Switch to ``mode``, apply it and remember it for the next start."""
        mode = ThemeMode(mode)
        changed = mode is not self._mode
        self._mode = mode
        self._settings.setValue(SETTINGS_KEY, mode.value)
        self._settings.sync()
        self._apply()
        if changed:
            self.mode_changed.emit(mode.value)

    @Slot(Qt.ColorScheme)
    def on_style_hints_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        """The system switched light/dark (or our own override set the hint)."""
        if self._mode is ThemeMode.SYSTEM and not self._applying:
            self._apply()

    def _apply(self) -> Scheme:
        self._applying = True  # our own hint changes must not re-enter
        try:
            scheme = apply_theme(self._app, self._mode)
        finally:
            self._applying = False
        if scheme != self._scheme:
            self._scheme = scheme
            self.scheme_changed.emit(scheme.value)
        return scheme


def _read_mode(settings: QSettings) -> ThemeMode:
    value = settings.value(SETTINGS_KEY, ThemeMode.SYSTEM.value)
    try:
        return ThemeMode(str(value))
    except ValueError:
        return ThemeMode.SYSTEM
