"""The worker-side judgements end to end: spans, chains, steps and problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.entry import judge_chain, judge_problem, judge_span, judge_steps

FALSE_CLAIMS = [
    ("log", r"\log_2 8 = 4", "`\\log_2 8 = 4` is false: log₂ 8 = 3, not 4"),
    (
        "integral",
        r"\int_0^1 x^2\,dx = \frac12",
        "`\\int_0^1 x^2\\,dx = \\frac12` is false: ∫₀¹ x² dx = 1/3, not 1/2",
    ),
    ("arithmetic", "2+2=5", "`2+2=5` is false: 2 + 2 = 4, not 5"),
    ("factorial", "5! = 100", "`5! = 100` is false: 5! = 120, not 100"),
    ("sum", r"\sum_{k=1}^{10} k = 50", "`\\sum_{k=1}^{10} k = 50` is false: Σₖ₌₁¹⁰ k = 55, not 50"),
    ("limit", r"\lim_{x\to 0}\frac{\sin x}{x} = 0", "is false: lim_(x→0) (sin(x)/x) = 1, not 0"),
    ("inequality", r"\pi < 3", "`\\pi < 3` is false: π ≈ 3.14159 is not < 3"),
    ("not equal", r"2 \ne 2", "`2 \\ne 2` is false: 2 = 2"),
]


@pytest.mark.parametrize(
    ("source", "message"), [c[1:] for c in FALSE_CLAIMS], ids=[c[0] for c in FALSE_CLAIMS]
)
def test_false_claims_are_errors(source: str, message: str) -> None:
    result = judge_span(source)
    (finding,) = result.findings
    assert (finding.code, finding.severity, finding.target) == ("false-equation", Severity.ERROR, 0)
    assert message in finding.message
    assert result.reads_as is not None
    assert "✗" in result.hover


CORRECT_SPANS = [
    ("integral", r"\int_0^1 x^2\,dx = \frac13"),
    ("log", r"\log_2 8 = 3"),
    ("root", r"\sqrt{2}^2 = 2"),
    ("binomial", r"\binom{5}{2}=10"),
    ("factorial", "5! = 120"),
    ("limit", r"\lim_{x\to 0}\frac{\sin x}{x} = 1"),
    ("sum", r"\sum_{k=1}^{10} k = 55"),
    ("less or equal", r"2 \le 3"),
    ("not equal", r"1 \ne 2"),
    ("condition", "x^2 - 5x + 6 = 0"),
    ("identity", r"\sin^2 x + \cos^2 x = 1"),
    ("function definition", r"f(x) = x^3 \sin x"),
    ("inequality condition", "x > 2"),
    ("chain span", "(x+1)^2 = x^2 + 2x + 1 = 0"),
    ("approximation", r"\pi \approx 3.14"),
    ("expression", r"\frac{x^2 - 1}{x - 1}"),
    ("number", r"\frac{1}{3}"),
    ("trailing period", "2 + 2 = 4."),
    ("align row", "x^2 + 2x &= x(x + 2)"),
    ("a solution list", r"x = 2 \text{ or } x = 3"),
]


@pytest.mark.parametrize("source", [c[1] for c in CORRECT_SPANS], ids=[c[0] for c in CORRECT_SPANS])
def test_no_false_alarms_on_correct_spans(source: str) -> None:
    result = judge_span(source)
    assert result.findings == ()
    assert result.reads_as is not None and result.hover.startswith("SymPy reads")


HOVERS = [
    ("true claim", r"\int_0^1 x^2\,dx = \frac13", "✓ ∫₀¹ x² dx = 1/3"),
    ("condition solved", "x^2 - 5x + 6 = 0", "holds for x = 2 or x = 3"),
    ("identity", "(x+1)^2 = x^2 + 2x + 1", "✓ holds for all x"),
    ("number value", r"\frac{\pi}{4}", "= π/4 ≈ 0.785398"),
    ("exact value", r"\sqrt{8}", "= 2√2 ≈ 2.82843"),
    ("simplified", r"\frac{x^2 - 1}{x - 1}", "simplifies to x + 1"),
    ("chain", "a = b = c", "a chain"),
]


@pytest.mark.parametrize(("source", "line"), [c[1:] for c in HOVERS], ids=[c[0] for c in HOVERS])
def test_hover_lines(source: str, line: str) -> None:
    assert line in judge_span(source).hover


def test_unreadable_claim() -> None:
    result = judge_span(r"\frac{ = 1")
    assert result.reads_as is None
    (finding,) = result.findings
    assert (finding.code, finding.severity) == ("unverified", Severity.INFORMATION)
    assert finding.message.startswith("could not read `\\frac{ = 1`:")


@pytest.mark.parametrize("source", [r"\frac{", r"A \cup B", r"f: X \to Y", r"\Rightarrow"])
def test_unreadable_math_without_a_claim_is_only_a_hover(source: str) -> None:
    """Nothing to check, so no diagnostic; hover still says SymPy does not read it."""
    result = judge_span(source)
    assert result.reads_as is None and result.findings == ()
    assert "nothing to check" in result.hover


CHAINS = [
    ("square", ("(x+1)^2", "x^2+2x+1"), []),
    ("removable singularity", (r"\frac{x^2-1}{x-1}", "x+1"), []),
    ("three terms", ("(a+b)^2", "a^2+2ab+b^2", "a^2+b^2+2ab"), []),
    ("align rows", ("x^2 - 1", "&= (x-1)(x+1)"), []),
    ("missing term", ("(x+1)^2", "x^2+x+1"), [(0, "(x + 1)² ≠ x² + x + 1: they differ by x")]),
    ("wrong cancel", (r"\frac{x^2-1}{x-1}", "x-1"), [(0, "≠ x - 1: they differ by 2")]),
    ("second link", ("(x-1)(x+1)", "x^2-1", "x^2+1"), [(1, "x² - 1 ≠ x² + 1: they differ by -2")]),
    ("absolute value", (r"\sqrt{x^2}", "x"), [(0, "√(x²) ≠ x: at x = ")]),
]


@pytest.mark.parametrize(("terms", "expected"), [c[1:] for c in CHAINS], ids=[c[0] for c in CHAINS])
def test_chains(terms: tuple[str, ...], expected: list[tuple[int, str]]) -> None:
    result = judge_chain(terms)
    assert len(result.hover) == len(terms) - 1
    errors = [(f.target, f.message) for f in result.findings]
    assert [t for t, _ in errors] == [t for t, _ in expected]
    for (_, message), (_, phrase) in zip(errors, expected, strict=True):
        assert phrase in message
    assert all(f.code == "false-equation" and f.severity == Severity.ERROR for f in result.findings)


def test_chain_with_unreadable_term_is_unverified() -> None:
    result = judge_chain(("x + 1", r"\frac{", "x + 1"))
    assert [(f.code, f.target) for f in result.findings] == [("unverified", 0), ("unverified", 1)]


def test_steps_result() -> None:
    (finding,) = judge_steps(("x^2 = 2x", "x = 2")).findings
    assert (finding.code, finding.severity, finding.target) == ("invalid-step", Severity.ERROR, 1)
    assert judge_steps(("2x + 3 = 7", "2x = 4", "x = 2")).findings == ()


PROBLEMS = [
    ("solve", "Solve $x^2 - 5x + 6 = 0$.", ("x^2 - 5x + 6 = 0",), "x = 2, 3", "x = 2", "solve"),
    (
        "solve or",
        "Solve $x^2 - 5x + 6 = 0$.",
        ("x^2 - 5x + 6 = 0",),
        r"x=2 \text{ or } x=3",
        "3",
        "solve",
    ),
    (
        "solve set",
        "Solve $x^2 - 5x + 6 = 0$.",
        ("x^2 - 5x + 6 = 0",),
        r"\{2, 3\}",
        r"\{2, 4\}",
        "solve",
    ),
    ("solve bare", "Solve $x^2 - 5x + 6 = 0$.", ("x^2 - 5x + 6 = 0",), "2, 3", "2, 3, 4", "solve"),
    ("解方程", "解方程 $x^2 = 4$。", ("x^2 = 4",), r"x = \pm 2", "x = 2", "solve"),
    (
        "system",
        "Solve $x + y = 3$ and $x - y = 1$.",
        ("x + y = 3", "x - y = 1"),
        "x = 2, y = 1",
        "x = 1, y = 2",
        "system",
    ),
    (
        "derivative",
        "Find the derivative of $f(x) = x^3 \\sin x$.",
        ("f(x) = x^3 \\sin x",),
        "3x^2 \\sin x + x^3 \\cos x",
        "3x^2 \\cos x",
        "derivative",
    ),
    (
        "derivative prime",
        "Differentiate $f(x) = x^2$.",
        ("f(x) = x^2",),
        "f'(x) = 2x",
        "f'(x) = x",
        "derivative",
    ),
    ("求导", "求导：$y = x^2 e^x$", ("y = x^2 e^x",), "2xe^x + x^2 e^x", "2xe^x", "derivative"),
    (
        "definite integral",
        "Compute $\\int_0^1 x^2\\,dx$.",
        ("\\int_0^1 x^2\\,dx",),
        "\\frac13",
        "\\frac12",
        "integral",
    ),
    (
        "indefinite integral",
        "Find $\\int x^2\\,dx$.",
        ("\\int x^2\\,dx",),
        "\\frac{x^3}{3} + C",
        "x^3 + C",
        "antiderivative",
    ),
    (
        "积分",
        "求不定积分 $\\int \\cos x \\, dx$",
        ("\\int \\cos x \\, dx",),
        "\\sin x + C",
        "-\\sin x + C",
        "antiderivative",
    ),
    (
        "limit",
        "Find the limit $\\lim_{x\\to 0}\\frac{\\sin 3x}{x}$.",
        ("\\lim_{x\\to 0}\\frac{\\sin 3x}{x}",),
        "3",
        "1",
        "limit",
    ),
    (
        "求极限",
        "求极限 $\\lim_{x\\to\\infty}\\frac{2x+1}{x}$",
        ("\\lim_{x\\to\\infty}\\frac{2x+1}{x}",),
        "2",
        "0",
        "limit",
    ),
    ("sum", "Evaluate $\\sum_{k=1}^{10} k^2$.", ("\\sum_{k=1}^{10} k^2",), "385", "380", "sum"),
    (
        "simplify",
        "Simplify $\\frac{x^2-1}{x-1}$.",
        ("\\frac{x^2-1}{x-1}",),
        "x+1",
        "x-1",
        "simplify",
    ),
    ("化简", "化简 $\\sin^2 x + \\cos^2 x$", ("\\sin^2 x + \\cos^2 x",), "1", "2", "simplify"),
    ("compute", "Compute $2^{10}$.", ("2^{10}",), "1024", "1000", "evaluate"),
    ("计算", "计算 $\\frac12 + \\frac13$", ("\\frac12 + \\frac13",), "\\frac56", "0.8", "evaluate"),
    ("factor", "Factor $x^2 - 5x + 6$.", ("x^2 - 5x + 6",), "(x-2)(x-3)", "(x-1)(x-6)", "factor"),
    ("factor not factored", "Factor $x^2 - 1$.", ("x^2 - 1",), "(x+1)(x-1)", "x^2 - 1", "factor"),
    ("因式分解", "因式分解 $x^2 - 1$", ("x^2 - 1",), "(x-1)(x+1)", "(x-1)^2", "factor"),
    ("expand", "Expand $(x+1)^2$.", ("(x+1)^2",), "x^2 + 2x + 1", "x^2 + 1", "expand"),
    ("展开", "展开 $(x+1)^2$", ("(x+1)^2",), "x^2 + 2x + 1", "(x+1)^2", "expand"),
    (
        "maximum",
        "Find the maximum of $f(x) = x^3 - 3x$ on $[0, 3]$.",
        ("f(x) = x^3 - 3x", "[0, 3]"),
        "18",
        "2",
        "maximum",
    ),
    (
        "最小值",
        "求函数 $f(x)=x^2-4x+3$ 在区间 $[0,3]$ 上的最小值",
        ("f(x)=x^2-4x+3", "[0,3]"),
        "-1",
        "0",
        "minimum",
    ),
]


@pytest.mark.parametrize(
    ("statement", "math", "right", "wrong", "kind"),
    [c[1:] for c in PROBLEMS],
    ids=[c[0] for c in PROBLEMS],
)
def test_problem_answers(
    statement: str, math: tuple[str, ...], right: str, wrong: str, kind: str
) -> None:
    verified = judge_problem(statement, math, (right,), None)
    assert (verified.kind, verified.status, verified.findings) == (kind, "verified", ())
    assert verified.computed is not None
    result = judge_problem(statement, math, (right, wrong), None)
    assert result.status == "mismatch"
    (finding,) = result.findings
    assert (finding.code, finding.severity, finding.target) == (
        "answer-mismatch",
        Severity.ERROR,
        1,
    )
    assert finding.message.startswith("wrote ")
    assert finding.data["replacement"] == result.computed


def test_mismatch_message_names_both_sides() -> None:
    result = judge_problem(
        "Compute $\\int_0^1 x^2\\,dx$.", ("\\int_0^1 x^2\\,dx",), ("\\frac12",), None
    )
    (finding,) = result.findings
    assert finding.message == "wrote 1/2; SymPy computes ∫₀¹ x² dx = 1/3"
    assert finding.data == {"replacement": "\\frac{1}{3}"}


def test_quick_fix_keeps_the_natural_log() -> None:
    """sympy.latex writes ln x as `\\log`, which reads back as base 10: the fix would be wrong."""
    result = judge_problem("Differentiate $x \\ln x$.", ("x \\ln x",), ("\\ln x",), None)
    (finding,) = result.findings
    replacement = finding.data["replacement"]
    assert replacement == "\\ln{\\left(x \\right)} + 1"
    fixed = judge_problem("Differentiate $x \\ln x$.", ("x \\ln x",), (replacement,), None)
    assert fixed.status == "verified"


@pytest.mark.parametrize(
    ("statement", "math", "wrong"),
    [
        ("Simplify $\\sqrt{x^2}$.", ("\\sqrt{x^2}",), "x"),
        ("Simplify $\\frac{\\sin x}{x}$.", ("\\frac{\\sin x}{x}",), "1"),
        ("Simplify $e^{x} + x$.", ("e^{x} + x",), "e^{2x}"),
    ],
    ids=["sqrt-of-square", "sin-over-x", "already-simple"],
)
def test_mismatch_never_gives_the_question_as_the_answer(
    statement: str, math: tuple[str, ...], wrong: str
) -> None:
    """ "SymPy computes √(x²) = √(x²)" answers nothing: when SymPy leaves the expression as it
    is, the message and the hover say so instead."""
    result = judge_problem(statement, math, (wrong,), None)
    for text in (*(f.message for f in result.findings), result.hover):
        assert not re.search(r"SymPy \w+ (.+?) = \1(?:$|[;,\n(])", text), text


def test_missing_root_is_named() -> None:
    result = judge_problem("Solve $x^2 = 4$.", ("x^2 = 4",), ("x = 2",), None)
    assert "missing x = -2" in result.findings[0].message


def test_model_answer_fallback() -> None:
    fields = (("samples", "5"), ("agree", "4"))
    result = judge_problem("How many ways can 5 people sit in a row?", (), ("100",), "120", fields)
    assert (result.kind, result.status) == (None, "mismatch")
    (finding,) = result.findings
    assert (finding.code, finding.severity) == ("answer-mismatch", Severity.WARNING)
    assert finding.message == "wrote 100; the model's recorded answer is 120 (4 of 5 samples agree)"
    assert finding.data == {"replacement": "120"}
    agreeing = judge_problem("How many ways?", (), ("120",), "\\boxed{120}", fields)
    assert agreeing.findings == () and agreeing.status == "verified"


@pytest.mark.parametrize(
    ("written", "status"),
    [
        pytest.param("2.0944", "verified", id="rounded-correctly"),
        pytest.param("2.0954", "mismatch", id="wrong-digit"),
    ],
)
def test_model_answer_at_written_precision(written: str, status: str) -> None:
    """A written decimal that rounds the model's exact answer is no error (DESIGN, Precision)."""
    result = judge_problem("Find the angle.", (), (written,), "\\boxed{\\frac{2\\pi}{3}}")
    assert result.status == status


