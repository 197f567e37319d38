"""Which judgements a document needs: one ``Job`` per span, chain, run of steps and problem.

Pure and fast (no SymPy): it reads the document model and the settings flags and produces
jobs whose ``key`` is the cache key (judgement name plus normalised arguments), so that equal
content anywhere, in any file, is judged once. ``mapping.py`` turns the results back into
ranged diagnostics using the same plan.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mathlsp.check.context.build import build_context
from mathlsp.check.engine.cache import Key, latex_key, text_key
from mathlsp.check.judge import entry as judge
from mathlsp.check.read.shape import is_equation, may_be_claim
from mathlsp.document.model import Document, MathSpan, Problem, WrittenAnswer
from mathlsp.document.text import Range
from mathlsp.settings import Settings


@dataclass(frozen=True, slots=True)
class Judges:
    """The worker-side functions the engine calls (module-level, so workers can load them);
    tests pass fakes."""

    span: Callable[..., Any] = judge.judge_span
    chain: Callable[..., Any] = judge.judge_chain
    steps: Callable[..., Any] = judge.judge_steps
    problem: Callable[..., Any] = judge.judge_problem


@dataclass(frozen=True, slots=True)
class Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    key: Key
    subject: str  # what the job judges, readable, for "not decided" messages
    size: int = field(default=0, compare=False)  # how much text it reads (set from args)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", _size(self.args))


def _size(value: Any) -> int:
    """Characters of the strings in ``value`` (the language server judges small jobs first)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple):
        return sum(_size(item) for item in value)
    return 1


@dataclass(slots=True)
class Plan:
    spans: list[tuple[int, Job]] = field(default_factory=list)  # index into document.spans
    chains: list[tuple[int, Job]] = field(default_factory=list)  # index into document.chains
    steps: list[tuple[tuple[MathSpan, ...], Job]] = field(default_factory=list)
    # problem index, the written answers sent (ignored ones dropped), the job
    problems: list[tuple[int, tuple[WrittenAnswer, ...], Job]] = field(default_factory=list)
    chain_hosts: frozenset[Range] = frozenset()  # ranges of spans that hold a chain
    # What was planned for each item, by its identity: the next plan of the same document
    # (``previous``) reuses it for items an edit left alone (``document.reread`` keeps their
    # objects). The item is kept with it, so an id is never mistaken for another's.
    memo: dict[tuple[str, int], tuple[object, Any]] = field(default_factory=dict)
    basis: tuple[object, ...] = ()  # the settings, judges and mode the memo holds for

    def jobs(self) -> list[Job]:
        found: list[Job] = [job for _, job in self.spans]
        found += [job for _, job in self.chains]
        found += [job for _, job in self.steps]
        found += [job for _, _, job in self.problems]
        return found


_SUBJECT_LIMIT = 80


def subject(text: str) -> str:
    """One line of at most 80 characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _SUBJECT_LIMIT else flat[: _SUBJECT_LIMIT - 1] + "…"


def _within(inner: Range, outer: Range) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _spans_by_line(spans: tuple[MathSpan, ...]) -> dict[int, list[MathSpan]]:
    by_line: dict[int, list[MathSpan]] = defaultdict(list)
    for span in spans:
        for line in range(span.range.start.line, span.range.end.line + 1):
            by_line[line].append(span)
    return by_line


def _chain_hosts(document: Document, by_line: dict[int, list[MathSpan]]) -> frozenset[Range]:
    hosts: set[Range] = set()
    for chain in document.chains:
        for term in chain.terms:
            for span in by_line.get(term.range.start.line, ()):
                if _within(term.range, span.range):
                    hosts.add(span.range)
    return frozenset(hosts)


def _live_answers(
    problem: Problem, by_line: dict[int, list[MathSpan]]
) -> tuple[WrittenAnswer, ...]:
    """Written answers not silenced: one inside (or around) an ignored span is dropped."""
    live = []
    for answer in problem.answers:
        silenced = any(
            span.ignored
            and (_within(span.range, answer.range) or _within(answer.range, span.range))
            for span in by_line.get(answer.range.start.line, ())
        )
        if not silenced:
            live.append(answer)
    return tuple(live)


_is_equation = functools.lru_cache(maxsize=1 << 16)(is_equation)  # a re-plan asks again


def _step_runs(problem: Problem, hosts: frozenset[Range]) -> list[tuple[MathSpan, ...]]:
    """Runs of two or more consecutive ``L = R`` working equations; anything else breaks a
    run (ignored spans, chains, non-equations)."""
    runs: list[tuple[MathSpan, ...]] = []
    current: list[MathSpan] = []
    for span in (*problem.working, None):
        if (
            span is not None
            and not span.ignored
            and span.range not in hosts
            and _is_equation(span.source)
        ):
            current.append(span)
            continue
        if len(current) >= 2:
            runs.append(tuple(current))
        current = []
    return runs


class _Memo:
    """Reuse of a previous plan's jobs by item identity (see ``Plan.memo``)."""

    def __init__(self, previous: Plan | None, basis: tuple[object, ...]) -> None:
        self.old: dict[tuple[str, int], tuple[object, Any]] = {}
        if previous is not None and len(previous.basis) == len(basis):
            if all(a is b for a, b in zip(previous.basis, basis, strict=True)):
                self.old = previous.memo
        self.new: dict[tuple[str, int], tuple[object, Any]] = {}

    def get(self, kind: str, item: object) -> Any:
        """What was planned for ``item`` (None if nothing, or not this very object)."""
        entry = self.old.get((kind, id(item)))
        if entry is None or entry[0] is not item:
            return None
        self.new[kind, id(item)] = entry
        return entry[1]

    def put(self, kind: str, item: object, value: Any) -> Any:
        self.new[kind, id(item)] = (item, value)
        return value


