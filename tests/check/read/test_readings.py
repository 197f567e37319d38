"""Every plausible reading (``mathlsp.check.read.readings``) and notation read as meant
(``notation``). Fixtures are one-line quotes of what real notes and MATH solutions write."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.read.parse import to_sympy
from mathlsp.check.read.readings import readings

x, t, n, a = sympy.symbols("x t n a")


def _first(latex: str) -> object:
    parsed = to_sympy(latex)
    assert parsed.expr is not None, parsed.error
    return parsed.expr


def _names(latex: str) -> set[str]:
    expr = _first(latex)
    assert isinstance(expr, sympy.Basic)
    return {str(s) for s in expr.free_symbols}


def test_capitals_are_kept_apart_from_lower_case() -> None:
    assert _names("N = n + 1") == {"N", "n"}


def test_prime_of_a_group_is_a_derivative() -> None:
    expr = _first("(x^2)' = 2x")
    assert isinstance(expr, sympy.Eq) and expr.lhs.doit() == 2 * x


def test_prime_of_a_function_applied_is_its_derivative() -> None:
    expr = _first("f''(x)")
    assert isinstance(expr, sympy.Derivative) and expr.derivative_count == 2


@pytest.mark.parametrize("latex", ["y^\\prime = 12x", "y' = 12x", "y^{\\prime} = 12x"])
def test_a_primed_letter_is_a_name_the_math_does_not_pin_down(latex: str) -> None:
    parsed = to_sympy(latex)
    assert "y'" in {str(s) for s in parsed.expr.free_symbols}
    assert "y'" in dict(parsed.opaque)


def test_roman_e_is_eulers_number() -> None:
    expr = _first("\\frac{\\mathrm{e}^x+\\mathrm{e}^{-x}}{2}")
    assert expr.free_symbols == {sympy.Symbol("x")}
    assert sympy.simplify(expr - sympy.cosh(sympy.Symbol("x"))) == 0


def test_roman_i_is_the_imaginary_unit_and_roman_d_a_differential() -> None:
    assert sympy.simplify(_first("\\mathrm{i}^2")) == -1
    assert isinstance(_first("\\int x \\mathrm{d}x"), sympy.Integral)


@pytest.mark.parametrize(("latex", "name"), [("I_2 = 1", "I_2"), ("e_1 + e_2", "e_1")])
def test_indexed_names_are_names(latex: str, name: str) -> None:
    assert name in _names(latex)


def test_a_lone_capital_i_is_a_name_not_the_unit() -> None:
    assert _names("I = 2") == {"I"}


def test_a_text_label_is_no_factor() -> None:
    expr = _first("\\text{Replacing [b] in [a]:} \\int x e^x dx = x e^x - e^x")
    assert isinstance(expr, sympy.Eq) and isinstance(expr.lhs, sympy.Integral)


def test_words_inside_the_math_are_a_quantity_not_pinned_down() -> None:
    parsed = to_sympy("\\frac{\\text{the number of quarters}}{\\text{the coins}} = \\frac{1}{31}")
    assert "[the number of quarters]" in dict(parsed.opaque)


def test_an_integral_ends_at_its_differential_before_a_plus() -> None:
    expr = _first("\\int_{-1}^{0}(1+t) d t+\\int_{0}^{x}(1-t) d t")
    assert isinstance(expr, sympy.Add) and len(expr.atoms(sympy.Integral)) == 2
    assert sympy.simplify(expr.doit() - (-(x**2) / 2 + x + sympy.Rational(1, 2))) == 0


def test_a_differential_of_a_function() -> None:
    expr = _first("\\int x d\\cos x")
    assert sympy.simplify(expr.doit() - sympy.integrate(-x * sympy.sin(x), x)) == 0


def test_an_ellipsis_is_terms_not_written() -> None:
    parsed = to_sympy("1 + 2 + \\cdots + n")
    assert "⋯" in dict(parsed.opaque)


def test_a_base_subscript_is_a_number_in_that_base() -> None:
    expr = _first("204_6 = 76")
    assert isinstance(expr, sympy.Eq) and expr.lhs == 76


def test_gcd_of_letters_is_unknown_not_one() -> None:
    expr = _first("\\gcd(a,b) = 6")
    assert isinstance(expr, sympy.Eq) and expr.lhs != 1
    assert sympy.simplify(_first("\\gcd(12, 18)")) == 6


@pytest.mark.parametrize("latex", ["2\\binom{10}{2}", "\\binom{5}{5}\\binom{6}{2} \\cdot 6"])
def test_a_binomial_after_a_coefficient_is_a_product(latex: str) -> None:
    assert sympy.simplify(_first(latex)) == 90


@pytest.mark.parametrize("latex", ["E(X) = mp", "\\Phi(\\eta / d) + 1", "f(a+1)"])
def test_an_unknown_function_applied_is_no_product(latex: str) -> None:
    expr = _first(latex)
    assert expr.atoms(sympy.core.function.AppliedUndef)


def test_a_base_less_log_has_both_bases() -> None:
    bases = {
        p.expr.rhs.args[1] if len(p.expr.rhs.args) > 1 else None for p in readings("y = \\log 100")
    }
    assert bases == {sympy.Integer(10), None} or len(readings("y = \\log 100")) == 2


def test_degrees_and_trig_in_degrees_are_readings() -> None:
    notes = {p.note for p in readings("\\sin 30 = \\frac12")}
    assert "with the angles in degrees" in notes


def test_capitals_may_be_names_of_segments() -> None:
    found = readings("AC^2 = AB^2 + BC^2")
    named = [p for p in found if "AC" in {str(s) for s in p.expr.free_symbols}]
    assert named and "AB" in dict(named[0].opaque)


def test_i_next_to_theta_may_be_the_unit() -> None:
    found = readings("e^{2i\\theta}")
    assert any(p.expr.has(sympy.I) for p in found)


def test_angles_and_defined_operations_are_names() -> None:
    assert "∠ABC" in dict(to_sympy("\\angle ABC = 30^\\circ").opaque)
    assert "spadesuit" in dict(to_sympy("2 \\spadesuit 3").opaque)


def test_unreadable_text_is_named_as_written() -> None:
    parsed = to_sympy("f(x) = \\begin{bmatrix} 1 & 2 = 0")
    assert parsed.expr is None and parsed.error is not None
    assert parsed.error.startswith("could not read `f(x) = \\begin{bmatrix} 1 & 2 = 0`")


@pytest.mark.parametrize(
    "latex",
    ["\\frac{dy}{dx} = 2x", "\\frac{\\partial M}{\\partial y}=3", "\\frac{\\dif^2 y}{\\dif x^2}"],
)
def test_leibniz_derivative_of_a_letter_is_of_a_function_not_zero(latex: str) -> None:
    expr = _first(latex)
    derivative = next(iter(expr.atoms(sympy.Derivative)))
    assert derivative.doit() != 0
    assert derivative.atoms(sympy.core.function.AppliedUndef)


def test_a_norm_is_a_function_the_reader_does_not_know() -> None:
    parsed = to_sympy("\\theta = \\arccos\\frac{u\\cdot v}{\\|u\\|\\|v\\|}")
    assert "‖‖" in dict(parsed.opaque)


def test_a_connective_in_text_is_no_factor() -> None:
    # a list of two equations, not a product with a quantity named "and"
    assert str(to_sympy("x = 2 \\text{ and } y = 3").expr) == "{Eq(x, 2), Eq(y, 3)}"
    assert str(to_sympy("x = 2 \\text{ or } x = 3").expr) == "{Eq(x, 2), Eq(x, 3)}"


def test_a_condition_in_cases_is_read_as_one() -> None:
    parsed = to_sympy(
        "|x| = \\begin{cases} x & \\text{if } x \\ge 0 \\\\ -x & \\text{else} \\end{cases}"
    )
    assert isinstance(parsed.expr, sympy.Eq) and isinstance(parsed.expr.rhs, sympy.Piecewise)


def test_plus_minus_naming_two_values_is_their_set() -> None:
    assert [str(p.expr) for p in readings("x = \\pm 2")] == ["Eq(x, {-2, 2})"]
    assert len(readings("(a \\pm b)^2 = a^2 \\pm 2ab + b^2")) == 2  # two claims, one per sign


@pytest.mark.parametrize(
    ("latex", "wanted"),
    [
        ("\\sum\\limits_{i=1}^n i", sympy.Sum),
        ("\\underset{x\\to0}{\\lim} \\frac{\\sin x}{x}", sympy.Limit),
        ("a \\overset{\\text{def}}{=} b", sympy.Eq),
        ("\\int_0^\\infin e^{-x} dx", sympy.Integral),
    ],
)
def test_typography_changes_nothing_the_math_says(latex: str, wanted: type) -> None:
    assert isinstance(_first(latex), wanted)


@pytest.mark.parametrize("latex", ["P_0(L(Y)>\\eta) = \\alpha", "E_{\\theta}\\{T(Y)\\}=n \\theta"])
def test_a_probability_of_an_event_is_a_name(latex: str) -> None:
    parsed = to_sympy(latex)
    assert parsed.opaque and isinstance(parsed.expr, sympy.Eq)


def test_plus_minus_has_both_signs() -> None:
    values = {sympy.simplify(p.expr) for p in readings("\\frac{-1 \\pm 3}{2}")}
    assert values == {1, -2}


def test_capitals_inside_a_fraction_may_name_segments() -> None:
    # MATH train: "\[\frac{PC}{D'C} = 1 + \frac{BD}{DC} = 1 + \frac{AB}{AC} = \frac{31}{11}\]"
    notes = [p.note for p in readings(r"1 + \frac{AB}{AC} = \frac{31}{11}")]
    assert "with capitals as names (segments, points)" in notes
    assert len(readings(r"\mathrm{AB} = 2")) == 1  # a command already says what AB is
