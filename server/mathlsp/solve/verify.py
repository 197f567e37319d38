"""SymPy's word on the model's replies: the final answer against SymPy's answer, the working
checked as the checker checks a note.

Only the part after ``</think>`` is judged: the model corrects itself while thinking. Two
judgements, both the checker's own, run in sandbox workers (model text is untrusted):

- **The answer.** ``judge_problem`` with every sample's final answer as a written answer: SymPy
  computes the problem's answer only when the target is fully understood (the rule for written
  answers in a note), so a sample is "differs" only where a written answer would be flagged.
- **The working.** The problem and the sample's solution become one Markdown note, checked by a
  ``Checker`` with answers off; its errors (``false-equation``, ``invalid-step``) on the
  solution's lines are the sample's false steps. They go into the block and the JSON, never
  into diagnostics on the user's text.

Only closed claims count as false steps: numbers and operations on them, nothing named. A
model names its quantities in prose ("the area", ``AB``, ``\\angle ABD``, ``\\text{total}``)
and a relation between such names is a definition the checker cannot see, so it stays
silent on it; a percent sign (``\\frac14 \\times 100 = 25\\%``) is a label as often as a factor;
an odd root of a negative number (``\\sqrt[3]{-1} = -1``) holds for the real root, which the
checker's reading (the principal, complex root) does not consider.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Sequence

from mathlsp.check.diagnostics import Severity
from mathlsp.check.engine.checker import Checker
from mathlsp.check.engine.sandbox import WorkerPool
from mathlsp.check.judge.entry import judge_problem
from mathlsp.check.judge.results import ProblemResult
from mathlsp.document import parse_document
from mathlsp.document.model import Document
from mathlsp.settings import Settings
from mathlsp.solve.types import AnswerVerdict, FalseStep, Sample, SampleCheck, Verification
from mathlsp.solve.vote import shared_pool

_STEP_CODES = ("false-equation", "invalid-step")
HEADING = "# Problem"
# Commands that only write numbers and operations on them; any other command, or any letter
# left once these are gone, names something.
_NUMERIC_COMMANDS = frozenset(
    "frac dfrac tfrac times cdot div sqrt left right pi circ ldots cdots dots binom dbinom "
    "tbinom lfloor rfloor lceil rceil quad qquad approx le ge leq geq lt gt neq ne "
    "displaystyle big Big bigg Bigg".split()
)
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_DOLLAR = re.compile(r"(?<!\\)\$")  # a span the scanner could not close: not one claim
_SPACING = re.compile(r"\\[,;:! ]")


def closed_claim(source: str) -> bool:
    """Whether a claim relates numbers only (``182 + 21 = 193``, ``\\frac{1}{2} \\times 24 = 12``)."""
    if "%" in source or "\\sqrt[" in source or _DOLLAR.search(source):
        return False
    if any(c not in _NUMERIC_COMMANDS for c in _COMMAND.findall(source)):
        return False
    rest = _COMMAND.sub(" ", _SPACING.sub(" ", source))
    return re.search(r"[A-Za-z]", rest) is None


def problem_note(problem: str, solution: str = "") -> str:
    """The Markdown note a reply is checked as: the problem as one paragraph under a heading
    (as the benches build theirs), then the solution as written."""
    statement = " ".join(line.strip() for line in problem.strip().splitlines() if line.strip())
    text = f"{HEADING}\n\n{statement}\n"
    if solution.strip():
        text += "\n" + solution.strip("\n") + "\n"
    return text


def _answer_verdicts(result: ProblemResult | None, count: int) -> list[AnswerVerdict]:
    if result is None or result.kind is None:
        return ["unknown"] * count
    verdicts: list[AnswerVerdict] = ["confirms"] * count
    for finding in result.findings:
        if 0 <= finding.target < count:
            if finding.code == "answer-mismatch" and finding.severity == Severity.ERROR:
                verdicts[finding.target] = "differs"
            elif verdicts[finding.target] != "differs":
                verdicts[finding.target] = "undecided"
    return verdicts


def _false_steps(
    document: Document, diagnostics: Sequence[object], first_line: int
) -> list[FalseStep]:
    lines = document.text.split("\n")
    found: list[FalseStep] = []
    for diagnostic in diagnostics:
        code = getattr(diagnostic, "code", "")
        if code not in _STEP_CODES or getattr(diagnostic, "severity", None) != Severity.ERROR:
            continue
        where = diagnostic.range  # type: ignore[attr-defined]
        if where.start.line < first_line:
            continue  # on the problem's own text: not the model's claim
        if where.start.line == where.end.line:
            source = lines[where.start.line][where.start.character : where.end.character]
        else:
            source = lines[where.start.line][where.start.character :]
        source = source.strip().strip("$").strip()
        if not closed_claim(source):
            continue
        found.append(
            FalseStep(
                source,
                str(diagnostic.message),  # type: ignore[attr-defined]
                where.start.line - first_line,
                str(code),
            )
        )
    return found


class Verifier:
    """Runs both judgements on a worker pool it is given (the caller owns the pool)."""

    def __init__(self, pool: WorkerPool, settings: Settings | None = None) -> None:
        base = settings or Settings()
        # The working is checked like a note, answers apart: those are judged once for all
        # samples, against SymPy's answer only.
        checking = dataclasses.replace(base, check_enabled=True, check_answers=False)
        self.pool = pool
        self.time_limit = base.check_time_limit
        self.checker = Checker(checking, pool=pool, readings=False)

    async def _answers(self, problem: str, answers: Sequence[str]) -> ProblemResult | None:
        document = await asyncio.to_thread(parse_document, problem_note(problem), "markdown")
        if not document.problems:
            return None
        target = document.problems[0]
        statement_math = tuple(span.source for span in target.statement_math)
        outcome = await self.pool.run_async(
            judge_problem,
            target.statement,
            statement_math,
            tuple(answers),
            None,
            time_limit=self.time_limit,
        )
        if outcome.status != "ok" or not isinstance(outcome.value, ProblemResult):
            return None
        return outcome.value

    async def _working(self, problem: str, solution: str) -> tuple[FalseStep, ...]:
        if not solution.strip():
            return ()
        text = problem_note(problem, solution)
        document = await asyncio.to_thread(parse_document, text, "markdown")
        first_line = len(problem_note(problem).split("\n"))  # the solution's first line
        report = await self.checker.check_async(document)
        return tuple(_false_steps(document, report.diagnostics, first_line))

    async def verify(self, problem: str, samples: Sequence[Sample]) -> Verification:
        """Both judgements for every sample (the working of each sample concurrently)."""
        answered = [i for i, s in enumerate(samples) if s.answer is not None]
        answers = [str(samples[i].answer) for i in answered]
        answer_job = asyncio.ensure_future(self._answers(problem, answers) if answers else _none())
        workings = await asyncio.gather(*(self._working(problem, s.solution) for s in samples))
        result = await answer_job
        verdicts = _answer_verdicts(result, len(answers))
        per_sample: list[AnswerVerdict] = ["none"] * len(samples)
        for index, verdict in zip(answered, verdicts, strict=True):
            per_sample[index] = verdict
        checks = tuple(
            SampleCheck(verdict, steps) for verdict, steps in zip(per_sample, workings, strict=True)
        )
        computed = result.computed if result is not None and result.kind is not None else None
        kind = result.kind if result is not None else None
        return Verification(computed, kind, checks)


async def _none() -> ProblemResult | None:
    return None


_shared: Verifier | None = None


def shared_verifier(settings: Settings) -> Verifier:
    """One verifier per process on the vote's sandbox pool, started on first use."""
    global _shared
    if _shared is None:
        _shared = Verifier(shared_pool(), settings)
    return _shared
