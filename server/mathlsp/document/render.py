"""Renders a solver result as the ``mathlsp:solution`` comment that goes under a problem.

Layout (DESIGN, "Inserted solutions"): first line ``mathlsp:solution`` with ``key=value``
fields (model, samples, agree, and ``sympy=confirms`` / ``sympy=differs:X`` when SymPy
computed the problem's answer), then the solution after the model's thinking, SymPy's lines
on its false steps, and the last line ``answer: \\boxed{...}`` (followed by "(SymPy computes
X instead)" when SymPy disagrees; readers take the box). Markdown wraps it in ``<!-- ... -->`` with any ``-->`` in the
text escaped as ``--&gt;`` (``document/solutions.py`` turns it back); LaTeX puts ``%`` before
every line. This is the inverse of ``document/solutions.parse_solution``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MARK = "mathlsp:solution"
_NEEDS_QUOTES = re.compile(r"[\s\"'=]")


def _field(key: str, value: str | int) -> str:
    text = str(value)
    if _NEEDS_QUOTES.search(text) or not text:
        text = '"' + text.replace('"', "'") + '"'
    return f"{key}={text}"


@dataclass(frozen=True)
class SolutionBlock:
    """What a solution comment holds, as plain fields (the solver fills it; this package
    knows nothing of the solver): the header's ``key=value`` fields in order, the solution,
    the boxed answer (None: no answer), the thinking, a note for the reader, one line per
    false step SymPy found in the solution, and a remark beside the answer."""

    fields: tuple[tuple[str, str | int], ...]
    solution: str
    answer: str | None
    reasoning: str = ""
    note: str = ""
    checks: tuple[str, ...] = ()
    answer_note: str = ""


def solution_lines(block: SolutionBlock, *, include_thinking: bool = False) -> list[str]:
    """The comment's lines without comment markers: header, body, answer line."""
    lines = [" ".join([MARK, *(_field(key, value) for key, value in block.fields)])]
    if include_thinking and block.reasoning.strip():
        lines += ["<think>", *block.reasoning.strip("\n").splitlines(), "</think>", ""]
    lines += block.solution.strip("\n").splitlines()
    if block.checks:
        lines += ["", *(" ".join(check.split()) for check in block.checks)]
    if block.note:
        lines.append(f"(note: {block.note})")
    if block.answer is None:
        lines.append("answer:")
    else:
        beside = f" ({' '.join(block.answer_note.split())})" if block.answer_note else ""
        lines.append(f"answer: \\boxed{{{block.answer}}}{beside}")
    return [line.rstrip() for line in lines]


def render_solution_comment(
    block: SolutionBlock,
    language: Literal["markdown", "latex"],
    *,
    include_thinking: bool = False,
) -> str:
    """The full comment text for ``language``, ending with a newline."""
    lines = solution_lines(block, include_thinking=include_thinking)
    text = "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n")
    if language == "markdown":
        return "<!-- " + text.replace("-->", "--&gt;") + "\n-->\n"
    return "".join(f"% {line}\n" if line else "%\n" for line in text.split("\n"))
