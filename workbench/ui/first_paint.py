"""Work the first frame can do without: run just after the window's first paint; and the
benchmarks' probe of that moment."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class AfterFirstPaint(QObject):
    """Runs callbacks once, just after the window's first paint (work the first frame can
    do without)."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self._window = window
        self._callbacks: list[Callable[[], object]] = []
        window.installEventFilter(self)

    def then(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` after the first paint (in the order given)."""
        self._callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Catch the first paint event of the watched window."""
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # after the whole frame is painted
        return False

    def _run(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()


class FirstPaintProbe(QObject):
    """Benchmarks: reports the first paint of the window, then the idle memory, then quits."""

    def __init__(self, app: QApplication, idle_s: float) -> None:
        super().__init__(app)
        self._app = app
        self._idle_s = idle_s

    def painted(self) -> None:
        """Print the wall time now and the Qt classes in use; the memory after the idle time."""
        print(f"first_paint_wall={time.time():.6f}", flush=True)
        print(f"qt_classes={','.join(qt_classes_in_use())}", flush=True)
        QTimer.singleShot(int(self._idle_s * 1000), self._report_memory)

    def _report_memory(self) -> None:
        print(f"rss_kb={resident_memory_kb()}", flush=True)
        print(f"private_kb={private_memory_kb()}", flush=True)
        self._app.quit()


def qt_classes_in_use() -> list[str]:
    """``Module.Class`` for every Qt class PySide has created a Python type for so far.

    PySide6 creates a class (and the Python enums inside it) when it is first named: the
    benchmarks use this list to measure that cost on its own.
    """
    names: list[str] = []
    for module_name in ("QtCore", "QtGui", "QtWidgets"):
        module = sys.modules.get(f"PySide6.{module_name}")
        if module is None:
            continue
        namespace = object.__getattribute__(module, "__dict__")
        names.extend(
            f"{module_name}.{name}"
            for name, value in list(namespace.items())
            if isinstance(value, type) and name.startswith("Q")
        )
    return sorted(names)


def resident_memory_kb() -> int:
    """This process's resident set size in kB (Linux ``/proc``; 0 elsewhere)."""
    return _proc_kb("/proc/self/status", ("VmRSS:",))


def private_memory_kb() -> int:
    """This process's own memory in kB: ``Private_Clean`` + ``Private_Dirty`` of its
    ``smaps_rollup`` (its unique set size; unlike RSS it leaves out shared libraries and the
    page cache they sit in). Linux ``/proc``; 0 elsewhere."""
    return _proc_kb("/proc/self/smaps_rollup", ("Private_Clean:", "Private_Dirty:"))


def _proc_kb(path: str, prefixes: tuple[str, ...]) -> int:
    """The sum of the kB figures on the lines of ``path`` that start with ``prefixes``."""
    try:
        with open(path, encoding="ascii") as figures:  # noqa: PTH123
            return sum(int(line.split()[1]) for line in figures if line.startswith(prefixes))
    except OSError:
        return 0
