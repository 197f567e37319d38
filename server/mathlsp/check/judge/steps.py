"""Solving steps: consecutive equations in one unknown must keep the real solution set.

A step that drops a genuine solution (a root of every earlier equation) is an error; one
that adds a root is a warning (squaring, multiplying by a variable). A run of solved forms
after an equation (`x = 0`, then `x = 2`) is a case split and counts as one set. Anything
not decided (several unknowns, infinite or unknown sets) gives no finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.claims import evaluate, read
from mathlsp.check.judge.conditions import real_roots, solution_set
from mathlsp.check.judge.results import Finding
from mathlsp.check.numeric import value
from mathlsp.check.read.readable import readable

_SUBSCRIPT = re.compile(r"^(.+?)_\{?\d+\}?$")


@dataclass(frozen=True, slots=True)
class Step:
    """One equation read as a solution set of ``symbol`` (``roots`` None: not a finite set)."""

    symbol: Any
    roots: tuple[Any, ...] | None
    solved: bool  # `x = 2`, `x = 2 or x = 3`, `x \in \{2, 3\}`
    shown: str
    names: frozenset[str] = frozenset()  # the names a solved form writes (`a_2`), as written


def _unknown(symbol: Any) -> Any:
    """`x_1` and `x_2` name roots of `x`."""
    match = _SUBSCRIPT.match(str(symbol))
    return sympy.Symbol(match.group(1)) if match else symbol


def solved_form(expr: Any) -> tuple[Any, tuple[Any, ...] | None] | None:
    """`x = 2`, `x = 2, 3`, `x = \\pm 2`, `x = 2 or x = 3`: (unknown, roots)."""
    equations = list(expr.args) if isinstance(expr, sympy.FiniteSet) else [expr]
    if not equations or not all(isinstance(e, sympy.Eq) for e in equations):
        return None
    symbols = {_unknown(e.lhs) for e in equations if e.lhs.is_Symbol}
    if len(symbols) != 1 or not all(e.lhs.is_Symbol for e in equations):
        return None
    values: list[Any] = []
    for equation in equations:
        right = equation.rhs
        items = list(right.args) if isinstance(right, sympy.FiniteSet) else [right]
        if any(not isinstance(i, sympy.Expr) or i.free_symbols for i in items):
            return None
        values.extend(evaluate(i) for i in items)
    return symbols.pop(), real_roots(values)


def read_step(source: str) -> Step | None:
    """An equation in one unknown as a solution set; None for anything else."""
    expr = read(source).expr
    if isinstance(expr, sympy.And) and all(isinstance(a, sympy.Eq) for a in expr.args):
        first, last = expr.args[0], expr.args[-1]
        expr = sympy.Eq(first.lhs, last.rhs, evaluate=False)
    if expr is None:
        return None
    solved = solved_form(expr)
    if solved is not None:
        equations = list(expr.args) if isinstance(expr, sympy.FiniteSet) else [expr]
        names = frozenset(str(e.lhs) for e in equations)
        return Step(solved[0], solved[1], True, readable(expr), names)
    if not isinstance(expr, sympy.Eq) or not isinstance(expr.lhs, sympy.Expr):
        return None
    if not isinstance(expr.rhs, sympy.Expr) or expr.atoms(AppliedUndef, sympy.Derivative):
        return None
    difference = evaluate(expr.lhs - expr.rhs)
    if len(difference.free_symbols) != 1:
        return None
    symbol = next(iter(difference.free_symbols))
    return Step(symbol, solution_set(difference, symbol), False, readable(expr))


def _contains(roots: tuple[Any, ...], root: Any) -> bool:
    target = value(root)
    return target is not None and any(
        (other := value(r)) is not None and other.close_to(target) for r in roots
    )


def _set_text(roots: tuple[Any, ...]) -> str:
    return readable(sympy.FiniteSet(*roots)) if roots else "∅"


def _which(symbol: Any, roots: list[Any]) -> str:
    return " and ".join(f"{readable(symbol)} = {readable(r)}" for r in roots)


def _compare(before: Step, run: list[tuple[int, Step]], context: _Context) -> list[Finding]:
    """Findings for going from ``before`` to a run of (index, step) read as one set."""
    after = _union([step for _, step in run])
    if before.roots is None or after.roots is None:
        return []
    seen, later = context.history, context.later
    sets = (
        f"{before.shown} has solutions {_set_text(before.roots)}, "
        f"{after.shown} has {_set_text(after.roots)}"
    )
    new_case = not any(_contains(before.roots, r) for r in after.roots) and all(
        _contains(seen[0], r) for r in after.roots
    )
    lost = [
        r
        for r in before.roots
        if not _contains(after.roots, r)
        and all(_contains(h, r) for h in seen)
        and not any(_contains(s, r) for s in later)
    ]
    findings = []
    first = run[0][0]
    if lost and not new_case:
        gained = [r for r in after.roots if not _contains(before.roots, r)]
        also = f" (and gains {_which(after.symbol, gained)})" if gained else ""
        message = f"this step loses {_which(after.symbol, lost)}{also}: {sets}"
        return [Finding("invalid-step", Severity.ERROR, message, first)]
    for target, member in run:
        gained = [r for r in member.roots or () if not any(_contains(h, r) for h in seen)]
        if gained:
            message = (
                f"this step gains {_which(after.symbol, gained)}, which does not solve "
                f"{before.shown}: {sets}"
            )
            findings.append(Finding("invalid-step", Severity.WARNING, message, target))
    return findings


@dataclass(slots=True)
class _Context:
    history: list[tuple[Any, ...]]  # solution sets so far in this segment, first to last
    later: list[tuple[Any, ...]]  # solution sets of later steps in the same unknown


def _segments(steps: list[Step | None]) -> list[list[tuple[int, Step]]]:
    """Maximal runs of consecutive readable steps in the same unknown. An equation after a
    solved form starts a new run: the next case (`x^2 = 1`, `x = \\pm 1`, `x^2 = 4`, ...)."""
    segments: list[list[tuple[int, Step]]] = []
    for index, step in enumerate(steps):
        if step is None:
            continue
        current = segments[-1] if segments else None
        last = current[-1] if current else None
        if (
            current
            and last is not None
            and last[0] == index - 1
            and last[1].symbol == step.symbol
            and (step.solved or not last[1].solved)
            and not _values(current, step)
        ):
            current.append((index, step))
        else:
            segments.append([(index, step)])
    return segments


def _values(current: list[tuple[int, Step]], step: Step) -> bool:
    """`a_2 = 7` then `a_3 = 15` with no equation before them: computed values of different
    names, not solving steps (only equations in the same unknowns are). After an equation,
    `x_1 = 2`, `x_2 = 3` are its cases."""
    return all(s.solved for _, s in current) and step.solved and current[-1][1].names != step.names


def check_steps(equations: tuple[str, ...]) -> tuple[Finding, ...]:
    """Findings for a sequence of solving steps (see ``judge.judge_steps``)."""
    findings: list[Finding] = []
    steps = [read_step(source) for source in equations]
    for segment in _segments(steps):
        previous = segment[0][1]
        context = _Context([previous.roots] if previous.roots is not None else [], [])
        position = 1
        while position < len(segment):
            end = position + 1
            if segment[position][1].solved and not previous.solved:
                while end < len(segment) and _splits(
                    previous, segment[position:end], segment[end][1]
                ):
                    end += 1
            run = segment[position:end]
            last = run[-1][0]
            context.later = [
                s.roots
                for s in steps[last + 1 :]
                if s is not None and s.roots is not None and s.symbol == previous.symbol
            ]
            if context.history:
                findings += _compare(previous, run, context)
            previous = _union([step for _, step in run])
            if previous.roots is not None:
                context.history.append(previous.roots)
            position = end
    return tuple(findings)


def _splits(equation: Step, run: list[tuple[int, Step]], candidate: Step) -> bool:
    """Whether ``candidate`` continues a case split of ``equation``: another solved form
    with new roots of that equation (`x = 0`, then `x = 2`, after `x(x-2) = 0`)."""
    if not candidate.solved or candidate.roots is None or equation.roots is None:
        return False
    taken = tuple(r for _, step in run for r in step.roots or ())
    return all(_contains(equation.roots, r) and not _contains(taken, r) for r in candidate.roots)


def _union(members: list[Step]) -> Step:
    """A case split `x = 0`, `x = 2` read as one solution set."""
    if len(members) == 1:
        return members[0]
    roots: list[Any] = []
    for member in members:
        if member.roots is None:
            return Step(members[0].symbol, None, True, member.shown)
        roots.extend(r for r in member.roots if not _contains(tuple(roots), r))
    shown = " or ".join(dict.fromkeys(m.shown for m in members))
    return Step(members[0].symbol, tuple(roots), True, shown)
