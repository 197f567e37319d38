"""Precision as the caller's parameter: strict by default, a tolerance, or written precision."""

from __future__ import annotations

import pytest
from mathlsp.check.answers.equivalence import equivalent, equivalent_to_sympy, same_answer

STRICT, TOLERANT, WRITTEN = "strict", "tolerance 1e-4", "written precision"
MODES = {
    STRICT: {},
    TOLERANT: {"tolerance": 1e-4},
    WRITTEN: {"written_precision": True},
}

# (reference, answer, equal when strict, within 1e-4, at written precision)
ROWS = [
    pytest.param(r"\frac{2\pi}{3}", "2.0944", False, True, True, id="rounded-irrational"),
    pytest.param(r"\frac{2\pi}{3}", "2.0954", False, False, False, id="wrong-digit"),
    pytest.param(r"\frac{5}{7}", "0.7143", False, True, True, id="rounded-fraction"),
    pytest.param(r"\frac{5}{7}", "0.71428", False, True, False, id="cut-off-within-tolerance"),
    pytest.param(r"\sqrt{5}", "2.24", False, False, True, id="coarse-rounding"),
    pytest.param(r"\sqrt{5}", "2.23", False, False, False, id="coarse-wrong"),
    pytest.param(r"\frac56", "0.8", False, False, False, id="one-digit-is-no-rounding"),
    pytest.param("7", "7.00004", False, True, False, id="near-integer"),
    pytest.param(r"\frac{3}{8}", "0.375", True, True, True, id="exact-decimal"),
    pytest.param(r"(\frac{1}{6}, \frac{7}{3}]", "(0.16667, 2.33333]", False, True, True, id="ends"),
    pytest.param(r"\frac{2}{7}, \frac{9}{7}", "1.286, 0.286", False, False, True, id="list"),
    pytest.param(r"\ln 7", "1.9459", False, True, True, id="sympy-leaf"),
    pytest.param("1000", "1001", False, False, False, id="integers-stay-exact"),
    pytest.param(r"x + \sqrt{3}", "x + 1.7321", False, False, False, id="decimal-inside"),
    pytest.param("2.7183", r"e", False, True, True, id="decimal-reference"),
]


@pytest.mark.parametrize(("reference", "answer", "strict", "tolerant", "written"), ROWS)
@pytest.mark.parametrize("mode", [STRICT, TOLERANT, WRITTEN])
def test_modes(
    mode: str, reference: str, answer: str, strict: bool, tolerant: bool, written: bool
) -> None:
    expected = {STRICT: strict, TOLERANT: tolerant, WRITTEN: written}[mode]
    verdict = equivalent(reference, answer, **MODES[mode])  # type: ignore[arg-type]
    assert (verdict.equal is True) is expected, verdict.reason


def test_a_rounding_says_so() -> None:
    assert "rounded" in equivalent(r"\sqrt2", "1.414", written_precision=True).reason
    tolerant = equivalent(r"\sqrt2", "1.41421", tolerance=1e-5)
    assert tolerant.equal is True and "tolerance" in tolerant.reason
    assert "rounded" not in equivalent("0.5", r"\frac12", written_precision=True).reason


def test_against_a_sympy_value() -> None:
    import sympy

    assert equivalent_to_sympy(sympy.sqrt(2), "1.414").equal is False
    assert equivalent_to_sympy(sympy.sqrt(2), "1.414", written_precision=True).equal is True
    assert equivalent_to_sympy(sympy.sqrt(2), "1.415", written_precision=True).equal is False


def test_the_vote_groups_exact_values() -> None:
    assert same_answer(r"\frac13", "0.3333") is False
    assert same_answer(r"\frac13", r"\frac{2}{6}") is True
