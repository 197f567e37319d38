"""Problems: markers in English and Chinese Markdown, LaTeX items and environments, and
every field (statement, its math, working, answers, solution, insert line, level)."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.model import Language

MARKERS = [
    ("bold-number-dot", "**Problem 1.** Solve $x=1$.", "Problem 1", "Solve $x=1$."),
    ("plain-colon", "Problem 2: Compute $1+1$.", "Problem 2", "Compute $1+1$."),
    ("exercise-dotted-number", "Exercise 2.1. Factor $x^2-1$.", "Exercise 2.1", "Factor $x^2-1$."),
    ("question-paren", "Question 3) Why?", "Question 3", "Why?"),
    (
        "example-emphasis-outside",
        "*Example 4*: Expand $(a+b)^2$.",
        "Example 4",
        "Expand $(a+b)^2$.",
    ),
    ("underscore-emphasis", "__Problem 5__. Go.", "Problem 5", "Go."),
    ("no-number-colon", "Problem: Find $y$.", "Problem", "Find $y$."),
    ("zh-li-fullwidth", "例 1：求 $x$ 的值。", "例 1", "求 $x$ 的值。"),
    ("zh-xiti", "习题3. 化简 $\\frac{2}{4}$。", "习题 3", "化简 $\\frac{2}{4}$。"),
    ("zh-wenti", "问题 2: 计算 $2^3$", "问题 2", "计算 $2^3$"),
    ("zh-ti", "题 4：解方程 $x+1=2$", "题 4", "解方程 $x+1=2$"),
    ("zh-bold", "**例 5.** 求导 $x^2$", "例 5", "求导 $x^2$"),
    ("zh-nth", "第 3 题：求 $1+1$", "第3题", "求 $1+1$"),
    ("zh-nth-chinese-numeral", "**第十二题** 化简", "第十二题", "化简"),
    ("zh-lianxi", "练习 2. 展开 $(a+b)^2$", "练习 2", "展开 $(a+b)^2$"),
]

NOT_MARKERS = [
    ("lowercase-word-in-sentence", "This problem 1 is hard."),
    ("plural", "Problems are fun: yes."),
    ("question-word", "Question whether it holds"),
    ("zh-liru", "例如，$x=1$ 是解。"),
    ("in-code", "```\nProblem 1. Solve\n```"),
    ("in-comment", "<!-- Problem 1. Solve -->"),
]


def parse(text: str, language: Language = "markdown"):  # type: ignore[no-untyped-def]
    return parse_document(text, language)


@pytest.mark.parametrize(
    ("text", "label", "statement"), [c[1:] for c in MARKERS], ids=[c[0] for c in MARKERS]
)
def test_markdown_markers(text: str, label: str, statement: str) -> None:
    (problem,) = parse(text).problems
    assert (problem.label, problem.statement, problem.level) == (label, statement, 0)


@pytest.mark.parametrize("text", [c[1] for c in NOT_MARKERS], ids=[c[0] for c in NOT_MARKERS])
def test_not_markers(text: str) -> None:
    assert parse(text).problems == ()


MARKDOWN_DRAFT = """\
# Homework

## Problem 1

Solve $x^2 - 5x + 6 = 0$.

$$x^2 - 5x + 6 = (x-2)(x-3)$$

$$x = 2 \\text{ or } x = 3$$

**Answer:** $x = 2$ or $x = 3$

<!-- mathlsp:solution model=m samples=1 agree=1/1
Factor.
answer: \\boxed{2, 3}
-->

### Part (a)

Still problem 1: $$a = 1$$

## Problem 2

Compute $\\int_0^1 x\\,dx$.

Ans: $\\frac12$

# Appendix

