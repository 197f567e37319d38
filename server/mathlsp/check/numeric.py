"""Numbers for judgements: exact-first evaluation and random-point identity tests.

Symbolic simplification is slow and often undecided; evaluating both sides at a few generic
points decides most links in milliseconds. Rational points keep polynomial and rational
identities exact; anything else is evaluated to ``DIGITS`` digits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

DIGITS = 30
_MAX_DIGITS = 20000  # exact integers larger than this are not built
_TOLERANCE = sympy.Float("1e-20", DIGITS)
# Generic points: mostly positive (notes assume positive variables more often than not).
_POOL = (
    sympy.Rational(37, 29),
    sympy.Rational(23, 17),
    sympy.Rational(41, 31),
    sympy.Rational(61, 43),
    sympy.Rational(5, 7),
    sympy.Rational(13, 19),
    sympy.Rational(89, 37),
    sympy.Rational(11, 23),
)
_INTEGERS = (3, 5, 4, 7, 6, 2, 8, 9)


@dataclass(frozen=True, slots=True)
class Value:
    """A number: real and imaginary parts as SymPy Floats or Rationals."""

    real: Any
    imag: Any

    @property
    def is_real(self) -> bool:
        return bool(abs(self.imag) <= _TOLERANCE * (1 + abs(self.real)))

    def close_to(self, other: Value) -> bool:
        scale = 1 + abs(self.real) + abs(self.imag)
        gap = abs(self.real - other.real) + abs(self.imag - other.imag)
        return bool(gap <= _TOLERANCE * scale)

    def approx(self) -> str:
        """Short decimal text for messages: ``3.14159``."""
        if self.is_real:
            return _decimal(self.real)
        if abs(self.real) <= _TOLERANCE * (1 + abs(self.imag)):
            return f"{_decimal(self.imag)}i"
        return f"{_decimal(self.real)}{'+' if self.imag > 0 else ''}{_decimal(self.imag)}i"


def _decimal(number: Any) -> str:
    """Six significant digits; huge or tiny values keep their exponent (`1.0e+10000000000`)."""
    if 1e-12 < abs(number) < 1e15 or number == 0:
        return f"{float(number):.6g}"
    return str(sympy.Float(number, 6))


def too_big(expr: Any) -> bool:
    """Whether carrying out ``expr`` exactly would build a huge integer (`10^{10^{10}}`,
    `(10^6)!`): such values are compared numerically only."""
    try:
        for node in expr.atoms(sympy.Pow):
            base, exponent = node.args
            if base.free_symbols or exponent.free_symbols or not base.is_number:
                continue
            size, power = value(base), value(exponent)
            if size is None or power is None:
                continue
            digits = abs(float(power.real)) * math.log10(abs(float(size.real)) + 2)
            if digits > _MAX_DIGITS:
                return True
        for node in expr.atoms(sympy.factorial, sympy.binomial):
            argument = value(node.args[0])
            if argument is not None and abs(float(argument.real)) > _MAX_DIGITS / 4:
                return True
    except (OverflowError, ValueError):
        return True
    return False


def exact(expr: Any) -> Any:
    """Decimals as written become exact rationals (`0.1` is 1/10), so claims stay exact."""
    floats = {f: sympy.Rational(str(f)) for f in expr.atoms(sympy.Float)}
    return expr.xreplace(floats) if floats else expr


def value(expr: Any, digits: int = DIGITS) -> Value | None:
    """The numeric value of a closed expression; None when it is not a finite number."""
    try:
        if expr.is_Rational:
            return Value(expr, sympy.Integer(0))
        number = expr.evalf(digits)
        if not number.is_number or number.has(sympy.zoo, sympy.oo, sympy.nan, sympy.AccumBounds):
            return None
        real, imag = number.as_real_imag()
        if not (real.is_Number and imag.is_Number):
            return None
        if real.is_infinite or imag.is_infinite or real is sympy.nan or imag is sympy.nan:
            return None
        return Value(real, imag)
    except (ArithmeticError, TypeError, ValueError, AttributeError, RecursionError):
        return None


def integer_symbols(expr: Any) -> set[Any]:
    """Symbols that must take integer values: limits of sums and products."""
    found: set[Any] = set()
    for node in expr.atoms(sympy.Sum, sympy.Product):
        for limit in node.limits:
            for bound in limit[1:]:
                found |= bound.free_symbols
    return found


def points(symbols: list[Any], integers: set[Any], count: int) -> list[dict[Any, Any]]:
    """``count`` deterministic generic assignments for ``symbols``; every third one negative."""
    chosen = []
    for trial in range(count):
        point = {}
        for index, symbol in enumerate(symbols):
            slot = (trial + index * 3) % len(_POOL)
            if symbol in integers:
                point[symbol] = sympy.Integer(_INTEGERS[slot])
            elif (trial + index) % 3 == 2:
                point[symbol] = -_POOL[slot]
            else:
                point[symbol] = _POOL[slot]
        chosen.append(point)
    return chosen


def real_domain(expr: Any, point: dict[Any, Any]) -> bool:
    """Whether every root and logarithm in ``expr`` has a nonnegative real argument at
    ``point``: only there do both sides of a real identity have to agree."""
    for node in expr.atoms(sympy.Pow, sympy.log):
        if isinstance(node, sympy.log):
            argument = node.args[0]
        elif node.exp.is_Rational and not node.exp.is_Integer:
            argument = node.base
        else:
            continue
        number = at(argument, point)
        if number is None or not number.is_real or number.real < 0:
            return False
    return True


def at(expr: Any, point: dict[Any, Any]) -> Value | None:
    """``expr`` evaluated at ``point`` (exactly when it is rational there)."""
    point = {k: sympy.Integer(v) if isinstance(v, int) else v for k, v in point.items()}
    try:
        substituted = expr.xreplace(point)
        if substituted.free_symbols:
            substituted = substituted.doit()
            if substituted.free_symbols:
                return None
    except (ArithmeticError, TypeError, ValueError, AttributeError, RecursionError):
        return None
    return value(substituted)


@dataclass(frozen=True, slots=True)
class Sampled:
    """How two expressions compare at sample points."""

    agree: int  # points where both sides are finite and equal
    differ_real: tuple[dict[Any, Any], Value, Value] | None  # a real point where they differ
    differ_complex: int  # points where they differ but a side is not real


def compare_at_points(left: Any, right: Any, count: int = 6) -> Sampled:
    """Evaluate both sides at ``count`` generic points, stopping at the first real difference."""
    combined = left - right
    symbols = sorted(combined.free_symbols | left.free_symbols | right.free_symbols, key=str)
    integers = integer_symbols(left) | integer_symbols(right)
    agree = differ_complex = 0
    for point in points(symbols, integers, count):
        a, b = at(left, point), at(right, point)
        if a is None or b is None:
            continue
        if a.close_to(b):
            agree += 1
        elif a.is_real and b.is_real and real_domain(left, point) and real_domain(right, point):
            return Sampled(agree, (point, a, b), differ_complex)
        else:
            differ_complex += 1
    return Sampled(agree, None, differ_complex)


_WRITTEN_DECIMAL = re.compile(r"^[+-]?(\d*)\.(\d+)(?:[eE]([+-]?\d+))?$")


def is_rounding(exact: Fraction, written: Fraction, places: int) -> bool:
    """Whether ``written``, a decimal with ``places`` digits after the point, is ``exact``
    correctly rounded: within half a unit of its last digit (a tie may go either way)."""
    return abs(exact - written) * 2 <= Fraction(10) ** -places


def rounds_to(exact: Any, written: str) -> bool | None:
    """Whether the decimal ``written`` (`2.0944`, `1.5e-3`) is ``exact`` (a SymPy number or a
    ``Fraction``) rounded at its written precision: `\\frac{2\\pi}{3}` rounds to `2.0944`,
    not to `2.0954`. None when ``written`` is no plain decimal or ``exact`` no finite real."""
    match = _WRITTEN_DECIMAL.match(written.strip())
    if match is None:
        return None
    places = len(match.group(2)) - int(match.group(3) or 0)
    target = Fraction(written.strip())
    if isinstance(exact, Fraction | int):
        return is_rounding(Fraction(exact), target, places)
    digits = max(places, 0) + len(str(abs(int(target)))) + 15
    number = value(exact, digits)
    if number is None or not number.is_real:
        return None
    real = sympy.Rational(number.real)
    return is_rounding(Fraction(int(real.p), int(real.q)), target, places)
