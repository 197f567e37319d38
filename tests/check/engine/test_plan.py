"""The plan of an edited text, built from the previous one (``build_plan(previous=...)``):
the same jobs as a fresh plan, with the jobs of the untouched items taken as they were."""

from __future__ import annotations

from typing import Any

from mathlsp.check.engine.plan import Plan, build_plan
from mathlsp.document import parse_document
from mathlsp.document.reread import Reader
from mathlsp.settings import Settings

from tests.check.engine.test_checker import FAKES

SETTINGS = Settings()


def homework(wrong: int) -> str:
    parts = ["# Homework\n\n"]
    for i in range(1, 13):
        total = 2 * i + (1 if i == wrong else 0)
        parts.append(
            f"Problem {i}. Solve $x + {i} = {2 * i}$.\n\n$$ x + {i} = {2 * i} $$\n\n"
            f"$$ x = {i} $$\n\n$$ {i} + {i} = {total} = {total} $$\n\nAnswer: ${i}$\n\n"
        )
    return "".join(parts)


def shape(plan: Plan) -> list[Any]:
    """Everything a plan says, as values (jobs by key and arguments)."""
    return [
        [(i, j.key, j.args) for i, j in plan.spans],
        [(i, j.key, j.args) for i, j in plan.chains],
        [(run, j.key, j.args) for run, j in plan.steps],
        [(i, answers, j.key, j.args) for i, answers, j in plan.problems],
        plan.chain_hosts,
    ]


def test_a_plan_from_the_previous_one_equals_a_fresh_plan() -> None:
    reader = Reader("markdown")
    previous = build_plan(reader.read(homework(0)), SETTINGS, FAKES)
    for text in (homework(5), homework(5).replace("Answer: $7$", "Answer: $8$\nmore"), homework(0)):
        document = reader.read(text)
        reused = build_plan(document, SETTINGS, FAKES, previous=previous)
        assert shape(reused) == shape(build_plan(parse_document(text, "markdown"), SETTINGS, FAKES))
        previous = reused


def test_untouched_items_keep_their_jobs_and_edited_ones_get_new() -> None:
    reader = Reader("markdown")
    before = build_plan(reader.read(homework(0)), SETTINGS, FAKES)
    document = reader.read(homework(5))
    after = build_plan(document, SETTINGS, FAKES, previous=before)
    fifth = document.problems[4].range
    for (_, old), (index, new) in zip(before.spans, after.spans, strict=True):
        inside = fifth.start <= document.spans[index].range.start <= fifth.end
        assert (old is new) is not inside  # only the edited problem's spans are planned anew
    assert sum(a is not b for (_, a), (_, b) in zip(before.chains, after.chains, strict=True)) == 1
    kept = [a is b for (_, _, a), (_, _, b) in zip(before.problems, after.problems, strict=True)]
    assert kept == [i != 4 for i in range(12)]


def test_other_settings_plan_afresh() -> None:
    reader = Reader("markdown")
    before = build_plan(reader.read(homework(0)), SETTINGS, FAKES)
    other = Settings(check_steps=False)
    after = build_plan(reader.read(homework(0)), other, FAKES, previous=before)
    assert not after.steps
    assert all(a is not b for (_, a), (_, b) in zip(before.spans, after.spans, strict=True))


def test_a_box_that_ends_the_working_travels_with_the_problem() -> None:
    # MATH train: "the cost is $4 \cdot 2 = \boxed{8}$ dollars." and an `\[ … = … = \boxed{} \]`
    text = (
        "Problem 1. How much do 12 pens cost at 3 for 2 dollars?\n\n"
        "The cost is $4 \\cdot 2 = \\boxed{8}$ dollars.\n\nAnswer: $8$\n\n"
        "Problem 2. Compute $2^3 + 1$.\n\n$$ 2^3 + 1 = 8 + 1 = \\boxed{9}. $$\n\nAnswer: $9$\n\n"
        "Problem 3. Write $1331$ in base 5.\n\n$$ 36 + 180 = \\boxed{1331}_5 $$\n\nAnswer: $1331$\n"
    )
    plan = build_plan(parse_document(text, "markdown"), SETTINGS, FAKES)
    worked = [job.args[5] if len(job.args) > 5 else None for _, _, job in plan.problems]
    assert worked == [("4 \\cdot 2", "8", 0), ("8 + 1", "9", 0), None]
