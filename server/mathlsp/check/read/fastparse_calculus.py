"""Integrals, sums and limits for ``fastparse``: the ANTLR parser spends 25-50 ms on each.

latex2sympy2_extended reads ``\\int_a^b EXPR dx`` (the integrand runs to the differential),
``\\sum_{k=a}^{b} TERM`` and ``\\lim_{x \\to a} TERM`` (the term is one product: ``k + 1``
after a sum is Sum(k) + 1) and builds ``Integral``/``Sum``/``Limit`` unevaluated-inside.
The fast reader takes these only as a whole side of a relation (nothing before the construct,
a relation sign or the end after it), so the extent of the body is never in doubt.
"""

from __future__ import annotations

from typing import Any, Protocol

import sympy
from latex2sympy2_extended.symbols import get_symbol

from mathlsp.check.read.fastparse_tokens import GREEK, RELATIONS, Reject, Token

CALCULUS = frozenset({"\\int", "\\sum", "\\lim"})
_APPROACH = frozenset({"\\to", "\\rightarrow"})
_DIRECTIONS = {"+": "+", "-": "-"}
_CONSTANTS = frozenset({"pi", "Pi"})


class Reader(Protocol):
    """The part of ``fastparse._Reader`` the calculus readers use."""

    tokens: list[Token]
    end: int
    at: int

    def peek(self) -> str: ...
    def kind(self) -> str: ...
    def take(self, expected: str | None = None) -> str: ...
    def expr(self) -> Any: ...
    def product(self, *, nofunc: bool) -> Any: ...
    def sub(self, tokens: list[Token]) -> Reader: ...


def side(reader: Reader) -> Any:
    """An integral, sum or limit that makes up a whole side of a relation."""
    token = reader.take()
    if token == "\\int":
        result = _integral(reader)
    elif token == "\\sum":
        result = _sum(reader)
    else:
        result = _limit(reader)
    if reader.at != reader.end and reader.peek() not in RELATIONS:
        raise Reject("something after a calculus construct")
    return result


def _integral(reader: Reader) -> Any:
    """``\\int_a^b EXPR dx``, ``\\int^b_a``, or ``\\int EXPR dx`` (a differential required)."""
    bounds: dict[str, Any] = {}
    while reader.peek() in ("_", "^") and reader.peek() not in bounds:
        script = reader.take()
        bounds[script] = _bound(reader)
    if len(bounds) == 1:
        raise Reject("one bound")
    integrand = sympy.Integer(1) if reader.kind() == "diff" else reader.expr()
    if reader.kind() != "diff":
        raise Reject("no differential")
    variable = get_symbol(reader.take()[1:], None, False)
    if bounds:
        return sympy.Integral(integrand, (variable, bounds["_"], bounds["^"]))
    return sympy.Integral(integrand, variable)


def _sum(reader: Reader) -> Any:
    """``\\sum_{k=a}^{b} TERM`` or ``\\sum^{b}_{k=a} TERM``."""
    first = reader.take()
    if first == "_":
        variable, start = _index(reader)
        reader.take("^")
        end = _bound(reader)
    elif first == "^":
        end = _bound(reader)
        reader.take("_")
        variable, start = _index(reader)
    else:
        raise Reject("a sum without bounds")
    return sympy.Sum(reader.product(nofunc=False), (variable, start, end))


def _limit(reader: Reader) -> Any:
    """``\\lim_{x \\to a} TERM``, ``a`` possibly ``\\infty``, ``-\\infty``, ``0^{+}``."""
    reader.take("_")
    inner = _group(reader)
    if len(inner) < 3 or inner[1][1] not in _APPROACH:
        raise Reject("limit subscript")
    variable = _variable(inner[0])
    approach = inner[2:]
    direction = "+"
    tail = [token for _, token in approach[-4:]]
    if len(approach) > 4 and tail[0] == "^" and tail[1] == "{" and tail[3] == "}":
        if tail[2] not in _DIRECTIONS:
            raise Reject("limit direction")
        direction, approach = _DIRECTIONS[tail[2]], approach[:-4]
    point = _value(reader, approach)
    return sympy.Limit(reader.product(nofunc=False), variable, point, direction)


def _index(reader: Reader) -> tuple[Any, Any]:
    """The ``{k=1}`` under a sum: a letter, ``=``, a start value."""
    inner = _group(reader)
    if len(inner) < 3 or inner[1][1] != "=":
        raise Reject("sum index")
    return _variable(inner[0]), _value(reader, inner[2:])


def _variable(token: Token) -> Any:
    kind, text = token
    if kind == "letter" and text != "e" or kind == "cmd" and text[1:] in GREEK - _CONSTANTS:
        return get_symbol(text, None, False)
    raise Reject(f"variable {text}")


def _bound(reader: Reader) -> Any:
    """A script after ``\\int`` or ``\\sum``: a braced expression or one number, letter,
    Greek letter or ``\\infty``; a second script of the same kind right after it is refused."""
    if reader.peek() == "{":
        value = _value(reader, _group(reader))
    else:
        kind, token = reader.kind(), reader.take()
        if kind == "letter" and token == "e":
            raise Reject("e as a bound")
        if kind not in ("num", "letter") and not (kind == "cmd" and token[1:] in GREEK):
            if token != "\\infty":
                raise Reject(f"bound {token}")
        value = _value(reader, [(kind, token)])
    return value


def _value(reader: Reader, tokens: list[Token]) -> Any:
    """An expression read on its own (``\\infty`` and ``-\\infty`` included)."""
    texts = [token for _, token in tokens]
    if texts == ["\\infty"]:
        return sympy.oo
    if texts == ["-", "\\infty"]:
        return -sympy.oo
    if not tokens or "\\infty" in texts:
        raise Reject("infinity inside an expression")
    inner = reader.sub(tokens)
    value = inner.expr()
    if inner.at != inner.end:
        raise Reject(f"unexpected {inner.peek()}")
    return value


def _group(reader: Reader) -> list[Token]:
    """The tokens between ``{`` and its matching ``}`` (both taken)."""
    reader.take("{")
    start, depth = reader.at, 1
    while depth:
        token = reader.take()
        depth += {"{": 1, "}": -1}.get(token, 0)
    return reader.tokens[start : reader.at - 1]
