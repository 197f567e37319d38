"""Offsets <-> LSP positions in any position encoding, as an editor counts them."""

from __future__ import annotations

from lsprotocol import types


def offset_of(text: str, position: types.Position, encoding: str) -> int:
    """String offset of an LSP position counted in ``encoding`` units."""
    lines = text.split("\n")
    line = min(position.line, len(lines))
    start = sum(len(part) + 1 for part in lines[:line])
    if line >= len(lines):
        return len(text)
    current, units, index = lines[line], 0, 0
    while index < len(current) and units < position.character:
        char = current[index]
        if encoding == "utf-8":
            units += len(char.encode("utf-8"))
        elif encoding == "utf-16":
            units += 2 if ord(char) > 0xFFFF else 1
        else:
            units += 1
        index += 1
    return start + index


def position_of(text: str, offset: int, encoding: str) -> types.Position:
    before = text[:offset]
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    if encoding == "utf-8":
        units = len(column.encode("utf-8"))
    elif encoding == "utf-16":
        units = len(column.encode("utf-16-le")) // 2
    else:
        units = len(column)
    return types.Position(line=line, character=units)
