"""Every coloured text keeps 4.5:1 contrast and every input field a 3:1 border, in each theme,
after every switch, presenting too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QStyleFactory, QWidget

from tests.gui.conftest import frames_settled
from workbench.core.calls import ApiRequest
from workbench.ui.field_borders import (
    BORDER_MINIMUM,
    BorderedFieldStyle,
    contrast_ratio,
    field_border_colour,
    input_fields,
)
from workbench.ui.presenter import high_contrast_palette
from workbench.ui.style import tone_colour
from workbench.ui.theme import ThemeController, ThemeMode, apply_theme, dark_palette, light_palette

pytestmark = pytest.mark.gui

WAIT_MS = 10_000
MINIMUM = 4.5
INLINE_COLOUR = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")


@pytest.fixture
def themed(qtbot: Any, build: Any, sandbox: Any, tmp_path: Any) -> Iterator[Any]:
    """The demo window with a theme controller, mid-story: every kind of coloured text shown."""
    app = QApplication.instance()
    settings = QSettings(str(tmp_path / "theme.ini"), QSettings.Format.IniFormat)
    theme = ThemeController(app, settings)
    window = build(sandbox=sandbox, theme=theme).window
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    with qtbot.waitSignal(session.token_changed, timeout=WAIT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    window.action("expireNow").trigger()
    with qtbot.waitSignal(session.api_finished, timeout=WAIT_MS):
        window.action("send").trigger()  # 401: status, token state and timeline in colour
    frames_settled(qtbot)
    form = window.form
    form.tokenUrlEdit.setText("http://api.example.com/v3/token")  # a ⚠ warning
    form.extraHeadersTable.set_pairs((("X-Domain", "https://www.example.com"),))  # a ✖ error
    window.composer.set_request(ApiRequest("POST", "not a url", (), b"{not json"))
    from workbench.ui.export_dialog import ExportDialog

    dialog = ExportDialog(window.exports.sources(), parent=window)
    dialog.includeSecretsCheck.setChecked(True)  # the secrets warning, in colour
    dialog.show()
    yield window, theme
    dialog.close()
    apply_theme(app, ThemeMode.SYSTEM)


def coloured_texts(window: QWidget) -> list[tuple[str, QColor, QColor]]:
    """(what, text colour, background) of every visible text given a colour of its own."""
    found = []
    plain = window.palette().color(QPalette.ColorRole.WindowText)
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        palette = label.palette()
        background = palette.color(QPalette.ColorRole.Window)
        colour = palette.color(QPalette.ColorRole.WindowText)
        name = label.objectName() or label.text()[:30]
        if colour != plain:
            found.append((name, colour, background))
        for inline in INLINE_COLOUR.findall(label.text()):
            found.append((f"{name} (inline)", QColor(inline), background))
    timeline = window.timeline
    model = timeline.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            colour = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
            if isinstance(colour, QColor):
                for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
                    found.append(
                        (f"timeline {row},{column}", colour, timeline.palette().color(role))
                    )
    diagram = window.flowDiagramDock.diagram
    if not diagram.presenter_mode:  # presenting draws captions in the text colour
        base = diagram.palette().color(QPalette.ColorRole.Base)
        for arrow in diagram.arrows():
            found.append(
                (f"arrow {arrow.caption}", tone_colour(arrow.tone, diagram.palette()), base)
            )
    return found


def too_faint(window: QWidget, when: str) -> list[str]:
    QApplication.sendPostedEvents(None, QEvent.Type.PolishRequest)
    QApplication.processEvents()
    texts = coloured_texts(window)
    assert len(texts) >= 10, f"{when}: the story shows coloured texts ({len(texts)})"
    return [
        f"{when}: {what} {colour.name()} on {background.name()} is "
        f"{contrast_ratio(colour, background):.2f}:1"
        for what, colour, background in texts
        if contrast_ratio(colour, background) < MINIMUM
    ]


def test_every_coloured_text_reads_well_after_every_theme_switch(themed: Any) -> None:
    window, theme = themed
    problems = too_faint(window, "as started")
    for mode in (ThemeMode.LIGHT, ThemeMode.DARK, ThemeMode.LIGHT, ThemeMode.DARK):
        theme.set_mode(mode)
        problems += too_faint(window, f"after switching to {mode.value}")
    window.action("presenterMode").setChecked(True)
    for mode in (ThemeMode.LIGHT, ThemeMode.DARK):
        theme.set_mode(mode)
        problems += too_faint(window, f"presenting, {mode.value}")
    window.action("presenterMode").setChecked(False)
    problems += too_faint(window, "after presenting, dark")
    theme.set_mode(ThemeMode.LIGHT)
    problems += too_faint(window, "after presenting, light")
    assert not problems, "\n".join(problems)


def test_sandbox_on_follows_every_switch(themed: Any) -> None:
    window, theme = themed
    label = window.sandboxStateLabel
    for mode in (ThemeMode.DARK, ThemeMode.LIGHT, ThemeMode.DARK):
        theme.set_mode(mode)
        QApplication.processEvents()
        (inline,) = INLINE_COLOUR.findall(label.text())
        background = label.palette().color(QPalette.ColorRole.Window)
        assert contrast_ratio(QColor(inline), background) >= MINIMUM, (mode, inline)


def faint_field_borders(window: QWidget, when: str) -> list[str]:
    """Each visible, unfocused input field whose drawn border has less than 3:1 against the
    background inside it or around it: the border's colour is read from the field as the
    style paints it, the backgrounds from the palettes the field and its parent paint with."""
    QApplication.sendPostedEvents(None, QEvent.Type.PolishRequest)
    QApplication.processEvents()
    fields = [field for field in input_fields(window) if field.isVisible() and not field.hasFocus()]
    assert len(fields) >= 3, f"{when}: the window shows input fields ({len(fields)})"
    faint = []
    for field in fields:
        image = field.grab().toImage()
        border = image.pixelColor(0, image.height() // 2)
        inside_role = field.backgroundRole()
        if isinstance(field, QComboBox) and not field.isEditable():
            inside_role = QPalette.ColorRole.Button
        parent = field.parentWidget()
        around = parent.palette().color(parent.backgroundRole())
        for where, background in (
            ("inside", field.palette().color(inside_role)),
            ("around", around),
        ):
            ratio = contrast_ratio(border, background)
            if ratio < BORDER_MINIMUM:
                faint.append(
                    f"{when}: {field.objectName() or type(field).__name__} border "
                    f"{border.name()} on {background.name()} ({where}) is {ratio:.2f}:1"
                )
    return faint


def test_input_fields_are_outlined_in_every_theme_presenting_or_not(themed: Any) -> None:
    window, theme = themed
    window.setFocus()  # no field focused: each shows its resting border
    problems = []
    for mode in (ThemeMode.DARK, ThemeMode.LIGHT, ThemeMode.DARK):
        theme.set_mode(mode)
        problems += faint_field_borders(window, mode.value)
    window.action("presenterMode").setChecked(True)
    for mode in (ThemeMode.DARK, ThemeMode.LIGHT, ThemeMode.DARK):
        theme.set_mode(mode)
        problems += faint_field_borders(window, f"presenting, {mode.value}")
    window.action("presenterMode").setChecked(False)
    problems += faint_field_borders(window, "after presenting, dark")
    theme.set_mode(ThemeMode.LIGHT)
    problems += faint_field_borders(window, "after presenting, light")
    assert not problems, "\n".join(problems)


def test_a_platform_style_is_bordered_field_by_field_while_presenting(themed: Any) -> None:
    window, _theme = themed
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle(QStyleFactory.create("Fusion"))  # a platform's own style, as on System
    window.setFocus()
    url = window.composer.url_edit
    window.action("presenterMode").setChecked(True)
    problems = faint_field_borders(window, "presenting on the platform's style")
    assert isinstance(url.style(), BorderedFieldStyle)
    window.action("presenterMode").setChecked(False)
    assert not problems, "\n".join(problems)
    assert url.style() is QApplication.style(), "leaving gives the fields the app's style back"


@pytest.mark.parametrize(
    "palette",
    [light_palette(), dark_palette(), high_contrast_palette(), high_contrast_palette(dark=True)],
    ids=["light", "dark", "presenting light", "presenting dark"],
)
def test_the_border_colour_stands_out_inside_and_around_a_field(palette: QPalette) -> None:
    border = field_border_colour(palette)
    for role in (
        QPalette.ColorRole.Base,
        QPalette.ColorRole.Window,
        QPalette.ColorRole.Button,
    ):
        assert contrast_ratio(border, palette.color(role)) >= BORDER_MINIMUM, role
    window = palette.color(QPalette.ColorRole.Window)
    assert contrast_ratio(border, window) < contrast_ratio(
        palette.color(QPalette.ColorRole.Text), window
    ), "a border, softer than the text where the text allows"
