"""Get token, Send, resend and Cancel: the session driven with the secrets the profile names."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.calls import ApiRequest
from workbench.ui.frames import FrameValue

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.core.config import ClientConfig
    from workbench.ui.profiles.controller import ProfileController
    from workbench.ui.profiles.drafts import DraftSource
    from workbench.ui.session import WorkbenchSession


class _Resume(StrEnum):
    """A request that waits for a secret from the keychain."""

    GET_TOKEN = "get-token"
    RESEND = "resend"


class _Send(NamedTuple):
    """An API call that waits for a secret from the keychain: for its token (to recover on
    the way), or with no ``request`` yet for the API keys of the composer's."""

    request: ApiRequest | None


class RequestActions(QObject):
    """Starts and stops the session's requests with what the window shows.

    Secrets kept elsewhere are found when a request starts: an environment variable is read,
    an "ask every time" secret is asked for (once per run), a keychain secret still on its way
    makes the request wait for it (``ProfileController.token_config``). Showing another
    profile drops the last one's token.

    Signals:
        busy_changed(bool): whether a token request or an API call runs.
        api_busy_changed(bool): whether an API call runs.
        waiting_for(str, str): the method and URL of the request that was just sent, whose
            answer the window now waits for.

    The busy signals say busy at once, idle at most once a frame and only when it still holds
    then: a burst of sends does not flip the buttons every send.
    """

    busy_changed = Signal(bool)
    api_busy_changed = Signal(bool)
    waiting_for = Signal(str, str)

    def __init__(
        self,
        session: WorkbenchSession,
        profiles: ProfileController,
        editor: DraftSource,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._profiles = profiles
        self._editor = editor
        self._token_url = ""
        self._busy = FrameValue(self.busy_changed.emit, False, self, at_once=bool)
        self._api_busy = FrameValue(self.api_busy_changed.emit, False, self, at_once=bool)
        session.token_busy.connect(self.on_session_busy)
        session.api_busy.connect(self.on_session_busy)
        session.token_busy.connect(self.on_session_token_busy)
        session.api_busy.connect(self.on_session_api_busy)
        profiles.resume_requested.connect(self.on_profiles_resume_requested)
        profiles.switching.connect(self.on_profiles_switching)

    @Slot()
    def get_token(self) -> None:
        """Ctrl+T, the toolbar or the token panel: a token with the form's settings."""
        self._ask_token(_Resume.GET_TOKEN, self._session.get_token)

    @Slot(object)
    def send(self, request: ApiRequest) -> None:
        """Send ``request`` with the current token and the form's extra headers.

        With a recovery switch of the profile on, the session may get a new token on the way
        (before sending, or after a 401 for a lapsed token), so it is given the secrets too;
        when a secret cannot be found, the request goes without recovery. When the user refuses
        to confirm an imported profile, nothing is sent: the profile's hosts are not trusted.
        """
        if not self._profiles.request_ready(_Send(None)):
            return  # its API keys are on their way from the keychain: sent once they are in
        draft = self._editor.draft()
        options = draft.recovery
        if options.refetch_when_lapsed or options.replay_on_lapsed_401:
            config = self._profiles.token_config(resume=_Send(request))
            if config is not None:
                self._session.send_api(request, config, recovery=options)
                return
            if self._profiles.waiting_for_keychain:
                return  # sent once the keychain has answered
            if self._profiles.import_refused:
                return  # the status line says nothing was sent
        self._session.send_api(request, draft.config)

    @Slot()
    def resend(self) -> None:
        """A new token, then the last request once more (Get new token and resend)."""
        self._ask_token(_Resume.RESEND, self._session.get_token_and_resend)

    def _ask_token(self, resume: _Resume, start: Callable[[ClientConfig], object]) -> None:
        """``start`` a token request with the form's settings, or once the keychain answers."""
        config = self._profiles.token_config(resume=resume)
        if config is not None:
            self._token_url = config.token_url
            start(config)

    @Slot()
    def cancel(self) -> None:
        """Esc: stop the token request and the API call that run (each says so)."""
        self._session.cancel_token()
        self._session.cancel_api()

    @Slot(object)
    def on_profiles_resume_requested(self, resume: object) -> None:
        """The keychain gave the secret a request waited for: make that request now."""
        if resume is _Resume.GET_TOKEN:
            self.get_token()
        elif resume is _Resume.RESEND:
            self.resend()
        elif isinstance(resume, _Send):
            self.send(resume.request or self._editor.draft().request)

    @Slot()
    def on_profiles_switching(self) -> None:
        """Another profile is shown: the token of the last one goes (and a request for one)."""
        session = self._session
        if session.token is not None or session.token_busy_now:
            session.cancel_token()
            session.set_token(None)

    @Slot(bool)
    def on_session_token_busy(self, busy: bool) -> None:
        """A token request started: the window waits for the token endpoint."""
        if busy:
            self.waiting_for.emit("POST", self._token_url)

    @Slot(bool)
    def on_session_api_busy(self, busy: bool) -> None:
        """An API call started (also a resend after a new token): the window waits for it."""
        self._api_busy.set(busy)
        request = self._session.last_api_request
        if busy and request is not None:
            self.waiting_for.emit(request.method, request.url)

    @Slot(bool)
    def on_session_busy(self, _busy: bool) -> None:
        """A token request or an API call started or ended."""
        session = self._session
        self._busy.set(session.token_busy_now or session.api_busy_now)
