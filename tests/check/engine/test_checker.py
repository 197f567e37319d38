"""The check engine: jobs planned from hand-built documents, run with fake judges in the real
pool, findings mapped to ranges; failures become `unverified`; the cache skips reruns."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from mathlsp.check.diagnostics import Severity
from mathlsp.check.engine.checker import Checker
from mathlsp.check.engine.plan import Judges
from mathlsp.check.engine.sandbox import WorkerPool
from mathlsp.check.judge.results import ChainResult, Finding, ProblemResult, SpanResult, StepsResult
from mathlsp.check.read.shape import is_equation
from mathlsp.document.model import (
    Chain,
    Document,
    Fragment,
    MathSpan,
    Problem,
    SolutionBlock,
    SpanKind,
    WrittenAnswer,
)
from mathlsp.document.text import Position, Range
from mathlsp.settings import Settings

# Fake judgements (module-level: the workers load them by reference).


def fake_span(source: str) -> SpanResult:
    if "hang" in source:
        while True:
            pass
    if "todo" in source:
        raise NotImplementedError
    if "boom" in source:
        raise ZeroDivisionError("division by zero")
    if source.replace(" ", "").endswith("=5"):
        return SpanResult(
            source, "false", (Finding("false-equation", Severity.ERROR, f"`{source}` is false"),)
        )
    return SpanResult(source, f"reads `{source}`")


def fake_chain(terms: tuple[str, ...]) -> ChainResult:
    findings = tuple(
        Finding("false-equation", Severity.ERROR, f"{terms[i]} ≠ {terms[i + 1]}", target=i)
        for i in range(len(terms) - 1)
        if "bad" in terms[i + 1]
    )
    return ChainResult(tuple(f"link {i}" for i in range(len(terms) - 1)), findings)


def fake_steps(equations: tuple[str, ...]) -> StepsResult:
    return StepsResult(
        tuple(
            Finding("invalid-step", Severity.ERROR, f"`{eq}` loses a root", target=k)
            for k, eq in enumerate(equations)
            if "lose" in eq
        )
    )


def fake_problem(
    statement: str,
    statement_math: tuple[str, ...],
    written: tuple[str, ...],
    model_answer: str | None,
    model_fields: tuple[tuple[str, str], ...] = (),
) -> ProblemResult:
    findings = tuple(
        Finding(
            "answer-mismatch",
            Severity.ERROR,
            f"wrote {a}, SymPy gets 2",
            target=i,
            data={"replacement": "2"},
        )
        for i, a in enumerate(written)
        if a != "2"
    )
    if not written and model_answer not in (None, "2"):
        findings = (Finding("answer-mismatch", Severity.WARNING, f"model says {model_answer}"),)
    return ProblemResult("solve", "2", "mismatch" if findings else "verified", statement, findings)


FAKES = Judges(span=fake_span, chain=fake_chain, steps=fake_steps, problem=fake_problem)


def rng(line: int, start: int, end: int, end_line: int | None = None) -> Range:
    return Range(Position(line, start), Position(line if end_line is None else end_line, end))


def span(
    source: str, line: int, col: int = 0, *, ignored: bool = False, kind: SpanKind = SpanKind.INLINE
) -> MathSpan:
    return MathSpan(source, rng(line, col, col + len(source)), kind, ignored=ignored)


def display(source: str, line: int, *, ignored: bool = False) -> MathSpan:
    return span(source, line, 2, ignored=ignored, kind=SpanKind.DISPLAY)


def problem(
    *,
    line: int = 0,
    working: tuple[MathSpan, ...] = (),
    answers: tuple[WrittenAnswer, ...] = (),
    solution: SolutionBlock | None = None,
) -> Problem:
    return Problem(
        label=f"Problem {line}",
        range=rng(line, 0, 0, line + 20),
        statement="Solve  $x + 1 = 3$.",
        statement_range=rng(line, 11, 30),
        statement_math=(span("x + 1 = 3", line, 18),),
        working=working,
        answers=answers,
        solution=solution,
        insert_at_line=line + 1,
    )


def doc(
    spans: tuple[MathSpan, ...], chains: tuple[Chain, ...] = (), problems: tuple[Problem, ...] = ()
) -> Document:
    return Document("", "markdown", spans, chains, problems)


@pytest.fixture(scope="module")
def pool() -> WorkerPool:
    with WorkerPool(2, time_limit=1.0) as shared:
        yield shared


@pytest.fixture
def checker(pool: WorkerPool) -> Checker:
    return Checker(Settings(check_time_limit=1.0), pool=pool, judges=FAKES)


def found(report: object) -> list[tuple[int, int, int, int, str, str]]:
    return [
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.code,
            d.severity.label,
        )
        for d in report.diagnostics  # type: ignore[attr-defined]
    ]


def test_span_findings_land_on_their_span_and_ignored_spans_are_skipped(checker: Checker) -> None:
    document = doc(
        (span("1 + 1 = 2", 0, 3), span("2 + 2 = 5", 1, 4), span("3 = 5", 2, 0, ignored=True))
    )
    report = checker.check(document)
    assert found(report) == [(1, 4, 1, 13, "false-equation", "error")]
    assert report.diagnostics[0].message == "`2 + 2 = 5` is false"
    assert sorted(report.span_results) == [0, 1]
    assert report.span_results[0].hover == "reads `1 + 1 = 2`"


def test_chain_links_map_to_the_pair_of_terms_or_the_continuation_line(checker: Checker) -> None:
    one_line = Chain(
        (Fragment("a", rng(0, 1, 2)), Fragment("b", rng(0, 5, 6)), Fragment("bad c", rng(0, 9, 14)))
    )
    lines = Chain(
        (
            Fragment("(x+1)^2", rng(3, 0, 7)),
            Fragment("x^2+2x+1", rng(3, 10, 18)),
            Fragment("bad", rng(4, 4, 7)),
        )
    )
    host = span("a = b = bad c = 5", 0, 1)  # the span holding the one-line chain
    report = checker.check(doc((host,), (one_line, lines)))
    assert found(report) == [
        (0, 5, 0, 14, "false-equation", "error"),
        (4, 4, 4, 7, "false-equation", "error"),
    ]
    assert report.chain_results[1].hover == ("link 0", "link 1")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x^2 = 2x", True),
        ("x &= 2", True),
        ("&= x^2 + 1", False),
        ("a = b = c", False),
        ("x \\leq 2", False),
        ("x <= 2", False),
        ("f := x^2", False),
        ("x^2 + 1", False),
    ],
    ids=[
        "equation",
        "aligned",
        "continuation",
        "chain",
        "inequality",
        "ascii-le",
        "definition",
        "expression",
    ],
)
def test_is_equation(source: str, expected: bool) -> None:
    assert is_equation(source) is expected


def test_steps_are_runs_of_consecutive_equations(checker: Checker) -> None:
    working = (
        display("x^2 = 2x", 5),
        display("x = 2 lose", 6),
        display("x^2 + 1", 7),  # not an equation: ends the run
        display("y = 1", 8),  # a run of one: no steps
        display("y^2 = 1", 9, ignored=True),
        display("z = 0 lose", 10),
        display("z^2 = 0 lose", 11),
    )
    document = doc(working, problems=(problem(line=4, working=working),))
    report = checker.check(document)
    assert found(report) == [
        (6, 2, 6, 12, "invalid-step", "error"),
        (10, 2, 10, 12, "invalid-step", "error"),
        (11, 2, 11, 14, "invalid-step", "error"),
    ]


def test_problem_findings_land_on_the_written_answer(checker: Checker) -> None:
    answers = (WrittenAnswer("2", rng(3, 8, 9), "line"), WrittenAnswer("7", rng(4, 8, 9), "boxed"))
    silenced = WrittenAnswer("9", rng(5, 8, 9), "line")
    spans = (span("9", 5, 8, ignored=True),)
    report = checker.check(doc(spans, problems=(problem(answers=(*answers, silenced)),)))
    assert found(report) == [(4, 8, 4, 9, "answer-mismatch", "error")]
    assert report.diagnostics[0].data == {"replacement": "2"}
    assert report.problem_results[0] is not None and report.problem_results[0].kind == "solve"


def test_model_answer_alone_is_checked_and_lands_on_the_statement(checker: Checker) -> None:
    solution = SolutionBlock(rng(2, 0, 0, 6), {"model": "m", "agree": "3/4"}, "work", "5")
    report = checker.check(doc((), problems=(problem(solution=solution), problem(line=30))))
    assert found(report) == [(0, 11, 0, 30, "answer-mismatch", "warning")]
    assert report.problem_results[1] is None  # nothing to compare: not checked


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("hang", "not decided within 1 s: `hang`"),
        ("todo", "could not check `todo`: this check is not available yet"),
        ("boom", "could not check `boom`: ZeroDivisionError: division by zero"),
    ],
    ids=["timeout", "not-implemented", "exception"],
)
def test_failures_become_unverified_information(
    checker: Checker, source: str, message: str
) -> None:
    report = checker.check(doc((span(source, 2, 1), span("1 = 5", 3, 0))))
    assert [(d.code, d.severity, d.message) for d in report.diagnostics] == [
        ("unverified", Severity.INFORMATION, message),
        ("false-equation", Severity.ERROR, "`1 = 5` is false"),
    ]


def test_cache_skips_reruns_including_timeouts(pool: WorkerPool) -> None:
    checker = Checker(Settings(check_time_limit=0.5), pool=pool, judges=FAKES)
    document = doc(
        (span("hang", 0, 0), span("\\dfrac12 = 5", 1, 0), span("\\frac{1}{2} = 5", 2, 0))
    )
    first = checker.check(document)
    assert (first.checks_run, first.cache_hits) == (2, 0)  # equal after normalising: one job
    second = checker.check(document)  # the cached timeout is not re-run
    assert (second.checks_run, second.cache_hits) == (0, 2)
    assert second.diagnostics == first.diagnostics
    longer = Checker(Settings(check_time_limit=0.8), pool=pool, judges=FAKES, cache=checker.cache)
    assert longer.check(document).checks_run == 1  # a longer limit tries the timeout again


def test_report_counts_the_plan_and_its_timeouts_cached_or_not(pool: WorkerPool) -> None:
    checker = Checker(Settings(check_time_limit=0.5), pool=pool, judges=FAKES)
    document = doc((span("hang", 0, 0), span("hang", 1, 0), span("1 = 5", 2, 0)))
    first = checker.check(document)
    assert (first.checks_planned, first.checks_timed_out, first.checks_run) == (3, 2, 2)
    second = checker.check(document)  # served from the cache, still counted against the plan
    assert (second.checks_planned, second.checks_timed_out, second.checks_run) == (3, 2, 0)


def test_settings_switch_checks_off(pool: WorkerPool) -> None:
    chain = Chain((Fragment("a", rng(0, 0, 1)), Fragment("bad", rng(0, 4, 7))))
    answers = (WrittenAnswer("3", rng(3, 0, 1), "line"),)
    document = doc((span("1 = 5", 0, 0),), (chain,), (problem(answers=answers),))
    codes = {
        "all": Settings(),
        "no-claims": Settings(check_claims=False),
        "no-chains": Settings(check_chains=False),
        "no-answers": Settings(check_answers=False),
        "off": Settings(check_enabled=False),
    }
    seen = {
        name: [d.code for d in Checker(s, pool=pool, judges=FAKES).check(document).diagnostics]
        for name, s in codes.items()
    }
    assert seen == {
        "all": ["false-equation", "answer-mismatch"],  # the span's own finding yields to its chain
        "no-claims": ["false-equation", "answer-mismatch"],
        "no-chains": ["false-equation", "answer-mismatch"],
        "no-answers": ["false-equation"],
        "off": [],
    }


def test_check_many_runs_shared_content_once_and_async_agrees(pool: WorkerPool) -> None:
    checker = Checker(Settings(check_time_limit=1.0), pool=pool, judges=FAKES)
    first = doc((span("a = 5", 0, 0), span("b", 1, 0)))
    second = doc((span("a = 5", 7, 3),))
    reports = checker.check_many([first, second], on_progress=lambda done, total: None)
    assert reports[0].checks_run == 2
    assert found(reports[1]) == [(7, 3, 7, 8, "false-equation", "error")]
    again = asyncio.run(checker.check_async(second))
    assert again.diagnostics == reports[1].diagnostics and again.cache_hits == 1


async def test_explain_span_answers_from_cache_or_waits(pool: WorkerPool) -> None:
    checker = Checker(Settings(check_time_limit=1.0), pool=pool, judges=FAKES)
    assert checker.cached_span("q = 1") is None
    result = await checker.explain_span("q = 1", wait=5.0)
    assert result is not None and result.reads_as == "q = 1"
    assert checker.cached_span("q  =  1") == result
    assert await checker.explain_span("hang", wait=0.1) is None  # still running
    for _ in range(200):  # the limit is 1 s; a loaded machine reports it a little late
        if checker.cached_span("hang") is not None:
            break
        await asyncio.sleep(0.05)
    late = checker.cached_span("hang")
    assert late is not None and late.hover == "not decided within 1 s: `hang`"


def test_hostile_text_runs_nothing(tmp_path: Path) -> None:
    """Python and file inclusion inside math, through the real judgements."""
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    sources = (
        f"__import__('os').system('touch {marker}')",
        f"\\text{{{marker}}} = __import__('os').system('touch {marker}')",
        "\\input{/etc/passwd}",
        "\\include{/etc/passwd} = 1",
        "eval('1+1') = 2",
    )
    spans = tuple(span(source, line, 0) for line, source in enumerate(sources))
    chain = Chain(tuple(Fragment(s, sp.range) for s, sp in zip(sources, spans, strict=True)))
    answers = (WrittenAnswer(sources[0], rng(9, 0, 5), "line"),)
    with Checker(Settings(check_time_limit=3.0)) as checker:
        report = checker.check(doc(spans, (chain,), (problem(answers=answers),)))
    assert not marker.exists()
    texts = [d.message for d in report.diagnostics] + [
        r.hover for r in report.span_results.values()
    ]
    assert not any("root:" in text for text in texts)


def test_without_readings_only_spans_that_can_be_wrong_are_judged(pool: WorkerPool) -> None:
    spans = (
        span("\\int_0^1 x\\,dx", 0, 0),  # no relation: a hover reading at most
        span("1 \\le 5", 1, 0),
        span("a = 5", 2, 0),
        span("p = bad q = 5", 3, 0),  # holds a chain: judged link by link instead
    )
    chain = Chain(
        (
            Fragment("p", rng(3, 0, 1)),
            Fragment("bad q", rng(3, 4, 9)),
            Fragment("5", rng(3, 12, 13)),
        )
    )
    document = doc(spans, (chain,))
    full = Checker(Settings(), pool=pool, judges=FAKES).check(document)
    lean = Checker(Settings(), pool=pool, judges=FAKES, readings=False).check(document)
    assert sorted(full.span_results) == [0, 1, 2, 3]
    assert sorted(lean.span_results) == [1, 2]
    assert lean.diagnostics == full.diagnostics
    assert [d.range.start.line for d in lean.diagnostics] == [2, 3]
