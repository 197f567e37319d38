"""Equations, systems and inequalities solved for problem answers."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.judge.solving import complex_roots, given, solve
from mathlsp.check.judge.targets import sort_math

x = sympy.Symbol("x")

SOLVED = [
    ("quadratic", ("x^2 - 5x + 6 = 0",), "solve", "{2, 3}"),
    ("radical", (r"\sqrt{x+3} = x - 3",), "solve", "{6}"),
    ("no real root", ("x^2 + 1 = 0",), "solve", "EmptySet"),
    ("roots of an expression", ("x^2 - 1",), "solve", "{-1, 1}"),
    ("system", ("x + y = 3", "x - y = 1"), "system", "(2, 1)"),
    ("system of two solutions", ("x + y = 3", "xy = 2"), "system", "{(1, 2), (2, 1)}"),
    ("inequality", ("2x - 1 > 3",), "inequality", "Interval.open(2, oo)"),
    ("quadratic inequality", (r"x^2 \le 4",), "inequality", "Interval(-2, 2)"),
    ("sum of logs", (r"\log_2(x) + \log_2(x - 2) = 3",), "solve", "{4}"),
    ("log quotient", (r"\log(x+3) - \log(x) = 1",), "solve", "{1/3}"),
    ("natural logs", (r"\ln x + \ln(x+1) = \ln 6",), "solve", "{2}"),  # not -3
    ("periodic on a range", (r"\sin x = 0", r"0 \le x < 2\pi"), "solve", "{0, pi}"),
    ("periodic on an interval", (r"\cos x = \frac12", r"[0, 2\pi]"), "solve", "{pi/3, 5*pi/3}"),
    ("positive root only", ("x^2 = 4", "x > 0"), "solve", "{2}"),
]


@pytest.mark.parametrize(
    ("sources", "kind", "answer"), [c[1:] for c in SOLVED], ids=[c[0] for c in SOLVED]
)
def test_solve(sources: tuple[str, ...], kind: str, answer: str) -> None:
    task = solve(sort_math(sources))
    assert task is not None and task.kind == kind
    assert str(task.answer) == answer


UNSOLVED = [
    ("periodic", (r"\sin x = 0",)),
    ("underdetermined", ("x + y = 3",)),
    ("parametric", ("x + y = a", "x - y = 1")),
    ("nothing", ()),
]


@pytest.mark.parametrize("sources", [c[1] for c in UNSOLVED], ids=[c[0] for c in UNSOLVED])
def test_unsolved(sources: tuple[str, ...]) -> None:
    assert solve(sort_math(sources)) is None


def test_complex_roots() -> None:
    task = solve(sort_math(("x^2 + 4 = 0",)))
    assert task is not None
    assert set(complex_roots(task) or ()) == {2 * sympy.I, -2 * sympy.I}


GIVEN = [
    ("symmetric", ("x + y = 10", "xy = 21"), "x^2 + y^2", 58),
    ("linear", ("2x + 3 = 7",), "x^2", 4),
    ("two values", ("x^2 = 4",), "x", None),
]


@pytest.mark.parametrize(
    ("sources", "target", "expected"), [c[1:] for c in GIVEN], ids=[c[0] for c in GIVEN]
)
def test_given(sources: tuple[str, ...], target: str, expected: int | None) -> None:
    math = sort_math((*sources, target))
    task = given(math.equations, math.expressions[0])
    assert (task.answer if task else None) == expected
