"""Colours for JSON in the Pretty view: keys, strings, numbers and literals, line by line."""

from __future__ import annotations

import re

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from workbench.core.json_format import JSON_SPACE, JSON_STRING
from workbench.ui.style import SyntaxColours

# Highlighting works a line at a time on the indented text: group 1 key, 2 string,
# 3 number, 4 literal.
_LINE_TOKEN = re.compile(
    rf"({JSON_STRING})(?={JSON_SPACE}:)|({JSON_STRING})"
    r"|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|\b(true|false|null)\b"
)


class JsonHighlighter(QSyntaxHighlighter):
    """Colours keys, strings, numbers and literals of JSON text, line by line."""

    def __init__(self, document: QTextDocument, colours: SyntaxColours | None = None) -> None:
        super().__init__(document)
        colours = colours or SyntaxColours()
        self._formats: dict[int, QTextCharFormat] = {}
        for group, colour in enumerate(
            (colours.key, colours.string, colours.number, colours.literal), start=1
        ):
            char_format = QTextCharFormat()
            char_format.setForeground(colour)
            self._formats[group] = char_format
        self.active = True
        """False leaves new blocks plain: the viewer colours only the start of big documents."""

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        """Colour one line (Qt calls this for every changed block)."""
        if not self.active:
            return
        formats = self._formats
        for match in _LINE_TOKEN.finditer(text):
            group = match.lastindex or 0
            char_format = formats.get(group)
            if char_format is not None:
                start = match.start(group)
                self.setFormat(start, match.end(group) - start, char_format)
