"""The per-document debounce: only the last job of a burst runs; keys are independent."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from mathlsp.lsp.debounce import Debouncer


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for ``condition`` (a loaded machine may run the jobs late, never early)."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


async def test_burst_runs_last_job_once() -> None:
    ran: list[str] = []
    debouncer = Debouncer(0.3)  # far longer than the gaps between the burst's keystrokes

    def job(name: str):  # type: ignore[no-untyped-def]
        async def run() -> None:
            ran.append(name)

        return run

    for name in ("a1", "a2", "a3"):
        debouncer.schedule("a", job(name))
        await asyncio.sleep(0.01)
    debouncer.schedule("b", job("b1"), delay=0)
    assert debouncer.pending("a")
    await until(lambda: len(ran) >= 2)
    await asyncio.sleep(0.05)
    assert sorted(ran) == ["a3", "b1"]
    assert not debouncer.pending("a")
    debouncer.close()


async def test_failing_job_does_not_break_the_debouncer() -> None:
    ran: list[int] = []
    debouncer = Debouncer(0.0)

    async def boom() -> None:
        raise RuntimeError("one failing check")

    async def fine() -> None:
        ran.append(1)

    debouncer.schedule("k", boom)
    await until(lambda: not debouncer.pending("k"))
    debouncer.schedule("k", fine)
    await until(lambda: bool(ran))
    assert ran == [1]


async def test_cancel_drops_the_pending_job() -> None:
    ran: list[int] = []
    debouncer = Debouncer(0.05)

    async def job() -> None:
        ran.append(1)

    debouncer.schedule("k", job)
    debouncer.cancel("k")
    await asyncio.sleep(0.1)
    assert ran == []
