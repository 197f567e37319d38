"""Precision of a comparison, set by each caller (DESIGN, "Precision").

Strict by default: a decimal is the exact number it writes (``0.3333`` is not ``\\frac13``).
``tolerance`` accepts a decimal within that relative distance of the other side (``mathlsp grade
--tolerance``); ``written`` compares a decimal of at least three significant digits at its
written precision, as a rounding (``2.0944`` for ``\\frac{2\\pi}{3}``, the checker's mode; the
judge's own reading of answers uses the same threshold). Only a leaf that is a plain decimal is
read this way; a decimal inside an expression (``x + 1.414i``) stays exact. Machine-printed
floats (15 significant digits or more) are equal to the precision printed in every mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction

from mathlsp.check.answers.numbers import Number

MACHINE_DIGITS = 15  # a decimal this long was printed by a program, not rounded by a person
ROUNDING_DIGITS = (
    3  # fewer significant digits (`0.8` for 5/6) is more likely a slip than a rounding
)
_MAX_PLACES = 30  # beyond these decimal places the evaluators' 40 digits cannot decide


@dataclass(frozen=True, slots=True)
class Precision:
    tolerance: float | None = None  # relative, for a decimal against any number
    written: bool = False  # a decimal is a rounding at its written precision

    @property
    def strict(self) -> bool:
        return self.tolerance is None and not self.written


STRICT = Precision()
PRECISION: ContextVar[Precision] = ContextVar("PRECISION", default=STRICT)
# Set when some leaf was accepted as a rounding or within tolerance (for the verdict's reason).
APPROXIMATE: ContextVar[list[bool] | None] = ContextVar("APPROXIMATE", default=None)


@contextmanager
def precision(mode: Precision) -> Iterator[list[bool]]:
    """Compare under ``mode``; yields a list that holds True once a leaf was approximate."""
    flag: list[bool] = []
    mode_token = PRECISION.set(mode)
    flag_token = APPROXIMATE.set(flag)
    try:
        yield flag
    finally:
        APPROXIMATE.reset(flag_token)
        PRECISION.reset(mode_token)


def machine_printed(number: Number) -> bool:
    return number.digits >= MACHINE_DIGITS


def approximates(decimal: Number, other: Fraction, *, other_decimal: Number | None = None) -> bool:
    """Whether the decimal ``decimal`` stands for ``other`` under the current precision.

    ``other`` is exact (a Fraction, or an evaluation to 40 digits); when ``other_decimal`` is a
    decimal too, the one with fewer places is read as a rounding of the other."""
    mode = PRECISION.get()
    if mode.strict or decimal.places is None:
        return False
    accepted = False
    if mode.tolerance is not None:
        scale = max(abs(decimal.value), abs(other))
        accepted = abs(decimal.value - other) <= scale * Fraction(mode.tolerance)
    if not accepted and mode.written:
        rounded, exact = decimal, other
        if other_decimal is not None and other_decimal.places is not None:
            if other_decimal.places < decimal.places:
                rounded, exact = other_decimal, decimal.value
        accepted = (
            rounded.places is not None
            and rounded.places <= _MAX_PLACES
            and rounded.digits >= ROUNDING_DIGITS
            and _rounds(exact, rounded)
        )
    if accepted:
        flag = APPROXIMATE.get()
        if flag is not None:
            flag.append(True)
    return accepted


def _rounds(exact: Fraction, rounded: Number) -> bool:
    # Lazily: numeric.py loads SymPy, which the strict fast path in `grade` never needs.
    from mathlsp.check.numeric import is_rounding

    assert rounded.places is not None
    return is_rounding(exact, rounded.value, rounded.places)
