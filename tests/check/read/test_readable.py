"""Readable math: the Unicode every message and hover uses."""

from __future__ import annotations

from typing import Any

import pytest
import sympy
from mathlsp.check.judge.claims import read
from mathlsp.check.read.readable import readable, subscript, superscript

x, y, k = sympy.symbols("x y k")

BUILT = [
    ("third", sympy.Rational(1, 3), "1/3"),
    ("negative fraction", sympy.Rational(-1, 2), "-1/2"),
    ("root over two", sympy.sqrt(2) / 2, "√2/2"),
    ("polynomial", x**2 + 2 * x + 1, "x² + 2x + 1"),
    ("leading minus", -(x**2) + 3 * x - 1, "-x² + 3x - 1"),
    ("big power", x**10, "x¹⁰"),
    ("symbolic power", x ** (y + 1), "x^(y + 1)"),
    ("reciprocal square", 1 / x**2, "1/x²"),
    ("pi", sympy.pi / 2, "π/2"),
    ("infinity", sympy.oo, "∞"),
    ("natural log", sympy.log(x), "ln x"),
    ("exp", sympy.exp(x), "eˣ"),
    ("abs", sympy.Abs(x - 1), "|x - 1|"),
    ("factorial", sympy.factorial(5, evaluate=False), "5!"),
    ("definite integral", sympy.Integral(x**2, (x, 0, 1)), "∫₀¹ x² dx"),
    ("indefinite integral", sympy.Integral(x**2, x), "∫ x² dx"),
    ("sum", sympy.Sum(k, (k, 1, 10)), "Σₖ₌₁¹⁰ k"),
    ("set", sympy.FiniteSet(3, 2), "{2, 3}"),
    ("interval", sympy.Interval(0, 3), "[0, 3]"),
    ("open interval", sympy.Interval.open(2, sympy.oo), "(2, ∞)"),
    ("not equal", sympy.Ne(x, 1), "x ≠ 1"),
    ("less or equal", sympy.Le(x, 3), "x ≤ 3"),
    ("subscript symbol", sympy.Symbol("x_1"), "x₁"),
    ("float", sympy.Float("3.14"), "3.14"),
    ("empty set", sympy.S.EmptySet, "∅"),
]


@pytest.mark.parametrize(("expr", "expected"), [c[1:] for c in BUILT], ids=[c[0] for c in BUILT])
def test_readable_built(expr: Any, expected: str) -> None:
    assert readable(expr) == expected


PARSED = [
    ("log base two", r"\log_2 8", "log₂ 8"),
    ("parser minus", "x^2 - 5x + 6", "x² - 5x + 6"),
    ("square root power", r"\sqrt{2}^2", "(√2)²"),
    ("limit", r"\lim_{x\to 0}\frac{\sin x}{x}", "lim_(x→0) (sin(x)/x)"),
    ("one-sided limit", r"\lim_{x\to 0^{+}}\ln x", "lim_(x→0⁺) ln x"),
    ("derivative", r"\frac{d}{dx} x^3", "d/dx (x³)"),
    ("cube root", r"\sqrt[3]{8}", "∛8"),
    ("times kept", r"2 \times 3", "2·3"),
    ("ln of a power of e", r"\ln e^2 = 2", "ln e² = 2"),
    ("ln of a function", r"\ln \sin x", "ln sin(x)"),
    ("ln of a sum", r"\ln(x + 1)", "ln(x + 1)"),
]


@pytest.mark.parametrize(("latex", "expected"), [c[1:] for c in PARSED], ids=[c[0] for c in PARSED])
def test_readable_parsed(latex: str, expected: str) -> None:
    assert readable(read(latex).expr) == expected


SCRIPTS = [
    ("digits up", superscript, "10", "¹⁰"),
    ("letter up", superscript, "n", "ⁿ"),
    ("no pi up", superscript, "π", None),
    ("digits down", subscript, "2", "₂"),
    ("bound down", subscript, "k=1", "ₖ₌₁"),
    ("no y down", subscript, "y", None),
]


@pytest.mark.parametrize(
    ("convert", "text", "expected"), [c[1:] for c in SCRIPTS], ids=[c[0] for c in SCRIPTS]
)
def test_scripts(convert: Any, text: str, expected: str | None) -> None:
    assert convert(text) == expected
