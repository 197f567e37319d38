"""Equations, systems and inequalities of a problem statement, solved by SymPy.

Also ``given``: a value determined by equations (`If x + y = 10 and xy = 21, find x^2 + y^2`).
Only answers SymPy can vouch for are returned: finite real root sets, finitely many system
solutions, intervals; anything else is None (no answer, nothing flagged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from mathlsp.check.judge.claims import evaluate
from mathlsp.check.judge.conditions import solution_set
from mathlsp.check.judge.targets import StatementMath
from mathlsp.check.read.readable import readable

_FAILURES = (NotImplementedError, ValueError, TypeError, AttributeError)


@dataclass(frozen=True, slots=True)
class Task:
    """What SymPy computed for a problem."""

    kind: str
    answer: Any  # a value, a set of roots, an interval, a Tuple or set of Tuples (systems)
    shown: str  # the question in readable math: "∫₀¹ x² dx", "x² - 5x + 6 = 0"
    variable: Any = None
    equation: Any = None  # solve: the expression that must vanish (for complex roots)


def solve(math: StatementMath) -> Task | None:
    """Solve the statement's equation, system or inequality."""
    if not math.equations and math.inequalities:
        return _inequality(math.inequalities[0])
    equations = math.equations or [sympy.Eq(e, 0) for e in math.expressions[:1]]
    if not equations:
        return None
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=str)
    shown = ", ".join(readable(e) for e in equations)
    if len(equations) == 1 and len(symbols) == 1:
        difference = evaluate(equations[0].lhs - equations[0].rhs)
        domain, where = _domain(math, symbols[0])
        roots = solution_set(difference, symbols[0], domain)
        if roots is None:
            return None
        return Task("solve", sympy.FiniteSet(*roots), shown + where, symbols[0], difference)
    if len(equations) < len(symbols):
        return None
    try:
        solutions = sympy.solve([evaluate(e) for e in equations], symbols, dict=True)
    except _FAILURES:
        return None
    rows = [sympy.Tuple(*(s.get(v, v) for v in symbols)) for s in solutions]
    if not rows or any(row.free_symbols for row in rows):
        return None
    answer = rows[0] if len(rows) == 1 else sympy.FiniteSet(*rows)
    return Task("system", answer, shown, sympy.Tuple(*symbols))


def _domain(math: StatementMath, symbol: Any) -> tuple[Any, str]:
    """Where the unknown may lie: `Solve sin x = 0 for 0 <= x < 2pi` (the reals if the
    statement gives no range for it), and how the question shows it."""
    ranges = [r for r in math.inequalities if r.free_symbols == {symbol}]
    if not ranges and math.intervals:  # "on $[0, 2\\pi]$"
        interval = math.intervals[0]
        return interval, f", {readable(symbol)} ∈ {readable(interval)}"
    domain = sympy.S.Reals
    for relation in ranges:
        domain = sympy.Intersection(domain, relation.as_set())
    where = "".join(f", {readable(r)}" for r in ranges)
    return domain, where


def _inequality(relation: Any) -> Task | None:
    (symbol,) = relation.free_symbols
    try:
        solved = sympy.solveset(evaluate(relation), symbol, domain=sympy.S.Reals)
    except _FAILURES:
        return None
    if not isinstance(solved, sympy.Interval | sympy.Union) or solved.free_symbols - {symbol}:
        return None
    return Task("inequality", solved, readable(relation), symbol)


def complex_roots(task: Task) -> tuple[Any, ...] | None:
    """All complex roots of a polynomial equation (for `x = \\\\pm 2i` answers)."""
    if task.equation is None or not task.equation.is_polynomial(task.variable):
        return None
    poly = sympy.Poly(sympy.together(task.equation), task.variable)
    found = sympy.roots(poly)
    return tuple(found) if sum(found.values()) == poly.degree() else None


def given(equations: list[Any], target: Any) -> Task | None:
    """`If x + y = 10 and xy = 21, find x^2 + y^2`: one value over all solutions, or None."""
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=str)
    if not target.free_symbols <= set(symbols):
        return None
    try:
        solutions = sympy.solve([evaluate(e) for e in equations], symbols, dict=True)
    except _FAILURES:
        return None
    values = {sympy.simplify(evaluate(target).subs(s)) for s in solutions}
    if len(values) != 1 or next(iter(values)).free_symbols:
        return None
    return Task("evaluate", values.pop(), readable(target))
