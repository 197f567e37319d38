"""Recorded replies through the live path after the stream: extraction, SymPy's checks, vote.

Each recorded sample is fed to a ``ReplyBuffer`` as the inline layout a server streams
(``<think>...</think>`` then the solution), so answers come only from the part after the
thinking, exactly as in a live solve; ``result.finish`` then verifies and votes. Both votes are
read off the same groups and checks: pass@1, maj@N (``majority``) and verified@N
(``verified``), graded against each row's ``reference`` with the shared equivalence judgement.

Input rows (``../shared/notes/benches.md``, "Replay"): ``problem``, ``reference``, ``answer``
(the whole sample text, thinking included), optional ``problem_idx`` (else the problem text
groups the samples) and ``subject``, optional ``careful`` (a careful grader's label). Rows
that ``bench math500 --out`` writes (``answer`` is the extracted answer there, the text is
in ``reasoning`` and ``solution``) are read too.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mathlsp.check.answers.equivalence import same_answer
from mathlsp.check.engine.sandbox import WorkerPool
from mathlsp.settings import Settings
from mathlsp.solve.reply import ReplyBuffer
from mathlsp.solve.result import Generation, finish, pick
from mathlsp.solve.types import SolveResult
from mathlsp.solve.verify import Verifier
from mathlsp.solve.vote import group_answers

GRADE_TIME_LIMIT = 5.0
REPLAY_MODEL = "replay"


@dataclass
class Recorded:
    """One problem's recorded samples, in file order."""

    key: str
    problem: str
    reference: str
    subject: str | None
    texts: list[str] = field(default_factory=list)
    careful: list[bool | None] = field(default_factory=list)
    label: str = ""  # for reports: "MATH test#85", else the key


def sample_text(row: Mapping[str, Any]) -> str:
    """The whole reply of a row: ``answer`` in the replay schema; ``reasoning`` and
    ``solution`` in the rows ``bench math500 --out`` writes."""
    if isinstance(row.get("solution"), str):
        reasoning = str(row.get("reasoning") or "")
        think = f"<think>\n{reasoning}\n</think>\n\n" if reasoning.strip() else ""
        return think + str(row["solution"])
    answer = row.get("answer")
    return answer if isinstance(answer, str) else ""


def load_recorded(path: Path, limit: int | None = None) -> list[Recorded]:
    """Rows grouped into problems by ``problem_idx`` (else the problem text), in order of
    first appearance; ``limit`` keeps the first problems."""
    problems: dict[str, Recorded] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row, dict) or not isinstance(row.get("problem"), str):
            raise ValueError(f"{path}:{number}: each line needs `problem`, `reference`, `answer`")
        if "reference" not in row or "answer" not in row:
            raise ValueError(f"{path}:{number}: each line needs `problem`, `reference`, `answer`")
        group = row.get("problem_idx")
        # One problem's samples share the model and data set too (a file may hold several).
        origin = "#".join(str(row[k]) for k in ("model", "dataset") if row.get(k))
        key = f"{origin}#{group}" if group is not None else str(row["problem"])
        if key not in problems:
            subject = row.get("subject")
            label = f"{row.get('dataset') or 'problem'}#{group}" if group is not None else key[:60]
            problems[key] = Recorded(
                key,
                row["problem"],
                str(row["reference"]),
                str(subject) if subject else None,
                label=label,
            )
        careful = row.get("careful")
        problems[key].texts.append(sample_text(row))
        problems[key].careful.append(careful if isinstance(careful, bool) else None)
    found = list(problems.values())
    return found[:limit] if limit is not None else found


def generation_of(texts: Sequence[str]) -> Generation:
    """The buffers a server would have filled with these replies, streamed inline."""
    buffers = []
    for text in texts:
        buffer = ReplyBuffer()
        buffer.feed(None, text)
        buffer.finish_reason = "stop"
        buffers.append(buffer)
    return Generation(buffers, REPLAY_MODEL, max_tokens=0)


@dataclass
class Replayed:
    """One problem replayed: the verified vote's result, the majority's pick, the grades."""

    recorded: Recorded
    result: SolveResult
    majority: int | None
    correct: list[bool]
    groups: list[list[int]] = field(default_factory=list)

    def group_of(self, index: int | None) -> int | None:
        return next((n for n, g in enumerate(self.groups) if index in g), None)

    @property
    def verified(self) -> int | None:
        return self.result.chosen if self.result.answer is not None else None

    def right(self, index: int | None) -> bool:
        return index is not None and self.correct[index]

    @property
    def pass1(self) -> float:
        return sum(self.correct) / len(self.correct) if self.correct else 0.0


