"""render_solution_comment: the comment layout, escaping, and a round trip through the reader."""

from __future__ import annotations

import pytest
from mathlsp.document.render import render_solution_comment
from mathlsp.document.solutions import parse_solution
from mathlsp.document.text import Position, Range
from mathlsp.solve import Sample, SolveResult

NOWHERE = Range(Position(0, 0), Position(0, 0))


def result(answer: str | None = "\\frac{1}{3}", **changes: object) -> SolveResult:
    sample = Sample(
        answer, "stop", "think <!-- -->", "Step 1: x --> y.\n\nSo $\\boxed{\\frac13}$.", 9
    )
    values: dict[str, object] = {
        "answer": answer,
        "agreement": 2,
        "samples": (sample, sample, sample),
        "reasoning": sample.reasoning,
        "solution": sample.solution,
        "model": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
        "truncated": False,
        "note": "",
    }
    values.update(changes)
    return SolveResult(**values)  # type: ignore[arg-type]


def inner(text: str, language: str) -> str:
    if language == "markdown":
        assert text.startswith("<!-- ") and text.endswith("\n-->\n")
        return text[len("<!--") : -len("-->\n")]
    assert all(line == "%" or line.startswith("% ") for line in text.splitlines())
    return "\n".join(line[2:] for line in text.splitlines())


@pytest.mark.parametrize("language", ["markdown", "latex"])
def test_round_trip_through_the_reader(language: str) -> None:
    text = render_solution_comment(result().block(), language)  # type: ignore[arg-type]
    assert text.endswith("\n")
    lines = text.splitlines()
    assert lines[0].removeprefix("<!-- ").removeprefix("% ") == (
        "mathlsp:solution model=deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B samples=3 agree=2"
    )
    answer_line = lines[-2] if language == "markdown" else lines[-1]
    assert answer_line.removeprefix("% ") == "answer: \\boxed{\\frac{1}{3}}"
    block = parse_solution(inner(text, language), NOWHERE, markdown=language == "markdown")
    assert block.answer == "\\frac{1}{3}"
    assert block.fields == {
        "model": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
        "samples": "3",
        "agree": "2",
    }
    assert block.body == "Step 1: x --> y.\n\nSo $\\boxed{\\frac13}$."
    assert "think" not in text  # thinking is off by default


def test_markdown_escapes_what_would_close_the_comment() -> None:
    text = render_solution_comment(result().block(), "markdown", include_thinking=True)
    assert text.count("-->") == 1 and text.endswith("-->\n")
    assert "x --&gt; y" in text and "<think>\nthink <!-- --&gt;\n</think>" in text


def test_latex_comments_every_line_including_blank_ones() -> None:
    text = render_solution_comment(result().block(), "latex", include_thinking=True)
    assert "%\n" in text  # the blank line inside the solution
    assert all(line.startswith("%") for line in text.splitlines())


def test_no_answer_leaves_the_answer_line_empty_and_says_why() -> None:
    note = "the reply was cut off by max_tokens (4096) before an answer"
    cut = result(None, agreement=0, truncated=True, note=note, solution="")
    for language in ("markdown", "latex"):
        text = render_solution_comment(cut.block(), language)  # type: ignore[arg-type]
        assert "truncated=yes" in text and f"(note: {note})" in text
        block = parse_solution(inner(text, language), NOWHERE, markdown=language == "markdown")
        assert block.answer is None and block.fields["truncated"] == "yes"


def test_field_values_with_spaces_are_quoted() -> None:
    text = render_solution_comment(result(model="my model").block(), "markdown")
    block = parse_solution(inner(text, "markdown"), NOWHERE, markdown=True)
    assert block.fields["model"] == "my model"
