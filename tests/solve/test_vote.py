"""last_boxed and vote: the last complete box, and groups by equivalence."""

from __future__ import annotations

import pytest
from mathlsp.solve.vote import final_answer, last_boxed, spelling_key, vote

BOXES = [
    ("nested", "so $\\boxed{\\frac{1}{\\sqrt{2}}}$", "\\frac{1}{\\sqrt{2}}"),
    ("last-wins", "\\boxed{1} then \\boxed{2}", "2"),
    ("unclosed-last", "\\boxed{1} then \\boxed{2", "1"),
    ("fbox", "\\fbox{x+1}", "x+1"),
    ("space-form", "answer \\boxed 5.", "5."),
    ("escaped-brace", "\\boxed{\\{1,2\\}}", "\\{1,2\\}"),
    ("empty", "\\boxed{}", None),
    ("none", "no box here", None),
]


@pytest.mark.parametrize(("text", "expected"), [b[1:] for b in BOXES], ids=[b[0] for b in BOXES])
def test_last_boxed(text: str, expected: str | None) -> None:
    assert last_boxed(text) == expected


def test_spelling_key_ignores_spacing_and_dfrac() -> None:
    assert spelling_key("\\dfrac{1}{ 2 }") == spelling_key("$\\frac{1}{2}$")


VOTES = [
    ("majority", ["a", "b", "b"], (1, 2)),
    ("tie-earlier", ["a", "b", "b", "a"], (0, 2)),
    ("none", [None, None], (None, 0)),
    ("skips-missing", [None, "b"], (1, 1)),
]


@pytest.mark.parametrize(("answers", "expected"), [v[1:] for v in VOTES], ids=[v[0] for v in VOTES])
async def test_vote_with_a_given_judgement(
    answers: list[str | None], expected: tuple[int | None, int]
) -> None:
    calls: list[tuple[str, str]] = []

    async def same(x: str, y: str) -> bool:
        calls.append((x, y))
        return False

    assert await vote(answers, same) == expected
    assert all(x != y for x, y in calls)  # identical spellings never reach the judgement


async def test_vote_uses_the_shared_equivalence_in_the_sandbox() -> None:
    assert await vote(["\\dfrac{3}{10}", "1", "0.3", "\\frac{6}{20}", "x"]) == (0, 3)


FINAL = [
    ("one-box", "So $\\boxed{\\frac{1}{3}}$.", "\\frac{1}{3}"),
    ("two-roots", "roots $\\boxed{1}$ and $\\boxed{2}$", "1, 2"),
    ("no-box", "The answer is 5", None),
]


@pytest.mark.parametrize(("text", "expected"), [f[1:] for f in FINAL], ids=[f[0] for f in FINAL])
def test_final_answer_needs_a_box(text: str, expected: str | None) -> None:
    assert final_answer(text) == expected