async def _grade(pool: WorkerPool, reference: str, answers: Sequence[str | None]) -> list[bool]:
    async def one(answer: str | None) -> bool:
        if answer is None:
            return False
        outcome = await pool.run_async(same_answer, reference, answer, time_limit=GRADE_TIME_LIMIT)
        return outcome.status == "ok" and outcome.value is True

    return list(await asyncio.gather(*(one(a) for a in answers)))


async def replay_one(
    recorded: Recorded, settings: Settings, verifier: Verifier, pool: WorkerPool
) -> Replayed:
    """The live path after the stream for one problem, voted both ways."""
    generation = generation_of(recorded.texts)
    result = await finish(generation, recorded.problem, settings, verifier)
    assert result.verification is not None
    groups = await group_answers([s.answer for s in result.samples])
    majority, _ = pick(groups, result.verification, "majority")
    correct = await _grade(pool, recorded.reference, [s.answer for s in result.samples])
    return Replayed(recorded, result, majority, correct, groups)


async def replay(
    problems: Sequence[Recorded],
    settings: Settings,
    pool: WorkerPool,
    concurrency: int = 4,
    on_done: Callable[[Replayed], None] | None = None,
) -> list[Replayed]:
    """Every problem, at most ``concurrency`` at a time, in the input's order."""
    verifier = Verifier(pool, settings)
    gate = asyncio.Semaphore(concurrency)

    async def one(recorded: Recorded) -> Replayed:
        async with gate:
            done = await replay_one(recorded, settings, verifier, pool)
        if on_done is not None:
            on_done(done)
        return done

    return list(await asyncio.gather(*(one(p) for p in problems)))


@dataclass(frozen=True)
class Scores:
    problems: int
    samples: int
    pass1: float
    majority: float
    verified: float


def scores(outcomes: Sequence[Replayed]) -> Scores:
    count = len(outcomes)
    if not count:
        return Scores(0, 0, 0.0, 0.0, 0.0)
    return Scores(
        problems=count,
        samples=sum(len(o.correct) for o in outcomes),
        pass1=sum(o.pass1 for o in outcomes) / count,
        majority=sum(o.right(o.majority) for o in outcomes) / count,
        verified=sum(o.right(o.verified) for o in outcomes) / count,
    )


def differences(outcomes: Sequence[Replayed]) -> list[dict[str, Any]]:
    """The problems where the two votes pick answers of different groups, and why."""
    found = []
    for o in outcomes:
        m, v = o.majority, o.verified
        if m is None or v is None or o.group_of(m) == o.group_of(v):
            continue
        checks = o.result.verification.samples if o.result.verification else ()
        if checks and checks[m].refuted:
            why = f"SymPy computes {o.result.computed}: the majority's answer is refuted"
        else:
            why = "a tie between groups, broken by false steps in the working"
        found.append(
            {
                "problem": o.recorded.label,
                "majority": o.result.samples[m].answer,
                "majority_correct": o.right(m),
                "verified": o.result.samples[v].answer,
                "verified_correct": o.right(v),
                "why": why,
            }
        )
    return found


def refutation(outcomes: Sequence[Replayed]) -> dict[str, int]:
    """How many samples SymPy refuted, and how many of those are wrong: by the ``careful``
    label where the row has one, else by the grade against the reference."""
    refuted = wrong = labelled = wrong_by_label = flawed = steps = confirmed = 0
    for o in outcomes:
        checks = o.result.verification.samples if o.result.verification else ()
        for index, check in enumerate(checks):
            steps += len(check.false_steps)
            flawed += bool(check.false_steps)
            confirmed += check.answer == "confirms"
            if not check.refuted:
                continue
            refuted += 1
            wrong += not o.correct[index]
            label = o.recorded.careful[index]
            if label is not None:
                labelled += 1
                wrong_by_label += not label
    return {
        "confirmed": confirmed,
        "refuted": refuted,
        "refuted_wrong_by_grade": wrong,
        "refuted_labelled": labelled,
        "refuted_wrong_by_careful": wrong_by_label,
        "samples_with_false_steps": flawed,
        "false_steps": steps,
    }


def sample_rows(outcomes: Sequence[Replayed]) -> list[dict[str, Any]]:
    """One row per sample: its answer, grade, SymPy's verdict and false steps (``--out``)."""
    rows = []
    for o in outcomes:
        checks = o.result.verification.samples if o.result.verification else ()
        for index, sample in enumerate(o.result.samples):
            check = checks[index] if index < len(checks) else None
            rows.append(
                {
                    "problem": o.recorded.label,
                    "sample": index,
                    "answer": sample.answer,
                    "reference": o.recorded.reference,
                    "equal": o.correct[index],
                    "careful": o.recorded.careful[index],
                    "sympy": check.answer if check else None,
                    "computed": o.result.computed,
                    "false_steps": [
                        {"source": s.source, "message": s.message, "line": s.line}
                        for s in (check.false_steps if check else ())
                    ],
                }
            )
    return rows
