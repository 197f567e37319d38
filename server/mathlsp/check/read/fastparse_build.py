"""SymPy constructors for ``fastparse``, built exactly the way latex2sympy2_extended builds them.

Each helper mirrors one conversion step of ``latex2sympy2_extended`` 1.11 (``add_flat``,
``mul_flat``, subtraction, unary minus, division, mixed fractions, relation chains), so a
fast-path result is structurally identical to the slow parser's. Objects only, no strings.
"""

from __future__ import annotations

from typing import Any

import sympy
from latex2sympy2_extended.logic import And
from sympy.core.relational import Relational

_MINUS_ONE = sympy.Integer(-1)

RELATIONS: dict[str, Any] = {
    "=": sympy.Eq,
    "<": sympy.StrictLessThan,
    "\\lt": sympy.StrictLessThan,
    ">": sympy.StrictGreaterThan,
    "\\gt": sympy.StrictGreaterThan,
    "\\le": sympy.LessThan,
    "\\leq": sympy.LessThan,
    "\\ge": sympy.GreaterThan,
    "\\geq": sympy.GreaterThan,
    "\\ne": sympy.Ne,
    "\\neq": sympy.Ne,
}


def number(text: str) -> Any:
    """``parse_number``: digits become an Integer (leading zeros dropped), decimals a Float."""
    if text.isdigit():
        return sympy.Integer(int(text))
    return sympy.Float(text)


def add_flat(left: Any, right: Any) -> Any:
    if left.is_Add or right.is_Add:
        args = [
            *(left.args if left.is_Add else (left,)),
            *(right.args if right.is_Add else (right,)),
        ]
        return sympy.Add(*args, evaluate=False)
    return sympy.Add(left, right, evaluate=False)


def mul_flat(left: Any, right: Any) -> Any:
    if left.is_Mul or right.is_Mul:
        args = [
            *(left.args if left.is_Mul else (left,)),
            *(right.args if right.is_Mul else (right,)),
        ]
        return sympy.Mul(*args, evaluate=False)
    return sympy.Mul(left, right, evaluate=False)


def subtract(left: Any, right: Any) -> Any:
    """``a - b``: a number is negated, anything else multiplied by -1."""
    return add_flat(left, -right if right.func.is_Number else mul_flat(_MINUS_ONE, right))


def negate(inner: Any) -> Any:
    """Unary minus."""
    return -inner if inner.func.is_Number or inner.is_Number else mul_flat(_MINUS_ONE, inner)


def divide(left: Any, right: Any) -> Any:
    """``a / b`` and ``\\frac{a}{b}``: two integers make a Rational."""
    if left.is_Integer and right.is_Integer:
        return sympy.Rational(left, right)
    return sympy.Mul(left, sympy.Pow(right, _MINUS_ONE, evaluate=False), evaluate=False)


def juxtapose(items: list[Any]) -> Any:
    """Implicit products ``2x(x+1)``, right to left; an integer before a positive rational
    is a mixed number (``2\\frac{1}{2}`` is 5/2, and ``2(3)`` is 5)."""
    result = items[-1]
    for item in reversed(items[:-1]):
        if item.is_Integer and result.is_Rational and result.p > 0 and result.q > 0:
            if item < 0:
                result = sympy.Rational(item * result.q - result.p, result.q)
            else:
                result = sympy.Rational(item * result.q + result.p, result.q)
        else:
            result = mul_flat(item, result)
    return result


def relate(left: Any, operator: str, right: Any) -> Any:
    """One link of a relation chain: ``a < b < c`` is And(a < b, b < c)."""
    relation = RELATIONS[operator]
    if isinstance(left, And):
        previous = left._unsorted_args
        return And(*previous, relation(previous[-1].rhs, right, evaluate=False))
    if isinstance(left, Relational):
        return And(left, relation(left.rhs, right, evaluate=False))
    return relation(left, right, evaluate=False)


def function(name: str, argument: Any, power: Any, base: Any) -> Any:
    """``\\sin^2 x``, ``\\sin^{-1} x``, ``\\log_2 8``, ``\\ln x``, ``\\exp x``."""
    if name in ("log", "ln"):
        if base is None:
            base = sympy.Integer(10) if name == "log" else sympy.E
        expr = sympy.log(argument, base, evaluate=False)
    elif name == "exp":
        expr = sympy.exp(argument, evaluate=False)
    else:
        if name.startswith("arc"):
            name = "a" + name[3:]
        elif power == -1:
            name, power = "a" + name, None
        expr = getattr(sympy, name)(argument, evaluate=False)
    if power:
        expr = sympy.Pow(expr, power, evaluate=False)
    return expr
