"""Maximum and minimum of a function of one variable: critical points plus endpoints.

On a closed bounded interval the best candidate is the answer. On an open or unbounded one
the answer exists only when no open end (limit) beats or ties the best attained value;
otherwise there is no answer SymPy can vouch for (None).
"""

from __future__ import annotations

from typing import Any

import sympy

from mathlsp.check.judge.claims import evaluate
from mathlsp.check.numeric import value


def _real(number: Any) -> float | None:
    found = value(number)
    return float(found.real) if found is not None and found.is_real else None


def extremum(function: Any, variable: Any, interval: Any, maximum: bool) -> Any:
    """The maximum (or minimum) value of ``function`` over ``interval`` (None: all reals)."""
    domain = interval if interval is not None else sympy.S.Reals
    function = evaluate(function)
    try:
        critical = sympy.solveset(sympy.diff(function, variable), variable, domain=domain)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if not isinstance(critical, sympy.FiniteSet):
        return None
    candidates = list(critical.args)
    ends: list[tuple[Any, str]] = []
    start, end = domain.inf, domain.sup
    for point, closed, side in (
        (start, not domain.left_open, "+"),
        (end, not domain.right_open, "-"),
    ):
        if closed and point.is_finite:
            candidates.append(point)
        else:
            ends.append((point, side))
    sign = 1 if maximum else -1
    scored = []
    for point in candidates:
        number = _real(function.subs(variable, point))
        if number is None:
            return None
        scored.append((sign * number, point))
    if not scored:
        return None
    best_score, best_point = max(scored, key=lambda pair: pair[0])
    for point, side in ends:
        try:
            edge = sympy.limit(function, variable, point, side)
        except (NotImplementedError, ValueError, TypeError, AttributeError):
            return None
        if edge in (sympy.oo, -sympy.oo):
            if sign * (1 if edge == sympy.oo else -1) > 0:
                return None
            continue
        number = _real(edge)
        if number is None or sign * number > best_score + 1e-12 * (1 + abs(best_score)):
            return None
    return sympy.simplify(function.subs(variable, best_point))
