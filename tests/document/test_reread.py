"""Reading again after an edit (document/reread.py): the chunks an edit left alone are reused,
and the document equals what a full read of the new text gives, on random edits too."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mathlsp.document import parse_document
from mathlsp.document.reread import Reader, cut_points

EXAMPLES = int(os.environ.get("MATHLSP_FUZZ_EXAMPLES", "150"))

# Lines and pieces that open, close or cut across chunks: headings of several levels,
# problem markers, displays alone on a line, fences, comments, silence switches, solution
# blocks, answers, braces, front matter, environments, setext underlines, indents.
LINES = [
    "# Title",
    "## Section",
    "### Part (a)",
    "## Problem 3",
    "### Problem 4: Solve:",
    "Problem 1. Compute $1 + 1$.",
    "**Problem 2.** Solve $x^2 = 4$.",
    "1. **Exercise 1.** Find $y$.",
    "- Problem 5. Show $a = b = c$.",
    "例 1：求 $x$。",
    "Example 2: $2 + 2 = 5$",
    "Answer: $2$",
    "答：$x = 3$",
    "Answer:",
    "The sum is $\\boxed{4}$.",
    "\\boxed{",
    "}",
    "$$",
    "$$ 1 + 2 = 3 $$",
    "$$ x = 1",
    "\\[ a = b \\]",
    "\\[",
    "\\]",
    "```",
    "```math",
    "~~~",
    "    indented = code",
    "  two spaces in",
    "<!--",
    "-->",
    "<!-- mathlsp: off -->",
    "<!-- mathlsp: on -->",
    "<!-- mathlsp: ignore -->",
    "<!-- mathlsp:solution model=m",
    "answer: \\boxed{7}",
    "\\begin{align}",
    "x &= 1 + 1 \\\\",
    "&= 2",
    "\\end{align}",
    "---",
    "===",
    "Some prose with $a + b = c$ and `code $x$`.",
    "Then $3 \\cdot 4 = 12$ so",
    "$5 and $6",
    "\\\\",
    "",
    "",
    "",
    " ",
]

# Where chunks are cut, and what must stop a cut: drawn as often as all the rest together.
CUTS = [
    "",
    "",
    "## Problem 3",
    "### Part (a)",
    "# Title",
    "Problem 1. Compute $1 + 1$.",
    "\\boxed{",
    "}",
]
line = st.sampled_from(LINES) | st.sampled_from(CUTS)
document_lines = st.lists(line, min_size=0, max_size=40)
snippets = st.lists(st.sampled_from(LINES), min_size=0, max_size=4).map("\n".join) | st.text(
    alphabet="$#\\{}`-<>!\n =x1Pa*", max_size=12
)


@st.composite
def edits(draw: st.DrawFn, text: str) -> tuple[int, int, str]:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    return start, end, draw(snippets)


@st.composite
def edit_sessions(draw: st.DrawFn) -> list[str]:
    """A text and the texts after each of a few random edits."""
    text = "\n".join(draw(document_lines))
    texts = [text]
    for _ in range(draw(st.integers(1, 6))):
        start, end, insert = draw(edits(text))
        text = text[:start] + insert + text[end:]
        texts.append(text)
    return texts


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(edit_sessions())
def test_random_edits_read_as_a_full_read(texts: list[str]) -> None:
    reader = Reader("markdown")
    for text in texts:
        assert reader.read(text) == parse_document(text, "markdown")


def homework(problems: int) -> str:
    return "# Homework\n\n" + "".join(
        f"Problem {i}. Compute ${i} + {i}$.\n\n$$ {i} + {i} = {2 * i} $$\n\nAnswer: ${2 * i}$\n\n"
        for i in range(1, problems + 1)
    )


def test_a_one_line_edit_reads_one_chunk_and_keeps_the_rest() -> None:
    text = homework(50)
    reader = Reader("markdown")
    before = reader.read(text)
    assert reader.chunks_read == len(cut_points(text)) == 51
    edited = text.replace("$$ 20 + 20 = 40 $$", "$$ 20 + 20 = 41 $$")
    after = reader.read(edited)
    assert reader.chunks_read == 1
    assert after == parse_document(edited, "markdown")
    # Untouched math is the same objects (what the checker keys its reuse on), before and
    # after the edited problem.
    assert after.spans[0] is before.spans[0]
    assert after.spans[-1] is before.spans[-1]
    assert after.problems[-1] is before.problems[-1]


def test_a_new_line_moves_what_follows_without_reading_it() -> None:
    text = homework(30)
    reader = Reader("markdown")
    reader.read(text)
    edited = text.replace("Answer: $20$\n", "Answer: $20$\nwith a second line\n")
    after = reader.read(edited)
    assert reader.chunks_read == 1
    assert after == parse_document(edited, "markdown")
    assert after.problems[-1].range.start.line == 1 + homework(30).count("\n") - 6


def test_an_unclosed_display_reads_on_to_the_end() -> None:
    """`$$` alone on a line looks for its closer to the end of the text: the chunk holding
    it is read with everything after it, and closing it reads the chunks apart again."""
    text = homework(10)
    reader = Reader("markdown")
    reader.read(text)
    opened = text.replace("Problem 4. Compute $4 + 4$.\n", "Problem 4. Compute $4 + 4$.\n$$\n")
    assert reader.read(opened) == parse_document(opened, "markdown")
    closed = opened.replace("Problem 9.", "$$\n\nProblem 9.")
    assert reader.read(closed) == parse_document(closed, "markdown")


def test_a_subsection_inside_a_problem_stays_in_it() -> None:
    """`### (a)` under `## Problem 1` does not end the problem: no cut there."""
    text = "## Problem 1\n\nSolve $x = 1$.\n\n### (a)\n\n$$ 1 + 1 = 3 $$\n\n## Problem 2\n\nAnswer: 4\n"
    reader = Reader("markdown")
    document = reader.read(text)
    assert document == parse_document(text, "markdown")
    assert [len(p.working) for p in document.problems] == [1, 0]


def test_a_boxed_brace_closed_in_a_later_chunk_joins_them() -> None:
    """Answers pair braces across the whole text: a `\\boxed{` left open before a problem
    marker takes what follows up to its `}`, so no cut there."""
    text = "Problem 7. Find it: \\boxed{\n\nProblem 1. Compute $1 + 1$.\n}\n"
    document = Reader("markdown").read(text)
    assert document == parse_document(text, "markdown")
    assert document.problems[1].answers[0].latex == "Problem 1. Compute $1 + 1$."


def test_latex_is_read_whole_and_equal() -> None:
    text = "\\begin{enumerate}\n\\item $1 + 1 = 3$\n\\end{enumerate}\n"
    reader = Reader("latex")
    assert reader.read(text) == parse_document(text, "latex")
    edited = text.replace("3", "2")
    assert reader.read(edited) == parse_document(edited, "latex")
