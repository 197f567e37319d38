"""Piecewise definitions, ``f(x) = \\begin{cases} x^2 & x \\ge 0 \\\\ -x & x < 0 \\end{cases}``.

The LaTeX reader has no ``cases``. Each row's value and condition are read on their own
(through the same reader) and assembled into SymPy's ``Piecewise``; "otherwise", "else" and
an empty condition mean the rest. Only a ``cases`` block that ends the math is handled,
alone or as the right side of ``=``: that is how people write it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy
from sympy.logic.boolalg import BooleanFunction

_CASES = re.compile(r"^(?P<head>.*?)\\begin\{cases\}(?P<body>.*)\\end\{cases\}\s*$", re.DOTALL)
_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
_OTHERWISE = re.compile(
    r"^(?:\\text\{\s*)?(?:otherwise|else|elsewhere|否则|其他|其它)\s*[.,;]?\s*\}?\s*[.,;]?$",
    re.IGNORECASE,
)
_CONDITION_WORDS = re.compile(
    r"\\(?:text|mathrm|textrm)\{\s*(?:if|for|when|where|若|当)\s*\}|,\s*$"
)

Reader = Callable[[str], Any]  # LaTeX -> a SymPy object, or None when unreadable


def read_cases(text: str, read: Reader) -> Any:
    """``text`` as an ``Eq(head, Piecewise(...))`` (or the ``Piecewise`` alone); None when it
    is not a cases block this handles, or a row cannot be read."""
    match = _CASES.match(text)
    if match is None or "\\begin{cases}" in match.group("body"):
        return None
    pieces = _pieces(match.group("body"), read)
    if pieces is None:
        return None
    piecewise = sympy.Piecewise(*pieces)
    head = match.group("head").strip()
    if not head:
        return piecewise
    if not head.endswith("=") or head.endswith(("\\le=", "\\ge=")):
        return None
    left = read(head[:-1].strip())
    if not isinstance(left, sympy.Expr):
        return None
    return sympy.Eq(left, piecewise, evaluate=False)


def _pieces(body: str, read: Reader) -> list[tuple[Any, Any]] | None:
    pieces: list[tuple[Any, Any]] = []
    for row in _ROW_BREAK.split(body):
        if not row.strip():
            continue
        value_text, _, condition_text = row.partition("&")
        value = read(value_text.strip().rstrip(",;"))
        if not isinstance(value, sympy.Expr):
            return None
        condition = _condition(condition_text, read)
        if condition is None:
            return None
        pieces.append((value, condition))
    return pieces or None


def _condition(text: str, read: Reader) -> Any:
    text = text.strip()
    if not text or _OTHERWISE.match(text):
        return sympy.true
    text = _CONDITION_WORDS.sub(" ", text).strip().rstrip(".,;")
    condition = read(text)
    # A Symbol is a Boolean to SymPy: only relations and their combinations are conditions.
    if isinstance(condition, sympy.core.relational.Relational | BooleanFunction):
        return condition
    return None
