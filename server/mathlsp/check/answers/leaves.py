"""The SymPy side of answer comparison: read leaves, test values numerically, then symbolically.

Imported only when a comparison needs it (plain numbers and plain algebra never do).
Expressions are equal when their difference vanishes at several random points, evaluated with
30 significant digits; a constant difference that vanishes to 30 digits is confirmed at 60
(symbolically, when it cannot be evaluated). Runs in sandbox workers under a time limit.
"""

from __future__ import annotations

import random
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy

from mathlsp.check.answers.nodes import Expr, Node, Num, Rel, Seq, Value
from mathlsp.check.answers.numbers import decimals_to_fractions
from mathlsp.check.answers.plain import CONSTANT
from mathlsp.check.answers.precision import PRECISION, approximates, machine_printed
from mathlsp.check.read.parse import to_sympy

Decision = bool | None
DIGITS = 30
POINTS = 5
TINY = sympy.Float(10, 30) ** -20
_CONSTANTS = ("C", "c", "K", "k")
_MAX_BITS = 2000


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


def symbolic_sums(expr: Any) -> bool:
    return any(_free_limits(node) for node in expr.atoms(sympy.Sum, sympy.Product))


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
            if isinstance(printed, Num) and machine_printed(printed.number):
                return _close(printed.number.digits, to_value(printed), to_value(other))
        constant = _constant_of_integration(a, b)
        if constant is not None:
            return constant
        decision = same_value(to_value(a), to_value(b))
        if decision is not True and _approximate(a, b):
            return True
        return decision
    except Unreadable:
        return None
    except Exception:  # SymPy raises many kinds on odd input; undecided, never a crash
        return None


def _approximate(a: Node, b: Node) -> bool:
    """A decimal leaf against a closed value, when the caller accepts roundings."""
    if PRECISION.get().strict:
        return False
    for decimal, other in ((a, b), (b, a)):
        if isinstance(decimal, Num) and decimal.number.is_decimal:
            value = to_value(other)
            number = evaluate(value, {}, 40) if isinstance(value, sympy.Expr) else None
            if number is None or not number.is_real:
                return False
            exact = sympy.Rational(number)
            return approximates(decimal.number, Fraction(int(exact.p), int(exact.q)))
    return False


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
    if x == y or str(x) == str(y):  # printed alike: same up to symbol assumptions
        return True
    if symbolic_sums(x) or symbolic_sums(y):
        return None  # a sum up to n: neither sampling nor simplify is reliable or fast
    if _indefinite(x) or _indefinite(y):
        return _same_antiderivative(x, y)
    if x.has(sympy.Integral) or y.has(sympy.Integral):
        x, y = x.doit(), y.doit()  # definite integrals are the numbers they evaluate to
        if x.has(sympy.Integral) or y.has(sympy.Integral):
            return None
        return same_value(x, y)
    return _numeric_equal(x - y, x, y)


def _indefinite(expr: Any) -> bool:
    return any(len(limit) == 1 for node in expr.atoms(sympy.Integral) for limit in node.limits)


def _constant_of_integration(a: Node, b: Node) -> Decision:
    """Both sides add a constant `C` (`\\frac{x^3}{3} + 5 + C`, `\\frac{x^3}{3} + C`): two
    antiderivatives, equal when they differ by a number. None when it is not that case."""
    if not (isinstance(a, Expr) and isinstance(b, Expr)):
        return None
    if not (CONSTANT.search(a.latex) and CONSTANT.search(b.latex)):
        return None
    x, y = to_value(a), to_value(b)
    shared = [s for s in x.free_symbols & y.free_symbols if getattr(s, "name", "") in ("C", "c")]
    if not shared or x.diff(shared[0]) != 1 or y.diff(shared[0]) != 1:
        return None  # the reader may spell C as c; the text above said it was C
    return _same_antiderivative(x.subs(shared[0], 0), y.subs(shared[0], 0))


def _close(digits: int, printed: Any, other: Any) -> Decision:
    """A machine-printed float equals a value when they agree to the digits printed."""
    value = evaluate(other, {}, digits + 5)
    if value is None:
        return None
    return bool(abs(value - printed) <= abs(printed) * sympy.Float(10) ** (2 - digits))


def points(symbols: list[Any], count: int, seed: str) -> list[dict[Any, Any]]:
    rng = random.Random(seed)
    return [
        {s: sympy.Rational(rng.choice((-1, 1)) * rng.randint(1100, 3900), 1000) for s in symbols}
        for _ in range(count)
    ]


def evaluate(expr: Any, point: dict[Any, Any], digits: int) -> Any:
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
    for point in points(symbols, POINTS + 3, str(difference)):
        got = evaluate(difference, point, DIGITS)
        size = _size(evaluate(x, point, 15))
        if got is None or size is None:
            continue
        if abs(got) > size * TINY:
            return False
        valid += 1
        if valid >= POINTS:
            return True
    return _symbolic_zero(difference)


def _constant_zero(difference: Any, x: Any) -> Decision:
    """A constant difference is zero when it vanishes to 30 digits and again to 60.

    Absolute, not relative: SymPy's evalf keeps the digits of a difference through
    cancellation, so ``N! + 1 - N!`` comes out as 1 however large ``N!`` is."""
    got = evaluate(difference, {}, DIGITS)
    if got is None:
        return _symbolic_zero(difference)
    if abs(got) > TINY:
        return False
    deeper = evaluate(difference, {}, 2 * DIGITS)
    if deeper is None:
        return _symbolic_zero(difference)
    if abs(deeper) > sympy.Float(10) ** (5 - 2 * DIGITS):
        return False
    return not _resolved_nonzero(difference)  # `2^{1/2^{1000}} - 1` is only too small to see


def _resolved_nonzero(difference: Any) -> bool:
    """Whether more working precision (SymPy's evalf to 2,000 bits) shows a value that is
    not zero where 60 digits saw none; a true zero stays an empty ``0.e-N``."""
    try:
        value = difference.evalf(2 * DIGITS, maxn=_MAX_BITS)
        parts = value.as_real_imag()
    except Exception:  # SymPy raises many kinds on odd input: nothing shown
        return False
    return any(isinstance(p, sympy.Float) and p != 0 and p._prec > 1 for p in parts)


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
    constants = {s for s in (x.free_symbols | y.free_symbols) if s.name in _CONSTANTS}
    constants = {s for s in constants if s not in x.free_symbols & y.free_symbols or s.name == "C"}
    x = x.subs({s: 0 for s in constants})
    y = y.subs({s: 0 for s in constants})
    difference = x - y
    symbols = sorted(difference.free_symbols, key=str)
    if not symbols:
        return True  # antiderivatives differing by a number
    values = []
    for point in points(symbols, POINTS, str(difference)):
        got = evaluate(difference, point, DIGITS)
        if got is not None:
            values.append(got)
    if len(values) < 3:
        return None
    return all(bool(abs(v - values[0]) <= TINY * _size(values[0])) for v in values)
