"""Relations with SymPy: equations up to rearrangement and scaling, conditions as solution sets.

``y = 2x + 1`` equals ``2x - y + 1 = 0`` (one side minus the other, proportional at random
points); ``1 \\le |z| \\le 2`` equals its union of intervals (solved over the reals).
"""

from __future__ import annotations

from typing import Any

import sympy

from mathlsp.check.answers.leaves import (
    DIGITS,
    POINTS,
    TINY,
    Decision,
    Unreadable,
    evaluate,
    points,
    symbolic_sums,
    to_value,
)
from mathlsp.check.answers.nodes import Cup, Expr, Ivl, Node, Num, Rel, Value


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
        if str(left) == str(right):
            return True
        if symbolic_sums(left) or symbolic_sums(right):
            return None
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
    for point in points(symbols, POINTS + 3, str(f - g)):
        top = evaluate(f, point, DIGITS)
        bottom = evaluate(g, point, DIGITS)
        if top is None or bottom is None or abs(bottom) < TINY:
            continue
        ratios.append(top / bottom)
        if len(ratios) >= POINTS:
            break
    if len(ratios) < 3:
        return None
    first = ratios[0]
    return bool(abs(first) > TINY) and all(
        bool(abs(r - first) <= TINY * abs(first)) for r in ratios
    )
