"""Exact numbers without SymPy: integers, decimals, fractions, mixed, repeating, scientific.

The fast path of grading: most answers are plain numbers, and reading them with
``fractions.Fraction`` costs microseconds where a parse with SymPy costs milliseconds.
Decimals stay exact (0.3 is 3/10, 0.3333 is not 1/3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_INT = r"\d+"
_DEC = r"(?:\d+(?:\.\d*)?|\.\d+)"
_PLAIN = re.compile(rf"^{_DEC}$")
_REPEATING = re.compile(r"^(\d*)\.(\d*)\\(?:overline|dot)\s*\{?(\d+)\}?$")
_SCIENTIFIC = re.compile(
    rf"^({_DEC})\s*(?:\\times|\\cdot|\*|x)\s*10\s*\^\s*(?:\{{\s*([+-]?\d+)\s*\}}|([+-]?\d))$"
)
_E_NOTATION = re.compile(rf"^({_DEC})[eE]([+-]?\d+)$")
_FRAC = re.compile(rf"^\\frac\s*\{{\s*(-?{_DEC})\s*\}}\s*\{{\s*(-?{_DEC})\s*\}}$")
_SLASH = re.compile(rf"^({_DEC})\s*/\s*({_DEC})$")
_MIXED = re.compile(rf"^({_INT})\s*\\frac\s*\{{\s*({_INT})\s*\}}\s*\{{\s*({_INT})\s*\}}$")
_MIXED_SLASH = re.compile(rf"^({_INT})\s+({_INT})\s*/\s*({_INT})$")  # `1 1/2`: a proper fraction
_POWER_OF_TEN = re.compile(r"^10\s*\^\s*(?:\{\s*([+-]?\d+)\s*\}|(\d))$")


@dataclass(frozen=True, slots=True)
class Number:
    """An exact value; for a decimal, how many significant digits and decimal places were
    written (a rounding is compared at that precision when the caller asks for it)."""

    value: Fraction
    digits: int = 0  # significant digits of a decimal literal; 0 for exact forms
    places: int | None = None  # digits after the point (`2.0944`: 4, `1.5e-3`: 4); None: exact

    @property
    def is_decimal(self) -> bool:
        return self.places is not None


def _decimal(text: str) -> Number:
    value = Fraction(text)
    mantissa = text.replace(".", "").lstrip("0")
    if "." not in text:
        return Number(value)
    return Number(value, len(mantissa), len(text.partition(".")[2]))


def _unsigned(text: str) -> Number | None:
    if _PLAIN.match(text):
        return _decimal(text)
    match = _REPEATING.match(text)
    if match:
        whole, fixed, cycle = match.group(1) or "0", match.group(2), match.group(3)
        head = Fraction(int(whole + fixed), 10 ** len(fixed))
        tail = Fraction(int(cycle), (10 ** len(cycle) - 1) * 10 ** len(fixed))
        return Number(head + tail)
    match = _SCIENTIFIC.match(text) or _E_NOTATION.match(text)
    if match:
        exponent = int(next(group for group in match.groups()[1:] if group is not None))
        if abs(exponent) > _MAX_EXPONENT:
            return None
        mantissa = _decimal(match.group(1))
        places = None if mantissa.places is None else mantissa.places - exponent
        return Number(mantissa.value * Fraction(10) ** exponent, mantissa.digits, places)
    match = _POWER_OF_TEN.match(text)
    if match and abs(int(match.group(1) or match.group(2))) <= _MAX_EXPONENT:
        return Number(Fraction(10) ** int(match.group(1) or match.group(2)))
    match = _FRAC.match(text) or _SLASH.match(text)
    if match:
        denominator = Fraction(match.group(2))
        return None if denominator == 0 else Number(Fraction(match.group(1)) / denominator)
    match = _MIXED_SLASH.match(text)
    if match and 0 < int(match.group(2)) < int(match.group(3)):
        return Number(int(match.group(1)) + Fraction(int(match.group(2)), int(match.group(3))))
    match = _MIXED.match(text)
    if match and int(match.group(3)) != 0:
        return Number(int(match.group(1)) + Fraction(int(match.group(2)), int(match.group(3))))
    return None


_MAX_LENGTH = 200  # longer literals go to SymPy in a worker, under the time limit
_MAX_EXPONENT = 400


def read_number(text: str) -> Number | None:
    """The exact number ``text`` writes, or None when it is anything else."""
    text = text.strip()
    if len(text) > _MAX_LENGTH:
        return None
    while text.startswith("{") and text.endswith("}") and text.count("{") == 1:
        text = text[1:-1].strip()
    sign = 1
    while text[:1] in ("-", "+"):
        sign = -sign if text[0] == "-" else sign
        text = text[1:].strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        inner = read_number(text[1:-1])
        return None if inner is None else Number(sign * inner.value, inner.digits, inner.places)
    number = _unsigned(text) if text else None
    if number is None:
        return None
    return Number(sign * number.value, number.digits, number.places)


def decimals_to_fractions(latex: str) -> str:
    """Rewrite decimal literals as exact fractions before SymPy reads them."""

    def exact(match: re.Match[str]) -> str:
        value = Fraction(match.group(0))
        return f"{{\\frac{{{value.numerator}}}{{{value.denominator}}}}}"

    return re.sub(r"(?<![\d.])(?:\d+\.\d+|\.\d+)(?![\d.])", exact, latex)
