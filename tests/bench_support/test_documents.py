"""The benches' documents are built as `/work/shared/notes/benches.md` says: sample, layout,
line ranges, the planted-answer rule; and mathlsp's document model reads them so."""

from __future__ import annotations

from collections import Counter

import pytest
from mathlsp.document import parse_document

from tests.bench.documents import (
    asy_regions,
    largest_remainder,
    last_boxed,
    lower_headings,
    math_document,
    math_sample,
    one_paragraph,
    plant,
    prm_document,
    replace_last_boxed,
    steps_document,
)


@pytest.mark.parametrize(
    ("answer", "planted"),
    [
        ("5", "6"),
        ("-3", "-2"),
        ("0.25", "0.26"),
        ("0.29", "0.30"),
        (".5", ".6"),
        ("\\frac{3}{4}", "\\frac{4}{4}"),
        ("-\\dfrac{14}{11}", "-\\dfrac{15}{11}"),
        ("\\frac34", "\\frac{4}4"),
        ("3/4", "4/4"),
        ("\\frac{\\sqrt{65}}{9}", "\\frac{\\sqrt{66}}{9}"),
        ("2\\sqrt{2}", "3\\sqrt{2}"),
        ("\\$4813.24", "\\$4814.24"),
        ("33,\\!800", "34,\\!800"),
        ("\\pi", "-\\pi"),
        ("-x", "x"),
        ("\\text{(C)}", None),
        ("\\text{Monday}", None),
        ("\\text{(2)}", "\\text{(3)}"),
    ],
    ids=[
        "integer", "negative-integer", "decimal", "decimal-carry", "bare-decimal", "fraction",
        "negative-dfrac", "short-frac", "slash", "radical-numerator", "first-number",
        "dollars", "thousands", "bare-constant", "sign-back", "choice-letter", "word",
        "choice-number",
    ],
)  # fmt: skip
def test_plant_changes_the_answer_by_the_rule(answer: str, planted: str | None) -> None:
    assert plant(answer) == planted


def test_last_boxed_finds_balanced_content_and_replaces_only_it() -> None:
    text = "So $\\boxed{1}$, then $x = \\boxed{\\frac{1}{2}}$."
    start, end = last_boxed(text) or (0, 0)
    assert text[start:end] == "\\frac{1}{2}"
    assert replace_last_boxed(text, "7") == "So $\\boxed{1}$, then $x = \\boxed{7}$."
    assert replace_last_boxed("no box", "7") == "no box"


def test_paragraph_helpers() -> None:
    assert one_paragraph("\nA\n\n  \nB\n\n") == "A\nB"
    assert lower_headings("# One\n## Two\n### Three\n#tag") == "### One\n### Two\n### Three\n#tag"


def test_largest_remainder_is_exact_and_proportional() -> None:
    seats = largest_remainder({"a": 1744, "b": 1295, "c": 771}, 1000)
    assert sum(seats.values()) == 1000
    assert seats == {"a": 458, "b": 340, "c": 202}  # 457.7, 339.9, 202.4: two remainders up
    assert largest_remainder({"x": 1, "y": 1}, 1) == {"x": 1, "y": 0}  # tie: name order


def rows(count: int, subjects: tuple[str, ...] = ("b", "a")) -> list[dict[str, str]]:
    return [
        {"id": f"train/{subjects[i % 2]}/{i}", "subject": subjects[i % 2], "problem": f"P{i}",
         "solution": f"So $\\boxed{{{i}}}$.", "answer": str(i)}
        for i in range(count)
    ]  # fmt: skip


def test_math_sample_is_seeded_proportional_and_independent_of_row_order() -> None:
    data = rows(300)
    sample = math_sample(data, size=30)
    assert len(sample) == 30 and len({r["id"] for r in sample}) == 30
    assert Counter(r["subject"] for r in sample) == {"a": 15, "b": 15}
    assert math_sample(list(reversed(data)), size=30) == sample  # rows sorted by id first
    assert math_sample(data, size=30, seed=1) != sample


def test_math_document_layout_and_ranges() -> None:
    data = rows(3)
    data[1]["problem"] = "Find $x$.\n\n[asy]\ndraw((0,0)--(1,1));\n[/asy]"
    answers = ["0", "2", "3"]  # the second one planted
    text, items = math_document(data, answers)
    lines = text.split("\n")
    assert [lines[i.heading - 1] for i in items] == ["## Problem 1", "## Problem 2", "## Problem 3"]
    assert [lines[i.answer_line - 1] for i in items] == [
        "Answer: $0$",
        "Answer: $2$",
        "Answer: $3$",
    ]
    assert lines[items[0].heading : items[0].heading + 5] == [
        "", "P0", "", "So $\\boxed{0}$.", ""
    ]  # fmt: skip
    assert "So $\\boxed{2}$." in lines  # the planted value is in the box too
    assert "\n\n[asy]" not in text  # the statement stays one paragraph
    ((start, end),) = items[1].asy
    assert lines[start[0] - 1] == "[asy]" and start[1] == 1 and lines[end[0] - 1] == "[/asy]"
    document = parse_document(text, "markdown")
    assert [p.label for p in document.problems] == ["Problem 1", "Problem 2", "Problem 3"]
    line_answers = [
        a.range.start.line + 1 for p in document.problems for a in p.answers if a.form == "line"
    ]
    assert line_answers == [i.answer_line for i in items]


def test_asy_regions_on_one_line() -> None:
    assert asy_regions(["é [asy] x [/asy] $y$"], 4) == [((4, 3), (4, 17))]  # end exclusive


def test_steps_document_layout() -> None:
    row = {
        "id": 7, "problem": "Solve\n\n$x + 1 = 2$.",
        "steps": ["# Plan\nFirst.", "So $x = 1$.\n\nThus $\\boxed{1}$.", "Done."],
    }  # fmt: skip
    text, (item,) = steps_document([row])
    lines = text.split("\n")
    assert lines[item.heading - 1] == "## Problem 1"
    assert [lines[a - 1 : b] for a, b in item.steps] == [
        ["### Plan", "First."], ["So $x = 1$.", "Thus $\\boxed{1}$."], ["Done."]
    ]  # fmt: skip
    assert item.box_step == 1 and lines[(item.answer_line or 0) - 1] == "Answer: $1$"
    (problem,) = parse_document(text, "markdown").problems
    assert problem.statement.startswith("Solve")
    no_box = steps_document([{**row, "steps": ["a", "b"]}])[1][0]
    assert no_box.answer_line is None and no_box.box_step is None


def test_prm_document_last_paragraph_is_the_rated_step() -> None:
    row = {"instruction": "Find $y$.", "responses": ["One.", "Two\n\nlines."],
           "next_response": "So $y = 3$."}  # fmt: skip
    text, (first, last) = prm_document(row)
    lines = text.split("\n")
    assert lines[0] == "## Problem" and lines[first - 1 : last] == ["So $y = 3$."]
    assert "Two\nlines." in text
    assert len(parse_document(text, "markdown").problems) == 1
