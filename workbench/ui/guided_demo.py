"""The guided demo: steps with narration for the presenter, each driving one real action."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.core.demo_story import StoryPoint
from workbench.ui.widgets import named

ACTION_GET_TOKEN = "get-token"
ACTION_CALL_API = "call-api"
ACTION_EXPIRE_NOW = "expire-now"
ACTION_RECOVER = "get-new-token-and-resend"
ACTIONS = (ACTION_GET_TOKEN, ACTION_CALL_API, ACTION_EXPIRE_NOW, ACTION_RECOVER)
"""Every action a step can ask for; the window maps each to a real one."""


@dataclass(frozen=True)
class DemoStep:
    """One step of the guided demo: what the presenter says, and what the workbench does."""

    key: str
    title: str
    narration: str
    """Plain words for an audience that does not code; read aloud or left on screen."""
    action: str = ""
    """One of ``ACTIONS``, run when the presenter arrives at this step; empty for none."""
    action_label: str = ""
    """What the action does, for the buttons' tooltips."""
    reached_at: StoryPoint | None = None
    """The point of the real story at which this step has happened (None: only by Next)."""


DEMO_STEPS: tuple[DemoStep, ...] = (
    DemoStep(
        "intro",
        "Three parties and a pass",
        "Your app wants data from an API. The API only answers apps that show a valid "
        "access token, a kind of day pass. The authorization server hands out passes to apps "
        "that prove who they are. Watch the diagram: each arrow is one message.",
        reached_at=StoryPoint.START,
    ),
    DemoStep(
        "get-token",
        "Get a token",
        "Your app sends its id and secret to the authorization server. They match, so it "
        "gets back an access token: a long random code. In this demo it works for one "
        "minute; the countdown shows the time left.",
        ACTION_GET_TOKEN,
        "Get a token",
        StoryPoint.TOKEN_HELD,
    ),
    DemoStep(
        "call-api",
        "Call the API with the token",
        "Now your app calls the API and shows the token. The API checks it and sends the "
        "data back. “200 OK” means it worked.",
        ACTION_CALL_API,
        "Call the API",
        StoryPoint.API_CALLED,
    ),
    DemoStep(
        "expire",
        "Let the token lapse",
        "Passes do not last forever. Rather than wait for the minute to run out, we tell the "
        "practice server to treat every token as expired, right now. Your app does not know "
        "yet: it still holds the old token.",
        ACTION_EXPIRE_NOW,
        "Expire every token now",
        StoryPoint.TOKEN_LAPSED,
    ),
    DemoStep(
        "see-401",
        "The API says no",
        "Your app calls the API again with the same token. The API refuses with “401 "
        "Unauthorized”. The workbench puts the error in plain words: the token has expired, "
        "so get a new one and try again.",
        ACTION_CALL_API,
        "Call the API again",
        StoryPoint.REFUSED,
    ),
    DemoStep(
        "recover",
        "Recover: a new token, the same request",
        "The cure is simple. Your app asks the authorization server for a new token, then "
        "sends the same request again, and the data comes back. Well-built apps do this by "
        "themselves; the workbench can too.",
        ACTION_RECOVER,
        "Get a new token and send the request again",
        StoryPoint.RECOVERED,
    ),
    DemoStep(
        "wrap-up",
        "That is the whole flow",
        "Credentials in, token out; token in, data out; and when the token lapses, a new "
        "one. Every message is in the timeline, and can be shared as a report with the "
        "secrets hidden.",
    ),
)