$$z = 9$$
"""


def test_markdown_heading_problems_fill_every_field() -> None:
    doc = parse(MARKDOWN_DRAFT)
    first, second = doc.problems
    assert (first.label, first.level, second.label, second.level) == (
        "Problem 1",
        2,
        "Problem 2",
        2,
    )
    assert first.statement == "Solve $x^2 - 5x + 6 = 0$."
    assert [s.source for s in first.statement_math] == ["x^2 - 5x + 6 = 0"]
    assert [s.source for s in first.working] == [
        "x^2 - 5x + 6 = (x-2)(x-3)",
        "x = 2 \\text{ or } x = 3",
        "a = 1",
    ]
    assert [a.latex for a in first.answers] == ["$x = 2$ or $x = 3$"]
    assert first.solution is not None and first.solution.answer == "2, 3"
    assert first.insert_at_line == 5
    assert first.statement_range.start.line == 4
    assert first.range.start.line == 2 and first.range.end.line == 19
    assert second.statement == "Compute $\\int_0^1 x\\,dx$."
    assert [a.latex for a in second.answers] == ["\\frac12"]
    assert second.working == () and second.solution is None
    assert second.range.end.line == 25  # the level-1 heading ends it


def test_statement_keeps_display_after_unfinished_sentence() -> None:
    text = "Problem 1. Solve\n$$x^2 = 4.$$\n$$x = \\pm 2$$\n"
    (problem,) = parse(text).problems
    assert problem.statement == "Solve\n$$x^2 = 4.$$"
    assert [s.source for s in problem.working] == ["x = \\pm 2"]
    assert problem.insert_at_line == 2


def test_statement_keeps_a_system_of_displays() -> None:
    text = "Problem 1. Solve the system\n$$x + y = 3$$\n$$x - y = 1$$\n\n$$x = 2$$\n"
    (problem,) = parse(text).problems
    assert [s.source for s in problem.statement_math] == ["x + y = 3", "x - y = 1"]
    assert [s.source for s in problem.working] == ["x = 2"]


def test_statement_stops_at_display_after_finished_sentence() -> None:
    text = "Problem 1. Solve $x^2=4$.\n$$x = \\pm 2$$\n"
    (problem,) = parse(text).problems
    assert problem.statement == "Solve $x^2=4$."
    assert [s.source for s in problem.working] == ["x = \\pm 2"]


def test_consecutive_marker_lines_are_separate_problems() -> None:
    doc = parse("Problem 1. One.\nProblem 2. Two.\n")
    assert [(p.label, p.statement) for p in doc.problems] == [
        ("Problem 1", "One."),
        ("Problem 2", "Two."),
    ]


def test_paragraph_problem_ends_at_any_heading() -> None:
    doc = parse("Problem 1. One.\n\n$$a=1$$\n\n### Notes\n\n$$b=2$$\n")
    (problem,) = doc.problems
    assert [s.source for s in problem.working] == ["a=1"]


def test_setext_heading_problem() -> None:
    text = (
        "Problem 1\n=========\n\nSolve $x^2 = 4$.\n\nAnswer: $x = 3$\n\nNotes\n-----\n\nOn $y$.\n"
    )
    (problem,) = parse(text).problems
    assert (problem.label, problem.level) == ("Problem 1", 1)
    assert problem.statement == "Solve $x^2 = 4$."
    assert [a.latex for a in problem.answers] == ["x = 3"]
    assert problem.range.end.line == 10  # "Notes" is a level-2 heading: still inside


def test_setext_underline_needs_a_one_line_paragraph() -> None:
    text = "Answer: $x = 1$\n---\n\nFirst line\nsecond line\n---\n"
    doc = parse(text)
    assert doc.problems == ()
    assert [s.source for s in doc.spans] == ["x = 1"]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("1. **Problem 1.** Solve $2x = 6$.\n\n   Answer: $x = 4$\n", ["Problem 1"]),
        (
            "- Problem 2: Compute $1 + 1$.\n- Problem 3: Compute $2 + 2$.\n",
            ["Problem 2", "Problem 3"],
        ),
        ("* Exercise 4) Factor $x^2 - 1$.\n", ["Exercise 4"]),
        ("- a problem about $x$\n- Solve $x = 1$.\n", []),
    ],
    ids=["numbered-bold", "bullets", "star", "no-marker"],
)
def test_list_item_problems(text: str, labels: list[str]) -> None:
    assert [p.label for p in parse(text).problems] == labels


def test_list_item_problem_keeps_its_answer() -> None:
    (problem,) = parse("1. **Problem 1.** Solve $2x = 6$.\n\n   Answer: $x = 4$\n").problems
    assert problem.statement == "Solve $2x = 6$."
    assert [a.latex for a in problem.answers] == ["x = 4"]


def test_chinese_markdown_draft() -> None:
    text = "## 例 1：求极限\n\n求 $\\lim_{x\\to0}\\frac{\\sin x}{x}$。\n\n答：$1$\n\n习题 2. 化简 $\\frac{4}{6}$。\n\n答案：$\\frac23$\n"
    first, second = parse(text).problems
    assert (first.label, first.level) == ("例 1", 2)
    assert first.statement == "求极限\n\n求 $\\lim_{x\\to0}\\frac{\\sin x}{x}$。"
    assert [s.source for s in first.statement_math] == ["\\lim_{x\\to0}\\frac{\\sin x}{x}"]
    assert first.insert_at_line == 3
    assert [a.latex for a in first.answers] == ["1"]
    assert (second.label, second.statement) == ("习题 2", "化简 $\\frac{4}{6}$。")
    assert [a.latex for a in second.answers] == ["\\frac23"]


LATEX_SET = r"""\documentclass{article}
\begin{document}
\section{Set 1}
\begin{enumerate}
\item Solve $x^2 = 2x$.
\begin{align*}
x^2 - 2x &= 0 \\
x(x-2) &= 0
\end{align*}
Answer: $x = 0, 2$
% mathlsp:solution model=m samples=2 agree=2/2
% Factor it.
% answer: \boxed{0, 2}
\item[(b)] Differentiate $x^3$.
  \begin{enumerate}
  \item part one $p$
  \end{enumerate}
  The derivative is \boxed{3x^2}.
