"""The document context, read in order: every fact a span (or a code span in prose, ``For
`n = k + 1`:``) establishes, with the part of the document it holds for.

Scopes: a fact inside a problem holds to the problem's end; one introduced by "for", "if",
"when" (当, 若) is a specialisation and holds to the end of its paragraph; any other to the
next heading (its section). A fact holds only after the place that states it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from mathlsp.check.context.facts import Context, Fact, Scope
from mathlsp.check.context.text import base, identifiers, is_name, mentions, parts, relations
from mathlsp.document.model import Document, MathSpan
from mathlsp.document.text import Position, Range

_HEADING = re.compile(
    r"^\s{0,3}#{1,6}\s|^\s*\\(?:part|chapter|section|subsection|subsubsection)\*?\s*[{\[]"
)
_SPECIALISE = re.compile(r"(?:\b(?:for|if|when|whenever)|当|若|如果)\s*$", re.IGNORECASE)
_CODE = re.compile(r"`([^`\n]+)`")
_MODULAR = re.compile(
    r"\\mathbb\s*\{?\s*[FZ]\s*\}?\s*_|\\[pb]mod\b|\\mod\b|\bmod(?:ulo)?\s+[a-z0-9]"
    r"|\bfinite fields?\b|\bGF\s*\(|有限域|模\s*\$?\s*[a-z0-9]",
    re.IGNORECASE,
)
_INEQUALITY = frozenset("< > ≤ ≥ ≠ <= >= != \\le \\leq \\ge \\geq \\lt \\gt \\ne \\neq".split())
_MOST_BINDINGS = 8
_MOST_OTHERS = 4


@dataclass(frozen=True, slots=True)
class Placed:
    """A fact with where it starts to hold and the last line it holds on."""

    fact: Fact
    start: Position
    end_line: int


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """Every fact of a document in order; ``at`` picks those in scope at a place."""

    placed: tuple[Placed, ...] = ()

    def at(self, where: Range, latex: str) -> Context:
        """The facts in scope at ``where`` that bear on ``latex``: bindings of a name it
        mentions, givens and conditions sharing a symbol with it, and domain hints; most
        recent first, a few of each."""
        mentioned = identifiers(latex)
        bindings: list[Fact] = []
        others: list[Fact] = []
        for item in reversed(self.placed):
            if not (item.start < where.start and where.start.line <= item.end_line):
                continue
            fact = item.fact
            if fact.kind == "binding":
                if base(fact.name) in mentioned and len(bindings) < _MOST_BINDINGS:
                    bindings.append(fact)
            elif fact.kind == "domain" or identifiers(fact.latex) & mentioned:
                if len(others) < _MOST_OTHERS and fact not in others:
                    others.append(fact)
        return Context(tuple(bindings + others))


def facts_of(source: str, line: int, scope: Scope) -> list[Fact]:
    """What one span states: ``a = 3`` binds, ``x + y = 10`` is given, ``x > 0`` is a
    condition; a chain ``S = a + b = 2`` binds its first term."""
    found: list[Fact] = []
    for part in parts(source):
        terms, operators = relations(part)
        if not operators or any(not term for term in terms):
            continue
        if all(op == "=" for op in operators):
            name, value = terms[0], terms[1]
            rest = " ".join(terms[1:])
            if is_name(name) and not mentions(name, rest):
                found.append(Fact("binding", name.strip(), value, line, scope))
            elif len(terms) == 2 and is_name(value) and not mentions(value, name):
                found.append(Fact("binding", value.strip(), name, line, scope))
            elif len(terms) == 2 and identifiers(part):
                found.append(Fact("given", "", part, line, scope))
        elif all(op in _INEQUALITY for op in operators) and identifiers(part):
            found.append(Fact("condition", "", part, line, scope))
    return found


def _heading_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines()) if _HEADING.match(line)]


def _paragraph_end(lines: list[str], line: int) -> int:
    end = line
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    return end


def _before(lines: list[str], start: Position) -> str:
    """The prose on the span's line before it (columns are close enough for a keyword)."""
    text = lines[start.line] if start.line < len(lines) else ""
    return text[: start.character]


def build_context(document: Document) -> DocumentContext:
    """The facts of ``document`` in order, each with its scope."""
    lines = document.text.splitlines()
    headings = _heading_lines(document.text)
    problem_ends = [(p.range.start, p.range.end.line) for p in document.problems]
    placed: list[Placed] = []

    def section_end(line: int) -> int:
        after = bisect_right(headings, line)
        return headings[after] - 1 if after < len(headings) else max(len(lines) - 1, line)

    def scope_of(start: Position, prose: str) -> tuple[Scope, int]:
        if _SPECIALISE.search(prose.rstrip(" :：,`$(")):
            return "paragraph", _paragraph_end(lines, start.line)
        for problem_start, problem_end in problem_ends:
            if problem_start <= start and start.line <= problem_end:
                return "problem", problem_end
        return "section", section_end(start.line)

    def add(source: str, start: Position, prose: str) -> None:
        scope, end = scope_of(start, prose)
        for fact in facts_of(source, start.line, scope):
            placed.append(Placed(fact, start, end))

    events: list[tuple[Position, str, str]] = []
    for span in document.spans:
        if not span.ignored and span.source.strip():
            events.append((span.range.start, span.source, _before(lines, span.range.start)))
    for number, text in enumerate(lines):
        for code in _CODE.finditer(text):
            if "=" in code.group(1):
                events.append((Position(number, code.start()), code.group(1), text[: code.start()]))
        domain = _MODULAR.search(text)
        if domain is not None and not _in_code(text, domain.start()):
            start = Position(number, 0)
            fact = Fact("domain", "mod", domain.group().strip(), number, "section")
            placed.append(Placed(fact, start, section_end(number)))
    for start, source, prose in sorted(events, key=lambda event: event[0]):
        add(source, start, prose)
    placed.sort(key=lambda item: item.start)
    return DocumentContext(tuple(placed))


def _in_code(text: str, column: int) -> bool:
    return text[:column].count("`") % 2 == 1


def span_context(context: DocumentContext, span: MathSpan) -> Context:
    """The context a span is judged under."""
    return context.at(span.range, span.source)
