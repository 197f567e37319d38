"""LaTeX normalisation and reading (``mathlsp.check.read.parse``)."""

from __future__ import annotations

import pytest
from mathlsp.check.read.normalise import normalise
from mathlsp.check.read.parse import to_sympy

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
    ("number-times-paren", "2(3)", "2 \\cdot (3)"),
    ("paren-times-paren", "(2)(3)", "(2) \\cdot (3)"),
    ("subscript-keeps-call", r"\log_2(8)", r"\log_2(8)"),
    ("power-keeps-reading", "x^2(x+1)", "x^2(x+1)"),
    ("left-dot", r"\left. x \right|_0^1", "[ x ]_0^1"),  # the bracket keeps where F starts
    ("superscript-e", r"\int_1^e x", r"\int_1^{e} x"),
    ("superscript-exp-kept", r"x^{e} + e^x", r"x^{e} + e^x"),
    ("therefore", r"\therefore x = 2", "x = 2"),
    ("implies", r"\quad\Rightarrow x=1", "x=1"),
    ("unicode-therefore", "∴ x = 3", "x = 3"),
    ("connective-inside-kept", r"x = 2 \Rightarrow x^2 = 4", r"x = 2 \Rightarrow x^2 = 4"),
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


@pytest.mark.parametrize(
    ("text", "value"),
    [("2(3)", 6), ("(2)(3)", 6), ("12(3)", 36), (r"\log_2(8)", 3), (r"2\frac{1}{2}", "5/2")],
    ids=["number-paren", "paren-paren", "two-digits", "log-base", "mixed-number"],
)
def test_products_of_numbers_are_products_not_mixed_numbers(text: str, value: object) -> None:
    # latex2sympy reads `2(3)` as the mixed number 5: `$2(3) = 6$` was flagged false.
    import sympy

    expr = to_sympy(text).expr
    assert sympy.nsimplify(expr.doit()) == sympy.Rational(str(value))


def test_sympy_failure_while_building_reads_as_words() -> None:
    """``\\det`` of a plain symbol fails inside SymPy (AttributeError); the user sees what
    could not be read, not Python's message."""
    parsed = to_sympy(r"\det A = -2")
    assert parsed.expr is None and parsed.error is not None
    assert parsed.error == "could not read `\\det A = -2`: SymPy cannot build it"
