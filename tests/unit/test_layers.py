"""The layering rules of design §1, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "workbench"

FORBIDDEN = {
    "core": ("PySide6", "shiboken6", "workbench.sandbox", "workbench.ui", "workbench.app"),
    "sandbox": ("PySide6", "shiboken6", "workbench.core", "workbench.ui", "requests", "urllib3"),
    "ui": ("requests", "urllib3"),
    "core/problems": ("requests", "urllib3", "workbench.core.transport", "workbench.core.client"),
    # The command line opens the window only through workbench.app, imported lazily.
    "cli": ("PySide6", "shiboken6", "workbench.ui"),
    # The profile controller reports by signal; the window wires it and answers its questions.
    "ui/profiles": ("workbench.ui.window", "workbench.app"),
    # The saved requests send nothing themselves: the window wires their sends to the session.
    "ui/collections": ("workbench.ui.window", "workbench.ui.session", "workbench.app"),
}
WINDOW = ("workbench.ui.window", "workbench.app")
"""What no part of the ui below the window may import: the window and the composition root."""


def imported_modules(path: Path) -> set[str]:
    """Every module named by an import statement in ``path``, at any depth in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offending(layer: str) -> list[str]:
    """``file: module`` for each forbidden import in ``layer``."""
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in sorted(imported_modules(path)):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                found.append(f"{path.relative_to(PACKAGE)}: {module}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    assert (PACKAGE / layer).is_dir()
    assert offending(layer) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in imported_modules(sample)


def test_nothing_in_the_ui_imports_the_window_that_holds_it() -> None:
    below = [
        path
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if (PACKAGE / "ui" / "window") not in path.parents
    ]
    assert len(below) > 20
    found = [
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in below
        for module in sorted(imported_modules(path))
        if any(module == bad or module.startswith(bad + ".") for bad in WINDOW)
    ]
    assert found == []
