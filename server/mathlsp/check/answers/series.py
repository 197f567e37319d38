"""Sums written with an ellipsis: `1 + 2 + \\cdots + 100` is 5050, `1 + 2 + 4 + \\dots + 64` is 127.

The terms before the ellipsis fix an arithmetic or a geometric progression (two terms, or
three that agree); the term after it ends the sum. Anything else (`1^2 + 2^2 + \\cdots`,
a last term off the progression, a symbolic end) is left unread. Exact, no SymPy.
"""

from __future__ import annotations

import re
from fractions import Fraction

from mathlsp.check.answers.numbers import read_number

_ELLIPSIS = re.compile(r"\\(?:cdots|ldots|dotsb|dotsc|dots)(?![A-Za-z])|\.\.\.|…")
_MAX_TERMS = 10**7
_MAX_POWER = 2000


def _terms(text: str) -> list[Fraction] | None:
    """The numbers of a `+`-joined run of terms, or None when one is not a number."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        depth += 1 if char in "{(" else -1 if char in "})" else 0
        if char == "+" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    numbers = [read_number(part) for part in parts if part.strip()]
    if any(number is None for number in numbers):
        return None
    return [number.value for number in numbers if number is not None]


def series_value(text: str) -> Fraction | None:
    """The value of an arithmetic or geometric sum written with an ellipsis; None otherwise."""
    pieces = _ELLIPSIS.split(text)
    if len(pieces) != 2:
        return None
    head, tail = pieces[0].strip(), pieces[1].strip()
    if not (head.endswith("+") and tail.startswith("+")):
        return None
    first, last = _terms(head[:-1]), _terms(tail[1:])
    if first is None or last is None or len(first) < 2 or len(last) != 1:
        return None
    return _arithmetic(first, last[0]) or _geometric(first, last[0])


def _arithmetic(first: list[Fraction], last: Fraction) -> Fraction | None:
    step = first[1] - first[0]
    if step == 0 or any(b - a != step for a, b in zip(first, first[1:], strict=False)):
        return None
    count = (last - first[0]) / step + 1
    if count.denominator != 1 or not len(first) < count <= _MAX_TERMS:
        return None
    return count * (first[0] + last) / 2


def _geometric(first: list[Fraction], last: Fraction) -> Fraction | None:
    if first[0] == 0:
        return None
    ratio = first[1] / first[0]
    if ratio in (0, 1, -1) or any(b != a * ratio for a, b in zip(first, first[1:], strict=False)):
        return None
    term, total = first[0], Fraction(0)
    for _ in range(_MAX_POWER):
        total += term
        if term == last:
            return total
        term *= ratio
    return None
