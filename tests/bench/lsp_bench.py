"""Language server benchmark: a real client (pytest-lsp's, over stdio) against `mathlsp serve`,
this tree's server and a baseline (the same measures, the same run, the server code of
``--baseline`` taken with ``git archive``; default ``main``).

Measures (issues 13 and 16):
- the largest real files of ``../shared/real-docs/docs/``: didOpen to the first non-empty
  diagnostics and to the last (the check complete);
- a one-line edit in drafts of 500 and 2,000 lines: the server's share (``mathlsp/stats``:
  from the debounced start to the complete report; the 300 ms debounce excluded), parsing
  within it, checks run;
- hover latency p50/p95 on a checked document while another large draft is being checked;
- a 50,000-span document being checked: the longest the event loop was blocked (hovers on
  another document sent every 20 ms: their longest wait; and, where the server has it, its
  own loop watch), and the server's peak resident memory.

    .venv/bin/python -m tests.bench.lsp_bench [--client neovim] [--baseline main]

Prints a table; writes ``bench-results/lsp.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lsprotocol import types  # noqa: E402

from tests.lsp.session import Session, start_session  # noqa: E402

REAL_DOCS = ROOT.parent / "shared" / "real-docs" / "docs"
REAL_FILES = 2  # the largest ones
WAIT = 600.0
BIG_WINDOW = 45.0  # seconds of probing while the 50,000-span document is checked


def problem(i: int, seed: int) -> str:
    """Six lines: a statement, a display claim (every 7th false), an answer, blank lines."""
    a, b = i + seed, 2 * i + 1
    total = a + b + (1 if i % 7 == 3 else 0)
    return (
        f"Problem {i}. Compute ${a} + {b}$.\n\n$$ {a} + {b} = {total} $$\n\nAnswer: ${total}$\n\n"
    )


def draft(problems: int, seed: int) -> str:
    return f"# Draft {seed}\n\n" + "".join(problem(i, seed) for i in range(1, problems + 1))


def big_document(spans: int = 50_000) -> str:
    """Lines of five inline spans each: readings, true claims, every 50th line a false one."""
    lines = []
    for k in range(spans // 5):
        wrong = 1 if k % 50 == 7 else 0
        lines.append(
            f"Line {k}: $x_{{{k}}}$, ${k} + 1 = {k + 1 + wrong}$, $\\frac{{{k}}}{{2}}$, "
            f"$y^{{{k}}}$ and $2 \\cdot {k} = {2 * k}$."
        )
    return "# Big\n\n" + "\n".join(lines) + "\n"


def rss_mb(pid: int) -> float:
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def uri_for(name: str) -> str:
    return f"file:///tmp/mathlsp-bench/{name}"


async def stats(session: Session, uri: str | None = None, **extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = dict(extra)
    if uri is not None:
        params["uri"] = uri
    return await session.request("mathlsp/stats", params)


async def first_nonempty(session: Session, uri: str, timeout: float) -> float | None:
    """Seconds until diagnostics for the current version are non-empty (None: never, by the
    time the check was complete)."""
    started = time.perf_counter()
    doc = session.docs[uri]
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if session.pulls:
            if await session.pull(uri, timeout):
                return time.perf_counter() - started
            await asyncio.sleep(0.05)
        else:
            if doc.published_version == doc.version and doc.diagnostics:
                return time.perf_counter() - started
            doc.published.clear()
            try:
                await asyncio.wait_for(doc.published.wait(), 0.5)
            except TimeoutError:
                pass
        state = await stats(session, uri)
        mine = next((d for d in state["documents"] if d["uri"] == uri), {})
        if mine.get("version") == doc.version and (mine.get("complete") or not session.pulls):
            if mine.get("diagnostics", 0) == 0 and mine.get("complete", True):
                return None
    return None


async def open_real(session: Session, path: pathlib.Path) -> dict[str, Any]:
    language = "latex" if path.suffix == ".tex" else "markdown"
    uri = uri_for(path.name)
    started = time.perf_counter()
    session.open(uri, path.read_text(encoding="utf-8"), language)
    first = await first_nonempty(session, uri, WAIT)
    items = await session.diagnostics(uri, timeout=WAIT)
    last = time.perf_counter() - started
    return {
        "file": path.name,
        "lines": session.text(uri).count("\n"),
        "first_s": first,
        "last_s": last,
        "diagnostics": len(items),
    }


async def open_and_wait(session: Session, name: str, text: str) -> str:
    uri = uri_for(f"{name}.md")
    session.open(uri, text, "markdown")
    await session.diagnostics(uri, timeout=WAIT)
    return uri


async def one_line_edit(session: Session, uri: str) -> dict[str, Any]:
    text = session.text(uri)
    at = text.index("$$ ", len(text) // 2) + 3  # a claim in the middle of the file
    end = text.index("$$", at)
    left, right = text[at:end].split("=")
    started = time.perf_counter()
    session.replace(uri, at, end, f"{left}= {int(right) + 100} ")
    await session.diagnostics(uri, timeout=WAIT)
    elapsed = time.perf_counter() - started
    mine = await session.stats(uri)
    return {
        "lines": text.count("\n"),
        "seconds": elapsed,
        "server_seconds": mine["seconds"],
        "parse_seconds": mine["parse_seconds"],
        "checks_run": mine["checks_run"],
    }


async def hover(session: Session, uri: str, line: int) -> float:
    began = time.perf_counter()
    await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=4),
        )
    )
    return time.perf_counter() - began


def claim_lines(text: str, count: int = 50) -> list[int]:
    lines, start = [], 0
    while len(lines) < count and (start := text.find("$$ ", start)) >= 0:
        lines.append(text[: start + 4].count("\n"))
        start += 3
    return lines


async def hover_during_check(session: Session, cached: str) -> dict[str, Any]:
    """Open a large new draft and, while it is being checked, hover a checked document."""
    lines = claim_lines(session.text(cached))
    uri = uri_for("hover-big.md")
    session.open(uri, draft(300, seed=50_000), "markdown")
    check = asyncio.create_task(session.diagnostics(uri, timeout=WAIT))
    latencies: list[float] = []
    while not check.done() and len(latencies) < 400:
        for line in lines:
            latencies.append(await hover(session, cached, line))
            if check.done():
                break
    await check
    latencies.sort()
    return {
        "hovers": len(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


async def big_document_block(session: Session, cached: str, pid: int) -> dict[str, Any]:
    """While a 50,000-span document is checked: hovers on ``cached`` every 20 ms (their
    longest wait is the longest the loop was blocked, as a client sees it), the server's
    own loop watch where it has one, and the server's peak RSS."""
    lines = claim_lines(session.text(cached), 10)
    await stats(session, reset_loop=True)
    uri = uri_for("big-50000.md")
    started = time.perf_counter()
    session.open(uri, big_document(), "markdown")
    latencies: list[float] = []
    peak = rss_mb(pid)
    k = 0
    while time.perf_counter() - started < BIG_WINDOW:
        latencies.append(await hover(session, cached, lines[k % len(lines)]))
        peak = max(peak, rss_mb(pid))
        k += 1
        await asyncio.sleep(0.02)
    watched = (await stats(session)).get("loop_block_max_ms")
    latencies.sort()
    return {
        "window_s": BIG_WINDOW,
        "hovers": len(latencies),
        "hover_max_ms": 1000 * latencies[-1],
        "hover_p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "server_loop_block_max_ms": watched,
        "server_rss_peak_mb": peak,
    }


