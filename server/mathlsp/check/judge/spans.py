"""Spans and chains: hover readings, closed claims that must hold, chain links that must match.

The bodies of ``judge_span`` and ``judge_chain`` (``entry.py`` keeps the signatures). Plain
synchronous code; the engine runs it in a worker with a time limit.
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.context.facts import EMPTY, Context
from mathlsp.check.context.text import is_name
from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.alternatives import decide_link, span_readings
from mathlsp.check.judge.claims import (
    Decision,
    decide_closed,
    decide_identity,
    evaluate,
    imaginary_unit,
    is_relation,
    read,
    read_all,
    top_level_equals,
)
from mathlsp.check.judge.conditions import describe_condition
from mathlsp.check.judge.results import ChainResult, Finding, SpanResult
from mathlsp.check.judge.under import doubtful, judge_under
from mathlsp.check.numeric import value
from mathlsp.check.read.latex import latex
from mathlsp.check.read.parse import Parsed
from mathlsp.check.read.readable import readable
from mathlsp.check.read.shape import may_be_claim

_APPROX = re.compile(r"\\approx|≈")
_SMALL = 25
_LEAD = re.compile(r"^\s*&?\s*=(?!=)")  # an align row's `&=` before a chain term


def _reading(expr: Any) -> str:
    return latex(expr)  # keeps a logarithm's base, which sympy.latex drops


def _unreadable(source: str, error: str | None) -> SpanResult:
    """A claim SymPy cannot read is reported; math with nothing to check (``A \\cup B``,
    ``f: X \\to Y``, a lone ``\\Rightarrow``) only says so on hover, so prose-heavy notes
    stay free of notes about symbols."""
    message = error or f"could not read `{source.strip()}`"
    if not may_be_claim(source):
        return SpanResult(None, f"SymPy does not read this ({message}); nothing to check")
    return SpanResult(None, message, (Finding("unverified", Severity.INFORMATION, message),))


def reads_line(reading: str) -> str:
    """The hover's first line. LaTeX goes in a code span: Markdown would eat the backslash of
    ``\\,`` and ``\\{`` and no editor renders ``$...$`` in a hover."""
    fence = "``" if "`" in reading else "`"
    return f"SymPy reads {fence} {reading} {fence}" if fence == "``" else f"SymPy reads `{reading}`"


def read_span(source: str) -> SpanResult:
    """The reading and verdict for one span (see ``judge.judge_span``)."""
    if _APPROX.search(source):
        return _approximate(source)
    return span_readings(source, read, read_all, lambda parsed: _read_one(source, parsed))


def _read_one(source: str, parsed: Parsed) -> SpanResult:
    """The reading and verdict for one span under one of its readings."""
    if parsed.expr is None:
        return _unreadable(source, parsed.error)
    expr = imaginary_unit(parsed.expr) if isinstance(parsed.expr, sympy.Basic) else parsed.expr
    if expr is not parsed.expr and _real_unknown(parsed.expr):
        expr = parsed.expr  # `1 + i + i = 1.10`, `i = .05`: i is a rate or an index here
    reading = _reading(expr)
    head = reads_line(reading)
    if isinstance(expr, sympy.And) or top_level_equals(source) >= 2:
        return SpanResult(reading, f"{head}\n\na chain: each link is checked on its own")
    if is_relation(expr):
        return _relation(source, expr, reading)
    if isinstance(expr, sympy.Basic) and isinstance(expr, sympy.Expr):
        return SpanResult(reading, f"{head}\n\n{_expression_line(expr)}")
    return SpanResult(reading, head)


def _real_unknown(expr: Any) -> bool:
    """Whether an equation in ``i`` alone reads as one for a real unknown (an interest rate,
    an index): linear or with decimals, and with a real solution. `(1+i)^2 = 3i` has none
    and `i^2 = 1` is the classic slip about the unit: there i is the unit."""
    if not isinstance(expr, sympy.Eq) or not all(isinstance(s, sympy.Expr) for s in expr.args):
        return False
    (symbol,) = expr.free_symbols
    try:
        polynomial = sympy.Poly(expr.lhs - expr.rhs, symbol)
        if not 1 <= polynomial.degree() <= 4:
            return False
        if polynomial.degree() > 1 and not expr.has(sympy.Float):
            return False
        return bool(sympy.real_roots(polynomial))
    except (sympy.PolynomialError, ArithmeticError, TypeError, ValueError, NotImplementedError):
        return False


def _relation(source: str, expr: Any, reading: str) -> SpanResult:
    head = reads_line(reading)
    called = list(expr.atoms(AppliedUndef))
    defines = isinstance(expr.lhs, AppliedUndef) and all(a.is_Symbol for a in expr.lhs.args)
    if called and not defines:  # f(2) = 8: a fact about a named function
        return SpanResult(reading, f"{head}\n\na value of {readable(called[0].func)}")
    if expr.free_symbols:
        try:
            condition = describe_condition(expr)
        except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
            # ``A = (matrix)``: a definition SymPy cannot subtract; conditions are not flagged
            names = ", ".join(sorted(readable(s) for s in expr.free_symbols))
            return SpanResult(reading, f"{head}\n\na condition on {names}")
        marks = {"holds for all": "✓ ", "holds up to": "✓ ", "does not hold": "✗ "}
        mark = next((m for start, m in marks.items() if condition.startswith(start)), "")
        return SpanResult(reading, f"{head}\n\n{mark}{condition}")
    decision = decide_closed(expr)
    if decision.holds:
        return SpanResult(reading, f"{head}\n\n✓ {decision.detail}")
    written = source.strip()
    if decision.holds is False:
        message = f"`{written}` is false: {decision.detail}"
        finding = Finding("false-equation", Severity.ERROR, message)
        return SpanResult(reading, f"{head}\n\n✗ {decision.detail}", (finding,))
    message = f"could not decide `{written}`: {decision.detail}"
    finding = Finding("unverified", Severity.INFORMATION, message)
    return SpanResult(reading, f"{head}\n\n? {decision.detail}", (finding,))


def _expression_line(expr: Any) -> str:
    """``= 1/3 ≈ 0.333333`` for a number; the simplified form for anything else."""
    computed = evaluate(expr)
    if not computed.free_symbols:
        number = value(computed)
        exact_text = readable(computed)
        if number is None:
            return f"= {exact_text}"
        approx = number.approx()
        return f"= {exact_text}" if approx == exact_text else f"= {exact_text} ≈ {approx}"
    if computed.is_Symbol:
        return f"the variable {readable(computed)}"
    simpler = computed
    try:  # cancel and factor are fast; simplify only on small non-rational expressions
        if computed.is_polynomial() and _degree(computed) > 4:
            simpler = computed  # factoring high degrees costs more than a hover is worth
        elif computed.is_rational_function():
            simpler = sympy.factor(sympy.cancel(computed))
            if sympy.count_ops(simpler) > sympy.count_ops(computed):
                simpler = computed
        elif sympy.count_ops(computed) <= _SMALL:
            simpler = sympy.simplify(computed)
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        simpler = computed
    if readable(simpler) == readable(expr):
        return f"an expression in {', '.join(sorted(readable(s) for s in expr.free_symbols))}"
    return f"simplifies to {readable(simpler)}"


def _degree(polynomial: Any) -> int:
    return int(max(sympy.degree(polynomial, s) for s in polynomial.free_symbols))


def _approximate(source: str) -> SpanResult:
    """`\\pi \\approx 3.14`: shown with both values; an approximation is never an error."""
    parts = _APPROX.split(source)
    read_parts = [read(part) for part in parts]
    exprs = [p.expr for p in read_parts]
    if any(e is None for e in exprs):
        bad = next(p for p in read_parts if p.expr is None)
        return _unreadable(source, bad.error)
    numbers = [value(evaluate(e)) if not e.free_symbols else None for e in exprs]
    shown = " ≈ ".join(
        readable(e) + (f" ({n.approx()})" if n is not None and n.approx() != readable(e) else "")
        for e, n in zip(exprs, numbers, strict=True)
    )
    reading = " \\approx ".join(_reading(e) for e in exprs)
    return SpanResult(reading, f"{reads_line(reading)}\n\n≈ {shown}")


def _is_equation(left: Any, right: Any) -> bool:
    """`(x-2)(x-3) = 0` at the end of a chain is an equation to solve, not an identity:
    one side is a number and the other takes different values (it has solutions)."""
    if left.free_symbols and right.free_symbols or not (left.free_symbols or right.free_symbols):
        return False
    varying = left if left.free_symbols else right
    first, second = (value(evaluate(varying).xreplace(p)) for p in _two_points(varying))
    return first is not None and second is not None and not first.close_to(second)


def _matrix_link(index: int, left: Any, right: Any) -> tuple[str, Finding | None]:
    """A link between written-out matrices, decided entry by entry (no other readings)."""
    a, b = readable(left), readable(right)
    decision = decide_identity(left, right)
    if decision.holds:
        return f"✓ {a} = {b}", None
    return _verdict(index, a, b, decision, f": {decision.detail}")


def _verdict(
    index: int, a: str, b: str, decision: Decision, undecided: str = ""
) -> tuple[str, Finding]:
    """The hover line and finding of a link that does not hold (false, or not decided)."""
    if decision.holds is False:
        message = f"{a} ≠ {b}: {decision.detail}"
        return f"✗ {message}", Finding("false-equation", Severity.ERROR, message, target=index)
    message = f"could not decide whether {a} = {b}{undecided}"
    return f"? {message}", Finding("unverified", Severity.INFORMATION, message, target=index)


def _linkable(left: Any, right: Any) -> bool:
    """Two expressions, or two matrices (a vector written out beside ``P + t·v``)."""
    matrices = (sympy.MatrixBase, sympy.MatrixExpr)
    if isinstance(left, matrices) or isinstance(right, matrices):
        return isinstance(left, matrices) and isinstance(right, matrices)
    return isinstance(left, sympy.Expr) and isinstance(right, sympy.Expr)


def _in_itself(left: Any, right: Any) -> bool:
    """`x = |4x - 60| = …`, `x = x^2 - 2`: a chain that starts with a lone symbol equated to an
    expression in itself starts from an equation in it (nobody writes x ≡ f(x) first). Only
    there: `√(x²) = x` still claims an identity."""
    return bool(left.is_Symbol and left in right.free_symbols)


def _two_points(expr: Any) -> list[dict[Any, Any]]:
    symbols = sorted(expr.free_symbols, key=str)
    return [{s: sympy.Rational(3 + n, 7 + i) for i, s in enumerate(symbols)} for n in (0, 5)]


def _names(expr: Any, source: str, rest: Any) -> bool:
    """A chain's first term that names what is being defined (`S = a + b = 2`, `θ = …`,
    `f(x) = …`, `LHS = …`, `λ₂ = λ₃ = −3`): a definition, not a link to check. The name must
    not occur on the other side (`x = x^2 - 2` is an equation)."""
    if isinstance(expr, AppliedUndef):
        return all(a.is_Symbol for a in expr.args) and not rest.has(expr.func)
    if expr.is_Symbol:
        return expr not in rest.free_symbols
    return is_name(source) and not (expr.free_symbols & rest.free_symbols)


def _parameter(left: Any, right: Any) -> Any:
    """`e^{-\\eta} = \\alpha`: a side that is a lone symbol the other side does not use, while
    the other side has variables of its own, equates to a parameter: a condition."""
    for lone, other in ((right, left), (left, right)):
        if lone.is_Symbol and other.free_symbols and lone not in other.free_symbols:
            return lone
    return None


def _relates(left: Any, right: Any) -> str | None:
    """`x^2 + y^2 = r^2`, `x + 2 = x(kx - 1)`: sides in different variables relate them (a
    substitution or a condition), they do not claim an identity; a derivation step keeps
    its variables (`6k + 9 - 4k = 2k + 9`)."""
    if not (left.free_symbols and right.free_symbols) or left.free_symbols == right.free_symbols:
        return None
    names = sorted(readable(s) for s in left.free_symbols ^ right.free_symbols)
    return f"not judged: relates {', '.join(names)} to the other variables, a substitution or a condition"


def _with_imaginary_unit(parsed: list[Parsed]) -> list[Parsed]:
    """`(1+i)(1-i) = 1 - i^2 = 2`: when `i` is the chain's only variable it is the unit."""
    exprs = [p.expr for p in parsed if isinstance(p.expr, sympy.Expr)]
    names = {str(s) for e in exprs for s in e.free_symbols}
    if names != {"i"}:
        return parsed
    return [Parsed(imaginary_unit(p.expr)) if isinstance(p.expr, sympy.Expr) else p for p in parsed]


