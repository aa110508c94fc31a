"""Themes: the override works offscreen, persists, follows the system, and every tone is legible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from workbench.ui.field_borders import contrast_ratio, style_name
from workbench.ui.style import SyntaxColours, Tone, text_colour, tone_colour
from workbench.ui.theme import (
    SETTINGS_KEY,
    Scheme,
    ThemeController,
    ThemeMode,
    apply_theme,
    current_scheme,
    dark_palette,
    light_palette,
    theme_applied,
)

pytestmark = pytest.mark.gui

WCAG_TEXT_RATIO = 4.5
BACKGROUND_ROLES = (
    QPalette.ColorRole.Window,
    QPalette.ColorRole.Base,
    QPalette.ColorRole.AlternateBase,
)


def test_contrast_ratio_matches_known_values() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)


def _palettes() -> list[tuple[str, QPalette]]:
    fusion = QStyleFactory.create("Fusion")
    assert fusion is not None
    return [
        ("light", light_palette()),
        ("dark", dark_palette()),
        ("Fusion's own", fusion.standardPalette()),
    ]


def test_palettes_are_what_they_say() -> None:
    assert light_palette().color(QPalette.ColorRole.Window).lightnessF() > 0.5
    assert dark_palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5


def test_every_tone_is_readable_text_on_every_background_of_both_palettes(qapp: Any) -> None:
    offenders = []
    for palette_name, palette in _palettes():
        for tone in Tone:
            colour = tone_colour(tone, palette)
            for role in BACKGROUND_ROLES:
                background = palette.color(role)
                ratio = contrast_ratio(colour, background)
                if ratio < WCAG_TEXT_RATIO:
                    offenders.append(
                        f"{palette_name} {tone.value} {colour.name()} on {role.name} "
                        f"{background.name()}: {ratio:.2f}"
                    )
    assert not offenders, "tone colours below 4.5:1:\n" + "\n".join(offenders)


def test_json_colours_and_plain_text_are_readable_on_the_editor_background(qapp: Any) -> None:
    offenders = []
    for palette_name, palette in _palettes():
        colours = SyntaxColours(palette)
        texts = {
            "key": colours.key,
            "string": colours.string,
            "number": colours.number,
            "literal": colours.literal,
            "punctuation": colours.punctuation,
            "text": palette.color(QPalette.ColorRole.Text),
            "window text": palette.color(QPalette.ColorRole.WindowText),
        }
        for name, colour in texts.items():
            ratio = contrast_ratio(colour, palette.color(QPalette.ColorRole.Base))
            if ratio < WCAG_TEXT_RATIO:
                offenders.append(f"{palette_name} {name} {colour.name()}: {ratio:.2f}")
    assert not offenders, "\n".join(offenders)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of the test's own (never the user's)."""
    return QSettings(str(tmp_path / "workbench.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[QApplication]:
    """Leave the application on System whatever the test did."""
    yield qapp
    apply_theme(qapp, ThemeMode.SYSTEM)


def test_dark_and_light_override_work_offscreen(restore_theme: QApplication) -> None:
    app = restore_theme
    assert apply_theme(app, ThemeMode.DARK) == Scheme.DARK
    assert current_scheme(app) == "dark"
    assert app.palette().color(QPalette.ColorRole.Window) == dark_palette().color(
        QPalette.ColorRole.Window
    )
    assert style_name(app.style()).lower() == "fusion"
    assert apply_theme(app, ThemeMode.LIGHT) == Scheme.LIGHT
    assert current_scheme(app) == "light"


def test_system_restores_the_platform_palette(restore_theme: QApplication) -> None:
    app = restore_theme
    apply_theme(app, ThemeMode.DARK)
    apply_theme(app, ThemeMode.SYSTEM)
    assert not app.testAttribute(Qt.ApplicationAttribute.AA_SetPalette)
    # Offscreen reports no scheme, so the platform's (light) palette is back.
    assert app.styleHints().colorScheme() == Qt.ColorScheme.Unknown
    assert current_scheme(app) == "light"


def test_widgets_repaint_their_tone_colours_on_a_theme_switch(
    qtbot: Any, restore_theme: QApplication
) -> None:
    from workbench.core.clock import ManualClock
    from workbench.core.http import ExchangeKind
    from workbench.ui.response.panel import ResponseViewer
    from workbench.ui.token_panel import TokenPanel

    from .conftest import make_exchange, make_token

    clock = ManualClock()
    panel = TokenPanel(clock=clock)
    viewer = ResponseViewer()
    qtbot.addWidget(panel)
    qtbot.addWidget(viewer)
    panel.set_token(make_token(clock, expires_in_s=600))
    with qtbot.waitSignal(viewer.views_ready):
        viewer.show_exchange(make_exchange(ExchangeKind.API, 200, b'{"account": 1}'), None)
    light_fresh = tone_colour(Tone.FRESH, light_palette()).name()
    dark_fresh = tone_colour(Tone.FRESH, dark_palette()).name()
    dark_success = tone_colour(Tone.SUCCESS, dark_palette()).name()

    apply_theme(restore_theme, ThemeMode.LIGHT)
    qtbot.waitUntil(lambda: text_colour(panel.tokenCountdownLabel).name() == light_fresh)
    apply_theme(restore_theme, ThemeMode.DARK)
    qtbot.waitUntil(lambda: text_colour(panel.tokenCountdownLabel).name() == dark_fresh)
    qtbot.waitUntil(lambda: text_colour(viewer.status_label).name() == dark_success)
    dark_key = SyntaxColours(dark_palette()).key
    qtbot.waitUntil(lambda: dark_key in key_colours(viewer))
    panel.set_token(None)


def key_colours(viewer: Any) -> list[QColor]:
    """The foreground colours the highlighter put on the Pretty view's lines."""
    colours = []
    block = viewer.pretty_view.document().firstBlock()
    while block.isValid():
        colours += [r.format.foreground().color() for r in block.layout().formats()]
        block = block.next()
    return colours


def test_controller_persists_the_choice_and_applies_it_next_time(
    qtbot: Any, settings: QSettings, restore_theme: QApplication
) -> None:
    app = restore_theme
    controller = ThemeController(app, settings)
    assert controller.mode is ThemeMode.SYSTEM
    controller.apply()
    with (
        qtbot.waitSignal(controller.mode_changed) as mode_signal,
        qtbot.waitSignal(controller.scheme_changed) as scheme_signal,
    ):
        controller.set_mode(ThemeMode.DARK)
    assert mode_signal.args == ["dark"]
    assert scheme_signal.args == ["dark"]
    assert settings.value(SETTINGS_KEY) == "dark"

    apply_theme(app, ThemeMode.SYSTEM)
    again = ThemeController(app, settings)
    assert again.mode is ThemeMode.DARK
    assert again.apply() == Scheme.DARK
    assert current_scheme(app) == "dark"


def test_controller_ignores_a_stored_value_it_does_not_know(
    settings: QSettings, restore_theme: QApplication
) -> None:
    settings.setValue(SETTINGS_KEY, "purple")
    assert ThemeController(restore_theme, settings).mode is ThemeMode.SYSTEM


def test_setting_the_same_mode_twice_signals_once(
    qtbot: Any, settings: QSettings, restore_theme: QApplication
) -> None:
    controller = ThemeController(restore_theme, settings)
    seen: list[str] = []
    controller.mode_changed.connect(seen.append)
    controller.set_mode("light")
    controller.set_mode("light")
    assert seen == ["light"]


def test_controller_follows_the_system_while_on_system(
    settings: QSettings, restore_theme: QApplication
) -> None:
    # Offscreen never changes its scheme; the slot is what the system's switch calls.
    controller = ThemeController(restore_theme, settings)
    controller.apply()
    apply_theme(restore_theme, ThemeMode.DARK)  # as if the palette went dark under us
    controller.on_style_hints_color_scheme_changed(Qt.ColorScheme.Unknown)
    assert controller.scheme == Scheme.LIGHT
    controller.set_mode(ThemeMode.DARK)
    controller.on_style_hints_color_scheme_changed(Qt.ColorScheme.Light)
    assert controller.scheme == Scheme.DARK  # a manual override stays put


def test_theme_applied_is_temporary(restore_theme: QApplication) -> None:
    with theme_applied(restore_theme, ThemeMode.DARK) as scheme:
        assert scheme == Scheme.DARK
        assert current_scheme(restore_theme) == "dark"
    assert current_scheme(restore_theme) == "light"


def test_the_explanations_link_takes_the_new_themes_link_colour(
    qtbot: Any, restore_theme: QApplication
) -> None:
    from workbench.core.http import ExchangeKind
    from workbench.core.problems import Problem, ProblemKind
    from workbench.ui.response.panel import ResponseViewer

    from .conftest import make_exchange

    viewer = ResponseViewer()
    qtbot.addWidget(viewer)
    problem = Problem(
        kind=ProblemKind.TOKEN_EXPIRED,
        title="The access token has expired",
        explanation="Get a new token.",
        likely_cause="Tokens lapse.",
        suggested_action="Get a new token and send again.",
        more_info_url="https://apidocs.getresponse.com/v3/errors/1014",
    )
    apply_theme(restore_theme, ThemeMode.LIGHT)
    viewer.show_exchange(make_exchange(ExchangeKind.API, 401), problem)
    assert link_colours(viewer) == [light_palette().color(QPalette.ColorRole.Link)]
    apply_theme(restore_theme, ThemeMode.DARK)
    qtbot.waitUntil(lambda: link_colours(viewer) == [dark_palette().color(QPalette.ColorRole.Link)])


def link_colours(viewer: Any) -> list[QColor]:
    """The colours of the anchors in the Explained view."""
    colours = []
    block = viewer.problem_view.document().firstBlock()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().isAnchor():
                colours.append(fragment.charFormat().foreground().color())
            iterator += 1
        block = block.next()
    return colours
