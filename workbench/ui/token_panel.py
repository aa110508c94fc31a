"""The token panel: the current token, masked, and a live countdown repainted from its deadline."""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.clock import Clock, SystemClock
from workbench.core.http import Exchange
from workbench.core.problems import Problem
from workbench.core.recovery import means_token_lapsed
from workbench.core.secret import MASK
from workbench.core.token import AccessToken, format_countdown
from workbench.ui.style import Tone, set_tone, tone_colour
from workbench.ui.widgets import named

REPAINT_INTERVAL_MS = 200
"""How often the countdown is recomputed; the label only changes once a second."""
SKEW_SHOWN_OVER_S = 5.0
"""Clock skew smaller than this is not worth mentioning."""
EXP_AGREES_WITHIN_S = 2.0
"""A JWT ``exp`` this close to what ``expires_in`` implies counts as agreeing."""
BAR_STEPS = 1000
TIME_CLAIMS = frozenset({"exp", "iat", "nbf", "auth_time"})


class TokenState(StrEnum):
    """Where a token is in its life, as the panel colours it."""

    NONE = "none"
    FRESH = "fresh"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REJECTED = "rejected"
    """The API refused the token as lapsed before our clock said so (revoked, expired early)."""
    UNKNOWN = "unknown"


EXPIRED_TEXT = "Expired — the next API call will be refused with 401; get a new token"
UNKNOWN_TEXT = "Lifetime unknown — the provider sent no expires_in"
REJECTED_TEXT = (
    "The API says this token has expired, {remaining} before its stated lifetime ran out: "
    "get a new token"
)


def token_state(token: AccessToken | None, clock: Clock) -> TokenState:
    """Classify ``token`` at ``clock``'s now."""
    if token is None:
        return TokenState.NONE
    if token.remaining_s(clock) is None:
        return TokenState.UNKNOWN
    if token.is_expired(clock):
        return TokenState.EXPIRED
    if token.is_expiring(clock):
        return TokenState.EXPIRING
    return TokenState.FRESH


def format_local_time(epoch_s: float) -> str:
    """An epoch time in this computer's time zone, to the second."""
    from datetime import datetime  # first token only: not needed to open the window

    return datetime.fromtimestamp(epoch_s).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")


def masked_token_text(token: AccessToken, *, reveal: bool) -> str:
    """``Bearer e222••••••`` (type, then the first 4 characters) or the whole token."""
    value = token.value.reveal()
    shown = value if reveal else (value[:4] + MASK if len(value) > 8 else MASK)
    return f"{token.token_type} {shown}".strip()


def exp_comparison_text(token: AccessToken) -> str:
    """How the JWT's ``exp`` compares with what ``expires_in`` implies; empty when not a JWT."""
    exp = token.jwt_exp_wall
    if exp is None:
        return ""
    if token.expires_in_s is None:
        return f"JWT exp: {format_local_time(exp)} (the response has no expires_in)"
    base = token.server_date_wall if token.server_date_wall is not None else token.received_wall
    difference_s = exp - (base + token.expires_in_s)
    if abs(difference_s) <= EXP_AGREES_WITHIN_S:
        return f"JWT exp {format_local_time(exp)} agrees with expires_in"
    direction = "later" if difference_s > 0 else "earlier"
    return (
        f"JWT exp {format_local_time(exp)} is {abs(difference_s):.0f} s {direction} than "
        f"expires_in ({token.expires_in_s:.0f} s) says; the API will go by exp"
    )


def skew_text(token: AccessToken) -> str:
    """The clock skew in words when it is over ``SKEW_SHOWN_OVER_S``; else empty."""
    skew = token.clock_skew_s
    if skew is None or abs(skew) <= SKEW_SHOWN_OVER_S:
        return ""
    direction = "ahead of" if skew > 0 else "behind"
    return f"The server's clock is {abs(skew):.0f} s {direction} this computer's (Date header)"


