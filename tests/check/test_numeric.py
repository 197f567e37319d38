"""Numbers for judgements: exact decimals, numeric values, sample points, size guards,
roundings at written precision."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
import sympy
from mathlsp.check.numeric import (
    compare_at_points,
    exact,
    points,
    real_domain,
    rounds_to,
    too_big,
    value,
)

x, y, n, k = sympy.symbols("x y n k")


def test_exact_turns_decimals_into_fractions() -> None:
    assert exact(sympy.Float("0.1") + x) == sympy.Rational(1, 10) + x


VALUES = [
    ("rational stays exact", sympy.Rational(1, 3), "0.333333"),
    ("irrational", sympy.pi, "3.14159"),
    ("imaginary", 2 * sympy.I, "2i"),
    ("complex", 1 + sympy.I, "1+1i"),
    ("huge", sympy.Pow(10, 10**10, evaluate=False), "1.00000e+10000000000"),
]


@pytest.mark.parametrize(("expr", "text"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value_approx(expr: Any, text: str) -> None:
    number = value(expr)
    assert number is not None and number.approx() == text


NOT_NUMBERS = [
    ("division by zero", sympy.Pow(0, -1, evaluate=False)),
    ("infinity", sympy.oo),
    ("free symbol", x + 1),
]


@pytest.mark.parametrize("expr", [c[1] for c in NOT_NUMBERS], ids=[c[0] for c in NOT_NUMBERS])
def test_value_none(expr: Any) -> None:
    assert value(expr) is None


BIG = [
    ("tower", sympy.Pow(10, sympy.Pow(10, 10, evaluate=False), evaluate=False), True),
    ("large factorial", sympy.factorial(10**6, evaluate=False), True),
    ("ordinary power", sympy.Pow(2, 100, evaluate=False), False),
    ("symbolic power", x**1000000, False),
]


@pytest.mark.parametrize(("expr", "big"), [c[1:] for c in BIG], ids=[c[0] for c in BIG])
def test_too_big(expr: Any, big: bool) -> None:
    assert too_big(expr) is big


def test_points_are_deterministic_and_mixed_in_sign() -> None:
    chosen = points([x, y], set(), 6)
    assert chosen == points([x, y], set(), 6)
    assert any(p[x] < 0 for p in chosen) and any(p[x] > 0 for p in chosen)
    assert all(p[x] != p[y] for p in chosen)


def test_summation_limits_get_integers() -> None:
    assert all(p[n].is_Integer for p in points([n], {n}, 6))


def test_real_domain() -> None:
    assert real_domain(sympy.sqrt(x), {x: 2})
    assert not real_domain(sympy.sqrt(x), {x: -2})
    assert not real_domain(sympy.log(x), {x: -1})
    assert real_domain(x**2, {x: -1})


SAMPLES = [
    ("identity", (x + 1) ** 2, x**2 + 2 * x + 1, True),
    ("different", (x + 1) ** 2, x**2 + 1, False),
    ("abs versus root", sympy.sqrt(x**2), x, False),
    ("sum identity", sympy.Sum(k, (k, 1, n)), n * (n + 1) / 2, True),
]


@pytest.mark.parametrize(
    ("left", "right", "equal"), [c[1:] for c in SAMPLES], ids=[c[0] for c in SAMPLES]
)
def test_compare_at_points(left: Any, right: Any, equal: bool) -> None:
    sampled = compare_at_points(left, right)
    assert (sampled.differ_real is None and sampled.agree >= 3) is equal


@pytest.mark.parametrize(
    ("exact", "written", "expected"),
    [
        pytest.param(2 * sympy.pi / 3, "2.0944", True, id="two-pi-thirds"),
        pytest.param(2 * sympy.pi / 3, "2.0954", False, id="wrong-digit"),
        pytest.param(2 * sympy.pi / 3, "2.0943", False, id="cut-off-is-not-rounded"),
        pytest.param(sympy.sqrt(2), "1.414", True, id="sqrt2"),
        pytest.param(-sympy.sqrt(3), "-1.73", True, id="negative"),
        pytest.param(Fraction(1, 8), "0.12", True, id="tie-down"),
        pytest.param(Fraction(1, 8), "0.13", True, id="tie-up"),
        pytest.param(Fraction(1, 8), "0.14", False, id="past-the-tie"),
        pytest.param(sympy.Rational(1, 432), "2.3148e-3", True, id="e-notation"),
        pytest.param(sympy.E**10, "22026.47", True, id="large"),
    ],
)
def test_rounds_to(exact: Any, written: str, expected: bool) -> None:
    assert rounds_to(exact, written) is expected


@pytest.mark.parametrize(
    ("exact", "written"),
    [
        pytest.param(sympy.I, "1.0", id="not-real"),
        pytest.param(sympy.Symbol("x"), "1.0", id="not-a-number"),
        pytest.param(Fraction(1, 3), "1/3", id="not-a-decimal"),
        pytest.param(Fraction(1, 3), "3", id="an-integer"),
    ],
)
def test_rounds_to_undecided(exact: Any, written: str) -> None:
    assert rounds_to(exact, written) is None
