"""What a language scanner hands to the builder: raw spans and regions as string offsets.

Both scanners (``markdown.py``, ``latex.py``) fill one ``Scan``; ``build.py`` turns it into
the public ``Document``. Offsets here are Python string offsets; only the builder converts
them to LSP ranges.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum

from mathlsp.document.model import SpanKind

Interval = tuple[int, int]


class LineKind(StrEnum):
    BLANK = "blank"
    TEXT = "text"
    HEADING = "heading"
    CODE = "code"  # fenced/indented code, verbatim: never read
    COMMENT = "comment"  # a line that starts inside (or with) a comment
    MATH = "math"  # a line that starts inside a display or environment


@dataclass(slots=True)
class RawSpan:
    """A math span as pieces of the text: ``source`` is the pieces joined (an environment
    line drops ``\\\\``, ``\\label{..}`` and comments, so it may be several pieces)."""

    pieces: tuple[Interval, ...]
    kind: SpanKind
    environment: str | None
    block: int
    outer: Interval  # the whole construct, delimiters included (for the whole block)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def source(self, text: str) -> str:
        return "".join(text[a:b] for a, b in self.pieces)

    def doc_offset(self, index: int, *, end: bool = False) -> int:
        """Text offset of source index ``index``; with ``end``, of the end of char index-1."""
        return map_index(self.pieces, index, end=end)


def map_index(pieces: tuple[Interval, ...], index: int, *, end: bool = False) -> int:
    """Offset in the underlying text of ``index`` in the concatenation of ``pieces``."""
    for a, b in pieces:
        size = b - a
        if index < size or (end and index == size):
            return a + index
        index -= size
    return pieces[-1][1] if pieces else 0


@dataclass(slots=True)
class Event:
    """A structural command found by the LaTeX scanner (``\\item``, ``\\begin{enumerate}``)."""

    kind: str  # "item" | "begin" | "end" | "section"
    name: str  # environment name, section command, or "" for \item
    start: int  # offset of the backslash
    end: int  # offset after the command (and its argument / optional label)
    label: str = ""  # optional [..] argument of \item, a section's title
    label_start: int = -1  # offset of a section title


@dataclass(slots=True)
class Scan:
    text: str
    spans: list[RawSpan] = field(default_factory=list)
    excluded: list[Interval] = field(default_factory=list)  # code, comments, verbatim
    off: list[Interval] = field(default_factory=list)  # `mathlsp: off` regions
    ignore_marks: list[int] = field(default_factory=list)  # ends of `mathlsp: ignore` comments
    solutions: list[tuple[Interval, str]] = field(default_factory=list)  # block, raw inner text
    line_kinds: list[LineKind] = field(default_factory=list)
    heading_levels: dict[int, int] = field(default_factory=dict)  # line -> level (Markdown)
    events: list[Event] = field(default_factory=list)  # LaTeX structure
    # Text after the end could change what was read here: a search ran to the end and
    # failed, or a fence, front matter or ``mathlsp: off`` region is left open (the
    # incremental reader then reads this text together with what follows, see reread.py).
    reaches_end: bool = False
    _block: int = 0

    def next_block(self) -> int:
        self._block += 1
        return self._block

    @property
    def last_block(self) -> int:
        """The last block number given out (the next scan of following text starts here)."""
        return self._block


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def line_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def in_intervals(intervals: list[Interval], offset: int) -> bool:
    """Whether ``offset`` lies in one of the sorted, disjoint half-open ``intervals``."""
    i = bisect_right(intervals, (offset, 1 << 62)) - 1
    return i >= 0 and intervals[i][0] <= offset < intervals[i][1]


_SILENCE = re.compile(r"mathlsp:\s*(off|on|ignore)\b", re.IGNORECASE)


def silence_word(comment: str) -> str | None:
    """'off', 'on' or 'ignore' when a comment's text is a mathlsp switch."""
    match = _SILENCE.search(comment)
    return match.group(1).lower() if match else None


def close_off_regions(marks: list[tuple[int, str]], length: int) -> list[Interval]:
    """Off regions from ordered (offset, 'off'|'on') switches; an open one runs to the end."""
    regions: list[Interval] = []
    start: int | None = None
    for offset, word in marks:
        if word == "off" and start is None:
            start = offset
        elif word == "on" and start is not None:
            regions.append((start, offset))
            start = None
    if start is not None:
        regions.append((start, length))
    return regions


_BRACE_TOKENS = re.compile(r"\\[\s\S]|[{}]")


def matching_brace(text: str, open_at: int, limit: int) -> int:
    """Offset of the ``}`` matching the ``{`` at ``open_at`` (escapes skipped), or -1."""
    depth = 0
    for match in _BRACE_TOKENS.finditer(text, open_at, limit):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return match.start()
    return -1


def brace_pairs(text: str, start: int, end: int) -> dict[int, int]:
    """Every matched ``{`` in ``text[start:end]`` mapped to its ``}`` (escapes skipped), in
    one pass, so that many unclosed braces stay linear."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACE_TOKENS.finditer(text, start, end):
        token = match.group()
        if token == "{":
            stack.append(match.start())
        elif token == "}" and stack:
            pairs[stack.pop()] = match.start()
    return pairs
