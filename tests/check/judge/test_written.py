"""Written answers read locally, and compared with SymPy's answer for each problem kind."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.judge.entry import judge_problem
from mathlsp.check.judge.solving import Task
from mathlsp.check.judge.written import form, local_same, plain, shown

x = sympy.Symbol("x")

PLAIN = [
    ("chinese or", "x = 2 或 x = 3", "x = 2 or x = 3"),
    ("full-width comma", "x=2，3", "x=2,3"),
    ("full-width semicolon", "$x = 2$；$x = 3$", "$x = 2$;$x = 3$"),
    ("ascii untouched", r"\frac{1}{2}", r"\frac{1}{2}"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in PLAIN], ids=[c[0] for c in PLAIN])
def test_plain(text: str, expected: str) -> None:
    assert plain(text) == expected


SHOWN = [
    ("fraction", r"\frac12", "1/2"),
    ("assignment", "x = 1, y = 2", "x = 1, y = 2"),
    ("boxed", r"\boxed{\sqrt{2}}", "√2"),
    ("prose", "no idea", "no idea"),
    ("text command", r"\text{no real solution}", r"\text{no real solution}"),
    ("math with a command", r"\sqrt{x} + 1", "√x + 1"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in SHOWN], ids=[c[0] for c in SHOWN])
def test_shown(text: str, expected: str) -> None:
    assert shown(text) == expected


ROOTS = Task("solve", sympy.FiniteSet(2, 3), "x² - 5x + 6 = 0", x, x**2 - 5 * x + 6)
NONE = Task("solve", sympy.S.EmptySet, "x² + 4 = 0", x, x**2 + 4)
VALUE = Task("integral", sympy.Rational(1, 3), "∫₀¹ x² dx")
LOG = Task("integral", sympy.log(2), "∫₁² 1/x dx")
PRIMITIVE = Task("antiderivative", x**3 / 3, "∫ x² dx", x)
DERIVATIVE = Task("derivative", 3 * x**2, "d/dx (x³)", x)
INTERVAL = Task("inequality", sympy.Interval.open(2, sympy.oo), "2x - 1 > 3", x)

LOCAL = [
    ("roots or", ROOTS, r"x = 2 \text{ or } x = 3", True, ""),
    ("roots chinese", ROOTS, "x = 2 或 3", True, ""),
    ("roots set", ROOTS, r"\{3, 2\}", True, ""),
    ("missing root", ROOTS, "x = 2", False, " (missing x = 3)"),
    ("extra root", ROOTS, "2, 3, 4", False, " (x = 4 is not a solution)"),
    ("wrong roots", ROOTS, "x = 1, 6", False, ""),
    ("unreadable roots", ROOTS, "two and three", None, ""),
    ("no solution words", NONE, "no real solution", True, ""),
    ("complex roots", NONE, r"x = \pm 2i", True, ""),
    ("wrong complex roots", NONE, r"x = \pm i", False, ""),
    ("value", VALUE, r"\frac{1}{3}", True, ""),
    ("wrong value", VALUE, r"\frac{1}{2}", False, ""),
    ("rounded value", LOG, "0.693", True, ""),
    ("too rough", LOG, "0.7", False, ""),
    ("antiderivative with constant", PRIMITIVE, r"\frac{x^3}{3} + C", True, ""),
    ("antiderivative shifted", PRIMITIVE, r"\frac{x^3 + 1}{3}", True, ""),
    ("wrong antiderivative", PRIMITIVE, "x^3 + C", False, ""),
    ("prime notation", DERIVATIVE, "f'(x) = 3x^2", True, ""),
    ("interval as relation", INTERVAL, "x > 2", True, ""),
    ("interval written", INTERVAL, r"(2, \infty)", True, ""),
    ("wrong interval", INTERVAL, "x > 3", False, ""),
]


@pytest.mark.parametrize(
    ("task", "text", "same", "note"), [c[1:] for c in LOCAL], ids=[c[0] for c in LOCAL]
)
def test_local_same(task: Task, text: str, same: bool | None, note: str) -> None:
    assert local_same(task, text) == (same, note)


FORMS = [
    ("factored", "factor", "(x-1)(x+1)", True),
    ("not factored", "factor", "x^2 - 1", False),
    ("constant", "factor", "7", True),
    ("expanded", "expand", "x^2 + 2x + 1", True),
    ("not expanded", "expand", "(x+1)^2", False),
]


@pytest.mark.parametrize(("kind", "text", "ok"), [c[1:] for c in FORMS], ids=[c[0] for c in FORMS])
def test_form(kind: str, text: str, ok: bool) -> None:
    assert form(kind, text)[0] is ok


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("C + x\\sin x - \\cos x", "C + x·sin(x) - cos(x)"),
        ("$x^2 + C$", "C + x²"),
        ("A\\cos x + B\\sin x", "A·cos(x) + B·sin(x)"),
        ("x + c", "c + x"),
    ],
    ids=["constant-of-integration", "dollar-math", "two-capitals", "lower-case-stays"],
)
def test_a_capital_is_shown_as_written(written: str, expected: str) -> None:
    assert shown(written) == expected


def test_message_keeps_the_users_constant() -> None:
    result = judge_problem(
        "Compute $\\int x\\cos x\\,dx$.",
        ("\\int x\\cos x\\,dx",),
        ("C + x\\sin x - \\cos x",),
        None,
    )
    (finding,) = result.findings
    assert finding.message.startswith("wrote C + x·sin(x) - cos(x); "), finding.message
