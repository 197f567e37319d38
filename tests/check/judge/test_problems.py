"""Problem kinds from English and Chinese wording, and the answer SymPy computes for each."""

from __future__ import annotations

import pytest
import sympy
from mathlsp.check.judge.entry import judge_problem
from mathlsp.check.judge.problems import compute, recognise

WORDING = [
    ("solve", "Solve $x^2 = 4$.", "solve"),
    ("solutions", "Find all real solutions of $x^3 = x$.", "solve"),
    ("roots", "Find the roots of $x^2 - 1$.", "solve"),
    ("differentiate", "Differentiate $x^2$.", "derivative"),
    ("derivative", "Find the derivative of $f(x) = x^3$.", "derivative"),
    ("integrate", "Integrate $\\cos x$.", "integral"),
    ("compute", "Compute $2^{10}$.", "evaluate"),
    ("evaluate", "Evaluate $\\sum_{k=1}^{3} k$.", "evaluate"),
    ("limit", "Find the limit $\\lim_{x \\to 0} x$.", "limit"),
    ("simplify", "Simplify $\\frac{x^2-1}{x-1}$.", "simplify"),
    ("factor", "Factor $x^2 - 1$.", "factor"),
    ("factorial is not factor", "Compute $5!$, the factorial of five.", "evaluate"),
    ("expand", "Expand $(x+1)^2$.", "expand"),
    ("maximum", "Find the maximum of $f(x) = -x^2$.", "maximum"),
    ("minimum", "Find the minimum value of $x^2$.", "minimum"),
    ("sum", "Find the sum $\\sum_{k=1}^{5} k$.", "sum"),
    ("求解", "求解 $x^2 = 4$", "solve"),
    ("解方程", "解方程：$2x + 1 = 5$", "solve"),
    ("求导", "求导 $y = x^2$", "derivative"),
    ("计算", "计算 $1 + 2$", "evaluate"),
    ("求极限", "求极限 $\\lim_{x \\to 0} x$", "limit"),
    ("化简", "化简 $\\frac{x^2-1}{x-1}$", "simplify"),
    ("因式分解", "因式分解 $x^2 - 1$", "factor"),
    ("展开", "展开 $(x+1)^2$", "expand"),
    ("最大值", "求 $f(x) = -x^2$ 的最大值", "maximum"),
    ("最小值", "求 $x^2$ 的最小值", "minimum"),
    ("unknown", "Prove that there are infinitely many primes.", None),
    ("parts", "(a) Solve $x^2 = 4$. (b) Compute $2 + 2$.", None),
    ("chinese parts", "（1）求导；（2）求极值", None),
    ("two operations", "Find the maximum and minimum of $x^2$ on $[0, 1]$.", None),
    ("最大值和最小值", "求 $f(x)$ 的最大值和最小值", None),
    ("function names are not parts", "Differentiate f(x) and g(x) at once.", "derivative"),
    ("math words ignored", "Show $\\max(a, b) \\ge a$.", None),
]


@pytest.mark.parametrize(
    ("statement", "kind"), [c[1:] for c in WORDING], ids=[c[0] for c in WORDING]
)
def test_recognise(statement: str, kind: str | None) -> None:
    assert recognise(statement) == kind


x = sympy.Symbol("x")

