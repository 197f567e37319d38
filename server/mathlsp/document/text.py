"""Positions as LSP counts them: 0-based lines and UTF-16 code-unit columns.

Scanners work on Python string offsets (code points); this module converts, so that lines
with Chinese text or emoji still land on the right column in every editor.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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


_NEWLINE = re.compile("\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Code units of ``text`` in UTF-16: astral characters (emoji) count two."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Maps string offsets to LSP positions and back for one text.

    Built with C-speed searches; columns count astral characters (two UTF-16 units each)
    through a sorted list of their offsets, so a 1 MB line stays cheap."""

    def __init__(self, text: str, first_line: int = 0) -> None:
        """``first_line``: the line number of the text's first line in positions (a chunk
        of a larger document); ``line_starts`` stay indexed from 0."""
        self.text = text
        self.first_line = first_line
        self.line_starts = [0]
        self.line_starts.extend(m.end() for m in _NEWLINE.finditer(text))
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        column = offset - start
        if self._astral:
            column += bisect_left(self._astral, offset) - bisect_left(self._astral, start)
        return Position(line + self.first_line, column)

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def offset(self, position: Position) -> int:
        """String offset of an LSP position (clamped to the line)."""
        line = position.line - self.first_line
        if line >= len(self.line_starts):
            return len(self.text)
        if line < 0:
            return 0
        start = self.line_starts[line]
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        character = max(position.character, 0)
        astral = self._astral
        first = bisect_left(astral, start)
        if first == len(astral) or astral[first] >= end:
            return min(start + character, end)
        last = bisect_left(astral, end, first)
        # Astral characters that start before the target column: each takes two units.
        before = bisect_left(
            range(first, last), True, key=lambda k: astral[k] - start + (k - first) >= character
        )
        offset = start + character - before
        if before:
            offset = max(offset, astral[first + before - 1] + 1)
        return min(offset, end)