PARTS = ("real", "edit", "hover", "big")


async def measure(
    client_name: str, source: pathlib.Path | None, parts: tuple[str, ...] = PARTS
) -> dict[str, Any]:
    env = {"PYTHONPATH": str(source / "server")} if source is not None else None
    session = await start_session(client_name, env=env)
    results: dict[str, Any] = {}
    try:
        server = session.client._server
        assert server is not None
        started = time.perf_counter()
        await open_and_wait(session, "warmup", draft(5, seed=90_000))
        results["warmup_s"] = time.perf_counter() - started
        if "real" in parts and REAL_DOCS.is_dir():
            largest = sorted(REAL_DOCS.iterdir(), key=lambda p: p.stat().st_size)[-REAL_FILES:]
            results["real_files"] = [await open_real(session, path) for path in largest]
            progress(results)
        if "edit" in parts:
            edits = []
            for count, seed in ((83, 20_000), (333, 30_000)):  # about 500 and 2,000 lines
                uri = await open_and_wait(session, f"edit-{count}", draft(count, seed))
                edits.append(await one_line_edit(session, uri))
            results["one_line_edit"] = edits
            progress(results)
        if "hover" in parts or "big" in parts:
            cached = await open_and_wait(session, "cached-100", draft(100, seed=1_000))
        if "hover" in parts:
            results["hover_while_checking"] = await hover_during_check(session, cached)
            progress(results)
        if "big" in parts:
            results["big_document"] = await big_document_block(session, cached, server.pid)
            progress(results)
    finally:
        try:
            await session.shutdown()
        except Exception as error:  # a server stuck on the big document: stop it anyway
            print(f"shutdown failed ({type(error).__name__}); killing the server", flush=True)
            server.kill()
            await asyncio.wait_for(session.client.stop(), 30)
    return results


