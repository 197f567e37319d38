"""ProcessBench (MATH split): can mathlsp point at the first wrong step of a model's solution?
(issue 11; built and scored as `/work/shared/notes/benches.md` says.)

    .venv/bin/python -m tests.bench.processbench_bench [--limit N] [--out PATH]

600 of `../shared/data/processbench_math.json` by `random.Random(11).sample`, 20 solutions per
Markdown file (problem as one paragraph, each step its own paragraph, `Answer: $<box>$` when a
step holds a box), checked in one `mathlsp check --format json --stats` run. The prediction
is the first step carrying an error or warning (-1 when none); accuracy on wrong solutions
(prediction == label), on right ones (prediction == -1), F1 their harmonic mean, as the
paper scores models; besides, per step: recall (the labelled step flagged) and the
false-alarm rate among steps known right.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from typing import Any

from tests.bench import corpus
from tests.bench.documents import batches, steps_document
from tests.bench.scoring import flagged_steps, is_flag, prediction, processbench_scores

SAMPLE, SEED = 600, 11
TARGET_F1, TARGET_RIGHT = 40.0, 95.0


def main() -> int:
    args, source, info = corpus.start(
        "tests.bench.processbench_bench",
        __doc__,
        "processbench.json",
        "data",
        "processbench_math.json",
    )
    rows = corpus.load_rows(source)
    sample = random.Random(SEED).sample(rows, SAMPLE)
    sample = sample[: args.limit] if args.limit else sample
    folder = corpus.fresh_folder(args.out)
    built = []
    for number, group in enumerate(batches(sample), 1):
        text, items = steps_document(group)
        path = folder / f"processbench-{number:03d}.md"
        path.write_text(text, encoding="utf-8")
        built.append((path, group, items))
    run = corpus.run_check([path for path, _, _ in built], time_limit=args.time_limit)

    scored: list[tuple[int, int, set[int], int]] = []
    details: list[dict[str, Any]] = []
    by_generator: dict[str, list[tuple[int, int, set[int], int]]] = defaultdict(list)
    for path, group, items in built:
        records = run.by_file.get(str(path), [])
        for row, item in zip(group, items, strict=True):
            flagged = flagged_steps(records, item.steps, item.answer_line, item.box_step)
            entry = (row["label"], prediction(flagged), flagged, len(item.steps))
            scored.append(entry)
            by_generator[row["generator"]].append(entry)
            if flagged:
                last = item.answer_line or item.steps[-1][1]
                details.append({
                    "id": row["id"], "file": str(path), "label": row["label"],
                    "prediction": entry[1], "flagged_steps": sorted(flagged),
                    "step_lines": item.steps,
                    "records": [r for r in records if is_flag(r) and item.heading <= r["line"] <= last],
                })  # fmt: skip
    scores = processbench_scores(scored)
    wrong = sum(1 for s in scored if s[0] != -1)
    stats = run.stats
    print(f"\nProcessBench MATH: {len(scored)} solutions ({wrong} with a wrong step, "
          f"{len(scored) - wrong} right) in {len(built)} documents")  # fmt: skip
    print(f"one `mathlsp check` run: wall {run.wall:.1f} s, CPU {run.cpu:.1f} s (exit {run.exit_code}, load {run.load:.1f} at the end); "
          f"checks planned {stats.get('checks_planned', 0):,}, run {stats.get('checks_run', 0):,}, "
          f"hit the time limit {stats.get('checks_timed_out', 0):,}")  # fmt: skip
    print(f"accuracy on wrong solutions {scores['wrong_accuracy']:.1f}%, on right ones "
          f"{scores['right_accuracy']:.1f}%: F1 {scores['f1']:.1f}")  # fmt: skip
    print(f"per step: recall {scores['step_recall']:.1f}% (labelled step flagged); false alarms "
          f"{scores['false_alarm_steps']} of {scores['good_steps']} steps known right "
          f"({scores['step_false_alarm_rate']:.1f}%)")  # fmt: skip
    print(f"solutions with any flag: {len(details)}")
    for generator, entries in sorted(by_generator.items()):
        g = processbench_scores(entries)
        print(f"    {generator:<32} n={len(entries):>3}  wrong {g['wrong_accuracy']:5.1f}%  "
              f"right {g['right_accuracy']:5.1f}%  F1 {g['f1']:5.1f}")  # fmt: skip
    print("\ntargets (issue 11):")
    report_targets = [
        corpus.target(f"F1 at least {TARGET_F1:g}", f"{scores['f1']:.1f}", scores["f1"] >= TARGET_F1),
        corpus.target(f"accuracy on right solutions at least {TARGET_RIGHT:g}%",
                      f"{scores['right_accuracy']:.1f}%", scores["right_accuracy"] >= TARGET_RIGHT),
    ]  # fmt: skip
    corpus.write_report(args.out, {
        **info, "documents": [str(p) for p, _, _ in built], "scores": scores,
        "run": {"wall": run.wall, "cpu": run.cpu, "exit_code": run.exit_code, "load": run.load, "stats": stats},
        "targets": report_targets, "flagged": details,
    })  # fmt: skip
    return 0 if run.exit_code in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
