"""Units written after an answer's number, so `45 minutes` equals `\\frac34` hours.

A small table of everyday units with exact factors to one base unit per dimension (seconds,
metres, grams); areas and volumes as powers of length (`cm^2`, and 1 mL = 1 cm^3). Anything not in the table is
not a unit here: the answer's number is compared as before, without conversion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_TABLE: dict[str, tuple[str, Fraction]] = {}
for _dimension, _factor, _names in (
    ("time", Fraction(1), "s sec secs second seconds"),
    ("time", Fraction(60), "min mins minute minutes"),
    ("time", Fraction(3600), "h hr hrs hour hours"),
    ("time", Fraction(86400), "day days"),
    ("time", Fraction(604800), "week weeks"),
    ("length", Fraction(1, 1000), "mm millimeter millimeters millimetre millimetres"),
    ("length", Fraction(1, 100), "cm centimeter centimeters centimetre centimetres"),
    ("length", Fraction(1), "m meter meters metre metres"),
    ("length", Fraction(1000), "km kilometer kilometers kilometre kilometres"),
    ("length", Fraction(127, 5000), "in inch inches"),
    ("length", Fraction(381, 1250), "ft foot feet"),
    ("length", Fraction(1143, 1250), "yd yard yards"),
    ("length", Fraction(201168, 125), "mi mile miles"),
    ("mass", Fraction(1, 1000), "mg milligram milligrams"),
    ("mass", Fraction(1), "g gram grams"),
    ("mass", Fraction(1000), "kg kilogram kilograms"),
    ("length^3", Fraction(1, 10**6), "ml mL milliliter milliliters millilitre millilitres"),
    ("length^3", Fraction(1, 1000), "l L liter liters litre litres"),
):
    for _name in _names.split():
        _TABLE[_name] = (_dimension, _factor)

_POWER = re.compile(r"^(?P<name>[A-Za-z]+)\.?\s*(?:\^\s*\{?\s*(?P<exp>[23])\s*\}?|(?P<sup>[²³]))?$")
_SQUARE_WORDS = re.compile(r"^(?:sq\.?|square)\s+(?P<name>[A-Za-z]+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Unit:
    """A dimension (``"length^2"``) and the exact factor to its base unit."""

    dimension: str
    factor: Fraction


def unit_of(written: str) -> Unit | None:
    """``cm^2`` -> Unit("length^2", 1/10000); None for anything not in the table."""
    written = written.strip()
    square = _SQUARE_WORDS.match(written)
    if square:
        written = square.group("name") + "^2"
    match = _POWER.match(written)
    if match is None:
        return None
    name = match.group("name")
    known = _TABLE.get(name) or _TABLE.get(name.lower())
    if known is None:
        return None
    sup = match.group("sup")
    power = int(match.group("exp") or (2 if sup == "²" else 3 if sup == "³" else 1))
    dimension, factor = known
    if power > 1 and dimension != "length":
        return None  # a square hour is not something people write
    return Unit(dimension if power == 1 else f"{dimension}^{power}", factor**power)


def quantity(unit: Unit) -> str:
    """What a unit measures, for messages: "a length", "an area"."""
    names = {"length^2": "an area", "length^3": "a volume"}
    return names.get(unit.dimension, f"a {unit.dimension}")
