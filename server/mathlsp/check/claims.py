"""Closed claims, chain links and conditions: does a relation hold, and for which values.

Exact first (evaluate, compare), random points next (fast, decides most identities), and
symbolic simplification last and only on small expressions. A "does not hold" is reported
only when it is sure: a nonzero exact difference, or real sample points where both sides
are defined and differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.numeric import DIGITS, Value, compare_at_points, exact, too_big, value
from mathlsp.check.parse import Parsed, to_sympy
from mathlsp.check.readable import readable

_ALIGN = re.compile(r"(?<!\\)&")
_TRAILING = re.compile(r"(?:\\\\|[.,;:]|\\[,;!]|\s)+$")
_SMALL = 60  # count_ops bound for sympy.simplify
_OPERATORS = {"<": "<", ">": ">", "<=": "≤", ">=": "≥"}
_RELATIONS = (sympy.Eq, sympy.Ne, sympy.Lt, sympy.Le, sympy.Gt, sympy.Ge)


@lru_cache(maxsize=2048)
def read(source: str) -> Parsed:
    """Read a span or chain term: alignment ``&`` and trailing punctuation are dropped.
    Cached: a problem's statement and answers are read by several judgements."""
    text = _TRAILING.sub("", _ALIGN.sub(" ", source))
    return to_sympy(text)


def imaginary_unit(expr: Any) -> Any:
    """``i`` as the only free symbol is the imaginary unit (`e^{i\\pi} = -1`)."""
    symbols = expr.free_symbols
    if len(symbols) != 1 or str(next(iter(symbols))) != "i":
        return expr
    unit = {next(iter(symbols)): sympy.I}
    with sympy.evaluate(False):  # keep `e^{i\pi}` as written for the message
        return expr.xreplace(unit)


def evaluate(expr: Any) -> Any:
    """Carry out integrals, sums, limits and derivatives; the input when that fails
    (or when the exact value would be a huge integer)."""
    if too_big(expr):
        return exact(expr)
    try:
        return exact(expr).doit()
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return exact(expr)
    except RecursionError:
        return exact(expr)


def cheap_zero(difference: Any) -> bool:
    """Whether ``difference`` is 0 by expansion or cancellation (no full simplify)."""
    try:
        if difference == 0:
            return True
        if sympy.expand(difference) == 0:
            return True
        if difference.is_rational_function() and sympy.cancel(sympy.together(difference)) == 0:
            return True
        if sympy.count_ops(difference) <= _SMALL:
            return bool(sympy.simplify(difference) == 0)
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return False
    return False


