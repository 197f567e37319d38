"""One document's check in flight, for the language server: waves of reports, cancellable.

The event loop only waits here. Planning, cache lookups, pool submission and building each
report run in a thread (``Checker.start_async``); a judgement that comes back wakes the loop
once for however many arrived meanwhile (no future per job on the loop). ``waves`` yields a
report of what is decided so far, at most every ``interval`` seconds, and the complete one
last; ``cancel`` gives up the run's queued work (jobs another check or a hover also waits
for are kept: each in-flight job counts its claimants). No pygls here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import threading
import time
from collections.abc import AsyncIterator, Callable, Hashable
from typing import TYPE_CHECKING, Any

from mathlsp.check.engine.plan import Job, Plan
from mathlsp.check.engine.sandbox import Outcome
from mathlsp.check.read.shape import may_be_claim

if TYPE_CHECKING:
    from mathlsp.check.engine.checker import CheckReport

# Pool priorities for the language server (lower first): a hover's span, then what can be
# wrong and is cheap to decide, then the slower judgements, and readings for hover last.
HOVER, CLAIMS, STEPS, PROBLEMS, READINGS = 0, 1, 2, 3, 4
CACHE_SIZE = 200_000  # the checker's cache: a 50,000-span document fits, with its neighbours


def ordered_jobs(plan: Plan) -> list[tuple[int, Job]]:
    """The plan's jobs, cheapest decisive ones first: claims and chain links by size, then
    steps, then problems, then the spans that can only give a hover reading."""
    ranked = [(CLAIMS if may_be_claim(job.args[0]) else READINGS, job) for _, job in plan.spans]
    ranked += [(CLAIMS, job) for _, job in plan.chains]
    ranked += [(STEPS, job) for _, job in plan.steps]
    ranked += [(PROBLEMS, job) for _, _, job in plan.problems]
    ranked.sort(key=lambda item: (item[0], item[1].size))
    return ranked


Report = Callable[[dict[Hashable, Outcome[Any]], bool], "CheckReport"]


class CheckRun:
    """The decided outcomes of one check, filled in by the pool's threads."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._event = asyncio.Event()
        self._signalled = False
        self.decided: dict[Hashable, Outcome[Any]] = {}
        self.pending: dict[Hashable, concurrent.futures.Future[Outcome[Any]]] = {}
        self.total = 0
        self.cancelled = False
        self._release: Callable[[list[Hashable]], None] = lambda keys: None
        self._report: Report | None = None
        self.plan: Plan | None = None  # what this run judges (the next run's starting point)
        self.settings: object = None  # the settings it was planned under

    # -- filled in by the planning thread ------------------------------------------------
    def start(
        self,
        done: dict[Hashable, Outcome[Any]],
        pending: dict[Hashable, concurrent.futures.Future[Outcome[Any]]],
        report: Report,
        release: Callable[[list[Hashable]], None],
    ) -> None:
        with self._lock:
            self.decided.update(done)
            self.pending = pending
            self.total = len(done) + len(pending)
        self._report, self._release = report, release
        for key, future in pending.items():
            future.add_done_callback(functools.partial(self._arrive, key))

    def _arrive(self, key: Hashable, future: concurrent.futures.Future[Outcome[Any]]) -> None:
        outcome = outcome_of(future)
        with self._lock:
            self.decided[key] = outcome
            wake = not self._signalled
            self._signalled = True
        if wake:
            try:
                self._loop.call_soon_threadsafe(self._event.set)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                pass

    # -- on the loop ---------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        with self._lock:
            return len(self.decided) >= self.total

    def settled(self) -> dict[Hashable, Outcome[Any]]:
        """The outcomes decided so far that the cache would keep (ok and timeouts)."""
        with self._lock:
            decided = dict(self.decided)
        return {k: v for k, v in decided.items() if v.status in ("ok", "timeout")}

    def snapshot(self) -> tuple[dict[Hashable, Outcome[Any]], bool]:
        with self._lock:
            return dict(self.decided), len(self.decided) >= self.total

    async def waves(self, interval: float = 0.25) -> AsyncIterator[CheckReport]:
        """Reports of what is decided: the first as soon as anything is, then at most one
        per ``interval`` (longer when building one takes long), the complete one last."""
        assert self._report is not None, "start the run first"
        report = self._report
        last = -interval
        shown = 0

        def build() -> tuple[CheckReport, int]:
            decided, complete = self.snapshot()  # copied in the thread, not on the loop
            return report(decided, complete), len(decided)

        while True:
            with self._lock:
                count, complete = len(self.decided), len(self.decided) >= self.total
            if complete or (count > shown and time.monotonic() - last >= interval):
                began = time.monotonic()
                wave, shown = await asyncio.to_thread(build)
                complete = wave.complete
                last = time.monotonic()
                interval = max(interval, 2 * (last - began))
                yield wave
                if complete:
                    return
                continue
            with self._lock:
                self._signalled = False
                self._event.clear()
                news = len(self.decided) > shown
                complete = len(self.decided) >= self.total
            if complete:
                continue
            timeout = max(0.0, interval - (time.monotonic() - last)) if news else None
            try:
                await asyncio.wait_for(self._event.wait(), timeout)
            except TimeoutError:
                pass

    def cancel(self) -> None:
        """Give up this run's queued work (a newer version of the text is being checked)."""
        if self.cancelled:
            return
        self.cancelled = True
        with self._lock:
            waiting = [key for key in self.pending if key not in self.decided]
        self._release(waiting)


def outcome_of(future: concurrent.futures.Future[Outcome[Any]]) -> Outcome[Any]:
    try:
        return future.result()
    except concurrent.futures.CancelledError:
        return Outcome("error", detail="cancelled")
    except Exception as error:  # the sandbox resolves futures with outcomes; belt and braces
        return Outcome("error", detail=f"{type(error).__name__}: {error}")
