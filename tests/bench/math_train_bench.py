"""MATH train as homework: a seeded 1,000 of `../shared/data/math_train.jsonl`, correct
human solutions, 20 problems per Markdown file; and the same files with every written
answer changed to a wrong value (issues 10 and 13; built as `/work/shared/notes/benches.md`
says).

    .venv/bin/python -m tests.bench.math_train_bench [--limit N] [--out PATH]

Each document set is checked in one `mathlsp check --format json --stats` run (cold). On the
correct documents: errors and warnings per 100 problems, by code, and the share of problems
with at least one; diagnostics inside `[asy]` code (must be none). With the twins: answers
given a verdict (the correct answer flagged `answer-mismatch`, a wrong verdict; or the
planted one flagged while the correct one was silent, a right verdict) and the share right;
planted answers caught with their twin silent. The wall time of the correct set is issue
13's "1,000 MATH problems".
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from tests.bench import corpus
from tests.bench.documents import batches, math_document, math_sample, plant
from tests.bench.scoring import answer_flagged, by_code, is_flag, starts_in, verdicts

TARGETS = {"per_100": 2.0, "right_share": 98.0, "caught_share": 25.0, "given": 162, "seconds": 20.0}


def build(sample: list[dict[str, Any]], folder: Any, planted: bool) -> list[tuple[Any, list[Any]]]:
    """The documents of one set: (path, items) per file."""
    folder.mkdir(parents=True)
    built = []
    for number, rows in enumerate(batches(sample), 1):
        answers = [(plant(r["answer"]) or r["answer"]) if planted else r["answer"] for r in rows]
        text, items = math_document(rows, answers)
        path = folder / f"math-train-{number:03d}.md"
        path.write_text(text, encoding="utf-8")
        built.append((path, items))
    return built


def per_problem(built: list[tuple[Any, list[Any]]], run: corpus.CheckRun) -> list[dict[str, Any]]:
    """Each problem's records (heading to answer line) and whether its answer is flagged."""
    found = []
    for path, items in built:
        records = run.by_file.get(str(path), [])
        for item in items:
            mine = [r for r in records if starts_in(r, item.heading, item.answer_line)]
            in_asy = [
                r for r in mine if any(a <= (r["line"], r["column"]) < b for a, b in item.asy)
            ]
            found.append({"id": item.row_id, "file": str(path), "answer_line": item.answer_line,
                          "flags": [r for r in mine if is_flag(r)], "in_asy": in_asy,
                          "answer_flagged": answer_flagged(mine, item.answer_line)})  # fmt: skip
    return found


