"""The document model: what the scanners find in a notes file, with exact ranges.

This is the contract between ``document/`` (which builds it) and ``check/``, ``solve/``,
``lsp/`` and the CLI (which read it). Plain frozen dataclasses: picklable, hashable, no
pygls. Ranges are LSP ranges (0-based lines, UTF-16 columns).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from mathlsp.document.text import Range

Language = Literal["markdown", "latex"]


class SpanKind(StrEnum):
    INLINE = "inline"  # $..$, \(..\)
    DISPLAY = "display"  # $$..$$, \[..\], ```math fences
    ENVIRONMENT_LINE = "environment-line"  # one line of equation/align/gather/...


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of LaTeX with the range it occupies in the document."""

    source: str
    range: Range


@dataclass(frozen=True, slots=True)
class MathSpan:
    """One math region. ``source`` is the LaTeX between the delimiters; for an environment
    line it is that line with ``\\\\``, ``\\label{..}``, ``\\nonumber``/``\\notag`` removed but
    alignment ``&`` kept. ``block`` numbers the display or environment a line belongs to, so
    ``&=`` continuation lines can be joined into one chain."""

    source: str
    range: Range
    kind: SpanKind
    environment: str | None = None  # 'align*', 'equation', 'math' (fence); None for $ and \( \[
    block: int = 0
    ignored: bool = False  # silenced by `mathlsp: ignore` or inside an off region


@dataclass(frozen=True, slots=True)
class WrittenAnswer:
    """An answer the user wrote: `Answer: ...` line (latex is its math or plain text),
    a user's `\\boxed{..}` or `\\answer{..}` (latex is the braces' content)."""

    latex: str
    range: Range
    form: Literal["line", "boxed", "macro"]


@dataclass(frozen=True, slots=True)
class SolutionBlock:
    """A recorded `mathlsp:solution` comment (model's answer to the problem it sits in)."""

    range: Range  # the whole comment, delimiters included (whole lines for LaTeX)
    fields: Mapping[str, str]  # key=value pairs of the header line (model, samples, agree, ...)
    body: str  # the solution text, comment markers removed
    answer: str | None  # LaTeX inside the last line's \boxed{..}, None if missing


@dataclass(frozen=True, slots=True)
class Chain:
    """`A = B = C` in one span, or `&=` continuation lines of one environment: each pair of
    consecutive terms is a link that must hold identically."""

    terms: tuple[Fragment, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem and everything the checker needs from it.

    ``statement`` is the statement paragraph as written (math delimiters kept), without the
    marker ("Problem 3.") itself; ``statement_math`` its math spans. ``working`` are the
    display and environment equations after the statement (not in a solution block) in
    document order; consecutive ``L = R`` ones are solving steps. ``insert_at_line`` is the
    0-based line before which a solution comment goes (just after the statement paragraph)."""

    label: str  # "Problem 3", "Exercise 2.1", "例 2", "\\item 4"
    range: Range  # marker to the end of the problem
    statement: str
    statement_range: Range
    statement_math: tuple[MathSpan, ...]
    working: tuple[MathSpan, ...]
    answers: tuple[WrittenAnswer, ...]
    solution: SolutionBlock | None
    insert_at_line: int
    level: int = 0  # heading level for Markdown headings; 0 for paragraphs and \item


@dataclass(frozen=True, slots=True)
class Document:
    """Everything found in one text. ``spans`` lists every math span in order (ignored ones
    flagged, not dropped, so hover still works); ``chains`` come from non-ignored spans;
    ``problems`` in order."""

    text: str
    language: Language
    spans: tuple[MathSpan, ...]
    chains: tuple[Chain, ...]
    problems: tuple[Problem, ...]
    solutions: tuple[SolutionBlock, ...] = field(default=())  # all blocks, also outside problems
