"""Accuracy and speed of `mathlsp grade` against Math-Verify 0.9.0 on the same cases, same run.

Sets: Math-Verify's own public cases, twelve other graders' test cases (``equiv_peers``), real
model outputs graded against their gold answers (``model_outputs``), our homework-style pairs,
and MATH-500 gold answers rewritten the ways students and models write them (labels by
construction). The peer and model-output sets are scored against their ``careful`` labels (what
a careful human grader says), the others against ``equal``.
Both tools run cold in a subprocess over one combined JSONL file; throughput is pairs per
second of wall time, start-up included. An undecided verdict (null) counts as "not equal",
as a grader gives no credit for it. Run with `make bench` or `.venv/bin/python` on this file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT.parent / "shared" / "data"
HOMEWORK = ROOT / "tests" / "data" / "homework_pairs.jsonl"
# (set name, file, the field holding the label to score against)
SETS = (
    ("public", DATA / "equiv_public.jsonl", "equal"),
    ("peers", DATA / "equiv_peers.jsonl", "careful"),
    ("model_outputs", DATA / "model_outputs.jsonl", "careful"),
    ("homework", HOMEWORK, "equal"),
)
_SHOWN = 40  # disagreements listed per set
sys.path.insert(0, str(HERE))

from math500_rewrites import rewrites  # noqa: E402


def load_cases() -> list[dict[str, object]]:
    cases: list[dict[str, object]] = []
    for name, path, field in SETS:
        if not path.exists():
            sys.exit(f"grade_bench: {path} is missing (the shared data sit in ../shared/data)")
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                cases.append({**row, "set": name, "expected": bool(row[field])})
    cases.extend(
        {**case, "set": "math500-rewrites", "expected": case["equal"]} for case in rewrites()
    )
    return cases


def _pair(case: dict[str, object]) -> dict[str, object]:
    """What both tools read: the two texts only (labels stay out of the tools' input)."""
    return {"reference": case["reference"], "answer": case["answer"]}


def timed(command: list[str]) -> tuple[list[dict[str, object]], float]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    return [json.loads(line) for line in done.stdout.splitlines()], seconds


def main() -> int:
    cases = load_cases()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "cases.jsonl"
        with data.open("w", encoding="utf-8") as handle:
            for case in cases:
                handle.write(json.dumps(_pair(case), ensure_ascii=False) + "\n")
        mathlsp = str(Path(sys.executable).with_name("mathlsp"))
        ours, ours_s = timed([mathlsp, "grade", str(data)])
        theirs, theirs_s = timed([sys.executable, str(HERE / "mathverify_runner.py"), str(data)])
    assert len(ours) == len(cases) == len(theirs), "one verdict per case"
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # ours, theirs, n, null
    for case, mine, other in zip(cases, ours, theirs, strict=True):
        tally = right[str(case["set"])]
        tally[0] += (mine["equal"] is True) == case["expected"]
        tally[1] += other["equal"] == case["expected"]
        tally[2] += 1
        tally[3] += mine["equal"] is None
    print(f"{'set':<18}{'cases':>7}{'mathlsp':>10}{'Math-Verify':>13}{'undecided':>11}")
    for name, (mine_ok, theirs_ok, count, nulls) in right.items():
        print(f"{name:<18}{count:>7}{mine_ok / count:>10.4f}{theirs_ok / count:>13.4f}{nulls:>11}")
    print(
        f"\ntime for {len(cases)} cases, cold: mathlsp {ours_s:.2f} s "
        f"({len(cases) / ours_s:.0f}/s), Math-Verify {theirs_s:.2f} s "
        f"({len(cases) / theirs_s:.0f}/s): throughput ratio {theirs_s / ours_s:.2f}x"
    )
    misses: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, mine, other in zip(cases, ours, theirs, strict=True):
        if case["set"] == "math500-rewrites":
            misses[str(case["how"])][0] += (mine["equal"] is True) != case["expected"]
            misses[str(case["how"])][1] += other["equal"] != case["expected"]
    print("\nMATH-500 rewrites each tool gets wrong, by kind (mathlsp / Math-Verify):")
    for how, (mine_wrong, theirs_wrong) in sorted(misses.items()):
        if mine_wrong or theirs_wrong:
            print(f"  {how:<16}{mine_wrong:>5} /{theirs_wrong:>4}")
    _disagreements(cases, ours)
    return 0


def _disagreements(cases: list[dict[str, object]], ours: list[dict[str, object]]) -> None:
    """Where mathlsp disagrees with the label, per set (review the label as well as the code)."""
    shown: dict[str, int] = defaultdict(int)
    print("\nwhere mathlsp disagrees with the label:")
    for case, mine in zip(cases, ours, strict=True):
        if (mine["equal"] is True) == case["expected"]:
            continue
        name = str(case["set"])
        shown[name] += 1
        if shown[name] > _SHOWN:
            continue
        answer = " ".join(str(case["answer"]).split())
        print(
            f"  [{name}] label {case['expected']!s:<5} mathlsp {mine['equal']!s:<5} "
            f"{str(case['reference'])[:40]!r} vs {answer[-70:]!r}: {str(mine['reason'])[:70]}"
        )
    for name, count in shown.items():
        if count > _SHOWN:
            print(f"  [{name}] ... and {count - _SHOWN} more")


if __name__ == "__main__":
    sys.exit(main())
