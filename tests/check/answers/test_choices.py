"""Multiple-choice letters: the option a reference names, the one an answer chooses."""

from __future__ import annotations

import pytest
from mathlsp.check.answers.choices import chosen, option
from mathlsp.check.answers.equivalence import equivalent

OPTIONS = [
    pytest.param("B", "B", id="letter"),
    pytest.param("(E)", "E", id="parenthesised"),
    pytest.param("(B) Marco", "B", id="with-label"),
    pytest.param("D Tomás", "D", id="label-no-brackets"),
    pytest.param("x", None, id="a-variable"),
    pytest.param("A + B", None, id="an-expression"),
    pytest.param("B 12", None, id="not-a-label"),
    pytest.param("Paris", None, id="a-word"),
]


@pytest.mark.parametrize(("reference", "letter"), OPTIONS)
def test_option(reference: str, letter: str | None) -> None:
    assert option(reference) == letter


CHOSEN = [
    pytest.param("(d)", "D", id="bare-lower-case"),
    pytest.param("E.", "E", id="bare-with-dot"),
    pytest.param("After checking each one, the right answer is B.", "B", id="phrase"),
    pytest.param("I would say the answer is C and not D", "C", id="phrase-then-negated"),
    pytest.param("la réponse est D, pas B", "D", id="french"),
    pytest.param("答案是 A，不是 C", "A", id="chinese-phrase"),
    pytest.param("C。不是 B", "C", id="chinese-opening"),
    pytest.param("E, since it cannot be A or C", "E", id="opening-letter"),
    pytest.param("A and B fail the test, so it must be D", "D", id="last-letter"),
    pytest.param("It isn't B and it isn't C", None, id="all-ruled-out"),
    pytest.param("A dog runs 5 km, so it takes 2 hours", None, id="article"),
    pytest.param(r"\mathrm{B}\cdot 3", None, id="math-not-a-choice"),
]


@pytest.mark.parametrize(("answer", "letter"), CHOSEN)
def test_chosen(answer: str, letter: str | None) -> None:
    assert chosen(answer) == letter


@pytest.mark.parametrize(
    ("reference", "answer", "equal"),
    [
        pytest.param("D", "Looking at all four, I think it is D.", True, id="prose-right"),
        pytest.param("D", "Looking at all four, I think it is B.", False, id="prose-wrong"),
        pytest.param("(C) Ana", "c", True, id="labelled-reference"),
        pytest.param(r"\text{(B)}", r"so \boxed{B}", True, id="boxed"),
        pytest.param("B", r"\boxed{12}", False, id="a-number-is-no-choice"),
        pytest.param("E", r"E \cdot 2", False, id="an-expression-is-no-choice"),
    ],
)
def test_graded(reference: str, answer: str, equal: bool) -> None:
    assert equivalent(reference, answer).equal is equal
