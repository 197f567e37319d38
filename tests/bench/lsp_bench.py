"""Language server benchmark: a real client (pytest-lsp's, over stdio) against `mathlsp serve`.

Measures (issue "Measure"): didOpen -> diagnostics for drafts of 100 and 1,000 problems
(warm pool, cold cache); after a one-line edit in drafts of 500 and 2,000 lines, the time
to updated diagnostics and the spans re-checked (``mathlsp/stats``); hover latency p50/p95
on cached spans while a full check of a large draft runs; resident memory of the server
and of its worker processes. Prints a table; writes ``bench-results/lsp.json``.

    .venv/bin/python tests/bench/lsp_bench.py [--client visual_studio_code]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pathlib
import statistics
import sys
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lsprotocol import types  # noqa: E402

from tests.lsp.session import Session, start_session  # noqa: E402


def problem(i: int, seed: int) -> str:
    """Six lines: a statement, a display claim (every 7th false), an answer, blank lines."""
    a, b = i + seed, 2 * i + 1
    total = a + b + (1 if i % 7 == 3 else 0)
    return (
        f"Problem {i}. Compute ${a} + {b}$.\n\n$$ {a} + {b} = {total} $$\n\nAnswer: ${total}$\n\n"
    )


def draft(problems: int, seed: int) -> str:
    return f"# Draft {seed}\n\n" + "".join(problem(i, seed) for i in range(1, problems + 1))


def rss_mb(pid: int) -> float:
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (the worker pool forks its workers from a forkserver)."""
    parents: dict[int, int] = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        below = [child for child, p in parents.items() if p == parent]
        found.extend(below)
        frontier.extend(below)
    return found


async def open_and_wait(session: Session, name: str, text: str) -> tuple[str, dict[str, Any]]:
    """didOpen -> diagnostics: wall time at the client, and the server's own check figures."""
    uri = f"file:///tmp/mathlsp-bench/{name}.md"
    started = time.perf_counter()
    session.open(uri, text, "markdown")
    items = await session.diagnostics(uri, timeout=600)
    elapsed = time.perf_counter() - started
    stats = await session.stats(uri)
    return uri, {
        "seconds": elapsed,
        "server_seconds": stats["seconds"],
        "checks_run": stats["checks_run"],
        "diagnostics": len(items),
        "lines": text.count("\n"),
    }


async def one_line_edit(session: Session, uri: str) -> dict[str, Any]:
    text = session.text(uri)
    at = text.index("$$ ", len(text) // 2) + 3  # a claim in the middle of the file
    end = text.index("$$", at)
    before = session.text(uri)[at:end]
    left, right = before.split("=")
    started = time.perf_counter()
    session.replace(uri, at, end, f"{left}= {int(right) + 100} ")
    await session.diagnostics(uri, timeout=600)
    elapsed = time.perf_counter() - started
    stats = await session.stats(uri)
    return {
        "lines": text.count("\n"),
        "seconds": elapsed,
        "server_seconds": stats["seconds"],
        "parse_seconds": stats["parse_seconds"],
        "checks_run": stats["checks_run"],
        "cache_hits": stats["cache_hits"],
    }


async def hover_during_check(session: Session, cached_uri: str) -> dict[str, float]:
    """Open a large new draft and, while it is being checked, hover cached spans."""
    positions = []
    text = session.text(cached_uri)
    start = 0
    while len(positions) < 50 and (start := text.find("$$ ", start)) >= 0:
        positions.append(text[: start + 4].count("\n"))
        start += 3
    big = draft(1000, seed=50_000)
    uri = "file:///tmp/mathlsp-bench/hover-big.md"
    session.open(uri, big, "markdown")
    check = asyncio.create_task(session.diagnostics(uri, timeout=600))
    latencies: list[float] = []
    while not check.done() and len(latencies) < 400:
        for line in positions:
            began = time.perf_counter()
            await session.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=cached_uri),
                    position=types.Position(line=line, character=4),
                )
            )
            latencies.append(time.perf_counter() - began)
            if check.done():
                break
    await check
    latencies.sort()
    return {
        "hovers": len(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


async def main(client_name: str) -> dict[str, Any]:
    session = await start_session(client_name)
    results: dict[str, Any] = {"client": client_name}
    try:
        server = session.client._server
        assert server is not None
        _, warm = await open_and_wait(session, "warmup", draft(5, seed=90_000))
        results["warmup_s"] = warm["seconds"]
        for count, seed in ((100, 1_000), (1000, 10_000)):
            _, opened = await open_and_wait(session, f"draft-{count}", draft(count, seed))
            results[f"open_{count}_problems"] = opened
        edits = []
        for count, seed in ((83, 20_000), (333, 30_000)):  # about 500 and 2,000 lines
            uri, _ = await open_and_wait(session, f"edit-{count}", draft(count, seed))
            edits.append(await one_line_edit(session, uri))
        results["one_line_edit"] = edits
        results["hover_while_checking"] = await hover_during_check(
            session, "file:///tmp/mathlsp-bench/draft-100.md"
        )
        workers = descendants(server.pid)
        results["server_rss_mb"] = rss_mb(server.pid)
        results["workers_rss_mb"] = [round(rss_mb(pid), 1) for pid in workers]
    finally:
        await session.shutdown()
    return results


def report(results: dict[str, Any]) -> None:
    print(f"client: {results['client']}")
    print(f"warm-up (5 problems, pool start): {results['warmup_s']:.2f} s")
    for count in (100, 1000):
        opened = results[f"open_{count}_problems"]
        print(
            f"didOpen -> diagnostics, {count} problems ({opened['lines']} lines): "
            f"{opened['seconds']:.2f} s (server check {opened['server_seconds']:.2f} s, "
            f"{opened['checks_run']} checks, {opened['diagnostics']} diagnostics)"
        )
    for edit in results["one_line_edit"]:
        print(
            f"one-line edit in {edit['lines']} lines: {edit['seconds'] * 1000:.0f} ms to new "
            f"diagnostics (incl. 300 ms debounce; server {edit['server_seconds'] * 1000:.0f} ms, of "
            f"which parsing {edit['parse_seconds'] * 1000:.0f} ms), {edit['checks_run']} checks run, {edit['cache_hits']} cache hits"
        )
    hover = results["hover_while_checking"]
    print(
        f"hover during a full check: p50 {hover['p50_ms']:.1f} ms, p95 {hover['p95_ms']:.1f} ms "
        f"({hover['hovers']} hovers)"
    )
    print(
        f"memory: server {results['server_rss_mb']:.0f} MB resident; pool processes "
        f"{results['workers_rss_mb']} MB"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", default="visual_studio_code")
    args = parser.parse_args()
    measured = asyncio.run(main(args.client))
    report(measured)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "lsp.json").write_text(json.dumps(measured, indent=2) + "\n")