def build_plan(
    document: Document,
    settings: Settings,
    judges: Judges,
    *,
    readings: bool = True,
    previous: Plan | None = None,
) -> Plan:
    """The jobs ``document`` needs under ``settings`` (nothing when checking is off).

    ``readings=False`` (the CLI) skips spans without a relation sign (judging them only
    yields a hover reading, or a note that they could not be read) and spans whose chain is
    judged link by link. ``previous``: the plan of an earlier text of this document, whose
    jobs for the same span, chain and problem objects are taken as they are."""
    plan = Plan(basis=(settings, judges, readings))
    if not settings.check_enabled:
        return plan
    memo = _Memo(previous, plan.basis)
    by_line = _spans_by_line(document.spans)
    plan.chain_hosts = _chain_hosts(document, by_line)
    if settings.check_claims:
        for index, span in enumerate(document.spans):
            # (Without readings, whether a span is wanted depends on the chains: not kept.)
            job = memo.get("span", span) if readings else None
            if job is not None:
                plan.spans.append((index, job))
                continue
            # Without readings, a span holding a chain is left to the chain's job: its own
            # diagnostics would be dropped anyway (see mapping.py).
            wanted = readings or (
                may_be_claim(span.source)
                and not (settings.check_chains and span.range in plan.chain_hosts)
            )
            if wanted and not span.ignored and span.source.strip():
                key: Key = ("judge_span", latex_key(span.source))
                job = Job(judges.span, (span.source,), key, subject(span.source))
                plan.spans.append((index, memo.put("span", span, job)))
    if settings.check_chains:
        facts = build_context(document) if document.chains else None
        for index, chain in enumerate(document.chains):
            if len(chain.terms) < 2 or facts is None:
                continue
            terms = tuple(term.source for term in chain.terms)
            where = Range(chain.terms[0].range.start, chain.terms[-1].range.end)
            context = facts.at(where, " ".join(terms))
            # An untouched chain keeps its job only while what the document establishes
            # around it is the same (an edit above may change a binding it is judged under).
            known = memo.get("chain", chain)
            if known is not None and known[0] == context:
                job = known[1]
            else:
                # The context travels only when it says something, and is part of the key.
                args: tuple[Any, ...] = (terms, context) if context else (terms,)
                key = ("judge_chain", tuple(latex_key(term) for term in terms), context.facts)
                job = Job(judges.chain, args, key, subject(" = ".join(terms)))
            memo.put("chain", chain, (context, job))
            plan.chains.append((index, job))
    boxes = _boxed_ends(document) if settings.check_answers and document.problems else {}
    for index, problem in enumerate(document.problems):
        if settings.check_steps:
            for run in _step_runs(problem, plan.chain_hosts):
                known = memo.get("steps", run[0])  # a run is known by its first equation
                if known is None or known[0] != run:
                    equations = tuple(span.source for span in run)
                    key = ("judge_steps", tuple(latex_key(eq) for eq in equations))
                    job = Job(judges.steps, (equations,), key, subject(" ⇒ ".join(equations)))
                    known = memo.put("steps", run[0], (run, job))
                plan.steps.append((run, known[1]))
        if settings.check_answers:
            answers = _live_answers(problem, by_line)
            worked = _worked(answers, boxes, by_line) if answers else None
            planned = memo.get("problem", problem)
            if planned is None or planned[:2] != (answers, worked):
                job = _problem_job(problem, answers, worked, judges)
                planned = memo.put("problem", problem, (answers, worked, job))
            if planned[2] is not None:
                plan.problems.append((index, *planned[2]))
    plan.memo = memo.new
    return plan


