"""LaTeX printed back for hovers and quick fixes keeps what was read: a logarithm's base."""

from __future__ import annotations

import pytest
from mathlsp.check.judge.spans import read_span
from mathlsp.check.read.latex import latex
from mathlsp.check.read.parse import to_sympy

CASES = [
    ("log-base-two", r"\log_2 8 = 3", r"\log_{2}{\left(8 \right)} = 3"),
    ("log-symbol-base", r"\log_b a", r"\log_{b}{\left(a \right)}"),
    ("ln", r"\ln e^2 = 2", r"\ln{\left(e^{2} \right)} = 2"),
    ("log-power", r"\log^2 x", r"\left(\log_{10}{\left(x \right)}\right)^{2}"),
    ("ln-power", r"\ln^3 (x+1)", r"\left(\ln{\left(x + 1 \right)}\right)^{3}"),
]


@pytest.mark.parametrize(("written", "printed"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_logs_keep_their_base_and_read_back_the_same(written: str, printed: str) -> None:
    expr = to_sympy(written).expr
    assert latex(expr) == printed
    assert to_sympy(printed).expr == expr


def test_hover_on_a_log_with_a_base_shows_the_base() -> None:
    hover = read_span(r"\log_2 8 = 3").hover
    assert hover.startswith(r"SymPy reads `\log_{2}{\left(8 \right)} = 3`"), hover
