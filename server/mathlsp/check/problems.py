"""Problem kinds: recognise what a problem asks (English and Chinese) and compute SymPy's answer.

``recognise`` reads the wording; ``compute`` picks the target math from the statement's spans
and does the work (solve, differentiate, integrate, limit, sum, simplify, factor, expand,
maximum, minimum). Comparing written answers with the result is ``problem_check.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.claims import evaluate, read, solution_set
from mathlsp.check.extrema import extremum
from mathlsp.check.readable import readable

_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("factor", r"\bfactor(?:i[sz]e|i[sz]ing)?\b|\bfactorization\b|因式分解|分解因式"),
        ("expand", r"\bexpand\b|展开"),
        ("derivative", r"\bdifferentiat|\bderivative|求导|导数"),
        ("integral", r"\bintegra(?:te|l)\b|\bantiderivative|积分"),
        ("maximum", r"\bmaxim(?:um|i[sz]e)|\blargest value|\bgreatest value|最大值"),
        ("minimum", r"\bminim(?:um|i[sz]e)|\bsmallest value|\bleast value|最小值"),
        ("limit", r"\blimit\b|极限"),
        (
            "solve",
            r"\bsolve\b|\bsolutions?\b|\broots?\b|\bzeros\b|求解|解方程|方程组?的[解根]|解不等式",
        ),
        ("sum", r"\bsum\b|求和"),
        ("simplify", r"\bsimplif|化简"),
        (
            "evaluate",
            r"\bcompute\b|\bevaluate\b|\bcalculate\b|\bfind the value|\bwhat is|计算|求值",
        ),
    )
)
_STRUCTURE = {
    sympy.Integral: "integral",
    sympy.Limit: "limit",
    sympy.Sum: "sum",
    sympy.Derivative: "derivative",
}
_RESPECT = re.compile(r"respect to \$?\\?([a-zA-Z])\b|对\s*\$?([a-zA-Z])\$?\s*求导")
_SECOND = re.compile(r"\bsecond derivative|二阶导")


def recognise(statement: str) -> str | None:
    """The problem kind from its wording (math removed), or None."""
    words = _MATH.sub(" ", statement)
    for kind, pattern in _KINDS:
        if pattern.search(words):
            return kind
    return None


@dataclass(frozen=True, slots=True)
class Task:
    """What SymPy computed for a problem."""

    kind: str
    answer: Any  # a value, a FiniteSet of roots, a Tuple or FiniteSet of Tuples (systems)
    shown: str  # the question in readable math: "∫₀¹ x² dx", "x² - 5x + 6 = 0"
    variable: Any = None


@dataclass(slots=True)
class _Math:
    """The statement's spans sorted by role."""

    equations: list[Any]
    definitions: list[Any]  # f(x) = ..., y = ...
    expressions: list[Any]
    intervals: list[Any]
    points: list[Any]  # x = 1 (a point to evaluate at)


def _sort_math(sources: tuple[str, ...]) -> _Math:
    found = _Math([], [], [], [], [])
    for source in sources:
        expr = read(source).expr
        if expr is None:
            continue
        items = list(expr.args) if _is_equation_set(expr) else [expr]
        for item in items:
            _sort_one(item, found)
    return found


def _is_equation_set(expr: Any) -> bool:
    return isinstance(expr, sympy.FiniteSet) and all(isinstance(a, sympy.Eq) for a in expr.args)


def _sort_one(expr: Any, found: _Math) -> None:
    if isinstance(expr, sympy.Interval):
        found.intervals.append(expr)
    elif isinstance(expr, sympy.And) and len(expr.free_symbols) == 1:
        interval = _as_interval(expr)
        if interval is not None:
            found.intervals.append(interval)
    elif isinstance(expr, sympy.Eq) and isinstance(expr.rhs, sympy.Expr):
        lhs = expr.lhs
        if isinstance(lhs, AppliedUndef) or lhs.is_Symbol and str(lhs) in ("y", "f", "g"):
            found.definitions.append(expr.rhs)
        elif lhs.is_Symbol and not expr.rhs.free_symbols:
            found.points.append(expr)
        elif expr.free_symbols and not expr.atoms(AppliedUndef):
            found.equations.append(expr)
    elif isinstance(expr, sympy.Expr):
        found.expressions.append(expr)


def _as_interval(expr: Any) -> Any:
    symbol = next(iter(expr.free_symbols))
    try:
        interval = expr.as_set()
    except (NotImplementedError, TypeError, ValueError):
        return None
    return interval if isinstance(interval, sympy.Interval) and symbol is not None else None


def _target(math: _Math) -> Any:
    if math.definitions:
        return math.definitions[0]
    if math.expressions:
        return math.expressions[0]
    return None


