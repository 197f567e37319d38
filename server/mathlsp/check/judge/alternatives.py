"""False only when false under every reading (DESIGN, "How a verdict is reached").

``read.readings`` gives each span or chain term its plausible readings; a relation that fails
under the first is tried under the others, and one whose failure involves a symbol the math
does not pin down (``Parsed.opaque``: ``y'``, ``⋯``, a segment ``AB``, an unknown function) is
not called false: the hover says why instead.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import Any

import sympy

from mathlsp.check.judge.claims import Decision, decide_identity
from mathlsp.check.judge.results import SpanResult
from mathlsp.check.read.parse import Parsed
from mathlsp.check.read.readings import components

_MAX_PAIRS = 9


def _false(result: SpanResult) -> bool:
    return any(f.code == "false-equation" for f in result.findings)


def _pair_doubt(left: Parsed, right: Parsed) -> str | None:
    """Why a failed link between two terms is not known to be one: a symbol of either term
    not pinned down, or a name on one side whose components are on the other (``u``, ``u_x``)."""
    doubt = _doubt(left, left.expr) or _doubt(right, right.expr)
    if doubt or not (isinstance(left.expr, sympy.Basic) and isinstance(right.expr, sympy.Basic)):
        return doubt
    component = components(
        {str(s) for s in left.expr.free_symbols}, {str(s) for s in right.expr.free_symbols}
    )
    if component is None:
        return None
    base = component.split("_")[0]
    return f"{base} on one side, its components ({component}) on the other: a vector or a sequence"


def _doubt(parsed: Parsed, expr: Any) -> str | None:
    """Why a failure of ``expr`` under ``parsed`` is not known to be one, or None."""
    if not parsed.opaque or not isinstance(expr, sympy.Basic):
        return None
    present = {str(s) for s in expr.free_symbols}
    present |= {str(f.func) for f in expr.atoms(sympy.core.function.AppliedUndef)}
    present |= {str(d) for d in expr.atoms(sympy.Derivative)}
    reasons = [why for name, why in parsed.opaque if name in present]
    return "; ".join(reasons) if reasons else None


Reader = Callable[[str], Parsed]
Readers = Callable[[str], tuple[Parsed, ...]]


def span_readings(
    source: str, read: Reader, read_all: Readers, judge: Callable[[Parsed], SpanResult]
) -> SpanResult:
    """The first reading's result, unless it calls the span false and another reading does
    not (then that one, named), or the failure involves a symbol not pinned down. The other
    readings are built only when the first finds something false."""
    primary = read(source)
    first = judge(primary)
    if not _false(first):
        return first
    doubts = [_doubt(primary, primary.expr)]
    for parsed in read_all(source)[1:]:
        other = judge(parsed)
        if not _false(other):
            hover = f"{other.hover}\n\n(read {parsed.note})" if parsed.note else other.hover
            return SpanResult(other.reads_as, hover, other.findings)
        doubts.append(_doubt(parsed, parsed.expr))
    if any(doubts):
        doubt = next(d for d in doubts if d)
        hover = f"{first.hover}\n\nnot called false: {doubt}"
        return SpanResult(first.reads_as, hover, ())
    return first


def decide_link(
    left: tuple[Parsed, str], right: tuple[Parsed, str], first: Decision, read_all: Readers
) -> tuple[Decision, str]:
    """A chain link under every pair of readings of its two terms (each given as its first
    reading and its source). ``first`` is the decision under the first readings; returns the
    decision and what the deciding reading assumed."""
    if first.holds is not False:
        return first, ""
    doubts = [_pair_doubt(left[0], right[0])]
    pairs = list(product(read_all(left[1]), read_all(right[1])))[1:_MAX_PAIRS]
    for a, b in pairs:
        if not (isinstance(a.expr, sympy.Expr) and isinstance(b.expr, sympy.Expr)):
            continue
        decision = decide_identity(a.expr, b.expr, explain=False)
        note = "; ".join(n for n in (a.note, b.note) if n)
        if decision.holds is not False:
            return decision, note
        doubts.append(_pair_doubt(a, b))
    if any(doubts):
        doubt = next(d for d in doubts if d)
        return Decision(None, f"not called false: {doubt}"), ""
    return first, ""
