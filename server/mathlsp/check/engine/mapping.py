"""Judgement results back onto the document: each ``Finding`` gets the range it is about, and
a judgement that timed out, crashed or failed becomes one ``unverified`` information.

Where a finding points: a span's finding covers the span (none for a span that holds a
chain: its links are judged one by one); a chain link ``i`` runs from term
``i`` to term ``i+1`` when both are on one line, else it is term ``i+1`` (the ``&=`` line that
is wrong); a step ``k`` is the ``k``-th equation of its run; a problem finding ``a`` is the
``a``-th written answer (the statement when there is none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mathlsp.check.diagnostics import Diagnostic, Severity
from mathlsp.check.engine.plan import Job, Plan
from mathlsp.check.engine.sandbox import Outcome, format_seconds
from mathlsp.check.judge.results import ChainResult, Finding, ProblemResult, SpanResult, StepsResult
from mathlsp.document.model import Chain, Document
from mathlsp.document.text import Range


@dataclass(slots=True)
class Mapped:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    span_results: dict[int, SpanResult] = field(default_factory=dict)
    chain_results: dict[int, ChainResult] = field(default_factory=dict)
    problem_results: dict[int, ProblemResult] = field(default_factory=dict)


def unverified_message(job: Job, outcome: Outcome[Any], time_limit: float) -> str:
    """Why a judgement gave no answer, naming what it was about."""
    if outcome.status == "timeout":
        return f"not decided within {format_seconds(time_limit)}: `{job.subject}`"
    detail = outcome.detail or outcome.status
    if detail.startswith("NotImplementedError"):
        detail = "this check is not available yet"
    elif outcome.status == "ok":
        detail = "the check returned an unexpected result"
    return f"could not check `{job.subject}`: {detail}"


def _diagnostic(finding: Finding, where: Range) -> Diagnostic:
    return Diagnostic(
        where, Severity(finding.severity), finding.code, finding.message, dict(finding.data)
    )


def _unverified(where: Range, job: Job, outcome: Outcome[Any], time_limit: float) -> Diagnostic:
    return Diagnostic(
        where, Severity.INFORMATION, "unverified", unverified_message(job, outcome, time_limit)
    )


def link_range(chain: Chain, link: int) -> Range:
    """The range of link ``link`` (terms ``link`` and ``link + 1``)."""
    last = len(chain.terms) - 2
    link = min(max(link, 0), last)
    left, right = chain.terms[link].range, chain.terms[link + 1].range
    if left.start.line == right.end.line:
        return Range(left.start, right.end)
    return right


def _whole(first: Range, last: Range) -> Range:
    return Range(first.start, last.end)


def _value(outcome: Outcome[Any], kind: type) -> Any:
    return outcome.value if outcome.status == "ok" and isinstance(outcome.value, kind) else None


def map_results(
    document: Document, plan: Plan, outcomes: Mapping[Any, Outcome[Any]], time_limit: float
) -> Mapped:
    """Diagnostics and per-item results for ``document`` from ``outcomes`` (by job key);
    a job without an outcome yet is left out (the language server publishes in waves)."""
    mapped = Mapped()
    found = mapped.diagnostics
    chains_checked = bool(plan.chains)
    for index, job in plan.spans:
        span = document.spans[index]
        outcome = outcomes.get(job.key)
        if outcome is None:
            continue  # not decided yet: a later wave has it
        result = _value(outcome, SpanResult)
        if result is not None:
            mapped.span_results[index] = result
        if chains_checked and span.range in plan.chain_hosts:
            continue  # a span holding a chain (or an `&=` line of one) speaks through its links
        if result is None:
            found.append(_unverified(span.range, job, outcome, time_limit))
            continue
        found += [_diagnostic(finding, span.range) for finding in result.findings]
    for index, job in plan.chains:
        chain = document.chains[index]
        outcome = outcomes.get(job.key)
        if outcome is None:
            continue  # not decided yet: a later wave has it
        chain_result = _value(outcome, ChainResult)
        if chain_result is None:
            whole = _whole(chain.terms[0].range, chain.terms[-1].range)
            found.append(_unverified(whole, job, outcome, time_limit))
            continue
        mapped.chain_results[index] = chain_result
        found += [_diagnostic(f, link_range(chain, f.target)) for f in chain_result.findings]
    for run, job in plan.steps:
        outcome = outcomes.get(job.key)
        if outcome is None:
            continue  # not decided yet: a later wave has it
        steps_result = _value(outcome, StepsResult)
        if steps_result is None:
            found.append(_unverified(_whole(run[0].range, run[-1].range), job, outcome, time_limit))
            continue
        for finding in steps_result.findings:
            found.append(_diagnostic(finding, run[min(max(finding.target, 0), len(run) - 1)].range))
    for index, answers, job in plan.problems:
        problem = document.problems[index]
        outcome = outcomes.get(job.key)
        if outcome is None:
            continue  # not decided yet: a later wave has it
        problem_result = _value(outcome, ProblemResult)
        fallback = answers[0].range if answers else problem.statement_range
        if problem_result is None:
            found.append(_unverified(fallback, job, outcome, time_limit))
            continue
        mapped.problem_results[index] = problem_result
        for finding in problem_result.findings:
            target = finding.target
            where = answers[target].range if 0 <= target < len(answers) else fallback
            found.append(_diagnostic(finding, where))
    mapped.diagnostics = sort_diagnostics(found)
    return mapped


def _order(diagnostic: Diagnostic) -> tuple[int, int, int, int, int, str, str]:
    start, end = diagnostic.range.start, diagnostic.range.end
    return (start.line, start.character, end.line, end.character, int(diagnostic.severity),
            diagnostic.code, diagnostic.message)  # fmt: skip


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """By range, then severity; exact duplicates (same range, code and message) dropped."""
    unique: dict[tuple[Any, ...], Diagnostic] = {}
    for diagnostic in diagnostics:
        unique.setdefault((diagnostic.range, diagnostic.code, diagnostic.message), diagnostic)
    return sorted(unique.values(), key=_order)
