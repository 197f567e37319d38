"""Closed claims and chain links: does a relation hold (conditions are ``conditions.py``).

Exact first (evaluate, compare), random points next (fast, decides most identities), and
symbolic simplification last and only on small expressions. A "does not hold" is reported
only when it is sure: a nonzero exact difference, or real sample points where both sides
are defined and differ.
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import sympy

from mathlsp.check.answers.precision import MACHINE_DIGITS
from mathlsp.check.numeric import DIGITS, Value, compare_at_points, exact, too_big, value
from mathlsp.check.read.parse import Parsed
from mathlsp.check.read.readable import readable
from mathlsp.check.read.readings import first_reading, readings

_TOP_EQUALS = re.compile(r"(?<![<>!\\])=")
_ONE_SIDED = re.compile(r"\\to\s*[^,}]*\^\s*\{?\s*[+-]")  # x \to 0^{+}
_ALIGN = re.compile(r"(?<!\\)&")
# Matrices keep their ``&`` (columns); only alignment marks outside them are dropped.
_GRID = re.compile(
    r"\\begin\{([pbBvV]?matrix|smallmatrix|array|cases)\*?\}.*?\\end\{\1\*?\}", re.DOTALL
)
_TRAILING = re.compile(r"(?:\\\\|[.,;:]|\\[,;!]|\s)+$")
_SMALL = 60  # count_ops bound for sympy.simplify
_OPERATORS = {"<": "<", ">": ">", "<=": "≤", ">=": "≥"}
_RELATIONS = (sympy.Eq, sympy.Ne, sympy.Lt, sympy.Le, sympy.Gt, sympy.Ge)


@lru_cache(maxsize=2048)
def read(source: str) -> Parsed:
    """Read a span or chain term: alignment ``&`` and trailing punctuation are dropped.
    Cached: a problem's statement and answers are read by several judgements."""
    text = _clean(source)
    return _limits(text, first_reading(text, degrees=True))


@lru_cache(maxsize=2048)
def read_all(source: str) -> tuple[Parsed, ...]:
    """Every plausible reading of a span or chain term, the first one first (``readings``);
    asked for only when the first reading finds something false."""
    text = _clean(source)
    return tuple(_limits(text, parsed) for parsed in readings(text))


def _clean(source: str) -> str:
    return _TRAILING.sub("", _without_alignment(source))


def _limits(text: str, parsed: Parsed) -> Parsed:
    if isinstance(parsed.expr, sympy.Basic) and not _ONE_SIDED.search(text):
        return replace(parsed, expr=_two_sided(parsed.expr))
    return parsed


def _without_alignment(source: str) -> str:
    if "&" not in source:
        return source
    kept, at = [], 0
    for grid in _GRID.finditer(source):
        kept.append(_ALIGN.sub(" ", source[at : grid.start()]))
        kept.append(grid.group())
        at = grid.end()
    kept.append(_ALIGN.sub(" ", source[at:]))
    return "".join(kept)


def _two_sided(expr: Any) -> Any:
    """`\\lim_{x \\to 0}` is two-sided (the parser reads it as from the right)."""
    if not expr.has(sympy.Limit):
        return expr
    return expr.replace(
        lambda e: isinstance(e, sympy.Limit) and e.args[2].is_finite and str(e.args[3]) == "+",
        lambda e: sympy.Limit(e.args[0], e.args[1], e.args[2], "+-"),
    )


def top_level_equals(source: str) -> int:
    """The most `=` signs in one comma-separated part, outside braces: 2 for `A = B = C`,
    1 for the system `x + y = 3, x - y = 1`; `\\sum_{k=1}` does not count."""
    depth = count = most = 0
    for index, char in enumerate(source):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char in ",;":
            count = 0
        elif depth == 0 and _TOP_EQUALS.match(source, index):
            count += 1
            most = max(most, count)
    return most


def imaginary_unit(expr: Any) -> Any:
    """``i`` as the only free symbol is the imaginary unit (`e^{i\\pi} = -1`)."""
    symbols = expr.free_symbols
    if len(symbols) != 1 or str(next(iter(symbols))) != "i":
        return expr
    unit = {next(iter(symbols)): sympy.I}
    with sympy.evaluate(False):  # keep `e^{i\pi}` as written for the message
        return expr.xreplace(unit)


def evaluate(expr: Any) -> Any:
    """Carry out integrals, sums, limits and derivatives; the input when that fails
    (or when the exact value would be a huge integer)."""
    if too_big(expr):
        return exact(expr)
    try:
        return _polynomial_integrals(exact(expr)).doit()
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return exact(expr)
    except RecursionError:
        return exact(expr)


