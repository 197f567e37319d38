"""What judgements return: plain, picklable, frozen values that cross the worker boundary.

Every judgement imports these; nothing here imports a judgement."""

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