COMPUTED = [
    ("solve quadratic", "Solve $x^2 - 5x + 6 = 0$.", ("x^2 - 5x + 6 = 0",), "solve", {2, 3}),
    ("solve no real root", "Solve $x^2 + 1 = 0$.", ("x^2 + 1 = 0",), "solve", set()),
    ("roots of expression", "Find the roots of $x^2 - 1$.", ("x^2 - 1",), "solve", {-1, 1}),
    ("system", "Solve $x + y = 3$, $x - y = 1$.", ("x + y = 3", "x - y = 1"), "system", (2, 1)),
    (
        "system in one span",
        "Solve the system $x + y = 3, x - y = 1$.",
        ("x + y = 3, x - y = 1",),
        "system",
        (2, 1),
    ),
    (
        "derivative of a definition",
        "Find the derivative of $f(x) = x^3 \\sin x$.",
        ("f(x) = x^3 \\sin x",),
        "derivative",
        3 * x**2 * sympy.sin(x) + x**3 * sympy.cos(x),
    ),
    ("d by dx", "Compute $\\frac{d}{dx}(x^2)$.", ("\\frac{d}{dx}(x^2)",), "derivative", 2 * x),
    (
        "derivative at a point",
        "求导 $f(x) = x^3$，在 $x = 2$ 处",
        ("f(x) = x^3", "x = 2"),
        "derivative",
        12,
    ),
    (
        "second derivative",
        "Find the second derivative of $x^4$.",
        ("x^4",),
        "derivative",
        12 * x**2,
    ),
    (
        "definite integral",
        "Compute $\\int_0^1 x^2\\,dx$.",
        ("\\int_0^1 x^2\\,dx",),
        "integral",
        sympy.Rational(1, 3),
    ),
    ("indefinite integral", "Find $\\int 2x\\,dx$.", ("\\int 2x\\,dx",), "antiderivative", x**2),
    ("integrate expression", "Integrate $\\cos x$.", ("\\cos x",), "antiderivative", sympy.sin(x)),
    (
        "limit",
        "求极限 $\\lim_{x\\to 0}\\frac{\\sin 3x}{x}$",
        ("\\lim_{x\\to 0}\\frac{\\sin 3x}{x}",),
        "limit",
        3,
    ),
    ("sum", "Evaluate $\\sum_{k=1}^{10} k^2$.", ("\\sum_{k=1}^{10} k^2",), "sum", 385),
    ("simplify", "化简 $\\frac{x^2-1}{x-1}$", ("\\frac{x^2-1}{x-1}",), "simplify", x + 1),
    (
        "evaluate",
        "计算 $\\frac12 + \\frac13$",
        ("\\frac12 + \\frac13",),
        "evaluate",
        sympy.Rational(5, 6),
    ),
    ("factor", "Factor $x^2 - 5x + 6$.", ("x^2 - 5x + 6",), "factor", (x - 2) * (x - 3)),
    ("expand", "Expand $(x+1)^3$.", ("(x+1)^3",), "expand", x**3 + 3 * x**2 + 3 * x + 1),
    (
        "maximum on interval",
        "Find the maximum of $f(x) = x^3 - 3x$ on $[0, 3]$.",
        ("f(x) = x^3 - 3x", "[0, 3]"),
        "maximum",
        18,
    ),
    (
        "minimum on interval",
        "求函数 $f(x)=x^2-4x+3$ 在区间 $[0,3]$ 上的最小值",
        ("f(x)=x^2-4x+3", "[0,3]"),
        "minimum",
        -1,
    ),
    (
        "limit written apart",
        "Find the limit of $\\frac{\\sin x}{x}$ as $x \\to 0$.",
        ("\\frac{\\sin x}{x}", "x \\to 0"),
        "limit",
        1,
    ),
    (
        "primed name asks for a derivative",
        "Find $f'(x)$ for $f(x) = e^{2x}$.",
        ("f'(x)", "f(x) = e^{2x}"),
        "derivative",
        2 * sympy.exp(2 * x),
    ),
    ("function value", "Let $f(x) = x^2$. Compute $f(3)$.", ("f(x) = x^2", "f(3)"), "evaluate", 9),
    (
        "value given equations",
        "If $x + y = 10$ and $xy = 21$, find the value of $x^2 + y^2$.",
        ("x + y = 10", "xy = 21", "x^2 + y^2"),
        "evaluate",
        58,
    ),
    ("find x", "Find $x$ if $2x + 3 = 7$.", ("x", "2x + 3 = 7"), "solve", {2}),
    (
        "inequality",
        "Solve $2x - 1 > 3$.",
        ("2x - 1 > 3",),
        "inequality",
        sympy.Interval.open(2, sympy.oo),
    ),
    (
        "minimum on a half line",
        "Find the minimum of $x + \\frac{1}{x}$ for $x > 0$.",
        ("x + \\frac{1}{x}", "x > 0"),
        "minimum",
        2,
    ),
    ("global minimum", "Find the minimum of $x^2 + 2x$.", ("x^2 + 2x",), "minimum", -1),
    (  # once read as the product f·(−2), now as the function the statement defines
        "calls of a defined function",
        "If $f(x) = \\frac{3x-2}{x-2}$, what is the value of $f(-2) +f(-1)+f(0)$?",
        ("f(x) = \\frac{3x-2}{x-2}", "f(-2) +f(-1)+f(0)"),
        "evaluate",
        sympy.Rational(14, 3),
    ),
]


@pytest.mark.parametrize(
    ("statement", "math", "kind", "answer"), [c[1:] for c in COMPUTED], ids=[c[0] for c in COMPUTED]
)
def test_compute(statement: str, math: tuple[str, ...], kind: str, answer: object) -> None:
    task = compute(statement, math)
    assert task is not None and task.kind == kind
    if isinstance(answer, set):
        assert set(task.answer) == answer
    elif isinstance(answer, sympy.Interval):
        assert task.answer == answer
    elif isinstance(answer, tuple):
        assert tuple(task.answer) == answer
    else:
        assert sympy.simplify(task.answer - answer) == 0


