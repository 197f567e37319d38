"""SymPy's checks of model replies: the answer against SymPy's answer, closed false claims in
the working, the verified vote, and the block that carries them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mathlsp.check.engine.sandbox import WorkerPool
from mathlsp.document.render import solution_lines
from mathlsp.document.solutions import parse_solution
from mathlsp.document.text import Position, Range
from mathlsp.settings import Settings, settings_from_mapping
from mathlsp.solve.replay import generation_of
from mathlsp.solve.result import finish
from mathlsp.solve.types import Sample
from mathlsp.solve.verify import Verifier, closed_claim
from mathlsp.solve.vote import majority, verified

PROBLEM = "What is the value of $(4 \\times 12)-(4+12)$?"  # SymPy computes 32


@pytest.fixture(scope="module")
def verifier() -> Iterator[Verifier]:
    pool = WorkerPool(1, time_limit=5.0)
    try:
        yield Verifier(pool, Settings(check_time_limit=5.0))
    finally:
        pool.close()


def sample(answer: str | None, solution: str = "", reasoning: str = "") -> Sample:
    return Sample(answer, "stop", reasoning, solution, 10)


CLAIMS = [
    ("sum", "182 + 21 = 193", True),
    ("fractions and times", "\\frac{1}{2} \\times 24 \\times 26 = 156", True),
    ("division", "1 \\div 50 = 50", True),
    ("dollars as labels", "\\frac{18}{3} = \\$11", True),
    ("a geometric name", "BC = BD + DC", False),
    ("a quantity in words", "\\text{area} = \\frac{1}{2} \\times 6", False),
    ("an angle", "\\angle ABD = 6x", False),
    ("a variable", "x = 4", False),
    ("a percent", "\\frac{1}{4} \\times 100 = 25\\%", False),
    ("an odd root", "\\sqrt[3]{-1} = -1", False),
    ("a span the scanner did not close", "\\frac{180.00}{180} = $0.50", False),
]


@pytest.mark.parametrize(("source", "closed"), [c[1:] for c in CLAIMS], ids=[c[0] for c in CLAIMS])
def test_only_closed_claims_are_the_models_false_steps(source: str, closed: bool) -> None:
    assert closed_claim(source) is closed


async def test_answers_against_sympys_and_false_steps_of_the_working(verifier: Verifier) -> None:
    working = (
        "First $4 \\times 12 = 48$ and $4 + 12 = 16$.\n\n"
        "Then $48 - 16 = 31$, and with the side $BC = BD + DC$ nothing else.\n\n"
        "So the answer is $\\boxed{31}$."
    )
    samples = [sample("32", "We get $48 - 16 = 32$, so $\\boxed{32}$."), sample("31", working)]
    checked = await verifier.verify(PROBLEM, samples)
    assert checked.computed == "32"
    assert [c.answer for c in checked.samples] == ["confirms", "differs"]
    assert checked.samples[0].false_steps == ()
    (step,) = checked.samples[1].false_steps
    assert step.source == "48 - 16 = 31" and step.line == 2
    assert step.text().startswith("SymPy: `48 - 16 = 31` is false") and "32" in step.text()


async def test_only_the_part_after_the_thinking_is_judged(verifier: Verifier) -> None:
    thinking = "Hmm, $48 - 16 = 31$? No, wait: $48 - 16 = 32$."
    checked = await verifier.verify(PROBLEM, [sample("32", "So $\\boxed{32}$.", thinking)])
    assert checked.samples[0].false_steps == ()


async def test_no_answer_check_when_the_target_is_not_understood(verifier: Verifier) -> None:
    problem = "The altitude to the hypotenuse has length $6$. What is the area of the triangle?"
    checked = await verifier.verify(problem, [sample("36", "$\\boxed{36}$"), sample(None)])
    assert checked.computed is None
    assert [c.answer for c in checked.samples] == ["unknown", "none"]


def test_refuted_samples_lose_their_votes() -> None:
    groups = [[0, 1], [2]]  # 31, 31, 32: the majority is refuted
    assert majority(groups) == (0, 2)
    assert verified(groups, [True, True, False], [False] * 3) == (2, 1)


def test_false_steps_break_ties_and_never_decide_alone() -> None:
    groups = [[0, 2], [1, 3]]
    refuted = [False] * 4
    assert verified(groups, refuted, [True, False, False, False]) == (1, 2)  # tie: cleaner wins
    assert verified([[0, 1, 2], [3]], refuted, [True, True, True, False]) == (0, 3)
    # the sample shown for a group is its first clean one
    assert verified([[0, 1], [2]], [False] * 3, [True, False, False]) == (1, 2)


def test_every_sample_refuted_the_majority_stands() -> None:
    assert verified([[0], [1, 2]], [True, True, True], [False, True, True]) == (1, 2)


async def test_finish_votes_with_sympy_and_the_block_says_so(verifier: Verifier) -> None:
    replies = [
        "<think>\nsure</think>\nIt is $48 - 16 = 31$ so $\\boxed{31}$.",
        "<think>\nok</think>\nSo $\\boxed{31}$.",
        "<think>\nfine</think>\nIt is $48 - 16 = 32$, so $\\boxed{32}$.",
    ]
    verified_result = await finish(generation_of(replies), PROBLEM, Settings(), verifier)
    assert (verified_result.answer, verified_result.agreement) == ("32", 1)
    assert verified_result.sympy == "confirms"
    assert verified_result.block().fields[-1] == ("sympy", "confirms")
    plain = await finish(generation_of(replies), PROBLEM, Settings(vote="majority"), verifier)
    assert (plain.answer, plain.agreement, plain.chosen) == ("31", 2, 0)
    block = plain.block()
    assert ("sympy", "differs:32") in block.fields
    assert len(block.checks) == 1 and block.checks[0].startswith("SymPy: `48 - 16 = 31` is false")
    assert block.answer_note == "SymPy computes 32 instead"


async def test_the_block_reads_back_with_its_verdict(verifier: Verifier) -> None:
    replies = ["<think>\nx</think>\nIt is $48 - 16 = 31$ so $\\boxed{31}$."]
    result = await finish(generation_of(replies), PROBLEM, Settings(), verifier)
    lines = solution_lines(result.block())
    assert lines[-2].startswith("SymPy: `48 - 16 = 31` is false")
    assert lines[-1] == "answer: \\boxed{31} (SymPy computes 32 instead)"
    where = Range(Position(0, 0), Position(len(lines), 0))
    parsed = parse_solution("\n".join(lines), where, markdown=True)
    assert parsed.answer == "31" and parsed.fields["sympy"] == "differs:32"


def test_the_vote_setting_is_checked() -> None:
    assert settings_from_mapping({"vote": "majority"}) == (Settings(vote="majority"), [])
    settings, problems = settings_from_mapping({"vote": "loudest"})
    assert settings.vote == "verified"
    assert problems == [
        "mathlsp.vote must be one of majority, verified; using the default 'verified'"
    ]


async def test_a_block_lists_a_few_false_steps_and_counts_the_rest(verifier: Verifier) -> None:
    wrong = " ".join(f"$1 + {n} = {n}$." for n in range(1, 9))
    replies = [f"<think>\\nx</think>\\n{wrong} So $\\boxed{{32}}$."]
    result = await finish(generation_of(replies), PROBLEM, Settings(), verifier)
    assert len(result.false_steps) == 8
    checks = result.block().checks
    assert len(checks) == 6 and checks[-1] == "SymPy: 3 more false claims in this solution"
