"""`mathlsp bench math500`: the seed's table for this backend (pass@1, cons@N, latency, tokens/s);
`mathlsp bench replay FILE.jsonl`: recorded samples through the path after the stream
(extraction, SymPy's checks, the vote), pass@1, maj@N and verified@N.

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
    from mathlsp.solve.replay import Replayed

DATA_NAME = Path("shared") / "data" / "math500.jsonl"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", choices=("math500", "replay"), help="the benchmark to run")
    parser.add_argument(
        "file", nargs="?", type=Path, help="replay: JSONL of recorded samples (one per line)"
    )
    parser.add_argument("--data", type=Path, help="JSONL with problem, answer, subject, level")
    parser.add_argument("--limit", type=int, help="only the first K problems")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="replay: the report's form"
    )
    parser.add_argument("--workers", type=int, help="replay: SymPy worker processes (default 2)")
    parser.add_argument("--samples", type=int, default=1, help="samples per problem (cons@N)")
    parser.add_argument("--concurrency", type=int, default=8, help="problems in flight")
    parser.add_argument(
        "--out", type=Path, help="write every reply as JSONL here (replay: with SymPy's checks)"
    )
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


def replay_report(outcomes: Sequence[Replayed], samples: int) -> dict[str, Any]:
    """The replay's figures as JSON: ``pass@1``, ``maj@N``, ``verified@N`` as fractions."""
    from mathlsp.solve.replay import differences, refutation, scores

    def figures(group: Sequence[Replayed]) -> dict[str, Any]:
        total = scores(group)
        return {
            "pass@1": round(total.pass1, 4),
            f"maj@{samples}": round(total.majority, 4),
            f"verified@{samples}": round(total.verified, 4),
            "problems": total.problems,
            "samples": total.samples,
        }

    report = {**figures(outcomes), "N": samples}
    subjects: dict[str, list[Replayed]] = {}
    for outcome in outcomes:
        if outcome.recorded.subject:
            subjects.setdefault(outcome.recorded.subject, []).append(outcome)
    if subjects:
        report["subjects"] = {name: figures(group) for name, group in sorted(subjects.items())}
    report["sympy"] = refutation(outcomes)
    report["differ"] = differences(outcomes)
    return report


def replay_table(report: dict[str, Any], samples: int, source: str) -> str:
    n = samples
    lines = [
        f"replay · {source} · {report['problems']} problems · {report['samples']} samples",
        f"pass@1 {100 * report['pass@1']:.1f}%   maj@{n} {100 * report[f'maj@{n}']:.1f}%   "
        f"verified@{n} {100 * report[f'verified@{n}']:.1f}%",
    ]
    sympy = report["sympy"]
    lines.append(
        f"SymPy confirms {sympy['confirmed']} samples, refutes {sympy['refuted']} "
        f"({sympy['refuted_wrong_by_grade']} of them wrong by the reference"
        + (
            f", {sympy['refuted_wrong_by_careful']} of {sympy['refuted_labelled']} by `careful`"
            if sympy["refuted_labelled"]
            else ""
        )
        + f"); {sympy['false_steps']} false steps in {sympy['samples_with_false_steps']} samples"
    )
    if report.get("subjects"):
        lines += [
            "",
            f"{'subject':<24}{'n':>5}{'pass@1':>9}{'maj@' + str(n):>9}{'verif@' + str(n):>9}",
        ]
        for name, part in report["subjects"].items():
            lines.append(
                f"{name:<24}{part['problems']:>5}{100 * part['pass@1']:>8.1f}%"
                f"{100 * part[f'maj@{n}']:>8.1f}%{100 * part[f'verified@{n}']:>8.1f}%"
            )
    if report["differ"]:
        lines += ["", "where the votes differ:"]
        for item in report["differ"]:
            marks = {True: "right", False: "wrong"}
            lines.append(
                f"  {item['problem']}: majority {item['majority']} ({marks[item['majority_correct']]}), "
                f"verified {item['verified']} ({marks[item['verified_correct']]}): {item['why']}"
            )
    return "\n".join(lines)


def run_replay(args: argparse.Namespace) -> int:
    """`mathlsp bench replay FILE.jsonl`: exit 0 with figures, 2 for a usage error."""
    import asyncio
    import dataclasses

    from mathlsp.check.engine.sandbox import WorkerPool
    from mathlsp.settings import Settings
    from mathlsp.solve.replay import load_recorded, replay, sample_rows

    try:
        if args.file is None:
            raise ValueError("replay needs a FILE.jsonl of recorded samples")
        for name in ("limit", "concurrency", "workers"):
            value = getattr(args, name)
            if value is not None and value < 1:
                raise ValueError(f"--{name} must be at least 1")
        problems = load_recorded(args.file, args.limit)
    except (OSError, ValueError) as error:
        print(f"mathlsp bench: {error}", file=sys.stderr)
        return 2
    settings = dataclasses.replace(Settings(), vote="verified")
    pool = WorkerPool(args.workers or 2, time_limit=settings.check_time_limit)
    done = [0]

    def progress(_: object) -> None:
        done[0] += 1
        step = max(1, len(problems) // 10)
        if done[0] % step == 0 or done[0] == len(problems):
            print(f"replayed {done[0]}/{len(problems)}", file=sys.stderr, flush=True)

    try:
        outcomes = asyncio.run(replay(problems, settings, pool, args.concurrency, progress))
    finally:
        pool.close()
    samples = max((len(p.texts) for p in problems), default=0)
    report = replay_report(outcomes, samples)
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as handle:
            for row in sample_rows(outcomes):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(replay_table(report, samples, str(args.file)))
    return 0


def run(args: argparse.Namespace) -> int:
    import asyncio
    import dataclasses

    if args.suite == "replay":
        return run_replay(args)

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
