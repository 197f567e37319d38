"""Hostile and arbitrary text: parse_document never raises and every range slices back."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mathlsp.document import parse_document
from mathlsp.document.model import Document, Language, SpanKind
from mathlsp.document.text import LineIndex

PIECES = [
    "$",
    "$$",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "`",
    "```",
    "```math",
    "~~~",
    "\\$",
    "\\\\",
    "%",
    "\\%",
    "<!--",
    "-->",
    "<!-- mathlsp: off -->",
    "<!-- mathlsp: ignore -->",
    "% mathlsp: on",
    "<!-- mathlsp:solution a=1\n",
    "% mathlsp:solution\n",
    "answer: \\boxed{",
    "\\begin{align}",
    "\\end{align}",
    "\\begin{enumerate}",
    "\\item",
    "\\end{enumerate}",
    "\\begin{problem}",
    "\\verb|",
    "\\begin{verbatim}",
    "\\label{",
    "&=",
    "=",
    "\\le",
    "{",
    "}",
    "\\\\",
    "\n",
    "\n\n",
    "    ",
    "# ",
    "## Problem 1",
    "Problem 2.",
    "例 1：",
    "答：",
    "Answer:",
    "**",
    "x",
    "1",
    " ",
    "解",
    "😀",
    "\\boxed{",
    "\\answer{",
    "\r\n",
    "\t",
    "\x00",
]
FRAGMENTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map(
    "".join
)


def without_comments(text: str) -> str:
    return re.sub(r"\\[\s\S]|%[^\n]*", lambda m: m.group() if m.group()[0] == "\\" else "", text)


def check_invariants(doc: Document) -> None:
    index = LineIndex(doc.text)
    for span in doc.spans:
        start, end = index.offset(span.range.start), index.offset(span.range.end)
        assert start <= end
        if span.kind is not SpanKind.ENVIRONMENT_LINE:
            under = doc.text[start:end]
            assert span.source == (under if doc.language == "markdown" else without_comments(under))
    for chain in doc.chains:
        assert len(chain.terms) >= 2
    for problem in doc.problems:
        assert problem.range.start <= problem.range.end
        start, end = (
            index.offset(problem.statement_range.start),
            index.offset(problem.statement_range.end),
        )
        assert doc.text[start:end] == problem.statement


@pytest.mark.parametrize("language", ["markdown", "latex"])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=FRAGMENTS)
def test_never_raises_and_ranges_slice_back(language: Language, text: str) -> None:
    check_invariants(parse_document(text, language))


@pytest.mark.parametrize("language", ["markdown", "latex"])
@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_unicode(language: Language, text: str) -> None:
    check_invariants(parse_document(text, language))


HOSTILE = [
    ("binary", bytes(range(256)).decode("latin-1") * 20),
    ("many-unterminated-dollars", "$a " * 20_000),
    ("many-unterminated-displays", "$$\n" + "x $$ y\n\n" * 2_000),
    ("many-begins", "\\begin{align} a " * 10_000),
    ("many-comments", "<!-- " * 10_000),
    ("deep-braces", "$" + "{" * 50_000 + "$"),
    ("long-line-with-spans", "$a = b = c$ 😀 " * 5_000),
    ("megabyte-line", "x" * 1_000_000 + " $y$"),
    ("many-backticks", "` `` ``` " * 10_000),
    ("many-boxed", "\\boxed{" * 10_000),
    ("displays-on-one-line", "$$a$$ " * 20_000),
    ("comments-on-one-line", "<!-- x --> " * 20_000),
    ("many-labels", "\\begin{align}" + "a \\label{" * 5_000 + "\\end{align}"),
]


@pytest.mark.parametrize("text", [c[1] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
@pytest.mark.parametrize("language", ["markdown", "latex"])
def test_hostile_text_is_fast(language: Language, text: str) -> None:
    started = time.perf_counter()
    doc = parse_document(text, language)
    assert time.perf_counter() - started < 5.0
    check_invariants(doc)
