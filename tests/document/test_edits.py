"""Edit planning: solution insertion and re-anchoring, ignore lines, answer replacement.

Documents are built by hand (``_doc``) so these tests pin the planner, not the scanners."""

from __future__ import annotations

import pytest
from mathlsp.document.edits import (
    Anchor,
    TextEdit,
    anchor_for_problem,
    anchor_for_selection,
    find_problem,
    plan_ignore_edit,
    plan_replacement,
    plan_solution_edit,
    problem_index_at,
    readable,
)
from mathlsp.document.model import Document, Language, Problem, SolutionBlock
from mathlsp.document.text import LineIndex, Position, Range

MD_COMMENT = "<!-- mathlsp:solution model=m\nx = 2\nanswer: \\boxed{2}\n-->"
TEX_COMMENT = "% mathlsp:solution model=m\n% x = 2\n% answer: \\boxed{2}"


def apply(text: str, edit: TextEdit) -> str:
    index = LineIndex(text)
    start, end = index.offset(edit.range.start), index.offset(edit.range.end)
    return text[:start] + edit.new_text + text[end:]


def _line_range(text: str, first: int, last: int) -> Range:
    lines = text.split("\n")
    return Range(Position(first, 0), Position(last, len(lines[last])))


def _solutions(text: str, language: Language) -> list[SolutionBlock]:
    """Solution blocks found by a minimal scan (enough for these fixtures)."""
    lines = text.split("\n")
    blocks = []
    i = 0
    while i < len(lines):
        if "mathlsp:solution" in lines[i]:
            j = i
            if language == "markdown":
                while "-->" not in lines[j]:
                    j += 1
            else:
                while j + 1 < len(lines) and lines[j + 1].startswith("%"):
                    j += 1
            blocks.append(SolutionBlock(_line_range(text, i, j), {}, "", "2"))
            i = j
        i += 1
    return blocks


def _doc(text: str, language: Language, problems: list[tuple[str, int, int, int]]) -> Document:
    """``problems``: (label, statement line, last line, insert_at_line); statement is that
    line's text after the marker's first '.'."""
    lines = text.split("\n")
    solutions = _solutions(text, language)
    built = []
    for label, first, last, insert_at in problems:
        line = lines[first]
        statement = (
            line.removeprefix("\\item").strip()
            if line.startswith("\\item")
            else line.split(".", 1)[-1].strip()
        )
        range_ = _line_range(text, first, last)
        own = [s for s in solutions if first <= s.range.start.line <= last]
        built.append(
            Problem(
                label=label,
                range=range_,
                statement=statement,
                statement_range=_line_range(text, first, first),
                statement_math=(),
                working=(),
                answers=(),
                solution=own[0] if own else None,
                insert_at_line=insert_at,
            )
        )
    return Document(text, language, (), (), tuple(built), tuple(solutions))


MD = "# Notes\n\nProblem 1. Solve $x+1=3$.\n\nAnswer: $2$\n\nProblem 2. Find $1+1$.\n"


