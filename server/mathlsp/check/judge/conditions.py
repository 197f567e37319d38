"""Conditions: for which values a relation with free variables holds (hover), and the real
root sets that solving steps and problems compare.

Cheap paths only: polynomial and rational equations through their roots, inequalities
through ``solveset``; anything else is "a condition on x" without solving.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.polys.polyroots import roots_linear, roots_quadratic

from mathlsp.check.judge.claims import decide_identity, evaluate
from mathlsp.check.numeric import value
from mathlsp.check.read.readable import readable

_MAX_DEGREE = 40  # beyond this, root finding is not a few-millisecond job


def describe_condition(relation: Any) -> str:
    """For which values a relation with free variables holds, as a hover line."""
    symbols = sorted(relation.free_symbols, key=str)
    names = ", ".join(readable(s) for s in symbols)
    if isinstance(relation.lhs, AppliedUndef):
        return f"defines {readable(relation.lhs)}"
    if isinstance(relation, sympy.Eq):
        antiderivative = _antiderivative(relation)
        if antiderivative is not None:
            return antiderivative
        identity = decide_identity(relation.lhs, relation.rhs, explain=False)
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


def solution_set(
    difference: Any, symbol: Any, domain: Any = sympy.S.Reals
) -> tuple[Any, ...] | None:
    """Real roots of ``difference = 0`` in ``domain``; None when the set is not finite or
    not found."""
    try:
        if difference.is_rational_function(symbol):
            if difference.is_polynomial(symbol):
                numerator, denominator = difference, sympy.Integer(1)
            else:
                numerator, denominator = sympy.together(difference).as_numer_denom()
            poly = sympy.Poly(numerator, symbol)
            if poly.is_zero or poly.degree() > _MAX_DEGREE:
                return None
            found = _roots(poly)
            if sum(found.values()) == poly.degree():
                kept = list(found)
                if denominator.has(symbol):
                    poles = sympy.Poly(denominator, symbol)
                    kept = [r for r in found if poles(r) != 0]  # Poly.__call__: value at r
                roots = real_roots(kept, drop_complex=True)
                return _inside(roots, domain)
        solved = sympy.solveset(difference, symbol, domain=domain)
        if not isinstance(solved, sympy.FiniteSet) and difference.has(sympy.log):
            solved = _through_logs(difference, symbol, domain)
        if isinstance(solved, sympy.FiniteSet):
            # solveset may combine logs on its own (ln x + ln(x+1) = ln 6 gives -3 too)
            kept = [r for r in solved.args if _holds_at(difference, symbol, r)]
            return real_roots(kept, drop_complex=True)
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return None
    return None


def _inside(roots: tuple[Any, ...] | None, domain: Any) -> tuple[Any, ...] | None:
    if roots is None or domain == sympy.S.Reals:
        return roots
    kept = []
    for root in roots:
        inside = domain.contains(root)
        if inside not in (sympy.true, sympy.false):
            return None  # cannot tell: no answer rather than a wrong one
        if inside is sympy.true:
            kept.append(root)
    return tuple(kept)


def _through_logs(difference: Any, symbol: Any, domain: Any) -> Any:
    """``\\log_2 x + \\log_2(x-2) = 3``: solveset gives up on sums of logs. Clear the
    bases, combine the logs into one, solve that, and keep the candidates where the
    original equation is defined and holds (x = -2 makes the logs complex: dropped)."""
    bases = [a for a in difference.atoms(sympy.log) if a.args[0].is_number]
    cleared = sympy.expand(difference * sympy.Mul(*bases))
    combined = sympy.logcombine(sympy.expand_log(cleared, force=True), force=True)
    candidates = sympy.solveset(combined, symbol, domain=domain)
    return candidates if isinstance(candidates, sympy.FiniteSet) else None


def _holds_at(difference: Any, symbol: Any, root: Any) -> bool:
    """``difference`` is defined, real and zero at ``root`` (40 digits, relative to the
    size of its terms): a candidate from combining logs or squaring may not be a root."""
    terms = [sympy.N(t.subs(symbol, root), 40) for t in sympy.Add.make_args(difference)]
    if not all(t.is_number and t.is_finite for t in terms):
        return False
    scale = max([sympy.Integer(1)] + [abs(t) for t in terms])
    return bool(abs(sympy.Add(*terms)) < scale * sympy.Float(10) ** -30)


def _roots(poly: Any) -> dict[Any, int]:
    """Roots with multiplicities; linear and quadratic ones by formula (50x faster)."""
    if poly.degree() == 1:
        return {r: 1 for r in roots_linear(poly)}
    if poly.degree() == 2:
        found = roots_quadratic(poly)
        return {r: found.count(r) for r in found}
    return dict(sympy.roots(poly))


def _antiderivative(relation: Any) -> str | None:
    """`\\int x^2 dx = \\frac{x^3}{3} + C` holds when both sides have the same derivative."""
    integrals = [i for i in relation.atoms(sympy.Integral) if len(i.limits[0]) == 1]
    if len(integrals) != 1:
        return None
    variable = integrals[0].limits[0][0]
    left, right = sympy.diff(relation.lhs, variable), sympy.diff(relation.rhs, variable)
    decision = decide_identity(left, right)
    if decision.holds:
        return "holds up to the constant of integration"
    if decision.holds is False:
        return f"does not hold: the derivatives differ ({decision.detail})"
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
