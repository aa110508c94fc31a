"""Presenter mode: large type, high contrast, and every secret masked whatever was revealed."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from workbench.ui.field_borders import BorderedFieldStyle, bordered_style, input_fields, style_name
from workbench.ui.style import is_dark

PRESENTER_SCALE = 1.6
"""How much larger the type is in presenter mode."""
REVEAL_CONTROL_NAMES = (
    "revealSecretsCheck",
    "revealTokenCheck",
    "revealSecretCheck",
    "revealRequestSecretsCheck",
)
"""Object names of the toggles that show secrets in clear: the response viewer's "Reveal
secrets", the token panel's "Reveal", the credential form's "Show" and the composer's
"Reveal"."""
SECRET_EDIT_NAMES = ("clientSecretEdit",)
"""Line edits that hold a secret: kept in password echo while presenting."""
STATE_OBJECT_NAME = "presenterModeState"
_SIZE_RESOLVED = 0x2
"""``QFont::SizeResolved``: the font sets its own size (PySide6 does not name the flag)."""


@runtime_checkable
class RevealLockable(Protocol):
    """A widget that can show a secret and can be told not to (implemented where useful)."""

    def set_reveal_locked(self, locked: bool) -> None:
        """While locked: show every secret masked and refuse to reveal it."""
        ...


@runtime_checkable
class PresenterAware(Protocol):
    """A widget with its own presenter look (the flow diagram)."""

    def set_presenter_mode(self, enabled: bool, *, enlarge_type: bool = True) -> None:
        """Draw for a projector, or normally; ``enlarge_type`` False when fonts are enlarged
        for it already."""
        ...


def presenter_font(font: QFont, scale: float = PRESENTER_SCALE) -> QFont:
    """``font`` enlarged by ``scale`` (point or pixel sized)."""
    bigger = QFont(font)
    if font.pointSizeF() > 0:
        bigger.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        bigger.setPixelSize(round(font.pixelSize() * scale))
    return bigger


def high_contrast_palette(dark: bool = False) -> QPalette:
    """Black on white (or white on black when ``dark``), with strong highlight and links."""
    foreground = QColor("#ffffff" if dark else "#000000")
    background = QColor("#000000" if dark else "#ffffff")
    button = QColor("#1c1c1c" if dark else "#ececec")
    palette = QPalette(button, background)
    roles = {
        QPalette.ColorRole.Window: background,
        QPalette.ColorRole.Base: background,
        QPalette.ColorRole.AlternateBase: QColor("#141414" if dark else "#f2f2f2"),
        QPalette.ColorRole.WindowText: foreground,
        QPalette.ColorRole.Text: foreground,
        QPalette.ColorRole.ButtonText: foreground,
        QPalette.ColorRole.BrightText: foreground,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ToolTipBase: background,
        QPalette.ColorRole.ToolTipText: foreground,
        QPalette.ColorRole.Highlight: QColor("#ffd60a" if dark else "#0037a6"),
        QPalette.ColorRole.HighlightedText: QColor("#000000" if dark else "#ffffff"),
        QPalette.ColorRole.Link: QColor("#8ab4ff" if dark else "#0033cc"),
        QPalette.ColorRole.PlaceholderText: QColor("#c8c8c8" if dark else "#3c3c3c"),
    }
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in roles.items():
            palette.setColor(group, role, colour)
    disabled = QColor("#9a9a9a" if dark else "#595959")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(QPalette.ColorGroup.Disabled, role, background)
    return palette


class PresenterMode(QObject):
    """The presenter-mode state of one window: what was changed, to put it back.

    Keeps every reveal control unticked and disabled while on, even when its owner enables
    it again (the token panel does on every new token): an event filter disables it anew and
    remembers that it should be enabled when presenter mode ends.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(STATE_OBJECT_NAME)
        self._window = window
        self._enabled = False
        self._scale = PRESENTER_SCALE
        self._window_font: QFont | None = None
        self._application_font: QFont | None = None
        self._window_palette: QPalette | None = None
        self._own_fonts: list[tuple[QWidget, QFont]] = []
        self._guarded: dict[QAbstractButton, bool] = {}
        """Each reveal control, and whether it should be enabled once presenting ends."""
        self._echo_modes: list[tuple[QLineEdit, QLineEdit.EchoMode]] = []
        self._field_style: BorderedFieldStyle | None = None
        self._bordered: list[QWidget] = []
        self._own_font = False
        self._own_palette = False

    @property
    def enabled(self) -> bool:
        """True while presenting."""
        return self._enabled

    def set_enabled(self, enabled: bool, *, scale: float = PRESENTER_SCALE) -> None:
        """Enter or leave presenter mode; doing either twice is harmless."""
        if enabled == self._enabled:
            return
        self._enabled = enabled
        if enabled:
            self._scale = scale
            self._mask_everything()
            self._enlarge()
        else:
            self._restore_look()
            self._release_masks()
        for widget in self._window.findChildren(QWidget):
            if isinstance(widget, PresenterAware):
                widget.set_presenter_mode(enabled, enlarge_type=False)

    # ----------------------------------------------------------------- masking

    def _mask_everything(self) -> None:
        for widget in self._window.findChildren(QWidget):
            if isinstance(widget, RevealLockable):
                widget.set_reveal_locked(True)
        for name in REVEAL_CONTROL_NAMES:
            for button in self._window.findChildren(QAbstractButton, name):
                self._guard(button)
        for name in SECRET_EDIT_NAMES:
            for edit in self._window.findChildren(QLineEdit, name):
                self._echo_modes.append((edit, edit.echoMode()))
                edit.setEchoMode(QLineEdit.EchoMode.Password)

    def _guard(self, button: QAbstractButton) -> None:
        self._guarded[button] = button.isEnabled()
        if button.isChecked():
            button.setChecked(False)  # its owner masks again on toggled(False)
        button.setEnabled(False)
        button.installEventFilter(self)
        button.toggled.connect(self.on_guarded_toggled)

    def _release_masks(self) -> None:
        for button, should_enable in self._guarded.items():
            button.removeEventFilter(self)
            button.toggled.disconnect(self.on_guarded_toggled)
            button.setEnabled(should_enable)
        self._guarded.clear()
        for widget in self._window.findChildren(QWidget):
            if isinstance(widget, RevealLockable):
                widget.set_reveal_locked(False)
        # Secrets stay masked after presenting: each edit keeps password echo unless it was
        # in clear before and its Show toggle is still on (it never is: presenting unticked it).
        self._echo_modes.clear()

    @Slot(bool)
    def on_guarded_toggled(self, checked: bool) -> None:
        """Untick a reveal control that something ticked while presenting."""
        button = self.sender()
        if checked and self._enabled and isinstance(button, QAbstractButton):
            button.setChecked(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Keep guarded reveal controls disabled; remember that their owner enabled them."""
        if (
            self._enabled
            and event.type() == QEvent.Type.EnabledChange
            and isinstance(watched, QAbstractButton)
            and watched in self._guarded
            and watched.isEnabled()
        ):
            self._guarded[watched] = True
            watched.setEnabled(False)
        return False

    # ----------------------------------------------------------------- look

    def follow_scheme(self) -> None:
        """The light/dark theme changed while presenting: high contrast in the new scheme
        (nothing to do when the scheme stayed)."""
        dark = is_dark(QApplication.palette())
        if self._enabled and is_dark(self._window.palette()) != dark:
            self._window.setPalette(high_contrast_palette(dark=dark))
        if self._enabled:
            self._border_fields()

    def _enlarge(self) -> None:
        window = self._window
        # A window that inherits them gets them back by inheriting again (a palette set
        # explicitly would no longer follow the theme).
        self._own_font = window.testAttribute(Qt.WidgetAttribute.WA_SetFont)
        self._own_palette = window.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
        self._window_font = QFont(window.font())
        self._window_palette = QPalette(window.palette())
        # Widgets with a font size of their own (monospace views, the countdown) do not
        # inherit a change; those that set only a weight (bold status lines) follow anyway.
        self._own_fonts = [
            (widget, QFont(widget.font()))
            for widget in window.findChildren(QWidget)
            if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)
            and widget.font().resolveMask() & _SIZE_RESOLVED
        ]
        window.setFont(presenter_font(self._window_font, self._scale))
        # Dialogs and tooltips are windows of their own: they take the application's font.
        self._application_font = QApplication.font()
        QApplication.setFont(presenter_font(self._application_font, self._scale))
        for widget, font in self._own_fonts:
            widget.setFont(presenter_font(font, self._scale))
        window.setPalette(high_contrast_palette(dark=is_dark(self._window_palette)))
        self._border_fields()

    def _border_fields(self) -> None:
        """Input fields keep a visible border on the high-contrast palette: the Light and Dark
        themes' style draws one already; a platform's style is given, field by field, a
        bordered copy of itself for as long as presenting lasts."""
        application_style = QApplication.style()
        if isinstance(application_style, BorderedFieldStyle):
            self._unborder_fields()
            return
        if self._field_style is not None and (
            style_name(self._field_style) == application_style.name()
        ):
            return
        self._unborder_fields()
        self._field_style = bordered_style(application_style.name())
        self._bordered = input_fields(self._window)
        for field in self._bordered:
            field.setStyle(self._field_style)

    def _unborder_fields(self) -> None:
        application_style = QApplication.style()
        for field in self._bordered:
            field.setStyle(application_style)
        self._bordered.clear()
        self._field_style = None

    def _restore_look(self) -> None:
        window = self._window
        self._unborder_fields()
        if self._window_palette is not None:
            window.setPalette(self._window_palette if self._own_palette else QPalette())
        if self._application_font is not None:
            QApplication.setFont(self._application_font)
            self._application_font = None
        if self._window_font is not None:
            window.setFont(self._window_font if self._own_font else QFont())
        for widget, font in self._own_fonts:
            widget.setFont(font)
        self._own_fonts.clear()
        self._window_font = self._window_palette = None


def presenter_state(window: QWidget) -> PresenterMode:
    """The window's presenter-mode state, made on first use."""
    found = window.findChild(PresenterMode, STATE_OBJECT_NAME)
    if isinstance(found, PresenterMode):
        return found
    return PresenterMode(window)


def apply_presenter_mode(
    window: QWidget, enabled: bool, *, scale: float = PRESENTER_SCALE
) -> PresenterMode:
    """Enter (or leave) presenter mode on ``window`` and everything in it.

    On: fonts ``scale`` times larger, a high-contrast palette (dark stays dark) with input
    fields bordered (``workbench.ui.field_borders``), the flow
    diagram in its presenter look, and every secret masked: each reveal toggle
    (``REVEAL_CONTROL_NAMES``) is unticked, so its owner masks again, and disabled for as long
    as presenting lasts; secret line edits go to password echo; widgets implementing
    ``set_reveal_locked`` are locked. Off: fonts, palette and the toggles' enabled state come
    back; what was masked stays masked until revealed again.
    """
    state = presenter_state(window)
    state.set_enabled(enabled, scale=scale)
    return state


def is_presenter_mode(window: QWidget) -> bool:
    """True while ``window`` is in presenter mode."""
    found = window.findChild(PresenterMode, STATE_OBJECT_NAME)
    return isinstance(found, PresenterMode) and found.enabled
