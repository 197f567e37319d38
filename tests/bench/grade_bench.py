"""Accuracy and speed of `mathlsp grade` against Math-Verify 0.9.0 on the same cases, same run.

Sets: Math-Verify's own public cases, our homework-style pairs, and MATH-500 gold answers
rewritten the ways students and models write them (1,000+ cases, labels by construction).
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
PUBLIC = ROOT.parent / "shared" / "data" / "equiv_public.jsonl"
HOMEWORK = ROOT / "tests" / "data" / "homework_pairs.jsonl"
sys.path.insert(0, str(HERE))

from math500_rewrites import rewrites  # noqa: E402


def load_cases() -> list[dict[str, object]]:
    cases: list[dict[str, object]] = []
    for name, path in (("public", PUBLIC), ("homework", HOMEWORK)):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                cases.append({"set": name, **row})
    cases.extend({"set": "math500-rewrites", **case} for case in rewrites())
    return cases


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
                handle.write(json.dumps(case, ensure_ascii=False) + "\n")
        mathlsp = str(Path(sys.executable).with_name("mathlsp"))
        ours, ours_s = timed([mathlsp, "grade", str(data)])
        theirs, theirs_s = timed([sys.executable, str(HERE / "mathverify_runner.py"), str(data)])
    assert len(ours) == len(cases) == len(theirs), "one verdict per case"
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # ours, theirs, n, null
    for case, mine, other in zip(cases, ours, theirs, strict=True):
        tally = right[str(case["set"])]
        tally[0] += (mine["equal"] is True) == case["equal"]
        tally[1] += other["equal"] == case["equal"]
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
    print("\npublic cases where mathlsp disagrees with the label (review the label):")
    for case, mine in zip(cases, ours, strict=True):
        if case["set"] == "public" and (mine["equal"] is True) != case["equal"]:
            print(
                f"  label {case['equal']!s:<5} mathlsp {mine['equal']!s:<5} "
                f"{str(case['reference'])[:50]!r} vs {str(case['answer'])[:50]!r}"
            )
    misses: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, mine, other in zip(cases, ours, theirs, strict=True):
        if case["set"] == "math500-rewrites":
            misses[str(case["how"])][0] += (mine["equal"] is True) != case["equal"]
            misses[str(case["how"])][1] += other["equal"] != case["equal"]
    print("\nMATH-500 rewrites each tool gets wrong, by kind (mathlsp / Math-Verify):")
    for how, (mine_wrong, theirs_wrong) in sorted(misses.items()):
        if mine_wrong or theirs_wrong:
            print(f"  {how:<16}{mine_wrong:>5} /{theirs_wrong:>4}")
    print("\nother disagreements:")
    for case, mine in zip(cases, ours, strict=True):
        if case["set"] != "public" and (mine["equal"] is True) != case["equal"]:
            print(
                f"  [{case['set']}] label {case['equal']} mathlsp {mine['equal']} "
                f"{str(case['reference'])[:50]!r} vs {str(case['answer'])[:60]!r}: {mine['reason'][:80]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
