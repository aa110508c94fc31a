"""The token panel: the current token, masked, and a live countdown repainted from its deadline."""

from __future__ import annotations

import dataclasses

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
from workbench.core.token import AccessToken, format_countdown
from workbench.ui.style import Tone, set_tone, tone_colour
from workbench.ui.token_words import (
    EXPIRED_TEXT,
    EXPIRING_TEXT,
    FRESH_TEXT,
    NO_TOKEN_TEXT,
    SERVER_EXPIRED_TEXT,
    UNKNOWN_TEXT,
    TokenState,
    claim_text,
    exp_comparison_text,
    format_local_time,
    masked_token_text,
    rejected_text,
    server_ahead_text,
    skew_text,
    token_state,
)

__all__ = [
    "EXPIRED_TEXT",
    "UNKNOWN_TEXT",
    "TokenPanel",
    "TokenState",
    "exp_comparison_text",
    "skew_text",
    "token_state",
]
from workbench.ui.widgets import banner, named

REPAINT_INTERVAL_MS = 200
"""How often the countdown is recomputed; the label only changes once a second."""
BAR_STEPS = 1000


def _tls_warning_banner() -> QLabel:
    """The strip next to Get token while secrets would go over TLS that is not verified: dark
    on pale yellow whatever the theme, so it stays readable in both and when presenting."""
    label = banner("tlsWarningLabel", "TLS verification is off")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleDescription(
        "Shown while secrets would go to a server whose certificate is not checked"
    )
    return label