NOT_COMPUTED = [
    (  # MATH train: the symbols stand for operations the problem leaves open
        "an operation written as a symbol",
        "Each of $\\star$ and $*$ is one of $+,-,\\times,\\div$, and $\\frac{12\\star 2}{9*3}=2$. "
        "What is $\\frac{7\\star 3}{12*6}$?",
        ("\\frac{12\\star 2}{9*3}=2", "\\frac{7\\star 3}{12*6}"),
    ),
    (
        "an inverse function applied",
        "Let $f(x) = \\frac{1}{ax+b}$. Find all solutions to $f^{-1}(x) = 0$.",
        ("f(x) = \\frac{1}{ax+b}", "f^{-1}(x) = 0"),
    ),
    (
        "terms hidden in dots",
        "What is the value of the product if $x=2$?",
        ("\\frac{x^1\\cdot x^2\\cdots x^{15}}{x^2\\cdot x^4 \\cdots x^{20}}", "x=2"),
    ),
    ("sum of roots", "Find the sum of the roots of $x^2 - 5x + 6 = 0$.", ("x^2 - 5x + 6 = 0",)),
    ("how many solutions", "How many real solutions does $x^2 = 4$ have?", ("x^2 = 4",)),
    ("两根之和", "求方程 $x^2-5x+6=0$ 两根之和", ("x^2-5x+6=0",)),
    ("ambiguous expressions", "What is $15\\%$ of $80$?", ("15\\%", "80")),
    ("sum without a sum", "Find the sum $1 + 2 + 3$.", ("1 + 2 + 3",)),
    ("no kind", "Prove that $\\sqrt{2}$ is irrational.", ("\\sqrt{2}",)),
    ("no math", "Solve the riddle.", ()),
    ("unbounded maximum", "Find the maximum of $x^3$.", ("x^3",)),
    ("open maximum not attained", "Find the maximum of $x$ on $(0, 1)$.", ("x", "(0, 1)")),
    ("infinite solution set", "Solve $\\sin x = 0$.", ("\\sin x = 0",)),
    ("underdetermined system", "Solve $x + y = 3$.", ("x + y = 3",)),
    # Targets only the words name (MATH test problems the answer check refuted right answers on)
    (
        "a rounding of the math",
        "What is $10.0000198\\cdot 5.9999985401$ to the nearest whole number?",
        ("10.0000198\\cdot 5.9999985401",),
    ),
    (
        "a quantity the words name",
        "The altitude to the hypotenuse has length $6$. What is the area of the triangle?",
        ("6",),
    ),
    ("a figure's name", "What is the area of the pentagon $ABCDE$?", ("ABCDE",)),
    (
        "the condition in words",
        "The mean of the set $\\{6, x, 22\\}$ is equal to the median. What is the value of $x$?",
        ("\\{6, x, 22\\}", "x"),
    ),
]


@pytest.mark.parametrize(
    ("statement", "math"), [c[1:] for c in NOT_COMPUTED], ids=[c[0] for c in NOT_COMPUTED]
)
def test_not_computed(statement: str, math: tuple[str, ...]) -> None:
    assert compute(statement, math) is None


@pytest.mark.parametrize(
    ("before", "boxed", "flagged"),
    [
        (r"4 \cdot 2", "9", True),  # the box is not what the working computes
        (r"4 \cdot 2", "8", False),
        (r"0.6(30)", "18", False),  # written decimals are exact
        (r"\$30.96-\$29.97", "99", False),  # 0.99 dollars boxed in cents
        (r"p = 1 + i", "1.05", False),  # i a rate: not a computed value
        (r"0.08 + 0.48", r"0.56 = 56\%", False),  # the box states two values
        (r"\mathbf{0}", r"\begin{pmatrix} 0 \\ 0 \end{pmatrix}", False),  # not one number
    ],
)
def test_answers_repeating_a_false_box_disagree_with_the_working(
    before: str, boxed: str, flagged: bool
) -> None:
    # `A = \boxed{B}` ends the working and the answer line repeats B (MATH train's planted
    # twins change both); SymPy cannot compute the problem itself.
    statement = "A shop sells pens at 3 for $2$ dollars. How much do 12 pens cost?"
    result = judge_problem(statement, ("2",), (boxed, boxed), None, (), (before, boxed, 0))
    assert [f.target for f in result.findings] == ([1] if flagged else [])
    if flagged:
        assert result.findings[0].code == "answer-mismatch"
        assert "the working computes 8" in result.findings[0].message
