"""Maximum and minimum: critical points, endpoints, and open ends that are never reached."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.judge.extrema import extremum

x = sympy.Symbol("x")

EXTREMA = [
    ("closed interval max", x**3 - 3 * x, sympy.Interval(0, 3), True, 18),
    ("closed interval min", x**3 - 3 * x, sympy.Interval(0, 3), False, -2),
    ("whole line min", (x - 1) ** 2 + 2, None, False, 2),
    ("whole line max none", (x - 1) ** 2 + 2, None, True, None),
    ("attained inside", x / (1 + x**2), sympy.Interval(0, sympy.oo), True, sympy.Rational(1, 2)),
    ("open end not reached", x, sympy.Interval.open(0, 1), True, None),
    ("endpoint", x**2, sympy.Interval(-1, 2), True, 4),
    ("infinitely many critical points", sympy.sin(x), None, True, None),
    ("sup approached at infinity", x**2 / (1 + x**2), None, True, None),
    ("tie with the limit is attained", 1 / (1 + x**2), sympy.Interval(0, sympy.oo), True, 1),
]


@pytest.mark.parametrize(
    ("function", "interval", "maximum", "expected"),
    [c[1:] for c in EXTREMA],
    ids=[c[0] for c in EXTREMA],
)
def test_extremum(function: object, interval: object, maximum: bool, expected: object) -> None:
    assert extremum(function, x, interval, maximum) == expected
