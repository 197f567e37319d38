"""Written answers read locally: what SymPy reads in `x = 2 或 x = 3`, `f'(x) = 2x`, `\\{2, 3\\}`,
and whether that is SymPy's answer to the problem.

This is the second opinion next to the shared ``equivalence`` functions: it decides what
they leave open and double-checks a "differs" before it becomes an error.
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.answers.extract import extract_answer
from mathlsp.check.judge.claims import decide_identity, read
from mathlsp.check.judge.solving import Task, complex_roots
from mathlsp.check.judge.steps import solved_form
from mathlsp.check.numeric import value
from mathlsp.check.read.readable import readable

_FULL_WIDTH = str.maketrans("，；：（）＝", ",;:()=")
_CONNECTIVES = re.compile(r"\s*(?:或者|或|以及|和|及)\s*")
_WORDS = re.compile(r"\s*\\(?:text|mathrm)\{\s*(?:or|and)\s*\}\s*|\s*;\s*|\s+(?:or|and)\s+")
_LONE_LETTER = re.compile(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])")
_PROSE = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}")  # a word outside any command
_NONE_WORDS = ("no solution", "no real solution", "无解", "\\emptyset", "\\varnothing", "∅")
_ANSWER_DIGITS = 3  # a decimal answer rounds an exact one only with this many digits


def plain(text: str) -> str:
    """Full-width punctuation and Chinese connectives as ASCII (`x = 2 或 x = 3`)."""
    return _CONNECTIVES.sub(" or ", text.translate(_FULL_WIDTH)).strip()


def parsed(text: str) -> Any:
    """The answer as SymPy reads it; `or` and `and` between values become commas."""
    answer = extract_answer(plain(text)) or plain(text)
    return read(_WORDS.sub(", ", answer).strip(" ,")).expr


def shown(text: str) -> str:
    """The answer in readable math for messages (as written when SymPy cannot read it)."""
    expr = parsed(text)
    if isinstance(expr, sympy.FiniteSet) and all(isinstance(e, sympy.Eq) for e in expr.args):
        return ", ".join(readable(e) for e in expr.args)  # x = 1, y = 2
    written = (extract_answer(text) or text).strip()
    if expr is None or _PROSE.search(re.sub(r"\\[A-Za-z]+", " ", written)):
        return written  # prose reads as a product of letters: show it as written
    return capitals_as_written(readable(expr), written)


def capitals_as_written(shown_text: str, written: str) -> str:
    """The user's `C` stays `C` in a message even where the reader lowered it to `c`: a lone
    letter written only as a capital is shown as written (no-op once readings keep case)."""
    letters = set(_LONE_LETTER.findall(re.sub(r"\\[A-Za-z]+", " ", written)))
    for letter in sorted(c for c in letters if c.isupper() and c.lower() not in letters):
        lone = re.compile(rf"(?<![A-Za-z]){letter.lower()}(?![A-Za-z(])")
        shown_text = lone.sub(letter, shown_text)
    return shown_text


def _with_i(expr: Any) -> Any:
    """``i`` in an answer is the imaginary unit."""
    return expr.xreplace({s: sympy.I for s in expr.free_symbols if str(s) == "i"})


def _mentions_i(expr: Any) -> bool:
    return any(str(s) == "i" for s in expr.free_symbols) or expr.has(sympy.I)


def value_part(expr: Any) -> Any:
    """`f'(x) = 3x^2` and `y = 3` answer with their right side."""
    if isinstance(expr, sympy.Eq):
        lhs = expr.lhs
        if lhs.is_Symbol or isinstance(lhs, AppliedUndef | sympy.Derivative):
            return expr.rhs
        return None
    return expr if isinstance(expr, sympy.Expr) else None


def _roots(expr: Any) -> tuple[Any, ...] | None:
    solved = solved_form(expr)
    if solved is not None:
        return solved[1]
    items = list(expr.args) if isinstance(expr, sympy.FiniteSet) else [expr]
    if all(isinstance(i, sympy.Expr) and not i.free_symbols for i in items):
        return tuple(items)
    return None


def _complex_roots(expr: Any) -> tuple[Any, ...] | None:
    """`x = \\pm 2i`, `2i, -2i`: the written roots with `i` as the unit."""
    items = list(expr.args) if isinstance(expr, sympy.FiniteSet) else [expr]
    found: list[Any] = []
    for item in items:
        if isinstance(item, sympy.Eq) and item.lhs.is_Symbol and str(item.lhs) != "i":
            item = item.rhs
        parts = list(item.args) if isinstance(item, sympy.FiniteSet) else [item]
        for part in parts:
            if not isinstance(part, sympy.Expr) or _with_i(part).free_symbols:
                return None
            found.append(_with_i(part))
    return tuple(found)


def _contains(roots: tuple[Any, ...], root: Any) -> bool:
    target = value(root)
    return target is not None and any(
        (other := value(r)) is not None and other.close_to(target) for r in roots
    )


def _same_roots(expected: tuple[Any, ...], written: tuple[Any, ...], name: str) -> tuple[bool, str]:
    missing = [r for r in expected if not _contains(written, r)]
    extra = [r for r in written if not _contains(expected, r)]
    if missing and extra:
        return False, ""
    notes = [f"missing {name} = {readable(r)}" for r in missing]
    notes += [f"{name} = {readable(r)} is not a solution" for r in extra]
    return not notes, f" ({'; '.join(notes)})" if notes else ""


def _solve(task: Task, expr: Any, text: str) -> tuple[bool | None, str]:
    name = readable(task.variable)
    if not task.answer.args:
        if any(word in text.lower() for word in _NONE_WORDS):
            return True, ""
        if expr is not None and _mentions_i(expr):
            expected, written = complex_roots(task), _complex_roots(expr)
            if expected is None or written is None:
                return None, ""
            return _same_roots(expected, written, name)
    roots = _roots(expr) if expr is not None else None
    if roots is None:
        return None, ""
    return _same_roots(tuple(task.answer.args), roots, name)


def _inequality(task: Task, expr: Any) -> bool | None:
    try:
        written = expr if isinstance(expr, sympy.Set) else expr.as_set()
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    return bool(written == task.answer)


def local_same(task: Task, text: str) -> tuple[bool | None, str]:
    """Our own reading of the answer: (same as SymPy's?, note for the message)."""
    expr = parsed(text)
    if task.kind == "solve":
        return _solve(task, expr, text)
    if expr is None or task.kind == "system":
        return None, ""
    if task.kind == "inequality":
        return _inequality(task, expr), ""
    answer = value_part(expr)
    if answer is None:
        return None, ""
    answer = _with_i(answer)
    if task.kind == "antiderivative":
        variable = task.variable
        decision = decide_identity(sympy.diff(answer, variable), sympy.diff(task.answer, variable))
        return decision.holds, ""
    return decide_identity(answer, task.answer, rounding=_ANSWER_DIGITS).holds, ""


def form(kind: str, text: str) -> tuple[bool | None, str]:
    """A factor answer must be a product; an expand answer a sum of terms."""
    expr = value_part(parsed(text))
    if expr is None:
        return None, ""
    if kind == "factor" and isinstance(expr, sympy.Add) and expr.free_symbols:
        return False, " (equal, but not factored)"
    if kind == "expand" and sympy.expand(expr) != expr and not isinstance(expr, sympy.Add):
        return False, " (equal, but not expanded)"
    return True, ""
