"""Congruences and divisibility read as remainders, through the real reader and claims."""

from __future__ import annotations

import pytest
from mathlsp.check.judge.spans import read_span
from mathlsp.check.read.congruence import rewrite_congruence


@pytest.mark.parametrize(
    ("source", "holds"),
    [
        (r"17 \equiv 2 \pmod{5}", True),
        (r"17 \equiv 3 \pmod 5", False),
        (r"2^{10} \equiv 1 \pmod{3}", True),
        (r"17 \equiv 2 \ (\mathrm{mod}\ 5)", True),
        (r"100 \equiv 1 \mod 9", True),
        (r"100 \equiv 2 \bmod 9", False),
        (r"7 \mid 21", True),
        (r"7 \mid 22", False),
    ],
)
def test_closed_congruences_are_claims(source: str, holds: bool) -> None:
    result = read_span(source)
    codes = [f.code for f in result.findings]
    assert codes == ([] if holds else ["false-equation"])
    assert ("✓" if holds else "✗") in result.hover


def test_false_congruence_names_the_remainder() -> None:
    (finding,) = read_span(r"17 \equiv 3 \pmod 5").findings
    assert finding.message.endswith("mod 5 = 4, not 0")


@pytest.mark.parametrize(
    "text",
    [r"\{x \mid x > 0\}", r"a \equiv b", r"f \equiv 0 \text{ on } [0, 1]"],
    ids=["set-builder", "identity", "no-modulus"],
)
def test_other_uses_are_left_alone(text: str) -> None:
    assert rewrite_congruence(text) == text


def test_congruence_with_a_variable_is_a_condition() -> None:
    assert read_span(r"x \equiv 2 \pmod 5").findings == ()
