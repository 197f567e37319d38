"""LaTeX normalisation and reading (``mathlsp.check.parse``)."""

from __future__ import annotations

import pytest
from mathlsp.check.parse import normalise, to_sympy

NORMALISE = [
    ("dfrac", r"\dfrac{1}{2}", r"\frac{1}{2}"),
    ("tfrac", r"\tfrac{3}{4}", r"\frac{3}{4}"),
    ("cfrac", r"\cfrac{1}{3}", r"\frac{1}{3}"),
    ("dbinom", r"\dbinom{5}{2}", r"\binom{5}{2}"),
    ("displaystyle", r"\displaystyle \sum", r"\sum"),
    ("short-frac", r"\frac43", r"\frac{4}{3}"),
    ("short-frac-mixed", r"\frac3{3}", r"\frac{3}{3}"),
    ("short-sqrt", r"\sqrt3", r"\sqrt{3}"),
    ("left-right", r"\left( x \right)", "( x )"),
    ("spacing", r"1\,000\!", "1 000"),
    ("whitespace", "  x  +\n y ", "x + y"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in NORMALISE], ids=[c[0] for c in NORMALISE]
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_to_sympy_reads_fraction() -> None:
    import sympy

    assert to_sympy(r"\frac12").expr == sympy.Rational(1, 2)


@pytest.mark.parametrize("text", [r"\frac{", "", "  "], ids=["unbalanced", "empty", "blank"])
def test_to_sympy_failure_is_a_value(text: str) -> None:
    parsed = to_sympy(text)
    assert parsed.expr is None
    assert parsed.error
