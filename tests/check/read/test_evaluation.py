"""Evaluation brackets read as F(b) - F(a): rewriting, then the real reader and chains."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.judge.spans import read_chain
from mathlsp.check.read.evaluation import rewrite_evaluations
from mathlsp.check.read.parse import to_sympy


def _names(latex: str) -> list[str] | None:
    """A stand-in for the reader: the letters of ``latex`` (enough to test the rewriting)."""
    return sorted({c for c in latex if c.isalpha()})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[u^2]_0^1", "((u^2)|_{u=1} - (u^2)|_{u=0})"),
        ("[u^2]^1_0", "((u^2)|_{u=1} - (u^2)|_{u=0})"),
        ("x^2 |_{x=0}^{x=3}", "((x^2)|_{x=3} - (x^2)|_{x=0})"),
        ("a = . t^2 |_{1}^{2}", "a =((t^2)|_{t=2} - (t^2)|_{t=1})"),
        ("[a x]_0^1", "((a x)|_{x=1} - (a x)|_{x=0})"),
        ("[2]_0^1 + 1", "0 + 1"),
        ("x^2|_{x=2}", "x^2|_{x=2}"),  # the reader knows this one
        ("[0, 1]", "[0, 1]"),
        ("[a b]_0^1", "[a b]_0^1"),  # two variables, neither the usual one: left alone
    ],
    ids=[
        "bracket",
        "upper-first",
        "named",
        "bar-after-relation",
        "preferred",
        "constant",
        "bar-only-lower",
        "interval",
        "ambiguous",
    ],
)
def test_rewrite(text: str, expected: str) -> None:
    assert rewrite_evaluations(text, _names) == expected


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        (r"\left[\frac{u^2}{2}\right]_0^1", sympy.Rational(1, 2)),
        (r"\left. \frac{u^2}{2} \right|_0^1", sympy.Rational(1, 2)),
        (r"\Big[ x \ln x - x \Big]_1^e", sympy.Integer(1)),
        (r"\left[ \sin x \right]_0^{\pi/2}", sympy.Integer(1)),
        (r"\int_1^e \frac{\ln x}{x}\,dx", sympy.Rational(1, 2)),
    ],
    ids=["left-right-bracket", "left-dot-bar", "big-bracket", "pi-limit", "upper-limit-e"],
)
def test_reader_evaluates(latex: str, value: sympy.Expr) -> None:
    parsed = to_sympy(latex)
    assert parsed.error is None
    assert sympy.simplify(parsed.expr.doit() - value) == 0


def test_chain_through_a_bracket_catches_a_wrong_value() -> None:
    terms = (r"\int_0^1 u\,du", r"\left[\frac{u^2}{2}\right]_0^1", r"\frac13")
    result = read_chain(terms)
    assert [f.code for f in result.findings] == ["false-equation"]
    assert read_chain(terms[:2] + (r"\frac12",)).findings == ()