def _boxed_ends(document: Document) -> dict[Range, str]:
    """Chains that end in a box (`\\frac{10}{2} = \\boxed{5}`), by the box term's range: the
    term before it (what the working computes)."""
    return {
        chain.terms[-1].range: chain.terms[-2].source
        for chain in document.chains
        if len(chain.terms) >= 2 and _box_ends(chain.terms[-1].source) is not None
    }


def _worked(
    answers: tuple[WrittenAnswer, ...],
    boxes: dict[Range, str],
    by_line: dict[int, list[MathSpan]],
) -> tuple[str, str, int] | None:
    """The last boxed answer that ends a chain or a one-link span (`4 \\cdot 2 = \\boxed{8}`):
    (the value before it, the box, the box's index among ``answers``); None when the last
    box ends no computation."""
    for at in range(len(answers) - 1, -1, -1):
        answer = answers[at]
        if answer.form != "boxed":
            continue
        for where, before in boxes.items():
            if _within(answer.range, where):
                return before, answer.latex, at
        for span in by_line.get(answer.range.start.line, ()):
            if _within(answer.range, span.range):
                one = _one_link_before_box(span.source)
                return (one, answer.latex, at) if one else None
        return None
    return None


_ENDS_BOX = re.compile(r"\\boxed\s*\{")
_ANY_RELATION = re.compile(
    r"[=<>]|\\(?:le|ge|ne|neq|leq|geq|approx|equiv|sim|to|Rightarrow|implies)(?![a-zA-Z])"
)


def _box_ends(source: str) -> int | None:
    """Where the one box of ``source`` starts, if nothing but punctuation follows it (not
    `\\boxed{1331}_5` or `\\boxed{512}\\,i`, where the box is part of the value)."""
    found = list(_ENDS_BOX.finditer(source))
    if len(found) != 1:
        return None
    start, depth = found[0].end() - 1, 0
    for index in range(start, len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0) if source[index - 1] != "\\" else 0
        if depth == 0:
            break
    else:
        return None
    return None if source[index + 1 :].strip(" .,;\t\n") else found[0].start()


def _one_link_before_box(source: str) -> str | None:
    """`A = \\boxed{B}` (nothing but punctuation after the box, no other relation): A."""
    at = _box_ends(source)
    if at is None:
        return None
    before = source[:at].rstrip()
    if not before.endswith("=") or _ANY_RELATION.search(before[:-1]):
        return None
    return before[:-1].strip() or None


def _problem_job(
    problem: Problem,
    answers: tuple[WrittenAnswer, ...],
    worked: tuple[str, str, int] | None,
    judges: Judges,
) -> tuple[tuple[WrittenAnswer, ...], Job] | None:
    solution = problem.solution
    model_answer = solution.answer if solution is not None else None
    if not answers and model_answer is None:
        return None
    statement_math = tuple(span.source for span in problem.statement_math)
    written = tuple(answer.latex for answer in answers)
    fields = tuple(sorted(solution.fields.items())) if solution is not None else ()
    args: tuple[Any, ...] = (problem.statement, statement_math, written, model_answer, fields)
    if worked is not None:
        args = (*args, worked)
    key: Key = (
        "judge_problem",
        text_key(problem.statement),
        tuple(latex_key(math) for math in statement_math),
        tuple(latex_key(answer) for answer in written),
        latex_key(model_answer),
        fields,
        (latex_key(worked[0]), latex_key(worked[1]), worked[2]) if worked else None,
    )
    return answers, Job(judges.problem, args, key, subject(problem.label))
