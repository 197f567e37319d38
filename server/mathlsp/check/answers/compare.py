"""Compare two answer shapes part by part; only leaves that are not plain numbers use SymPy.

Lists and sets match up to order, tuples in order, intervals with their ends, relations up
to rearrangement. The result is three-valued: True, False, or None (could not decide).
"""

from __future__ import annotations

from contextvars import ContextVar
from fractions import Fraction

from mathlsp.check.answers.precision import PRECISION, approximates, machine_printed
from mathlsp.check.answers.shapes import Alt, Cup, Expr, Ivl, Node, Num, Rel, Seq, Text, Value

Decision = bool | None
SYMPY_ALLOWED: ContextVar[bool] = ContextVar("SYMPY_ALLOWED", default=True)


class NeedsSympy(Exception):
    """Raised in quick mode when a comparison would need SymPy."""


def _sympy_needed() -> None:
    if not SYMPY_ALLOWED.get():
        raise NeedsSympy


def _pairwise(left: tuple[Node, ...], right: tuple[Node, ...]) -> Decision:
    """In order: False at the first differing pair, None if any pair is undecided."""
    if len(left) != len(right):
        return False
    undecided = False
    for x, y in zip(left, right, strict=True):
        decision = compare(x, y)
        if decision is False:
            return False
        undecided = undecided or decision is None
    return None if undecided else True


def _by_sympy(a: Node, b: Node, *, relation: bool = False) -> Decision:
    """Hand a leaf or relation comparison to SymPy (quick mode: raise ``NeedsSympy``)."""
    _sympy_needed()
    # Lazily: these load SymPy, which quick mode (the editor's process, `grade`) never needs.
    from mathlsp.check.answers.leaves import same_leaf
    from mathlsp.check.answers.relations import same_relation

    return same_relation(a, b) if relation else same_leaf(a, b)


def _any(decisions: list[Decision]) -> Decision:
    if any(d is True for d in decisions):
        return True
    return None if any(d is None for d in decisions) else False


def compare(a: Node, b: Node) -> Decision:
    """Whether two answer shapes mean the same."""
    if a == b:
        return True
    if isinstance(a, Alt) or isinstance(b, Alt):
        left = a.options if isinstance(a, Alt) else (a,)
        right = b.options if isinstance(b, Alt) else (b,)
        decisions: list[Decision] = []
        skipped = False
        for x in left:
            for y in right:
                try:
                    decision = compare(x, y)
                except NeedsSympy:
                    skipped = True
                    continue
                if decision is True:
                    return True
                decisions.append(decision)
        if skipped:
            raise NeedsSympy
        return _any(decisions)
    a, b = _unwrap(a), _unwrap(b)
    if isinstance(b, Seq) and not isinstance(a, Seq):
        a, b = b, a
    if isinstance(a, Seq):
        if a.kind == "matrix" and (
            isinstance(b, Value) or (isinstance(b, Expr) and "\\begin" in b.latex)
        ):
            return _by_sympy(a, b)
        if (a.kind == "matrix") != (isinstance(b, Seq) and b.kind == "matrix"):
            return False
        return _compare_seq(a, b)
    if isinstance(b, Cup) and not isinstance(a, Cup):
        a, b = b, a
    if isinstance(a, Cup) and isinstance(b, Rel):
        return _by_sympy(b, a, relation=True)
    if isinstance(a, Cup):
        parts = b.parts if isinstance(b, Cup) else (b,)
        return _matching(list(a.parts), list(parts))
    if isinstance(a, Ivl) or isinstance(b, Ivl):
        return _compare_interval(a, b)
    if isinstance(a, Text) or isinstance(b, Text):
        return _compare_text(a, b)
    if isinstance(a, Num) and isinstance(b, Num):
        return _compare_numbers(a, b)
    if isinstance(a, Rel) or isinstance(b, Rel):
        return _by_sympy(a, b, relation=True)
    quick = _plain_algebra(a, b)
    if quick is not True and _approximate(a, b):
        return True
    return quick if quick is not None else _by_sympy(a, b)