def read_chain(terms: tuple[str, ...], context: Context = EMPTY) -> ChainResult:
    """Every link ``terms[i] = terms[i+1]`` must hold identically under some plausible
    reading, or under what ``context`` establishes (see ``judge.judge_chain``, ``under.py``
    and ``alternatives.py``)."""
    sources = [_LEAD.sub("", term) for term in terms]
    parsed = _with_imaginary_unit([read(source) for source in sources])
    hover: list[str] = []
    findings: list[Finding] = []
    for index in range(len(terms) - 1):
        left, right = parsed[index], parsed[index + 1]
        shown = f"{terms[index].strip()} = {terms[index + 1].strip()}"
        if left.expr is None or right.expr is None:
            error = (left if left.expr is None else right).error or "could not read it"
            hover.append(f"? {shown}: {error}")
            findings.append(Finding("unverified", Severity.INFORMATION, error, target=index))
            continue
        if not _linkable(left.expr, right.expr):
            note = f"not an expression link: {shown}"
            hover.append(f"? {note}")
            findings.append(Finding("unverified", Severity.INFORMATION, note, target=index))
            continue
        line, finding = _link(index, (left, sources[index]), (right, sources[index + 1]), context)
        hover.append(line)
        if finding is not None:
            findings.append(finding)
    return ChainResult(tuple(hover), tuple(findings))


