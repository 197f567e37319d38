"""Units after an answer's number: converted when both answers carry one."""

from __future__ import annotations

from fractions import Fraction

import pytest
from mathlsp.check.answers.equivalence import equivalent
from mathlsp.check.answers.units import Unit, unit_of


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("minutes", Unit("time", Fraction(60))),
        ("cm^2", Unit("length^2", Fraction(1, 10000))),
        ("m²", Unit("length^2", Fraction(1))),
        ("sq ft", Unit("length^2", Fraction(381, 1250) ** 2)),
        ("mL", Unit("length^3", Fraction(1, 10**6))),
        ("Hours", Unit("time", Fraction(3600))),
        ("apples", None),
        ("hours^2", None),
    ],
)
def test_unit_of(written: str, unit: Unit | None) -> None:
    assert unit_of(written) == unit


@pytest.mark.parametrize(
    ("reference", "answer", "equal"),
    [
        ("45 minutes", r"\frac34 \text{ hours}", True),
        ("45 minutes", "0.75 hours", True),
        ("1 hour", "50 minutes", False),
        ("50 mm", "5 cm", True),
        ("2 km", "2000 meters", True),
        ("12 inches", "1 foot", True),
        ("15 cm^2", "0.0015 m^2", True),
        (r"3\sqrt{2} cm", r"30\sqrt2 mm", True),
        ("250 mL", "250 cm^3", True),
        ("5 cm", "5 kg", False),
        ("5 cm^2", "5 cm", False),
        ("5 cm", "5", True),  # one side without a unit: the numbers decide, as before
        ("45 minutes", "45", True),
    ],
)
def test_answers_with_units(reference: str, answer: str, equal: bool) -> None:
    assert equivalent(reference, answer).equal is equal


def test_reasons_name_the_answers_as_written() -> None:
    assert equivalent("1 hour", "50 minutes").reason == "`50 minutes` differs from `1 hour`"
    assert equivalent("5 cm", "5 kg").reason == "`5 kg` is a mass, `5 cm` a length"