class TokenPanel(QWidget):
    """Shows the current token and counts it down from its deadline.

    The timer only triggers a repaint; the time left is always ``token.remaining_s(clock)``,
    so a blocked event loop or a suspended laptop never makes the countdown drift.

    What the server did to the token is shown as soon as the window knows it (the demo
    sandbox's Expire now or Advance: ``note_server_expired``, ``note_server_clock_advanced``):
    the countdown is the app's own belief, the state line says what is true.

    Signals: ``get_token_requested()``, ``cancel_requested()``,
    ``manual_lifetime_changed(object)`` (the token with the user's lifetime applied),
    ``lapsed()`` (the token shown has just lapsed: its lifetime ran out or the server ended it).
    """

    get_token_requested = Signal()
    cancel_requested = Signal()
    manual_lifetime_changed = Signal(object)
    lapsed = Signal()

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenPanel")
        self.setAccessibleName("Token")
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._token: AccessToken | None = None
        self._rejected: AccessToken | None = None
        """The token the API refused as lapsed, if it is still the one shown."""
        self._rejected_early_s: float | None = None
        """How much of its stated lifetime was left when the API refused it (fixed then)."""
        self._server_ended_at: float | None = None
        """When (monotonic) the server ended the token shown, if it did."""
        self._server_ahead_s = 0.0
        """How far the server's clock ran ahead since the token shown was issued."""
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
        self.tlsWarningLabel = _tls_warning_banner()

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

        # What a developer reads and an audience does not need: folded away while presenting.
        self.tokenDetailsBox = QWidget()
        self.tokenDetailsBox.setObjectName("tokenDetailsBox")
        details = QFormLayout()
        self._details = details
        details.addRow("Type", self.tokenTypeLabel)
        details.addRow("Scope", self.tokenScopeLabel)
        details.addRow("Issued at", self.tokenIssuedLabel)
        details.addRow("Expires at", self.tokenExpiresLabel)
        details.addRow("Assume lifetime", self.manualLifetimeSpin)
        box = QVBoxLayout(self.tokenDetailsBox)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(details)
        box.addWidget(self.tokenSkewLabel)
        box.addWidget(self.jwtExpLabel)
        box.addWidget(self.jwtClaimsTable)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tlsWarningLabel)
        layout.addWidget(self.tokenProblemLabel)
        layout.addLayout(value_row)
        layout.addLayout(countdown_row)
        layout.addWidget(self.tokenExpiryBar)
        layout.addWidget(self.tokenStateLabel)
        layout.addWidget(self.tokenDetailsBox)
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

    def set_presenter_mode(self, enabled: bool, *, enlarge_type: bool = True) -> None:
        """While presenting the token, its countdown and its state stay; the type, scope,
        times, JWT details and Copy fold away (they come back as they were)."""
        del enlarge_type  # the window enlarges every font
        self.tokenDetailsBox.setVisible(not enabled)
        self.copyTokenButton.setVisible(not enabled)

    def state_texts(self) -> tuple[str, ...]:
        """Every state line the panel can show for the token it holds (the longest decides
        how much room the state needs)."""
        texts = [NO_TOKEN_TEXT, FRESH_TEXT, EXPIRING_TEXT, EXPIRED_TEXT, UNKNOWN_TEXT]
        texts += [SERVER_EXPIRED_TEXT, rejected_text(None), rejected_text(359999.0)]
        texts.append(server_ahead_text(9999.0, 359999.0))
        return tuple(texts)

    def set_clock(self, clock: Clock) -> None:
        """Count down on another clock (tests inject a ``ManualClock``)."""
        self._clock = clock
        self.refresh()

    @Slot(object)
    def set_token(self, token: AccessToken | None) -> None:
        """Show ``token`` (None: no token yet) and start counting it down."""
        self._token = token
        self._server_ended_at = None
        self._server_ahead_s = 0.0
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

    @Slot(str)
    def set_tls_warning(self, text: str) -> None:
        """Say, next to Get token, that secrets would go over TLS that is not verified (empty:
        all is verified, nothing shown)."""
        self.tlsWarningLabel.setText(f"⚠ {text}" if text else "")
        self.tlsWarningLabel.setVisible(bool(text))

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
        token = self._token
        if token is not None and token is not self._rejected:
            self._rejected = token
            remaining = token.remaining_s(self._clock)
            self._rejected_early_s = None if remaining is None else max(0.0, remaining)
            self.refresh()

    @Slot()
    def note_server_expired(self) -> None:
        """The server ended every token it issued, this one too, now (the sandbox's Expire now)."""
        if self._token is not None and self._server_ended_at is None:
            self._server_ended_at = self._clock.monotonic()
            self.refresh()

    @Slot(float)
    def note_server_clock_advanced(self, seconds: float) -> None:
        """The server's clock jumped ``seconds`` ahead: it ends this token that much sooner."""
        if self._token is not None and seconds > 0:
            self._server_ahead_s += seconds
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

    def server_remaining_s(self) -> float | None:
        """How long the server still accepts the token shown, when the window knows better
        than the token's own lifetime (Expire now, Advance); None otherwise."""
        token = self._token
        if token is None:
            return None
        if self._server_ended_at is not None:
            return 0.0
        remaining = token.remaining_s(self._clock)
        if self._server_ahead_s <= 0 or remaining is None:
            return None
        return max(0.0, remaining - self._server_ahead_s)

    def refresh(self) -> None:
        """Recompute the countdown, bar, state line and colours from the token's deadline and
        what the server did to it."""
        token = self._token
        state = token_state(token, self._clock)
        server_left = self.server_remaining_s()
        if token is not None and state is not TokenState.EXPIRED:
            if token is self._rejected:
                state = TokenState.REJECTED
            elif server_left is not None and server_left <= 0:
                state = TokenState.SERVER_EXPIRED
        if token is None:
            self._show("--:--:--", 0, NO_TOKEN_TEXT)
        elif state is TokenState.REJECTED:
            self._show("00:00:00", 0, rejected_text(self._rejected_early_s))
        else:
            remaining = token.remaining_s(self._clock)
            countdown = "unknown" if remaining is None else format_countdown(remaining)
            bar = round((token.fraction_left(self._clock) or 0.0) * BAR_STEPS)
            if state is TokenState.SERVER_EXPIRED:
                text = SERVER_EXPIRED_TEXT
            elif state is TokenState.UNKNOWN:
                text = UNKNOWN_TEXT
            elif state is TokenState.EXPIRED:
                text = EXPIRED_TEXT
            elif server_left is not None:
                state = TokenState.EXPIRING
                text = server_ahead_text(self._server_ahead_s, server_left)
            else:
                text = EXPIRING_TEXT if state is TokenState.EXPIRING else FRESH_TEXT
            self._show(countdown, bar, text)
        if state is not self._state:
            was_live = self._state in (TokenState.FRESH, TokenState.EXPIRING, TokenState.UNKNOWN)
            self._state = state
            self._apply_colours(state)
            if was_live and state in (TokenState.EXPIRED, TokenState.SERVER_EXPIRED):
                self.lapsed.emit()

    def _show(self, countdown: str, bar: int, state_text: str) -> None:
        self._set_text(self.tokenCountdownLabel, countdown)
        self.tokenExpiryBar.setValue(bar)
        self._set_text(self.tokenStateLabel, state_text)

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
            self.jwtClaimsTable.setItem(row, 1, QTableWidgetItem(claim_text(str(name), value)))

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
            TokenState.SERVER_EXPIRED: Tone.EXPIRED,
            TokenState.REJECTED: Tone.EXPIRED,
        }.get(state)
        if tone is None:
            set_tone(self.tokenCountdownLabel, None)
            set_tone(self.tokenStateLabel, None, bold=False)
            self.tokenExpiryBar.setStyleSheet("")
            return
        # The app's own countdown of a token the server ended is a belief, not a fact: amber.
        countdown_tone = Tone.EXPIRING if state is TokenState.SERVER_EXPIRED else tone
        set_tone(self.tokenCountdownLabel, countdown_tone, self.palette())
        lapsed = state in (TokenState.EXPIRED, TokenState.SERVER_EXPIRED, TokenState.REJECTED)
        set_tone(self.tokenStateLabel, tone, self.palette(), bold=lapsed)
        colour = tone_colour(tone, self.palette()).name()
        self.tokenExpiryBar.setStyleSheet(
            f"QProgressBar {{ border: 1px solid {colour}; border-radius: 3px; }}"
            f"QProgressBar::chunk {{ background-color: {colour}; }}"
        )
