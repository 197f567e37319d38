"""Chain links judged under the document's context (bindings, givens, domain hints), and the
first term that names what a chain defines. Fixtures are lines quoted from real notes."""

from __future__ import annotations

import pytest
from mathlsp.check.context.facts import EMPTY, Context, Fact
from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.spans import read_chain


def _binding(name: str, value: str, line: int = 0) -> Fact:
    return Fact("binding", name, value, line, "section")


def _errors(terms: tuple[str, ...], context: Context = EMPTY) -> list[int]:
    result = read_chain(terms, context)
    return [f.target for f in result.findings if f.severity == Severity.ERROR]


def test_a_link_holds_with_the_bindings_substituted() -> None:
    context = Context((_binding("s", r"\frac{c}{d}", 11), _binding("r", r"\frac{a}{b}", 11)))
    terms = ("r - s", r"\frac{a}{b} - \frac{c}{d}", r"\frac{ad-bc}{bd}")
    result = read_chain(terms, context)
    assert not result.findings
    assert "from line 12" in result.hover[0]
    alone = read_chain(terms)  # without the context: sides in different variables
    assert not alone.findings and "not judged: relates" in alone.hover[0]


def test_a_substitution_in_prose_specialises_the_link() -> None:
    context = Context((Fact("binding", "n", "k + 1", 0, "paragraph"),))
    terms = ("R", r"\frac{n(n + 1)}{2}", r"\frac{(k+1)(k+2)}{2}")
    assert _errors(terms, context) == []


def test_a_link_false_under_every_reading_is_still_flagged() -> None:
    context = Context((_binding("a", "3"),))
    terms = ("y", "(a + x)^2", "a^2 + x^2")  # false as an identity, and with a = 3
    assert _errors(terms, context) == [1]


def test_a_link_holds_under_a_given_equation() -> None:
    context = Context((Fact("given", "", "2b = a + c", 2, "problem"),))
    terms = ("d", "2b - a + 1", "c + 1")
    assert _errors(terms, context) == []
    assert "not judged" in read_chain(terms).hover[1]
    assert "holds under 2b = a + c from line 3" in read_chain(terms, context).hover[1]


def test_values_given_in_the_statement_decide_the_arithmetic() -> None:
    context = Context((_binding("a", "4", 2), _binding("b", "7", 2)))
    result = read_chain(("c", "2b - a", "14 - 4", "10"), context)
    assert not result.findings
    assert result.hover[0].startswith("• c = ")  # c is being defined
    assert "holds with" in result.hover[1]


def test_a_finite_field_leaves_the_link_unjudged() -> None:
    context = Context((Fact("domain", "mod", r"\mathbb{F}_", 0, "section"),))
    terms = ("(a+k)^p", "a^p + k^p", "a^p + k")
    assert _errors(terms) == [0, 1]
    result = read_chain(terms, context)
    assert not result.findings and "not judged" in result.hover[0]


NAMES = [
    ("a sum named", ("S", "a + b", "2")),
    ("an angle named", (r"\theta", r"\arccos(-\tfrac12)", r"\frac{2\pi}{3}")),
    ("an upright name", (r"\mathrm{LHS}", "(x+1)^2", "x^2 + 2x + 1")),
    ("eigenvalues equal", (r"\lambda_2", r"\lambda_3", "-3")),
    ("a threshold equated to a parameter", ("P_F", r"e^{-\eta}", r"\alpha")),
    (
        "a mean beside its terms",
        (r"\bar{y}\sum_{i=1}^{m}x_i", r"\frac{1}{m}\sum_{i=1}^{m}y_i\sum_{i=1}^{m}x_i"),
    ),
]


@pytest.mark.parametrize("terms", [c[1] for c in NAMES], ids=[c[0] for c in NAMES])
def test_definitions_and_conditions_are_not_identities(terms: tuple[str, ...]) -> None:
    assert _errors(terms) == []


def test_a_derivation_step_keeps_its_variables_and_is_judged() -> None:
    assert _errors(("x^2e^x - 2xe^x + 2e^x", "2xe^x - 2e^x")) == [0]
    assert _errors(("x^2 + y^2", "r^2", r"2r \cos \theta", "2x")) == []  # polar substitution


def test_the_links_after_a_name_are_judged() -> None:
    assert _errors(("V_2", r"\int_2^3 2\pi(x^2 - 2x)\,dx", r"\frac{43}{6}\pi")) == [1]
    assert _errors(("a_{k+1}", "6k + 9 - 4k + 2 - 2", "2k + 5")) == [1]


def test_a_decimal_printed_by_a_program_is_its_value() -> None:
    assert _errors((r"\theta", r"\arccos(-0.5)", "2.0943951023931957")) == []
    assert _errors((r"\theta", r"\arccos(-0.5)", "2.0954")) == [1]


def test_a_polynomial_given_reduces_the_powers() -> None:
    # MATH train: "Let $r$ be a complex number such that $r^5 = 1$ and $r \neq 1$."
    context = Context((Fact("given", "", "r^5 = 1", 6, "problem"),))
    terms = (
        "(r^5 - r - r^4 + 1)(r^5 - r^2 - r^3 + 1)",
        "(1 - r - r^4 + 1)(1 - r^2 - r^3 + 1)",
        "(2 - r - r^4)(2 - r^2 - r^3)",
    )
    assert _errors(terms, context) == []
    assert "holds under r^5 = 1 from line 7" in read_chain(terms, context).hover[0]
    assert _errors(("r^7 + r^6", "r^2 + 2r"), context) == [0]  # still false under the given


def test_a_binding_with_the_imaginary_unit_decides_the_link() -> None:
    # MATH train: "Let $x = \cos \frac{2 \pi}{7} + i \sin \frac{2 \pi}{7}.$"
    context = Context((_binding("x", r"\cos \frac{2 \pi}{7} + i \sin \frac{2 \pi}{7}", 5),))
    assert _errors((r"x^{14} + 2x^{13} + 2x^8 + 4x^7", r"2x^6 + 2x + 1 + 4"), context) == []
    assert _errors((r"x^{14} + 2x^{13} + 2x^8 + 4x^7", r"2x^6 + 2x + 1 + 5"), context) == [0]


def test_a_given_that_ties_a_symbol_to_others_does_not_hide_a_false_link() -> None:
    # real notes: "W[y_1,y_2](t)=Ce^{-\int p(t)dt}" above "W[y_1,y_2]=Ce^{-\int \frac{3}{2t}dt}=Ct^{\frac{3}{2}}"
    context = Context((Fact("given", "", r"W[y_1,y_2](t)=Ce^{-\int p(t)dt}", 177, "section"),))
    terms = (r"W[y_1,y_2]", r"Ce^{-\int \frac{3}{2t}dt}", r"Ct^{\frac{3}{2}}")
    assert _errors(terms, context) == [1]


def test_a_binding_puts_its_value_in_an_integral_limit_not_the_variable() -> None:
    context = Context((_binding("x", "2", 3),))
    result = read_chain((r"\int_0^x t\,dt", "2"), context)  # once: "Invalid limits"
    assert not result.findings and "holds with x = 2" in result.hover[0]
