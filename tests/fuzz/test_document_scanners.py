"""The scanners on any text (``mathlsp.document``): no exception, every range inside the
document on a real UTF-16 position, sources and statements slice back, and the line index
converts both ways."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mathlsp.document import parse_document
from mathlsp.document.model import Document, Language, SpanKind
from mathlsp.document.text import LineIndex, Position, Range, utf16_length

from tests.document.test_robustness import PIECES, without_comments
from tests.fuzz.conftest import fuzz_settings

# Any code point, lone surrogates included (a client's JSON may carry "\ud800").
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
ASTRAL = st.sampled_from(["😀", "𝑥", "🇫🇷", "\U0010ffff", "\ud83d", "\ude00", "é", "\u200b"])
TEXTS = st.lists(
    st.one_of(st.sampled_from(PIECES), ASTRAL, st.text(ANY_CHARACTER, max_size=6)), max_size=50
).map("".join)
LANGUAGES = pytest.mark.parametrize("language", ["markdown", "latex"])


def real_position(index: LineIndex, lines: list[str], position: Position) -> int:
    """The string offset of ``position``, asserting it is a real place in the text: a line
    of the document, a column within it that does not split a surrogate pair."""
    assert 0 <= position.line < len(lines), position
    line = lines[position.line]
    assert 0 <= position.character <= utf16_length(line), (position, line)
    offset = index.offset(position)
    start = index.line_starts[position.line]
    assert utf16_length(index.text[start:offset]) == position.character, position
    assert index.position(offset) == position
    return offset


def ranges_of(doc: Document) -> list[Range]:
    found = [span.range for span in doc.spans]
    found += [term.range for chain in doc.chains for term in chain.terms]
    found += [block.range for block in doc.solutions]
    for problem in doc.problems:
        found += [problem.range, problem.statement_range]
        found += [span.range for span in (*problem.statement_math, *problem.working)]
        found += [answer.range for answer in problem.answers]
        if problem.solution is not None:
            found.append(problem.solution.range)
    return found


def check_document(doc: Document) -> None:
    index = LineIndex(doc.text)
    lines = doc.text.split("\n")
    for where in ranges_of(doc):
        start = real_position(index, lines, where.start)
        end = real_position(index, lines, where.end)
        assert start <= end, where
    for span in doc.spans:
        if span.kind is not SpanKind.ENVIRONMENT_LINE:
            under = doc.text[index.offset(span.range.start) : index.offset(span.range.end)]
            expected = under if doc.language == "markdown" else without_comments(under)
            assert span.source == expected
    for problem in doc.problems:
        assert problem.range.start <= problem.statement_range.start
        assert problem.statement_range.end <= problem.range.end
        start = index.offset(problem.statement_range.start)
        assert doc.text[start : index.offset(problem.statement_range.end)] == problem.statement
        assert 0 <= problem.insert_at_line <= len(lines)
        for span in (*problem.statement_math, *problem.working):
            assert problem.range.start <= span.range.start <= span.range.end <= problem.range.end


@LANGUAGES
@fuzz_settings()
@given(text=TEXTS)
def test_pieces_of_markup(language: Language, text: str) -> None:
    check_document(parse_document(text, language))


@LANGUAGES
@fuzz_settings()
@given(text=st.text(ANY_CHARACTER, max_size=300))
def test_any_text(language: Language, text: str) -> None:
    check_document(parse_document(text, language))


@fuzz_settings()
@given(
    text=st.lists(st.one_of(ASTRAL, st.text(ANY_CHARACTER, max_size=4), st.just("\n"))).map(
        "".join
    ),
    data=st.data(),
)
def test_line_index_converts_both_ways(text: str, data: st.DataObject) -> None:
    index = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    position = index.position(offset)
    start = index.line_starts[position.line]
    assert position.character == utf16_length(text[start:offset])
    assert index.offset(position) == offset
    # Any position a client sends maps to an offset inside the text, never raising.
    line = data.draw(st.integers(-3, len(index.line_starts) + 3))
    character = data.draw(st.integers(-3, 2**31))
    assert 0 <= index.offset(Position(line, character)) <= len(text)
