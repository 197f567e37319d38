"""The judgements' entry points, the functions the engine sends to sandbox workers.

Pure functions from LaTeX strings to results (``results.py``). The engine (``engine/``) builds
the inputs from the document model, sends each call to the worker pool with a time limit,
caches results by normalised input, and maps ``Finding``s to ranged ``Diagnostic``s. A failure
inside a judgement becomes an ``unverified`` finding, never an exception.

Each entry point imports its judgement lazily, on purpose: the editor's process only names
these functions to send them to workers, and must not load SymPy to do so (start-up time and
memory); the workers' warm-up imports them all once.
"""

from __future__ import annotations

from mathlsp.check.context.facts import EMPTY, Context
from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.results import ChainResult, Finding, ProblemResult, SpanResult, StepsResult


def _failure(what: str, error: Exception) -> Finding:
    """A SymPy failure inside a judgement, as a value: the check is unverified, not crashed."""
    detail = str(error).splitlines()[0][:120] if str(error) else ""
    reason = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return Finding("unverified", Severity.INFORMATION, f"could not check {what} ({reason})")


def judge_span(source: str, *, raise_errors: bool = False) -> SpanResult:
    """A single math span: closed claims must hold; anything else gets a hover reading.
    ``raise_errors`` lets tests see an unexpected exception instead of an unverified note."""
    from mathlsp.check.judge.spans import read_span  # lazily: see the module's docstring

    try:
        return read_span(source)
    except Exception as error:
        if raise_errors or isinstance(error, MemoryError):  # the sandbox reports memory
            raise
        finding = _failure(f"`{source.strip()}`", error)
        return SpanResult(None, finding.message, (finding,))


def judge_chain(
    terms: tuple[str, ...], context: Context = EMPTY, *, raise_errors: bool = False
) -> ChainResult:
    """Each consecutive pair of ``terms`` must be identically equal, or equal under what
    ``context`` (the document's bindings and givens in scope) establishes."""
    from mathlsp.check.judge.spans import read_chain  # lazily: see the module's docstring

    try:
        return read_chain(terms, context)
    except Exception as error:
        if raise_errors or isinstance(error, MemoryError):  # the sandbox reports memory
            raise
        return ChainResult((), (_failure("this chain", error),))


def judge_steps(equations: tuple[str, ...], *, raise_errors: bool = False) -> StepsResult:
    """Consecutive equations `L = R` of a solving: each must keep the solution set."""
    from mathlsp.check.judge.steps import check_steps  # lazily: see the module's docstring

    try:
        return StepsResult(check_steps(equations))
    except Exception as error:
        if raise_errors or isinstance(error, MemoryError):  # the sandbox reports memory
            raise
        return StepsResult((_failure("these steps", error),))


def judge_problem(
    statement: str,
    statement_math: tuple[str, ...],
    written_answers: tuple[str, ...],
    model_answer: str | None,
    model_fields: tuple[tuple[str, str], ...] = (),
    worked: tuple[str, str, int] | None = None,
    *,
    raise_errors: bool = False,
) -> ProblemResult:
    """Compare written answers with SymPy's answer, or else with the recorded model answer,
    or else with what the working computes before its last box (``worked``: that value's
    LaTeX, the box's, and which written answer the box is)."""
    from mathlsp.check.judge.problem_check import check_problem  # lazily: see the docstring

    try:
        return check_problem(
            statement, statement_math, written_answers, model_answer, model_fields, worked
        )
    except Exception as error:
        if raise_errors or isinstance(error, MemoryError):  # the sandbox reports memory
            raise
        finding = _failure("this problem", error)
        status = "unverified" if written_answers else "no-answer"
        return ProblemResult(None, None, status, finding.message, (finding,))
