"""Solver client overhead against a bare ``openai`` loop over the same stream, and cancel latency.

Run: ``.venv/bin/python tests/bench/solve_bench.py`` (``make bench`` runs it). Both clients read
the same replies from the same fake vLLM server with zero token delay, alternating runs so
machine noise hits both; the ratio of medians is the overhead (target: at most 1.5x). Then the
time from setting the cancel event to the server seeing the connection closed.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from mathlsp.settings import Settings  # noqa: E402
from mathlsp.solve import SolveCancelled, solve  # noqa: E402

from tests.support.fake_vllm import DEFAULT_MODEL, FakeVLLM  # noqa: E402
from tests.support.fake_vllm_replies import Reply, count_tokens  # noqa: E402

TARGET_RATIO = 1.5
TARGET_CANCEL_S = 0.1
PROBLEM = "What is $\\frac{1}{2} - \\frac{1}{6}$?"
LONG = Reply("Let me compute this carefully, step by step. " * 250, "So $\\boxed{\\frac13}$. " * 20)
SHORT = Reply("Quick.", "$\\boxed{1}$")


@contextlib.contextmanager
def server_process(reply: Reply) -> Iterator[str]:
    """The fake server in its own process (so it does not share this one's GIL)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as script:
        json.dump({"": {"reasoning": reply.reasoning, "content": reply.content}}, script)
    command = [sys.executable, "-m", "tests.support.fake_vllm", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--script", script.name],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
        os.unlink(script.name)


class Bare:
    """The minimal loop: one reused client, one request, read every delta, nothing else."""

    def __init__(self, base_url: str) -> None:
        from openai import AsyncOpenAI

        self.client = AsyncOpenAI(base_url=base_url, api_key="EMPTY", max_retries=0, timeout=60)

    async def __call__(self, base_url: str, n: int) -> int:
        stream = await self.client.chat.completions.create(
            model=DEFAULT_MODEL,
            messages=[{"role": "user", "content": PROBLEM}],
            temperature=0.6,
            top_p=0.95,
            max_tokens=32768,
            n=n,
            stream=True,
        )
        chars = 0
        async for chunk in stream:
            for choice in chunk.choices:
                extra = choice.delta.model_extra or {}
                chars += len(choice.delta.content or "") + len(extra.get("reasoning") or "")
        return chars


async def ours(base_url: str, n: int) -> int:
    """The solver as the language server calls it: a fresh client per solve, progress on."""
    settings = Settings(backend_url=base_url, model=DEFAULT_MODEL, samples=n)
    result = await solve(PROBLEM, settings, on_progress=lambda p: None)
    return len(result.solution)


async def timed(base_url: str, n: int, runs: int) -> dict[str, float]:
    """Median seconds per request of each client, runs alternating between the two."""
    bare = Bare(base_url)
    times: dict[str, list[float]] = {"bare": [], "ours": []}
    calls: dict[str, Any] = {"bare": bare, "ours": ours}
    for _ in range(runs):
        for name, call in calls.items():
            started = time.perf_counter()
            await call(base_url, n)
            times[name].append(time.perf_counter() - started)
    await bare.client.close()
    return {name: statistics.median(values) for name, values in times.items()}


async def cancel_latency(runs: int) -> list[float]:
    delays: list[float] = []
    with FakeVLLM(replies=LONG, token_delay=0.005) as server:
        settings = Settings(backend_url=server.base_url, model=DEFAULT_MODEL)
        for attempt in range(runs):
            cancel = asyncio.Event()
            task = asyncio.create_task(solve(PROBLEM, settings, cancel=cancel))

            def streaming(index: int = attempt) -> bool:
                chats = server.chat_requests()
                return len(chats) > index and chats[index].tokens_sent >= 20

            await asyncio.to_thread(server.wait_until, streaming, 10)
            record = server.chat_requests()[attempt]
            started = time.monotonic()
            cancel.set()
            try:
                await task
            except SolveCancelled:
                pass
            await asyncio.to_thread(server.wait_until, lambda r=record: r.aborted, 5)
            assert record.ended_at is not None and record.aborted
            delays.append(record.ended_at - started)
    return delays


def row(label: str, per: str, units: int, medians: dict[str, float]) -> tuple[str, float]:
    ratio = medians["ours"] / medians["bare"]
    scale = 1e6 / units
    line = (
        f"{label:<28}{medians['bare'] * scale:>10.1f}{medians['ours'] * scale:>10.1f} µs/{per}"
        f"{ratio:>8.2f}x"
    )
    return line, ratio


async def main() -> int:
    long_tokens = count_tokens(LONG.reasoning) + count_tokens(LONG.content)
    results: list[tuple[str, float]] = []
    with server_process(LONG) as base_url:
        await timed(base_url, 1, 1)  # warm-up
        medians = await timed(base_url, 1, 7)
        results.append(row(f"stream, {long_tokens} tokens", "token", long_tokens, medians))
        medians = await timed(base_url, 4, 5)
        results.append(row(f"stream, n=4 x {long_tokens}", "token", 4 * long_tokens, medians))
    with server_process(SHORT) as base_url:
        medians = await timed(base_url, 1, 30)
        results.append(row("short request", "request", 1, medians))
    delays = await cancel_latency(10)
    print(f"{'solve client vs bare openai':<28}{'bare':>10}{'ours':>10}{'':8}{'ratio':>8}")
    for line, _ in results:
        print(line)
    worst = max(ratio for _, ratio in results)
    cancel_median, cancel_max = statistics.median(delays), max(delays)
    print(
        f"cancel -> connection closed: median {cancel_median * 1000:.1f} ms, "
        f"max {cancel_max * 1000:.1f} ms over {len(delays)} runs"
    )
    ok = worst <= TARGET_RATIO and cancel_median <= TARGET_CANCEL_S
    verdict = "met" if ok else "MISSED"
    print(
        f"targets (ratio <= {TARGET_RATIO}x, cancel <= {TARGET_CANCEL_S * 1000:.0f} ms): {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
