"""`mathlsp grade FILE.jsonl`: decide answer pairs line by line, in order, on all cores.

Each input line is a JSON object with ``reference`` and ``answer``; each output line is that
object plus ``equal`` (true, false or null) and ``reason``. Pairs that need no SymPy are
decided here; the rest go to the sandbox worker pool with a per-pair time limit. Heavy
imports happen inside ``run``: ``cli.py`` imports this module just to build its parser.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import Future
from typing import IO, Any

_PROGRESS_EVERY = 0.5  # seconds between progress lines on stderr
_EARLY_POOL = 200  # from this many lines, workers start while the quick pass runs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="JSONL file of {reference, answer} pairs, or - for stdin")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="per-pair time limit; a pair over it gets equal null, reason timeout (default 3)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: all cores)"
    )
    parser.add_argument("--progress", action="store_true", help="report progress on stderr")


def _read_lines(name: str) -> list[str] | None:
    try:
        if name == "-":
            return sys.stdin.read().splitlines()
        with open(name, encoding="utf-8-sig") as handle:
            return handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        print(f"mathlsp grade: cannot read {name}: {error}", file=sys.stderr)
        return None


def _pair(line: str) -> tuple[dict[str, Any], str | None]:
    """The line's object and, when it cannot be graded, why."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {}, f"malformed line: not JSON ({error.msg})"
    if not isinstance(record, dict):
        return {}, "malformed line: not a JSON object"
    for field in ("reference", "answer"):
        if not isinstance(record.get(field), str):
            return record, f"malformed line: `{field}` missing or not a string"
    return record, None


def run(args: argparse.Namespace) -> int:
    from mathlsp.check.answers.equivalence import judge_pair, quick_verdict
    from mathlsp.check.engine.sandbox import WorkerPool
    from mathlsp.check.verdict import Verdict

    lines = _read_lines(args.file)
    if lines is None:
        return 2
    show = bool(args.progress or sys.stderr.isatty())
    pool: WorkerPool | None = None
    if len(lines) >= _EARLY_POOL:  # big runs nearly always need SymPy somewhere: start now
        pool = WorkerPool(args.workers, time_limit=args.time_limit)
        pool.start()
    pending: list[tuple[dict[str, Any], Verdict | Future[Any]]] = []
    for line in lines:
        record, problem = _pair(line)
        if problem is not None:
            pending.append((record, Verdict.unknown(problem)))
            continue
        verdict = quick_verdict(record["reference"], record["answer"])
        if verdict is None:
            if pool is None:
                pool = WorkerPool(args.workers, time_limit=args.time_limit)
            future = pool.submit(judge_pair, record["reference"], record["answer"])
            pending.append((record, future))
        else:
            pending.append((record, verdict))
    try:
        _write(pending, sys.stdout, show)
    except BrokenPipeError:  # `mathlsp grade big.jsonl | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        if pool is not None:
            pool.close()
    return 0


def _resolve(item: Any) -> tuple[bool | None, str]:
    from mathlsp.check.verdict import Verdict

    if isinstance(item, Verdict):
        return item.equal, item.reason
    outcome = item.result()
    if outcome.status == "ok" and isinstance(outcome.value, Verdict):
        return outcome.value.equal, outcome.value.reason
    if outcome.status == "timeout":
        return None, "timeout"
    return None, f"{outcome.status}: {outcome.detail}".strip(": ")


def _write(pending: list[tuple[dict[str, Any], Any]], out: IO[str], show: bool) -> None:
    started = last = time.monotonic()
    total = len(pending)
    for done, (record, item) in enumerate(pending, start=1):
        equal, reason = _resolve(item)
        out.write(json.dumps({**record, "equal": equal, "reason": reason}, ensure_ascii=False))
        out.write("\n")
        now = time.monotonic()
        if show and (now - last >= _PROGRESS_EVERY or done == total):
            last = now
            rate = done / max(now - started, 1e-9)
            print(f"\rmathlsp grade: {done}/{total} pairs ({rate:.0f}/s)", end="", file=sys.stderr)
    out.flush()
    if show and total:
        print(file=sys.stderr)