@pytest.mark.parametrize(
    ("text", "language", "problems", "anchor", "expected"),
    [
        (
            MD,
            "markdown",
            [("Problem 1", 2, 5, 3), ("Problem 2", 6, 7, 7)],
            Anchor("Problem 1", "Solve $x+1=3$.", 2),
            "# Notes\n\nProblem 1. Solve $x+1=3$.\n" + MD_COMMENT + "\n\nAnswer: $2$\n\n"
            "Problem 2. Find $1+1$.\n",
        ),
        (
            "Problem 1. Solve $x+1=3$.",
            "markdown",
            [("Problem 1", 0, 0, 1)],
            Anchor("Problem 1", "Solve $x+1=3$.", 0),
            "Problem 1. Solve $x+1=3$.\n" + MD_COMMENT + "\n",
        ),
        (
            # The user typed two lines above while the model ran: found again by statement.
            "New intro.\nMore.\n\n" + MD,
            "markdown",
            [("Problem 1", 5, 8, 6), ("Problem 2", 9, 10, 10)],
            Anchor("Problem 1", "Solve $x+1=3$.", 2),
            "New intro.\nMore.\n\n# Notes\n\nProblem 1. Solve $x+1=3$.\n"
            + MD_COMMENT
            + "\n\nAnswer: $2$\n\nProblem 2. Find $1+1$.\n",
        ),
        (
            # Solving again replaces the earlier block.
            "Problem 1. Solve $x+1=3$.\n<!-- mathlsp:solution model=old\nold\n"
            "answer: \\boxed{9}\n-->\n\nAnswer: $2$\n",
            "markdown",
            [("Problem 1", 0, 7, 1)],
            Anchor("Problem 1", "Solve $x+1=3$.", 0),
            "Problem 1. Solve $x+1=3$.\n" + MD_COMMENT + "\n\nAnswer: $2$\n",
        ),
        (
            "\\begin{enumerate}\n\\item Solve $x+1=3$.\n% mathlsp:solution model=old\n"
            "% old\n% answer: \\boxed{9}\n\\end{enumerate}\n",
            "latex",
            [("\\item 1", 1, 4, 2)],
            Anchor("\\item 1", "Solve $x+1=3$.", 1),
            "\\begin{enumerate}\n\\item Solve $x+1=3$.\n" + TEX_COMMENT + "\n\\end{enumerate}\n",
        ),
        (
            # The user renamed the problem: the statement still finds it.
            "Exercise 1. Solve $x+1=3$.\n",
            "markdown",
            [("Exercise 1", 0, 0, 1)],
            Anchor("Problem 1", "Solve $x+1=3$.", 0),
            "Exercise 1. Solve $x+1=3$.\n" + MD_COMMENT + "\n",
        ),
        (
            # Spacing changed in the statement: still the same statement.
            "Problem 1. Solve  $x+1=3$.\n",
            "markdown",
            [("Problem 1", 0, 0, 1)],
            Anchor("Problem 1", "Solve $x+1=3$.", 0),
            "Problem 1. Solve  $x+1=3$.\n" + MD_COMMENT + "\n",
        ),
    ],
    ids=[
        "md-insert",
        "md-at-end-no-newline",
        "re-anchor",
        "md-replace",
        "tex-replace",
        "renamed",
        "respaced-statement",
    ],
)
def test_plan_solution_edit(
    text: str,
    language: Language,
    problems: list[tuple[str, int, int, int]],
    anchor: Anchor,
    expected: str,
) -> None:
    document = _doc(text, language, problems)
    comment = MD_COMMENT if language == "markdown" else TEX_COMMENT
    edit = plan_solution_edit(document, anchor, comment + "\n")
    assert edit is not None
    assert apply(text, edit) == expected


def test_problem_gone_gives_no_edit() -> None:
    document = _doc("Problem 7. Something else entirely.\n", "markdown", [("Problem 7", 0, 0, 1)])
    anchor = Anchor("Problem 1", "Solve $x+1=3$ for real x.", 0)
    assert find_problem(document, anchor) is None
    assert plan_solution_edit(document, anchor, MD_COMMENT) is None


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        # Problem 2 was deleted while it was solved: Problem 3 is not it, however similar.
        (
            "Problem 1. Solve $3x + 5 = 11$.\n\nProblem 3. Solve $3x + 5 = 20$.\n",
            [("Problem 1", 0, 1, 1), ("Problem 3", 2, 2, 3)],
        ),
        # ... nor the problem renumbered into its place.
        (
            "Problem 1. Solve $3x + 5 = 11$.\n\nProblem 2. Solve $3x + 5 = 20$.\n",
            [("Problem 1", 0, 1, 1), ("Problem 2", 2, 2, 3)],
        ),
    ],
    ids=["neighbour", "renumbered-neighbour"],
)
def test_a_deleted_problem_is_not_found_in_another(
    text: str, problems: list[tuple[str, int, int, int]]
) -> None:
    document = _doc(text, "markdown", problems)
    anchor = Anchor("Problem 2", "Solve $3x + 5 = 17$.", 2)
    assert find_problem(document, anchor) is None
    assert plan_solution_edit(document, anchor, MD_COMMENT) is None


def test_same_statement_twice_picks_nearest() -> None:
    text = "Problem 1. Same.\n\nProblem 1. Same.\n"
    document = _doc(text, "markdown", [("Problem 1", 0, 1, 1), ("Problem 1", 2, 2, 3)])
    assert find_problem(document, Anchor("Problem 1", "Same.", 2)) is document.problems[1]
    assert find_problem(document, Anchor("Problem 1", "Same.", 0)) is document.problems[0]


