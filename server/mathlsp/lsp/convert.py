"""Core types -> lsprotocol types, and positions between our UTF-16 columns and the client's.

The core counts columns in UTF-16 (``document/text.py``); pygls negotiates the position
encoding with the client (Neovim 0.11 prefers UTF-8), so every range crossing the boundary
goes through a ``Columns`` built for the text it refers to.
"""

from __future__ import annotations

from lsprotocol import types

from mathlsp.check.diagnostics import Diagnostic
from mathlsp.document.edits import TextEdit
from mathlsp.document.text import LineIndex, Position, Range, utf16_length

SOURCE = "mathlsp"


class Columns:
    """Converts positions of one text between UTF-16 (ours) and the client's encoding."""

    def __init__(self, text: str, encoding: str) -> None:
        self.encoding = encoding
        self._index: LineIndex | None = None
        self._text = text

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self._text)
        return self._index

    def _line(self, line: int) -> str:
        starts = self.index.line_starts
        if line >= len(starts):
            return ""
        end = self._text.find("\n", starts[line])
        return self._text[starts[line] : len(self._text) if end < 0 else end]

    def to_client(self, position: Position) -> types.Position:
        if self.encoding == types.PositionEncodingKind.Utf16:
            return types.Position(line=position.line, character=position.character)
        offset = self.index.offset(position)
        line_start = self.index.line_starts[min(position.line, len(self.index.line_starts) - 1)]
        before = self._text[line_start:offset]
        if self.encoding == types.PositionEncodingKind.Utf8:
            return types.Position(line=position.line, character=len(before.encode("utf-8")))
        return types.Position(line=position.line, character=len(before))

    def from_client(self, position: types.Position) -> Position:
        if self.encoding == types.PositionEncodingKind.Utf16:
            return Position(position.line, position.character)
        line = self._line(position.line)
        if self.encoding == types.PositionEncodingKind.Utf8:
            prefix = line.encode("utf-8")[: position.character].decode("utf-8", errors="ignore")
        else:
            prefix = line[: position.character]
        return Position(position.line, utf16_length(prefix))

    def range_to_client(self, range_: Range) -> types.Range:
        return types.Range(start=self.to_client(range_.start), end=self.to_client(range_.end))

    def range_from_client(self, range_: types.Range) -> Range:
        return Range(self.from_client(range_.start), self.from_client(range_.end))


def diagnostic(item: Diagnostic, columns: Columns) -> types.Diagnostic:
    return types.Diagnostic(
        range=columns.range_to_client(item.range),
        message=item.message,
        severity=types.DiagnosticSeverity(int(item.severity)),
        code=item.code,
        source=SOURCE,
        data=dict(item.data) if item.data else None,
    )


def text_edit(edit: TextEdit, columns: Columns) -> types.TextEdit:
    return types.TextEdit(range=columns.range_to_client(edit.range), new_text=edit.new_text)


def workspace_edit(
    uri: str, version: int | None, edits: list[TextEdit], columns: Columns, *, versioned: bool
) -> types.WorkspaceEdit:
    """A ``WorkspaceEdit`` for one document: a versioned ``TextDocumentEdit`` when the client
    supports ``documentChanges`` (so it refuses the edit if the text moved on), else
    plain ``changes``."""
    converted = [text_edit(edit, columns) for edit in edits]
    if versioned:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        change = types.TextDocumentEdit(text_document=identifier, edits=list(converted))
        return types.WorkspaceEdit(document_changes=[change])
    return types.WorkspaceEdit(changes={uri: list(converted)})
