"""The math of a problem statement, sorted by role: equations, definitions, expressions,
intervals, inequalities and points (``x = 1``). ``problems.py`` picks what to compute from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.judge.claims import read, top_level_equals

_PRIME = re.compile(r"^\s*[a-zA-Z]\s*('+|\^\{?\\prime)")  # f'(x), y'', f^\prime
_NAMES = ("y", "f", "g", "h")  # `y = x^2` defines a function of x


@dataclass(slots=True)
class StatementMath:
    """The statement's spans sorted by role, in document order."""

    equations: list[Any] = field(default_factory=list)
    definitions: list[Any] = field(default_factory=list)  # Eq(f(x), ...) or Eq(y, ...)
    expressions: list[Any] = field(default_factory=list)  # no function calls
    calls: list[Any] = field(default_factory=list)  # expressions with f(3), g(x) in them
    intervals: list[Any] = field(default_factory=list)  # [0, 3], 0 <= x <= 3, x > 0
    inequalities: list[Any] = field(default_factory=list)
    points: list[Any] = field(default_factory=list)  # Eq(x, 1)
    primes: int = 0  # how many primes a written f'(x) carries (asks for a derivative)

    def body(self) -> Any:
        """The function or expression a problem is about."""
        if self.definitions:
            return self.definitions[0].rhs
        return self.expressions[0] if self.expressions else None

    def function_values(self) -> Any:
        """The first call with every named function replaced by its definition (`f(3)` = 9)."""
        if not self.calls or not self.definitions:
            return None
        bodies = {}
        for definition in self.definitions:
            head = definition.lhs
            if isinstance(head, AppliedUndef) and len(head.args) == 1 and head.args[0].is_Symbol:
                bodies[head.func] = (head.args[0], definition.rhs)
        call = self.calls[0]
        replaced = call.replace(
            lambda e: isinstance(e, AppliedUndef) and e.func in bodies and len(e.args) == 1,
            lambda e: bodies[e.func][1].xreplace({bodies[e.func][0]: e.args[0]}),
        )
        return None if replaced.atoms(AppliedUndef) else replaced


def sort_math(sources: tuple[str, ...]) -> StatementMath:
    """Read each span of the statement and file it by role; unreadable spans are skipped."""
    found = StatementMath()
    for source in sources:
        if top_level_equals(source) >= 2:
            continue  # a derivation `A = B = C` in the statement is working, not the question
        match = _PRIME.match(source)
        if match:
            found.primes = max(found.primes, 2 if "''" in match.group(1) else 1)
        expr = read(source).expr
        if expr is None:
            continue
        equations = isinstance(expr, sympy.FiniteSet) and all(
            isinstance(a, sympy.Eq) for a in expr.args
        )
        for item in list(expr.args) if equations else [expr]:
            _sort_one(item, found, bool(match))
    return found


def _sort_one(expr: Any, found: StatementMath, primed: bool) -> None:
    if isinstance(expr, sympy.Interval):
        found.intervals.append(expr)
    elif isinstance(expr, sympy.And | sympy.Lt | sympy.Le | sympy.Gt | sympy.Ge):
        interval = _as_interval(expr)
        if interval is not None:
            found.intervals.append(interval)
            found.inequalities.append(expr)
    elif isinstance(expr, sympy.Eq) and isinstance(expr.rhs, sympy.Expr):
        lhs = expr.lhs
        named = lhs.is_Symbol and str(lhs) in _NAMES and expr.rhs.free_symbols  # `y = 3`: a point
        if isinstance(lhs, AppliedUndef) or named:
            if not primed:  # `f'(x) = 2x` reads as f(x) = 2x: not the definition
                found.definitions.append(expr)
        elif lhs.is_Symbol and not expr.rhs.free_symbols:
            found.points.append(expr)
        elif expr.free_symbols and not expr.atoms(AppliedUndef) and expr not in found.equations:
            found.equations.append(expr)  # the same equation twice is not a system
    elif isinstance(expr, sympy.Expr):
        (found.calls if expr.atoms(AppliedUndef) else found.expressions).append(expr)


def _as_interval(expr: Any) -> Any:
    """`0 \\le x \\le 3`, `x > 0` as an interval (a chain of equations is not one)."""
    parts = expr.args if isinstance(expr, sympy.And) else (expr,)
    if len(expr.free_symbols) != 1 or any(isinstance(p, sympy.Eq | sympy.Ne) for p in parts):
        return None
    try:
        interval = expr.as_set()
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    return interval if isinstance(interval, sympy.Interval) else None
