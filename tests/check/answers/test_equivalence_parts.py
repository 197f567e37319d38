"""The parts behind ``equivalent``: exact numbers, clean-up, shapes, the quick evaluator, verdicts."""

from __future__ import annotations

from fractions import Fraction

import pytest
from mathlsp.check.answers.equivalence import (
    equivalent,
    equivalent_to_sympy,
    quick_verdict,
    same_answer,
)
from mathlsp.check.answers.evaluate import Unsupported, same_numbers
from mathlsp.check.answers.nodes import Cup, Ivl, Seq
from mathlsp.check.answers.normalise import clean
from mathlsp.check.answers.numbers import read_number
from mathlsp.check.answers.shapes import read

NUMBERS = [
    ("integer", "-5", Fraction(-5)),
    ("decimal", "0.3", Fraction(3, 10)),
    ("leading-dot", ".4", Fraction(2, 5)),
    ("frac", r"\frac{10}{9}", Fraction(10, 9)),
    ("negative-frac", r"-\frac{10}{9}", Fraction(-10, 9)),
    ("slash", "10/9", Fraction(10, 9)),
    ("mixed", r"1\frac{1}{3}", Fraction(4, 3)),
    ("repeating", r"0.\overline{3}", Fraction(1, 3)),
    ("repeating-tail", r"0.1\overline{6}", Fraction(1, 6)),
    ("scientific", r"1.5\times10^{3}", Fraction(1500)),
    ("scientific-negative", r"2.5 \cdot 10^{-3}", Fraction(1, 400)),
    ("e-notation", "1.5e3", Fraction(1500)),
    ("not-a-number", r"\sqrt{2}", None),
    ("zero-denominator", r"\frac{1}{0}", None),
    ("huge-exponent", "1e99999", None),
]


@pytest.mark.parametrize(("text", "value"), [c[1:] for c in NUMBERS], ids=[c[0] for c in NUMBERS])
def test_read_number(text: str, value: Fraction | None) -> None:
    number = read_number(text)
    assert (number.value if number else None) == value


CLEAN = [
    ("thousands", "7,425,000", "7425000", False, False),
    ("thousands-braced", "12{,}345", "12345", False, False),
    ("thousands-thin-space", r"11,\! 111,\! 100", "11111100", False, False),
    ("list-kept", "1, 2", "1, 2", False, False),
    ("interval-kept", "(5,100)", "(5,100)", False, False),
    ("percent", r"30\%", "30", True, False),
    ("percent-word", "28 percent", "28", True, False),
    ("degrees", r"90^\circ", "90", False, True),
    ("money", r"\$5.40", "5.40", False, False),
    ("unit-text", r"5 \text{ cm}", "5", False, False),
    ("unit-squared", r"15\mbox{ cm}^2", "15", False, False),
    ("unit-word", "125 miles", "125", False, False),
    ("choice", r"\text{(C)}", "C", False, False),
    ("relations", "x >= 5", r"x \ge 5", False, False),
    ("delimiters", r"$\dfrac{1}{2}$", r"\frac{1}{2}", False, False),
]


@pytest.mark.parametrize(
    ("text", "cleaned", "percent", "degrees"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN]
)
def test_clean(text: str, cleaned: str, percent: bool, degrees: bool) -> None:
    result = clean(text)
    assert (result.text, result.percent, result.degrees) == (cleaned, percent, degrees)


def test_shapes() -> None:
    assert isinstance(read(clean("[0, 1)")), Ivl)
    assert isinstance(read(clean(r"(0,1) \cup (2,3]")), Cup)
    tuple_node = read(clean("(3, 4)"))
    assert isinstance(tuple_node, Seq) and tuple_node.kind == "tuple" and tuple_node.interval_ok
    assert isinstance(read(clean(r"\{1, 2\}")), Seq)


EVAL = [
    ("expansion", "(x-1)^2", "x^2-2x+1", True),
    ("expansion-miss", "(x-1)^2", "x^2+2x+1", False),
    ("surd", r"3\sqrt{13}", r"\sqrt{117}", True),
    ("rounded", r"\frac{1}{3}", r"\frac{3333}{10000}", False),
    ("complex", r"\frac{1+i}{1-i}", "i", True),
    ("cube-root", r"\sqrt[3]{8}", "2", True),
    ("huge-values-undecided", "10^{50}+1", "10^{50}", None),
]


@pytest.mark.parametrize(
    ("left", "right", "expected"), [c[1:] for c in EVAL], ids=[c[0] for c in EVAL]
)
def test_quick_evaluator(left: str, right: str, expected: bool | None) -> None:
    assert same_numbers(left, right) is expected


@pytest.mark.parametrize(
    "text", [r"\sin x", "|x|", "5!", "a_1"], ids=["function", "abs", "factorial", "subscript"]
)
def test_quick_evaluator_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(Unsupported):
        same_numbers(text, "1")


def test_verdict_is_three_valued() -> None:
    assert equivalent("1/2", "0.5").equal is True
    assert equivalent("1/2", "0.6").equal is False
    undecided = equivalent(r"\frac{", r"\frac{")
    assert undecided.equal is True  # the same text is the same answer, even unreadable
    assert equivalent(r"\frac{1}{", "x^{").equal is None
    assert equivalent("5", "").equal is False


def test_quick_verdict_defers_to_sympy() -> None:
    assert quick_verdict("7,425,000", "7425000") == equivalent("7,425,000", "7425000")
    assert quick_verdict(r"\sin^2 x + \cos^2 x", "1") is None


def test_huge_constants_are_not_equal_by_rounding() -> None:
    assert equivalent("(10^{7})!", "(10^{7})! + 1").equal is False


def test_equivalent_to_sympy() -> None:
    import sympy

    x = sympy.Symbol("x")
    assert equivalent_to_sympy(sympy.Rational(1, 3), r"\frac{2}{6}").equal is True
    assert equivalent_to_sympy(sympy.FiniteSet(-2, 3), "x = 3, x = -2").equal is True
    assert equivalent_to_sympy(sympy.Interval.open(2, sympy.oo), "x > 2").equal is True
    assert equivalent_to_sympy((x + 1) ** 2, "x^2+2x+1").equal is True
    assert equivalent_to_sympy(sympy.Tuple(1, 2), "(2, 1)").equal is False


def test_same_answer_is_symmetric() -> None:
    assert same_answer(r"\dfrac{3}{10}", "0.3") is True
    assert same_answer("0.3", r"\dfrac{3}{10}") is True
    assert same_answer("(1, 2)", "(2, 1)") is False


def test_same_answer_reads_both_sides_alike() -> None:
    # Found by tests/fuzz/test_answers_equivalence.py: the first side used to be read as a
    # reference and the second as a reply, so the order of two samples changed the verdict.
    assert same_answer("", "$$") is same_answer("$$", "") is None
    assert same_answer("0", "\\displaystyle") is same_answer("\\displaystyle", "0") is None
    assert same_answer("\\displaystyle", "\\displaystyle") is None  # never unlike itself
    assert same_answer("\\boxed{3", "3") == same_answer("3", "\\boxed{3")
