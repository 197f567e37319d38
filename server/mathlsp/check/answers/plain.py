"""Leaves compared without SymPy: exact numbers, words, and plain algebra with mpmath.

The cheap end of ``compare``: none of it recurses into shapes. Decimals follow the caller's
precision (``precision.py``); a printed float is equal to the precision it was printed with.
"""

from __future__ import annotations

import re
from fractions import Fraction

from mathlsp.check.answers.nodes import Expr, Node, Num, Text
from mathlsp.check.answers.precision import PRECISION, approximates, machine_printed

Decision = bool | None
CONSTANT = re.compile(r"(?<![A-Za-z\\])C(?![A-Za-z])")
# "<Name> has/is …": a sentence that states a name (`Evelyn has the greatest speed`).
_STATING = {"is", "was", "has", "had", "have", "will", "would", "can", "could", "wins", "won"}


def leaf_text(node: Node) -> str | None:
    if isinstance(node, Num):
        if machine_printed(node.number):
            return None  # a printed float: compared to its precision, by SymPy
        value = node.number.value
        return f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
    return node.latex if isinstance(node, Expr) else None


def plain_algebra(a: Node, b: Node) -> Decision:
    """Decide with the small mpmath evaluator when both leaves are plain algebra."""
    left, right = leaf_text(a), leaf_text(b)
    if left is None or right is None:
        return None
    if CONSTANT.search(left) and CONSTANT.search(right):
        return None  # `+ C` on both sides: antiderivatives, up to a constant (SymPy's side)
    infinite = {"\\infty", "-\\infty", "+\\infty"}
    if left.replace(" ", "") in infinite or right.replace(" ", "") in infinite:
        return left.replace(" ", "").lstrip("+") == right.replace(" ", "").lstrip("+")
    # Lazily: mpmath is a start-up cost the exact fast path never pays.
    from mathlsp.check.answers.evaluate import Unsupported, same_numbers

    try:
        return same_numbers(left, right)
    except Unsupported:
        return None


def approximate(a: Node, b: Node) -> bool:
    """A decimal leaf against a closed expression, when the caller accepts roundings; an
    expression the small evaluator cannot read is left to SymPy (``leaves.same_leaf``)."""
    if PRECISION.get().strict:
        return False
    for decimal, other in ((a, b), (b, a)):
        if isinstance(decimal, Num) and decimal.number.is_decimal and isinstance(other, Expr):
            # Lazily, as in ``_plain_algebra``.
            from mathlsp.check.answers.evaluate import Unsupported, closed_value

            try:
                exact = closed_value(other.latex)
            except Unsupported:
                return False
            return exact is not None and approximates(decimal.number, exact)
    return False


def compare_numbers(a: Num, b: Num) -> Decision:
    if a.number.value == b.number.value:
        return True
    digits = max(a.number.digits, b.number.digits)
    if digits >= 15:  # a machine-printed float: equal to the precision it was printed with
        scale = max(abs(a.number.value), abs(b.number.value), Fraction(1))
        return bool(abs(a.number.value - b.number.value) <= scale * Fraction(10) ** (2 - digits))
    for decimal, other in ((a.number, b.number), (b.number, a.number)):
        if decimal.is_decimal and approximates(decimal, other.value, other_decimal=other):
            return True
    return False


def compare_text(a: Node, b: Node) -> Decision:
    if isinstance(a, Text) and isinstance(b, Text):
        return a.words == b.words or _states(a.words, b.words) or _states(b.words, a.words)
    text, other = (a, b) if isinstance(a, Text) else (b, a)
    assert isinstance(text, Text)
    if isinstance(other, Expr):
        plain = other.latex.replace(" ", "").lower()
        return plain == text.words.replace(" ", "")
    return False


def _states(name: str, sentence: str) -> bool:
    """Whether ``sentence`` opens with ``name`` as its subject, then says something of it."""
    rest = sentence[len(name) :].split() if sentence.startswith(name + " ") else []
    return len(rest) >= 2 and rest[0] in _STATING