NO_VERDICT = [
    ("no answer", "Solve $x^2 = 4$.", ("x^2 = 4",), (), None, "no-answer"),
    ("no kind no model", "Prove it.", (), ("7",), None, "unverified"),
    ("no kind no answer", "Prove it.", (), (), "8", "no-answer"),
]


@pytest.mark.parametrize(
    ("statement", "math", "answers", "model", "status"),
    [c[1:] for c in NO_VERDICT],
    ids=[c[0] for c in NO_VERDICT],
)
def test_problems_without_verdict(
    statement: str, math: tuple[str, ...], answers: tuple[str, ...], model: str | None, status: str
) -> None:
    result = judge_problem(statement, math, answers, model)
    assert result.status == status
    assert not [f for f in result.findings if f.severity == Severity.ERROR]


def _broken(*args: object) -> None:
    raise ZeroDivisionError("boom")


BOUNDARY = [
    ("span", "mathlsp.check.judge.spans.read_span", lambda: judge_span("1 = 1")),
    ("chain", "mathlsp.check.judge.spans.read_chain", lambda: judge_chain(("1", "1"))),
    ("steps", "mathlsp.check.judge.steps.check_steps", lambda: judge_steps(("x = 1", "x = 1"))),
    (
        "problem",
        "mathlsp.check.judge.problem_check.check_problem",
        lambda: judge_problem("Solve $x = 1$.", ("x = 1",), ("1",), None),
    ),
]


@pytest.mark.parametrize(
    ("target", "call"), [c[1:] for c in BOUNDARY], ids=[c[0] for c in BOUNDARY]
)
def test_failures_become_unverified(
    monkeypatch: pytest.MonkeyPatch, target: str, call: Callable[[], Any]
) -> None:
    monkeypatch.setattr(target, _broken)
    (finding,) = call().findings
    assert (finding.code, finding.severity) == ("unverified", Severity.INFORMATION)
    assert "ZeroDivisionError: boom" in finding.message


def test_raise_errors_shows_the_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mathlsp.check.judge.spans.read_span", _broken)
    with pytest.raises(ZeroDivisionError):
        judge_span("1 = 1", raise_errors=True)
