"""Positions as LSP counts them: 0-based lines and UTF-16 code-unit columns.

Scanners work on Python string offsets (code points); this module converts, so that lines
with Chinese text or emoji still land on the right column in every editor.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Position:
    line: int
    character: int  # UTF-16 code units, as LSP counts


@dataclass(frozen=True, slots=True)
class Range:
    start: Position
    end: Position

    def contains(self, position: Position) -> bool:
        return self.start <= position <= self.end


def utf16_length(text: str) -> int:
    """Code units of ``text`` in UTF-16: astral characters (emoji) count two."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Maps string offsets to LSP positions and back for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(i + 1)

    def position(self, offset: int) -> Position:
        line = bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        return Position(line, utf16_length(self.text[start:offset]))

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def offset(self, position: Position) -> int:
        """String offset of an LSP position (clamped to the line)."""
        if position.line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[position.line]
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        units = 0
        offset = start
        while offset < end and units < position.character:
            units += 2 if ord(self.text[offset]) > 0xFFFF else 1
            offset += 1
        return offset
