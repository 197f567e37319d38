"""Conditions: for which values a relation holds, and real root sets."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.judge.claims import read
from mathlsp.check.judge.conditions import describe_condition, solution_set

x = sympy.Symbol("x")


CONDITIONS = [
    ("quadratic", "x^2 - 5x + 6 = 0", "holds for x = 2 or x = 3"),
    ("identity", "(x+1)^2 = x^2+2x+1", "holds for all x"),
    ("no real root", "x^2 + 1 = 0", "holds for no real x"),
    ("linear", "2x + 3 = 7", "holds for x = 2"),
    ("inequality", "x > 2", "holds for x ∈ (2, ∞)"),
    ("two unknowns", "x + y = 3", "a condition on x, y"),
    ("transcendental", r"\sin x = x^2", "a condition on x"),
]


@pytest.mark.parametrize(
    ("latex", "expected"), [c[1:] for c in CONDITIONS], ids=[c[0] for c in CONDITIONS]
)
def test_conditions(latex: str, expected: str) -> None:
    parsed = read(latex).expr
    assert parsed is not None
    assert describe_condition(parsed) == expected


ROOTS = [
    ("quadratic", x**2 - 5 * x + 6, (2, 3)),
    ("removable point excluded", (x**2 - 1) / (x - 1), (-1,)),
    ("complex roots dropped", x**2 + 1, ()),
    ("radical", sympy.sqrt(x) - 2, (4,)),
    ("periodic is not finite", sympy.sin(x), None),
    ("identity is not finite", x - x + 0 * x, None),
]


@pytest.mark.parametrize(("difference", "roots"), [c[1:] for c in ROOTS], ids=[c[0] for c in ROOTS])
def test_solution_set(difference: sympy.Expr, roots: tuple[int, ...] | None) -> None:
    found = solution_set(difference, x)
    assert (None if found is None else tuple(sorted(found))) == roots
