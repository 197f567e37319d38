"""Markdown and LaTeX notes into the document model: math spans with exact LSP ranges,
problems, written answers, recorded solutions, chains and silence comments.

Pure Python, no pygls: the checker, the CLI and the language server all call
``parse_document``.
"""

from __future__ import annotations

import os

from mathlsp.document.build import build_document
from mathlsp.document.latex import scan_latex
from mathlsp.document.markdown import scan_markdown
from mathlsp.document.model import Document, Language

__all__ = ["Document", "Language", "language_for_id", "language_for_path", "parse_document"]

_EXTENSIONS: dict[str, Language] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".latex": "latex",
    ".ltx": "latex",
}
_LANGUAGE_IDS: dict[str, Language] = {
    "markdown": "markdown",
    "latex": "latex",
    "tex": "latex",
    "plaintex": "latex",
}


def parse_document(text: str, language: Language) -> Document:
    """Everything mathlsp reads in ``text``; never raises on any input."""
    scan = scan_markdown(text) if language == "markdown" else scan_latex(text)
    return build_document(scan, language)


def language_for_path(path: str) -> Language | None:
    """The language of a file by its extension (case-insensitive), None if not ours."""
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower())


def language_for_id(language_id: str) -> Language | None:
    """The language of an LSP ``languageId`` (markdown, latex, tex, plaintex)."""
    return _LANGUAGE_IDS.get(language_id.lower())