def _variable(statement: str, expr: Any) -> Any:
    match = _RESPECT.search(statement)
    if match:
        return sympy.Symbol((match.group(1) or match.group(2)).lower())
    symbols = sorted(expr.free_symbols, key=str)
    if len(symbols) == 1:
        return symbols[0]
    named = [s for s in symbols if str(s) in ("x", "t")]
    return named[0] if named else None


def compute(statement: str, sources: tuple[str, ...]) -> Task | None:
    """SymPy's answer to the problem, or None when it is not a kind SymPy can do."""
    kind = recognise(statement)
    math = _sort_math(sources)
    target = _target(math)
    structural = None
    if target is not None:
        structural = next((k for t, k in _STRUCTURE.items() if isinstance(target, t)), None)
    if structural and kind in (None, "evaluate", "simplify", "integral", "limit", "sum"):
        kind = structural
    bare = all(e.is_Symbol for e in math.expressions)
    if kind == "solve" or kind in (None, "evaluate") and math.equations and bare:
        return _solve(math)
    if kind is None or target is None:
        return None
    if kind in ("evaluate", "simplify") and math.equations and not math.definitions:
        return _given(math.equations, target)
    if kind in ("maximum", "minimum"):
        variable = _variable(statement, target)
        interval = math.intervals[0] if math.intervals else None
        best = extremum(target, variable, interval, kind == "maximum") if variable else None
        if best is None:
            return None
        where = f" on {readable(interval)}" if interval is not None else ""
        return Task(kind, best, readable(target) + where, variable)
    return _operate(kind, statement, target, math)


def _operate(kind: str, statement: str, target: Any, math: _Math) -> Task | None:
    variable = _variable(statement, target)
    if kind == "derivative":
        if isinstance(target, sympy.Derivative):
            result, shown = evaluate(target), readable(target)
        elif variable is None:
            return None
        else:
            order = 2 if _SECOND.search(statement) else 1
            result = sympy.diff(evaluate(target), variable, order)
            shown = f"d/d{readable(variable)} ({readable(target)})"
        if math.points and variable is not None:
            point = math.points[0]
            result = result.subs(point.lhs, point.rhs)
            shown += f" at {readable(point)}"
        return Task("derivative", result, shown, variable)
    if kind == "integral":
        integral = target if isinstance(target, sympy.Integral) else None
        if integral is None and variable is not None:
            integral = sympy.Integral(target, variable)
        if integral is None:
            return None
        result = evaluate(integral)
        if result.has(sympy.Integral):
            return None
        definite = all(len(limit) == 3 for limit in integral.limits)
        name = "integral" if definite else "antiderivative"
        return Task(name, result, readable(integral), integral.limits[0][0])
    operations = {
        "limit": evaluate,
        "sum": evaluate,
        "evaluate": _simplest,
        "simplify": _simplest,
        "factor": sympy.factor,
        "expand": sympy.expand,
    }
    result = operations[kind](evaluate(target) if kind in ("factor", "expand") else target)
    if result.has(sympy.Limit, sympy.Sum, sympy.AccumBounds, sympy.nan, sympy.zoo):
        return None
    return Task(kind, result, readable(target), variable)


def _simplest(expr: Any) -> Any:
    computed = evaluate(expr)
    if sympy.count_ops(computed) <= 60:
        return sympy.simplify(computed)
    return computed


def _solve(math: _Math) -> Task | None:
    equations = math.equations or [sympy.Eq(e, 0) for e in math.expressions[:1]]
    if not equations:
        return None
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=str)
    shown = ", ".join(readable(e) for e in equations)
    if len(equations) == 1 and len(symbols) == 1:
        roots = solution_set(evaluate(equations[0].lhs - equations[0].rhs), symbols[0])
        if roots is None:
            return None
        return Task("solve", sympy.FiniteSet(*roots), shown, symbols[0])
    if len(equations) < len(symbols):
        return None
    try:
        solutions = sympy.solve([evaluate(e) for e in equations], symbols, dict=True)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    rows = [sympy.Tuple(*(s.get(v, v) for v in symbols)) for s in solutions]
    if not rows or any(row.free_symbols for row in rows):
        return None
    answer = rows[0] if len(rows) == 1 else sympy.FiniteSet(*rows)
    return Task("system", answer, shown, sympy.Tuple(*symbols))


def _given(equations: list[Any], target: Any) -> Task | None:
    """`If x + y = 10 and xy = 21, find x^2 + y^2`: one value over all solutions, or None."""
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=str)
    if not target.free_symbols <= set(symbols):
        return None
    try:
        solutions = sympy.solve([evaluate(e) for e in equations], symbols, dict=True)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    values = {sympy.simplify(evaluate(target).subs(s)) for s in solutions}
    if len(values) != 1 or next(iter(values)).free_symbols:
        return None
    return Task("evaluate", values.pop(), readable(target))
