"""`mathlsp bench math500`: the seed's table for this backend (pass@1, cons@N, latency, tokens/s).

Runs MATH-500 (``../shared/data/math500.jsonl`` next to the checkout, or ``--data FILE``)
through the solver with bounded concurrency, prints the table by subject and level, shows a
progress bar on stderr, and writes one JSONL row per reply (``--out``) for re-grading. Heavy
imports happen inside functions: ``cli.py`` imports this module just to build its parser.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mathlsp.solve.bench import Outcome

DATA_NAME = Path("shared") / "data" / "math500.jsonl"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", choices=("math500",), help="the benchmark to run")
    parser.add_argument("--data", type=Path, help="JSONL with problem, answer, subject, level")
    parser.add_argument("--limit", type=int, help="only the first K problems")
    parser.add_argument("--samples", type=int, default=1, help="samples per problem (cons@N)")
    parser.add_argument("--concurrency", type=int, default=8, help="problems in flight")
    parser.add_argument("--out", type=Path, help="write every reply as JSONL here")
    parser.add_argument("--base-url", help="OpenAI-compatible base URL (default: settings/env)")
    parser.add_argument("--model", help="model id (default: the first one the server lists)")
    parser.add_argument("--max-tokens", type=int, help="token limit per sample (default 32768)")


def default_data() -> Path | None:
    import mathlsp

    here = Path(mathlsp.__file__).resolve()
    for root in (Path.cwd(), *here.parents):
        for candidate in (root / DATA_NAME, root.parent / DATA_NAME):
            if candidate.is_file():
                return candidate
    return None


def load(path: Path, limit: int | None) -> list[dict[str, Any]]:
    items = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or "problem" not in item or "answer" not in item:
            raise ValueError(f"{path}:{number}: each line needs `problem` and `answer`")
    return items[:limit] if limit is not None else items


class Bar:
    """A progress bar on stderr; plain lines every 10% when stderr is not a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.right = total, 0, 0.0
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.right += outcome.pass1
        step = max(1, self.total // 10)
        if not self.tty and self.done % step and self.done != self.total:
            return
        filled = int(30 * self.done / self.total)
        line = (
            f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} "
            f"pass@1 {100 * self.right / self.done:.1f}% {time.monotonic() - self.started:.0f}s"
        )
        sys.stderr.write(f"\r{line}" if self.tty else f"{line}\n")
        if self.tty and self.done == self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def table(outcomes: Sequence[Outcome], wall: float, samples: int, model: str) -> str:
    from mathlsp.solve.bench import by_key, summarize

    total = summarize(outcomes, wall)
    cons = samples > 1
    lines = [
        f"MATH-500 · {model} · {total.count} problems · {samples} sample(s) each",
        f"pass@1 {100 * total.pass1:.1f}%"
        + (f"   cons@{samples} {100 * total.cons:.1f}%" if cons else "")
        + f"   latency mean {total.mean_latency:.2f} s, p95 {total.p95_latency:.2f} s"
        + f"   {total.tokens_per_second:.0f} tokens/s",
        f"truncated {total.truncated}   backend errors {total.errors}",
    ]
    for key, title in (("subject", "subject"), ("level", "level")):
        head = f"{title:<24}{'n':>5}{'pass@1':>9}" + (
            f"{'cons@' + str(samples):>9}" if cons else ""
        )
        lines += ["", head + f"{'mean s':>9}"]
        for name, group in by_key(outcomes, key).items():
            part = summarize(group, wall)
            row = f"{name:<24}{part.count:>5}{100 * part.pass1:>8.1f}%"
            row += f"{100 * part.cons:>8.1f}%" if cons else ""
            lines.append(row + f"{part.mean_latency:>9.2f}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import asyncio
    import dataclasses

    from mathlsp.settings import Settings
    from mathlsp.solve import BackendError
    from mathlsp.solve.bench import run_bench

    data = args.data or default_data()
    try:
        if data is None:
            raise ValueError("cannot find shared/data/math500.jsonl; pass --data FILE")
        for name in ("limit", "samples", "concurrency", "max_tokens"):
            value = getattr(args, name)
            if value is not None and value < 1:
                raise ValueError(f"--{name.replace('_', '-')} must be at least 1")
        items = load(data, args.limit)
    except (OSError, ValueError) as error:
        print(f"mathlsp bench: {error}", file=sys.stderr)
        return 2
    changes: dict[str, Any] = {"samples": args.samples}
    for option, name in (
        ("base_url", "backend_url"),
        ("model", "model"),
        ("max_tokens", "max_tokens"),
    ):
        if getattr(args, option) is not None:
            changes[name] = getattr(args, option)
    settings = dataclasses.replace(Settings(), **changes)
    bar = Bar(len(items))
    started = time.monotonic()
    try:
        outcomes = asyncio.run(run_bench(items, settings, args.concurrency, bar.update))
    except BackendError as error:
        print(f"\nmathlsp bench: stopped: {error}", file=sys.stderr)
        return 3
    wall = time.monotonic() - started
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as handle:
            for outcome in outcomes:
                for row in outcome.rows():
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    model = next((o.result.model for o in outcomes if o.result is not None), settings.model or "?")
    print(table(outcomes, wall, args.samples, model))
    return 0
