"""Solving steps: lost roots are errors, extraneous ones warnings, correct working is silent."""

from __future__ import annotations

import pytest
from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.steps import check_steps, read_step

SILENT = [
    ("linear", ("2x + 3 = 7", "2x = 4", "x = 2")),
    ("factored quadratic", ("x^2 - 5x + 6 = 0", "(x-2)(x-3) = 0", r"x = 2 \text{ or } x = 3")),
    ("comma answer", ("x^2 - 5x + 6 = 0", "(x-2)(x-3) = 0", "x = 2, 3")),
    ("set answer", ("x^2 - 5x + 6 = 0", r"x \in \{2, 3\}")),
    ("plus minus", ("x^2 = 4", r"x = \pm 2")),
    ("case split", ("x^2 = 2x", "x(x-2) = 0", "x = 0", "x = 2")),
    ("subscripted roots", ("x^2 - 5x + 6 = 0", "x_1 = 2, x_2 = 3")),
    ("chain in one line", ("x^2 - 4 = (x-2)(x+2) = 0", r"x = \pm 2")),
    ("align rows", ("x^2 &= 4", r"x &= \pm 2")),
    ("real cube root", ("x^3 = 8", "x = 2")),
    ("absolute value cases", ("|x - 1| = 2", "x - 1 = 2", "x = 3", "x - 1 = -2", "x = -1")),
    ("extraneous root checked away", ("x^2 - 5x + 4 = 0", r"x = 1 \text{ or } x = 4")),
    ("two unknowns ignored", ("x + y = 3", "x - y = 1", "x = 2")),
    ("definitions ignored", ("f(x) = x^2 - 1", "f(x) = 0", "x = 1")),
    ("not equations ignored", ("x^2 - 1", "x > 2", "x = 5")),
    ("unreadable ignored", (r"\frac{", "x = 2")),
    ("second case after a solved one", ("x^2 = 1", r"x = \pm 1", "x^2 = 4", r"x = \pm 2")),
    ("check after the answer", ("2x + 3 = 7", "x = 2", r"2 \cdot 2 + 3 = 7")),
    ("rational equation", (r"\frac{1}{x} = 2", "1 = 2x", r"x = \frac12")),
]


@pytest.mark.parametrize("equations", [c[1] for c in SILENT], ids=[c[0] for c in SILENT])
def test_correct_working_is_silent(equations: tuple[str, ...]) -> None:
    assert check_steps(equations) == ()


FLAGGED = [
    ("divide by x", ("x^2 = 2x", "x = 2"), 1, Severity.ERROR, "loses x = 0"),
    ("square root one sign", ("x^2 = 4", "x = 2"), 1, Severity.ERROR, "loses x = -2"),
    ("arithmetic slip", ("2x + 3 = 7", "2x = 10", "x = 5"), 1, Severity.ERROR, "gains x = 5"),
    ("absolute value one case", ("|x - 1| = 2", "x - 1 = 2"), 1, Severity.ERROR, "loses x = -1"),
    ("squaring", (r"\sqrt{x} = x - 2", "x = (x-2)^2"), 1, Severity.WARNING, "gains x = 1"),
    (
        "clearing a denominator",
        (r"\frac{x^2-1}{x-1} = 0", "x^2 - 1 = 0"),
        1,
        Severity.WARNING,
        "gains x = 1",
    ),
    ("late slip", ("x + 1 = 3", "x = 2", "x = 3"), 2, Severity.ERROR, "loses x = 2"),
]


@pytest.mark.parametrize(
    ("equations", "target", "severity", "phrase"),
    [c[1:] for c in FLAGGED],
    ids=[c[0] for c in FLAGGED],
)
def test_flagged_steps(
    equations: tuple[str, ...], target: int, severity: Severity, phrase: str
) -> None:
    findings = check_steps(equations)
    assert len(findings) == 1, findings
    (finding,) = findings
    assert (finding.code, finding.target, finding.severity) == ("invalid-step", target, severity)
    assert phrase in finding.message


def test_message_names_both_sets() -> None:
    (finding,) = check_steps(("x^2 = 2x", "x = 2"))
    assert finding.message == "this step loses x = 0: x² = 2x has solutions {0, 2}, x = 2 has {2}"


READ = [
    ("equation", "x^2 - 5x + 6 = 0", (2, 3), False),
    ("or form", r"x = 2 \text{ or } x = 3", (2, 3), True),
    ("set form", r"x \in \{2, 3\}", (2, 3), True),
    ("no real roots", "x^2 + 1 = 0", (), False),
    ("infinite set", r"\sin x = 0", None, False),
]


@pytest.mark.parametrize(
    ("latex", "roots", "solved"), [c[1:] for c in READ], ids=[c[0] for c in READ]
)
def test_read_step(latex: str, roots: tuple[int, ...] | None, solved: bool) -> None:
    step = read_step(latex)
    assert step is not None and str(step.symbol) == "x"
    assert step.solved is solved
    assert (None if step.roots is None else tuple(sorted(step.roots))) == roots
