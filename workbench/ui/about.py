"""Help > About: the version, the workbench's licence and those of the libraries it bundles."""

from __future__ import annotations

import html
import platform
from collections.abc import Sequence

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import workbench
from workbench.licences import LibraryLicence, bundled_licences
from workbench.resources import resources_dir
from workbench.ui.widgets import close_buttons, read_only_table, text_view

APP_NAME = "OAuth Workbench"
DESCRIPTION = (
    "A desktop workbench for OAuth 2.0 client-credentials tokens: get them, watch them lapse, "
    "use them, see every byte."
)
WORKBENCH_LICENCE_NOTICE = (
    "OAuth Workbench is free software under the MIT License: you may use, copy, modify, "
    "merge, publish, distribute, sublicense and sell copies of it, provided the copyright "
    "notice and the permission notice are included. It comes WITHOUT ANY WARRANTY. The full "
    "text is in the LICENSE file shipped with the program."
)


def workbench_licence_text() -> str:
    """The workbench's LICENSE file (beside ``resources/``), or a short notice pointing to it."""
    for candidate in (resources_dir().parent / "LICENSE", resources_dir() / "LICENSE"):
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError:
            continue
    return WORKBENCH_LICENCE_NOTICE


def qt_notice(qt_version: str | None = None, bindings_version: str | None = None) -> str:
    """The LGPL v3 notice for Qt and Qt for Python, as plain text."""
    qt_version = qt_version or qVersion()
    bindings_version = bindings_version or pyside_version
    return (
        f"Qt {qt_version} and Qt for Python (PySide6 and Shiboken6) {bindings_version}\n"
        "Copyright (C) The Qt Company Ltd. and other contributors.\n\n"
        "This program uses the Qt libraries and Qt for Python under the terms of the GNU Lesser "
        "General Public License version 3 (LGPL v3), as published by the Free Software "
        "Foundation. OAuth Workbench itself is not a derivative of Qt; it uses Qt through "
        "dynamic linking.\n\n"
        "You may replace the Qt and Qt for Python libraries this program uses with your own "
        "modified or rebuilt versions of compatible versions: from source, reinstall PySide6 "
        "into the program's environment; in a packaged build, the libraries are the separate "
        "files in the PySide6 folder inside the program's folder. You may reverse-engineer "
        "this program as far as needed to debug such modifications.\n\n"
        "The complete corresponding source code of Qt is available from the Qt Project "
        "(qt.io, download.qt.io and code.qt.io), and that of Qt for Python from the "
        "pyside-setup repository at code.qt.io and the PySide6 source distribution of the same "
        "version. The texts of the GNU LGPL v3 and of the GNU GPL v3 it builds on are published "
        "by the Free Software Foundation at gnu.org/licenses.\n\n"
        "Qt and the Qt logo are trademarks of The Qt Company Ltd."
    )


# --- the dialog -------------------------------------------------------------------------------


class AboutDialog(QDialog):
    """Help > About: name, version, description, and the Licence, Libraries and Qt tabs."""

    def __init__(
        self,
        libraries: Sequence[LibraryLicence] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setAccessibleName(f"About {APP_NAME}")
        self.setAccessibleDescription("Version, licence and the licences of bundled libraries")
        self.setWindowTitle(f"About {APP_NAME}")
        self._libraries = tuple(bundled_licences() if libraries is None else libraries)

        self.titleLabel = QLabel(
            f"<h2>{APP_NAME}</h2><p>Version {html.escape(workbench.__version__)}</p>"
        )
        self.titleLabel.setObjectName("aboutTitleLabel")
        self.titleLabel.setAccessibleName("Name and version")
        self.descriptionLabel = QLabel(DESCRIPTION)
        self.descriptionLabel.setObjectName("aboutDescriptionLabel")
        self.descriptionLabel.setAccessibleName("Description")
        self.descriptionLabel.setWordWrap(True)
        self.runtimeLabel = QLabel(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"
        )
        self.runtimeLabel.setObjectName("aboutRuntimeLabel")
        self.runtimeLabel.setAccessibleName("Runtime versions")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("aboutTabs")
        self.tabs.setAccessibleName("About")
        self.tabs.setAccessibleDescription("The workbench's licence, libraries and the Qt notice")
        self.licenceView = text_view(
            "aboutLicenceView",
            "Workbench licence",
            "The MIT licence of OAuth Workbench",
            monospace=False,
        )
        self.licenceView.setPlainText(workbench_licence_text())
        self.librariesTable = self._libraries_table()
        self.qtNoticeView = text_view(
            "aboutQtNoticeView",
            "Qt licence notice",
            "How Qt is used under the LGPL v3",
            monospace=False,
        )
        self.qtNoticeView.setPlainText(qt_notice())
        self.tabs.addTab(self.licenceView, "Licence")
        self.tabs.addTab(self.librariesTable, "Libraries")
        self.tabs.addTab(self.qtNoticeView, "Qt (LGPL v3)")

        buttons = close_buttons(self, "about", "Close the About window")
        self.aboutQtButton = QPushButton("About Qt")
        self.aboutQtButton.setObjectName("aboutQtButton")
        self.aboutQtButton.setAccessibleName("About Qt")
        self.aboutQtButton.setAccessibleDescription("Qt's own About box, with its licence")
        self.aboutQtButton.clicked.connect(self.on_about_qt_button_clicked)
        buttons.addButton(self.aboutQtButton, QDialogButtonBox.ButtonRole.HelpRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.titleLabel)
        layout.addWidget(self.descriptionLabel)
        layout.addWidget(self.runtimeLabel)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(680, 560)

    def libraries(self) -> tuple[LibraryLicence, ...]:
        """The libraries listed."""
        return self._libraries

    def text(self) -> str:
        """Everything the dialog says, as plain text (for tests and copying)."""
        rows = [
            " ".join(
                cell.text()
                for column in range(self.librariesTable.columnCount())
                if (cell := self.librariesTable.item(row, column)) is not None
            )
            for row in range(self.librariesTable.rowCount())
        ]
        return "\n".join(
            [
                self.titleLabel.text(),
                self.descriptionLabel.text(),
                self.runtimeLabel.text(),
                self.licenceView.toPlainText(),
                *rows,
                self.qtNoticeView.toPlainText(),
            ]
        )

    def on_about_qt_button_clicked(self) -> None:
        """Qt's own About box."""
        QApplication.aboutQt()

    def _libraries_table(self) -> QTableWidget:
        return read_only_table(
            "aboutLibrariesTable",
            "Bundled libraries",
            "Each library the workbench ships with: version, licence",
            ["Library", "Version", "Licence"],
            [(library.name, library.version, library.licence) for library in self._libraries],
        )
