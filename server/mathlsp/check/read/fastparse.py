"""A fast reader for plain homework math, identical to latex2sympy2_extended where it answers.

latex2sympy2_extended is an ANTLR parser in pure Python (3-8 ms a parse); most math in
homework is numbers, letters, ``+ - \\cdot / ^``, ``\\frac``, ``\\sqrt``, brackets, a few
functions and relations, and integrals, sums and limits as whole sides of a relation
(``fastparse_calculus``). ``read`` handles exactly that subset with a recursive-descent reader
that follows the same grammar and builds the same SymPy objects (``fastparse_build``), and
returns None for anything else (an unknown command, a comma, a shape where the grammar is
ambiguous), so the caller falls back to latex2sympy. No string evaluation: SymPy constructors only.
"""

from __future__ import annotations

from typing import Any

import sympy
from latex2sympy2_extended.logic import And
from latex2sympy2_extended.math_normalization import normalize_latex
from latex2sympy2_extended.sets import FiniteSet
from latex2sympy2_extended.symbols import get_symbol
from sympy.core.relational import Relational

from mathlsp.check.read import fastparse_build as build
from mathlsp.check.read import fastparse_calculus as calculus
from mathlsp.check.read.fastparse_tokens import (
    CONFIG,
    DIVIDE,
    FUNCTIONS,
    GREEK,
    MAX_LENGTH,
    MULTIPLY,
    REJECT,
    RELATIONS,
    STRUCTURE,
    Reject,
    Token,
    lexer_words,
    tokens,
    top_level_parts,
)


def read(text: str) -> Any:
    """The SymPy object latex2sympy2_extended would build for ``text``, or None when ``text``
    is outside the fast subset (the caller then uses latex2sympy)."""
    if len(text) > MAX_LENGTH or not text.isascii():
        return None
    text = normalize_latex(text, CONFIG)
    if not text.strip() or REJECT.search(text):
        return None
    if lexer_words(text):
        return None
    try:
        parts = top_level_parts(text)
        if len(parts) == 1:
            return _Reader(tokens(text)).relation()
        relations = [_Reader(tokens(part)).relation() for part in parts]
        if not all(isinstance(r, Relational | And) for r in relations):
            raise Reject("a list of values")  # `x = 1, 2` is x = {1, 2}; `1,000` is 1000
        return FiniteSet(*relations)  # `x = 0, x = 5`: latex2sympy's set of relations
    except Exception:  # Reject, or SymPy refusing an object: latex2sympy decides (and reports)
        return None


