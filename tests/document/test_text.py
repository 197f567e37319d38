"""LineIndex: UTF-16 columns and offsets round-trip on CJK, emoji and long lines."""

from __future__ import annotations

import pytest
from mathlsp.document.text import LineIndex, Position, utf16_length

from tests.document.util import utf16_column

TEXTS = [
    ("ascii", "abc\ndef\n"),
    ("cjk", "解方程 $x=1$\n例 1：求极限"),
    ("emoji", "😀 $a$ 😀😀 $b$\n🎉"),
    ("mixed", "a\n\n题 2. 😀 求 $\\frac13$ 的值\r\nend"),
]


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_position_matches_utf16_codec(name: str, text: str) -> None:
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        position = index.position(offset)
        line_start = text.rfind("\n", 0, offset) + 1
        assert position.line == text.count("\n", 0, offset)
        line = text[line_start:].split("\n", 1)[0]
        assert position.character == utf16_column(line, offset - line_start)
        assert index.offset(position) == offset


@pytest.mark.parametrize(
    ("text", "position", "offset"),
    [
        ("ab\ncd", Position(0, 99), 2),
        ("ab\ncd", Position(7, 0), 5),
        ("😀b\ncd", Position(0, 2), 1),
        ("😀b\ncd", Position(0, 3), 2),
        ("ab", Position(-1, 0), 0),
    ],
    ids=["clamped-column", "past-last-line", "after-emoji", "after-emoji-b", "negative-line"],
)
def test_offset_clamps(text: str, position: Position, offset: int) -> None:
    assert LineIndex(text).offset(position) == offset


def test_utf16_length_counts_astral_twice() -> None:
    assert utf16_length("a😀解") == len("a😀解".encode("utf-16-le")) // 2 == 4


def test_long_line_is_fast() -> None:
    text = "😀" + "x" * 1_000_000
    index = LineIndex(text)
    for offset in range(0, len(text), 997):
        assert index.position(offset).character == offset + (1 if offset else 0)
