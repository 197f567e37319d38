"""Compare two answer shapes part by part; only leaves that are not plain numbers use SymPy.

Lists and sets match up to order, tuples in order, intervals with their ends, relations up
to rearrangement. The result is three-valued: True, False, or None (could not decide).
"""

from __future__ import annotations

from contextvars import ContextVar

from mathlsp.check.answers.clock import hour_readings
from mathlsp.check.answers.nodes import (
    Alt,
    Clock,
    Cup,
    Expr,
    Ivl,
    Named,
    Node,
    Num,
    Rel,
    Seq,
    Text,
    Value,
)
from mathlsp.check.answers.plain import approximate, compare_numbers, compare_text, plain_algebra

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
    if isinstance(a, Clock) or isinstance(b, Clock):
        return _compare_clock(a, b)
    if isinstance(a, Named) or isinstance(b, Named):
        return _compare_named(a, b)
    if isinstance(b, Seq) and not isinstance(a, Seq):
        a, b = b, a
    if isinstance(a, Seq):
        if a.kind == "matrix" and (
            isinstance(b, Value) or (isinstance(b, Expr) and "\\begin" in b.latex)
        ):
            return _by_sympy(a, b)
        if (a.kind == "matrix") != (isinstance(b, Seq) and b.kind == "matrix"):
            return _compare_vector(a, b)
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
        return compare_text(a, b)
    if isinstance(a, Num) and isinstance(b, Num):
        return compare_numbers(a, b)
    if isinstance(a, Rel) or isinstance(b, Rel):
        return _by_sympy(a, b, relation=True)
    quick = plain_algebra(a, b)
    if quick is not True and approximate(a, b):
        return True
    return quick if quick is not None else _by_sympy(a, b)


def _compare_clock(a: Node, b: Node) -> Decision:
    """Clock times by the moments they may name; a whole number of hours is that o'clock."""
    clock, other = (a, b) if isinstance(a, Clock) else (b, a)
    assert isinstance(clock, Clock)
    if isinstance(other, Clock):
        readings = other.readings
    elif isinstance(other, Num) and other.number.value.denominator == 1:
        readings = hour_readings(int(other.number.value))
    else:
        return False
    return bool(set(clock.readings) & set(readings))


def _compare_named(a: Node, b: Node) -> Decision:
    """A solution by name: name by name against another, in written order against bare
    values (`x = 1, y = 2` is `(1, 2)`), a single binding against its value."""
    named, other = (a, b) if isinstance(a, Named) else (b, a)
    assert isinstance(named, Named)
    if isinstance(other, Named) and len(named.bindings) == len(other.bindings) == 1:
        return compare(named.bindings[0][1], other.bindings[0][1])  # `W(n) = 1`, `W(x) = 1`
    if isinstance(other, Named):
        mine, theirs = dict(named.bindings), dict(other.bindings)
        if set(mine) != set(theirs) or len(mine) != len(named.bindings):
            return False
        return _pairwise(tuple(mine.values()), tuple(theirs[name] for name in mine))
    values = tuple(value for _, value in named.bindings)
    if len(values) == 1:
        return compare(values[0], other)
    if isinstance(other, Seq) and other.kind in ("list", "tuple"):
        if any(isinstance(item, Named) for item in other.items):
            return False
        return _pairwise(values, other.items)
    return False


def _compare_vector(a: Seq, b: Node) -> Decision:
    """A matrix of one column or one row against a list, a tuple or a closed `[a, b]`."""
    matrix, other = (a, b) if a.kind == "matrix" else (b, a)
    if not isinstance(matrix, Seq) or matrix.kind != "matrix":
        return False
    rows = [row.items if isinstance(row, Seq) else (row,) for row in matrix.items]
    if all(len(row) == 1 for row in rows):
        entries = tuple(row[0] for row in rows)
    elif len(rows) == 1:
        entries = tuple(rows[0])
    else:
        return False
    if isinstance(other, Seq) and other.kind in ("list", "tuple"):
        return _pairwise(entries, other.items)
    if isinstance(other, Ivl) and other.lo_closed and other.hi_closed:
        return _pairwise(entries, (other.lo, other.hi))  # `[0.5, 1]`: a list in brackets
    return False


def _unwrap(node: Node) -> Node:
    """One item in brackets is that item; a matrix of one row stays a matrix (a row vector)."""
    while isinstance(node, Seq) and len(node.items) == 1 and node.kind != "set":
        row = node.items[0]
        if node.kind == "matrix" and isinstance(row, Seq) and len(row.items) > 1:
            break
        node = row
    return node


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
