"""Problem kinds: recognise what a problem asks (English and Chinese) and compute SymPy's answer.

``recognise`` reads the wording; ``compute`` picks the target math from the statement's spans
and does the work (solve, differentiate, integrate, limit, sum, simplify, factor, expand,
maximum, minimum). Comparing written answers with the result is ``problem_check.py``.
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.judge.asked import asked_math, question, understood
from mathlsp.check.judge.claims import evaluate, imaginary_unit, read
from mathlsp.check.judge.extrema import extremum
from mathlsp.check.judge.solving import Task, given, solve
from mathlsp.check.judge.targets import StatementMath, sort_math
from mathlsp.check.read.readable import readable

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
# "the sum of the roots", "how many solutions", "两根之和": a quantity derived from the
# solutions, not the solutions themselves; SymPy's root set is not the answer.
# What the problem defines and the reader cannot know: an operation written as a symbol
# (`7 \star 3`, `a \diamond b`, `f \circ g` but not `60^\circ`) or an inverse function applied
# (`f^{-1}(x)`).
_UNSTATED = re.compile(
    r"\\(?:star|ast|diamond|odot|oplus|otimes|bullet|triangle|clubsuit|spadesuit|heartsuit"
    r"|diamondsuit|bigstar|dagger|boxtimes|boxplus|oslash|bowtie|nabla)(?![a-zA-Z])"
    r"|(?<!\^)(?<!\^\{)\\circ(?![a-zA-Z])|\^\s*\{\s*-1\s*\}\s*\("
)
_DERIVED = re.compile(
    r"\b(?:sum|product|number|how many|difference|average|mean)\b[^.?]*\b(?:solutions?|roots?|zeros)\b"
    r"|根之[和积差]|[根解]的(?:和|积|个数)|有几个[根解]",
    re.IGNORECASE,
)
# "to the nearest whole number", "rounded to two decimal places": the target is a rounding
# of the math, not its value.
_ROUNDING = re.compile(
    r"\bnearest\b|\bround(?:ed|ing)?\b|\bdecimal places?\b|\bsignificant (?:figure|digit)s?\b"
    r"|\bestimate\b|精确到|四舍五入|保留",
    re.IGNORECASE,
)
# The question asks for the math itself: "What is $...$", "compute the value of $...$". In
# "What is the area of the triangle?" or "... of the pentagon $ABCDE$" the math is a given or
# a name, and the target is a quantity only the words describe.
_ASKS_FOR_MATH = re.compile(
    r"(?:\b(?:compute|evaluate|calculate|find|what\s+is|what's)|计算|求值|求)\s*"
    r"(?:the\s+(?:exact\s+|numerical\s+)?(?:value|result)\s+of\s+(?:the\s+expression\s+)?)?"
    r"(?:\$|\\\(|\\\[)",
    re.IGNORECASE,
)
_PARTS = re.compile(r"(?<![A-Za-z])\(\s*[a-dA-D1-4ivx]{1,3}\s*\)|（\s*[a-d1-4]\s*）|[①②③④]")
_APPROACH = re.compile(r"([a-zA-Z])\s*\\(?:to|rightarrow)\s*([^$,;]+?)\s*(?:\$|$)")
_RESPECT = re.compile(r"respect to \$?\\?([a-zA-Z])\b|对\s*\$?([a-zA-Z])\$?\s*求导")
_SECOND = re.compile(r"\bsecond derivative|二阶导")


_SOLVE_WORDS = re.compile(
    r"\bsolve\b|求解|解方程|\b(?:roots|solutions|zeros)\s+(?:of|to)\b", re.IGNORECASE
)


def _has_matrix(expr: Any) -> bool:
    return any(isinstance(e, sympy.MatrixBase) for e in sympy.preorder_traversal(expr))


def recognise(statement: str) -> str | None:
    """The problem kind from its wording (math removed), or None. A statement with parts
    ("(a) ... (b) ...") or two different operations ("maximum and minimum") has no single
    answer to compare with: None."""
    words = _MATH.sub(" ", statement)
    if len(_PARTS.findall(words)) >= 2:
        return None
    found = [kind for kind, pattern in _KINDS if pattern.search(words)]
    if len(set(found) - {"evaluate", "simplify"}) >= 2:
        return None
    return found[0] if found else None


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
    if _DERIVED.search(_MATH.sub(" ", statement)):
        return None
    if any(_UNSTATED.search(source) for source in sources):
        return None
    math = sort_math(sources)
    if kind is None and math.primes:
        kind = "derivative"
    target = math.body()
    if target is not None and any("⋯" in str(s) for s in target.free_symbols):
        return None  # `x^1 x^2 \cdots x^{15}`: the terms the dots hide are not read
    structural = None
    if target is not None:
        structural = next((k for t, k in _STRUCTURE.items() if isinstance(target, t)), None)
    if structural and kind in (None, "evaluate", "simplify", "integral", "limit", "sum"):
        kind = structural
    bare = all(e.is_Symbol for e in math.expressions) and not math.calls
    asked = asked_math(statement)
    named = read(asked).expr if asked is not None else None
    if (
        isinstance(named, sympy.Symbol)
        and _several_unknowns(math)
        and kind in (None, "evaluate", "solve")
    ):
        # "If 2x + y = 7 and x - y = 2, what is x?": the asked unknown, one value or none
        if understood(statement, "solve") is not None:
            return None
        return given(math.equations, named)
    if kind is None and isinstance(named, sympy.Expr) and not named.free_symbols:
        kind = "evaluate"  # "Find $0.4 \cdot 0.6$."
    if kind == "solve" or kind in (None, "evaluate") and math.equations and bare:
        if understood(statement, "solve") is not None or not _asks_unknown(statement, asked, math):
            return None
        if any(_odd_root(e) for e in math.equations):
            return None  # `\sqrt[3]{u} = -4`: SymPy's principal root is not the real one
        return _asked_part(math)
    if understood(statement, kind) is not None:
        return None
    if kind in ("evaluate", "simplify"):
        return _evaluate(kind, math, statement, asked)
    if kind is None or target is None:
        return None
    if kind in ("maximum", "minimum"):
        return _extremum(kind, statement, target, math)
    return _operate(kind, statement, target, math)


def _asks_for_math(statement: str) -> bool:
    """Whether the question asks for the value of its math, not for something rounded or a
    quantity only its words name."""
    return bool(_ASKS_FOR_MATH.search(statement)) and not _ROUNDING.search(
        _MATH.sub(" ", statement)
    )


def _odd_root(expr: Any) -> bool:
    return any(
        p.exp.is_Rational and p.exp.q % 2 == 1 and p.exp.q > 1 for p in expr.atoms(sympy.Pow)
    )


def _several_unknowns(math: StatementMath) -> bool:
    return len(set().union(*(e.free_symbols for e in math.equations))) > 1


def _asked_part(math: StatementMath) -> Task | None:
    """ "If 1/p + 1/q = 1 and pq = 9/2, what is q?": the asked-for part of a system, when
    every solution gives it the same value (else nothing: `solve` answers a lone equation)."""
    if not _several_unknowns(math):
        return solve(math)
    if len(math.expressions) != 1 or not math.expressions[0].is_Symbol:
        return solve(math) if not math.expressions else None
    return given(math.equations, math.expressions[0])


def _asks_unknown(statement: str, asked: str | None, math: StatementMath) -> bool:
    """A solving answers the question when it says "solve" or asks for the unknown itself
    ("What is the value of $x$?"), not for a quantity made from it (`2a + b`)."""
    if _SOLVE_WORDS.search(question(statement)):
        return True
    if asked is None:
        return False
    expr = read(asked).expr
    unknowns = set().union(*(e.free_symbols for e in math.equations)) if math.equations else set()
    return isinstance(expr, sympy.Symbol) and (expr in unknowns or not math.equations)


def _evaluate(
    kind: str, math: StatementMath, statement: str = "", asked: str | None = None
) -> Task | None:
    """`Compute 2^{10}`, `Let f(x) = x^2; compute f(3)`, `If x + y = 10 and xy = 21, find
    x^2 + y^2`. The question's named target when it has one; else several candidate
    expressions (`15% of 80`) are ambiguous: no answer."""
    if kind == "evaluate" and not _asks_for_math(statement):
        return None
    called = math.function_values()
    if called is not None:
        names = {str(d.lhs.func) for d in math.definitions if isinstance(d.lhs, AppliedUndef)}
        if any(str(s) in names for s in called.free_symbols):
            return None  # `f(-2)` read as a product somewhere: the value is not understood
        return Task(kind, _simplest(called), readable(math.calls[0]))
    named = read(asked).expr if asked is not None else None
    if isinstance(named, sympy.Expr) and not named.atoms(AppliedUndef) and not _has_matrix(named):
        target = named
    elif len(math.expressions) != 1 or math.calls:
        return None
    else:
        target = math.expressions[0]
    if _has_matrix(target):
        return None  # matrix arithmetic the reader leaves unevaluated: not compared
    if {str(s) for s in target.free_symbols} == {"i"}:
        target = imaginary_unit(target)  # `|(4\sqrt2 - 4i)(\sqrt3 + 3i)|`
    if math.equations:
        return given(math.equations, target)
    shown = readable(target)
    if target.is_Symbol or len({point.lhs for point in math.points}) < len(math.points):
        return None  # an unknown asked for, or one variable given two values: not a value
    if kind == "evaluate" and math.points:  # "Evaluate p(x) when x = 3" asks for p(3)
        target = target.xreplace({point.lhs: point.rhs for point in math.points})
        shown += " at " + ", ".join(readable(point) for point in math.points)
    if kind == "evaluate" and target.free_symbols:
        return None  # a value was asked for, and the expression's variables are not given
    result = _simplest(target)
    if result.has(sympy.Limit, sympy.Sum, sympy.AccumBounds, sympy.nan, sympy.zoo):
        return None
    return Task(kind, result, shown)


def _extremum(kind: str, statement: str, target: Any, math: StatementMath) -> Task | None:
    variable = _variable(statement, target)
    interval = math.intervals[0] if math.intervals else None
    best = extremum(target, variable, interval, kind == "maximum") if variable else None
    if best is None:
        return None
    where = f" on {readable(interval)}" if interval is not None else ""
    return Task(kind, best, readable(target) + where, variable)


def _operate(kind: str, statement: str, target: Any, math: StatementMath) -> Task | None:
    variable = _variable(statement, target)
    if kind == "derivative":
        if isinstance(target, sympy.Derivative):
            result, shown = evaluate(target), readable(target)
        elif variable is None:
            return None
        else:
            order = 2 if _SECOND.search(statement) or math.primes == 2 else 1
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
    if kind == "limit" and not isinstance(target, sympy.Limit):
        target = _limit_of(statement, target)
    if kind in ("limit", "sum") and not isinstance(target, sympy.Limit | sympy.Sum):
        return None  # "the sum of the roots of ...": not a sum SymPy can see
    operations = {
        "limit": evaluate,
        "sum": evaluate,
        "factor": sympy.factor,
        "expand": sympy.expand,
    }
    result = operations[kind](evaluate(target) if kind in ("factor", "expand") else target)
    if result.has(sympy.Limit, sympy.Sum, sympy.AccumBounds, sympy.nan, sympy.zoo):
        return None
    return Task(kind, result, readable(target), variable)


def _limit_of(statement: str, target: Any) -> Any:
    """`the limit of $\\frac{\\sin x}{x}$ as $x \\to 0$`: the approach written apart."""
    match = _APPROACH.search(statement)
    if match is None:
        return None
    point = read(match.group(2)).expr
    variable = sympy.Symbol(match.group(1).lower())
    if (
        not isinstance(point, sympy.Expr)
        or point.free_symbols
        or variable not in target.free_symbols
    ):
        return None
    return sympy.Limit(target, variable, point)


def _simplest(expr: Any) -> Any:
    """The simplest form SymPy finds cheaply: cancel for rational functions, simplify for
    small others."""
    computed = evaluate(expr)
    if computed.is_rational_function():
        return sympy.factor(sympy.cancel(computed)) if computed.free_symbols else computed
    if sympy.count_ops(computed) <= 60:
        return sympy.simplify(computed)
    return computed
