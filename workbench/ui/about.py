"""Help > About: the version, the workbench's licence and those of the libraries it bundles.

Run ``python -m workbench.ui.about --write-licences resources/licences.json`` to refresh the
list a packaged build shows when the installed packages' metadata is not bundled with it.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

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
from workbench.resources import resources_dir
from workbench.ui.widgets import close_buttons, read_only_table, text_view

APP_NAME = "OAuth Workbench"
DISTRIBUTION = "oauth-workbench"
"""The workbench's own distribution: the root of the dependency walk."""
DESCRIPTION = (
    "A desktop workbench for OAuth 2.0 client-credentials tokens: get them, watch them lapse, "
    "use them, see every byte."
)
LICENCES_FILE = "licences.json"
LICENCES_FORMAT = "oauth-workbench-licences"
LICENCES_SCHEMA_VERSION = 1
WORKBENCH_LICENCE_NOTICE = (
    "OAuth Workbench is free software under the MIT License: you may use, copy, modify, "
    "merge, publish, distribute, sublicense and sell copies of it, provided the copyright "
    "notice and the permission notice are included. It comes WITHOUT ANY WARRANTY. The full "
    "text is in the LICENSE file shipped with the program."
)

_CLASSIFIER_LICENCES = {
    "MIT License": "MIT",
    "MIT No Attribution License (MIT-0)": "MIT-0",
    "Apache Software License": "Apache-2.0",
    "BSD License": "BSD",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "ISC License (ISCL)": "ISC",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
    "GNU Library or Lesser General Public License (LGPL)": "LGPL",
}
_UNKNOWN_LICENCE = "see the package's own licence file"
_MAX_LICENCE_FIELD_CHARS = 100
"""A ``License`` field longer than this is the whole text, not a name: use the classifiers."""


@dataclass(frozen=True)
class LibraryLicence:
    """One bundled library: its distribution name, version and licence (SPDX where known)."""

    name: str
    version: str
    licence: str


# --- the dependency walk ----------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """A distribution name as the packaging standards compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_MARKER_TOKEN = re.compile(
    r"\s*(\(|\)|'[^']*'|\"[^\"]*\"|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b"
    r"|[A-Za-z_][A-Za-z0-9_.]*)"
)


def marker_environment() -> dict[str, str]:
    """The values environment markers compare against, for this interpreter."""
    return {
        "os_name": os.name,
        "sys_platform": sys.platform,
        "platform_machine": platform.machine(),
        "platform_system": platform.system(),
        "platform_release": platform.release(),
        "platform_python_implementation": platform.python_implementation(),
        "implementation_name": sys.implementation.name,
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "python_full_version": platform.python_version(),
    }


def marker_applies(marker: str, environment: Mapping[str, str], extras: Iterable[str]) -> bool:
    """Whether a requirement's environment marker holds (``extra`` true for ``extras``).

    A marker this small evaluator cannot read counts as true: the walk only lists packages that
    are installed, so a wrong guess adds nothing that is not there.
    """
    tokens = [" ".join(token.split()) for token in _MARKER_TOKEN.findall(marker)]
    if "".join(tokens).replace(" ", "") != re.sub(r"\s+", "", marker):
        return True
    wanted = {normalize_name(extra) for extra in extras}
    try:
        value, position = _marker_or(tokens, 0, environment, wanted)
    except (IndexError, ValueError):
        return True
    return value if position == len(tokens) else True


def _marker_or(
    tokens: list[str], position: int, env: Mapping[str, str], extras: set[str]
) -> tuple[bool, int]:
    value, position = _marker_and(tokens, position, env, extras)
    while position < len(tokens) and tokens[position] == "or":
        right, position = _marker_and(tokens, position + 1, env, extras)
        value = value or right
    return value, position


def _marker_and(
    tokens: list[str], position: int, env: Mapping[str, str], extras: set[str]
) -> tuple[bool, int]:
    value, position = _marker_atom(tokens, position, env, extras)
    while position < len(tokens) and tokens[position] == "and":
        right, position = _marker_atom(tokens, position + 1, env, extras)
        value = value and right
    return value, position


def _marker_atom(
    tokens: list[str], position: int, env: Mapping[str, str], extras: set[str]
) -> tuple[bool, int]:
    if tokens[position] == "(":
        value, position = _marker_or(tokens, position + 1, env, extras)
        if tokens[position] != ")":
            raise ValueError("unbalanced parenthesis")
        return value, position + 1
    left, op, right = tokens[position : position + 3]
    if "extra" in (left, right):
        other = _marker_value(right if left == "extra" else left, env)
        hit = normalize_name(other) in extras
        return (hit if op == "==" else not hit), position + 3
    return _compare(_marker_value(left, env), op, _marker_value(right, env)), position + 3


def _marker_value(token: str, env: Mapping[str, str]) -> str:
    if token[:1] in ("'", '"'):
        return token[1:-1]
    if token not in env:
        raise ValueError(f"unknown marker variable {token}")
    return env[token]


def _version_key(text: str) -> tuple[int, ...] | None:
    parts = text.split(".")
    return tuple(int(part) for part in parts) if all(part.isdigit() for part in parts) else None


def _compare(left: str, op: str, right: str) -> bool:
    if op in ("in", "not in"):
        inside = left in right
        return inside if op == "in" else not inside
    left_key, right_key = _version_key(left), _version_key(right)
    if left_key is not None and right_key is not None and op not in ("===",):
        width = max(len(left_key), len(right_key))
        a = left_key + (0,) * (width - len(left_key))
        b = right_key + (0,) * (width - len(right_key))
        if op == "~=":
            return a >= b and a[: len(right_key) - 1] == b[: len(right_key) - 1]
        return _ordered(a, op, b)
    return _ordered(left, op, right)