def _polynomial_integrals(expr: Any) -> Any:
    """Integrals of polynomials done directly (SymPy's general `integrate` is 10x slower)."""
    if not expr.has(sympy.Integral):
        return expr

    def direct(integral: Any) -> Any:
        if len(integral.limits) != 1:
            return integral
        variable, *bounds = integral.limits[0]
        if not integral.function.is_polynomial(variable) or any(b.is_infinite for b in bounds):
            return integral
        primitive = sympy.Poly(integral.function, variable).integrate().as_expr()
        if not bounds:
            return primitive
        return primitive.subs(variable, bounds[1]) - primitive.subs(variable, bounds[0])

    return expr.replace(lambda e: isinstance(e, sympy.Integral), direct)


def cheap_zero(difference: Any) -> bool:
    """Whether ``difference`` is 0 by expansion or cancellation (no full simplify)."""
    try:
        if difference == 0:
            return True
        if sympy.expand(difference) == 0:
            return True
        if difference.is_rational_function() and sympy.cancel(sympy.together(difference)) == 0:
            return True
        if sympy.count_ops(difference) <= _SMALL:
            return bool(sympy.simplify(difference) == 0)
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return False
    return False


def short_difference(left: Any, right: Any) -> str | None:
    """``left - right`` in readable form when it is short ("x", "2"), else None."""
    try:
        difference = sympy.expand(left - right)
        if difference.is_rational_function():
            difference = sympy.factor(sympy.cancel(difference))
        elif difference.has(sympy.sin, sympy.cos, sympy.tan):  # tan x cos x - cos x
            as_sines = difference.replace(sympy.tan, lambda a: sympy.sin(a) / sympy.cos(a))
            difference = sympy.factor(sympy.expand(as_sines, trig=True))  # sin(x) - cos(x)
        else:
            return None
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError):
        return None
    return readable(difference) if sympy.count_ops(difference) <= 12 else None


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a relation holds (None: undecided), and the values behind it, readable."""

    holds: bool | None
    detail: str


def _side(original: Any, computed: Any, number: Value | None) -> str:
    """How a side reads in a message: ``log₂ 8 = 3``, ``π ≈ 3.14159``, ``∫₀¹ x² dx = 1/3``."""
    if _plain(original):
        return readable(original)
    parts = [readable(original)]
    calculus = computed.has(sympy.Integral, sympy.Limit, sympy.Sum, sympy.Product)
    exact_text = None if calculus else readable(computed)
    if exact_text is not None and exact_text not in parts:
        parts.append(exact_text)
    if number is not None and not computed.is_Rational and number.approx() != exact_text:
        return " = ".join(parts) + f" ≈ {number.approx()}"
    return " = ".join(parts)


def _plain(side: Any) -> bool:
    """A side written as a plain number (`4`, `1.414`, `-\\frac12`)."""
    return bool(side.is_Number or side.is_Mul and all(a.is_Number for a in side.args))


def _decimals(side: Any) -> int | None:
    """How many decimals a side written as a decimal (`3.14`) has; None for other sides."""
    number = -side if side.is_Mul and sympy.Integer(-1) in side.args else side
    number = number.args[-1] if number.is_Mul and len(number.args) == 2 else number
    if not isinstance(number, sympy.Float):
        return None
    text = f"{float(number):.15g}"
    return len(text.partition(".")[2]) if "e" not in text else None


def _printed(decimal: Any, number: Value) -> bool:
    """A decimal of 15 or more significant digits was printed by a program (`2.0943951023931957`
    for 2π/3): equal when it agrees to within its last two digits (precision.MACHINE_DIGITS)."""
    text = str(abs(decimal)) if isinstance(decimal, sympy.Float) else ""
    digits = len(text.replace(".", "").lstrip("0").rstrip("0")) if "e" not in text else 0
    if digits < MACHINE_DIGITS:
        return False
    written = sympy.Rational(text) * (1 if decimal > 0 else -1)
    return bool(abs(number.real - written) <= abs(written) * sympy.Integer(10) ** (2 - digits))


def _rounding(relation: Any, left: Value, right: Value, digits: int) -> str | None:
    """`\\pi = 3.14` as a rounded (or cut-off) decimal: "π ≈ 3.14159, which rounds to 3.14"."""
    for decimal, exact_side, number, decimal_value in (
        (relation.rhs, relation.lhs, left, right),
        (relation.lhs, relation.rhs, right, left),
    ):
        places = _decimals(decimal)
        if places is None or not (number.is_real and decimal_value.is_real) or digits < 1:
            continue
        if _printed(decimal, number):
            return f"{readable(exact_side)} ≈ {number.approx()}, printed as {decimal}"
        if len(f"{float(decimal_value.real):.15g}".replace(".", "").strip("-0")) < digits:
            continue
        scale = sympy.Integer(10) ** places
        target = sympy.Rational(str(sympy.Float(decimal_value.real, 20))) * scale
        scaled = number.real * scale
        if abs(target - sympy.floor(scaled + sympy.Rational(1, 2))) < 1e-9:
            verb = "rounds"
        elif (
            abs(target - sympy.floor(scaled) if scaled > 0 else target - sympy.ceiling(scaled))
            < 1e-9
        ):
            verb = "is cut off"
        else:
            continue
        return f"{readable(exact_side)} ≈ {number.approx()}, which {verb} to {readable(decimal)}"
    return None


def decide_closed(relation: Any, *, rounding: int = 1) -> Decision:
    """A relation without free variables: ``\\log_2 8 = 4`` does not hold, ``5! = 120`` does.
    A written decimal with at least ``rounding`` significant digits may be the other side
    rounded (`\\pi = 3.14`); 0 turns that off."""
    if isinstance(relation, sympy.Eq | sympy.Ne) and _has_matrix(relation):
        return _decide_matrices(relation)
    lhs, rhs = evaluate(relation.lhs), evaluate(relation.rhs)
    left, right = value(lhs), value(rhs)
    left_shown, right_shown = _side(relation.lhs, lhs, left), _side(relation.rhs, rhs, right)
    if (left is None or right is None) and lhs == rhs:  # ∞ = ∞, lim 1/x = ∞
        equal = _equal_detail(relation, lhs)
        holds = isinstance(relation, sympy.Eq | sympy.Le | sympy.Ge)
        return Decision(holds, equal if holds else f"{equal}: the sides are equal")
    if left is None or right is None:
        return Decision(None, f"could not evaluate {readable(relation)} to numbers")
    same = left.close_to(right)
    if same and not too_big(lhs - rhs) and not cheap_zero(lhs - rhs):
        precise = value(lhs - rhs, 2 * DIGITS)
        same = precise is not None and precise.close_to(Value(sympy.Integer(0), sympy.Integer(0)))
    if isinstance(relation, sympy.Eq | sympy.Ne):
        rounded = None if same else _rounding(relation, left, right, rounding)
        if rounded is not None:
            return Decision(isinstance(relation, sympy.Eq), rounded)
        holds = same if isinstance(relation, sympy.Eq) else not same
        if same:
            detail = _equal_detail(relation, lhs)
        else:
            detail = _equality_detail(relation, lhs, rhs, left, right)
        return Decision(holds, detail)
    if not (left.is_real and right.is_real):
        return Decision(None, f"{left_shown} and {right_shown} are not both real")
    order = {sympy.Lt: left.real < right.real, sympy.Gt: left.real > right.real}
    order[sympy.Le] = same or left.real < right.real
    order[sympy.Ge] = same or left.real > right.real
    holds = bool(order[type(relation)])
    op = _OPERATORS[relation.rel_op]
    verb = "is" if holds else "is not"
    return Decision(holds, f"{left_shown} {verb} {op} {right_shown}")


def _has_matrix(expr: Any) -> bool:
    return any(isinstance(e, sympy.MatrixBase) for e in sympy.preorder_traversal(expr))


def _matrix_value(expr: Any) -> Any:
    """Products, sums and powers with matrices in them, carried out (the reader leaves
    ``A^2`` and ``2A`` unevaluated); the reader's own matrix stays as it is."""
    if isinstance(expr, sympy.MatrixBase) or not isinstance(expr, sympy.Basic):
        return expr
    if not _has_matrix(expr):
        return evaluate(expr)
    parts = [_matrix_value(arg) for arg in expr.args]
    if isinstance(expr, sympy.Add):
        return functools.reduce(operator.add, parts)
    if isinstance(expr, sympy.Mul):
        return functools.reduce(operator.mul, parts)
    if isinstance(expr, sympy.Pow) and isinstance(parts[1], sympy.Integer):
        return parts[0] ** int(parts[1])
    return expr.doit()


