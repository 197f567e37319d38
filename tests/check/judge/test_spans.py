"""Span and chain details: degrees, imaginary unit, named functions, equations ending a chain."""

from __future__ import annotations

import pytest
from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.spans import read_chain, read_span

SPANS = [
    ("degrees", r"\sin 30^\circ = \frac12", "✓", False),
    ("degrees false", r"\cos 60^{\circ} = 1", "✗", True),
    ("imaginary unit", r"e^{i\pi} = -1", "✓", False),
    ("imaginary unit false", r"i^2 = 1", "✗", True),
    ("function value", "f(2) = 8", "a value of f", False),
    ("definition", r"f(x) = x^3 \sin x", "defines f(x)", False),
    ("antiderivative", r"\int x^2\,dx = \frac{x^3}{3} + C", "✓ holds up to the constant", False),
    ("wrong antiderivative is a condition", r"\int x^2\,dx = x^3 + C", "✗ does not hold", False),
    ("rounded decimal", r"\pi = 3.14", "which rounds to 3.14", False),
    ("huge power", "10^{10^{10}} = 5", "≈ 1.00000e+10000000000", True),
    ("variable", "x", "the variable x", False),
    (
        "matrix definition is a quiet condition",
        r"A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}",
        "a condition on",
        False,
    ),
]


@pytest.mark.parametrize(
    ("source", "phrase", "error"), [c[1:] for c in SPANS], ids=[c[0] for c in SPANS]
)
def test_span_readings(source: str, phrase: str, error: bool) -> None:
    result = read_span(source)
    assert phrase in result.hover
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    assert bool(errors) is error


CHAINS = [
    ("equation at the end", ("x^2 - 5x + 6", "(x-2)(x-3)", "0"), [], "is an equation"),
    ("constant difference", ("(x+1)^2 - x^2 - 2x", "2"), [0], "they differ by -1"),
    ("imaginary unit", ("(1+i)(1-i)", "1 - i^2", "2"), [], "✓ 1 - i² = 2"),
    ("rounded end", (r"\frac{1}{3}", "0.333"), [], "✓ 1/3 = 0.333"),
    ("definition opens the chain", ("f(x)", "x^2 - 2x + 1", "(x-1)^2"), [], "defines f(x)"),
    ("y opens the chain", ("y", "(x+1)^2", "x^2 + 2x + 2"), [1], "defines y"),
    ("align continuation", ("x^2 - 1", "&= (x - 1)(x + 1)"), [], "✓"),
]


@pytest.mark.parametrize(
    ("terms", "targets", "phrase"), [c[1:] for c in CHAINS], ids=[c[0] for c in CHAINS]
)
def test_chain_readings(terms: tuple[str, ...], targets: list[int], phrase: str) -> None:
    result = read_chain(terms)
    assert [f.target for f in result.findings] == targets
    assert any(phrase in line for line in result.hover)


def test_hover_reading_is_a_code_span_so_markdown_keeps_backslashes() -> None:
    # `\,` in plain hover Markdown is an escaped comma: VS Code showed `x^{2}, dx`.
    hover = read_span(r"\int_0^1 x^2\,dx = \frac12").hover
    first_line = hover.splitlines()[0]
    assert first_line.startswith("SymPy reads `") and first_line.endswith("`")
    assert r"\, dx" in first_line and "$" not in first_line


def test_matrix_definition_has_no_finding() -> None:
    """``A = (matrix)`` has a free variable: a condition, never a diagnostic (SymPy cannot
    subtract a matrix from a symbol, and that failure must not reach the user)."""
    result = read_span(r"A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}")
    assert result.findings == ()


def test_a_lone_unknown_equated_to_an_expression_in_itself_is_an_equation() -> None:
    # MATH train: "the equation becomes \[x = \left| 2x - (60-2x) \right| = \left| 4x - 60 \right|.\]"
    result = read_chain(("x", r"\left| 2x - (60-2x) \right|", r"\left| 4x - 60 \right|"))
    assert not result.findings
    assert "is an equation in x" in result.hover[0] and result.hover[1].startswith("✓")
    assert [f.target for f in read_chain(("y", "|2y - 1|", "|2y + 1|")).findings] == [1]


def test_vectors_with_a_parameter_are_equal_entry_by_entry() -> None:
    # MATH train: a line through two points written with a parameter t.
    v = r"\begin{pmatrix} -5 \\ 1 \end{pmatrix}"
    terms = (
        rf"{v} + t \left( \begin{{pmatrix}} 2 \\ 3 \end{{pmatrix}} - {v} \right)",
        rf"{v} + t \begin{{pmatrix}} 7 \\ 2 \end{{pmatrix}}",
        r"\begin{pmatrix} 7t - 5 \\ 2t + 1 \end{pmatrix}",
    )
    assert not read_chain(terms).findings
    wrong = read_chain(
        (
            rf"{v} + t \begin{{pmatrix}} 7 \\ 2 \end{{pmatrix}}",
            r"\begin{pmatrix} 7t - 5 \\ 2t \end{pmatrix}",
        )
    )
    assert [f.target for f in wrong.findings] == [0] and "entry (2, 1)" in wrong.findings[0].message


@pytest.mark.parametrize("source", [r"1+i+i=1.10", r"2i=.10", r"i=.05"])
def test_i_as_a_rate_is_a_reading(source: str) -> None:
    # MATH train: "we find: $1+i+i=1.10$, so $2i=.10$ and $i=.05$" (an interest rate)
    assert read_span(source).findings == ()
