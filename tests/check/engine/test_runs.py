"""A check as the language server runs it: planning and submission never on the event loop,
waves of what is decided, the complete report last (equal to the blocking check's), and a
cancelled run giving up its queued work but not the jobs someone else waits for."""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mathlsp.check.diagnostics import Severity
from mathlsp.check.engine import checker as checker_module
from mathlsp.check.engine.checker import Checker
from mathlsp.check.engine.plan import Judges
from mathlsp.check.engine.runs import CLAIMS, READINGS, ordered_jobs
from mathlsp.check.engine.sandbox import WorkerPool
from mathlsp.check.judge.results import Finding, SpanResult
from mathlsp.settings import Settings

from tests.check.engine.test_checker import FAKES, doc, found, span

SAFETY = 60.0  # seconds before a blocked step gives up (the test fails then, never hangs)


def gated_span(source: str) -> SpanResult:
    """``gate:<path> ...`` waits until ``path`` exists; ``... = 5`` is false."""
    if source.startswith("gate:"):
        path = source.split()[0].removeprefix("gate:")
        deadline = time.monotonic() + SAFETY
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.01)
    if source.replace(" ", "").endswith("=5"):
        finding = Finding("false-equation", Severity.ERROR, f"`{source}` is false")
        return SpanResult(source, "false", (finding,))
    return SpanResult(source, f"reads `{source}`")


GATED = Judges(span=gated_span, chain=FAKES.chain, steps=FAKES.steps, problem=FAKES.problem)


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    with WorkerPool(1, time_limit=SAFETY + 5) as shared:
        yield shared


@pytest.fixture
def gate(tmp_path: Path) -> Path:
    return tmp_path / f"open-{uuid.uuid4().hex}"


def _blocking(real: Any, started: threading.Event, release: threading.Event) -> Any:
    def blocked(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(SAFETY), "the blocked step was never released"
        return real(*args, **kwargs)

    return blocked


async def test_a_blocked_planning_step_does_not_block_the_loop(
    pool: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = Checker(Settings(check_time_limit=SAFETY), pool=pool, judges=GATED)
    other = await checker.explain_span("c = 2", wait=SAFETY)  # what a hover will ask
    assert other is not None
    started, release = threading.Event(), threading.Event()
    monkeypatch.setattr(
        checker_module, "build_plan", _blocking(checker_module.build_plan, started, release)
    )
    check = asyncio.create_task(checker.check_async(doc((span("a = 5", 0),))))
    assert await asyncio.to_thread(started.wait, SAFETY)
    # Planning is stuck in build_plan: the loop still serves a hover from the cache.
    assert checker.cached_span("c = 2") == other
    assert not check.done() and not release.is_set()
    release.set()
    report = await asyncio.wait_for(check, SAFETY)
    assert found(report) == [(0, 0, 0, 5, "false-equation", "error")]


async def test_a_blocked_submission_does_not_block_the_loop(pool: WorkerPool) -> None:
    started, release = threading.Event(), threading.Event()

    class SlowPool:
        def submit(self, *args: Any, **kwargs: Any) -> Any:
            return _blocking(pool.submit, started, release)(*args, **kwargs)

    checker = Checker(Settings(check_time_limit=SAFETY), pool=SlowPool(), judges=GATED)  # type: ignore[arg-type]
    check = asyncio.create_task(checker.check_async(doc((span("b = 5", 0),))))
    assert await asyncio.to_thread(started.wait, SAFETY)
    ticks = 0
    for _ in range(3):  # the loop keeps running other work
        await asyncio.sleep(0)
        ticks += 1
    assert ticks == 3 and not check.done()
    release.set()
    report = await asyncio.wait_for(check, SAFETY)
    assert found(report) == [(0, 0, 0, 5, "false-equation", "error")]


async def test_waves_show_what_is_decided_then_the_whole(pool: WorkerPool, gate: Path) -> None:
    checker = Checker(Settings(check_time_limit=SAFETY), pool=pool, judges=GATED)
    document = doc((span("d = 5", 0), span(f"gate:{gate} e = 5", 1)))
    run = await checker.start_async(document)
    waves = run.waves(interval=0.05)
    first = await asyncio.wait_for(anext(waves), SAFETY)
    assert not first.complete
    assert found(first) == [(0, 0, 0, 5, "false-equation", "error")]
    gate.touch()
    last = first
    async for wave in waves:
        last = wave
    assert last.complete
    blocking = Checker(Settings(check_time_limit=SAFETY), pool=pool, judges=GATED).check(document)
    assert last.diagnostics == blocking.diagnostics


async def test_a_cancelled_run_gives_up_its_queued_work(pool: WorkerPool, gate: Path) -> None:
    checker = Checker(Settings(check_time_limit=SAFETY), pool=pool, judges=GATED)
    busy = await checker.start_async(doc((span(f"gate:{gate} busy = 1", 0),)))
    started = busy.pending[("judge_span", f"gate:{gate} busy = 1")]
    assert await asyncio.to_thread(_until_running, started)  # the one worker is taken
    old = await checker.start_async(doc((span("f = 5", 1), span("shared = 5", 2))))
    new = await checker.start_async(doc((span("shared = 5", 2),)))
    old_queued = old.pending[("judge_span", "f = 5")]
    shared = new.pending[("judge_span", "shared = 5")]
    old.cancel()
    assert old_queued.cancelled()  # nobody else wanted it
    assert not shared.cancelled()  # the new run still waits for it
    gate.touch()
    final = None
    async for wave in new.waves(interval=0.05):
        final = wave
    assert final is not None and final.complete
    assert found(final) == [(2, 0, 2, 10, "false-equation", "error")]


def _until_running(future: Any) -> bool:
    deadline = time.monotonic() + SAFETY
    while not future.running() and time.monotonic() < deadline:
        time.sleep(0.01)
    return bool(future.running())


def test_decisive_cheap_judgements_are_queued_first() -> None:
    from mathlsp.check.engine.plan import build_plan

    document = doc((span("x", 0), span("1 + 1 + 1 = 4", 1), span("2 = 3", 2)))
    plan = build_plan(document, Settings(), FAKES)
    ranked = [(priority, job.args[0]) for priority, job in ordered_jobs(plan)]
    assert ranked == [(CLAIMS, "2 = 3"), (CLAIMS, "1 + 1 + 1 = 4"), (READINGS, "x")]
