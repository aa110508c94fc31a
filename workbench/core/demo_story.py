"""Where the demo story is, from what really happened: token held, API called, lapsed, refused."""

from __future__ import annotations

from enum import IntEnum


class StoryPoint(IntEnum):
    """How far the client-credentials story has come, in the order it is told."""

    START = 0
    """No token yet."""
    TOKEN_HELD = 1
    """A token was received and not used yet."""
    API_CALLED = 2
    """The API accepted the token."""
    TOKEN_LAPSED = 3
    """The token lapsed (the server expired it, or its lifetime ran out); no call said so yet."""
    REFUSED = 4
    """The API refused the token as expired."""
    RECOVERED = 5
    """After the refusal, a new token and the API accepted it."""


class StoryTracker:
    """Follows the real events of a session and says which ``StoryPoint`` they reached.

    Each method takes one event and returns the point now reached when it changed, None when
    the event changes nothing (an error that is not about the token, a second 200).
    """

    def __init__(self) -> None:
        self._point = StoryPoint.START
        self._renewed_since_refusal = False

    @property
    def point(self) -> StoryPoint:
        """The point reached."""
        return self._point

    def token_changed(self, has_token: bool) -> StoryPoint | None:
        """A new token arrived (``has_token``), or the token was dropped."""
        if not has_token:
            return self._move(StoryPoint.START)
        if self._point is StoryPoint.REFUSED:
            self._renewed_since_refusal = True  # recovering: the call with it tells the rest
            return None
        return self._move(StoryPoint.TOKEN_HELD)

    def api_answered(self, *, accepted: bool, token_lapsed: bool) -> StoryPoint | None:
        """The API answered a call: ``accepted`` (a 2xx with data), or refused the token as
        lapsed (``token_lapsed``); any other answer moves nothing."""
        if token_lapsed and self._point is not StoryPoint.START:
            self._renewed_since_refusal = False
            return self._move(StoryPoint.REFUSED)
        if not accepted or self._point in (StoryPoint.START, StoryPoint.RECOVERED):
            return None
        if self._point is StoryPoint.REFUSED and self._renewed_since_refusal:
            return self._move(StoryPoint.RECOVERED)
        return self._move(StoryPoint.API_CALLED)

    def token_lapsed(self) -> StoryPoint | None:
        """The token held lapsed: the server expired it, or its lifetime ran out."""
        if self._point in (StoryPoint.START, StoryPoint.TOKEN_LAPSED, StoryPoint.REFUSED):
            return None
        return self._move(StoryPoint.TOKEN_LAPSED)

    def _move(self, point: StoryPoint) -> StoryPoint | None:
        if point is self._point:
            return None
        self._point = point
        return point