class _Reader:
    """Recursive descent over the grammar of latex2sympy2_extended's ``PS.g4`` subset."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens + [("", "")] * 8  # end markers for look-ahead
        self.end = len(tokens)
        self.at = 0
        self.bars = 0  # open |...| groups

    def peek(self) -> str:
        return self.tokens[self.at][1]

    def kind(self) -> str:
        return self.tokens[self.at][0]

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if not token or (expected is not None and token != expected):
            raise Reject(f"expected {expected}")
        self.at += 1
        return token

    def sub(self, tokens: list[Token]) -> _Reader:
        return _Reader(tokens)

    def relation(self) -> Any:
        result = self.side()
        while self.peek() in RELATIONS:
            operator = self.take()
            result = build.relate(result, operator, self.side())
        if self.at != self.end:
            raise Reject(f"unexpected {self.peek()}")
        return result

    def side(self) -> Any:
        return calculus.side(self) if self.peek() in calculus.CALCULUS else self.expr()

    def expr(self) -> Any:
        left = self.product(nofunc=False)
        while self.peek() in ("+", "-"):
            operator = self.take()
            right = self.product(nofunc=False)
            left = build.add_flat(left, right) if operator == "+" else build.subtract(left, right)
        return left

    def product(self, *, nofunc: bool) -> Any:
        left = self.unary(nofunc=nofunc)
        while self.peek() in MULTIPLY or self.peek() in DIVIDE:
            operator = self.take()
            right = self.unary(nofunc=nofunc)
            if operator in MULTIPLY:
                left = build.mul_flat(left, right)
            else:
                left = build.divide(left, right)
        return left

    def unary(self, *, nofunc: bool) -> Any:
        if self.peek() == "+":
            self.take()
            return self.unary(nofunc=nofunc)
        if self.peek() == "-":
            self.take()
            return build.negate(self.unary(nofunc=nofunc))
        items = [self.postfix()]
        while self.starts_postfix(allow_function=not nofunc):
            items.append(self.postfix())
        return build.juxtapose(items)

    def starts_postfix(self, *, allow_function: bool) -> bool:
        kind, token = self.kind(), self.peek()
        if kind == "num" or token in ("(", "[", "{") or token in STRUCTURE:
            return True
        if token == "|":
            return self.bars == 0
        if kind == "letter":
            return token != "e" or allow_function
        if kind == "cmd" and token[1:] in GREEK:
            return True
        return allow_function and (token == "\\sqrt" or token[1:] in FUNCTIONS)

    def postfix(self) -> Any:
        base = self.comp()
        if self.peek() == "^":
            self.take()
            base = sympy.Pow(base, self.superscript(), evaluate=False)
        if self.peek() in ("^", "_"):
            raise Reject("stacked scripts")
        while self.peek() == "!":
            self.take()
            base = sympy.factorial(base, evaluate=False)
            if self.peek() == "^":
                raise Reject("power of a factorial")
        return base

    def superscript(self) -> Any:
        """``^2``, ``^x``, ``^\\pi``, ``^{...}`` (an atom or a braced expression); a second
        script right after it (``2^3^4``, ``y^x^2``, ``x^2_1``) is ambiguous: rejected."""
        kind, token = self.kind(), self.peek()
        if token == "{":
            exponent = self.braced()
        else:
            self.take()
            if kind == "num":
                exponent = build.number(token)
            elif kind == "letter" and token != "e" or kind == "cmd" and token[1:] in GREEK:
                exponent = get_symbol(token, None, False)
            else:
                raise Reject(f"exponent {token}")
        if self.peek() in ("^", "_"):
            raise Reject("stacked scripts")
        return exponent

    def braced(self) -> Any:
        self.take("{")
        inner = self.expr()
        self.take("}")
        return inner

    def comp(self) -> Any:
        kind, token = self.kind(), self.peek()
        if kind == "num":
            self.take()
            if self.peek() == "_":
                raise Reject("subscripted number")
            return build.number(token)
        if token in ("(", "["):
            self.take()
            inner = self.expr()
            self.take(")" if token == "(" else "]")
            return inner
        if token == "{":  # `{x}` and `({x})` can be read as sets
            raise Reject("braces as a group")
        if token == "|":
            if self.bars:
                raise Reject("nested bars")
            self.take()
            self.bars += 1
            inner = self.expr()
            self.take("|")
            self.bars -= 1
            return sympy.Abs(inner, evaluate=False)
        if token == "e":  # e^x is exp(x), evaluated; e alone is E
            self.take()
            if self.peek() != "^":
                return sympy.exp(sympy.Integer(1))
            self.take()
            return sympy.exp(self.superscript())
        if kind == "letter" or kind == "cmd" and token[1:] in GREEK:
            return self.atom()
        if token in STRUCTURE:
            self.take()
            upper, lower = self.braced(), self.braced()
            return build.divide(upper, lower) if token == "\\frac" else sympy.binomial(upper, lower)
        if token == "\\sqrt":
            self.take()
            if self.peek() == "[":
                self.take()
                index = self.expr()
                self.take("]")
                return sympy.Pow(self.braced(), sympy.Integer(1) / index, evaluate=False)
            return sympy.Pow(self.braced(), sympy.S.Half, evaluate=False)
        if kind == "cmd" and token[1:] in FUNCTIONS:
            return self.function()
        raise Reject(f"unexpected {token}")

    def atom(self) -> Any:
        """A letter or Greek letter with an optional subscript and superscript (``x_1^2``)."""
        name = self.take()
        if self.peek() == "_":
            self.take()
            name += self.subscript()
        symbol = get_symbol(name, None, False)
        if self.peek() == "^":
            self.take()
            symbol = sympy.Pow(symbol, self.superscript(), evaluate=False)
        if self.peek() in ("(", "[") and self.single_atom_follows():
            raise Reject("function application")  # `f(x)` is Function('f')(x)
        if self.peek() == "{":
            raise Reject("braces after a letter")
        return symbol

    def subscript(self) -> str:
        """The subscript's text as latex2sympy names it: ``_1``, ``_{12}``, ``_{n+1}``."""
        if self.peek() != "{":
            kind, token = self.kind(), self.take()
            if kind not in ("num", "letter") or token == "e" or "." in token:
                raise Reject("subscript")
            return "_" + token if len(token) == 1 else "_{" + token + "}"
        self.take("{")
        text = ""
        while self.peek() != "}":
            kind, token = self.kind(), self.take()
            if kind not in ("num", "letter") and token not in ("+", "-") or token == "e":
                raise Reject("subscript")
            text += token
        self.take("}")
        if not text or "." in text:
            raise Reject("subscript")
        return "_" + text if len(text) == 1 else "_{" + text + "}"

    def single_atom_follows(self) -> bool:
        """Whether ``(`` / ``[`` is followed by one atom and the closing bracket."""
        tokens, at = self.tokens, self.at + 1
        if tokens[at][0] not in ("num", "letter", "cmd"):
            return False
        at += 1
        for _ in range(2):  # x(y_1), x(y^2), x(y_1^2)
            if tokens[at][1] in ("_", "^"):
                if tokens[at + 1][1] == "{":
                    return True  # a braced script: too much to scan, reject
                at += 2
        return tokens[at][1] in (")", "]")

    def function(self) -> Any:
        """``\\sin x``, ``\\sin^2(x)``, ``\\log_2 8``: parentheses, or a product without
        functions after the first factor (``\\sin 2x \\cos x`` is sin(2x)·cos(x))."""
        name = self.take()[1:]
        base = power = None
        if self.peek() == "_":
            if name != "log":
                raise Reject("subscripted function")
            self.take()
            base = self.braced() if self.peek() == "{" else self.script_atom()
        if self.peek() == "^":
            self.take()
            power = self.braced() if self.peek() == "{" else self.script_atom()
        if self.peek() in ("_", "^"):
            raise Reject("scripts out of order")
        if self.peek() == "(":
            self.take()
            argument = self.expr()
            self.take(")")
        else:
            argument = self.product(nofunc=True)
        return build.function(name, argument, power, base)

    def script_atom(self) -> Any:
        kind, token = self.kind(), self.take()
        if kind == "num":
            return build.number(token)
        raise Reject(f"script {token}")