def _ordered(a: Any, op: str, b: Any) -> bool:
    results = {
        "==": a == b,
        "===": a == b,
        "!=": a != b,
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
        "~=": a == b,
    }
    return bool(results[op])


def _requirements(
    distribution: metadata.Distribution, extras: Iterable[str], environment: Mapping[str, str]
) -> list[tuple[str, tuple[str, ...]]]:
    """(name, extras) of each requirement that applies here."""
    extras = tuple(extras)
    found = []
    for line in distribution.requires or ():
        requirement, _, marker = line.partition(";")
        match = _REQUIREMENT.match(requirement)
        if match is None:
            continue
        if marker.strip() and not marker_applies(marker, environment, extras):
            continue
        wanted = tuple(part.strip() for part in (match.group(2) or "").split(",") if part.strip())
        found.append((match.group(1), wanted))
    return found


def licence_of(fields: Any) -> str:
    """A distribution's licence: License-Expression, a short License field, or classifiers."""
    expression = (fields.get("License-Expression") or "").strip()
    if expression:
        return str(expression)
    text = (fields.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= _MAX_LICENCE_FIELD_CHARS:
        return str(text)
    names = [
        classifier.split(" :: ")[-1]
        for classifier in fields.get_all("Classifier") or ()
        if classifier.startswith("License ::") and classifier.count(" :: ") >= 2
    ]
    if names:
        return " / ".join(_CLASSIFIER_LICENCES.get(name, name) for name in names)
    return _UNKNOWN_LICENCE


def runtime_licences(root: str = DISTRIBUTION) -> tuple[LibraryLicence, ...]:
    """The installed runtime dependency closure of ``root`` (itself excluded), sorted by name.

    Follows each distribution's requirements whose markers apply here, with the extras a
    requirement asks for (``pyjwt[crypto]``) and no others; requirements that are not installed
    are skipped. Raises ``PackageNotFoundError`` when ``root`` itself is not installed (a
    packaged build without metadata).
    """
    environment = marker_environment()
    root_distribution = metadata.distribution(root)
    seen: dict[str, LibraryLicence] = {}
    pending: list[tuple[metadata.Distribution, tuple[str, ...]]] = [(root_distribution, ())]
    visited: set[tuple[str, tuple[str, ...]]] = set()
    while pending:
        distribution, extras = pending.pop()
        for name, wanted in _requirements(distribution, extras, environment):
            key = (normalize_name(name), tuple(sorted(normalize_name(e) for e in wanted)))
            if key in visited:
                continue
            visited.add(key)
            try:
                dependency = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                continue
            fields = dependency.metadata
            display = str(fields["Name"] or name)
            seen.setdefault(
                normalize_name(display),
                LibraryLicence(display, str(dependency.version), licence_of(fields)),
            )
            pending.append((dependency, wanted))
    seen.pop(normalize_name(root), None)
    return tuple(sorted(seen.values(), key=lambda library: normalize_name(library.name)))


# --- the bundled list -------------------------------------------------------------------------


def licences_path() -> Path:
    """``resources/licences.json`` (from source or inside a packaged build)."""
    return resources_dir() / LICENCES_FILE


def licences_document(libraries: Sequence[LibraryLicence]) -> dict[str, Any]:
    """The JSON document ``write_licences`` writes."""
    return {
        "format": LICENCES_FORMAT,
        "version": LICENCES_SCHEMA_VERSION,
        "application": DISTRIBUTION,
        "application_version": workbench.__version__,
        "libraries": [asdict(library) for library in libraries],
    }


def write_licences(path: Path, libraries: Sequence[LibraryLicence] | None = None) -> Path:
    """Write the runtime list (or ``libraries``) as JSON to ``path``; returns ``path``."""
    document = licences_document(runtime_licences() if libraries is None else libraries)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def read_licences(path: Path) -> tuple[LibraryLicence, ...]:
    """The libraries listed in a ``write_licences`` file; empty when absent or unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if not isinstance(document, dict) or document.get("format") != LICENCES_FORMAT:
        return ()
    libraries = []
    for entry in document.get("libraries") or ():
        if isinstance(entry, dict):
            libraries.append(
                LibraryLicence(
                    str(entry.get("name", "")),
                    str(entry.get("version", "")),
                    str(entry.get("licence", _UNKNOWN_LICENCE)),
                )
            )
    return tuple(libraries)


def bundled_licences() -> tuple[LibraryLicence, ...]:
    """The libraries to credit: from installed metadata, else from ``resources/licences.json``."""
    try:
        return runtime_licences()
    except metadata.PackageNotFoundError:
        return read_licences(licences_path())


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


# --- command line -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``--write-licences PATH`` writes the runtime list; ``--list`` prints it."""
    parser = argparse.ArgumentParser(prog="python -m workbench.ui.about", description=__doc__)
    parser.add_argument("--write-licences", metavar="PATH", type=Path)
    parser.add_argument("--list", action="store_true", help="print the bundled libraries")
    args = parser.parse_args(argv)
    if args.write_licences is None and not args.list:
        parser.print_usage(sys.stderr)
        return 2
    if args.write_licences is not None:
        path = write_licences(args.write_licences)
        print(f"wrote {path}")
    if args.list:
        for library in bundled_licences():
            print(f"{library.name} {library.version}: {library.licence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