def main() -> int:
    args, source, info = corpus.start(
        "tests.bench.math_train_bench", __doc__, "math_train.json", "data", "math_train.jsonl"
    )
    rows = corpus.load_rows(source)
    sample = math_sample(rows)[: args.limit] if args.limit else math_sample(rows)
    folder = corpus.fresh_folder(args.out)
    correct_docs = build(sample, folder / "correct", planted=False)
    twin_docs = build(sample, folder / "planted", planted=True)
    correct_run = corpus.run_check([p for p, _ in correct_docs], time_limit=args.time_limit)
    twin_run = corpus.run_check([p for p, _ in twin_docs], time_limit=args.time_limit)
    correct = per_problem(correct_docs, correct_run)
    twins = per_problem(twin_docs, twin_run)
    has_twin = [plant(r["answer"]) is not None for r in sample]

    count = len(sample)
    flags = [r for p in correct for r in p["flags"]]
    flagged_share = corpus.percent(sum(bool(p["flags"]) for p in correct), count)
    pairs = [(c["answer_flagged"], t["answer_flagged"] if twin else None)
             for c, t, twin in zip(correct, twins, has_twin, strict=True)]  # fmt: skip
    verdict = verdicts(pairs)
    planted = sum(has_twin)
    right_share = corpus.percent(verdict["right"], verdict["given"])
    caught_share = corpus.percent(verdict["right"], planted)
    anywhere = sum(1 for c, t, twin in zip(correct, twins, has_twin, strict=True)
                   if twin and t["flags"] and not c["flags"])  # fmt: skip
    in_asy = [r for p in correct for r in p["in_asy"]]
    stats = correct_run.stats
    planned, timed_out = stats.get("checks_planned", 0), stats.get("checks_timed_out", 0)

    print(f"\nMATH train: {count} problems in {len(correct_docs)} documents "
          f"(subjects {dict(sorted(Counter(r['subject'] for r in sample).items()))})")  # fmt: skip
    print(f"correct documents, one `mathlsp check` run: wall {correct_run.wall:.1f} s, "
          f"CPU {correct_run.cpu:.1f} s (exit {correct_run.exit_code}, load {correct_run.load:.1f} at the end); checks planned {planned:,}, "
          f"run {stats.get('checks_run', 0):,}, hit the time limit {timed_out:,} "
          f"({corpus.percent(timed_out, planned):.2f}%)")  # fmt: skip
    print(f"planted documents: wall {twin_run.wall:.1f} s, CPU {twin_run.cpu:.1f} s; "
          f"{planted} answers planted ({count - planted} text-only answers have no twin)")  # fmt: skip
    per_100 = 100.0 * len(flags) / count if count else 0.0
    print(f"errors and warnings on correct work: {len(flags)} = {per_100:.1f} per 100 problems; "
          f"{flagged_share:.1f}% of correct solutions have at least one")  # fmt: skip
    for code, n in by_code(flags).items():
        print(f"    {code}: {n} ({100.0 * n / count:.1f} per 100)")
    print(f"given a verdict: {verdict['given']} ({verdict['wrong']} correct answers called wrong, "
          f"{verdict['right']} planted ones caught with the correct twin silent): "
          f"{right_share:.1f}% right")  # fmt: skip
    print(f"planted answers caught with their twin silent: {verdict['right']} of {planted} "
          f"({caught_share:.1f}%); twin problems flagged anywhere while the correct one is "
          f"clean: {anywhere} ({corpus.percent(anywhere, planted):.1f}%)")  # fmt: skip
    print(f"diagnostics inside [asy] code: {len(in_asy)} (must be 0)")
    print("\ntargets (issues 10 and 13):")
    report_targets = [
        corpus.target(f"at most {TARGETS['per_100']:g} errors or warnings per 100 correct problems",
                      f"{per_100:.1f}", per_100 <= TARGETS["per_100"]),
        corpus.target(f"at least {TARGETS['right_share']:g}% of verdicts right", f"{right_share:.1f}%",
                      right_share >= TARGETS["right_share"]),
        corpus.target(f"planted caught with twin silent at least {TARGETS['caught_share']:g}%",
                      f"{caught_share:.1f}%", caught_share >= TARGETS["caught_share"]),
        corpus.target(f"at least {TARGETS['given']} answers given a verdict", str(verdict["given"]),
                      verdict["given"] >= TARGETS["given"]),
        corpus.target(f"1,000 problems in under {TARGETS['seconds']:g} s",
                      f"{correct_run.wall:.1f} s for {count}", correct_run.wall < TARGETS["seconds"]),
        corpus.target("no diagnostic inside [asy]", str(len(in_asy)), not in_asy),
    ]  # fmt: skip
    if count < 1000:
        print("  (partial run: the targets are for the full 1,000)")
    corpus.write_report(args.out, {
        **info, "documents": {"correct": [str(p) for p, _ in correct_docs],
                              "planted": [str(p) for p, _ in twin_docs]},
        "runs": {name: {"wall": r.wall, "cpu": r.cpu, "exit_code": r.exit_code, "load": r.load, "stats": r.stats}
                 for name, r in (("correct", correct_run), ("planted", twin_run))},
        "by_code": by_code(flags), "verdicts": verdict, "targets": report_targets,
        "correct_flags": flags, "in_asy": in_asy,
        "wrong_verdicts": [c for c in correct if c["answer_flagged"]],
        "caught": [t for c, t in zip(correct, twins, strict=True) if t["answer_flagged"] and not c["answer_flagged"]],
        "planted_answers": {r["id"]: plant(r["answer"]) for r in sample},
    })  # fmt: skip
    return 0 if {correct_run.exit_code, twin_run.exit_code} <= {0, 1} else 1


if __name__ == "__main__":
    sys.exit(main())
