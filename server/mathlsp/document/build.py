"""Turns a scanner's ``Scan`` into the public ``Document``: ranges, silence, chains, problems.

Language-neutral: everything here works on the offsets both scanners produce.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from mathlsp.document.answers import FoundAnswer, find_answers
from mathlsp.document.chains import find_chains
from mathlsp.document.latex_problems import latex_problems
from mathlsp.document.model import Document, Language, MathSpan, Problem, SolutionBlock, SpanKind
from mathlsp.document.problems import Skeleton, markdown_problems, statement_extent
from mathlsp.document.scan import Scan, in_intervals
from mathlsp.document.solutions import parse_solution
from mathlsp.document.text import LineIndex


class Silence:
    """``mathlsp: off`` regions and ``mathlsp: ignore`` marks: which offsets are silenced."""

    def __init__(self, scan: Scan, starts: list[int]) -> None:
        self.off = scan.off
        self.starts = starts
        self.whole_lines: set[int] = set()
        self.from_offset: dict[int, int] = {}
        for mark in scan.ignore_marks:
            line = bisect_right(starts, mark) - 1
            self.whole_lines.add(line + 1)
            self.from_offset[line] = min(mark, self.from_offset.get(line, mark))

    def covers(self, offset: int) -> bool:
        if self.off and in_intervals(self.off, offset):
            return True
        if not self.from_offset:
            return False
        line = bisect_right(self.starts, offset) - 1
        return line in self.whole_lines or self.from_offset.get(line, offset + 1) <= offset


def build_document(scan: Scan, language: Language, *, first_line: int = 0) -> Document:
    """``first_line``: where the scanned text starts in a larger document (ranges count
    from it; see reread.py)."""
    text = scan.text
    index = LineIndex(text, first_line)
    starts = index.line_starts
    silence = Silence(scan, starts)
    raw = scan.spans
    ignored = [silence.covers(span.outer[0]) or silence.covers(span.start) for span in raw]
    spans = tuple(
        MathSpan(
            source=span.source(text),
            range=index.range(span.start, span.end),
            kind=span.kind,
            environment=span.environment,
            block=span.block,
            ignored=skip,
        )
        for span, skip in zip(raw, ignored, strict=True)
    )
    markdown = language == "markdown"
    solutions = [
        (interval[0], parse_solution(inner, index.range(*interval), markdown=markdown))
        for interval, inner in sorted(scan.solutions, key=lambda item: item[0])
    ]
    answers = find_answers(scan, index, ignored, silence.covers)
    skeletons = markdown_problems(scan, starts) if markdown else latex_problems(scan, starts)
    context = _Context(scan, index, spans, ignored, answers, solutions, latex=not markdown)
    return Document(
        text=text,
        language=language,
        spans=spans,
        chains=tuple(find_chains(raw, ignored, text, index)),
        problems=tuple(context.problem(skeleton) for skeleton in skeletons),
        solutions=tuple(block for _, block in solutions),
    )


class _Context:
    """What each problem gathers from: spans, answers and solution blocks by offset."""

    def __init__(
        self,
        scan: Scan,
        index: LineIndex,
        spans: tuple[MathSpan, ...],
        ignored: list[bool],
        answers: list[FoundAnswer],
        solutions: list[tuple[int, SolutionBlock]],
        *,
        latex: bool,
    ) -> None:
        self.scan = scan
        self.index = index
        self.spans = spans
        self.ignored = ignored
        self.span_starts = [span.outer[0] for span in scan.spans]
        self.answers = answers
        self.answer_starts = [found.start for found in answers]
        self.answer_spans = {found.span for found in answers if found.span is not None}
        self.solutions = solutions
        self.solution_starts = [start for start, _ in solutions]
        self.latex = latex

    def problem(self, skeleton: Skeleton) -> Problem:
        scan, index = self.scan, self.index
        start, end = statement_extent(scan, index.line_starts, skeleton, latex=self.latex)
        statement_math: list[MathSpan] = []
        working: list[MathSpan] = []
        first = bisect_left(self.span_starts, skeleton.start)
        last = bisect_left(self.span_starts, skeleton.end)
        for number in range(first, last):
            raw = scan.spans[number]
            if self.ignored[number]:
                continue
            if start <= raw.start and raw.end <= end:
                statement_math.append(self.spans[number])
            elif raw.start >= end and raw.kind is not SpanKind.INLINE:
                if number not in self.answer_spans:
                    working.append(self.spans[number])
        a = bisect_left(self.answer_starts, skeleton.start)
        b = bisect_right(self.answer_starts, skeleton.end)
        answers = tuple(found.answer for found in self.answers[a:b])
        s = bisect_left(self.solution_starts, skeleton.start)
        solution = self.solutions[s][1] if s < len(self.solutions) else None
        if s >= len(self.solutions) or self.solution_starts[s] > skeleton.end:
            solution = None
        last_line = index.position(end if end > start else skeleton.body).line
        return Problem(
            label=skeleton.label,
            range=index.range(skeleton.start, skeleton.end),
            statement=scan.text[start:end],
            statement_range=index.range(start, end),
            statement_math=tuple(statement_math),
            working=tuple(working),
            answers=answers,
            solution=solution,
            insert_at_line=last_line + 1,
            level=skeleton.level,
        )