def _decide_matrices(relation: Any) -> Decision:
    """Matrix products, powers and determinants written out: equal entry by entry."""
    sides = []
    for side in (relation.lhs, relation.rhs):
        done = _matrix_value(side)
        if not isinstance(done, sympy.MatrixBase):
            return Decision(None, "one side is a matrix, the other is not")
        sides.append(done)
    left, right = sides
    if left.shape != right.shape:
        shapes = " and ".join(f"{m.rows}×{m.cols}" for m in sides)
        return Decision(isinstance(relation, sympy.Ne), f"the shapes differ: {shapes}")
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        decision = decide_closed(sympy.Eq(a, b, evaluate=False), rounding=0)
        if decision.holds is None:
            return Decision(None, decision.detail)
        if not decision.holds:
            row, column = divmod(index, left.cols)
            detail = f"entry ({row + 1}, {column + 1}) is {readable(a)}, not {readable(b)}"
            return Decision(isinstance(relation, sympy.Ne), detail)
    return Decision(isinstance(relation, sympy.Eq), f"both sides are {readable(left)}")


def _equal_detail(relation: Any, lhs: Any) -> str:
    """``∫₀¹ x² dx = 1/3`` (the computed value named once)."""
    left_exact = _side(relation.lhs, lhs, None)
    right = readable(relation.rhs)
    return left_exact if right in left_exact.split(" = ")[1:] else f"{left_exact} = {right}"


