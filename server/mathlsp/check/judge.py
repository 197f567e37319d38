"""Judgements that run inside sandbox workers: pure functions from LaTeX strings to results.

The engine (``engine.py``) builds the inputs from the document model, sends each call to the
worker pool with a time limit, caches results by normalised input, and maps ``Finding``s to
ranged ``Diagnostic``s. Everything here takes and returns plain picklable data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mathlsp.check.diagnostics import Code, Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong (or undecided), relative to the judgement's inputs.

    ``target`` says which input it belongs to: the link index for a chain, the step index for
    steps (the later equation of the pair), the written-answer index for a problem, 0 for a
    span. ``data`` carries facts for quick fixes ({"replacement": "\\frac{1}{3}"})."""

    code: Code
    severity: Severity
    message: str
    target: int = 0
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SpanResult:
    """One math span: what SymPy reads, hover text (Markdown), and what is wrong with it."""

    reads_as: str | None  # SymPy's reading, as LaTeX; None when unreadable
    hover: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class ChainResult:
    hover: tuple[str, ...]  # one line per link, e.g. "✓ (x+1)^2 = x^2+2x+1"
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class StepsResult:
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class ProblemResult:
    kind: str | None  # "solve", "derivative", ... None when SymPy cannot do this problem
    computed: str | None  # SymPy's answer as LaTeX
    status: str  # "verified" | "mismatch" | "unverified" | "no-answer"
    hover: str
    findings: tuple[Finding, ...] = ()


def _failure(what: str, error: Exception) -> Finding:
    """A SymPy failure inside a judgement, as a value: the check is unverified, not crashed."""
    detail = str(error).splitlines()[0][:120] if str(error) else ""
    reason = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return Finding("unverified", Severity.INFORMATION, f"could not check {what} ({reason})")


def judge_span(source: str, *, raise_errors: bool = False) -> SpanResult:
    """A single math span: closed claims must hold; anything else gets a hover reading.
    ``raise_errors`` lets tests see an unexpected exception instead of an unverified note."""
    from mathlsp.check.spans import read_span

    try:
        return read_span(source)
    except Exception as error:
        if raise_errors or isinstance(error, MemoryError):  # the sandbox reports memory
            raise
        finding = _failure(f"`{source.strip()}`", error)
        return SpanResult(None, finding.message, (finding,))


def judge_chain(terms: tuple[str, ...], *, raise_errors: bool = False) -> ChainResult:
    """Each consecutive pair of ``terms`` must be identically equal."""
    from mathlsp.check.spans import read_chain

    try:
        return read_chain(terms)
    except Exception as error:
        if raise_errors or isinstance(error, MemoryError):  # the sandbox reports memory
            raise
        return ChainResult((), (_failure("this chain", error),))


def judge_steps(equations: tuple[str, ...], *, raise_errors: bool = False) -> StepsResult:
    """Consecutive equations `L = R` of a solving: each must keep the solution set."""
    from mathlsp.check.steps import check_steps

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
    *,
    raise_errors: bool = False,
) -> ProblemResult:
    """Compare written answers with SymPy's answer, or else with the recorded model answer."""
    from mathlsp.check.problem_check import check_problem

    try:
        return check_problem(statement, statement_math, written_answers, model_answer, model_fields)
    except Exception as error:
        if raise_errors or isinstance(error, MemoryError):  # the sandbox reports memory
            raise
        finding = _failure("this problem", error)
        status = "unverified" if written_answers else "no-answer"
        return ProblemResult(None, None, status, finding.message, (finding,))
