"""False only under every reading (``mathlsp.check.judge.alternatives``): one-line fixtures
quoted from real notes and MATH solutions that used to be flagged, and mistakes that must
still be flagged."""

from __future__ import annotations

import pytest
from mathlsp.check.judge.spans import read_chain, read_span

SILENT_CHAINS = [
    ("prime of a group", ("(x^2)'", "2x", "2x")),
    ("roman e", ("(\\cosh{x})'", "\\frac{\\mathrm{e}^x-\\mathrm{e}^{-x}}{2}", "\\sinh{x}")),
    ("expectation", ("\\mu_1", "E(X)", "mp")),
    (
        "function not product",
        ("P", "1-\\Phi(\\eta / d)+\\Phi(-\\eta / d)", "2[1-\\Phi(\\eta / d)]"),
    ),
    ("function applied", ("f(a+1)", "(a+1)^2 + 1", "a^2 + 2a + 2")),
    ("geometric names", ("AC^2", "AB^2 + BC^2", "25 + 144", "169")),
    (
        "natural log",
        (
            "\\frac{\\theta}{1-\\theta}e^{x\\log(1-\\theta)}",
            "\\frac{\\theta}{1-\\theta}(1-\\theta)^{x}",
        ),
    ),
    ("ellipsis", ("(x - a)(x - a^p)\\cdots (x - a^{p^{n-1}})", "\\prod_{i=0}^{n-1}(x - a^{p^i})")),
    ("vector dot", ("u\\cdot(v+w)", "u_xv_x+u_yv_y+u_xw_x+u_yw_y")),
    (
        "unit next to theta",
        ("\\left( \\frac{-1 + 4i \\sqrt{5}}{9} \\right)^2", "\\frac{-79 - 8i \\sqrt{5}}{81}"),
    ),
    ("derivative name", ("y^\\prime", "6 \\cdot 2x", "12x")),
    ("angles", ("\\angle ABC", "180^\\circ - \\angle BCD")),
    ("defined operation", ("2 \\spadesuit 4", "2 \\cdot 4 + 4")),
]


@pytest.mark.parametrize("terms", [c[1] for c in SILENT_CHAINS], ids=[c[0] for c in SILENT_CHAINS])
def test_chain_true_under_some_reading_is_not_flagged(terms: tuple[str, ...]) -> None:
    result = read_chain(terms)
    assert not [f for f in result.findings if f.code == "false-equation"], result.hover


def test_a_name_not_pinned_down_says_why_on_hover() -> None:
    result = read_chain(("AC^2", "AB^2 + BC^2"))
    assert any("not called false" in line and "AB" in line for line in result.hover)


FLAGGED_CHAINS = [
    ("dropped term", ("x^2e^x - 2xe^x + 2e^x", "2xe^x - 2e^x")),
    ("sign error", ("6k + 9 - 4k + 2 - 2", "2k + 5")),
    ("wrong derivative", ("(x^3)'", "2x")),
    ("log wrong in both bases", ("\\log(x^2)", "3\\log x")),
]


@pytest.mark.parametrize(
    "terms", [c[1] for c in FLAGGED_CHAINS], ids=[c[0] for c in FLAGGED_CHAINS]
)
def test_chain_false_under_every_reading_is_flagged(terms: tuple[str, ...]) -> None:
    result = read_chain(terms)
    assert [f for f in result.findings if f.code == "false-equation"], result.hover


SPANS = [
    ("binomial after a coefficient", "2\\binom{10}{2} = 90", False),
    ("base subscript", "204_6 = 76", False),
    ("gcd of letters", "\\gcd(a,b) = 6", False),
    ("indexed I", "I_2 = \\frac{1}{2}\\cdot\\frac{\\pi}{2}", False),
    ("log base 10 or e", "\\log 1000 = 3", False),
    ("sine in degrees", "\\sin 30 = \\frac{1}{2}", False),
    ("false in every reading", "\\log 100 = 3", True),
    ("binomials multiplied", "\\binom{5}{5}\\binom{6}{2} = 15", False),
]


@pytest.mark.parametrize(("source", "error"), [c[1:] for c in SPANS], ids=[c[0] for c in SPANS])
def test_span_false_only_under_every_reading(source: str, error: bool) -> None:
    result = read_span(source)
    flagged = [f for f in result.findings if f.code == "false-equation"]
    assert bool(flagged) is error, result.hover


def test_a_typo_component_on_both_sides_keeps_a_real_mistake_flagged() -> None:
    # k and k_z on both sides: no vector written out; √(k²·…) = k√… is false for k < 0
    terms = ("\\sqrt{k^2(u_x^2+u_y^2+k_z^2)}", "k\\sqrt{(u_x^2+u_y^2+k_z^2)}")
    assert [f for f in read_chain(terms).findings if f.code == "false-equation"]