class GuidedDemoPanel(QWidget):
    """Back and Next through ``DEMO_STEPS``, with the step's title and narration.

    Next moves to the following step and asks for its action (``step_action_requested``);
    ``follow`` moves to the step the real story has reached, when the presenter acted by hand;
    Back moves to the previous step to read it again and asks for nothing (undoing a step is
    not possible: time only goes forward); "Run this step" asks for the current step's action
    once more. Neither button goes past the ends. ``set_busy`` holds the buttons while an
    action runs.

    Signals:
        step_action_requested(str): one of ``ACTIONS``, to be run by the window.
        step_changed(int): the index of the step now shown.
    """

    step_action_requested = Signal(str)
    step_changed = Signal(int)

    def __init__(
        self, steps: tuple[DemoStep, ...] = DEMO_STEPS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if not steps:
            raise ValueError("the guided demo needs at least one step")
        self.setObjectName("guidedDemoPanel")
        self.setAccessibleName("Guided demo")
        self._steps = steps
        self._index = 0
        self._busy = False

        self.stepLabel = named(QLabel(""), "guidedDemoStepLabel", "Step number")
        self.titleLabel = named(QLabel(""), "guidedDemoTitle", "Step title")
        title_font = self.titleLabel.font()
        title_font.setBold(True)
        title_font.setPointSizeF(max(title_font.pointSizeF(), 9.0) * 1.25)
        self.titleLabel.setFont(title_font)
        self.titleLabel.setWordWrap(True)
        self.narrationLabel = named(QLabel(""), "guidedDemoNarration", "Narration")
        self.narrationLabel.setWordWrap(True)
        self.narrationLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.narrationLabel.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.backButton = named(QPushButton("Back"), "guidedDemoBackButton", "Previous step")
        self.runButton = named(
            QPushButton("Run this step"), "guidedDemoRunButton", "Run this step again"
        )
        self.nextButton = named(QPushButton("Next"), "guidedDemoNextButton", "Next step")
        self.backButton.clicked.connect(self.on_back_button_clicked)
        self.runButton.clicked.connect(self.on_run_button_clicked)
        self.nextButton.clicked.connect(self.on_next_button_clicked)

        header = QHBoxLayout()
        header.addWidget(self.titleLabel, 1)
        header.addWidget(self.stepLabel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backButton)
        buttons.addStretch(1)
        buttons.addWidget(self.runButton)
        buttons.addWidget(self.nextButton)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.narrationLabel, 1)
        layout.addLayout(buttons)
        self._show_step()

    # ----------------------------------------------------------------- API

    @property
    def steps(self) -> tuple[DemoStep, ...]:
        """Every step, in order."""
        return self._steps

    def current_index(self) -> int:
        """The index of the step shown."""
        return self._index

    def current_step(self) -> DemoStep:
        """The step shown."""
        return self._steps[self._index]

    def go_to(self, index: int, *, run: bool = False) -> None:
        """Show step ``index`` (clamped to the ends); with ``run``, ask for its action."""
        self._index = min(len(self._steps) - 1, max(0, index))
        self._show_step()
        self.step_changed.emit(self._index)
        if run:
            self._request_action()

    def restart(self) -> None:
        """Back to the first step, asking for nothing."""
        self.go_to(0)

    def follow(self, point: StoryPoint) -> None:
        """The real story reached ``point`` (by the steps' actions or by hand): show the step
        where that happens, without running anything; a step already there stays."""
        for index, step in enumerate(self._steps):
            if step.reached_at is point:
                if index != self._index:
                    self.go_to(index)
                return

    def height_for_every_step(self, width: int) -> int:
        """The height the panel needs at ``width`` to show any step's words in full.

        Measured from the labels themselves (a layout's cached heights for its nested rows can
        lag behind a text just set): the title beside the step number, the narration, the
        buttons, and the spacing and margins between them.
        """
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        spacing = max(0, layout.spacing())
        title_width = inner - spacing - self.stepLabel.sizeHint().width()
        buttons = max(b.sizeHint().height() for b in (self.backButton, self.nextButton))
        fixed = margins.top() + margins.bottom() + 2 * spacing + buttons
        heights = [
            fixed
            + max(
                _height_for(self.titleLabel, step.title, title_width),
                self.stepLabel.sizeHint().height(),
            )
            + _height_for(self.narrationLabel, step.narration, inner)
            for step in self._steps
        ]
        return max(heights)

    def set_busy(self, busy: bool) -> None:
        """Hold Next and Run while an action runs (Back stays: it only shows text)."""
        self._busy = bool(busy)
        self._update_buttons()

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_next_button_clicked(self) -> None:
        """The next step, and its action."""
        if self._index + 1 < len(self._steps) and not self._busy:
            self.go_to(self._index + 1, run=True)

    @Slot()
    def on_back_button_clicked(self) -> None:
        """The previous step's words again; nothing is run."""
        if self._index > 0:
            self.go_to(self._index - 1)

    @Slot()
    def on_run_button_clicked(self) -> None:
        """The current step's action once more."""
        if not self._busy:
            self._request_action()

    # ----------------------------------------------------------------- helpers

    def _request_action(self) -> None:
        action = self.current_step().action
        if action:
            self.step_action_requested.emit(action)

    def _show_step(self) -> None:
        step = self.current_step()
        self.titleLabel.setText(step.title)
        self.narrationLabel.setText(step.narration)
        self.narrationLabel.setAccessibleDescription(step.narration)
        self.stepLabel.setText(f"Step {self._index + 1} of {len(self._steps)}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.current_step()
        has_next = self._index + 1 < len(self._steps)
        self.backButton.setEnabled(self._index > 0)
        self.nextButton.setEnabled(has_next and not self._busy)
        self.runButton.setVisible(bool(step.action))
        self.runButton.setEnabled(bool(step.action) and not self._busy)
        if has_next:
            following = self._steps[self._index + 1]
            tip = following.action_label or following.title
            self.nextButton.setToolTip(f"Next: {tip}")
        else:
            self.nextButton.setToolTip("This is the last step")
        self.runButton.setToolTip(step.action_label)


def _height_for(label: QLabel, text: str, width: int) -> int:
    """The height ``label`` needs for ``text`` at ``width`` (its own text is put back)."""
    kept = label.text()
    label.setText(text)
    try:
        return int(label.heightForWidth(width))
    finally:
        label.setText(kept)
