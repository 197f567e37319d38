"""The package entry points: language by path and by LSP language id."""

from __future__ import annotations

import pytest
from mathlsp.document import language_for_id, language_for_path, parse_document

PATHS = [
    ("notes.md", "markdown"),
    ("dir.d/HW.Markdown", "markdown"),
    ("set.tex", "latex"),
    ("set.LATEX", "latex"),
    ("old.ltx", "latex"),
    ("notes.txt", None),
    ("tex", None),
    ("archive.md.bak", None),
]
IDS = [
    ("markdown", "markdown"),
    ("latex", "latex"),
    ("tex", "latex"),
    ("plaintex", "latex"),
    ("python", None),
    ("", None),
]


@pytest.mark.parametrize(("path", "language"), PATHS, ids=[p for p, _ in PATHS])
def test_language_for_path(path: str, language: str | None) -> None:
    assert language_for_path(path) == language


@pytest.mark.parametrize(("language_id", "language"), IDS, ids=[i or "empty" for i, _ in IDS])
def test_language_for_id(language_id: str, language: str | None) -> None:
    assert language_for_id(language_id) == language


def test_document_keeps_text_and_language() -> None:
    doc = parse_document("$x$", "latex")
    assert (doc.text, doc.language, len(doc.spans)) == ("$x$", "latex", 1)
