"""A small exact-grammar evaluator for plain algebra, so most leaves never need SymPy.

Reads numbers, ``+ - \\cdot \\times / ^``, ``\\frac``, ``\\sqrt[n]{}``, ``\\pi``, ``e``,
``i``, single-letter variables, brackets and implicit products, the same way
latex2sympy2_extended reads them, and evaluates with mpmath at 40 digits at shared random
points. Anything else (functions, subscripts, words) raises ``Unsupported`` and the caller
falls back to SymPy. A recursive-descent reader over tokens: no ``eval``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath

_TOKEN = re.compile(
    r"\s*(?:(\d+\.\d*|\.\d+|\d+)|(\\frac|\\dfrac|\\sqrt|\\pi|\\cdot|\\times)|([A-Za-z])|([-+*/^(){}\[\]!]))"
)
_DERIVATIVE = re.compile(r"\\frac\s*\{\s*d")
_DIGITS = 40
_MAX_EXPONENT = 10_000
_MAX_BASE = mpmath.mpf(10) ** 1000
_SAFE_SCALE = mpmath.mpf(10) ** 12  # beyond it, 40 digits cannot see a difference of 1
# Below it, 40 digits cannot see that `1 + 2^{-200}` or `2^{1/2^{1000}}` is not 1: SymPy decides.
_TINY = mpmath.mpf(10) ** -30
_POINTS = 4

Env = dict[str, Any]
Value = Callable[[Env], Any]


class Unsupported(Exception):
    """Text outside the small grammar: use SymPy."""


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    index = 0
    text = text.strip()
    while index < len(text):
        match = _TOKEN.match(text, index)
        if not match or match.end() == index:
            raise Unsupported(text[index:])
        tokens.append(next(group for group in match.groups() if group is not None))
        index = match.end()
        while index < len(text) and text[index].isspace():
            index += 1
    return tokens


class _Reader:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.names: set[str] = set()

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise Unsupported(f"expected {expected}")
        self.at += 1
        return token

    def sum(self) -> Value:
        left = self.product()
        while self.peek() in ("+", "-"):
            sign = self.take()
            right = self.product()
            left = _add(left, right) if sign == "+" else _sub(left, right)
        return left

    def product(self) -> Value:
        left = self.unary()
        while True:
            token = self.peek()
            if token in ("\\cdot", "\\times", "*"):
                self.take()
                left = _mul(left, self.unary())
            elif token == "/":
                self.take()
                left = _div(left, self.unary())
            elif token is not None and token not in ("+", "-", ")", "}", "]", "^", "!"):
                left = _mul(left, self.power())
            else:
                return left

    def unary(self) -> Value:
        if self.peek() in ("-", "+"):
            sign = self.take()
            inner = self.unary()
            return (lambda env: -inner(env)) if sign == "-" else inner
        return self.power()

    def power(self) -> Value:
        base = self.atom()
        if self.peek() == "!":
            raise Unsupported("factorial")
        if self.peek() == "^":
            self.take()
            exponent = self.group() if self.peek() == "{" else self.atom_single()
            return lambda env: _power(base(env), exponent(env))
        return base

    def group(self) -> Value:
        self.take("{")
        inner = self.sum()
        self.take("}")
        return inner

    def atom_single(self) -> Value:
        token = self.take()
        if token.isdigit():
            return _const(mpmath.mpf(token[0])) if len(token) == 1 else self._split_digits(token)
        self.at -= 1
        return self.atom()

    def _split_digits(self, token: str) -> Value:
        # "x^23" reads as x^2 * 3 in LaTeX; keep it simple and refuse
        raise Unsupported(f"ambiguous exponent {token}")

    def atom(self) -> Value:
        token = self.take()
        if token[0].isdigit() or token[0] == ".":
            return _const(mpmath.mpf(token))
        if token in ("(", "["):
            inner = self.sum()
            self.take(")" if token == "(" else "]")
            return inner
        if token == "{":
            inner = self.sum()
            self.take("}")
            return inner
        if token in ("\\frac", "\\dfrac"):
            top = self.group()
            bottom = self.group()
            return _div(top, bottom)
        if token == "\\sqrt":
            if self.peek() == "[":
                self.take("[")
                index = self.sum()
                self.take("]")
                radicand = self.group()
                return lambda env: mpmath.root(radicand(env), index(env))
            radicand = self.group()
            return lambda env: mpmath.sqrt(radicand(env))
        if token == "\\pi":
            return lambda env: mpmath.pi
        if len(token) == 1 and token.isalpha():
            if token == "e":
                return lambda env: mpmath.e
            if token == "i":
                return lambda env: mpmath.mpc(0, 1)
            self.names.add(token)
            return _variable(token)
        raise Unsupported(token)


def _power(base: Any, exponent: Any) -> Any:
    if abs(exponent) > _MAX_EXPONENT or abs(base) > _MAX_BASE:
        raise Unsupported("too large for a quick evaluation")
    return _not_tiny(mpmath.power(base, exponent))


def _not_tiny(value: Any) -> Any:
    if value != 0 and abs(value) < _TINY:
        raise Unsupported("a value too small for a quick evaluation")
    return value


def _variable(name: str) -> Value:
    return lambda env: env[name]


def _const(value: Any) -> Value:
    return lambda env: value


def _add(a: Value, b: Value) -> Value:
    return lambda env: a(env) + b(env)


def _sub(a: Value, b: Value) -> Value:
    return lambda env: a(env) - b(env)


def _mul(a: Value, b: Value) -> Value:
    return lambda env: a(env) * b(env)


def _div(a: Value, b: Value) -> Value:
    def divide(env: Env) -> Any:
        bottom = b(env)
        if bottom == 0:
            raise Unsupported("division by zero")
        return _not_tiny(a(env) / bottom)

    return divide


def reader(text: str) -> tuple[Value, set[str]]:
    """A function of the variables, and their names; ``Unsupported`` outside the grammar."""
    if len(text) > 400:
        raise Unsupported("long expression")
    if _DERIVATIVE.search(text):
        raise Unsupported("a derivative, which SymPy evaluates")
    parse = _Reader(_tokens(text))
    value = parse.sum()
    if parse.peek() is not None:
        raise Unsupported(f"unexpected {parse.peek()}")
    return value, parse.names


def closed_value(text: str) -> Fraction | None:
    """The value of a closed real expression to 40 digits, as a fraction; None when it has
    variables or is not a finite real number."""
    f, names = reader(text)
    if names:
        return None
    with mpmath.workdps(_DIGITS):
        try:
            number = f({})
        except (ZeroDivisionError, ValueError, OverflowError) as error:
            raise Unsupported(str(error)) from error
        if isinstance(number, mpmath.mpc):
            if abs(number.imag) > abs(number) * mpmath.mpf(10) ** -(_DIGITS - 5):
                return None
            number = number.real
        if not mpmath.isfinite(number):
            return None
        mantissa, exponent = mpmath.mpf(number).man_exp
    return Fraction(int(mantissa)) * Fraction(2) ** int(exponent)


def same_numbers(left: str, right: str) -> bool | None:
    """Equal (True), different (False), or None when the values cannot be told apart."""
    f, f_names = reader(left)
    g, g_names = reader(right)
    names = sorted(f_names | g_names)
    rng = random.Random(left + "\x00" + right)
    with mpmath.workdps(_DIGITS):
        for _ in range(_POINTS if names else 1):
            env = {
                n: mpmath.mpf(rng.randint(1100, 3900)) / 1000 * rng.choice((-1, 1)) for n in names
            }
            try:
                a, b = f(env), g(env)
            except (ZeroDivisionError, ValueError, OverflowError) as error:
                raise Unsupported(str(error)) from error
            scale = max(mpmath.mpf(1), abs(a))
            gap = abs(a - b)
            if gap > scale * mpmath.mpf(10) ** -20:
                return False
            if gap > scale * mpmath.mpf(10) ** -(_DIGITS - 5) or scale > _SAFE_SCALE:
                return None  # too close to call at this precision: SymPy decides
    return True
