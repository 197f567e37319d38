"""Helpers for the document tests: slice a document by an LSP range, independent columns."""

from __future__ import annotations

from mathlsp.document.text import Range


def utf16_column(line: str, chars: int) -> int:
    """The UTF-16 column of code point ``chars`` in ``line``, counted by the codec."""
    return len(line[:chars].encode("utf-16-le")) // 2


def slice_range(text: str, rng: Range) -> str:
    """The text under ``rng``, computed from UTF-16 encodings rather than LineIndex."""
    lines = text.split("\n")

    def offset(line: int, column: int) -> int:
        base = sum(len(item) + 1 for item in lines[:line])
        encoded = lines[line].encode("utf-16-le")[: column * 2]
        return base + len(encoded.decode("utf-16-le"))

    return text[
        offset(rng.start.line, rng.start.character) : offset(rng.end.line, rng.end.character)
    ]
