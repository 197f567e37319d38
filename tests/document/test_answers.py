"""Written answers: every line form, boxed, macro, ranges on the content, and what is skipped."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.model import Language, WrittenAnswer

from tests.document.util import slice_range

CASES = [
    ("answer-math", "markdown", "Answer: $\\frac13$", [("\\frac13", "line")]),
    ("bold-answer", "markdown", "**Answer:** $x = 2$", [("x = 2", "line")]),
    ("star-answer-colon-outside", "markdown", "*Answer*: $4$", [("4", "line")]),
    ("underscore-ans", "markdown", "_Ans:_ $y$", [("y", "line")]),
    ("final-answer", "markdown", "**Final answer:** $7$", [("7", "line")]),
    ("lowercase", "markdown", "answer: 12", [("12", "line")]),
    ("plain-text-period", "markdown", "Answer: x = 3.", [("x = 3", "line")]),
    ("two-spans-plain", "markdown", "Answer: $x=1$ or $x=2$", [("$x=1$ or $x=2$", "line")]),
    ("math-then-period", "markdown", "Answer: $x=1$.", [("x=1", "line")]),
    ("boxed-in-answer-line", "markdown", "Answer: $\\boxed{5}$", [("5", "line")]),
    ("display-on-next-line", "markdown", "Answer:\n$$x = 4$$", [("x = 4", "line")]),
    ("zh-da", "markdown", "答: $3$", [("3", "line")]),
    ("zh-da-fullwidth", "markdown", "答：$3$", [("3", "line")]),
    ("zh-daan", "markdown", "答案: 无解", [("无解", "line")]),
    ("zh-daan-fullwidth-period", "markdown", "答案：$x=2$。", [("x=2", "line")]),
    ("list-item-answer", "markdown", "- Answer: $1$", [("1", "line")]),
    ("boxed", "markdown", "So $x = \\boxed{\\frac{1}{2}}$.", [("\\frac{1}{2}", "boxed")]),
    ("boxed-nested", "latex", "\\boxed{\\frac{\\sqrt{2}}{2}}", [("\\frac{\\sqrt{2}}{2}", "boxed")]),
    ("macro", "latex", "\\answer{42}", [("42", "macro")]),
    ("latex-answer-line", "latex", "Answer: $x = 1$", [("x = 1", "line")]),
    ("latex-textbf-answer", "latex", "\\textbf{Answer:} $9$", [("9", "line")]),
    ("two-boxed", "latex", "$\\boxed{1}$ and $\\boxed{2}$", [("1", "boxed"), ("2", "boxed")]),
]

SKIPPED = [
    ("answer-in-code-span", "markdown", "`Answer: 1` and `\\boxed{2}`"),
    ("answer-in-fence", "markdown", "```\nAnswer: 1\n\\boxed{2}\n```"),
    ("answer-in-comment", "markdown", "<!-- Answer: 3 \\boxed{4} -->"),
    ("boxed-in-latex-comment", "latex", "% \\boxed{1}"),
    ("boxed-in-verbatim", "latex", "\\begin{verbatim}\\boxed{1}\\end{verbatim}"),
    ("empty-boxed", "latex", "\\boxed{}"),
    ("macro-definition", "latex", "\\newcommand{\\answer}[1]{\\textbf{#1}}"),
    ("boxed-parameter", "latex", "\\newcommand{\\ans}[1]{\\boxed{#1}}"),
    ("unterminated-boxed", "latex", "\\boxed{1"),
    ("answer-word-without-colon", "markdown", "Answer the question below."),
    ("empty-answer-line", "markdown", "Answer:"),
    ("off-region", "markdown", "<!-- mathlsp: off -->\nAnswer: $1$\n<!-- mathlsp: on -->"),
    ("ignored", "markdown", "<!-- mathlsp: ignore -->\nAnswer: $1$"),
    ("boxed-in-ignored-span", "markdown", "<!-- mathlsp: ignore -->\n$$x = \\boxed{3}$$"),
    ("boxed-in-off-region", "latex", "% mathlsp: off\n$\\boxed{3}$"),
    ("solution-block", "markdown", "<!-- mathlsp:solution\nx\nanswer: \\boxed{1}\n-->"),
    ("latex-solution-block", "latex", "% mathlsp:solution\n% answer: \\boxed{1}"),
]


def answers(text: str, language: Language) -> list[WrittenAnswer]:
    head = (
        "Problem 1. Go.\n\n" if language == "markdown" else "\\begin{problem}Go.\\end{problem}\n\n"
    )
    (problem,) = parse_document(head + text, language).problems
    return list(problem.answers)


@pytest.mark.parametrize(
    ("language", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_answers(language: Language, text: str, expected: list[tuple[str, str]]) -> None:
    found = answers(text, language)
    assert [(a.latex, a.form) for a in found] == expected


@pytest.mark.parametrize(
    ("language", "text", "_"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_answer_range_covers_its_content(language: Language, text: str, _: object) -> None:
    head = (
        "Problem 1. Go.\n\n" if language == "markdown" else "\\begin{problem}Go.\\end{problem}\n\n"
    )
    full = head + text
    for answer in parse_document(full, language).problems[0].answers:
        assert slice_range(full, answer.range) == answer.latex


@pytest.mark.parametrize(
    ("language", "text"), [c[1:] for c in SKIPPED], ids=[c[0] for c in SKIPPED]
)
def test_not_answers(language: Language, text: str) -> None:
    assert answers(text, language) == []
