"""Per-key debounce on the event loop: run the latest scheduled job once the key is quiet.

A new ``schedule`` for a key restarts its timer; a job that already started is not
cancelled (its result may still be useful and is dropped by the caller if stale).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]


class Debouncer:
    def __init__(self, delay: float = 0.3) -> None:
        self.delay = delay
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._running: set[asyncio.Task[object]] = set()

    def schedule(self, key: str, job: Job, *, delay: float | None = None) -> None:
        """Run ``job`` after ``delay`` seconds (default ``self.delay``) unless rescheduled."""
        self.cancel(key)
        wait = self.delay if delay is None else delay
        self._timers[key] = asyncio.create_task(self._later(key, job, wait))

    async def _later(self, key: str, job: Job, wait: float) -> None:
        if wait > 0:
            await asyncio.sleep(wait)
        if self._timers.get(key) is asyncio.current_task():
            del self._timers[key]
        task: asyncio.Task[object] = asyncio.create_task(_guard(job))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    def pending(self, key: str) -> bool:
        return key in self._timers

    def cancel(self, key: str) -> None:
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()

    def close(self) -> None:
        for key in list(self._timers):
            self.cancel(key)
        for task in list(self._running):
            task.cancel()


async def _guard(job: Job) -> object:
    try:
        return await job()
    except asyncio.CancelledError:
        raise
    except Exception:  # one failing job never takes the server down
        log.exception("debounced job failed")
        return None
