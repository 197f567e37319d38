"""Relations judged under the document's context (DESIGN, "How a verdict is reached").

A link that fails as an identity may still be what the text means: ``r - s = \\frac ab -
\\frac cd`` after ``Let r = \\frac ab``, ``2b - a = 14 - 4`` after ``a = 4, b = 7``. Each reading
the context offers is tried: the known bindings substituted, and each given equation solved
for a symbol the link shares with it. A relation false under every reading is false; one that
holds under some reading holds "with a = 3 from line 12"; one the context bears on but no
reading decides is not judged. Some contexts put the ordinary reading itself in doubt
(arithmetic mod p, a vector beside its components): there the link is not judged at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.context.facts import Context, Fact
from mathlsp.check.judge.claims import decide_identity, read

_BINDERS = (sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit, sympy.Derivative)
_ROUNDS = 3  # bindings that use other bindings (`r = a/b`, `a = 3`)
_MOST_OPS = 80  # a given equation larger than this is not solved
_FAILURES = (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError)
_FAMILY = re.compile(
    r"^(?:bar|hat|tilde|overline|vec|widehat|widetilde)?\{?([A-Za-z]+?)\}?(?:_.*)?$"
)


@dataclass(frozen=True, slots=True)
class Binding:
    name: Any  # a Symbol, or an applied function with symbol arguments (`f(x)`)
    value: Any
    fact: Fact


@dataclass(frozen=True, slots=True)
class Reading:
    """How the context decided a relation: ``holds`` True (under ``fact``), False (false
    under every reading), None (not judged, ``why`` says so)."""

    holds: bool | None
    why: str


def bindings(context: Context) -> list[Binding]:
    found = []
    for fact in context.of_kind("binding"):
        name, value = read(fact.name).expr, read(fact.latex).expr
        if not isinstance(value, sympy.Expr):
            continue
        if isinstance(name, sympy.Symbol) or (
            isinstance(name, AppliedUndef) and all(a.is_Symbol for a in name.args)
        ):
            found.append(Binding(name, value, fact))
    return found


def givens(context: Context) -> list[tuple[Any, Fact]]:
    found = []
    for fact in context.of_kind("given"):
        relation = read(fact.latex).expr
        if isinstance(relation, sympy.Eq) and all(
            isinstance(side, sympy.Expr) for side in relation.args
        ):
            found.append((relation.lhs - relation.rhs, fact))
    return found


def substitute(expr: Any, known: list[Binding]) -> Any:
    """``expr`` with the bindings put in, repeatedly (a binding may use another)."""
    for _ in range(_ROUNDS):
        before = expr
        for binding in known:
            name = binding.name
            if isinstance(name, AppliedUndef):
                params, body, func = name.args, binding.value, name.func
                expr = expr.replace(
                    lambda e, func=func, params=params: (
                        isinstance(e, AppliedUndef)
                        and e.func == func
                        and len(e.args) == len(params)
                    ),
                    lambda e, params=params, body=body: body.xreplace(
                        dict(zip(params, e.args, strict=True))
                    ),
                )
            elif name in expr.free_symbols:
                if expr.has(*_BINDERS):  # `\\int_0^x … dx` with x = 2: the limit, not the dummy
                    expr = expr.subs(name, binding.value)
                else:
                    expr = expr.xreplace({name: binding.value})
        if expr == before:
            break
    return expr


def _latest_per_name(known: list[Binding]) -> list[Binding]:
    """The most recent binding of each name (the context lists the most recent first)."""
    seen: set[Any] = set()
    kept = []
    for binding in known:
        if binding.name not in seen:
            seen.add(binding.name)
            kept.append(binding)
    return kept


def _shown(facts: list[Fact]) -> str:
    return ", ".join(fact.where() for fact in facts)


def doubtful(context: Context, left: Any, right: Any) -> str | None:
    """Why the ordinary reading of ``left = right`` is in doubt here, or None."""
    domain = context.of_kind("domain")
    if domain:
        return f"not judged: arithmetic {domain[0].latex} ({_shown([domain[0]])}) may apply"
    family = related_names(left, right)
    if family is not None:
        return f"not judged: relates {family}, which the text defines"
    return None


def related_names(left: Any, right: Any) -> str | None:
    """`\\bar y` beside `y_i`, `u` beside `u_x`: a name on one side only and another name of
    the same letter on the other side only are related by notation, not by algebra."""
    only_left = {str(s) for s in left.free_symbols - right.free_symbols}
    only_right = {str(s) for s in right.free_symbols - left.free_symbols}
    if not only_left or not only_right:
        return None
    for a in sorted(only_left):
        for b in sorted(only_right):
            family_a, family_b = _FAMILY.match(a), _FAMILY.match(b)
            if (
                family_a is not None
                and family_b is not None
                and family_a.group(1) == family_b.group(1)
                and a != b
            ):
                return f"{a} and {b}"
    return None


def judge_under(left: Any, right: Any, context: Context) -> Reading | None:
    """How the context decides ``left = right`` that failed as an identity; None when the
    context bears on none of its symbols (the identity verdict stands)."""
    symbols = left.free_symbols | right.free_symbols
    known = [b for b in bindings(context) if _mentioned(b.name, left, right)]
    undecided: list[Fact] = []
    tried = False
    if known:
        tries = [_latest_per_name(known)] + [[b] for b in known]
        for attempt in tries:
            tried = True
            try:
                decision = _decide(substitute(left, attempt), substitute(right, attempt))
            except _FAILURES:
                decision = None
            facts = [b.fact for b in attempt]
            if decision is True:
                return Reading(True, f"holds with {_shown(facts)}")
            if decision is None:
                undecided += facts
    latest = _latest_per_name(known)
    for difference, fact in givens(context):
        try:
            difference = substitute(difference, latest)
        except _FAILURES:
            continue
        for symbol in sorted(difference.free_symbols & symbols, key=str):
            if _reduces_to_zero(left - right, difference, symbol):
                return Reading(True, f"holds under {_shown([fact])}")
            for solution in _solve(difference, symbol):
                if solution.free_symbols - symbols:
                    continue  # it ties the link's symbol to others: no bearing on the link
                tried = True
                try:
                    sides = [
                        substitute(side, latest).subs(symbol, solution) for side in (left, right)
                    ]
                    decision = _decide(*sides)
                except _FAILURES:
                    decision = None
                facts = [fact, *(b.fact for b in latest)]
                if decision is True:
                    return Reading(True, f"holds under {_shown(facts)}")
                if decision is None:
                    undecided.append(fact)
    if undecided:
        return Reading(
            None, f"not judged: relates symbols defined in context ({_shown(undecided[:2])})"
        )
    return Reading(False, "") if tried else None


def _mentioned(name: Any, left: Any, right: Any) -> bool:
    if isinstance(name, AppliedUndef):
        return any(
            isinstance(e, AppliedUndef) and e.func == name.func
            for side in (left, right)
            for e in side.atoms(AppliedUndef)
        )
    return name in left.free_symbols or name in right.free_symbols


def _decide(left: Any, right: Any) -> bool | None:
    symbols = left.free_symbols | right.free_symbols
    if len(symbols) == 1 and str(next(iter(symbols))) == "i":  # `x = \\cos θ + i \\sin θ` put in
        unit = {next(iter(symbols)): sympy.I}
        left, right = left.xreplace(unit), right.xreplace(unit)
    try:
        return decide_identity(left, right, explain=False).holds
    except _FAILURES:
        return None


def _reduces_to_zero(expr: Any, given: Any, symbol: Any) -> bool:
    """Whether the polynomial ``expr`` in ``symbol`` is 0 modulo the given polynomial (with
    `r^5 = 1`, `r^7 + r^6` is `r^2 + r`): how a reader uses a polynomial given."""
    try:
        if sympy.count_ops(expr) > 4 * _MOST_OPS or sympy.count_ops(given) > _MOST_OPS:
            return False
        modulus = sympy.Poly(given, symbol)
        if modulus.degree() < 2:
            return False  # a linear given is solved instead (``_solve``)
        target = sympy.Poly(sympy.expand(expr), symbol)
        return bool(target.degree() >= modulus.degree() and sympy.rem(target, modulus).is_zero)
    except (*_FAILURES, sympy.PolynomialError):
        return False


def _solve(difference: Any, symbol: Any) -> list[Any]:
    """Solutions of a small given equation for ``symbol`` (linear or quadratic only)."""
    try:
        if sympy.count_ops(difference) > _MOST_OPS:
            return []
        polynomial = sympy.Poly(difference, symbol)
        if polynomial.degree() not in (1, 2):
            return []
        return list(sympy.solve(difference, symbol))
    except (*_FAILURES, sympy.PolynomialError):
        return []
