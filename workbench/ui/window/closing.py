"""Closing the window: who asked, and waiting for keychain saves without freezing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from workbench.ui.profiles.keychain_worker import CLOSE_WAIT_S

if TYPE_CHECKING:
    from workbench.ui.profiles.keychain_worker import KeychainWorker
    from workbench.ui.window.questions import WindowQuestions


class CloseGuard(QObject):
    """Tells a user's close (the close button, File > Quit, Ctrl+Q) from a close by code, and
    holds a user's close while keychain saves run: the window keeps answering and says why;
    after ``keychain_wait_s`` the user may quit anyway (a secret not saved is asked for again
    next time). A close by code waits at most ``CLOSE_WAIT_S`` for saves, and never for reads.

    Signals:
        status_message(str, int): why the window has not closed yet.
    """

    status_message = Signal(str, int)

    def __init__(
        self,
        window: QWidget,
        worker: KeychainWorker | None,
        questions: WindowQuestions,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._worker = worker
        self._questions = questions
        self.keychain_wait_s = CLOSE_WAIT_S
        """How long a user's close waits for keychain saves before asking to quit anyway."""
        self._quit_requested = False
        self._waiting = False
        self._without_keychain = False

    @Slot()
    def quit(self) -> None:
        """File > Quit (Ctrl+Q): close as the close button does, asking about unsaved work."""
        self._quit_requested = True
        self._window.close()

    def asked_by_user(self, event: QCloseEvent) -> bool:
        """True when the user closes (not code); call once per close event."""
        asked = event.spontaneous() or self._quit_requested
        self._quit_requested = False
        return asked

    def keychain_still_saving(self) -> bool:
        """True while keychain saves run at a user's close: the close is held, then done again
        once they end (or the user gives up on them)."""
        worker = self._worker
        if worker is None or not worker.started or not worker.saving or self._without_keychain:
            return False
        if not self._waiting:
            self._waiting = True
            worker.job_done.connect(self.on_worker_job_done)
            QTimer.singleShot(round(self.keychain_wait_s * 1000), self._too_slow)
        self.status_message.emit(
            "Saving to the keychain before closing (unlock it if it asks)…",
            round(self.keychain_wait_s * 1000),
        )
        return True

    def close_keychain(self) -> None:
        """The window closes: saves still queued get a bounded wait; reads are dropped."""
        worker = self._worker
        if worker is not None:
            waits = worker.saving and not self._without_keychain
            worker.close(CLOSE_WAIT_S if waits else 0.0)

    @Slot()
    def on_worker_job_done(self) -> None:
        """A keychain job ended: close once no save is left."""
        worker = self._worker
        if self._waiting and worker is not None and not worker.saving:
            self._close_again()

    def _too_slow(self) -> None:
        """The keychain kept the window waiting: quit without it, or wait on."""
        if not self._waiting:
            return
        if self._questions.confirm_close_without_keychain():
            self._without_keychain = True
            self._close_again()
        else:
            QTimer.singleShot(round(self.keychain_wait_s * 1000), self._too_slow)

    def _close_again(self) -> None:
        self._waiting = False
        if self._worker is not None:
            self._worker.job_done.disconnect(self.on_worker_job_done)
        self._quit_requested = True  # the user asked; unsaved changes were settled already
        self._window.close()
