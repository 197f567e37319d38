"""The SymPy side of answer comparison: read leaves, test values numerically, then symbolically.

Imported only when a comparison needs it (plain numbers never do). Expressions are equal when
their difference vanishes at several random points, evaluated with 30 significant digits;
a constant difference that agrees to 30 digits is confirmed symbolically or at 60 digits.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

import sympy

from mathlsp.check.answers_numbers import decimals_to_fractions
from mathlsp.check.answers_read import Cup, Expr, Ivl, Node, Num, Rel, Seq, Value
from mathlsp.check.parse import to_sympy

Decision = bool | None
_DIGITS = 30
_POINTS = 5
_TINY = sympy.Float(10, 30) ** -20
_CONSTANTS = ("C", "c", "K", "k")


class Unreadable(Exception):
    """A leaf SymPy could not read."""


@lru_cache(maxsize=4096)
def _read_latex(latex: str) -> Any:
    text = latex.replace("\\infty", "\\infty ").strip()
    parsed = to_sympy(decimals_to_fractions(text))
    if parsed.expr is None:
        raise Unreadable(parsed.error or latex)
    return _tidy(parsed.expr)


def _tidy(expr: Any) -> Any:
    """Read ``i`` as the imaginary unit and evaluate limits, sums and products."""
    if isinstance(expr, sympy.MatrixExpr):
        expr = expr.doit()
    if isinstance(expr, sympy.MatrixBase):
        return expr.applyfunc(_tidy)
    if not isinstance(expr, sympy.Basic):
        return expr
    imaginary = [s for s in expr.free_symbols if getattr(s, "name", "") == "i"]
    if imaginary:
        expr = expr.subs(imaginary[0], sympy.I)
    if expr.has(sympy.Limit, sympy.Derivative) or any(
        not _free_limits(node) for node in expr.atoms(sympy.Sum, sympy.Product)
    ):
        expr = expr.doit()
    return expr


def _free_limits(node: Any) -> bool:
    """Whether a sum's bounds have free symbols (``\\sum_{k=0}^{n}``): left unevaluated."""
    return any(bound.free_symbols for limit in node.limits for bound in limit[1:])


def to_value(node: Node) -> Any:
    if isinstance(node, Num):
        value = node.number.value
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(node, Expr):
        return _read_latex(node.latex)
    if isinstance(node, Value):
        return node.obj
    if isinstance(node, Rel):
        return _read_latex(node.latex)
    if isinstance(node, Seq) and node.kind == "matrix":
        rows = [
            [to_value(cell) for cell in row.items] for row in node.items if isinstance(row, Seq)
        ]
        return sympy.Matrix(rows)
    raise Unreadable(type(node).__name__)


def same_leaf(a: Node, b: Node) -> Decision:
    try:
        for printed, other in ((a, b), (b, a)):
            if isinstance(printed, Num) and printed.number.digits >= 15:
                return _close(printed.number.digits, to_value(printed), to_value(other))
        return same_value(to_value(a), to_value(b))
    except Unreadable:
        return None
    except Exception:  # SymPy raises many kinds on odd input; undecided, never a crash
        return None


def same_value(x: Any, y: Any) -> Decision:
    """Whether two SymPy values are equal (matrices entrywise, sets by members)."""
    if isinstance(x, sympy.MatrixBase) or isinstance(y, sympy.MatrixBase):
        if not (isinstance(x, sympy.MatrixBase) and isinstance(y, sympy.MatrixBase)):
            return False
        if x.shape != y.shape:
            return False
        decisions = [same_value(p, q) for p, q in zip(x, y, strict=True)]
        return False if False in decisions else None if None in decisions else True
    if isinstance(x, sympy.Set) or isinstance(y, sympy.Set):
        return bool(x == y) if type(x) is type(y) else False
    if not (isinstance(x, sympy.Expr) and isinstance(y, sympy.Expr)):
        return bool(x == y) if x == y else None
    if x == y:
        return True
    if x.has(sympy.Integral) or y.has(sympy.Integral):
        return _same_antiderivative(x, y)
    return _numeric_equal(x - y, x, y)


def _close(digits: int, printed: Any, other: Any) -> Decision:
    """A machine-printed float equals a value when they agree to the digits printed."""
    value = _evaluate(other, {}, digits + 5)
    if value is None:
        return None
    return bool(abs(value - printed) <= abs(printed) * sympy.Float(10) ** (2 - digits))


def _points(symbols: list[Any], count: int, seed: str) -> list[dict[Any, Any]]:
    rng = random.Random(seed)
    return [
        {s: sympy.Rational(rng.choice((-1, 1)) * rng.randint(1100, 3900), 1000) for s in symbols}
        for _ in range(count)
    ]


def _evaluate(expr: Any, point: dict[Any, Any], digits: int) -> Any:
    """A finite numeric value (SymPy Float or complex), or None where it is undefined."""
    value = expr.evalf(digits, subs=point) if point else expr.evalf(digits)
    if value.has(sympy.zoo, sympy.oo, sympy.nan, -sympy.oo) or not value.is_number:
        return None
    real, imag = value.as_real_imag()
    if not (real.is_Number and imag.is_Number):
        return None
    return value


def _size(value: Any) -> Any:
    return sympy.Max(sympy.Integer(1), abs(value)) if value is not None else None


