"""The check engine: a document in, diagnostics and per-span results out.

``Checker`` plans the judgements a document needs (``engine_plan``), serves what it can from
the cache, sends the rest to the sandboxed ``WorkerPool`` (equal jobs once, also across
documents and concurrent checks), and maps the results to ranged diagnostics
(``engine_map``). A judgement that times out, crashes or raises becomes an ``unverified``
information, never an exception. The CLI calls ``check``/``check_many`` (blocking), the
language server ``check_async``; both report the same diagnostics. No pygls here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import functools
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mathlsp.check.diagnostics import Diagnostic
from mathlsp.check.engine.cache import Key, ResultCache, latex_key
from mathlsp.check.engine.mapping import map_results, unverified_message
from mathlsp.check.engine.plan import Job, Judges, Plan, build_plan, subject
from mathlsp.check.engine.runs import CACHE_SIZE, HOVER, CheckRun, ordered_jobs, outcome_of
from mathlsp.check.engine.sandbox import Outcome, WorkerPool
from mathlsp.check.judge.results import ChainResult, ProblemResult, SpanResult
from mathlsp.document import parse_document
from mathlsp.document.model import Document, Language
from mathlsp.settings import Settings


@dataclass(frozen=True, slots=True)
class CheckReport:
    diagnostics: tuple[Diagnostic, ...]  # sorted by range
    span_results: Mapping[int, SpanResult]  # index into document.spans -> result (hover)
    chain_results: Mapping[int, ChainResult]  # index into document.chains
    problem_results: tuple[ProblemResult | None, ...]  # aligned with document.problems
    checks_run: int  # worker tasks actually run (cache misses)
    cache_hits: int
    # This document's own plan (duplicates counted): the measure of issue 13's time-limit
    # share is over every check a document needs, run or served from the cache.
    checks_planned: int = 0
    checks_timed_out: int = 0  # planned checks whose outcome is a timeout (fresh or cached)
    complete: bool = True  # False for a wave: some judgements are not back yet


@dataclass(slots=True)
class _Batch:
    """The jobs of one or more documents, resolved to cached outcomes or pending futures."""

    done: dict[Hashable, Outcome[Any]]
    pending: dict[Hashable, concurrent.futures.Future[Outcome[Any]]]
    checks_run: int = 0
    cache_hits: int = 0


class Checker:
    """Checks documents; owns a cache and (unless given one) a worker pool."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        pool: WorkerPool | None = None,
        judges: Judges | None = None,
        cache: ResultCache | None = None,
        readings: bool = True,
    ) -> None:
        """``readings=False`` skips spans that hold no relation (see ``build_plan``): the CLI
        shows no hovers, so it does not pay for them."""
        self.settings = settings or Settings()
        self.readings = readings
        self.judges = judges or Judges()
        self.cache = cache or ResultCache(CACHE_SIZE)
        self._pool = pool
        self._owns_pool = pool is None
        self._lock = threading.Lock()
        self._inflight: dict[Key, concurrent.futures.Future[Outcome[Any]]] = {}
        self._claims: dict[Key, int] = {}  # in-flight job -> runs (and hovers) waiting on it

    @property
    def time_limit(self) -> float:
        return self.settings.check_time_limit

    def _get_pool(self) -> WorkerPool:
        with self._lock:
            if self._pool is None:
                self._pool = WorkerPool(
                    time_limit=self.time_limit, memory_mb=self.settings.check_memory_mb
                )
            return self._pool

    # -- resolving jobs -------------------------------------------------------------------

    def _future(self, job: Job, batch: _Batch, *, priority: int = 0, claim: bool = False) -> None:
        """Put ``job`` in ``batch``: from the cache, a running twin, or a new pool task.
        With ``claim``, the job counts this caller among those waiting on it (``release``)."""
        if job.key in batch.done or job.key in batch.pending:
            return
        limit = self.time_limit
        cached = self.cache.get(job.key, limit)
        if cached is not None:
            batch.done[job.key] = cached
            batch.cache_hits += 1
            return
        with self._lock:
            running = self._inflight.get(job.key)
            if running is not None and not running.cancelled():
                if claim:
                    self._claims[job.key] = self._claims.get(job.key, 0) + 1
                batch.pending[job.key] = running
                batch.cache_hits += 1
                return
        try:
            future = self._get_pool().submit(job.fn, *job.args, time_limit=limit, priority=priority)
        except Exception as error:  # a closed pool: report, never raise
            batch.done[job.key] = Outcome("error", detail=f"{type(error).__name__}: {error}")
            return
        batch.checks_run += 1
        with self._lock:
            self._inflight[job.key] = future
            if claim:
                self._claims[job.key] = 1
        future.add_done_callback(functools.partial(self._settle, job.key, limit=limit))
        batch.pending[job.key] = future

    def _settle(
        self, key: Key, future: concurrent.futures.Future[Outcome[Any]], *, limit: float
    ) -> None:
        with self._lock:
            if self._inflight.get(key) is future:
                del self._inflight[key]
                self._claims.pop(key, None)
        if not future.cancelled():
            self.cache.put(key, future.result(), limit)

    def release(self, keys: Sequence[Hashable]) -> None:
        """A run gives up ``keys``: a queued job nobody else waits for is cancelled (the
        pool skips it), so an old version's check does not hold up the new one."""
        dropped = []
        with self._lock:
            for key in keys:
                assert isinstance(key, tuple)
                count = self._claims.get(key, 0) - 1
                if count > 0:
                    self._claims[key] = count
                    continue
                self._claims.pop(key, None)
                future = self._inflight.get(key)
                if future is not None:
                    dropped.append(future)
        for future in dropped:
            future.cancel()  # only succeeds while queued; a running job finishes and is kept

    def _resolve(self, plans: Sequence[Plan]) -> _Batch:
        batch = _Batch({}, {})
        for plan in plans:
            for job in plan.jobs():
                self._future(job, batch)
        return batch

    @staticmethod
    def _collect(batch: _Batch) -> dict[Hashable, Outcome[Any]]:
        outcomes = dict(batch.done)
        for key, future in batch.pending.items():
            outcomes[key] = outcome_of(future)
        return outcomes

    def _report(
        self,
        document: Document,
        plan: Plan,
        outcomes: Mapping[Hashable, Outcome[Any]],
        batch: _Batch,
    ) -> CheckReport:
        mapped = map_results(document, plan, outcomes, self.time_limit)
        problems = tuple(mapped.problem_results.get(i) for i in range(len(document.problems)))
        jobs = plan.jobs()
        return CheckReport(
            diagnostics=tuple(mapped.diagnostics),
            span_results=mapped.span_results,
            chain_results=mapped.chain_results,
            problem_results=problems,
            checks_run=batch.checks_run,
            cache_hits=batch.cache_hits,
            checks_planned=len(jobs),
            checks_timed_out=sum(
                1
                for job in jobs
                if (outcome := outcomes.get(job.key)) is not None and outcome.status == "timeout"
            ),
        )

    # -- public ---------------------------------------------------------------------------

    def check(self, document: Document) -> CheckReport:
        """Check one document, blocking until every judgement is back or timed out."""
        return self.check_many([document])[0]

    def check_many(
        self,
        documents: Sequence[Document],
        *,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> list[CheckReport]:
        """Check several documents with every job submitted before any is awaited, so all
        workers stay busy across files. ``on_progress(done, total)`` counts pool tasks.
        Counts in each report are for the whole batch."""
        plans = [
            build_plan(document, self.settings, self.judges, readings=self.readings)
            for document in documents
        ]
        batch = self._resolve(plans)
        if on_progress is not None and batch.pending:
            total = len(batch.pending)
            for done, _ in enumerate(concurrent.futures.as_completed(batch.pending.values()), 1):
                on_progress(done, total)
        outcomes = self._collect(batch)
        return [self._report(d, p, outcomes, batch) for d, p in zip(documents, plans, strict=True)]

    async def check_async(self, document: Document) -> CheckReport:
        """``check`` for the language server: the loop only waits, the work is in the pool
        and in a thread (see ``start_async``)."""
        run = await self.start_async(document)
        report: CheckReport | None = None
        try:
            async for wave in run.waves():
                report = wave
        finally:
            if report is None or not report.complete:
                run.cancel()
        assert report is not None
        return report

    async def start_async(self, document: Document, previous: CheckRun | None = None) -> CheckRun:
        """Plan ``document`` and queue its judgements, in a thread: a 50,000-span document
        never blocks the event loop. The run's ``waves`` report what is decided as it is.
        ``previous``: the run of the document's last text; what it planned and decided for
        the items an edit left alone is taken from it, not looked up again."""
        run = CheckRun(asyncio.get_running_loop())
        await asyncio.to_thread(self._start, run, document, previous)
        return run

    def _start(self, run: CheckRun, document: Document, previous: CheckRun | None) -> None:
        plan = build_plan(
            document,
            self.settings,
            self.judges,
            readings=self.readings,
            previous=previous.plan if previous is not None else None,
        )
        run.plan, run.settings = plan, self.settings
        batch = _Batch({}, {})
        same = previous is not None and previous.plan is not None
        same = same and previous is not None and previous.settings is self.settings
        known = previous.settled() if previous is not None and same else {}
        for priority, job in ordered_jobs(plan):
            outcome = known.get(job.key)
            if outcome is not None and job.key not in batch.pending:
                batch.done[job.key] = outcome  # as the cache would give it, without its lock
                batch.cache_hits += 1
                continue
            self._future(job, batch, priority=priority, claim=True)

        def report(decided: dict[Hashable, Outcome[Any]], complete: bool) -> CheckReport:
            built = self._report(document, plan, decided, batch)
            return dataclasses.replace(built, complete=complete)

        run.start(batch.done, batch.pending, report, self.release)

    def cached_span(self, source: str) -> SpanResult | None:
        """The span's result if it is in the cache (instant; for hover)."""
        outcome = self.cache.get(("judge_span", latex_key(source)), self.time_limit)
        return None if outcome is None else self._span_result(source, outcome)

    async def explain_span(self, source: str, *, wait: float = 1.0) -> SpanResult | None:
        """The span's result, judging it if needed; None if not back within ``wait`` seconds
        (the judgement goes on and lands in the cache)."""
        cached = self.cached_span(source)
        if cached is not None:
            return cached
        job = Job(self.judges.span, (source,), ("judge_span", latex_key(source)), subject(source))
        batch = _Batch({}, {})
        self._future(
            job, batch, priority=HOVER, claim=True
        )  # never released: it lands in the cache
        if job.key in batch.done:
            return self._span_result(source, batch.done[job.key])
        waiting = asyncio.wrap_future(batch.pending[job.key])
        try:
            outcome = await asyncio.wait_for(asyncio.shield(waiting), wait)
        except TimeoutError:
            return None
        return self._span_result(source, outcome)

    def _span_result(self, source: str, outcome: Outcome[Any]) -> SpanResult:
        if outcome.status == "ok" and isinstance(outcome.value, SpanResult):
            return outcome.value
        job = Job(self.judges.span, (source,), (), subject(source))
        return SpanResult(reads_as=None, hover=unverified_message(job, outcome, self.time_limit))

    def update_settings(self, settings: Settings) -> None:
        """Apply new settings; a new memory limit restarts the pool this checker owns."""
        old, self.settings = self.settings, settings
        if self._owns_pool and old.check_memory_mb != settings.check_memory_mb:
            with self._lock:
                pool, self._pool = self._pool, None
            if pool is not None:
                pool.close()
        elif self._pool is not None and self._owns_pool:
            self._pool.time_limit = settings.check_time_limit

    def close(self) -> None:
        """Stop the pool if this checker started it (a pool passed in is the caller's)."""
        if not self._owns_pool:
            return
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def check_text(text: str, language: Language, checker: Checker) -> tuple[Document, CheckReport]:
    """Parse ``text`` and check it (blocking)."""
    document = parse_document(text, language)
    return document, checker.check(document)
