"""``{{variables}}`` shown distinctly where a request is composed: in the body, the URL and the
tables; one nobody defines is red and underlined, with the place said in words."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QBrush,
    QFont,
    QInputMethodEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QLineEdit

from workbench.ui.style import Tone, tone_colour

if TYPE_CHECKING:  # the composer is made at start-up; variables are marked once there are any
    from workbench.core.collections.composing import Mark
    from workbench.ui.request_pairs import RequestPairsTable


def mark_format(mark: Mark, palette: QPalette | None = None) -> QTextCharFormat:
    """How ``mark`` looks: a defined variable in the link colour and bold, a problem in the
    error colour with a wavy underline."""
    form = QTextCharFormat()
    if mark.problem:
        colour = tone_colour(Tone.SERVER_ERROR, palette)
        form.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        form.setUnderlineColor(colour)
    else:
        colour = tone_colour(Tone.REDIRECT, palette)
    form.setForeground(colour)
    form.setFontWeight(QFont.Weight.Bold)
    return form


class VariableHighlighter(QSyntaxHighlighter):
    """Marks the ``{{variables}}`` of a document, line by line (they never span lines).

    ``defined`` is None until the window says which variables exist: nothing is marked then.
    """

    def __init__(self, document: QTextDocument, defined: Collection[str] | None = None) -> None:
        self.defined = defined
        self.palette: QPalette | None = None
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        """Colour each ``{{…}}`` of one line."""
        if self.defined is None or "{{" not in text:
            return
        from workbench.core.collections.composing import template_marks

        for mark in template_marks(text, self.defined):
            self.setFormat(mark.start, mark.end - mark.start, mark_format(mark, self.palette))


def mark_line_edit(edit: QLineEdit, marks: Iterable[Mark], palette: QPalette | None) -> None:
    """Colour ``marks`` in a line edit's text (an empty list takes the colours away).

    A QLineEdit has no rich text; an input-method event carrying only text formats colours
    ranges without touching the text, its undo history or its signals.
    """
    cursor = edit.cursorPosition()
    attributes = [
        QInputMethodEvent.Attribute(
            QInputMethodEvent.AttributeType.TextFormat,
            mark.start - cursor,
            mark.end - mark.start,
            mark_format(mark, palette),
        )
        for mark in marks
    ]
    QCoreApplication.sendEvent(edit, QInputMethodEvent("", attributes))


def describe_problems(places: Iterable[tuple[str, Mark]]) -> str:
    """``{{x}} is not defined (URL); …`` for the marks that have a problem, or empty."""
    said = [f"{mark.problem} ({where})" for where, mark in places if mark.problem]
    if not said:
        return ""
    more = f" and {len(said) - 3} more" if len(said) > 3 else ""
    return "Not sent as it is: " + "; ".join(said[:3]) + more + "."


def mark_request(
    url_edit: QLineEdit,
    tables: Sequence[RequestPairsTable],
    body: str,
    defined: Collection[str],
    palette: QPalette,
) -> str:
    """Colour the variables of a request's URL (as shown) and tables; returns what to say of
    the undefined ones, there and in ``body`` (its lines are marked by its highlighter)."""
    from workbench.core.collections.composing import template_marks

    url_marks = template_marks(url_edit.text(), defined)
    mark_line_edit(url_edit, url_marks, palette)
    places: list[tuple[str, Mark]] = [("URL", mark) for mark in url_marks]
    for table in tables:
        colours = []
        for where, item in table.text_items():
            marks = template_marks(item.text(), defined)
            if not where.startswith("parameter"):  # the parameters are the URL's query, said
                places += [(where, mark) for mark in marks]
            problems = [mark.problem for mark in marks if mark.problem]
            tone = Tone.SERVER_ERROR if problems else Tone.REDIRECT
            brush = QBrush(tone_colour(tone, palette)) if marks else None
            colours.append((item, brush, "; ".join(problems)))
        table.colour_items(colours)
    for mark in template_marks(body, defined):
        places.append((f"body, line {body.count(chr(10), 0, mark.start) + 1}", mark))
    return describe_problems(places)