@pytest.mark.parametrize(
    ("text", "selection", "expected"),
    [
        (
            "Intro.\nWhat is $2+2$?\nMore words.\n\nNext.\n",
            Range(Position(1, 0), Position(1, 14)),
            "Intro.\nWhat is $2+2$?\nMore words.\n" + MD_COMMENT + "\n\nNext.\n",
        ),
        (
            "What is $2+2$?\n\n<!-- mathlsp:solution model=old\nold\nanswer: \\boxed{5}\n-->\n",
            Range(Position(0, 0), Position(0, 14)),
            "What is $2+2$?\n\n" + MD_COMMENT + "\n",
        ),
    ],
    ids=["insert-after-paragraph", "replace-block-after"],
)
def test_selection_solution(text: str, selection: Range, expected: str) -> None:
    document = _doc(text, "markdown", [])
    anchor = anchor_for_selection(text, selection)
    assert anchor.label is None and anchor.statement == "What is $2+2$?"
    edit = plan_solution_edit(document, anchor, MD_COMMENT)
    assert edit is not None
    assert apply(text, edit) == expected


def test_selection_deleted_gives_no_edit() -> None:
    document = _doc("Nothing here.\n", "markdown", [])
    assert plan_solution_edit(document, Anchor(None, "What is $2+2$?", 0), MD_COMMENT) is None


def test_user_text_never_overwritten_when_block_was_edited_away() -> None:
    # The recorded block's range now holds user text (no marker): insert instead.
    text = "Problem 1. Solve $x+1=3$.\nmy own notes\n"
    block = SolutionBlock(_line_range(text, 1, 1), {}, "", "9")
    problem = Problem(
        "Problem 1",
        _line_range(text, 0, 1),
        "Solve $x+1=3$.",
        _line_range(text, 0, 0),
        (),
        (),
        (),
        block,
        1,
    )
    document = Document(text, "markdown", (), (), (problem,), (block,))
    edit = plan_solution_edit(document, anchor_for_problem(problem), MD_COMMENT)
    assert edit is not None
    assert apply(text, edit) == "Problem 1. Solve $x+1=3$.\n" + MD_COMMENT + "\nmy own notes\n"


def test_problem_index_at() -> None:
    document = _doc(MD, "markdown", [("Problem 1", 2, 5, 3), ("Problem 2", 6, 7, 7)])
    assert problem_index_at(document, Position(0, 0)) is None
    assert problem_index_at(document, Position(4, 3)) == 0
    assert problem_index_at(document, Position(6, 0)) == 1


@pytest.mark.parametrize(
    ("text", "language", "line", "expected"),
    [
        ("a\n$x=1$\n", "markdown", 1, "a\n<!-- mathlsp: ignore -->\n$x=1$\n"),
        ("a\n  $$x=1$$\n", "markdown", 1, "a\n  <!-- mathlsp: ignore -->\n  $$x=1$$\n"),
        ("\\[ 1 = 2 \\]\n", "latex", 0, "% mathlsp: ignore\n\\[ 1 = 2 \\]\n"),
    ],
    ids=["markdown", "indented", "latex"],
)
def test_plan_ignore_edit(text: str, language: Language, line: int, expected: str) -> None:
    assert apply(text, plan_ignore_edit(text, language, line)) == expected


@pytest.mark.parametrize(
    ("text", "target", "replacement", "expected"),
    [
        ("Answer: $\\frac12$\n", (0, 0, 0, 17), "\\frac{1}{3}", "Answer: $\\frac{1}{3}$\n"),
        ("Answer: $\\frac12$\n", (0, 8, 0, 17), "\\frac{1}{3}", "Answer: $\\frac{1}{3}$\n"),
        ("so \\boxed{4} ok\n", (0, 3, 0, 12), "5", "so \\boxed{5} ok\n"),
        ("**Answer:** 1/2\n", (0, 0, 0, 15), "\\frac{1}{3}", "**Answer:** $\\frac{1}{3}$\n"),
        ("Answer: 7\n", (0, 8, 0, 9), "8", "Answer: 8\n"),
        ("答：$2$\n", (0, 0, 0, 5), "3", "答：$3$\n"),
    ],
    ids=["answer-line", "math-only", "boxed", "plain-answer", "bare", "chinese"],
)
def test_plan_replacement(
    text: str, target: tuple[int, int, int, int], replacement: str, expected: str
) -> None:
    range_ = Range(Position(target[0], target[1]), Position(target[2], target[3]))
    assert apply(text, plan_replacement(text, range_, replacement)) == expected


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("\\frac{1}{3}", "1/3"),
        ("\\frac{x+1}{2}", "(x+1)/2"),
        ("2\\sqrt{3}", "2√3"),
        ("\\pi", "π"),
        ("x^{2}", "x^2"),
    ],
    ids=["frac", "frac-sum", "sqrt", "pi", "braces"],
)
def test_readable(latex: str, expected: str) -> None:
    assert readable(latex) == expected
