"""Chains: `A = B = C` in one span and `&=` continuation rows, with exact term ranges."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.model import Language

from tests.document.util import slice_range

CHAINS = [
    ("three-terms", "markdown", "$a = b = c$", [["a", "b", "c"]]),
    (
        "braces-hide-equals",
        "markdown",
        "$f_{n=1} = \\frac{x=1}{2} = 3$",
        [["f_{n=1}", "\\frac{x=1}{2}", "3"]],
    ),
    (
        "trailing-period",
        "markdown",
        "$$\\int_0^1 x\\,dx = \\frac12 = 0.5.$$",
        [["\\int_0^1 x\\,dx", "\\frac12", "0.5"]],
    ),
    (
        "align-continuation",
        "latex",
        "\\begin{align}\n(x+1)^2 &= x^2+x+x+1 \\\\\n&= x^2+2x+1\n\\end{align}",
        [["(x+1)^2", "x^2+x+x+1", "x^2+2x+1"]],
    ),
    (
        "continuation-with-plain-equals",
        "latex",
        "\\begin{align*}\nA &= B \\\\\n= C \\\\\n&= D.\n\\end{align*}",
        [["A", "B", "C", "D"]],
    ),
    (
        "two-terms-over-lines",
        "latex",
        "\\begin{align}\nA \\\\\n&= B\n\\end{align}",
        [["A", "B"]],
    ),
    (
        "aligned-in-display",
        "markdown",
        "$$\\begin{aligned}\nx &= 1+1 \\\\\n  &= 2\n\\end{aligned}$$",
        [["x", "1+1", "2"]],
    ),
    (
        "relation-breaks-chain",
        "latex",
        "\\begin{align}\nA &= B \\\\\n&= C \\\\\n&\\le D \\\\\n&= E\n\\end{align}",
        [["A", "B", "C"], ["D", "E"]],
    ),
    (
        "new-row-starts-new-chain",
        "latex",
        "\\begin{align}\na &= b \\\\\nc &= d \\\\\n&= e\n\\end{align}",
        [["c", "d", "e"]],
    ),
    (
        "label-removed",
        "latex",
        "\\begin{align}\na &= b \\label{x} \\\\\n&= c\n\\end{align}",
        [["a", "b", "c"]],
    ),
    ("cjk-line", "markdown", "解：$x = 1 + 1 = 2$ 😀", [["x", "1 + 1", "2"]]),
]

NOT_CHAINS = [
    ("single-equation", "markdown", "$x = 1$"),
    ("single-align-row", "latex", "\\begin{align}x &= 1\\end{align}"),
    ("less-than", "markdown", "$a = b < c$"),
    ("leq", "markdown", "$a = b \\leq c = d$"),
    ("approx", "markdown", "$\\pi = 3.14 \\approx 3$"),
    ("ne", "markdown", "$a = b \\ne c$"),
    ("definition", "markdown", "$f := g = h$"),
    ("double-equals", "markdown", "$a == b == c$"),
    ("comma-separated", "markdown", "$x = 1, y = 2$"),
    ("quad-separated", "markdown", "$x = 1 \\quad y = 2 = 2$"),
    ("text-or", "markdown", "$x = 2 \\text{ or } x = 3$"),
    ("ignored", "markdown", "<!-- mathlsp: ignore -->\n$a = b = c$"),
    ("implies", "markdown", "$x = 2 \\Rightarrow y = 3 = 3$"),
    ("aligned-separate-rows", "markdown", "$$\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}$$"),
    ("empty-term", "markdown", "$a = = b$"),
    ("alignat-columns", "latex", "\\begin{align}a &= b & c &= d\\end{align}"),
]


def chains(text: str, language: Language) -> list[list[str]]:
    return [[t.source for t in chain.terms] for chain in parse_document(text, language).chains]


@pytest.mark.parametrize(
    ("language", "text", "expected"), [c[1:] for c in CHAINS], ids=[c[0] for c in CHAINS]
)
def test_chains(language: Language, text: str, expected: list[list[str]]) -> None:
    assert chains(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "_"), [c[1:] for c in CHAINS], ids=[c[0] for c in CHAINS]
)
def test_term_ranges_slice_back(language: Language, text: str, _: object) -> None:
    for chain in parse_document(text, language).chains:
        for term in chain.terms:
            assert slice_range(text, term.range) == term.source


@pytest.mark.parametrize(
    ("language", "text"), [c[1:] for c in NOT_CHAINS], ids=[c[0] for c in NOT_CHAINS]
)
def test_not_chains(language: Language, text: str) -> None:
    assert chains(text, language) == []


def test_term_positions_on_continuation_line() -> None:
    text = "\\begin{align}\n(x+1)^2 &= x^2+x+x+1 \\\\\n  &= x^2+2x+1\n\\end{align}"
    (chain,) = parse_document(text, "latex").chains
    last = chain.terms[-1].range
    assert (last.start.line, last.start.character, last.end.character) == (2, 5, 13)