def _claim_text(name: str, value: Any) -> str:
    if name in TIME_CLAIMS and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value} ({format_local_time(float(value))})"
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False)


class TokenPanel(QWidget):
    """Shows the current token and counts it down from its deadline.

    The timer only triggers a repaint; the time left is always ``token.remaining_s(clock)``,
    so a blocked event loop or a suspended laptop never makes the countdown drift.

    Signals: ``get_token_requested()``, ``cancel_requested()``,
    ``manual_lifetime_changed(object)`` (the token with the user's lifetime applied).
    """

    get_token_requested = Signal()
    cancel_requested = Signal()
    manual_lifetime_changed = Signal(object)

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenPanel")
        self.setAccessibleName("Token")
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._token: AccessToken | None = None
        self._rejected: AccessToken | None = None
        """The token the API refused as lapsed, if it is still the one shown."""
        self._state = TokenState.NONE
        self._build()
        self._build_layout()
        self._timer = QTimer(self)
        self._timer.setObjectName("tokenCountdownTimer")
        self._timer.setInterval(REPAINT_INTERVAL_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self.set_token(None)

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        self.getTokenButton = named(
            QPushButton("Get token"),
            "getTokenButton",
            "Get token",
            "Ask the token endpoint for a new token with the credentials above (Ctrl+T)",
        )
        self.getTokenButton.setToolTip("Ask the token endpoint for a new token (Ctrl+T)")
        self.getTokenButton.clicked.connect(self.get_token_requested)
        self.cancelTokenButton = named(
            QPushButton("Cancel"),
            "cancelTokenButton",
            "Cancel token request",
            "Stop the token request that is running",
        )
        self.cancelTokenButton.clicked.connect(self.cancel_requested)
        self.cancelTokenButton.setVisible(False)
        self.tokenBusyLabel = named(QLabel(""), "tokenBusyLabel", "Token request status")

        self.tokenValueLabel = named(QLabel(""), "tokenValueLabel", "Access token")
        self.tokenValueLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tokenValueLabel.setWordWrap(True)
        self.revealTokenCheck = named(
            QCheckBox("Reveal"),
            "revealTokenCheck",
            "Reveal token",
            "Show the access token in clear",
        )
        self.revealTokenCheck.toggled.connect(self.on_reveal_toggled)
        self.copyTokenButton = named(
            QPushButton("Copy"),
            "copyTokenButton",
            "Copy token",
            "Copy the access token to the clipboard",
        )
        self.copyTokenButton.clicked.connect(self.on_copy_clicked)

        self.tokenCountdownLabel = named(QLabel(""), "tokenCountdownLabel", "Time left")
        font = self.tokenCountdownLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.tokenCountdownLabel.setFont(font)
        self.tokenExpiryBar = named(QProgressBar(), "tokenExpiryBar", "Token lifetime left")
        self.tokenExpiryBar.setRange(0, BAR_STEPS)
        self.tokenExpiryBar.setTextVisible(False)
        self.tokenExpiryBar.setFixedHeight(10)
        self.tokenStateLabel = named(QLabel(""), "tokenStateLabel", "Token state")
        self.tokenStateLabel.setWordWrap(True)

        self.tokenTypeLabel = named(QLabel(""), "tokenTypeLabel", "Token type")
        self.tokenScopeLabel = named(QLabel(""), "tokenScopeLabel", "Granted scope")
        self.tokenScopeLabel.setWordWrap(True)
        self.tokenIssuedLabel = named(QLabel(""), "tokenIssuedLabel", "Issued at")
        self.tokenExpiresLabel = named(QLabel(""), "tokenExpiresLabel", "Expires at")
        self.manualLifetimeSpin = named(
            QSpinBox(),
            "manualLifetimeSpin",
            "Assumed lifetime in seconds",
            "The provider sent no expires_in: the lifetime to assume for the countdown",
        )
        self.manualLifetimeSpin.setRange(0, 7 * 24 * 3600)
        self.manualLifetimeSpin.setSuffix(" s")
        self.manualLifetimeSpin.setSpecialValueText("unknown")
        self.manualLifetimeSpin.setToolTip(
            "The provider sent no expires_in; assume a lifetime to get a countdown"
        )
        self.manualLifetimeSpin.valueChanged.connect(self.on_manual_lifetime_value_changed)
        self.tokenSkewLabel = named(QLabel(""), "tokenSkewLabel", "Clock skew")
        self.tokenSkewLabel.setWordWrap(True)
        self.jwtExpLabel = named(QLabel(""), "jwtExpLabel", "JWT exp compared with expires_in")
        self.jwtExpLabel.setWordWrap(True)
        self.tokenProblemLabel = named(QLabel(""), "tokenProblemLabel", "Token problem")
        self.tokenProblemLabel.setWordWrap(True)

        self.jwtClaimsTable = named(QTableWidget(0, 2), "jwtClaimsTable", "JWT claims")
        self.jwtClaimsTable.setHorizontalHeaderLabels(["Claim", "Value"])
        self.jwtClaimsTable.verticalHeader().setVisible(False)
        self.jwtClaimsTable.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.jwtClaimsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.jwtClaimsTable.setMaximumHeight(140)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.getTokenButton)
        buttons.addWidget(self.cancelTokenButton)
        buttons.addWidget(self.tokenBusyLabel, 1)

        value_row = QHBoxLayout()
        value_row.addWidget(self.tokenValueLabel, 1)
        value_row.addWidget(self.revealTokenCheck)
        value_row.addWidget(self.copyTokenButton)

        countdown_row = QHBoxLayout()
        countdown_row.addWidget(QLabel("Expires in"))
        countdown_row.addWidget(self.tokenCountdownLabel)
        countdown_row.addStretch(1)

        details = QFormLayout()
        self._details = details
        details.addRow("Type", self.tokenTypeLabel)
        details.addRow("Scope", self.tokenScopeLabel)
        details.addRow("Issued at", self.tokenIssuedLabel)
        details.addRow("Expires at", self.tokenExpiresLabel)
        details.addRow("Assume lifetime", self.manualLifetimeSpin)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tokenProblemLabel)
        layout.addLayout(value_row)
        layout.addLayout(countdown_row)
        layout.addWidget(self.tokenExpiryBar)
        layout.addWidget(self.tokenStateLabel)
        layout.addLayout(details)
        layout.addWidget(self.tokenSkewLabel)
        layout.addWidget(self.jwtExpLabel)
        layout.addWidget(self.jwtClaimsTable)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    # ----------------------------------------------------------------- API

    @property
    def token(self) -> AccessToken | None:
        """The token shown."""
        return self._token

    @property
    def state(self) -> TokenState:
        """The state last painted."""
        return self._state

    def set_clock(self, clock: Clock) -> None:
        """Count down on another clock (tests inject a ``ManualClock``)."""
        self._clock = clock
        self.refresh()

    @Slot(object)
    def set_token(self, token: AccessToken | None) -> None:
        """Show ``token`` (None: no token yet) and start counting it down."""
        self._token = token
        self.tokenProblemLabel.setVisible(False)
        has_token = token is not None
        self.revealTokenCheck.setEnabled(has_token)
        self.copyTokenButton.setEnabled(has_token)
        self._fill_details()
        self.refresh()
        if has_token:
            self._timer.start()
        else:
            self._timer.stop()

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """Show that a token request is running, with its Cancel."""
        self.getTokenButton.setEnabled(not busy)
        self.cancelTokenButton.setVisible(busy)
        self.tokenBusyLabel.setText("Asking the token endpoint…" if busy else "")

    @Slot()
    def mark_rejected(self) -> None:
        """The API refused the shown token as lapsed: show it expired, whatever our clock says.

        A provider can end a token early (GetResponse's sandbox "Expire now", a revocation);
        the countdown keeps the provider's stated lifetime, the state says what the API said.
        """
        if self._token is not None:
            self._rejected = self._token
            self.refresh()

    @Slot(object, object)
    def note_api_answer(self, exchange: Exchange, problem: Problem | None) -> None:
        """An API answer that says the token shown here lapsed marks it refused."""
        token = self._token
        if token is None or not means_token_lapsed(exchange, problem):
            return
        value = token.value.reveal()
        if value and any(value in header for _name, header in exchange.request.headers):
            self.mark_rejected()

    @Slot(object)
    def show_problem(self, problem: Problem) -> None:
        """Say why the last token request gave no token; the current token stays."""
        title = getattr(problem, "title", str(problem))
        self.tokenProblemLabel.setText(f"No new token: {title}")
        set_tone(self.tokenProblemLabel, Tone.EXPIRED, self.palette())
        self.tokenProblemLabel.setVisible(True)

    def refresh(self) -> None:
        """Recompute the countdown, bar and colours from the token's deadline."""
        token = self._token
        state = token_state(token, self._clock)
        rejected = token is not None and token is self._rejected
        if rejected and state in (TokenState.FRESH, TokenState.EXPIRING, TokenState.UNKNOWN):
            state = TokenState.REJECTED
        if token is None:
            self._set_text(self.tokenCountdownLabel, "--:--:--")
            self.tokenExpiryBar.setValue(0)
            self._set_text(self.tokenStateLabel, "No token yet: press Get token (Ctrl+T)")
        elif state is TokenState.REJECTED:
            remaining = token.remaining_s(self._clock)
            left = format_countdown(remaining) if remaining is not None else "unknown time"
            self._set_text(self.tokenCountdownLabel, "00:00:00")
            self.tokenExpiryBar.setValue(0)
            self._set_text(self.tokenStateLabel, REJECTED_TEXT.format(remaining=left))
        elif state is TokenState.UNKNOWN:
            self._set_text(self.tokenCountdownLabel, "unknown")
            self.tokenExpiryBar.setValue(0)
            self._set_text(self.tokenStateLabel, UNKNOWN_TEXT)
        else:
            remaining = token.remaining_s(self._clock) or 0.0
            self._set_text(self.tokenCountdownLabel, format_countdown(remaining))
            fraction = token.fraction_left(self._clock) or 0.0
            self.tokenExpiryBar.setValue(round(fraction * BAR_STEPS))
            if state is TokenState.EXPIRED:
                self._set_text(self.tokenStateLabel, EXPIRED_TEXT)
            elif state is TokenState.EXPIRING:
                self._set_text(self.tokenStateLabel, "Expiring soon")
            else:
                self._set_text(self.tokenStateLabel, "Fresh")
        if state is not self._state:
            self._state = state
            self._apply_colours(state)

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_timer_timeout(self) -> None:
        """Repaint from the deadline."""
        self.refresh()

    @Slot(bool)
    def on_reveal_toggled(self, _checked: bool) -> None:
        """Show the token in clear or masked."""
        self._fill_value()

    @Slot()
    def on_copy_clicked(self) -> None:
        """Put the token (in clear: copying is explicit) on the clipboard."""
        if self._token is not None:
            QGuiApplication.clipboard().setText(self._token.value.reveal())
            self.tokenBusyLabel.setText("Token copied")

    @Slot(int)
    def on_manual_lifetime_value_changed(self, value: int) -> None:
        """Apply an assumed lifetime to a token whose lifetime is unknown."""
        token = self._token
        if token is None or token.expires_in_s is not None:
            return
        lifetime = float(value) if value > 0 else None
        if token.manual_lifetime_s == lifetime:
            return
        updated = dataclasses.replace(token, manual_lifetime_s=lifetime)
        self._token = updated
        self._fill_details()
        self.refresh()
        self.manual_lifetime_changed.emit(updated)

    # ----------------------------------------------------------------- internals

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    def _fill_value(self) -> None:
        token = self._token
        if token is None:
            self.tokenValueLabel.setText("No token")
            return
        self.tokenValueLabel.setText(
            masked_token_text(token, reveal=self.revealTokenCheck.isChecked())
        )

    def _fill_details(self) -> None:
        token = self._token
        self._fill_value()
        if token is None:
            for label in (self.tokenTypeLabel, self.tokenScopeLabel, self.tokenIssuedLabel):
                label.setText("—")
            self.tokenExpiresLabel.setText("—")
            self._details.setRowVisible(self.manualLifetimeSpin, False)
            self.tokenSkewLabel.setVisible(False)
            self.jwtExpLabel.setVisible(False)
            self.jwtClaimsTable.setVisible(False)
            return
        bearer_note = "" if token.is_bearer else " (not Bearer: the API may not accept it)"
        self.tokenTypeLabel.setText(f"{token.token_type or '(none)'}{bearer_note}")
        granted = token.scope if token.scope is not None else "(not stated)"
        requested = token.requested_scope or "(none)"
        self.tokenScopeLabel.setText(f"granted: {granted}   ·   requested: {requested}")
        self.tokenIssuedLabel.setText(format_local_time(token.received_wall))
        expires_at = token.expires_at_wall
        if expires_at is None:
            self.tokenExpiresLabel.setText("unknown (no expires_in)")
        else:
            source = "" if token.expires_in_s is not None else " (assumed)"
            self.tokenExpiresLabel.setText(f"{format_local_time(expires_at)}{source}")
        unknown = token.expires_in_s is None
        self._details.setRowVisible(self.manualLifetimeSpin, unknown)
        if unknown:
            self.manualLifetimeSpin.blockSignals(True)
            self.manualLifetimeSpin.setValue(int(token.manual_lifetime_s or 0))
            self.manualLifetimeSpin.blockSignals(False)
        skew = skew_text(token)
        self.tokenSkewLabel.setText(skew)
        self.tokenSkewLabel.setVisible(bool(skew))
        comparison = exp_comparison_text(token)
        self.jwtExpLabel.setText(comparison)
        self.jwtExpLabel.setVisible(bool(comparison))
        claims = token.jwt_claims
        self.jwtClaimsTable.setVisible(bool(claims))
        self.jwtClaimsTable.setRowCount(0)
        for name, value in (claims or {}).items():
            row = self.jwtClaimsTable.rowCount()
            self.jwtClaimsTable.insertRow(row)
            self.jwtClaimsTable.setItem(row, 0, QTableWidgetItem(str(name)))
            self.jwtClaimsTable.setItem(row, 1, QTableWidgetItem(_claim_text(str(name), value)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new palette (light/dark theme): recolour the countdown, state and problem."""
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_colours(self._state)
            set_tone(self.tokenProblemLabel, Tone.EXPIRED, self.palette())
        super().changeEvent(event)

    def _apply_colours(self, state: TokenState) -> None:
        tone = {
            TokenState.FRESH: Tone.FRESH,
            TokenState.EXPIRING: Tone.EXPIRING,
            TokenState.EXPIRED: Tone.EXPIRED,
            TokenState.REJECTED: Tone.EXPIRED,
        }.get(state)
        if tone is None:
            set_tone(self.tokenCountdownLabel, None)
            set_tone(self.tokenStateLabel, None, bold=False)
            self.tokenExpiryBar.setStyleSheet("")
            return
        set_tone(self.tokenCountdownLabel, tone, self.palette())
        lapsed = state in (TokenState.EXPIRED, TokenState.REJECTED)
        set_tone(self.tokenStateLabel, tone, self.palette(), bold=lapsed)
        colour = tone_colour(tone, self.palette()).name()
        self.tokenExpiryBar.setStyleSheet(
            f"QProgressBar {{ border: 1px solid {colour}; border-radius: 3px; }}"
            f"QProgressBar::chunk {{ background-color: {colour}; }}"
        )
