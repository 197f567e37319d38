"""Answer equivalence: the one judgement behind `check`, `grade` and the solver's vote.

(First cut: parse both sides and compare the difference symbolically. The equivalence issue
replaces the inside; the two public functions keep their signatures.)
"""

from __future__ import annotations

from typing import Any

from mathlsp.check.parse import to_sympy
from mathlsp.check.verdict import Verdict


def equivalent_to_sympy(expected: Any, answer: str) -> Verdict:
    """Compare a SymPy value (what SymPy computed) with an answer as written."""
    import sympy

    parsed = to_sympy(answer)
    if parsed.expr is None:
        return Verdict.unknown(parsed.error or "could not read the answer")
    try:
        difference = sympy.simplify(parsed.expr - expected)
    except Exception as error:
        return Verdict.unknown(f"could not compare: {type(error).__name__}")
    if difference == 0:
        return Verdict.yes("difference simplifies to 0")
    if difference.is_number:
        return Verdict.no("the values differ")
    return Verdict.unknown("could not decide")


def equivalent(reference: str, answer: str) -> Verdict:
    """Whether ``answer`` means the same as ``reference`` (both as written)."""
    parsed = to_sympy(reference)
    if parsed.expr is None:
        return Verdict.unknown(parsed.error or "could not read the reference")
    return equivalent_to_sympy(parsed.expr, answer)
