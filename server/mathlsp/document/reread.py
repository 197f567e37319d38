"""Reading a document again after an edit: only the chunks the edit touched are scanned.

A Markdown text is cut into chunks before the lines that open a heading or a problem after a
blank line. Each chunk is read on its own (scan and build, its ranges counted from its first
line, its blocks from the blocks before it) and kept by its text; after an edit, the chunks
whose text is unchanged are reused, moved to their new first line when lines were added or
removed above them, and only the new text is read. The document is the chunks' parts in
order, equal to what ``parse_document`` reads in the whole text (tests/document/
test_reread.py checks that on random edits).

A cut holds only where reading the chunk alone cannot differ from reading it in the
document; where it does not, the chunk is read together with the next:

- nothing in the chunk before it reached for the rest of the text: a search that ran to the
  end and failed (an unclosed ``$$``, ``<!--``, ``\\begin``), an unclosed fence or front
  matter, an open ``mathlsp: off``, a ``\\boxed{`` or ``\\answer{`` without its closing brace
  (such a chunk is read with everything after it);
- the chunk after it starts with a heading or a problem (the line was read so);
- the problem open at the end of the chunk before ends there: a new problem starts, or the
  heading is of the problem's level or higher.

LaTeX documents are read whole (problem environments are counted across the document); the
last text read is still reused when it comes again.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from mathlsp.document.build import build_document
from mathlsp.document.latex import scan_latex
from mathlsp.document.markdown import scan_markdown
from mathlsp.document.model import (
    Chain,
    Document,
    Fragment,
    Language,
    MathSpan,
    Problem,
    SolutionBlock,
    WrittenAnswer,
)
from mathlsp.document.problems import marker
from mathlsp.document.scan import brace_pairs
from mathlsp.document.text import Position, Range

# A line after a blank line that starts at most one space in (deeper indents can be code or
# list continuations) and looks like a heading or a problem marker: where a chunk may start.
# Only a guess (a wrong one costs a merge, never a difference): whether it really opens a
# heading or a problem is what reading the chunk says.
_CUT = re.compile(r"\n[ \t\r]*\n(?= ?[^\s])")
_HEADING_LINE = re.compile(r" ?#{1,6}(?:[ \t\r]|$)")
_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_MARKUP = re.compile(r"\\(?:boxed|answer)[ \t]*\{")


@dataclass(slots=True)
class _Chunk:
    """One chunk read on its own, its parts placed at ``line0`` and ``block0``."""

    text: str
    line0: int
    block0: int
    lines: int  # newlines in the text: the next chunk's first line is line0 + lines
    blocks: int  # block numbers it gave out
    reaches_end: bool
    heading: int | None  # level of a heading on its first line
    starts_problem: bool  # a problem starts at its first character
    last_level: int | None  # level of its last problem (None: no problem)
    spans: tuple[MathSpan, ...]
    chains: tuple[Chain, ...]
    problems: tuple[Problem, ...]
    solutions: tuple[SolutionBlock, ...]


def _read_chunk(text: str, line0: int, block0: int) -> _Chunk:
    scan = scan_markdown(text, first_block=block0)
    document = build_document(scan, "markdown", first_line=line0)
    problems = document.problems
    return _Chunk(
        text=text,
        line0=line0,
        block0=block0,
        lines=text.count("\n"),
        blocks=scan.last_block - block0,
        reaches_end=scan.reaches_end or _open_brace(text),
        heading=scan.heading_levels.get(0),
        starts_problem=bool(problems) and problems[0].range.start == Position(line0, 0),
        last_level=problems[-1].level if problems else None,
        spans=document.spans,
        chains=document.chains,
        problems=problems,
        solutions=document.solutions,
    )


def _open_brace(text: str) -> bool:
    """A ``\\boxed{`` or ``\\answer{`` whose brace does not close in ``text``: in the whole
    document it may close further on (answers pair braces across the whole text)."""
    if "\\boxed" not in text and "\\answer" not in text:
        return False
    pairs = brace_pairs(text, 0, len(text))
    return any(match.end() - 1 not in pairs for match in _MARKUP.finditer(text))


def _ends_before(left: _Chunk, right: _Chunk) -> bool:
    """Whether the problem open at the end of ``left`` ends where ``right`` starts (and
    ``right``'s first line opens what the cut was made for)."""
    if right.heading is None and not right.starts_problem:
        return False
    if left.last_level is None or right.starts_problem or left.last_level == 0:
        return True
    return right.heading is not None and right.heading <= left.last_level


class _Mover:
    """Moves a chunk's parts by ``lines`` and ``blocks``, keeping shared objects shared (a
    problem's spans are the document's spans, its solution one of the document's)."""

    def __init__(self, lines: int, blocks: int) -> None:
        self.lines = lines
        self.blocks = blocks
        self.moved_spans: dict[int, MathSpan] = {}
        self.moved_solutions: dict[int, SolutionBlock] = {}

    def position(self, position: Position) -> Position:
        return Position(position.line + self.lines, position.character)

    def range(self, where: Range) -> Range:
        if not self.lines:
            return where
        return Range(self.position(where.start), self.position(where.end))

    def span(self, span: MathSpan) -> MathSpan:
        moved = self.moved_spans.get(id(span))
        if moved is None:
            moved = MathSpan(
                span.source,
                self.range(span.range),
                span.kind,
                span.environment,
                span.block + self.blocks,
                span.ignored,
            )
            self.moved_spans[id(span)] = moved
        return moved

    def chain(self, chain: Chain) -> Chain:
        if not self.lines:
            return chain
        return Chain(tuple(Fragment(t.source, self.range(t.range)) for t in chain.terms))

    def solution(self, block: SolutionBlock) -> SolutionBlock:
        moved = self.moved_solutions.get(id(block))
        if moved is None:
            moved = block
            if self.lines:
                moved = SolutionBlock(
                    self.range(block.range), block.fields, block.body, block.answer
                )
            self.moved_solutions[id(block)] = moved
        return moved

    def answer(self, answer: WrittenAnswer) -> WrittenAnswer:
        if not self.lines:
            return answer
        return WrittenAnswer(answer.latex, self.range(answer.range), answer.form)

    def problem(self, problem: Problem) -> Problem:
        return Problem(
            label=problem.label,
            range=self.range(problem.range),
            statement=problem.statement,
            statement_range=self.range(problem.statement_range),
            statement_math=tuple(self.span(s) for s in problem.statement_math),
            working=tuple(self.span(s) for s in problem.working),
            answers=tuple(self.answer(a) for a in problem.answers),
            solution=None if problem.solution is None else self.solution(problem.solution),
            insert_at_line=problem.insert_at_line + self.lines,
            level=problem.level,
        )


def _moved(chunk: _Chunk, line0: int, block0: int) -> _Chunk:
    """``chunk`` placed at ``line0`` and ``block0`` (itself when it is there already)."""
    if chunk.line0 == line0 and chunk.block0 == block0:
        return chunk
    mover = _Mover(line0 - chunk.line0, block0 - chunk.block0)
    spans = tuple(mover.span(span) for span in chunk.spans)
    solutions = tuple(mover.solution(block) for block in chunk.solutions)
    return _Chunk(
        text=chunk.text,
        line0=line0,
        block0=block0,
        lines=chunk.lines,
        blocks=chunk.blocks,
        reaches_end=chunk.reaches_end,
        heading=chunk.heading,
        starts_problem=chunk.starts_problem,
        last_level=chunk.last_level,
        spans=spans,
        chains=tuple(mover.chain(chain) for chain in chunk.chains),
        problems=tuple(mover.problem(problem) for problem in chunk.problems),
        solutions=solutions,
    )


def cut_points(text: str) -> list[int]:
    """Offsets where a chunk may start (0 first): lines after a blank one that look like a
    heading or a problem marker."""
    cuts = [0]
    for match in _CUT.finditer(text):
        start = match.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if _HEADING_LINE.match(text, start, end):
            cuts.append(start)
            continue
        bullet = _BULLET.match(text, start, end)
        if marker(text, bullet.end() if bullet else start, end, heading=False) is not None:
            cuts.append(start)
    return cuts


class Reader:
    """Reads successive texts of one document, reusing what an edit left unchanged.
    ``read(text)`` equals ``parse_document(text, language)``; safe to call from threads."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._lock = threading.Lock()
        self._chunks: dict[str, list[_Chunk]] = {}  # by text (a text may come twice)
        self._last: Document | None = None
        self.chunks_read = 0  # chunks scanned by the last ``read`` (tests, stats)

    def read(self, text: str) -> Document:
        with self._lock:
            last = self._last
            if last is not None and last.text == text:
                self.chunks_read = 0
                return last
            if self.language == "markdown":
                document = self._read_markdown(text)
            else:
                document = build_document(scan_latex(text), "latex")
                self.chunks_read = 1
            self._last = document
            return document

    def _read_markdown(self, text: str) -> Document:
        cuts = [*cut_points(text), len(text)]
        pieces = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
        old = self._chunks
        kept: dict[str, list[_Chunk]] = {}
        read = 0

        def take(piece: str, line0: int, block0: int) -> _Chunk:
            nonlocal read
            stack = old.get(piece)
            if stack:
                chunk = _moved(stack.pop(), line0, block0)
            else:
                chunk = _read_chunk(piece, line0, block0)
                read += 1
            kept.setdefault(piece, []).append(chunk)
            return chunk

        placed: list[_Chunk] = []
        index = 0
        chunk = take(pieces[0], 0, 0)
        while True:
            index += 1
            if index < len(pieces) and chunk.reaches_end:  # read on with all that follows
                chunk = take(chunk.text + "".join(pieces[index:]), chunk.line0, chunk.block0)
                index = len(pieces)
            if index >= len(pieces):
                placed.append(chunk)
                break
            following = take(pieces[index], chunk.line0 + chunk.lines, chunk.block0 + chunk.blocks)
            if _ends_before(chunk, following):
                placed.append(chunk)
                chunk = following
            else:
                chunk = take(chunk.text + following.text, chunk.line0, chunk.block0)
        self._chunks = kept
        self.chunks_read = read
        return Document(
            text=text,
            language="markdown",
            spans=tuple(span for chunk in placed for span in chunk.spans),
            chains=tuple(chain for chunk in placed for chain in chunk.chains),
            problems=tuple(problem for chunk in placed for problem in chunk.problems),
            solutions=tuple(block for chunk in placed for block in chunk.solutions),
        )
