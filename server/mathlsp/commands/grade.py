"""`mathlsp grade FILE.jsonl`: decide answer pairs line by line, in order, on all cores.

Each input line is a JSON object with ``reference`` and ``answer``; each output line is that
object plus ``equal`` (true, false or null) and ``reason``. Blank lines are skipped; a line
that cannot be graded keeps its place with ``equal: null`` and a reason naming its line
number. Pairs that need no SymPy are decided here; the rest go to the sandbox worker pool
with a per-pair time limit. Heavy imports happen inside ``run``: ``cli.py`` imports this
module just to build its parser.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

_PROGRESS_EVERY = 0.5  # seconds between progress lines on stderr
_EARLY_POOL = 200  # from this many lines, workers start while the quick pass runs
_SHOWN_MALFORMED = 10  # malformed lines named on stderr; the rest are counted
_EPILOG = """\
Decimals are exact by default: 0.3333 is not \\frac{1}{3}. With --tolerance REL a decimal
within REL (relative) of the other side counts as equal, e.g. --tolerance 1e-4 accepts 0.3333
for \\frac{1}{3} and 3.1416 for \\pi, but not 3.14."""


def _bounded(convert: Callable[[str], float], low: float, high: float | None, what: str) -> Any:
    """An argparse type: a number in (low, high) (``high`` None: no upper bound)."""

    def parse(text: str) -> float:
        try:
            number = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if not number > low or (high is not None and not number < high):
            bound = f"more than {low:g}" + ("" if high is None else f" and less than {high:g}")
            raise argparse.ArgumentTypeError(f"must be {bound}")
        return number

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", help="JSONL file of {reference, answer} pairs, or - for stdin")
    parser.add_argument(
        "--time-limit",
        type=_bounded(float, 0, None, "a number"),
        default=3.0,
        metavar="SECONDS",
        help="per-pair time limit; a pair over it gets equal null, reason timeout (default 3)",
    )
    parser.add_argument(
        "--workers",
        type=_bounded(int, 0, None, "a whole number"),
        default=None,
        metavar="N",
        help="worker processes (default: all cores)",
    )
    parser.add_argument(
        "--tolerance",
        type=_bounded(float, 0, 1, "a number"),
        default=None,
        metavar="REL",
        help="accept a decimal within this relative distance of the other side (default: exact)",
    )
    parser.add_argument("--progress", action="store_true", help="report progress on stderr")


def _read_lines(name: str) -> list[str] | None:
    """The input's lines, or None after saying on stderr why it cannot be read."""
    if name == "-":
        return sys.stdin.read().splitlines()
    problem = None
    try:
        data = Path(name).read_bytes()
    except IsADirectoryError:
        problem = "is a folder, not a JSONL file"
    except OSError as error:
        problem = f"cannot read: {(error.strerror or str(error)).lower()}"
    else:
        text = _decoded(data)
        if text is not None:
            return text.splitlines()
        problem = "binary file, not JSONL" if b"\0" in data else "not UTF-8 text"
    print(f"mathlsp grade: {name}: {problem}", file=sys.stderr)
    return None


def _decoded(data: bytes) -> str | None:
    """UTF-8 (with or without a byte-order mark), or UTF-16 with its mark; None otherwise."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        if b"\0" in data:
            return None
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _text(value: Any) -> str | None:
    """A field as written: text, or a JSON number read as its digits (`3` is "3")."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    return None


def _pair(line: str) -> tuple[dict[str, Any], str | None]:
    """The line's object (fields as text) and, when it cannot be graded, why."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {}, f"not JSON ({error.msg} at column {error.colno})"
    if not isinstance(record, dict):
        return {}, "not a JSON object"
    for field in ("reference", "answer"):
        if _text(record.get(field)) is None:
            return record, f"`{field}` missing or not text or a number"
    return record, None


def run(args: argparse.Namespace) -> int:
    from mathlsp.check.answers.equivalence import judge_pair, quick_verdict
    from mathlsp.check.engine.sandbox import WorkerPool
    from mathlsp.check.verdict import Verdict

    lines = _read_lines(args.file)
    if lines is None:
        return 2
    show = bool(args.progress or sys.stderr.isatty())
    tolerance = args.tolerance
    pool: WorkerPool | None = None
    if len(lines) >= _EARLY_POOL:  # big runs nearly always need SymPy somewhere: start now
        pool = WorkerPool(args.workers, time_limit=args.time_limit)
        pool.start()
    pending: list[tuple[dict[str, Any], Verdict | Future[Any]]] = []
    malformed: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record, problem = _pair(line)
        if problem is not None:
            malformed.append(f"line {number}: {problem}")
            pending.append((record, Verdict.unknown(f"malformed line {number}: {problem}")))
            continue
        reference, answer = _text(record["reference"]), _text(record["answer"])
        assert reference is not None and answer is not None
        verdict = quick_verdict(reference, answer, tolerance=tolerance)
        if verdict is None:
            if pool is None:
                pool = WorkerPool(args.workers, time_limit=args.time_limit)
            pending.append((record, pool.submit(judge_pair, reference, answer, tolerance)))
        else:
            pending.append((record, verdict))
    _report_malformed(malformed)
    try:
        _write(pending, sys.stdout, show)
    except BrokenPipeError:  # `mathlsp grade big.jsonl | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        if pool is not None:
            pool.close()
    return 0


def _report_malformed(malformed: list[str]) -> None:
    for problem in malformed[:_SHOWN_MALFORMED]:
        print(f"mathlsp grade: {problem}", file=sys.stderr)
    if len(malformed) > _SHOWN_MALFORMED:
        print(
            f"mathlsp grade: ... {len(malformed) - _SHOWN_MALFORMED} more malformed lines",
            file=sys.stderr,
        )


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
