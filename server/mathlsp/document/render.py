"""Renders a solver result as the ``mathlsp:solution`` comment that goes under a problem.

Layout (DESIGN, "Inserted solutions"): first line ``mathlsp:solution`` with ``key=value``
fields (model, samples, agree), then the solution after the model's thinking, and the last
line ``answer: \\boxed{...}``. Markdown wraps it in ``<!-- ... -->`` with any ``-->`` in the
text escaped as ``--&gt;`` (``document/solutions.py`` turns it back); LaTeX puts ``%`` before
every line. This is the inverse of ``document/solutions.parse_solution``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from mathlsp.solve.types import SolveResult

MARK = "mathlsp:solution"
_NEEDS_QUOTES = re.compile(r"[\s\"'=]")


def _field(key: str, value: str | int) -> str:
    text = str(value)
    if _NEEDS_QUOTES.search(text) or not text:
        text = '"' + text.replace('"', "'") + '"'
    return f"{key}={text}"


def solution_lines(result: SolveResult, *, include_thinking: bool = False) -> list[str]:
    """The comment's lines without comment markers: header, body, answer line."""
    fields = [
        _field("model", result.model),
        _field("samples", len(result.samples)),
        _field("agree", result.agreement),
    ]
    if result.truncated:
        fields.append(_field("truncated", "yes"))
    lines = [" ".join([MARK, *fields])]
    if include_thinking and result.reasoning.strip():
        lines += ["<think>", *result.reasoning.strip("\n").splitlines(), "</think>", ""]
    lines += result.solution.strip("\n").splitlines()
    if result.note:
        lines.append(f"(note: {result.note})")
    lines.append(f"answer: \\boxed{{{result.answer}}}" if result.answer is not None else "answer:")
    return [line.rstrip() for line in lines]


def render_solution_comment(
    result: SolveResult,
    language: Literal["markdown", "latex"],
    *,
    include_thinking: bool = False,
) -> str:
    """The full comment text for ``language``, ending with a newline."""
    lines = solution_lines(result, include_thinking=include_thinking)
    text = "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n")
    if language == "markdown":
        return "<!-- " + text.replace("-->", "--&gt;") + "\n-->\n"
    return "".join(f"% {line}\n" if line else "%\n" for line in text.split("\n"))