def _link(
    index: int, first: tuple[Parsed, str], second: tuple[Parsed, str], context: Context
) -> tuple[str, Finding | None]:
    """The hover line and finding for one link (each side as its first reading and source)."""
    left, right = first[0].expr, second[0].expr
    a, b = readable(left), readable(right)
    if not isinstance(left, sympy.Expr) or not isinstance(right, sympy.Expr):
        return _matrix_link(index, left, right)
    if index == 0 and _names(left, first[1], right):
        return f"• {a} = {b} defines {a}", None
    decision, note = decide_link(first, second, decide_identity(left, right), read_all)
    if decision.holds:
        return f"✓ {a} = {b}" + (f" (read {note})" if note else ""), None
    under = judge_under(left, right, context) if context else None
    if under is not None and under.holds:
        return f"✓ {a} = {b} {under.why}", None
    if decision.holds is False and _is_equation(left, right):
        condition = describe_condition(sympy.Eq(left, right, evaluate=False))
        return f"• {a} = {b} is an equation: {condition}", None
    if index == 0 and decision.holds is False and _in_itself(left, right):
        return f"• {a} = {b} is an equation in {a}, not an identity", None
    if decision.detail.startswith("not called false"):
        return f"? {a} = {b}: {decision.detail}", None
    parameter = _parameter(left, right)
    if parameter is not None:
        return f"• {a} = {b} equates to {readable(parameter)}: a condition, not an identity", None
    if under is not None and under.holds is None:
        return f"• {a} = {b}: {under.why}", None
    doubt = doubtful(context, left, right)
    if doubt is not None:
        return f"• {a} = {b}: {doubt}", None
    apart = _relates(left, right)
    if apart is not None:
        return f"• {a} = {b}: {apart}", None
    return _verdict(index, a, b, decision)
