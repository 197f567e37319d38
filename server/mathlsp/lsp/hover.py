"""``textDocument/hover``: hover-to-verify on any math span and on written answers.

What SymPy reads and the verdict come from the checker: its cache at once, else a short
wait for the running check (``explain_span``), else "still checking". Chain links and a
problem's answer comparison come from the last ``CheckReport`` of the document. Every line
the checker wrote quotes the user's text, so each goes through ``safe_markdown``: only the
rules and bullets added here are markup.
"""

from __future__ import annotations

import bisect

from lsprotocol import types

from mathlsp.check.context.build import DocumentContext, build_context, span_context
from mathlsp.document.model import Document, MathSpan, Problem
from mathlsp.document.text import Position, Range
from mathlsp.lsp.diagnostics import parsed
from mathlsp.lsp.markup import safe_markdown
from mathlsp.lsp.state import MathServer, OpenDocument

HOVER_WAIT_SECONDS = 1.0
STILL_CHECKING = "*mathlsp: still checking this math…*"
RULE = "\n\n---\n\n"


class SpanIndex:
    """Spans by start, with the furthest end so far: the spans around a position are found
    by bisection, so hover stays instant in a 50,000-span document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.spans = sorted(document.spans, key=lambda s: (s.range.start, s.range.end))
        self.starts = [s.range.start for s in self.spans]
        self.reach: list[Position] = []
        furthest: Position | None = None
        for span in self.spans:
            furthest = span.range.end if furthest is None else max(furthest, span.range.end)
            self.reach.append(furthest)

    def containing(self, position: Position) -> list[MathSpan]:
        found = []
        index = bisect.bisect_right(self.starts, position) - 1
        while index >= 0 and self.reach[index] >= position:
            if self.spans[index].range.contains(position):
                found.append(self.spans[index])
            index -= 1
        return found


def span_at(
    document: Document, position: Position, index: SpanIndex | None = None
) -> MathSpan | None:
    """The smallest span containing ``position`` (``index``: one built for ``document``)."""
    if index is None or index.document is not document:
        index = SpanIndex(document)
    found = index.containing(position)
    if not found:
        return None
    return min(found, key=lambda s: (s.range.end.line - s.range.start.line, s.range.end.character))


def _inside(inner: Range, outer: Range) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def chain_lines(state: OpenDocument, document: Document, span: MathSpan) -> list[str]:
    """Hover lines of the chains whose terms lie in ``span`` (from a report on this text)."""
    report, checked = state.report, state.checked
    if report is None or checked is None or checked.text != document.text:
        return []
    lines: list[str] = []
    for index, chain in enumerate(checked.chains):
        if chain.terms and _inside(chain.terms[0].range, span.range):
            result = report.chain_results.get(index)
            if result is not None:
                lines.extend(result.hover)
    return lines


_LAST_CONTEXT: list[tuple[Document, DocumentContext]] = []  # one entry: the last document


def context_line(document: Document, span: MathSpan) -> str | None:
    """ "Context: a = 3 from line 12, …": what the text established before ``span`` that
    bears on it (the facts its chains were judged under)."""
    if not _LAST_CONTEXT or _LAST_CONTEXT[0][0] is not document:
        _LAST_CONTEXT[:] = [(document, build_context(document))]
    facts = span_context(_LAST_CONTEXT[0][1], span).facts
    if not facts:
        return None
    return "Context: " + "; ".join(fact.where() for fact in facts)


def problem_hover(state: OpenDocument, problem: Problem) -> str | None:
    """The last report's comparison for ``problem``."""
    result = state.problem_result(problem)
    return result.hover if result is not None else None


def answer_at(document: Document, position: Position) -> tuple[Problem, Range] | None:
    for problem in document.problems:
        for answer in problem.answers:
            if answer.range.contains(position):
                return problem, answer.range
    return None


async def hover_markdown(
    server: MathServer, state: OpenDocument, position: types.Position
) -> tuple[str, types.Range] | None:
    """The hover text at ``position`` and the range it is about (client units)."""
    document, _ = await parsed(server, state)
    columns = server.columns(document.text)
    where = columns.from_client(position)
    sections: list[str] = []
    target: Range | None = None
    if not isinstance(state.hover_index, SpanIndex) or state.hover_index.document is not document:
        state.hover_index = SpanIndex(document)
    span = span_at(document, where, state.hover_index)
    if span is not None:
        target = span.range
        result = server.checker.cached_span(span.source)
        if result is None:
            result = await server.checker.explain_span(span.source, wait=HOVER_WAIT_SECONDS)
        sections.append(safe_markdown(result.hover) if result is not None else STILL_CHECKING)
        lines = chain_lines(state, document, span)
        context = context_line(document, span) if lines else None
        if context is not None:
            sections.append(safe_markdown(context))
        if lines:
            sections.append(
                "\n".join(f"- {safe_markdown(' '.join(line.split()))}" for line in lines)
            )
    answer = answer_at(document, where)
    if answer is not None:
        problem, answer_range = answer
        target = target or answer_range
        comparison = problem_hover(state, problem)
        sections.append(safe_markdown(comparison) if comparison is not None else STILL_CHECKING)
    if not sections or target is None:
        return None
    return joined(sections), columns.range_to_client(target)


def joined(sections: list[str]) -> str:
    """The sections between rules; "still checking" once, however many parts wait for it
    (the math of an answer line is both a span and the answer)."""
    waiting = [s for s in sections if s == STILL_CHECKING]
    ready = [s for s in sections if s != STILL_CHECKING]
    return RULE.join(ready + waiting[:1])


def register(server: MathServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(params: types.HoverParams) -> types.Hover | None:
        state = server.documents.get(params.text_document.uri)
        if state is None:
            return None
        found = await hover_markdown(server, state, params.position)
        if found is None:
            return None
        text, target = found
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=target,
        )
