"""PRM800K phase 1 test steps: of GPT-4 steps rated -1 (wrong), 0 (neutral), +1 (right) by
OpenAI's labellers, the share mathlsp flags (issue 11; built as
`/work/shared/notes/benches.md` says).

    .venv/bin/python -m tests.bench.prm800k_bench [--limit N] [--out PATH]

Rows with a null rating are skipped. Each row is one document (`## Problem`, the
instruction, each earlier response as a paragraph, the rated `next_response` last); all are
checked in one `mathlsp check --format json --stats` run. Only errors and warnings that start
in the last paragraph count for the row's rating.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from tests.bench import corpus
from tests.bench.documents import prm_document
from tests.bench.scoring import by_code, is_flag, starts_in

TARGET_RIGHT_FLAGGED = 1.0  # percent of +1 steps
RATING = {-1: "-1", 0: " 0", 1: "+1"}


def main() -> int:
    args, source, info = corpus.start(
        "tests.bench.prm800k_bench",
        __doc__,
        "prm800k.json",
        "data",
        "prm800k_phase1_test_steps.jsonl",
    )
    rows = corpus.load_rows(source)
    skipped = sum(1 for row in rows if row["rating"] is None)
    rows = [row for row in rows if row["rating"] is not None]
    rows = rows[: args.limit] if args.limit else rows
    folder = corpus.fresh_folder(args.out)
    built = []
    for number, row in enumerate(rows, 1):
        text, last = prm_document(row)
        path = folder / f"prm800k-{number:04d}.md"
        path.write_text(text, encoding="utf-8")
        built.append((path, row, last))
    run = corpus.run_check([path for path, _, _ in built], time_limit=args.time_limit)

    totals: Counter[int] = Counter()
    flagged: Counter[int] = Counter()
    flags: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    for number, (path, row, (first, last)) in enumerate(built, 1):
        mine = [
            r for r in run.by_file.get(str(path), []) if is_flag(r) and starts_in(r, first, last)
        ]
        totals[row["rating"]] += 1
        if mine:
            flagged[row["rating"]] += 1
            flags += mine
            details.append({"row": number, "file": str(path), "rating": row["rating"],
                            "step_lines": [first, last], "records": mine})  # fmt: skip
    share = {rating: corpus.percent(flagged[rating], totals[rating]) for rating in (-1, 0, 1)}
    stats = run.stats
    print(f"\nPRM800K phase 1 test: {len(rows):,} rated steps ({skipped} unrated rows skipped), "
          f"one document each")  # fmt: skip
    print(f"one `mathlsp check` run: wall {run.wall:.1f} s, CPU {run.cpu:.1f} s (exit {run.exit_code}, load {run.load:.1f} at the end); "
          f"checks planned {stats.get('checks_planned', 0):,}, run {stats.get('checks_run', 0):,}, "
          f"hit the time limit {stats.get('checks_timed_out', 0):,}")  # fmt: skip
    for rating in (-1, 0, 1):
        print(
            f"    rated {RATING[rating]}: {flagged[rating]} of {totals[rating]} flagged ({share[rating]:.1f}%)"
        )
    print(f"errors and warnings on rated steps, by code: {by_code(flags)}")
    print("\ntargets (issue 11):")
    report_targets = [
        corpus.target(f"steps rated +1 flagged at most {TARGET_RIGHT_FLAGGED:g}%",
                      f"{share[1]:.1f}%", share[1] <= TARGET_RIGHT_FLAGGED),
    ]  # fmt: skip
    corpus.write_report(args.out, {
        **info, "documents": str(folder), "skipped_unrated": skipped,
        "totals": {str(k): v for k, v in totals.items()},
        "flagged": {str(k): v for k, v in flagged.items()}, "share": {str(k): v for k, v in share.items()},
        "run": {"wall": run.wall, "cpu": run.cpu, "exit_code": run.exit_code, "load": run.load, "stats": stats},
        "targets": report_targets, "by_code": by_code(flags), "flagged_rows": details,
    })  # fmt: skip
    return 0 if run.exit_code in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
