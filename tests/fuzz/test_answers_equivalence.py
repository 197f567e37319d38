"""``same_answer``, the vote's judgement between two extracted answers: never raises (a
failure is "undecided"), reflexive (an answer is never unlike itself), symmetric (which
sample came first cannot change the groups). Grading (``equivalent(reference, answer)``)
is one-sided on purpose and not held to symmetry. Runs in a sandbox worker, as the vote
does: SymPy may take its time on some pairs, and a timeout there is no failure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mathlsp.check.answers.equivalence import same_answer
from mathlsp.check.engine.sandbox import WorkerPool

from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.strategies import ANSWERS

TIME_LIMIT = 10.0


def judged(a: str, b: str) -> tuple[bool | None, bool | None, bool | None]:
    """In a worker: a against b, b against a, a against itself."""
    return same_answer(a, b), same_answer(b, a), same_answer(a, a)


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    with WorkerPool(1, time_limit=TIME_LIMIT) as workers:
        yield workers


# A pair is often two spellings of one value: draw the second from the first sometimes.
_SPELLINGS = [
    lambda a: a,
    lambda a: f" {a} ",
    lambda a: f"${a}$",
    lambda a: f"\\boxed{{{a}}}",
    lambda a: a.replace("\\frac", "\\dfrac"),
    lambda a: f"{a}.",
    lambda a: f"\\left({a}\\right)",
]
PAIRS = st.one_of(
    st.tuples(ANSWERS, ANSWERS),
    st.builds(lambda a, spell: (a, spell(a)), ANSWERS, st.sampled_from(_SPELLINGS)),
)


@fuzz_settings(weight=0.5)
@given(pair=PAIRS)
def test_same_answer_is_reflexive_symmetric_and_never_raises(
    pool: WorkerPool, pair: tuple[str, str]
) -> None:
    a, b = pair
    outcome = pool.run(judged, a, b)
    assert outcome.status in ("ok", "timeout"), (outcome.status, outcome.detail)
    if outcome.status == "timeout":
        return
    assert outcome.value is not None
    forward, backward, itself = outcome.value
    assert forward == backward, (a, b, forward, backward)
    assert itself is not False, a