def _leaf_text(node: Node) -> str | None:
    if isinstance(node, Num):
        if machine_printed(node.number):
            return None  # a printed float: compared to its precision, by SymPy
        value = node.number.value
        return f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
    return node.latex if isinstance(node, Expr) else None


def _plain_algebra(a: Node, b: Node) -> Decision:
    """Decide with the small mpmath evaluator when both leaves are plain algebra."""
    left, right = _leaf_text(a), _leaf_text(b)
    if left is None or right is None:
        return None
    infinite = {"\\infty", "-\\infty", "+\\infty"}
    if left.replace(" ", "") in infinite or right.replace(" ", "") in infinite:
        return left.replace(" ", "").lstrip("+") == right.replace(" ", "").lstrip("+")
    # Lazily: mpmath is a start-up cost the exact fast path never pays.
    from mathlsp.check.answers.evaluate import Unsupported, same_numbers

    try:
        return same_numbers(left, right)
    except Unsupported:
        return None


def _approximate(a: Node, b: Node) -> bool:
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


def _unwrap(node: Node) -> Node:
    while isinstance(node, Seq) and len(node.items) == 1 and node.kind != "set":
        node = node.items[0]
    return node


def _compare_numbers(a: Num, b: Num) -> Decision:
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


def _compare_text(a: Node, b: Node) -> Decision:
    if isinstance(a, Text) and isinstance(b, Text):
        return a.words == b.words
    text, other = (a, b) if isinstance(a, Text) else (b, a)
    assert isinstance(text, Text)
    if isinstance(other, Expr):
        plain = other.latex.replace(" ", "").lower()
        return plain == text.words.replace(" ", "")
    return False


def _compare_seq(a: Seq, b: Node) -> Decision:
    if isinstance(b, Cup) and a.kind == "list":
        return _matching(list(a.items), list(b.parts))
    if not isinstance(b, Seq):
        if a.kind == "tuple" and a.interval_ok and isinstance(b, Ivl):
            return _compare_interval(Ivl(a.items[0], a.items[1], False, False), b)
        if isinstance(b, Rel) and a.kind == "tuple" and a.interval_ok:
            return compare(Ivl(a.items[0], a.items[1], False, False), b)
        if len(a.items) == 1 and a.kind == "set":
            return compare(a.items[0], b)
        return False
    if "tuple" in (a.kind, b.kind) or "matrix" in (a.kind, b.kind):
        return _pairwise(a.items, b.items)  # a tuple against a list: in written order
    return _matching(list(a.items), list(b.items))


def _matching(left: list[Node], right: list[Node]) -> Decision:
    """Whether the two collections match one to one, in any order."""
    flat_left = _flatten(left)
    flat_right = _flatten(right)
    if len(flat_left) != len(flat_right):
        return False
    undecided = False
    remaining = list(flat_right)
    for item in flat_left:
        found = None
        for index, other in enumerate(remaining):
            decision = compare(item, other)
            if decision is True:
                found = index
                break
            undecided = undecided or decision is None
        if found is None:
            return None if undecided else False
        remaining.pop(found)
    return True


def _flatten(items: list[Node]) -> list[Node]:
    """Lists inside unordered collections (from ``\\pm``, ``and``) join their parent."""
    flat: list[Node] = []
    for item in items:
        if isinstance(item, Seq) and item.kind == "list":
            flat.extend(_flatten(list(item.items)))
        else:
            flat.append(item)
    return _dedupe_list(flat)


def _dedupe_list(items: list[Node]) -> list[Node]:
    unique: list[Node] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique


def _compare_interval(a: Node, b: Node) -> Decision:
    if isinstance(b, Ivl) and not isinstance(a, Ivl):
        a, b = b, a
    assert isinstance(a, Ivl)
    if isinstance(b, Seq) and b.kind == "tuple" and b.interval_ok:
        b = Ivl(b.items[0], b.items[1], False, False)
    if isinstance(b, Ivl):
        if (a.lo_closed, a.hi_closed) != (b.lo_closed, b.hi_closed):
            return False
        return _pairwise((a.lo, a.hi), (b.lo, b.hi))
    if isinstance(b, Rel):
        return _by_sympy(a, b, relation=True)
    return False