def _numeric_equal(difference: Any, x: Any, y: Any) -> Decision:
    symbols = sorted(difference.free_symbols, key=str)
    if not symbols:
        if x.is_Rational and y.is_Rational:
            return bool(x == y)
        return _constant_zero(difference, x)
    valid = 0
    for point in _points(symbols, _POINTS + 3, str(difference)):
        got = _evaluate(difference, point, _DIGITS)
        size = _size(_evaluate(x, point, 15))
        if got is None or size is None:
            continue
        if abs(got) > size * _TINY:
            return False
        valid += 1
        if valid >= _POINTS:
            return True
    return _symbolic_zero(difference)


def _constant_zero(difference: Any, x: Any) -> Decision:
    """A constant difference is zero when it vanishes to 30 digits and again to 60.

    Absolute, not relative: SymPy's evalf keeps the digits of a difference through
    cancellation, so ``N! + 1 - N!`` comes out as 1 however large ``N!`` is."""
    got = _evaluate(difference, {}, _DIGITS)
    if got is None:
        return _symbolic_zero(difference)
    if abs(got) > _TINY:
        return False
    deeper = _evaluate(difference, {}, 2 * _DIGITS)
    if deeper is None:
        return _symbolic_zero(difference)
    return bool(abs(deeper) <= sympy.Float(10) ** (5 - 2 * _DIGITS))


def _symbolic_zero(difference: Any) -> Decision:
    try:
        simplified = sympy.simplify(difference)
    except Exception:
        return None
    if simplified == 0:
        return True
    return False if simplified.is_number and simplified.is_zero is False else None


def _same_antiderivative(x: Any, y: Any) -> Decision:
    """Indefinite integrals: equal when they differ by a constant."""
    x, y = x.doit(), y.doit()
    constants = {s for s in (x.free_symbols ^ y.free_symbols) if s.name in _CONSTANTS}
    x = x.subs({s: 0 for s in constants})
    y = y.subs({s: 0 for s in constants})
    difference = x - y
    symbols = sorted(difference.free_symbols, key=str)
    if not symbols:
        return True  # antiderivatives differing by a number
    values = []
    for point in _points(symbols, _POINTS, str(difference)):
        got = _evaluate(difference, point, _DIGITS)
        if got is not None:
            values.append(got)
    if len(values) < 3:
        return None
    return all(bool(abs(v - values[0]) <= _TINY * _size(values[0])) for v in values)


def same_relation(a: Node, b: Node) -> Decision:
    """Equations up to rearrangement and scaling; inequalities by their solution sets."""
    try:
        return _same_relation(a, b)
    except Unreadable:
        return None
    except Exception:
        return None


def _same_relation(a: Node, b: Node) -> Decision:
    if not isinstance(a, Rel):
        a, b = b, a
    assert isinstance(a, Rel)
    left = to_value(a)
    if isinstance(b, Ivl | Cup):
        return _same_set(left, _as_set(b))
    right = to_value(b) if isinstance(b, Rel | Expr | Num | Value) else None
    if right is None:
        return False
    if isinstance(left, sympy.Equality) and isinstance(right, sympy.Equality):
        return _proportional(left.lhs - left.rhs, right.lhs - right.rhs)
    if isinstance(left, sympy.Equality) or isinstance(right, sympy.Equality):
        return False
    if _is_condition(left) and _is_condition(right):
        return _same_set(left, _solution_set(right))
    return False


def _is_condition(value: Any) -> bool:
    return isinstance(value, sympy.Rel | sympy.And | sympy.Or)


def _as_set(node: Node) -> Any:
    if isinstance(node, Cup):
        return sympy.Union(*(_as_set(part) for part in node.parts))
    if not isinstance(node, Ivl):
        raise Unreadable("not a set")
    return sympy.Interval(
        to_value(node.lo), to_value(node.hi), not node.lo_closed, not node.hi_closed
    )


def _solution_set(condition: Any) -> Any:
    symbols = sorted(condition.free_symbols, key=str)
    if len(symbols) != 1:
        raise Unreadable("not a condition in one unknown")
    return _solve(condition, symbols[0])


def _solve(condition: Any, symbol: Any) -> Any:
    if isinstance(condition, sympy.And):
        return sympy.Intersection(*(_solve(part, symbol) for part in condition.args))
    if isinstance(condition, sympy.Or):
        return sympy.Union(*(_solve(part, symbol) for part in condition.args))
    return sympy.solveset(condition, symbol, sympy.S.Reals)


def _same_set(condition: Any, target: Any) -> Decision:
    if isinstance(target, sympy.Set):
        solved = _solution_set(condition) if _is_condition(condition) else condition
        if solved == target:
            return True
        return bool(sympy.Complement(solved, target).is_empty) and bool(
            sympy.Complement(target, solved).is_empty
        )
    return None


def _proportional(f: Any, g: Any) -> Decision:
    """Whether ``f = c g`` for a nonzero constant ``c`` (same equation, rearranged or scaled)."""
    symbols = sorted(f.free_symbols | g.free_symbols, key=str)
    if not symbols:
        return bool((f == 0) == (g == 0))
    ratios = []
    for point in _points(symbols, _POINTS + 3, str(f - g)):
        top = _evaluate(f, point, _DIGITS)
        bottom = _evaluate(g, point, _DIGITS)
        if top is None or bottom is None or abs(bottom) < _TINY:
            continue
        ratios.append(top / bottom)
        if len(ratios) >= _POINTS:
            break
    if len(ratios) < 3:
        return None
    first = ratios[0]
    return bool(abs(first) > _TINY) and all(
        bool(abs(r - first) <= _TINY * abs(first)) for r in ratios
    )
