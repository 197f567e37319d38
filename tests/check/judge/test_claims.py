"""Closed claims and identities: true and false cases of each kind."""

from __future__ import annotations

import pytest
from mathlsp.check.judge.claims import (
    decide_closed,
    decide_identity,
    evaluate,
    read,
    top_level_equals,
)


def _parse(latex: str):  # type: ignore[no-untyped-def]
    parsed = read(latex)
    assert parsed.expr is not None, parsed.error
    return parsed.expr


CLOSED = [
    ("integral true", r"\int_0^1 x^2\,dx = \frac13", True, "∫₀¹ x² dx = 1/3"),
    ("integral false", r"\int_0^1 x^2\,dx = \frac12", False, "= 1/3, not 1/2"),
    ("log false", r"\log_2 8 = 4", False, "log₂ 8 = 3, not 4"),
    ("log true", r"\log_2 8 = 3", True, "log₂ 8 = 3"),
    ("arithmetic false", "2+2=5", False, "2 + 2 = 4, not 5"),
    ("arithmetic true", "2+2=4", True, "2 + 2 = 4"),
    ("root squared", r"\sqrt{2}^2 = 2", True, "= 2"),
    ("root squared false", r"\sqrt{2}^2 = 3", False, "= 2, not 3"),
    ("binomial", r"\binom{5}{2}=10", True, "10"),
    ("factorial", "5! = 120", True, "5! = 120"),
    ("factorial false", "5! = 100", False, "5! = 120, not 100"),
    ("limit", r"\lim_{x\to 0}\frac{\sin x}{x} = 1", True, "= 1"),
    ("limit false", r"\lim_{x\to 0}\frac{\sin x}{x} = 0", False, "= 1, not 0"),
    ("sum", r"\sum_{k=1}^{10} k = 55", True, "= 55"),
    ("two-sided limit missing", r"\lim_{x\to 0}\frac{|x|}{x} = 1", None, "could not evaluate"),
    ("one-sided limit", r"\lim_{x \to 0^{+}} \frac{1}{x} = \infty", True, "lim_(x→0⁺) (1/x) = ∞"),
    ("infinities", r"\infty = \infty", True, "∞ = ∞"),
    ("sum false", r"\sum_{k=1}^{10} k = 50", False, "= 55, not 50"),
    ("value on the left", r"3 = \log_2 8", True, "3"),
    ("value on the left false", r"4 = \log_2 8", False, "log₂ 8 = 3, not 4"),
    ("decimal equal", r"0.5 = \frac12", True, "1/2"),
    ("rounded decimal", r"\sqrt{2} = 1.414", True, "√2 ≈ 1.41421, which rounds to 1.414"),
    ("cut off decimal", r"\pi = 3.1415", True, "which is cut off to 3.1415"),
    ("wrong decimal", r"\sqrt{2} = 1.415", False, "√2 ≈ 1.41421, not 1.415"),
    ("decimal sum", "0.1 + 0.2 = 0.3", True, "0.3"),
    ("trig", r"\tan\frac{\pi}{4}=1", True, "1"),
    ("less false", "3 < 2", False, "3 is not < 2"),
    ("less or equal true", r"2 \le 3", True, "2 is ≤ 3"),
    ("less or equal at equality", r"3 \le 3", True, "3 is ≤ 3"),
    ("strict at equality", "3 < 3", False, "is not <"),
    ("pi less false", r"\pi < 3", False, "π ≈ 3.14159 is not < 3"),
    ("greater", r"\pi > 3", True, "is >"),
    ("not equal false", r"1 \ne 1", False, "1 = 1"),
    ("not equal true", r"1 \ne 2", True, ""),
    (
        "matrix power",
        r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}^2 = \begin{pmatrix} 7 & 10 \\ 15 & 22 \end{pmatrix}",
        True,
        "[[7, 10], [15, 22]]",
    ),
    (
        "matrix power false",
        r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}^2 = \begin{pmatrix} 7 & 10 \\ 15 & 21 \end{pmatrix}",
        False,
        "entry (2, 2) is 22, not 21",
    ),
    (
        "matrix times vector",
        r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} \begin{pmatrix} 1 \\ 1 \end{pmatrix} = \begin{pmatrix} 3 \\ 7 \end{pmatrix}",
        True,
        "[[3], [7]]",
    ),
    (
        "matrix shapes",
        r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} = \begin{pmatrix} 1 \\ 3 \end{pmatrix}",
        False,
        "the shapes differ: 2×2 and 2×1",
    ),
    ("determinant", r"\det \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} = -2", True, "-2"),
    (
        "determinant false",
        r"\det \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} = 2",
        False,
        "-2, not 2",
    ),
]


