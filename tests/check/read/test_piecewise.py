"""Piecewise definitions read from ``cases`` through the real reader."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.judge.spans import read_span
from mathlsp.check.read.parse import to_sympy

x, t = sympy.symbols("x t")


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (
            r"\begin{cases} x^2 & x \ge 0 \\ -x & x < 0 \end{cases}",
            sympy.Piecewise((x**2, x >= 0), (-x, x < 0)),
        ),
        (
            r"\begin{cases} 1, & 0 \le t < 1, \\ 0, & \text{otherwise.} \end{cases}",
            sympy.Piecewise((1, (t >= 0) & (t < 1)), (0, True)),
        ),
        (
            r"\begin{cases} x & \text{if } x \ge 0 \\ -x & \text{else} \end{cases}",
            sympy.Piecewise((x, x >= 0), (-x, True)),
        ),
    ],
    ids=["conditions", "commas-and-otherwise", "if-else"],
)
def test_cases_read_as_piecewise(latex: str, expected: sympy.Piecewise) -> None:
    parsed = to_sympy(latex)
    assert parsed.error is None
    assert str(parsed.expr) == str(expected)  # the reader's symbols may carry assumptions


def test_definition_is_quiet_and_identity_holds() -> None:
    definition = read_span(r"f(x) = \begin{cases} x^2 & x \ge 0 \\ -x & x < 0 \end{cases}")
    assert definition.findings == () and "defines f(x)" in definition.hover
    identity = read_span(r"|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}")
    assert identity.findings == () and "✓ holds for all x" in identity.hover


@pytest.mark.parametrize(
    "latex",
    [
        r"\begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases} + 1",  # not at the end
        r"\begin{cases} x & \text{sometimes} \end{cases}",  # a word is not a condition
        r"\begin{cases} x + & x > 0 \end{cases}",  # a row that cannot be read
    ],
    ids=["inside-an-expression", "word-condition", "unreadable-row"],
)
def test_other_cases_stay_unread(latex: str) -> None:
    assert to_sympy(latex).expr is None
