"""Help > About: version, the Qt LGPL notice, and every bundled library with its licence."""

from __future__ import annotations

from typing import Any

import pytest

import workbench
from workbench.licences import runtime_licences
from workbench.ui.about import AboutDialog

pytestmark = pytest.mark.gui


def test_dialog_shows_version_lgpl_licence_and_every_library(qtbot: Any) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "aboutDialog"
    text = dialog.text()
    assert workbench.__version__ in dialog.titleLabel.text()
    assert "LGPL" in dialog.qtNoticeView.toPlainText()
    assert "replace" in dialog.qtNoticeView.toPlainText()
    assert "MIT License" in dialog.licenceView.toPlainText()
    libraries = runtime_licences()
    assert dialog.librariesTable.rowCount() == len(libraries)
    for library in libraries:
        assert library.name in text
        assert library.licence in text


def test_dialog_closes_on_close(qtbot: Any) -> None:
    dialog = AboutDialog(libraries=[])
    qtbot.addWidget(dialog)
    dialog.show()
    close = dialog.findChild(type(dialog.aboutQtButton), "aboutCloseButton")
    assert close is not None
    with qtbot.waitSignal(dialog.rejected):
        close.click()