def _equality_detail(relation: Any, lhs: Any, rhs: Any, left: Value, right: Value) -> str:
    """Why an equation is false: ``log₂ 8 = 3, not 4``, ``√2 ≈ 1.41421, not 1.414``."""
    left_side, right_side = _side(relation.lhs, lhs, left), _side(relation.rhs, rhs, right)
    if _decimals(relation.rhs) is not None and "≈" not in left_side:
        left_side += f" ≈ {left.approx()}"
    if _decimals(relation.lhs) is not None and "≈" not in right_side:
        right_side += f" ≈ {right.approx()}"
    if _plain(relation.rhs):
        return f"{left_side}, not {readable(relation.rhs)}"
    if _plain(relation.lhs):
        return f"{right_side}, not {readable(relation.lhs)}"
    return f"{left_side} but {right_side}"


def decide_identity(left: Any, right: Any, *, rounding: int = 1, explain: bool = True) -> Decision:
    """Whether ``left`` and ``right`` are identically equal (a chain link)."""
    if isinstance(left, _MATRICES) and isinstance(right, _MATRICES):
        try:  # vectors with a parameter (a line `P + t(Q - P)`): entry by entry
            difference = sympy.ImmutableMatrix((left - right).as_explicit())
        except (ValueError, TypeError, AttributeError, sympy.ShapeError):
            return Decision(None, "matrices of different shapes or not written out")
        return _identity_by_entry(difference, rounding=rounding, explain=explain)
    if not (isinstance(left, sympy.Expr) and isinstance(right, sympy.Expr)):
        return Decision(None, "not two expressions")
    if not (left.free_symbols or right.free_symbols):
        return decide_closed(sympy.Eq(left, right, evaluate=False), rounding=rounding)
    left, right = evaluate(left), evaluate(right)
    difference = left - right
    if difference.is_polynomial() and not difference.has(sympy.Float):
        if sympy.expand(difference) == 0:  # exact, and much faster than sampling
            return Decision(True, "the difference expands to 0")
        by = short_difference(left, right) if explain else None
        if by or not explain:
            return Decision(False, f"they differ by {by}")
    sampled = compare_at_points(left, right)
    if sampled.differ_real is not None:
        point, a, b = sampled.differ_real
        by = short_difference(left, right) if explain else None
        if by is not None and by != "0":
            return Decision(False, f"they differ by {by}")
        where = ", ".join(f"{readable(k)} = {readable(v)}" for k, v in point.items())
        sides = f"the left side is {a.approx()} and the right side is {b.approx()}"
        return Decision(False, f"at {where} {sides}" if where else sides)
    if sampled.agree >= 3 or sampled.agree >= 1 and not (left - right).free_symbols:
        return Decision(True, "equal at every sample point")
    if cheap_zero(left - right):
        return Decision(True, "the difference simplifies to 0")
    return Decision(None, "could not decide")


_MATRICES = (sympy.MatrixBase, sympy.MatrixExpr)


def _identity_by_entry(difference: Any, *, rounding: int, explain: bool) -> Decision:
    """An identity of matrices holds when every entry of the difference is identically 0."""
    undecided = False
    for (row, column), entry in sorted(difference.todok().items()):
        decision = decide_identity(entry, sympy.S.Zero, rounding=rounding, explain=explain)
        if decision.holds is False:
            return Decision(False, f"entry ({row + 1}, {column + 1}): {decision.detail}")
        undecided = undecided or decision.holds is None
    if undecided:
        return Decision(None, "could not decide every entry")
    return Decision(True, "every entry of the difference is 0")


def is_relation(expr: Any) -> bool:
    return isinstance(expr, _RELATIONS)