def progress(results: dict[str, Any]) -> None:
    print(json.dumps(results, default=str), flush=True)


def baseline_source(ref: str) -> pathlib.Path:
    """The server code of ``ref``, unpacked into a temporary folder."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="mathlsp-baseline-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "server"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{1000 * value:.0f} ms"


def report(results: dict[str, Any]) -> None:
    columns = [name for name in ("baseline", "current") if name in results]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, pick: Any) -> None:
        cells = []
        for name in columns:
            try:
                cells.append(pick(results[name]))
            except (KeyError, IndexError, TypeError):
                cells.append("-")
        rows.append((label, cells))

    for index in range(REAL_FILES):

        def real(r: dict[str, Any], i: int = index) -> dict[str, Any]:
            return dict(r["real_files"][i])

        name = real(results[columns[-1]])["file"] if "real_files" in results[columns[-1]] else "?"
        row(f"{name}: didOpen -> first non-empty", lambda r, f=real: _ms(f(r)["first_s"]))
        row(f"{name}: didOpen -> last", lambda r, f=real: _ms(f(r)["last_s"]))
    for index, lines in enumerate(("500", "2,000")):
        row(
            f"one-line edit, {lines} lines: server share",
            lambda r, i=index: _ms(r["one_line_edit"][i]["server_seconds"]),
        )
        row(
            f"one-line edit, {lines} lines: parsing",
            lambda r, i=index: _ms(r["one_line_edit"][i]["parse_seconds"]),
        )
    row("hover p50 during a check", lambda r: f"{r['hover_while_checking']['p50_ms']:.1f} ms")
    row("hover p95 during a check", lambda r: f"{r['hover_while_checking']['p95_ms']:.1f} ms")
    row("50,000 spans: longest hover wait", lambda r: f"{r['big_document']['hover_max_ms']:.0f} ms")
    row(
        "50,000 spans: server loop watch max",
        lambda r: f"{r['big_document']['server_loop_block_max_ms']:.0f} ms",
    )
    row(
        "50,000 spans: server RSS peak",
        lambda r: f"{r['big_document']['server_rss_peak_mb']:.0f} MB",
    )
    width = max(len(label) for label, _ in rows)
    print(f"{'measure':<{width}}  " + "  ".join(f"{c:>12}" for c in columns))
    for label, cells in rows:
        print(f"{label:<{width}}  " + "  ".join(f"{c:>12}" for c in cells))


async def main(client_name: str, baseline: str | None, parts: tuple[str, ...]) -> dict[str, Any]:
    results: dict[str, Any] = {"client": client_name, "shared_found": REAL_DOCS.is_dir()}
    if baseline:
        results["baseline_ref"] = baseline
        results["baseline"] = await measure(client_name, baseline_source(baseline), parts)
    results["current"] = await measure(client_name, None, parts)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", default="neovim")
    parser.add_argument("--baseline", default="main", help="git ref to compare with ('' for none)")
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help="comma-separated measures to run: real, edit, hover, big (default: all)",
    )
    args = parser.parse_args()
    parts = tuple(part for part in args.parts.split(",") if part)
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    print(" ".join([sys.executable, "-m", "tests.bench.lsp_bench", *sys.argv[1:]]))
    if not REAL_DOCS.is_dir():
        print(f"../shared not found ({REAL_DOCS}): the real-file measures are skipped")
    measured = asyncio.run(main(args.client, args.baseline or None, parts))
    report(measured)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "lsp.json").write_text(json.dumps(measured, indent=2) + "\n")
