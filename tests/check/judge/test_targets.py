"""The statement's math sorted by role."""

from __future__ import annotations

import pytest
from mathlsp.check.judge.targets import sort_math

ROLES = [
    ("equation", ("x^2 - 4 = 0",), "equations", 1),
    ("system in one span", ("x + y = 3, x - y = 1",), "equations", 2),
    ("repeated equation", ("x^2 = 2x", "x^2 = 2x"), "equations", 1),
    ("function definition", ("f(x) = x^2",), "definitions", 1),
    ("y definition", ("y = x^2 + 1",), "definitions", 1),
    ("primed is not a definition", ("f'(x) = 2x",), "definitions", 0),
    ("expression", (r"\frac{x^2-1}{x-1}",), "expressions", 1),
    ("function call", ("f(3)",), "calls", 1),
    ("closed interval", ("[0, 3]",), "intervals", 1),
    ("double inequality", (r"0 \le x \le 3",), "intervals", 1),
    ("single inequality", ("x > 0",), "inequalities", 1),
    ("point", ("x = 2",), "points", 1),
    ("unreadable skipped", (r"\frac{",), "expressions", 0),
]


@pytest.mark.parametrize(
    ("sources", "role", "count"), [c[1:] for c in ROLES], ids=[c[0] for c in ROLES]
)
def test_roles(sources: tuple[str, ...], role: str, count: int) -> None:
    assert len(getattr(sort_math(sources), role)) == count


def test_body_prefers_the_definition() -> None:
    assert str(sort_math(("x^2 + 1", "f(x) = x^3")).body()) == "x**3"


PRIMES = [("none", ("f(x) = x^2",), 0), ("first", ("f'(x)",), 1), ("second", ("y''",), 2)]


@pytest.mark.parametrize(("sources", "primes"), [c[1:] for c in PRIMES], ids=[c[0] for c in PRIMES])
def test_primes(sources: tuple[str, ...], primes: int) -> None:
    assert sort_math(sources).primes == primes


VALUES = [
    ("defined call", ("f(x) = x^2", "f(3)"), "9"),
    ("two functions", ("f(x) = x + 1", "g(t) = 2t", "f(2) + g(5)"), "13"),
    ("undefined call", ("f(x) = x^2", "g(3)"), "None"),
    ("no call", ("f(x) = x^2",), "None"),
]


@pytest.mark.parametrize(
    ("sources", "expected"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES]
)
def test_function_values(sources: tuple[str, ...], expected: str) -> None:
    found = sort_math(sources).function_values()
    assert str(found if found is None else found.doit()) == expected