@pytest.mark.parametrize(
    ("latex", "holds", "detail"), [c[1:] for c in CLOSED], ids=[c[0] for c in CLOSED]
)
def test_closed_claims(latex: str, holds: bool | None, detail: str) -> None:
    decision = decide_closed(_parse(latex))
    assert decision.holds is holds
    assert detail in decision.detail


IDENTITIES = [
    ("square", "(x+1)^2", "x^2+2x+1", True, ""),
    ("square missing term", "(x+1)^2", "x^2+x+1", False, "they differ by x"),
    ("removable singularity", r"\frac{x^2-1}{x-1}", "x+1", True, ""),
    ("wrong cancellation", r"\frac{x^2-1}{x-1}", "x-1", False, "they differ by 2"),
    ("root of square is abs", r"\sqrt{x^2}", "x", False, "at x = "),
    ("root of square abs true", r"\sqrt{x^2}", "|x|", True, ""),
    ("pythagoras", r"\sin^2 x + \cos^2 x", "1", True, ""),
    ("double angle", r"\sin 2x", r"2\sin x \cos x", True, ""),
    ("double angle wrong", r"\sin 2x", r"2\sin x", False, "they differ by 2(cos(x) - 1)·sin(x)"),
    ("tangent slip", r"1 + \tan x \cos x", r"1 + \cos x", False, "they differ by sin(x) - cos(x)"),
    ("log product (positive domain)", r"\ln(xy)", r"\ln x + \ln y", True, ""),
    ("root product (positive domain)", r"\sqrt{xy}", r"\sqrt{x}\sqrt{y}", True, ""),
    ("two variables", "a^2-b^2", "(a-b)(a+b)", True, ""),
    ("two variables wrong", "(a+b)^2", "a^2+b^2", False, "they differ by 2ab"),
    ("symbolic sum", r"\sum_{k=1}^{n} k", r"\frac{n(n+1)}{2}", True, ""),
    ("closed values", r"\int_0^1 x^2 dx", r"\frac13", True, ""),
    ("closed rounding", r"\frac13", "0.333", True, "rounds to 0.333"),
    ("closed wrong decimal", r"\frac13", "0.334", False, "1/3 ≈ 0.333333, not 0.334"),
    ("derivative", r"\frac{d}{dx} x^3", "3x^2", True, ""),
    ("exp rule", "e^{x} e^{y}", "e^{x+y}", True, ""),
]


@pytest.mark.parametrize(
    ("left", "right", "holds", "detail"),
    [c[1:] for c in IDENTITIES],
    ids=[c[0] for c in IDENTITIES],
)
def test_identities(left: str, right: str, holds: bool, detail: str) -> None:
    decision = decide_identity(_parse(left), _parse(right))
    assert decision.holds is holds, decision.detail
    assert detail in decision.detail


READS = [
    ("alignment", "x^2 &= 4", "Eq(x**2, 4)"),
    ("trailing period", "x = 2.", "Eq(x, 2)"),
    ("trailing comma and break", r"x = 2, \\", "Eq(x, 2)"),
]


@pytest.mark.parametrize(("latex", "expected"), [c[1:] for c in READS], ids=[c[0] for c in READS])
def test_read_strips_layout(latex: str, expected: str) -> None:
    assert str(_parse(latex)) == expected


EQUALS = [
    ("equation", "x = 2", 1),
    ("chain", "a = b = c", 2),
    ("system", "x + y = 3, x - y = 1", 1),
    ("subscript", r"\sum_{k=1}^{n} k = 5", 1),
    ("relations are not equals", r"x \le 3, y >= 2", 0),
]


@pytest.mark.parametrize(("source", "count"), [c[1:] for c in EQUALS], ids=[c[0] for c in EQUALS])
def test_top_level_equals(source: str, count: int) -> None:
    assert top_level_equals(source) == count


EVALUATED = [
    ("polynomial integral", r"\int_0^2 (x^2 + 3x)\,dx", "26/3"),
    ("parameter integral", r"\int_0^1 a x\,dx", "a/2"),
    ("antiderivative", r"\int x^2\,dx", "x**3/3"),
    ("non-polynomial integral", r"\int_1^2 \frac{1}{x}\,dx", "log(2)"),
    ("sum", r"\sum_{k=1}^{n} k", "n**2/2 + n/2"),
    ("decimal made exact", "0.25 + x", "x + 1/4"),
]


@pytest.mark.parametrize(
    ("latex", "expected"), [c[1:] for c in EVALUATED], ids=[c[0] for c in EVALUATED]
)
def test_evaluate(latex: str, expected: str) -> None:
    assert str(evaluate(_parse(latex))) == expected
