"""Cheap textual shape tests on math source (no SymPy): is there a relation to judge, is it
one equation. The planner asks them before any job is made; the judgements ask them again
inside workers, so they live at the bottom, where both can reach them."""

from __future__ import annotations

import re

_EQUALS = re.compile(r"(?<![<>!:=])=(?!=)")
_RELATION = re.compile(
    r"[=<>≤≥≠≈]|\\(?:[lg]eq?|neq?|approx|equiv|mid|[lg]t|sim(?:eq)?)(?![a-zA-Z])"
)


def is_equation(source: str) -> bool:
    """``L = R`` with one equals sign and both sides present (``&`` alignment ignored)."""
    text = source.replace("&", " ")
    parts = _EQUALS.split(text)
    return len(parts) == 2 and all(part.strip() for part in parts)


def may_be_claim(source: str) -> bool:
    """Whether a span has a relation sign, so judging it can find something wrong."""
    return _RELATION.search(source) is not None
