"""Recorded `mathlsp:solution` blocks: fields, body, boxed answer, range, owner problem."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.model import Language

from tests.document.util import slice_range

MARKDOWN_BLOCK = """\
Problem 1. Solve $x+1=2$.

<!-- mathlsp:solution model=deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B samples=5 agree=4/5 seed=7
Subtract one: $x = 1$. Arrows --&gt; stay escaped in files.
answer: \\boxed{\\frac{1}{\\sqrt{2}}}
-->
"""

LATEX_BLOCK = """\
\\begin{enumerate}
\\item Solve $x+1=2$.
% mathlsp:solution model=m samples=3 agree=3/3 note="two words"
% Subtract one:
%   $x = 1$.
% answer: \\boxed{\\{1\\}}
Next line is not part of it.
\\end{enumerate}
"""

CASES = [
    (
        "markdown",
        "markdown",
        MARKDOWN_BLOCK,
        {
            "model": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
            "samples": "5",
            "agree": "4/5",
            "seed": "7",
        },
        "Subtract one: $x = 1$. Arrows --> stay escaped in files.",
        "\\frac{1}{\\sqrt{2}}",
        (2, 5),
    ),
    (
        "latex",
        "latex",
        LATEX_BLOCK,
        {"model": "m", "samples": "3", "agree": "3/3", "note": "two words"},
        "Subtract one:\n  $x = 1$.",
        "\\{1\\}",
        (2, 5),
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "fields", "body", "answer", "lines"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_solution_block(
    language: Language,
    text: str,
    fields: dict[str, str],
    body: str,
    answer: str,
    lines: tuple[int, int],
) -> None:
    doc = parse_document(text, language)
    (block,) = doc.solutions
    assert dict(block.fields) == fields
    assert block.body == body
    assert block.answer == answer
    assert (block.range.start.line, block.range.end.line) == lines
    assert block.range.start.character == 0
    assert "mathlsp:solution" in slice_range(text, block.range)
    (problem,) = doc.problems
    assert problem.solution == block
    assert all("x = 1" not in span.source for span in doc.spans)  # no spans inside a block


@pytest.mark.parametrize(
    ("language", "text", "answer"),
    [
        ("markdown", "<!-- mathlsp:solution\nno answer line\n-->", None),
        ("markdown", "<!-- mathlsp:solution\nanswer: 5\n-->", "5"),
        ("latex", "% mathlsp:solution\n% text only\nafter", None),
        ("markdown", "<!--mathlsp:solution\nanswer: \\boxed{a} \\boxed{b}\n-->", "b"),
    ],
    ids=["missing", "unboxed", "latex-missing", "last-boxed"],
)
def test_answer_line_variants(language: Language, text: str, answer: str | None) -> None:
    (block,) = parse_document(text, language).solutions
    assert block.answer == answer


def test_blocks_outside_problems_are_listed_only_in_document() -> None:
    doc = parse_document(
        "<!-- mathlsp:solution\nanswer: \\boxed{1}\n-->\n\nProblem 1. Go.\n", "markdown"
    )
    assert len(doc.solutions) == 1
    assert doc.problems[0].solution is None


def test_latex_block_stops_at_answer_line() -> None:
    text = "% mathlsp:solution a=1\n% answer: \\boxed{2}\n% mathlsp: ignore\n$x = y = z$\n"
    doc = parse_document(text, "latex")
    (block,) = doc.solutions
    assert block.range.end.line == 1
    assert doc.spans[0].ignored


def test_latex_block_runs_to_its_last_answer_line() -> None:
    text = (
        "% mathlsp:solution a=1\n% the answer: is not here\n% answer: maybe 3\n% so\n"
        "% answer: \\boxed{4}\n% user note\n% mathlsp:solution b=2\n% answer: \\boxed{5}\n"
    )
    first, second = parse_document(text, "latex").solutions
    assert (first.range.start.line, first.range.end.line, first.answer) == (0, 4, "4")
    assert "answer: maybe 3" in first.body
    assert (second.range.start.line, second.answer) == (6, "5")


@pytest.mark.parametrize("language", ["markdown", "latex"])
def test_rendered_comment_reads_back(language: Language) -> None:
    """render.py (the solver's writer) and this reader agree on the layout."""
    from mathlsp.document.render import render_solution_comment
    from mathlsp.solve.types import Sample, SolveResult

    sample = Sample("\\frac{1}{2}", "stop", "think", "Step --> one.\n\nanswer: not yet", 9)
    result = SolveResult(
        answer="\\frac{1}{2}",
        agreement=1,
        samples=(sample,),
        reasoning="think",
        solution=sample.solution,
        model="my model",
        truncated=False,
        note="",
    )
    head = "Problem 1. Halve $1$.\n" if language == "markdown" else "\\begin{problem}Halve $1$.\n"
    text = head + render_solution_comment(result.block(), language) + "after\n"
    (problem,) = parse_document(text, language).problems
    block = problem.solution
    assert block is not None
    assert dict(block.fields) == {"model": "my model", "samples": "1", "agree": "1"}
    assert block.body == "Step --> one.\n\nanswer: not yet"
    assert block.answer == "\\frac{1}{2}"
    assert problem.statement == "Halve $1$."
