"""Sharing what happened: the Export dialog, Copy as cURL and Python, the timeline's menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from workbench.core.http import Exchange
from workbench.ui.widgets import STATUS_MESSAGE_MS

if TYPE_CHECKING:
    from workbench.core.exports import ExportSources
    from workbench.ui.profiles.controller import ProfileController
    from workbench.ui.profiles.editor import ProfileEditor
    from workbench.ui.response.panel import ResponseViewer
    from workbench.ui.timeline import TimelineView
    from workbench.ui.window.questions import WindowQuestions


class ExportActions(QObject):
    """File > Export…, Edit > Copy as cURL and Copy as Python, and the timeline's right-click
    menu; secrets are masked unless the user includes them (never while presenting).

    Signals:
        status_message(str, int): what was copied or saved, for the status bar.
    """

    status_message = Signal(str, int)

    def __init__(
        self,
        window: QWidget,
        *,
        timeline: TimelineView,
        viewer: ResponseViewer,
        editor: ProfileEditor,
        profiles: ProfileController,
        questions: WindowQuestions,
        presenting: QAction,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._timeline = timeline
        self._viewer = viewer
        self._editor = editor
        self._profiles = profiles
        self._questions = questions
        self._presenting = presenting
        """Presenter mode's action: while it is on, Export cannot include secrets."""
        self.menu_actions: tuple[QAction, ...] = ()
        """What the timeline's menu offers (the window's Copy as cURL and Export…)."""

    def selected_exchange(self) -> Exchange | None:
        """The exchange selected in the timeline, else the one the viewer shows."""
        selected = self._timeline.selected_exchange()
        return selected if selected is not None else self._viewer.exchange()

    def sources(self) -> ExportSources:
        """What can be exported now (the timeline oldest first, the profile, the selection)."""
        from workbench.core.exports import ExportSources

        draft = self._editor.draft()
        profiles = self._profiles
        return ExportSources(
            story=self._timeline.story(),
            config=draft.config,
            profile_name=profiles.current_profile().name if profiles.current_id else "",
            selected=self.selected_exchange(),
            request=self._editor.shown_request(),
        )

    @Slot()
    def export(self) -> None:
        """File > Export…: HAR, debug report, cURL or Python, secrets masked unless ticked."""
        from workbench.core.exports import ExportFormat
        from workbench.ui.export_dialog import ExportDialog

        questions = self._questions
        dialog = ExportDialog(
            self.sources(),
            initial=ExportFormat.HAR,
            choose_file=questions.choose_export_file,
            parent=self._window,
        )
        dialog.exported.connect(self.on_export_dialog_exported)
        if self._presenting.isChecked():  # on a projector, secrets stay out of reach
            dialog.keep_secrets_out("Leave presenter mode (F11) to include secrets")
        try:
            questions.run_dialog(dialog)
        finally:
            dialog.deleteLater()

    @Slot(str)
    def on_export_dialog_exported(self, message: str) -> None:
        """Repeat the export dialog's outcome in the status bar."""
        self.status_message.emit(message, STATUS_MESSAGE_MS)

    @Slot()
    def copy_as_curl(self) -> None:
        """Copy the selected exchange as a curl command, secrets as placeholders (and every
        secret the session knows masked: one from another exchange as well)."""
        from workbench.core.exports import ExportFormat, export_text

        sources = self.sources()
        if sources.selected is None:
            self.status_message.emit("No exchange to copy yet", STATUS_MESSAGE_MS)
            return
        text = export_text(sources, ExportFormat.CURL, include_secrets=False)
        QGuiApplication.clipboard().setText(text)
        self.status_message.emit(
            "Copied as cURL; secrets are $PLACEHOLDERS (File > Export… can include them).",
            STATUS_MESSAGE_MS,
        )

    @Slot()
    def copy_as_python(self) -> None:
        """Copy a Python snippet doing the same token request and API call (no secret in it)."""
        from workbench.core.exports import ExportFormat, export_text
        from workbench.core.snippet import CLIENT_SECRET_ENV

        text = export_text(self.sources(), ExportFormat.PYTHON, include_secrets=False)
        QGuiApplication.clipboard().setText(text)
        self.status_message.emit(
            f"Copied as Python; it reads the client secret from ${CLIENT_SECRET_ENV}.",
            STATUS_MESSAGE_MS,
        )

    @Slot(QPoint)
    def on_timeline_context_menu_requested(self, position: QPoint) -> None:
        """Right-click on an exchange: Copy as cURL, or Export…."""
        menu = self.timeline_menu(position)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self._timeline.viewport().mapToGlobal(position))

    def timeline_menu(self, position: QPoint) -> QMenu:
        """The timeline's context menu for a click at ``position`` (its row is selected)."""
        timeline = self._timeline
        index = timeline.indexAt(position)
        if index.isValid():
            timeline.select_row(index.row())
        menu = QMenu(timeline)
        menu.setObjectName("timelineMenu")
        menu.addActions(list(self.menu_actions))
        return menu