def short_difference(left: Any, right: Any) -> str | None:
    """``left - right`` in readable form when it is short ("x", "2"), else None."""
    try:
        difference = sympy.factor(sympy.cancel(sympy.expand(left - right)))
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return None
    if sympy.count_ops(difference) > 12 or not difference.is_rational_function():
        return None
    return readable(difference)


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a relation holds (None: undecided), and the values behind it, readable."""

    holds: bool | None
    detail: str


def _side(original: Any, computed: Any, number: Value | None) -> str:
    """How a side reads in a message: ``log₂ 8 = 3``, ``π ≈ 3.14159``, ``∫₀¹ x² dx = 1/3``."""
    if _plain(original):
        return readable(original)
    parts = [readable(original)]
    calculus = computed.has(sympy.Integral, sympy.Limit, sympy.Sum, sympy.Product)
    exact_text = None if calculus else readable(computed)
    if exact_text is not None and exact_text not in parts:
        parts.append(exact_text)
    if number is not None and not computed.is_Rational and number.approx() != exact_text:
        return " = ".join(parts) + f" ≈ {number.approx()}"
    return " = ".join(parts)


def _plain(side: Any) -> bool:
    """A side written as a plain number (`4`, `1.414`, `-\\frac12`)."""
    return bool(side.is_Number or side.is_Mul and all(a.is_Number for a in side.args))


def _decimals(side: Any) -> int | None:
    """How many decimals a side written as a decimal (`3.14`) has; None for other sides."""
    number = -side if side.is_Mul and sympy.Integer(-1) in side.args else side
    number = number.args[-1] if number.is_Mul and len(number.args) == 2 else number
    if not isinstance(number, sympy.Float):
        return None
    text = f"{float(number):.15g}"
    return len(text.partition(".")[2]) if "e" not in text else None


def _rounding(relation: Any, left: Value, right: Value) -> str | None:
    """`\\pi = 3.14` as a rounded (or cut-off) decimal: "π ≈ 3.14159, which rounds to 3.14"."""
    for decimal, exact_side, number, decimal_value in (
        (relation.rhs, relation.lhs, left, right),
        (relation.lhs, relation.rhs, right, left),
    ):
        places = _decimals(decimal)
        if places is None or not (number.is_real and decimal_value.is_real):
            continue
        scale = sympy.Integer(10) ** places
        target = sympy.Rational(str(sympy.Float(decimal_value.real, 20))) * scale
        scaled = number.real * scale
        if abs(target - sympy.floor(scaled + sympy.Rational(1, 2))) < 1e-9:
            verb = "rounds"
        elif (
            abs(target - sympy.floor(scaled) if scaled > 0 else target - sympy.ceiling(scaled))
            < 1e-9
        ):
            verb = "is cut off"
        else:
            continue
        return f"{readable(exact_side)} ≈ {number.approx()}, which {verb} to {readable(decimal)}"
    return None


def decide_closed(relation: Any, *, rounding: bool = True) -> Decision:
    """A relation without free variables: ``\\log_2 8 = 4`` does not hold, ``5! = 120`` does.
    With ``rounding``, a written decimal may be the other side rounded (`\\pi = 3.14`)."""
    lhs, rhs = evaluate(relation.lhs), evaluate(relation.rhs)
    left, right = value(lhs), value(rhs)
    left_shown, right_shown = _side(relation.lhs, lhs, left), _side(relation.rhs, rhs, right)
    if left is None or right is None:
        return Decision(None, f"could not evaluate {readable(relation)} to numbers")
    same = left.close_to(right)
    if same and not too_big(lhs - rhs) and not cheap_zero(lhs - rhs):
        precise = value(lhs - rhs, 2 * DIGITS)
        same = precise is not None and precise.close_to(Value(sympy.Integer(0), sympy.Integer(0)))
    if isinstance(relation, sympy.Eq | sympy.Ne):
        rounded = None if same or not rounding else _rounding(relation, left, right)
        if rounded is not None:
            return Decision(isinstance(relation, sympy.Eq), rounded)
        holds = same if isinstance(relation, sympy.Eq) else not same
        if same:
            left_exact = _side(relation.lhs, lhs, None)
            detail = f"{left_exact} = {readable(relation.rhs)}"
            if readable(relation.rhs) in left_exact.split(" = ")[1:]:
                detail = left_exact
        else:
            detail = _equality_detail(relation, lhs, rhs, left, right)
        return Decision(holds, detail)
    if not (left.is_real and right.is_real):
        return Decision(None, f"{left_shown} and {right_shown} are not both real")
    order = {sympy.Lt: left.real < right.real, sympy.Gt: left.real > right.real}
    order[sympy.Le] = same or left.real < right.real
    order[sympy.Ge] = same or left.real > right.real
    holds = bool(order[type(relation)])
    op = _OPERATORS[relation.rel_op]
    verb = "is" if holds else "is not"
    return Decision(holds, f"{left_shown} {verb} {op} {right_shown}")


def _equality_detail(relation: Any, lhs: Any, rhs: Any, left: Value, right: Value) -> str:
    """Why an equation is false: ``log₂ 8 = 3, not 4``, ``√2 ≈ 1.41421, not 1.414``."""
    left_side, right_side = _side(relation.lhs, lhs, left), _side(relation.rhs, rhs, right)
    if _decimals(relation.rhs) is not None and "≈" not in left_side:
        left_side += f" ≈ {left.approx()}"
    if _decimals(relation.lhs) is not None and "≈" not in right_side:
        right_side += f" ≈ {right.approx()}"
    if _plain(relation.rhs):
        return f"{left_side}, not {readable(relation.rhs)}"
    if _plain(relation.lhs):
        return f"{right_side}, not {readable(relation.lhs)}"
    return f"{left_side} but {right_side}"


def decide_identity(left: Any, right: Any, *, rounding: bool = True) -> Decision:
    """Whether ``left`` and ``right`` are identically equal (a chain link)."""
    if not (isinstance(left, sympy.Expr) and isinstance(right, sympy.Expr)):
        return Decision(None, "not two expressions")
    if not (left.free_symbols or right.free_symbols):
        return decide_closed(sympy.Eq(left, right, evaluate=False), rounding=rounding)
    left, right = evaluate(left), evaluate(right)
    sampled = compare_at_points(left, right)
    if sampled.differ_real is not None:
        point, a, b = sampled.differ_real
        by = short_difference(left, right)
        if by is not None and by != "0":
            return Decision(False, f"they differ by {by}")
        where = ", ".join(f"{readable(k)} = {readable(v)}" for k, v in point.items())
        sides = f"the left side is {a.approx()} and the right side is {b.approx()}"
        return Decision(False, f"at {where} {sides}" if where else sides)
    if sampled.agree >= 3 or sampled.agree >= 1 and not (left - right).free_symbols:
        return Decision(True, "equal at every sample point")
    if cheap_zero(left - right):
        return Decision(True, "the difference simplifies to 0")
    return Decision(None, "could not decide")


def is_relation(expr: Any) -> bool:
    return isinstance(expr, _RELATIONS)


def describe_condition(relation: Any) -> str:
    """For which values a relation with free variables holds, as a hover line."""
    symbols = sorted(relation.free_symbols, key=str)
    names = ", ".join(readable(s) for s in symbols)
    if isinstance(relation.lhs, AppliedUndef):
        return f"defines {readable(relation.lhs)}"
    if isinstance(relation, sympy.Eq):
        identity = decide_identity(relation.lhs, relation.rhs)
        if identity.holds:
            return f"holds for all {names}"
    if len(symbols) != 1 or relation.atoms(AppliedUndef):
        return f"a condition on {names}"
    symbol = symbols[0]
    try:
        difference = evaluate(relation.lhs - relation.rhs)
        if not difference.is_rational_function(symbol):
            return f"a condition on {names}"
        if isinstance(relation, sympy.Eq):
            roots = solution_set(difference, symbol)
            solved = sympy.FiniteSet(*roots) if roots is not None else None
        else:
            solved = sympy.solveset(evaluate(relation), symbol, domain=sympy.S.Reals)
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return f"a condition on {names}"
    if solved is None:
        return f"a condition on {names}"
    return f"holds for {describe_set(symbol, solved)}"


def real_roots(items: Any, drop_complex: bool = False) -> tuple[Any, ...] | None:
    """The roots as a tuple; a non-real one is dropped (solving over the reals) or makes
    the set unknown (a written solved form with complex values)."""
    roots = []
    for item in items:
        number = value(item)
        if number is None:
            return None
        if number.is_real:
            roots.append(item)
        elif not drop_complex:
            return None
    return tuple(roots)


def solution_set(difference: Any, symbol: Any) -> tuple[Any, ...] | None:
    """Real roots of ``difference = 0``; None when the set is not finite or not found."""
    try:
        if difference.is_rational_function(symbol):
            numerator, denominator = sympy.together(difference).as_numer_denom()
            poly = sympy.Poly(numerator, symbol)
            if poly.is_zero:
                return None
            found = sympy.roots(poly)
            if sum(found.values()) == poly.degree():
                poles = sympy.Poly(denominator, symbol)
                kept = [r for r in found if poles.eval(r) != 0]
                return real_roots(kept, drop_complex=True)
        solved = sympy.solveset(difference, symbol, domain=sympy.S.Reals)
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return None
    if isinstance(solved, sympy.FiniteSet):
        return real_roots(solved.args, drop_complex=True)
    return None


def describe_set(symbol: Any, solved: Any) -> str:
    """``x = 2 or x = 3``, ``no real x``, ``x ∈ (2, ∞)``."""
    name = readable(symbol)
    if solved is sympy.S.EmptySet:
        return f"no real {name}"
    if isinstance(solved, sympy.FiniteSet):
        items = sorted(solved.args, key=_numeric_key)
        return " or ".join(f"{name} = {readable(item)}" for item in items)
    if solved == sympy.S.Reals:
        return f"all real {name}"
    return f"{name} ∈ {readable(solved)}"


def _numeric_key(item: Any) -> float:
    number = value(item)
    return float(number.real) if number is not None else 0.0
