"""Column conversion between our UTF-16 positions and the client's encoding."""

from __future__ import annotations

import pytest
from lsprotocol import types
from mathlsp.check.diagnostics import Diagnostic, Severity
from mathlsp.document.text import Position, Range
from mathlsp.lsp.convert import Columns, diagnostic

TEXT = "plain\n中文 $x$ 😀 $y$\n"


@pytest.mark.parametrize(
    ("encoding", "ours", "theirs"),
    [
        ("utf-16", Position(1, 4), 4),
        ("utf-8", Position(1, 4), 8),  # 中文 = 6 bytes, then a space
        ("utf-32", Position(1, 4), 4),
        ("utf-16", Position(1, 11), 11),  # after the emoji: 2 UTF-16 units
        ("utf-8", Position(1, 11), 17),
        ("utf-32", Position(1, 11), 10),
        ("utf-8", Position(0, 3), 3),
    ],
    ids=["16-cjk", "8-cjk", "32-cjk", "16-emoji", "8-emoji", "32-emoji", "8-ascii"],
)
def test_round_trip(encoding: str, ours: Position, theirs: int) -> None:
    columns = Columns(TEXT, encoding)
    client = columns.to_client(ours)
    assert (client.line, client.character) == (ours.line, theirs)
    assert columns.from_client(client) == ours


def test_diagnostic_conversion_keeps_code_data_and_source() -> None:
    item = Diagnostic(
        Range(Position(1, 3), Position(1, 6)),
        Severity.ERROR,
        "answer-mismatch",
        "wrote 1/2, SymPy gets 1/3",
        {"replacement": "\\frac{1}{3}"},
    )
    converted = diagnostic(item, Columns(TEXT, "utf-8"))
    assert converted.code == "answer-mismatch" and converted.source == "mathlsp"
    assert converted.severity == types.DiagnosticSeverity.Error
    assert converted.data == {"replacement": "\\frac{1}{3}"}
    assert converted.range.start == types.Position(line=1, character=7)
