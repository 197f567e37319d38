"""Hover finds the span under the cursor by bisection: the same span the plain scan finds."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.text import Position
from mathlsp.lsp.hover import SpanIndex, span_at

TEXTS = [
    ("markdown", "a $x$ b $$\ny = 2\n$$ c \\(z\\)\n\n```math\nq\n```\n$1$$2$ $ 3 $\n"),
    ("latex", "\\begin{align}\na &= b \\\\\n  &= c\n\\end{align}\n$x$ and \\[y\\] % $no$\n"),
]


def _plain(document: object, position: Position) -> object:
    found = [s for s in document.spans if s.range.contains(position)]  # type: ignore[attr-defined]
    if not found:
        return None
    return min(found, key=lambda s: (s.range.end.line - s.range.start.line, s.range.end.character))


@pytest.mark.parametrize(("language", "text"), TEXTS, ids=["markdown", "latex"])
def test_bisection_finds_what_the_plain_scan_finds(language: str, text: str) -> None:
    document = parse_document(text, language)  # type: ignore[arg-type]
    index = SpanIndex(document)
    lines = text.split("\n")
    for line, content in enumerate(lines):
        for character in range(len(content) + 2):
            where = Position(line, character)
            assert span_at(document, where, index) == _plain(document, where), where
