"""MATH-500 against the backend: bounded concurrency, grading, and the seed's summary table.

Each problem goes through ``solve`` (so the bench measures what users get, voting included);
every sample's answer is graded against the reference with the shared equivalence
judgement in sandbox workers. One JSONL row per sample (``reference`` and ``answer`` fields,
so ``mathlsp grade`` can re-grade a run; ``problem``, ``problem_idx``, ``reasoning`` and
``solution``, so ``mathlsp bench replay`` can replay it).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mathlsp.check.answers.equivalence import same_answer
from mathlsp.settings import Settings
from mathlsp.solve.solver import solve
from mathlsp.solve.types import BackendError, SolveResult
from mathlsp.solve.vote import shared_pool

GRADE_TIME_LIMIT = 5.0
MAX_ERRORS_IN_A_ROW = 3


@dataclass
class Outcome:
    """One problem: its row of the data set, the solver's result (or error), the grades."""

    item: Mapping[str, Any]
    latency: float
    result: SolveResult | None = None
    error: str | None = None
    correct: list[bool] = field(default_factory=list)  # per sample
    voted_correct: bool = False

    @property
    def tokens(self) -> int:
        return sum(s.tokens for s in self.result.samples) if self.result else 0

    @property
    def pass1(self) -> float:
        return sum(self.correct) / len(self.correct) if self.correct else 0.0

    def rows(self) -> list[dict[str, Any]]:
        """The JSONL rows: one per sample (one with the error when the request failed)."""
        base = {
            "problem": self.item.get("problem"),
            "problem_idx": self.item.get("unique_id"),
            "unique_id": self.item.get("unique_id"),
            "subject": self.item.get("subject"),
            "level": self.item.get("level"),
            "reference": self.item.get("answer"),
            "latency": round(self.latency, 3),
        }
        if self.result is None:
            return [{**base, "sample": 0, "answer": None, "error": self.error, "equal": False}]
        return [
            {
                **base,
                "sample": index,
                "answer": sample.answer,
                "finish_reason": sample.finish_reason,
                "tokens": sample.tokens,
                "equal": self.correct[index],
                "voted": self.result.answer,
                "agreement": self.result.agreement,
                "reasoning": sample.reasoning,
                "solution": sample.solution,
            }
            for index, sample in enumerate(self.result.samples)
        ]


async def _grade(reference: str, answers: Sequence[str | None]) -> list[bool]:
    async def one(answer: str | None) -> bool:
        if answer is None:
            return False
        outcome = await shared_pool().run_async(
            same_answer, reference, answer, time_limit=GRADE_TIME_LIMIT
        )
        return outcome.status == "ok" and outcome.value is True

    return list(await asyncio.gather(*(one(a) for a in answers)))


async def run_bench(
    items: Sequence[Mapping[str, Any]],
    settings: Settings,
    concurrency: int,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Solve and grade every item, at most ``concurrency`` at a time, in the items' order.

    Raises ``BackendError`` when the backend fails ``MAX_ERRORS_IN_A_ROW`` times running."""
    gate = asyncio.Semaphore(concurrency)
    errors_in_a_row = 0

    async def one(item: Mapping[str, Any]) -> Outcome:
        nonlocal errors_in_a_row
        async with gate:
            started = time.monotonic()
            try:
                result = await solve(str(item["problem"]), settings)
            except BackendError as error:
                errors_in_a_row += 1
                outcome = Outcome(item, time.monotonic() - started, error=str(error))
                if errors_in_a_row >= MAX_ERRORS_IN_A_ROW:
                    raise
            else:
                errors_in_a_row = 0
                outcome = Outcome(item, time.monotonic() - started, result)
                answers = [s.answer for s in result.samples]
                reference = str(item.get("answer", ""))
                graded = await _grade(reference, [*answers, result.answer])
                outcome.correct, outcome.voted_correct = graded[:-1], graded[-1]
        if on_done is not None:
            on_done(outcome)
        return outcome

    return list(await asyncio.gather(*(one(item) for item in items)))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    count: int
    pass1: float
    cons: float
    mean_latency: float
    p95_latency: float
    tokens_per_second: float
    truncated: int
    errors: int


def summarize(outcomes: Sequence[Outcome], wall: float) -> Summary:
    """The numbers of the table's first line (tokens/s is total tokens over wall time)."""
    count = len(outcomes)
    latencies = [o.latency for o in outcomes]
    return Summary(
        count=count,
        pass1=sum(o.pass1 for o in outcomes) / count if count else 0.0,
        cons=sum(o.voted_correct for o in outcomes) / count if count else 0.0,
        mean_latency=sum(latencies) / count if count else 0.0,
        p95_latency=percentile(latencies, 0.95),
        tokens_per_second=sum(o.tokens for o in outcomes) / wall if wall > 0 else 0.0,
        truncated=sum(1 for o in outcomes if o.result is not None and o.result.truncated),
        errors=sum(1 for o in outcomes if o.result is None),
    )


def by_key(outcomes: Sequence[Outcome], key: str) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(str(outcome.item.get(key, "?")), []).append(outcome)
    return dict(sorted(groups.items()))