\end{enumerate}
\begin{problem}[Limits]
Find $\lim_{x\to0} \frac{\sin x}{x}$.
\end{problem}
\[ \frac{\sin x}{x} \to 1 \]
\answer{1}
\section{Other}
$$w = 1$$
\end{document}
"""


def test_latex_items_and_problem_environment() -> None:
    first, second, third = parse(LATEX_SET, "latex").problems
    assert [p.label for p in (first, second, third)] == [
        "\\item 1",
        "\\item (b)",
        "Problem 1 (Limits)",
    ]
    assert first.statement == "Solve $x^2 = 2x$."
    assert [s.source for s in first.working] == ["x^2 - 2x &= 0", "x(x-2) &= 0"]
    assert [a.latex for a in first.answers] == ["x = 0, 2"]
    assert first.solution is not None and first.solution.answer == "0, 2"
    assert first.insert_at_line == 5
    assert [a.latex for a in second.answers] == ["3x^2"]
    assert second.range.end.line == 17  # up to \end{enumerate}, nested items inside
    assert third.statement == "Find $\\lim_{x\\to0} \\frac{\\sin x}{x}$."
    assert [s.source for s in third.working] == ["\\frac{\\sin x}{x} \\to 1"]
    assert [(a.latex, a.form) for a in third.answers] == [("1", "macro")]
    assert third.range.end.line == 23  # runs to \section


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("latex", "\\begin{enumerate}\n\\item Evaluate $1+1$.\n  \\answer{2}\n\\end{enumerate}"),
        ("markdown", "Problem 1. Evaluate $1+1$.\n\\answer{2}\n"),
    ],
    ids=["latex", "markdown"],
)
def test_answer_macro_line_ends_statement(language: Language, text: str) -> None:
    (problem,) = parse(text, language).problems
    assert problem.statement == "Evaluate $1+1$."
    assert [a.latex for a in problem.answers] == ["2"]


def test_exercise_and_question_environments_are_numbered_apart() -> None:
    text = "\\begin{exercise}A\\end{exercise}\n\\begin{question}B\\end{question}\n\\begin{exercise}C\\end{exercise}"
    labels = [p.label for p in parse(text, "latex").problems]
    assert labels == ["Exercise 1", "Question 1", "Exercise 2"]


def test_items_inside_problem_environment_are_parts() -> None:
    text = (
        "\\begin{problem}\nDo:\n\\begin{enumerate}\\item a\\item b\\end{enumerate}\n\\end{problem}"
    )
    assert [p.label for p in parse(text, "latex").problems] == ["Problem 1"]


HEADING_STATEMENTS = [
    ("finished-sentence", "## Problem 1. Solve $x^2=4$.\n\nLet me think.\n", "Solve $x^2=4$."),
    (
        "title-then-text",
        "## Problem 1: Quadratics\n\nSolve $x^2=4$.\n",
        "Quadratics\n\nSolve $x^2=4$.",
    ),
    (
        "title-then-display",
        "## Problem 1 (Expansion)\n\n$$(a+b)^2 = a^2+2ab+b^2$$\n",
        "(Expansion)",
    ),
    ("colon-then-display", "## Problem 1. Solve:\n\n$$x^2 = 4$$\n", "Solve:\n\n$$x^2 = 4$$"),
    ("marker-only", "## Problem 1\n\n$$x^2 = 4$$\n", "$$x^2 = 4$$"),
    ("then-answer", "## Problem 1: Go\n\nAnswer: 1\n", "Go"),
]


@pytest.mark.parametrize(
    ("text", "statement"),
    [c[1:] for c in HEADING_STATEMENTS],
    ids=[c[0] for c in HEADING_STATEMENTS],
)
def test_heading_statement(text: str, statement: str) -> None:
    (problem,) = parse(text).problems
    assert problem.statement == statement


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "markdown",
            "**Problem 1.** Solve $x=1$.\r\n\r\n$$\r\na = b = c\r\n$$\r\n\r\n**Answer:** $1$\r\n",
        ),
        (
            "latex",
            "\\begin{enumerate}\r\n\\item Solve $x=1$.\r\n\\begin{align}\r\na &= b \\\\\r\n&= c\r\n"
            "\\end{align}\r\nAnswer: $1$\r\n\\end{enumerate}\r\n",
        ),
    ],
    ids=["markdown", "latex"],
)
def test_crlf_line_endings(language: Language, text: str) -> None:
    doc = parse_document(text, language)
    (problem,) = doc.problems
    assert problem.statement == "Solve $x=1$."
    assert [(a.latex, a.range.start.line) for a in problem.answers] == [("1", 6)]
    assert [[t.source for t in chain.terms] for chain in doc.chains] == [["a", "b", "c"]]
    assert all("\r" not in span.source for span in doc.spans)


@pytest.mark.parametrize(
    ("text", "statement", "working"),
    [
        ("Problem 1. Solve $x^2=4$.\n```math\nx = 2\n```\n", "Solve $x^2=4$.", ["x = 2"]),
        ("Problem 1. Solve\n```math\nx^2 = 4\n```\n", "Solve\n```math\nx^2 = 4\n```", []),
    ],
    ids=["after-sentence", "after-verb"],
)
def test_math_fence_after_statement(text: str, statement: str, working: list[str]) -> None:
    (problem,) = parse(text).problems
    assert problem.statement == statement
    assert [s.source for s in problem.working] == working


LATEX_HEADED = r"""\section*{Problem 1: Quadratics}
Solve $x^2 = 4$.
\begin{enumerate}
\item part (a) $a$
\end{enumerate}
\subsection*{Work}
$$x = \pm 2$$
\section*{Problem 2}

Compute $1+1$.
\answer{2}
\section{Notes}
\noindent\textbf{Exercise 3.} Factor $x^2-1$.

\textbf{例 4：} 化简 $\frac24$。
\begin{problem}
Env.
\end{problem}
"""


def test_latex_sections_and_bold_paragraphs_as_problems() -> None:
    problems = parse(LATEX_HEADED, "latex").problems
    labels = [(p.label, p.level, p.statement) for p in problems]
    assert labels == [
        ("Problem 1", 1, "Solve $x^2 = 4$."),
        ("Problem 2", 1, "Compute $1+1$."),
        ("Exercise 3", 0, "Factor $x^2-1$."),
        ("例 4", 0, "化简 $\\frac24$。"),
        ("Problem 1", 0, "Env."),
    ]
    first = problems[0]
    assert [s.source for s in first.working] == ["x = \\pm 2"]  # the subsection stays inside
    assert [a.latex for a in problems[1].answers] == ["2"]
    assert problems[1].range.end.line == 10  # \section{Notes} ends it


def test_markdown_accepts_latex_bold_marker() -> None:
    (problem,) = parse("\\textbf{Problem 7.} Go $x$.").problems
    assert (problem.label, problem.statement) == ("Problem 7", "Go $x$.")
